/* Every operation the capability map marks as working on Data Center, run through n8n with the Data Center credential
 * against the simulator's Data Center flavour. Test names carry `[dc resource.operation]`: the Data Center reporter
 * (test/dataCenter/dataCenterReporter.js) counts an operation as tested when such a test passed. */
import type { IDataObject } from 'n8n-workflow';

import { byId, byKey, byTitle, emptyLocator, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

function body(id: string): string {
	const item = sim.store.get(id);
	if (!item) throw new Error(`no content ${id}`);
	return sim.store.current(item).body?.value ?? '';
}

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, parameters));
}

describe('pages on Data Center', () => {
	it('[dc page.create] creates a page from Markdown under the context path, with the token as Bearer', async () => {
		const [page] = await run({
			resource: 'page',
			operation: 'create',
			space: byKey('DEMO'),
			title: 'Release 1.2',
			bodyFormat: 'markdown',
			body: '# Notes\n\nSome **bold** text.',
			parentPage: byId(sim.demo!.pages.engineering),
			additionalFields: { labels: 'release' },
		});
		expect(page).toEqual(
			expect.objectContaining({
				title: 'Release 1.2',
				status: 'current',
				spaceKey: 'DEMO',
				version: 1,
				parentId: sim.demo!.pages.engineering,
				labels: ['release'],
			}),
		);
		expect(String(page.url)).toMatch(new RegExp(`^${sim.dataCenter!.url}/`));
		expect(body(String(page.id))).toBe('<h1>Notes</h1><p>Some <strong>bold</strong> text.</p>');
		const [post] = dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/);
		expect(post.headers.authorization).toBe(`Bearer ${sim.dataCenter!.demo.personalAccessToken}`);
		expect(post.body).toEqual(
			expect.objectContaining({
				type: 'page',
				title: 'Release 1.2',
				space: { key: 'DEMO' },
				ancestors: [{ id: sim.demo!.pages.engineering }],
			}),
		);
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});

	it('[dc page.get] gets a page by ID with its body as Markdown, and by a Data Center page URL', async () => {
		const id = sim.demo!.pages.gettingStarted;
		const [page] = await run({
			resource: 'page',
			operation: 'get',
			page: byId(id),
			bodyFormat: 'markdown',
			options: { includeLabels: true },
		});
		expect(page).toEqual(expect.objectContaining({ id, spaceKey: 'DEMO', bodyFormat: 'markdown' }));
		expect(page.body).toContain('This page explains **how to use** the *demo space*.');
		expect(page.labels).toEqual(['getting-started', 'howto']);
		const [byUrl] = await run({
			resource: 'page',
			operation: 'get',
			page: {
				__rl: true,
				mode: 'url',
				value: `${sim.dataCenter!.url}/pages/viewpage.action?pageId=${id}`,
			},
			bodyFormat: 'none',
		});
		expect(byUrl.id).toBe(id);
	});

	it("[dc page.get] answers a missing page with Data Center's 404 named on the item", async () => {
		const result = await runDataCenter(sim, {
			resource: 'page',
			operation: 'get',
			page: byId('999999'),
			bodyFormat: 'storage',
		});
		expect(result.error?.message).toMatch(/404|not found/i);
		expect(result.error?.description ?? '').not.toContain(sim.dataCenter!.demo.personalAccessToken);
	});

	it('[dc page.getMany] lists the pages of a space page by page through start/limit', async () => {
		const all = await run({
			resource: 'page',
			operation: 'getMany',
			space: byKey('DEMO'),
			returnAll: true,
			bodyFormat: 'none',
		});
		const inStore = sim.store
			.list('page')
			.filter((item) => item.status === 'current' && item.spaceId === sim.demo!.spaceId);
		expect(all.map((page) => page.id).sort()).toEqual(inStore.map((item) => item.id).sort());
		sim.requests.length = 0;
		const some = await run({
			resource: 'page',
			operation: 'getMany',
			space: byKey('DEMO'),
			returnAll: false,
			limit: 2,
			bodyFormat: 'none',
		});
		expect(some).toHaveLength(2);
		const titled = await run({
			resource: 'page',
			operation: 'getMany',
			space: emptyLocator,
			returnAll: true,
			filters: { title: 'Getting started' },
			bodyFormat: 'storage',
		});
		expect(titled.map((page) => page.id)).toEqual([sim.demo!.pages.gettingStarted]);
		expect(typeof titled[0].body).toBe('string');
	});

	it('[dc page.getMany] follows _links.next across pages', async () => {
		for (let i = 0; i < 5; i++) {
			sim.store.createPage({ spaceId: sim.demo!.spaceId, title: `Bulk ${i}`, body: '<p>x</p>' });
		}
		const pages = await run({
			resource: 'page',
			operation: 'getMany',
			space: byKey('DEMO'),
			returnAll: true,
			bodyFormat: 'none',
			filters: {},
		});
		expect(pages.filter((page) => String(page.title).startsWith('Bulk '))).toHaveLength(5);
	});

	it('[dc page.update] appends Markdown and sends the next version number', async () => {
		const id = sim.demo!.pages.projectPlan;
		const before = body(id);
		const [page] = await run({
			resource: 'page',
			operation: 'update',
			page: byId(id),
			updateFields: { body: 'Added *later*.', bodyFormat: 'markdown', bodyMode: 'append' },
		});
		expect(page.version).toBe(2);
		expect(body(id)).toBe(`${before}<p>Added <em>later</em>.</p>`);
		const [put] = dataCenterRequests(sim, 'PUT', /\/rest\/api\/content\/\d+$/);
		expect((put.body as IDataObject).version).toEqual({ number: 2 });
	});

	it('[dc page.update] retries an append when someone saved a version in between (409)', async () => {
		const id = sim.demo!.pages.projectPlan;
		let raced = false;
		sim.faults.inject({
			kind: 'beforeApply',
			method: 'PUT',
			path: /\/rest\/api\/content\/\d+$/,
			times: 1,
			run: () => {
				raced = true;
				sim.store.updatePage(id, { body: '<p>theirs</p>' });
			},
		});
		const [page] = await run({
			resource: 'page',
			operation: 'update',
			page: byId(id),
			updateFields: { body: 'ours', bodyFormat: 'storage', bodyMode: 'append' },
		});
		expect(raced).toBe(true);
		expect(page.version).toBe(3);
		expect(body(id)).toBe('<p>theirs</p>ours');
	});

	it('[dc page.delete] trashes a page, and purges it when asked', async () => {
		const id = sim.demo!.pages.meetingNotes;
		const [trashed] = await run({ resource: 'page', operation: 'delete', page: byId(id) });
		expect(trashed).toEqual({ id, deleted: true, trashed: true });
		expect(sim.store.get(id)?.status).toBe('trashed');
		const [purged] = await run({
			resource: 'page',
			operation: 'delete',
			page: byId(id),
			options: { purge: true },
		});
		expect(purged).toEqual({ id, deleted: true, purged: true });
		expect(sim.store.get(id)).toBeUndefined();
		const purge = dataCenterRequests(sim, 'DELETE').at(-1)!;
		expect(purge.query.status).toBe('trashed');
	});

	it('[dc page.createOrUpdate] creates, then updates, then leaves an unchanged page alone', async () => {
		const parameters = {
			resource: 'page',
			operation: 'createOrUpdate',
			space: byKey('DEMO'),
			title: 'Runbook',
			bodyFormat: 'markdown',
			body: '- step one',
		};
		const [created] = await run(parameters);
		expect(created).toEqual(expect.objectContaining({ operation: 'created', version: 1 }));
		const [updated] = await run({ ...parameters, body: '- step one\n- step two' });
		expect(updated).toEqual(
			expect.objectContaining({ operation: 'updated', id: created.id, version: 2 }),
		);
		const [unchanged] = await run({ ...parameters, body: '- step one\n- step two' });
		expect(unchanged).toEqual(
			expect.objectContaining({ operation: 'unchanged', id: created.id, version: 2 }),
		);
		expect(body(String(created.id))).toBe('<ul><li>step one</li><li>step two</li></ul>');
	});

	it('[dc page.get] finds a page by title', async () => {
		const [page] = await run({
			resource: 'page',
			operation: 'get',
			page: byTitle('Getting started'),
			bodyFormat: 'none',
		});
		expect(page.id).toBe(sim.demo!.pages.gettingStarted);
	});
});

