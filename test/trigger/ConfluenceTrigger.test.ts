import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, credentialsFor, useSimulator } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';

const sim = useSimulator('empty');
let credentials: ReturnType<typeof credentialsFor>;
let spaceId: string;

const T0 = new Date('2026-11-23T09:00:00.000Z');

beforeEach(() => {
	sim.clock.set(T0);
	credentials = credentialsFor(sim);
	spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
});

const poll = async (
	parameters: IDataObject,
	staticData: IDataObject,
	extra: { auth?: 'apiToken' | 'oAuth2'; mode?: 'manual' } = {},
) => (await runPoll({ parameters, credentials, staticData, ...extra })) ?? [];

describe.each(AUTH_KINDS)('Confluence Trigger (%s)', (auth) => {
	it('starts from now, then emits each new page and each new version once, oldest first', async () => {
		const staticData: IDataObject = {};
		const existing = sim.store.createPage({
			spaceId,
			title: 'Before activation',
			body: '<p>old</p>',
		});
		sim.clock.advance(5_000);
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		expect(await poll(parameters, staticData, { auth })).toEqual([]);

		sim.clock.advance(10_000);
		const page = sim.store.createPage({ spaceId, title: 'Release notes', body: '<p>v1</p>' });
		sim.clock.advance(10_000);
		sim.store.updateContent(page.id, { body: '<p>v2</p>' });
		sim.clock.advance(10_000);
		sim.store.updateContent(page.id, { body: '<p>v3</p>' });
		sim.store.updateContent(existing.id, { body: '<p>edited</p>' });

		const items = await poll(parameters, staticData, { auth });
		expect(items.map((item) => [item.json.event, item.json.id, item.json.version])).toEqual([
			['pageCreated', page.id, 1],
			['pageUpdated', page.id, 2],
			['pageUpdated', existing.id, 2],
			['pageUpdated', page.id, 3],
		]);
		expect(items[0].json).toEqual(
			expect.objectContaining({ title: 'Release notes', spaceId, type: 'page' }),
		);
		expect(await poll(parameters, staticData, { auth })).toEqual([]);
	});
});

describe('Confluence Trigger', () => {
	it('makes one request per feed when nothing is new', async () => {
		const staticData: IDataObject = {};
		sim.store.createPage({ spaceId, title: 'A', body: '<p>a</p>' });
		const parameters = {
			events: ['pageCreated', 'blogPostCreated', 'commentCreated', 'attachmentCreated'],
		};
		await poll(parameters, staticData);
		sim.clock.advance(60_000);
		const before = sim.requests.length;
		expect(await poll(parameters, staticData)).toEqual([]);
		const sent = sim.requests.slice(before).map((request) => `${request.method} ${request.path}`);
		expect(sent.sort()).toEqual([
			'GET /wiki/api/v2/attachments',
			'GET /wiki/api/v2/blogposts',
			'GET /wiki/api/v2/footer-comments',
			'GET /wiki/api/v2/inline-comments',
			'GET /wiki/api/v2/pages',
		]);
	});

	it('skips a poll that starts while the previous one still runs, so nothing is emitted twice', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated'] };
		await poll(parameters, staticData);
		sim.clock.advance(10_000);
		const page = sim.store.createPage({ spaceId, title: 'Slow poll', body: '<p>x</p>' });
		sim.clock.advance(10_000);
		// n8n starts the next poll on schedule whatever the previous one is doing (here: a slow answer).
		sim.faults.inject({ kind: 'latency', ms: 400, method: 'GET', path: /\/wiki\/api\/v2\/pages$/ });
		const requestsBefore = sim.requests.length;
		const slow = poll(parameters, staticData);
		// The skipping poll ends once the slow one has, and asks Confluence nothing: every request is the slow poll's.
		expect(await poll(parameters, staticData)).toEqual([]);
		expect((await slow).map((item) => [item.json.event, item.json.id])).toEqual([
			['pageCreated', page.id],
		]);
		const sent = sim.requests
			.slice(requestsBefore)
			.map((request) => `${request.method} ${request.path} ${JSON.stringify(request.query)}`);
		expect(sent).toEqual([...new Set(sent)]);
		expect(await poll(parameters, staticData)).toEqual([]);
		// A manual "fetch test event" in the editor is not held back by a running poll.
		sim.faults.inject({ kind: 'latency', ms: 400, method: 'GET', path: /\/wiki\/api\/v2\/pages$/ });
		const running = poll(parameters, staticData);
		const sample = await poll(parameters, {}, { mode: 'manual' });
		expect(sample.map((item) => item.json.id)).toContain(page.id);
		expect(await running).toEqual([]);
	});

	it('follows pagination to the end when thousands of events arrive between polls', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated'], options: { updates: 'latestOnly' } };
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		sim.store.seedPages(1200, { spaceId, titlePrefix: 'Bulk' });
		sim.clock.advance(1_000);
		const before = sim.requests.length;
		const items = await poll(parameters, staticData);
		expect(items).toHaveLength(1200);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(1200);
		const pageRequests = sim.requests
			.slice(before)
			.filter((request) => request.path === '/wiki/api/v2/pages');
		expect(pageRequests.length).toBeLessThanOrEqual(Math.ceil(1200 / 250) + 1);
		expect(await poll(parameters, staticData)).toEqual([]);
	});

	it('returns the newest matching event in manual mode without touching the state', async () => {
		const staticData: IDataObject = {};
		sim.store.createPage({ spaceId, title: 'Older', body: '<p>a</p>' });
		sim.clock.advance(1_000);
		sim.store.createPage({ spaceId, title: 'Newest', body: '<p>b</p>' });
		const items = await poll({ events: ['pageCreated'] }, staticData, { mode: 'manual' });
		expect(items.map((item) => item.json.title)).toEqual(['Newest']);
		expect(staticData).toEqual({});
	});

	it('emits from a start date when asked, and includes the body as Markdown', async () => {
		const staticData: IDataObject = {};
		sim.store.createPage({ spaceId, title: 'Too old', body: '<p>x</p>' });
		sim.clock.advance(3_600_000);
		sim.store.createPage({ spaceId, title: 'Fresh', body: '<h1>Hello</h1><p>World</p>' });
		const items = await poll(
			{
				events: ['pageCreated'],
				options: {
					startFrom: new Date(T0.getTime() + 1_800_000).toISOString(),
					bodyFormat: 'markdown',
				},
			},
			staticData,
		);
		expect(items.map((item) => item.json.title)).toEqual(['Fresh']);
		expect(String(items[0].json.body)).toMatch(/# Hello\s+World/);
	});
});
