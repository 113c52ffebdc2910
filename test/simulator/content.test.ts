/* REALITY.md rows exercised here: v2-duplicate-title-400, v2-stale-version-409, v2-forbidden-is-404, v1-removed-410, v2-body-only-with-body-format. */
import { useSimulator } from '../helpers/fixtures';
import { basicAuth, del, get, post, put, type Reply } from './simClient';

const V2 = '/wiki/api/v2';

function firstError(reply: Reply): {
	status: number;
	code: string;
	title: string;
	detail: string | null;
} {
	return (
		reply.json.errors as Array<{
			status: number;
			code: string;
			title: string;
			detail: string | null;
		}>
	)[0];
}

describe('simulator pages and blog posts', () => {
	const sim = useSimulator('demo');
	let spaceId: string;
	let homepageId: string;

	beforeEach(() => {
		spaceId = sim.demo!.spaceId;
		homepageId = sim.demo!.homepageId;
	});

	const createPage = async (body: Record<string, unknown>, query = '') =>
		await post(sim, `${V2}/pages${query}`, { spaceId, ...body });

	test('create puts a page under the homepage unless root-level, and returns PageSingle with _links', async () => {
		const created = await createPage({
			title: 'Child',
			body: { representation: 'storage', value: '<p>Hi</p>' },
		});
		expect(created.status).toBe(200);
		expect(created.json).toMatchObject({
			title: 'Child',
			status: 'current',
			spaceId,
			parentId: homepageId,
			parentType: 'page',
			authorId: sim.users.demo.accountId,
			version: { number: 1 },
		});
		const links = created.json._links as Record<string, string>;
		expect(links.base).toBe(`${sim.baseUrl}/wiki`);
		expect(links.webui).toBe(`/spaces/DEMO/pages/${created.json.id as string}/Child`);
		expect(links.editui).toBeDefined();
		expect(links.tinyui).toMatch(/^\/x\//);

		const root = await createPage({ title: 'Root page' }, '?root-level=true');
		expect(root.json.parentId).toBeUndefined();
		const roots = await get(sim, `${V2}/spaces/${spaceId}/pages?depth=root`);
		expect((roots.json.results ?? []).map((r) => r.title).sort()).toEqual([
			'Demo space Home',
			'Root page',
		]);
		expect(sim.contractViolations).toEqual([]);
	});

	test('GET by id returns the body in storage, ADF (JSON string) and view', async () => {
		const id = sim.demo!.pages.projectPlan;
		const storage = await get(sim, `${V2}/pages/${id}?body-format=storage`);
		const storageBody = (
			storage.json.body as Record<string, { representation: string; value: string }>
		).storage;
		expect(storageBody.representation).toBe('storage');
		expect(storageBody.value).toContain('<table');

		const adf = await get(sim, `${V2}/pages/${id}?body-format=atlas_doc_format`);
		const adfBody = (adf.json.body as Record<string, { representation: string; value: string }>)
			.atlas_doc_format;
		const doc = JSON.parse(adfBody.value) as { type: string; content: Array<{ type: string }> };
		expect(doc.type).toBe('doc');
		expect(doc.content.map((n) => n.type)).toEqual(['heading', 'table', 'panel']);
		expect(adfBody.value).toContain('"type":"status"');
		expect(adfBody.value).toContain('"type":"mention"');

		const view = await get(sim, `${V2}/pages/${id}?body-format=view`);
		const html = (view.json.body as Record<string, { value: string }>).view.value;
		expect(html).toContain('status-macro');
		expect(html).toContain('Demo User');
		expect(html).not.toContain('ac:structured-macro');

		const noBody = await get(sim, `${V2}/pages/${id}`);
		expect(noBody.json.body).toEqual({});
	});

	test('ADF written is returned verbatim; wiki markup is converted to storage', async () => {
		const adf = JSON.stringify({
			type: 'doc',
			version: 1,
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Hello ', marks: [] },
						{ type: 'text', text: 'world', marks: [{ type: 'strong' }] },
					],
				},
			],
		});
		const created = await createPage({
			title: 'ADF page',
			body: { atlas_doc_format: { representation: 'atlas_doc_format', value: adf } },
		});
		const back = await get(
			sim,
			`${V2}/pages/${created.json.id as string}?body-format=atlas_doc_format`,
		);
		expect((back.json.body as Record<string, { value: string }>).atlas_doc_format.value).toBe(adf);
		const asStorage = await get(
			sim,
			`${V2}/pages/${created.json.id as string}?body-format=storage`,
		);
		expect((asStorage.json.body as Record<string, { value: string }>).storage.value).toBe(
			'<p>Hello <strong>world</strong></p>',
		);

		const wiki = await createPage({
			title: 'Wiki page',
			body: {
				representation: 'wiki',
				value: 'h2. Title\n* one\n* two\n\n{code:python}\nprint(1)\n{code}',
			},
		});
		const wikiStorage = await get(sim, `${V2}/pages/${wiki.json.id as string}?body-format=storage`);
		const value = (wikiStorage.json.body as Record<string, { value: string }>).storage.value;
		expect(value).toContain('<h2>Title</h2>');
		expect(value).toContain('<ul><li><p>one</p></li><li><p>two</p></li></ul>');
		expect(value).toContain('<ac:parameter ac:name="language">python</ac:parameter>');
		expect(value).toContain('print(1)');
	});

	describe('error bodies', () => {
		beforeEach(() => sim.setContractValidation(false));
		afterEach(() => sim.setContractValidation(true));

		test('400 on a duplicate title in the space, with Confluence wording', async () => {
			const reply = await createPage({ title: 'getting STARTED' });
			expect(reply.status).toBe(400);
			expect(reply.json).toEqual({
				errors: [
					{
						status: 400,
						code: 'BAD_REQUEST',
						title:
							'A page with this title already exists: A page already exists with the same TITLE in this space',
						detail: null,
					},
				],
			});
		});

		test('409 when version.number is not current + 1', async () => {
			const id = sim.demo!.pages.gettingStarted; // at version 2
			const body = {
				id,
				status: 'current',
				title: 'Getting started',
				body: { representation: 'storage', value: '<p>x</p>' },
			};
			const stale = await put(sim, `${V2}/pages/${id}`, { ...body, version: { number: 2 } });
			expect(stale.status).toBe(409);
			expect(stale.json).toEqual({
				errors: [
					{
						status: 409,
						code: 'CONFLICT',
						title:
							'Version must be incremented when updating a page. Current Version: [2]. Provided version: [2]',
						detail: null,
					},
				],
			});
			const ok = await put(sim, `${V2}/pages/${id}`, {
				...body,
				version: { number: 3, message: 'third' },
			});
			expect(ok.status).toBe(200);
			expect(ok.json.version).toMatchObject({ number: 3, message: 'third' });
		});

		test('413 for JSON bodies over 5 MB', async () => {
			const reply = await createPage({
				title: 'Huge',
				body: { representation: 'storage', value: `<p>${'x'.repeat(5 * 1024 * 1024)}</p>` },
			});
			expect(reply.status).toBe(413);
			expect(firstError(reply).status).toBe(413);
			expect(sim.store.findByTitle(spaceId, 'page', 'Huge')).toBeUndefined();
		});

		test('410 GoneException for removed v1 endpoints', async () => {
			for (const path of [
				'/wiki/rest/api/content',
				`/wiki/rest/api/content/${homepageId}`,
				'/wiki/rest/api/space',
				'/wiki/rest/api/space/DEMO',
				'/wiki/rest/api/space/DEMO/content',
				'/wiki/rest/api/space/DEMO/content/page',
				`/wiki/rest/api/content/${homepageId}/child/attachment`,
				`/wiki/rest/api/content/${homepageId}/label`,
				`/wiki/rest/api/content/${homepageId}/property`,
			]) {
				const reply = await get(sim, path);
				expect([path, reply.status]).toEqual([path, 410]);
				expect(reply.json).toEqual({
					statusCode: 410,
					data: { authorized: true, valid: true, errors: [], successful: false },
					message:
						'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.',
				});
			}
		});

		test('404 for unknown routes, missing content, a space id used as a page id, and wrong types', async () => {
			expect((await get(sim, `${V2}/no-such-thing`)).status).toBe(404);
			const missing = await get(sim, `${V2}/pages/999999999`);
			expect(missing.json).toEqual({
				errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
			});
			expect((await get(sim, `${V2}/pages/${spaceId}`)).status).toBe(404);
			expect((await get(sim, `${V2}/blogposts/${homepageId}`)).status).toBe(404);
			const v1 = await get(sim, '/wiki/rest/api/nothing-here');
			expect(v1.status).toBe(404);
			expect(v1.json.statusCode).toBe(404);
		});

		test('missing title on a published create is a 400; drafts need no title', async () => {
			expect((await createPage({})).status).toBe(400);
			const draft = await createPage({ status: 'draft' });
			expect(draft.status).toBe(200);
			expect(draft.json.status).toBe('draft');
		});
	});

	test('private=true pages are invisible (404) to other users, even in lists', async () => {
		const created = await createPage({ title: 'Secret' }, '?private=true');
		const alex = basicAuth('alex@example.com', 'alex-token');
		expect(
			(await get(sim, `${V2}/pages/${created.json.id as string}`, { auth: alex })).status,
		).toBe(404);
		const list = await get(sim, `${V2}/pages?title=Secret`, { auth: alex });
		expect(list.json.results).toEqual([]);
		expect((await get(sim, `${V2}/pages?title=Secret`)).json.results).toHaveLength(1);
	});

	test('trash moves children up, plain DELETE on trash 404s, purge needs trash, restore via PUT status current', async () => {
		const engineering = sim.demo!.pages.engineering;
		sim.setContractValidation(false);
		expect((await del(sim, `${V2}/pages/${engineering}?purge=true`)).status).toBe(404);
		sim.setContractValidation(true);
		expect((await del(sim, `${V2}/pages/${engineering}`)).status).toBe(204);
		expect(sim.store.get(engineering)?.status).toBe('trashed');
		expect(sim.store.get(sim.demo!.pages.codeSamples)?.parentId).toBe(homepageId);

		expect((await get(sim, `${V2}/pages/${engineering}`)).status).toBe(404);
		const trashed = await get(sim, `${V2}/pages/${engineering}?status=trashed`);
		expect(trashed.json.status).toBe('trashed');
		const trashList = await get(sim, `${V2}/pages?status=trashed`);
		expect((trashList.json.results ?? []).map((r) => r.id)).toEqual([engineering]);
		expect((await del(sim, `${V2}/pages/${engineering}`)).status).toBe(404);

		const restored = await put(sim, `${V2}/pages/${engineering}`, {
			id: engineering,
			status: 'current',
			title: 'Engineering',
			body: { representation: 'storage', value: '<p>ignored</p>' },
			version: { number: 2 },
		});
		expect(restored.status).toBe(200);
		expect(restored.json).toMatchObject({ status: 'current', version: { number: 1 } });
		expect(sim.store.current(sim.store.get(engineering)!).body?.value).toContain(
			'Engineering handbook',
		);

		await del(sim, `${V2}/pages/${engineering}`);
		expect((await del(sim, `${V2}/pages/${engineering}?purge=true`)).status).toBe(204);
		expect(sim.store.get(engineering)).toBeUndefined();
		expect((await get(sim, `${V2}/pages/${engineering}?status=trashed`)).status).toBe(404);
	});

	test('drafts: create, read with get-draft, publish, and discard with draft=true', async () => {
		const draft = await createPage({
			status: 'draft',
			title: 'WIP',
			body: { representation: 'storage', value: '<p>draft</p>' },
		});
		const id = draft.json.id as string;
		expect((await get(sim, `${V2}/pages/${id}`)).status).toBe(404);
		expect((await get(sim, `${V2}/pages/${id}?get-draft=true`)).json.status).toBe('draft');
		expect((await get(sim, `${V2}/pages?title=WIP`)).json.results).toEqual([]);
		const published = await put(sim, `${V2}/pages/${id}`, {
			id,
			status: 'current',
			title: 'WIP done',
			body: { representation: 'storage', value: '<p>final</p>' },
			version: { number: 1 },
		});
		expect(published.status).toBe(200);
		expect(published.json).toMatchObject({
			status: 'current',
			title: 'WIP done',
			version: { number: 1 },
		});

		// an edit draft of a published page
		const edit = await put(sim, `${V2}/pages/${id}`, {
			id,
			status: 'draft',
			title: 'WIP done',
			body: { representation: 'storage', value: '<p>unpublished edit</p>' },
			version: { number: 1 },
		});
		expect(edit.json.status).toBe('draft');
		const current = await get(sim, `${V2}/pages/${id}?body-format=storage`);
		expect((current.json.body as Record<string, { value: string }>).storage.value).toBe(
			'<p>final</p>',
		);
		const draftRead = await get(sim, `${V2}/pages/${id}?get-draft=true&body-format=storage`);
		expect((draftRead.json.body as Record<string, { value: string }>).storage.value).toBe(
			'<p>unpublished edit</p>',
		);
		expect((await del(sim, `${V2}/pages/${id}?draft=true`)).status).toBe(204);
		expect((await get(sim, `${V2}/pages/${id}`)).status).toBe(200);

		const another = await createPage({ status: 'draft' });
		expect((await del(sim, `${V2}/pages/${another.json.id as string}?draft=true`)).status).toBe(
			204,
		);
		expect(sim.store.get(another.json.id as string)).toBeUndefined();
	});

	test('version history: list, historical GET, DetailedVersion with prev/next', async () => {
		const id = sim.demo!.pages.gettingStarted;
		const versions = await get(sim, `${V2}/pages/${id}/versions?body-format=storage`);
		const results = versions.json.results ?? [];
		expect(results.map((v) => v.number)).toEqual([2, 1]);
		expect(results[0]).toMatchObject({
			message: 'Added detail',
			authorId: sim.demo!.secondUser.accountId,
		});
		expect(
			(results[1].page as { body: Record<string, { value: string }> }).body.storage.value,
		).not.toContain('Updated with more detail');

		const historical = await get(sim, `${V2}/pages/${id}?version=1&body-format=storage`);
		expect(historical.json).toMatchObject({ status: 'historical', version: { number: 1 } });
		const detail = await get(sim, `${V2}/pages/${id}/versions/1`);
		expect(detail.json).toMatchObject({ number: 1, nextVersion: 2, contentTypeModified: false });
		expect(detail.json.prevVersion).toBeUndefined();
		const detail2 = await get(sim, `${V2}/pages/${id}/versions/2`);
		expect(detail2.json).toMatchObject({ number: 2, prevVersion: 1, message: 'Added detail' });
	});

	test('title-only PUT adds a version with the new title and the same body', async () => {
		const id = sim.demo!.pages.meetingNotes;
		const reply = await put(sim, `${V2}/pages/${id}/title`, {
			status: 'current',
			title: 'Weekly meeting notes',
		});
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ title: 'Weekly meeting notes', version: { number: 2 } });
		const item = sim.store.get(id)!;
		expect(item.versions[1].body).toEqual(item.versions[0].body);
	});

	test('likes, operations, include-* blocks', async () => {
		const id = sim.demo!.pages.gettingStarted;
		expect((await get(sim, `${V2}/pages/${id}/likes/count`)).json).toEqual({ count: 2 });
		const users = await get(sim, `${V2}/pages/${id}/likes/users`);
		expect((users.json.results ?? []).map((r) => r.accountId)).toEqual([
			sim.users.demo.accountId,
			sim.demo!.secondUser.accountId,
		]);
		const ops = await get(sim, `${V2}/pages/${id}/operations`);
		expect(ops.json.operations).toEqual([
			{ operation: 'read', targetType: 'page' },
			{ operation: 'update', targetType: 'page' },
			{ operation: 'delete', targetType: 'page' },
		]);
		const full = await get(
			sim,
			`${V2}/pages/${id}?include-labels=true&include-versions=true&include-likes=true&include-operations=true&include-properties=true`,
		);
		expect(
			(full.json.labels as { results: Array<{ name: string }> }).results.map((l) => l.name).sort(),
		).toEqual(['getting-started', 'howto']);
		expect((full.json.versions as { results: unknown[] }).results).toHaveLength(2);
		expect((full.json.likes as { results: unknown[] }).results).toHaveLength(2);
		expect(full.json.properties).toMatchObject({ results: [], meta: { hasMore: false } });
		expect(sim.contractViolations).toEqual([]);
	});

	test('tree: ancestors top-to-bottom with limit, descendants with depth, direct-children and children', async () => {
		const { engineering, codeSamples } = sim.demo!.pages;
		const deep = sim.store.createPage({ spaceId, parentId: codeSamples, title: 'Deep' });
		const ancestors = await get(sim, `${V2}/pages/${deep.id}/ancestors`);
		expect(ancestors.json.results).toEqual([
			{ id: homepageId, type: 'page' },
			{ id: engineering, type: 'page' },
			{ id: codeSamples, type: 'page' },
		]);
		const limited = await get(sim, `${V2}/pages/${deep.id}/ancestors?limit=2`);
		expect((limited.json.results ?? []).map((r) => r.id)).toEqual([engineering, codeSamples]);

		const depth1 = await get(sim, `${V2}/pages/${homepageId}/descendants?depth=1`);
		expect((depth1.json.results ?? []).every((r) => r.depth === 1)).toBe(true);
		const depth3 = await get(sim, `${V2}/pages/${homepageId}/descendants?depth=3`);
		expect(depth3.json.results?.find((r) => r.id === deep.id)).toMatchObject({
			depth: 3,
			parentId: codeSamples,
			type: 'page',
		});

		const direct = await get(sim, `${V2}/pages/${engineering}/direct-children?sort=-title`);
		expect((direct.json.results ?? []).map((r) => r.title)).toEqual([
			'Release notes',
			'Code samples',
		]);
		expect(direct.json.results?.[0]).toMatchObject({ type: 'page', spaceId, status: 'current' });
		const children = await get(sim, `${V2}/pages/${engineering}/children`);
		expect((children.json.results ?? []).map((r) => r.title)).toEqual([
			'Code samples',
			'Release notes',
		]);
		expect(children.json.results?.[0].childPosition).toBe(0);
	});

	test('lists: exact title, status filter defaults, per label, blog posts per space', async () => {
		const byTitle = await get(sim, `${V2}/pages?space-id=${spaceId}&title=Project%20plan`);
		expect((byTitle.json.results ?? []).map((r) => r.id)).toEqual([sim.demo!.pages.projectPlan]);
		expect((await get(sim, `${V2}/pages?title=Project`)).json.results).toEqual([]);

		const label = sim.store.findLabel('engineering')!;
		const labelled = await get(sim, `${V2}/labels/${label.id}/pages`);
		expect((labelled.json.results ?? []).map((r) => r.title).sort()).toEqual([
			'Code samples',
			'Engineering',
			'Release notes',
		]);
		const news = sim.store.findLabel('news')!;
		expect((await get(sim, `${V2}/labels/${news.id}/blogposts`)).json.results).toHaveLength(2);

		const blogs = await get(sim, `${V2}/spaces/${spaceId}/blogposts?body-format=storage`);
		expect(blogs.json.results).toHaveLength(3);
		expect((blogs.json.results?.[0].body as Record<string, unknown>).storage).toBeDefined();
		expect(blogs.json.results?.[0].parentId).toBeUndefined();
	});

	test('blog posts share the implementation: create, update, trash, versions', async () => {
		const created = await post(sim, `${V2}/blogposts`, {
			spaceId,
			title: 'News',
			body: { representation: 'storage', value: '<p>n</p>' },
		});
		expect(created.status).toBe(200);
		const id = created.json.id as string;
		expect((created.json._links as Record<string, string>).webui).toMatch(
			new RegExp(`^/spaces/DEMO/blog/\\d{4}/\\d{2}/\\d{2}/${id}/News$`),
		);
		const updated = await put(sim, `${V2}/blogposts/${id}`, {
			id,
			status: 'current',
			title: 'News 2',
			body: { representation: 'storage', value: '<p>n2</p>' },
			version: { number: 2 },
		});
		expect(updated.json).toMatchObject({ title: 'News 2', version: { number: 2 } });
		expect((await get(sim, `${V2}/blogposts/${id}/versions`)).json.results).toHaveLength(2);
		expect((await del(sim, `${V2}/blogposts/${id}`)).status).toBe(204);
		expect((await get(sim, `${V2}/blogposts?status=trashed`)).json.results).toHaveLength(1);
	});

	test('writes are audited with the acting user, remote address and sim-clock time', async () => {
		sim.clock.set('2026-01-02T03:04:05.000Z');
		const before = sim.store.audit.length;
		await createPage({ title: 'Audited' });
		const record = sim.store.audit[before];
		expect(record).toMatchObject({
			author: { type: 'user', accountId: sim.users.demo.accountId, displayName: 'Demo User' },
			remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
			creationDate: Date.parse('2026-01-02T03:04:05.000Z'),
			summary: 'Page created',
			category: 'Content',
			affectedObject: { name: 'Audited', objectType: 'Page' },
		});
		expect(
			sim.store.get(sim.store.findByTitle(spaceId, 'page', 'Audited')!.id)?.createdAt.toISOString(),
		).toBe('2026-01-02T03:04:05.000Z');
	});
});