describe('blog posts on Data Center', () => {
	it('[dc blogPost.create] [dc blogPost.get] [dc blogPost.update] [dc blogPost.getMany] [dc blogPost.delete] write, read, list and delete a blog post', async () => {
		const [created] = await run({
			resource: 'blogPost',
			operation: 'create',
			space: byKey('DEMO'),
			title: 'Shipped',
			bodyFormat: 'markdown',
			body: 'We shipped.',
		});
		const id = String(created.id);
		expect(created).toEqual(expect.objectContaining({ type: 'blogpost', title: 'Shipped' }));
		const [read] = await run({
			resource: 'blogPost',
			operation: 'get',
			blogPost: byId(id),
			bodyFormat: 'markdown',
		});
		expect(String(read.body).trim()).toBe('We shipped.');
		const [updated] = await run({
			resource: 'blogPost',
			operation: 'update',
			blogPost: byId(id),
			updateFields: { title: 'Shipped!' },
		});
		expect(updated).toEqual(expect.objectContaining({ title: 'Shipped!', version: 2 }));
		expect(body(id)).toBe('<p>We shipped.</p>');
		const listed = await run({
			resource: 'blogPost',
			operation: 'getMany',
			space: byKey('DEMO'),
			returnAll: true,
			bodyFormat: 'none',
		});
		expect(listed.map((post) => post.id)).toContain(id);
		expect(listed.every((post) => post.type === 'blogpost')).toBe(true);
		const [deleted] = await run({ resource: 'blogPost', operation: 'delete', blogPost: byId(id) });
		expect(deleted).toEqual({ id, deleted: true, trashed: true });
	});
});

