import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { seededRandom } from '../helpers/random';
import type { Simulator } from '../simulator';
import { CONTENT_EVENTS } from '../../nodes/Confluence/trigger/feeds';

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

/** How one flavour of Confluence runs the scenario. */
export interface ScenarioFlavour {
	/** Settings the flavour varies by seed (e.g. a server time zone, index lag), after the simulator was reset. */
	prepare?(sim: Simulator, seed: number): void;
	poll(parameters: IDataObject, staticData: IDataObject): Promise<INodeExecutionData[]>;
	/** The requests that a poll failing halfway meets with 500s. */
	halfwayFailurePath: RegExp;
	/** Whether pages are trashed between polls (their events still count). */
	trashesPages: boolean;
	/** Clock advance after the history, and before the last polls (past any index lag). */
	afterHistoryMs: number;
	settleMs: number;
}

/**
 * Randomized event streams and poll schedules against the simulator, with faults mid-poll and restarts from saved
 * static data: every event that happens while the trigger is active must be emitted exactly once, in order (within
 * one poll where the index lags).
 */
export async function exactlyOnceScenario(
	sim: Simulator,
	flavour: ScenarioFlavour,
	seed: number,
	steps: number,
) {
	const random = seededRandom(seed);
	sim.reset('empty');
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
	flavour.prepare?.(sim, seed);
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
	sim.clock.advance(flavour.afterHistoryMs);

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
				path: flavour.halfwayFailurePath,
			});
		}
		try {
			const items = await flavour.poll(parameters, staticData);
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
		} else if (flavour.trashesPages && roll < 0.83 && pages.some((id) => !hasChildren.has(id))) {
			// Deleted before the poll: the creation and edits still happened while the trigger was active. (Comments and
			// attachments of trashed content vanish from Confluence's lists with it; that case is documented, not tested.)
			const candidates = pages.filter((id) => !hasChildren.has(id));
			const id = candidates[Math.floor(random() * candidates.length)];
			pages.splice(pages.indexOf(id), 1);
			sim.store.trash(id);
		} else {
			await poll();
		}
		// Equal timestamps are common: the clock often does not move between events.
		const tick = random();
		sim.clock.advance(
			tick < 0.4 ? 0 : tick < 0.9 ? Math.floor(random() * 30_000) : Math.floor(random() * 600_000),
		);
	}
	sim.clock.advance(flavour.settleMs);
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
		// With an index that shows writes at once, across polls too the events come oldest first.
		if (!sim.searchIndexLagMs) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1]);
	}
	return { events: expected.length, failedPolls };
}
