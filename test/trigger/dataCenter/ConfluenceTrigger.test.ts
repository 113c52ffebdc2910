/* The polling trigger with the Data Center credential: CQL search on the simulator's Data Center flavour.
 * REALITY.md rows exercised here: dc-cql-date-server-time-zone, v1-comment-extensions-location, search-index-lag. */
import type { IDataObject } from 'n8n-workflow';

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

	it('emits each event once across the minute boundary CQL dates are cut to, whatever the server time zone', async () => {
		sim.dataCenter!.settings.serverTimeZone = 'Pacific/Chatham';
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

	it('catches content the search index shows late, within the index lag', async () => {
		sim.searchIndexLagMs = 90_000;
		// The space's home page, written before activation, shows up in the index only after it: never emitted.
		sim.clock.advance(1_000);
		const staticData: IDataObject = {};
		const parameters = {
			events: ['pageCreated'],
			options: { overlapSeconds: 10, indexLagSeconds: 120 },
		};
		await bed.poll(parameters, staticData);
		sim.clock.advance(1_000);
		bed.page('Indexed late');
		sim.clock.advance(30_000);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
		sim.clock.advance(30_000);
		bed.page('Also late');
		sim.clock.advance(61_000);
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageCreated', 'Indexed late', 1],
		]);
		sim.clock.advance(90_000);
		expect(summary(await bed.poll(parameters, staticData))).toEqual([
			['pageCreated', 'Also late', 1],
		]);
	});

	it('follows start/limit pages to the end when hundreds of events arrive between polls', async () => {
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
		expect(triggerRequests(sim).filter((request) => request.cql).length).toBeGreaterThanOrEqual(3);
		expect(await bed.poll(parameters, staticData)).toEqual([]);
	});

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