describe('search, spaces, users and labels on Data Center', () => {
	it('[dc search.query] runs a CQL query', async () => {
		const results = await run({
			resource: 'search',
			operation: 'query',
			mode: 'cql',
			cql: 'type = page AND title = "Getting started"',
			returnAll: true,
			bodyFormat: 'none',
		});
		expect(results.map((result) => result.id)).toEqual([sim.demo!.pages.gettingStarted]);
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/search$/)).toHaveLength(1);
	});

	it('[dc space.get] [dc space.getMany] get a space by key and list spaces', async () => {
		const [space] = await run({ resource: 'space', operation: 'get', space: byKey('DEMO') });
		expect(space).toEqual(
			expect.objectContaining({
				key: 'DEMO',
				name: 'Demo space',
				homepageId: sim.demo!.homepageId,
			}),
		);
		const spaces = await run({ resource: 'space', operation: 'getMany', returnAll: true });
		expect(spaces.map((entry) => entry.key)).toContain('DEMO');
		const filtered = await run({
			resource: 'space',
			operation: 'getMany',
			returnAll: true,
			filters: { keys: 'DEMO' },
		});
		expect(filtered.map((entry) => entry.key)).toEqual(['DEMO']);
	});

	it('[dc space.get] refuses a numeric space ID with what to give instead', async () => {
		const result = await runDataCenter(sim, {
			resource: 'space',
			operation: 'get',
			space: byId(sim.demo!.spaceId),
		});
		expect(result.error?.message).toMatch(/needs a space key/);
	});

	it('[dc user.getCurrent] [dc user.getAnonymous] tell who the token logs in as, by username', async () => {
		const [me] = await run({ resource: 'user', operation: 'getCurrent' });
		expect(me).toEqual(
			expect.objectContaining({ type: 'known', username: 'demo', displayName: 'Demo User' }),
		);
		expect(me.accountId).toBeUndefined();
		const [anonymous] = await run({ resource: 'user', operation: 'getAnonymous' });
		expect(anonymous.type).toBe('anonymous');
	});

	it('[dc label.add] [dc label.remove] add and remove labels', async () => {
		const id = sim.demo!.pages.releaseNotes;
		const [added] = await run({
			resource: 'label',
			operation: 'add',
			contentId: id,
			labels: 'alpha, beta',
		});
		expect(added.added).toEqual(['alpha', 'beta']);
		const names = () => sim.store.labelsOf(sim.store.get(id)!).map((label) => label.name);
		expect(names()).toEqual(expect.arrayContaining(['alpha', 'beta']));
		await run({ resource: 'label', operation: 'remove', contentId: id, labels: 'alpha' });
		expect(names()).not.toContain('alpha');
		expect(names()).toContain('beta');
	});
});

