/* The polling trigger with the Data Center credential: CQL search on the simulator's Data Center flavour.
 * REALITY.md rows exercised here: dc-cql-date-server-time-zone, v1-comment-extensions-location, search-index-lag,
 * dc-search-next-link. */
import type { IDataObject } from 'n8n-workflow';

import { call } from '../../simulator/testHttp';
import { triggerRequests, useDataCenterTriggerBed } from './helpers';

const bed = useDataCenterTriggerBed();
const sim = bed.sim;

const summary = (items: Array<{ json: IDataObject }>) =>
	items.map(({ json }) => [json.event, json.title, json.version]);

describe('Confluence Trigger on Data Center', () => {
	it('starts from now, then emits each new page and each new version once, oldest first', async () => {
		const staticData: IDataObject = {};
		const existing = bed.page('Before activation', '<p>old</p>');
		sim.clock.advance(5_000);
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		expect(await bed.poll(parameters, staticData)).toEqual([]);

		sim.clock.advance(10_000);
		const page = bed.page('Release notes', '<p>v1</p>');
		sim.clock.advance(10_000);
		sim.store.updateContent(page.id, { body: '<p>v2</p>' });
		sim.clock.advance(10_000);
		sim.store.updateContent(page.id, { body: '<p>v3</p>' });
		sim.store.updateContent(existing.id, { body: '<p>edited</p>' });

		const items = await bed.poll(parameters, staticData);
		expect(items.map((item) => [item.json.event, item.json.id, item.json.version])).toEqual([
			['pageCreated', page.id, 1],
			['pageUpdated', page.id, 2],
			['pageUpdated', existing.id, 2],
			['pageUpdated', page.id, 3],
		]);
		expect(items[0].json).toEqual(
			expect.objectContaining({
				title: 'Release notes',
				spaceId: bed.spaceId,
				spaceKey: 'ENG',
				type: 'page',
				status: 'current',
			}),
		);
		expect(String(items[0].json.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/confluence\//);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
		// Only Data Center's REST API, through CQL search on `lastmodified` relative to the server's clock.
		// The first search (at activation) only reads Confluence's clock from the newest page.
		const [activation, ...searches] = triggerRequests(sim).filter((request) => request.cql);
		expect(activation.cql).toBe('type = page ORDER BY lastmodified DESC');
		expect(searches.length).toBeGreaterThan(0);
		for (const search of searches) {
			expect(search.path).toBe('/content/search');
			expect(search.cql).toMatch(
				/^type = page AND lastmodified >= now\("-\d+m"\) ORDER BY lastmodified DESC$/,
			);
		}
		expect(sim.requests.filter((request) => request.path.includes('/api/v2/'))).toEqual([]);
	});

	it('emits blog posts, footer and inline comments and attachments with their container', async () => {
		const staticData: IDataObject = {};
		const parameters = {
			events: ['blogPostCreated', 'blogPostUpdated', 'commentCreated', 'attachmentCreated'],
		};
		const host = bed.page('Host');
		sim.clock.advance(1_000);
		await bed.poll(parameters, staticData);
		sim.clock.advance(1_000);
		const post = sim.store.createBlogPost({
			spaceId: bed.spaceId,
			title: 'News',
			body: '<p>n</p>',
		});
		sim.clock.advance(1_000);
		sim.store.updateContent(post.id, { body: '<p>n2</p>' });
		sim.clock.advance(1_000);
		const footer = sim.store.addComment({
			containerId: host.id,
			location: 'footer',
			body: '<p>f</p>',
		});
		sim.clock.advance(1_000);
		const inline = sim.store.addComment({
			containerId: post.id,
			location: 'inline',
			body: '<p>i</p>',
		});
		sim.clock.advance(1_000);
		const file = sim.store.addAttachment({ containerId: host.id, fileName: 'a.txt', data: 'abc' });

		const items = await bed.poll(parameters, staticData);
		expect(items.map(({ json }) => [json.event, json.id])).toEqual([
			['blogPostCreated', post.id],
			['blogPostUpdated', post.id],
			['commentCreated', footer.id],
			['commentCreated', inline.id],
			['attachmentCreated', file.id],
		]);
		expect(items[2].json).toEqual(
			expect.objectContaining({ type: 'comment', commentType: 'footer', pageId: host.id }),
		);
		expect(items[3].json).toEqual(
			expect.objectContaining({ commentType: 'inline', blogPostId: post.id }),
		);
		expect(items[4].json).toEqual(
			expect.objectContaining({ type: 'attachment', title: 'a.txt', pageId: host.id }),
		);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
	});

	it('the flavour reads a CQL date literal in the server time zone, and now() from its clock (dc-cql-date-server-time-zone)', async () => {
		sim.clock.set(new Date('2026-11-23T09:00:30.000Z'));
		const page = bed.page('At 09:00 UTC');
		const titlesFor = async (cql: string) => {
			const reply = await call(
				sim,
				'GET',
				`${sim.dataCenter!.url}/rest/api/content/search?cql=${encodeURIComponent(cql)}`,
				{ auth: `Bearer ${sim.dataCenter!.demo.personalAccessToken}` },
			);
			expect(reply.status).toBe(200);
			return (reply.body as { results: IDataObject[] }).results.map((result) => result.title);
		};
		const utcLiteral = 'type = page AND lastmodified >= "2026/11/23 09:00"';
		expect(await titlesFor(utcLiteral)).toContain(page.title);
		// Chatham is UTC+13:45: the server reads "2026/11/23 22:45" as 09:00 UTC.
		sim.dataCenter!.settings.serverTimeZone = 'Pacific/Chatham';
		expect(await titlesFor('type = page AND lastmodified >= "2026/11/23 22:46"')).toEqual([]);
		expect(await titlesFor('type = page AND lastmodified >= "2026/11/23 22:45"')).toContain(
			page.title,
		);
		expect(await titlesFor('type = page AND lastmodified >= now("-1m")')).toContain(page.title);
	});

	it('emits each event once across the minute boundary CQL dates are cut to, whatever the server time zone', async () => {
		sim.dataCenter!.settings.serverTimeZone = 'America/St_Johns';
		sim.clock.set(new Date('2026-11-23T09:00:58.000Z'));
		const staticData: IDataObject = {};
		const parameters = {
			events: ['pageCreated'],
			options: { overlapSeconds: 0, indexLagSeconds: 0 },
		};
		await bed.poll(parameters, staticData);
		const titles: string[] = [];
		for (let index = 0; index < 6; index++) {
			// Pages in the same second as the poll, and in the next minute: none is lost, none repeated.
			bed.page(`Page ${index}`);
			titles.push(`Page ${index}`);
			const items = await bed.poll(parameters, staticData);
			expect(summary(items)).toEqual([['pageCreated', `Page ${index}`, 1]]);
			sim.clock.advance(index % 2 ? 0 : 1_000);
		}
	});

	it('catches content the search index shows late, or that becomes visible late, within the index lag', async () => {
		sim.searchIndexLagMs = 30_000;
		// The space's home page, written before activation, shows up in the index only after it: never emitted.
		sim.clock.advance(1_000);
		const staticData: IDataObject = {};
		const parameters = {
			events: ['pageCreated'],
			options: { overlapSeconds: 10, indexLagSeconds: 300 },
		};
		await bed.poll(parameters, staticData);
		sim.clock.advance(1_000);
		const other = sim.users.add({ email: 'other@example.com', displayName: 'Other' });
		const hidden = bed.page('Restricted at first');
		sim.store.setRestriction(hidden.id, 'read', { users: [other.accountId], groups: [] });
		sim.clock.advance(120_000);
		bed.page('Indexed late');
		sim.clock.advance(10_000);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
		sim.clock.advance(30_000);
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageCreated', 'Indexed late', 1],
		]);
		// Two minutes older than the newest event when it becomes visible: inside the index lag, not the rescan window.
		sim.store.setRestriction(hidden.id, 'read', { users: [], groups: [] });
		sim.clock.advance(1_000);
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageCreated', 'Restricted at first', 1],
		]);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
	});

	it("loses nothing when Confluence's clock runs far ahead of n8n's: the search reaches back by the server's Date", async () => {
		// A year ahead of this machine's clock: n8n's estimate of "how many minutes back" is far too small at first.
		sim.clock.set(new Date(Date.now() + 365 * 24 * 3600_000));
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		await bed.poll(parameters, staticData);
		sim.clock.advance(20 * 60_000);
		const page = bed.page('From the future');
		sim.clock.advance(20 * 60_000);
		sim.store.updateContent(page.id, { body: '<p>v2</p>' });
		sim.requests.length = 0;
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageCreated', 'From the future', 1],
			['pageUpdated', 'From the future', 2],
		]);
		const windows = triggerRequests(sim)
			.map((request) => /now\("-(\d+)m"\)/.exec(request.cql ?? '')?.[1])
			.filter((minutes) => minutes !== undefined)
			.map(Number);
		// Asked once with n8n's estimate, then again far enough back for Confluence's clock.
		expect(windows.length).toBe(2);
		expect(windows[1]).toBeGreaterThanOrEqual(40);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
	});

	it.each(['cursor', 'start-limit', 'absent'] as const)(
		'follows the pages to the end when hundreds of events arrive between polls (dc-search-next-link: %s)',
		async (next) => {
			sim.setVariants({ dataCenterSearchNext: next });
			const staticData: IDataObject = {};
			const parameters = { events: ['pageCreated'] };
			await bed.poll(parameters, staticData);
			for (let index = 0; index < 230; index++) {
				sim.clock.advance(index % 3 ? 0 : 1_000);
				bed.page(`Bulk ${index}`);
			}
			sim.requests.length = 0;
			const items = await bed.poll(parameters, staticData);
			expect(items.map(({ json }) => json.title)).toEqual(
				Array.from({ length: 230 }, (_, index) => `Bulk ${index}`),
			);
			expect(triggerRequests(sim).filter((request) => request.cql).length).toBeGreaterThanOrEqual(
				3,
			);
			expect(await bed.poll(parameters, staticData)).toEqual([]);
		},
	);

	it('does not emit a page trashed before the poll saw it; a restored page is not new; later events still arrive', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		const old = bed.page('Old');
		sim.clock.advance(1_000);
		await bed.poll(parameters, staticData);
		sim.clock.advance(1_000);
		const gone = bed.page('Short-lived');
		sim.clock.advance(1_000);
		sim.store.trash(gone.id);
		sim.store.trash(old.id);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
		sim.clock.advance(1_000);
		sim.store.restore(old.id);
		const next = bed.page('Next');
		expect(summary(await bed.poll(parameters, staticData))).toEqual([['pageCreated', 'Next', 1]]);
		sim.clock.advance(1_000);
		sim.store.updateContent(old.id, { body: '<p>back</p>' });
		sim.store.updateContent(next.id, { body: '<p>v2</p>' });
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageUpdated', 'Old', 2],
			['pageUpdated', 'Next', 2],
		]);
	});

	it('emits the body as Markdown and filters by space key, label, ancestor, author and CQL', async () => {
		sim.store.createSpace({ key: 'OPS', name: 'Operations' });
		const staticData: IDataObject = {};
		const root = bed.page('Root');
		sim.clock.advance(1_000);
		const parameters = {
			events: ['pageCreated', 'pageUpdated'],
			filters: { spaces: 'ENG', labels: 'release', ancestorId: root.id, cql: 'text ~ "shipped"' },
			options: { bodyFormat: 'markdown' },
		};
		await bed.poll(parameters, staticData);
		sim.clock.advance(1_000);
		const match = sim.store.createPage({
			spaceId: bed.spaceId,
			title: 'Shipped',
			body: '<h2>Done</h2><p>shipped today</p>',
			parentId: root.id,
		});
		sim.store.addLabel(match.id, 'release');
		const unlabelled = sim.store.createPage({
			spaceId: bed.spaceId,
			title: 'No label',
			body: '<p>shipped</p>',
			parentId: root.id,
		});
		const outside = bed.page('Outside', '<p>shipped</p>');
		sim.store.addLabel(outside.id, 'release');
		expect(unlabelled.id).toBeDefined();
		sim.clock.advance(1_000);
		const items = await bed.poll(parameters, staticData);
		expect(summary(items)).toEqual([['pageCreated', 'Shipped', 1]]);
		expect(items[0].json.bodyFormat).toBe('markdown');
		expect(String(items[0].json.body)).toContain('## Done');
		const searches = triggerRequests(sim).filter((request) => request.path === '/content/search');
		expect(searches.at(-1)?.cql).toContain('space IN ("ENG")');
	});

	it('refuses the Audit Record event and Atlas Doc Format by name, and an unknown space key', async () => {
		await expect(bed.poll({ events: ['pageCreated', 'auditRecord'] }, {})).rejects.toThrow(
			'The event "Audit Record" is not available on Confluence Data Center',
		);
		await expect(
			bed.poll({ events: ['pageCreated'], options: { bodyFormat: 'atlas_doc_format' } }, {}),
		).rejects.toThrow(
			'The body format "Atlas Doc Format" does not exist on Confluence Data Center',
		);
		await expect(
			bed.poll({ events: ['pageCreated'], filters: { spaces: 'NOPE' } }, {}),
		).rejects.toThrow('No space with the key "NOPE" exists');
	});

	it('returns the newest matching event in manual mode without touching the state', async () => {
		bed.page('First');
		sim.clock.advance(1_000);
		bed.page('Second');
		const staticData: IDataObject = {};
		const items = await bed.poll({ events: ['pageCreated'] }, staticData, 'manual');
		expect(summary(items)).toEqual([['pageCreated', 'Second', 1]]);
		expect(staticData).toEqual({});
	});
});
