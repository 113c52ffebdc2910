import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, useSimulator } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';

const sim = useSimulator('empty');
let eng: string;
let ops: string;

beforeEach(() => {
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
	eng = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	ops = sim.store.createSpace({ key: 'OPS', name: 'Operations' }).id;
});

/** Activates the trigger, lets `act` write content, polls once more, and returns what was emitted. */
async function eventsAfter(
	parameters: IDataObject,
	act: () => void,
	polls = 1,
): Promise<IDataObject[]> {
	const credentials = credentialsFor(sim);
	const staticData: IDataObject = {};
	expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
	sim.clock.advance(1_000);
	act();
	const emitted: IDataObject[] = [];
	for (let poll = 0; poll < polls; poll++) {
		sim.clock.advance(1_000);
		emitted.push(
			...((await runPoll({ parameters, credentials, staticData })) ?? []).map((item) => item.json),
		);
	}
	return emitted;
}

describe('Confluence Trigger filters', () => {
	it('limits events to the chosen spaces, by key', async () => {
		const events = await eventsAfter(
			{ events: ['pageCreated', 'blogPostCreated'], filters: { spaces: 'OPS' } },
			() => {
				sim.store.createPage({ spaceId: eng, title: 'Eng page', body: '<p>x</p>' });
				sim.store.createPage({ spaceId: ops, title: 'Ops page', body: '<p>x</p>' });
				sim.store.createBlogPost({ spaceId: ops, title: 'Ops news', body: '<p>x</p>' });
			},
		);
		expect(events.map((event) => event.title)).toEqual(['Ops page', 'Ops news']);
		expect(
			sim.requests.filter((request) => request.path === '/wiki/api/v2/pages').at(-1)!.query[
				'space-id'
			],
		).toBe(ops);
	});

	it('limits events to content with one of the labels', async () => {
		const events = await eventsAfter(
			{ events: ['pageCreated'], filters: { labels: 'release, hotfix' } },
			() => {
				const labelled = sim.store.createPage({
					spaceId: eng,
					title: 'Labelled',
					body: '<p>x</p>',
				});
				sim.store.addLabel(labelled.id, 'Release');
				sim.store.createPage({ spaceId: eng, title: 'Plain', body: '<p>x</p>' });
			},
		);
		expect(events.map((event) => event.title)).toEqual(['Labelled']);
	});

	it('limits events to a subtree and to authors', async () => {
		const writer = sim.users.add({ email: 'w@example.com', displayName: 'Writer', apiToken: 't' });
		let root = '';
		const events = await eventsAfter(
			{ events: ['pageCreated'], filters: { ancestorId: '__ROOT__' } },
			() => undefined,
		);
		expect(events).toEqual([]);
		const subtree = await eventsAfter(
			{
				events: ['pageCreated', 'commentCreated'],
				filters: {
					ancestorId: (root = sim.store.createPage({ spaceId: eng, title: 'Root', body: '' }).id),
					authorIds: writer.accountId,
				},
			},
			() => {
				const child = sim.store.createPage({
					spaceId: eng,
					title: 'Child',
					body: '<p>x</p>',
					parentId: root,
					authorId: writer.accountId,
				});
				sim.store.createPage({
					spaceId: eng,
					title: 'Grandchild by demo',
					body: '<p>x</p>',
					parentId: child.id,
				});
				sim.store.createPage({
					spaceId: eng,
					title: 'Elsewhere',
					body: '<p>x</p>',
					authorId: writer.accountId,
				});
				sim.store.addComment({
					containerId: child.id,
					location: 'footer',
					body: '<p>nice</p>',
					authorId: writer.accountId,
				});
			},
		);
		expect(subtree.map((event) => [event.event, event.title ?? event.pageId])).toEqual([
			['pageCreated', 'Child'],
			['commentCreated', expect.any(String)],
		]);
	});

	it('applies a CQL filter to candidate events only, waiting for a lagging search index', async () => {
		sim.searchIndexLagMs = 30_000;
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = {
			events: ['pageCreated'],
			filters: { cql: 'title ~ "incident"' },
			options: { indexLagSeconds: 600 },
		};
		await runPoll({ parameters, credentials, staticData });
		sim.clock.advance(1_000);
		sim.store.createPage({ spaceId: eng, title: 'Incident 42', body: '<p>x</p>' });
		sim.store.createPage({ spaceId: eng, title: 'Lunch menu', body: '<p>x</p>' });
		sim.clock.advance(1_000);
		// "Recent" is judged by Confluence's clock (its Date header), whatever n8n's clock says.
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
		sim.clock.advance(60_000);
		const items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => item.json.title)).toEqual(['Incident 42']);
		sim.clock.advance(900_000);
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
		// The filter alone once at activation; then only the candidates, batched: both new pages in one query, then the
		// one still unmatched.
		const searches = sim.requests
			.filter((request) => request.path === '/wiki/rest/api/search')
			.map((request) => String(request.query.cql));
		expect(searches[0]).toBe('(title ~ "incident")');
		expect(searches[1]).toMatch(/^id IN \("\d+", "\d+"\) AND \(title ~ "incident"\)$/);
		expect(searches.at(-1)).toMatch(/^id IN \("\d+"\) AND \(title ~ "incident"\)$/);
	});

	it('emits every version, or only the latest, of a page edited several times between polls', async () => {
		let page = '';
		const act = () => {
			page = sim.store.createPage({ spaceId: eng, title: 'Busy', body: '<p>1</p>' }).id;
			sim.clock.advance(1_000);
			sim.store.updateContent(page, { body: '<p>2</p>' });
			sim.clock.advance(1_000);
			sim.store.updateContent(page, { body: '<p>3</p>' });
		};
		const every = await eventsAfter({ events: ['pageUpdated'] }, act);
		expect(every.map((event) => event.version)).toEqual([2, 3]);
		sim.reset('empty');
		sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
		eng = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
		const latest = await eventsAfter(
			{ events: ['pageUpdated'], options: { updates: 'latestOnly' } },
			act,
		);
		expect(latest.map((event) => event.version)).toEqual([3]);
	});

	it('emits comments and attachments with their container', async () => {
		const events = await eventsAfter(
			{ events: ['commentCreated', 'attachmentCreated'], options: { bodyFormat: 'markdown' } },
			() => {
				const page = sim.store.createPage({
					spaceId: eng,
					title: 'Host',
					body: '<p>text to comment on</p>',
				});
				sim.store.addComment({
					containerId: page.id,
					location: 'footer',
					body: '<p><strong>Ship it</strong></p>',
				});
				sim.store.addAttachment({
					containerId: page.id,
					fileName: 'diagram.png',
					mediaType: 'image/png',
					data: Buffer.from([1, 2, 3]),
				});
			},
		);
		expect(events).toEqual([
			expect.objectContaining({
				event: 'commentCreated',
				commentType: 'footer',
				body: expect.stringMatching(/^\*\*Ship it\*\*\s*$/),
			}),
			expect.objectContaining({
				event: 'attachmentCreated',
				title: 'diagram.png',
				mediaType: 'image/png',
			}),
		]);
	});
});
