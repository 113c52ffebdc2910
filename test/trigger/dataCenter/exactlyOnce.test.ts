/* The randomized exactly-once scenario of test/trigger/exactlyOnce.test.ts on the Data Center flavour: CQL search at
 * minute precision, a server in another time zone, a lagging search index, faults mid-poll and restarts from saved
 * static data. Every event that happens while the trigger is active is emitted exactly once. */
import type { IDataObject } from 'n8n-workflow';

import { fastRetries } from '../../helpers/fixtures';
import { seededRandom } from '../../helpers/random';
import { startSimulator, type Simulator } from '../../simulator';
import { CONTENT_EVENTS } from '../../../nodes/Confluence/trigger/feeds';
import { pollDataCenter } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'empty', flavor: 'datacenter' });
});
afterAll(async () => await sim.close());

interface Expected {
	key: string;
	at: number;
}

const EVENTS = [...CONTENT_EVENTS];

function keyOf(json: IDataObject): string {
	if (json.event === 'commentCreated' || json.event === 'attachmentCreated')
		return `${String(json.event)}:${String(json.id)}`;
	return `${String(json.event)}:${String(json.id)}:v${String(json.version)}`;
}

async function scenario(seed: number, steps: number) {
	const random = seededRandom(seed);
	sim.reset('empty');
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
	sim.dataCenter!.settings.serverTimeZone = seed % 2 ? 'America/St_Johns' : 'Asia/Kolkata';
	// The index shows each write up to 20 s late; the default index lag option (300 s) covers it.
	sim.searchIndexLagMs = (seed % 3) * 10_000;
	const space = sim.store.createSpace({ key: `S${seed}`, name: `Space ${seed}` });
	// History before activation: must never be emitted.
	const pages: string[] = [];
	const blogPosts: string[] = [];
	for (let index = 0; index < 5; index++) {
		pages.push(
			sim.store.createPage({
				spaceId: space.id,
				title: `Old page ${index}`,
				body: '<p>old text</p>',
			}).id,
		);
		sim.clock.advance(Math.floor(random() * 20_000));
	}
	sim.clock.advance(1_000);

	let staticData: IDataObject = {};
	const parameters = { events: EVENTS };
	const emitted: IDataObject[] = [];
	const expected: Expected[] = [];
	let activated = false;
	let failedPolls = 0;
	let titles = 0;
	const hasChildren = new Set<string>();

	const poll = async () => {
		// Sometimes the poll meets a rate limit or a flaky gateway: the transport retries and the poll completes.
		const fault = random();
		if (fault < 0.1)
			sim.faults.inject({ kind: 'rateLimit', times: 1 + Math.floor(random() * 2), retryAfter: 0 });
		else if (fault < 0.15) sim.faults.inject({ kind: 'serverError', status: 502, times: 1 });
		else if (fault < 0.22) {
			// A poll that fails halfway: more failures than the transport retries; nothing may be lost or repeated.
			sim.faults.inject({
				kind: 'serverError',
				status: 500,
				times: 100,
				path: /\/content\/search$/,
			});
		}
		try {
			const items = await pollDataCenter(sim, parameters, staticData);
			emitted.push(...items.map((item) => item.json));
		} catch (error) {
			failedPolls++;
			expect(String((error as Error).message)).toMatch(/Confluence is unavailable \(500/);
		}
		sim.faults.clear();
		activated = true;
		// n8n restarts now and then: static data survives as JSON.
		if (random() < 0.2) staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	};

	await poll();
	for (let step = 0; step < steps; step++) {
		const roll = random();
		const now = () => sim.clock.now().getTime();
		if (roll < 0.25) {
			const page = sim.store.createPage({
				spaceId: space.id,
				title: `Page ${seed}-${titles++}`,
				body: '<p>some page text</p>',
			});
			pages.push(page.id);
			expected.push({ key: `pageCreated:${page.id}:v1`, at: now() });
		} else if (roll < 0.45 && pages.length) {
			const id = pages[Math.floor(random() * pages.length)];
			const updated = sim.store.updateContent(id, { body: `<p>edit ${step}</p>` });
			expected.push({ key: `pageUpdated:${id}:v${updated.versions.length}`, at: now() });
		} else if (roll < 0.55) {
			const post = sim.store.createBlogPost({
				spaceId: space.id,
				title: `Post ${seed}-${titles++}`,
				body: '<p>news</p>',
			});
			blogPosts.push(post.id);
			expected.push({ key: `blogPostCreated:${post.id}:v1`, at: now() });
		} else if (roll < 0.62 && blogPosts.length) {
			const id = blogPosts[Math.floor(random() * blogPosts.length)];
			const updated = sim.store.updateContent(id, { body: `<p>news ${step}</p>` });
			expected.push({ key: `blogPostUpdated:${id}:v${updated.versions.length}`, at: now() });
		} else if (roll < 0.72 && pages.length) {
			const containerId = pages[Math.floor(random() * pages.length)];
			hasChildren.add(containerId);
			const comment = sim.store.addComment({
				containerId,
				location: 'footer',
				body: '<p>looks good</p>',
			});
			expected.push({ key: `commentCreated:${comment.id}`, at: now() });
		} else if (roll < 0.8 && pages.length) {
			const containerId = pages[Math.floor(random() * pages.length)];
			hasChildren.add(containerId);
			const attachment = sim.store.addAttachment({
				containerId,
				fileName: `file-${step}.txt`,
				data: `bytes ${step}`,
			});
			expected.push({ key: `attachmentCreated:${attachment.id}`, at: now() });
		} else {
			await poll();
		}
		// Equal timestamps are common: the clock often does not move between events.
		const tick = random();
		sim.clock.advance(
			tick < 0.4 ? 0 : tick < 0.9 ? Math.floor(random() * 30_000) : Math.floor(random() * 600_000),
		);
	}
	// Past the index lag, so every write is searchable.
	sim.clock.advance(31_000);
	await poll();
	await poll();
	expect(activated).toBe(true);

	const emittedKeys = emitted.map(keyOf);
	const counts = new Map<string, number>();
	for (const key of emittedKeys) counts.set(key, (counts.get(key) ?? 0) + 1);
	const repeated = [...counts.entries()].filter(([, count]) => count > 1).map(([key]) => key);
	const lost = expected.map((event) => event.key).filter((key) => !counts.has(key));
	const unexpected = emittedKeys.filter((key) => !expected.some((event) => event.key === key));
	expect({ seed, repeated, lost, unexpected }).toEqual({
		seed,
		repeated: [],
		lost: [],
		unexpected: [],
	});
	const times = emitted.map((json) => Date.parse(String(json.at)));
	for (let index = 1; index < times.length; index++) {
		// Within one poll, oldest first (a lagging index may show an older event in a later poll).
		if (!sim.searchIndexLagMs) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1]);
	}
	return { events: expected.length, failedPolls };
}

describe('Confluence Trigger exactly-once on Data Center', () => {
	const seeds = Array.from({ length: 6 }, (_, index) => index + 1);
	let failedPolls = 0;
	it.each(seeds)('seed %i: every event once, none lost, none repeated', async (seed) => {
		const result = await scenario(seed, 120);
		expect(result.events).toBeGreaterThan(40);
		failedPolls += result.failedPolls;
	});

	it('exercised polls that failed halfway', () => {
		expect(failedPolls).toBeGreaterThan(0);
	});
});
