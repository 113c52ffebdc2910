/* REALITY.md rows exercised here: cql-parse-error-400, search-index-lag. */
import { useSimulator } from '../helpers/fixtures';
import { basic, call } from './testHttp';

const q = (cql: string, extra = '') =>
	`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}${extra}`;

describe('simulator CQL search', () => {
	const sim = useSimulator('demo', { failOnErrors: true });

	// REALITY.md search-pages-filtered-after-paging: pages are cut before item permissions are checked.
	it('serves pages emptied by permission filtering with next still present, or full pages (variant)', async () => {
		const alex = [...sim.store.users.values()].find((user) => user.email === 'alex@example.com')!;
		for (let n = 0; n < 4; n++) {
			sim.store.createPage({
				spaceId: sim.demo!.spaceId,
				title: `Vault ${n} secret`,
				body: '<p>x</p>',
				authorId: alex.accountId,
				private: true,
			});
		}
		sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'Vault open', body: '<p>x</p>' });
		const cql = 'type = page AND title ~ "vault" ORDER BY title';
		sim.setVariants({ searchPermissionFilter: 'after-paging' });
		const first = await call(sim, 'GET', q(cql, '&limit=2'));
		expect(first.body.results).toEqual([]);
		expect(first.body._links.next).toEqual(expect.stringContaining('cursor='));
		sim.setVariants({ searchPermissionFilter: 'before-paging' });
		const full = await call(sim, 'GET', q(cql, '&limit=2'));
		expect(full.body.results.map((r: { content: { title: string } }) => r.content.title)).toEqual([
			'Vault open',
		]);
		const other = await call(sim, 'GET', q(cql, '&limit=2'), {
			auth: basic('alex@example.com', 'alex-token'),
		});
		expect(other.body.results).toHaveLength(2);
	});

	it('answers SearchResult entries with highlighted titles and excerpts', async () => {
		const res = await call(sim, 'GET', q('type = page AND text ~ "engineering"'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			start: 0,
			limit: 25,
			cqlQuery: 'type = page AND text ~ "engineering"',
			_links: { base: `${sim.baseUrl}/wiki`, context: '/wiki' },
		});
		const engineering = res.body.results.find(
			(r: { content: { id: string } }) => r.content.id === sim.demo!.pages.engineering,
		);
		expect(engineering).toMatchObject({
			content: {
				id: sim.demo!.pages.engineering,
				type: 'page',
				status: 'current',
				title: 'Engineering',
			},
			title: '@@@hl@@@Engineering@@@endhl@@@',
			url: expect.stringMatching(/^\/spaces\/DEMO\/pages\/\d+\/Engineering$/),
			resultGlobalContainer: { title: 'Demo space', displayUrl: '/spaces/DEMO' },
			breadcrumbs: [],
			entityType: 'content',
			iconCssClass: 'aui-icon content-type-page',
		});
		expect(engineering.excerpt).toContain('@@@hl@@@Engineering@@@endhl@@@ handbook');
		expect(engineering.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(typeof engineering.friendlyLastModified).toBe('string');
		expect(res.body.totalSize).toBe(res.body.results.length);
		// Highest score first: the page with the term in its title ranks above pages that only mention it.
		expect(res.body.results[0].content.id).toBe(sim.demo!.pages.engineering);
	});

	it('honours the excerpt modes', async () => {
		const cql = 'type = page AND title ~ "plan"';
		const modes = async (mode: string) =>
			(await call(sim, 'GET', q(cql, `&excerpt=${mode}`))).body.results[0] as {
				title: string;
				excerpt: string;
			};
		expect((await modes('none')).excerpt).toBe('');
		expect((await modes('none')).title).toBe('Project plan');
		expect((await modes('indexed')).excerpt).not.toContain('@@@hl@@@');
		expect((await modes('highlight')).title).toBe('Project @@@hl@@@plan@@@endhl@@@');
	});

	it('pages with an opaque cursor in _links.next and _links.prev (start still accepted)', async () => {
		sim.store.seedPages(60, { spaceId: sim.demo!.spaceId, titlePrefix: 'Bulk' });
		const cql = 'title ~ "Bulk" ORDER BY id';
		const first = await call(sim, 'GET', q(cql, '&limit=25'));
		expect(first.body.results).toHaveLength(25);
		expect(first.body.totalSize).toBe(60);
		const next: string = first.body._links.next;
		expect(next).toMatch(/^\/rest\/api\/search\?next=true&cursor=/);
		expect(first.body._links.prev).toBeUndefined();

		const second = await call(sim, 'GET', `/wiki${next}`);
		expect(second.body.start).toBe(25);
		expect(second.body.results[0].content.title).toBe('Bulk 26');
		expect(second.body._links.prev).toMatch(/prev=true/);
		const third = await call(sim, 'GET', `/wiki${second.body._links.next}`);
		expect(third.body.results).toHaveLength(10);
		expect(third.body._links.next).toBeUndefined();
		const back = await call(sim, 'GET', `/wiki${third.body._links.prev}`);
		expect(back.body.results[0].content.title).toBe('Bulk 26');

		const viaStart = await call(sim, 'GET', q(cql, '&start=50&limit=5'));
		expect(
			viaStart.body.results.map((r: { content: { title: string } }) => r.content.title),
		).toEqual(['Bulk 51', 'Bulk 52', 'Bulk 53', 'Bulk 54', 'Bulk 55']);
		const seen = new Set(
			[...first.body.results, ...second.body.results, ...third.body.results].map(
				(r: { content: { id: string } }) => r.content.id,
			),
		);
		expect(seen.size).toBe(60);
	});

	it('rejects unparsable CQL and a forged cursor with the v1 400 body', async () => {
		sim.setContractValidation(false);
		const bad = await call(sim, 'GET', q('type = page AND ('));
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({
			statusCode: 400,
			data: { authorized: true, valid: false, successful: false },
		});
		expect(bad.body.message).toContain('Could not parse cql : type = page AND (');
		const missing = await call(sim, 'GET', '/wiki/rest/api/search');
		expect(missing.status).toBe(400);
		const forged = await call(sim, 'GET', q('type = page', '&cursor=abc'));
		expect(forged.status).toBe(400);
		const userField = await call(sim, 'GET', q('user.fullname ~ "Demo"'));
		expect(userField.status).toBe(400);
	});

	it('expands content.body.storage and finds spaces', async () => {
		const res = await call(
			sim,
			'GET',
			q(`id = ${sim.demo!.pages.codeSamples}`, '&expand=content.body.storage,content.space'),
		);
		const content = res.body.results[0].content;
		expect(content.body.storage).toMatchObject({ representation: 'storage' });
		expect(content.body.storage.value).toContain('ac:name="code"');
		expect(content.space).toMatchObject({ key: 'DEMO', name: 'Demo space' });

		const spaces = await call(sim, 'GET', q('type = space AND title ~ "demo"'));
		expect(spaces.body.results).toEqual([
			expect.objectContaining({
				space: expect.objectContaining({ key: 'DEMO' }),
				entityType: 'space',
				url: '/spaces/DEMO',
			}),
		]);
	});

	it('lags behind writes by searchIndexLagMs of sim clock, for new and edited content', async () => {
		sim.clock.set('2026-06-01T09:00:00.000Z');
		sim.searchIndexLagMs = 30_000;
		const page = sim.store.createPage({
			spaceId: sim.demo!.spaceId,
			title: 'Fresh findings',
			body: '<p>alpha</p>',
		});
		const find = async (cql: string) =>
			(await call(sim, 'GET', q(cql))).body.results.map(
				(r: { content: { id: string } }) => r.content.id,
			);
		expect(await find('title ~ "findings"')).toEqual([]);
		sim.clock.advance(30_000);
		expect(await find('title ~ "findings"')).toEqual([page.id]);

		sim.store.updatePage(page.id, { title: 'Renamed report', body: '<p>beta</p>' });
		expect(await find('title ~ "renamed"')).toEqual([]);
		expect(await find('title ~ "findings"')).toEqual([page.id]);
		sim.clock.advance(30_000);
		expect(await find('title ~ "renamed"')).toEqual([page.id]);
		expect(await find('text ~ "alpha"')).toEqual([]);

		sim.reset('demo');
		expect(sim.searchIndexLagMs).toBe(0);
	});

	it('returns only what the user may see, and current content unless cqlcontext asks for more', async () => {
		const alex = sim.demo!.secondUser;
		sim.store.setRestriction(sim.demo!.pages.projectPlan, 'read', {
			users: [sim.users.demo.accountId],
		});
		const asAlex = await call(sim, 'GET', q('title ~ "plan"'), {
			auth: basic(alex.email, alex.apiToken),
		});
		expect(asAlex.body.results.map((r: { content: { id: string } }) => r.content.id)).not.toContain(
			sim.demo!.pages.projectPlan,
		);

		sim.store.trash(sim.demo!.pages.releaseNotes);
		const current = await call(sim, 'GET', q('title ~ "release notes"'));
		expect(current.body.results).toEqual([]);
		const context = encodeURIComponent(JSON.stringify({ contentStatuses: ['trashed'] }));
		const trashed = await call(sim, 'GET', q('title ~ "release notes"', `&cqlcontext=${context}`));
		expect(trashed.body.results.map((r: { content: { id: string } }) => r.content.id)).toEqual([
			sim.demo!.pages.releaseNotes,
		]);
	});

	it('content/search answers v1 Content with expansions and a cursor', async () => {
		const res = await call(
			sim,
			'GET',
			`/wiki/rest/api/content/search?cql=${encodeURIComponent('type = blogpost ORDER BY title')}&limit=2&expand=version,metadata.labels`,
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ start: 0, limit: 2, size: 2 });
		expect(res.body.results.map((c: { title: string }) => c.title)).toEqual([
			'How we plan',
			'Release 1.0 is out',
		]);
		expect(res.body.results[1]).toMatchObject({
			type: 'blogpost',
			version: { number: 1 },
			metadata: {
				labels: { results: expect.arrayContaining([expect.objectContaining({ name: 'news' })]) },
			},
		});
		expect(res.body._links.next).toMatch(/^\/rest\/api\/content\/search\?next=true&cursor=/);
		const next = await call(sim, 'GET', `/wiki${res.body._links.next}`);
		expect(next.body.results.map((c: { title: string }) => c.title)).toEqual([
			'Welcome to the demo blog',
		]);
	});
});