describe('logins on Data Center', () => {
	it('a username and password go as Basic', async () => {
		const result = await runDataCenter(
			sim,
			{ resource: 'user', operation: 'getCurrent' },
			{},
			{ authType: 'password', username: 'demo', password: 'demo-password' },
		);
		expect(ok(result)[0].username).toBe('demo');
		const [request] = dataCenterRequests(sim, 'GET', /\/user\/current$/);
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from('demo:demo-password').toString('base64')}`,
		);
	});

	it('a wrong password fails the item with a 401, the HTML page and the password kept out of it', async () => {
		const result = await runDataCenter(
			sim,
			{ resource: 'user', operation: 'getCurrent' },
			{},
			{ authType: 'password', username: 'demo', password: 'wrong-secret' },
		);
		expect(result.error?.httpCode).toBe('401');
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain('wrong-secret');
	});

	it('a Base URL with a trailing slash reaches the same API', async () => {
		const [me] = ok(
			await runDataCenter(
				sim,
				{ resource: 'user', operation: 'getCurrent' },
				{},
				{ baseUrl: `${sim.dataCenter!.url}/` },
			),
		);
		expect(me.username).toBe('demo');
	});
});

// Ledger rows: dc-attachment-no-put-upsert, dc-attachment-download-link (test/simulator/REALITY.md).
describe('attachments on Data Center', () => {
	const file = (text: string, fileName = 'notes.txt') => ({
		json: {},
		binary: {
			data: { data: Buffer.from(text).toString('base64'), fileName, mimeType: 'text/plain' },
		},
	});

	it('[dc attachment.upload] [dc attachment.download] uploads a file, a new version under the same name, and downloads it', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const upload = async (text: string) =>
			ok(
				await runDataCenter(
					sim,
					{ resource: 'attachment', operation: 'upload', contentType: 'page', page: byId(pageId) },
					{ inputItems: [file(text)] },
				),
			)[0];
		const first = await upload('version one');
		expect(first).toEqual(
			expect.objectContaining({ title: 'notes.txt', version: 1, pageId, mediaType: 'text/plain' }),
		);
		const [create] = dataCenterRequests(sim, 'POST', /\/child\/attachment$/);
		expect(create.headers['x-atlassian-token']).toBe('no-check');
		const second = await upload('version two');
		expect(second).toEqual(expect.objectContaining({ id: first.id, version: 2 }));
		expect(dataCenterRequests(sim, 'POST', /\/child\/attachment\/att\d+\/data$/)).toHaveLength(1);
		expect(dataCenterRequests(sim, 'PUT')).toEqual([]);

		const downloaded = await runDataCenter(sim, {
			resource: 'attachment',
			operation: 'download',
			attachmentId: String(first.id),
		});
		const [item] = downloaded.items;
		expect(downloaded.error).toBeUndefined();
		expect(Buffer.from(item.binary!.data.data, 'base64').toString()).toBe('version two');
		expect(item.binary!.data.fileName).toBe('notes.txt');
		const fetched = sim.requests.find((request) => request.path.includes('/download/attachments/'));
		expect(
			fetched?.path.startsWith(`${sim.dataCenter!.contextPath}/download/attachments/${pageId}/`),
		).toBe(true);
	});
});

// Ledger row: dc-content-property-by-key (test/simulator/REALITY.md).
describe('content properties on Data Center', () => {
	it('[dc contentProperty.create] [dc contentProperty.get] [dc contentProperty.getMany] [dc contentProperty.update] [dc contentProperty.delete] keep a JSON value under a key', async () => {
		const contentId = sim.demo!.pages.projectPlan;
		const owner = { resource: 'contentProperty', contentType: 'page', contentId };
		const [created] = await run({
			...owner,
			operation: 'create',
			key: 'review',
			value: '{"state":"open"}',
		});
		expect(created).toEqual(
			expect.objectContaining({
				key: 'review',
				value: { state: 'open' },
				version: expect.objectContaining({ number: 1 }),
			}),
		);
		const [read] = await run({
			...owner,
			operation: 'get',
			property: { __rl: true, mode: 'key', value: 'review' },
		});
		expect(read.value).toEqual({ state: 'open' });
		const [byId] = await run({
			...owner,
			operation: 'get',
			property: { __rl: true, mode: 'id', value: String(created.id) },
		});
		expect(byId.key).toBe('review');
		const [updated] = await run({
			...owner,
			operation: 'update',
			property: { __rl: true, mode: 'key', value: 'review' },
			value: '{"state":"done"}',
		});
		expect(updated).toEqual(
			expect.objectContaining({
				value: { state: 'done' },
				version: expect.objectContaining({ number: 2 }),
			}),
		);
		const [put] = dataCenterRequests(sim, 'PUT', /\/property\/review$/);
		expect((put.body as IDataObject).version).toEqual({ number: 2 });
		const listed = await run({ ...owner, operation: 'getMany', returnAll: true });
		expect(listed.map((property) => property.key)).toEqual(['review']);
		const [deleted] = await run({
			...owner,
			operation: 'delete',
			property: { __rl: true, mode: 'key', value: 'review' },
		});
		expect(deleted).toEqual(expect.objectContaining({ key: 'review', deleted: true }));
		expect(sim.store.propertiesOf('content', contentId)).toEqual([]);
	});

	it('[dc contentProperty.update] fails on a concurrent write unless overwriting is allowed', async () => {
		const contentId = sim.demo!.pages.projectPlan;
		const property = sim.store.createProperty('content', contentId, 'counter', 1);
		const race = () =>
			sim.faults.inject({
				kind: 'beforeApply',
				method: 'PUT',
				path: /\/property\/counter$/,
				times: 1,
				run: () => sim.store.updateProperty(property.id, { value: 99 }),
			});
		const parameters = {
			resource: 'contentProperty',
			operation: 'update',
			contentType: 'page',
			contentId,
			property: { __rl: true, mode: 'key', value: 'counter' },
			value: '2',
		};
		race();
		const refused = await runDataCenter(sim, parameters);
		expect(refused.error?.message).toBe(
			`The property "counter" on the page ${contentId} changed while it was being updated`,
		);
		race();
		const [written] = await run({ ...parameters, options: { overwrite: true } });
		expect(written.value).toBe(2);
	});
});

describe('errors on Data Center', () => {
	it('keep the password out, and the word "password" in', async () => {
		const result = await runDataCenter(
			sim,
			{ resource: 'space', operation: 'get', space: byKey('NOPE') },
			{},
			{ authType: 'password', username: 'demo', password: 'demo-password' },
		);
		const text = `${result.error?.message} ${result.error?.description}`;
		expect(result.error?.httpCode).toBe('404');
		expect(text).toContain('No space found with key : NOPE');
		expect(text).not.toContain('demo-password');
		expect(result.error?.description).toContain('Base URL includes the context path');
		const refused = await runDataCenter(
			sim,
			{ resource: 'space', operation: 'get', space: byKey('DEMO') },
			{},
			{ authType: 'password', username: 'demo', password: 'password-typed-wrong' },
		);
		const refusal = `${refused.error?.message} ${refused.error?.description}`;
		expect(refusal).not.toContain('password-typed-wrong');
		expect(refused.error?.description).toContain(
			'Confluence refused the personal access token (wrong, revoked or expired; tokens need Confluence 7.9 or later) or the username and password.',
		);
	});
});

describe('label lists on Data Center', () => {
	it('[dc label.getMany] lists the labels of a page and of a space, and refuses the site-wide list', async () => {
		const labels = await run({
			resource: 'label',
			operation: 'getMany',
			of: 'page',
			page: byId(sim.demo!.pages.gettingStarted),
			returnAll: true,
		});
		expect(labels.map((label) => label.name).sort()).toEqual(['getting-started', 'howto']);
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/content\/\d+\/label$/)).toHaveLength(1);
		sim.store.addSpaceLabel(sim.demo!.spaceId, 'team-docs');
		const spaceLabels = await run({
			resource: 'label',
			operation: 'getMany',
			of: 'space',
			space: byKey('DEMO'),
			returnAll: true,
		});
		expect(spaceLabels.map((label) => label.name)).toContain('team-docs');
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/space\/DEMO\/label$/)).toHaveLength(1);
		const site = await runDataCenter(sim, {
			resource: 'label',
			operation: 'getMany',
			of: 'site',
			returnAll: true,
		});
		expect(site.error?.message).toBe(
			'Listing every label of the site is not available on Confluence Data Center',
		);
	});
});
