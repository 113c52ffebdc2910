/* Many items sharing one rate limit: Confluence answers 429 + Retry-After. With the node's concurrency the items race
 * for the freed slots, and a request may lose that race many times in a row; it must still get through (bounded by the
 * total wait, not by a count of attempts), exactly once.
 *
 * Every assertion here holds at any machine speed: a slow machine spaces requests out by itself and meets a
 * real-time limiter less often, so how often the limiter fired is never asserted. The "turned away many times" case
 * uses a counted fault instead, which turns away exactly as many requests however fast they come. */
import { credentialsFor, fastRetries } from '../helpers/fixtures';
import { runNode } from '../helpers/n8n';
import { RETRY_POLICY } from '../../nodes/Confluence/transport/retry';
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator';

let sim: Simulator;

beforeAll(async () => {
	// Retry-After is clamped to RETRY_POLICY.maxRetryAfterMs (50 ms here), so many turn-aways fit in a test.
	fastRetries();
	sim = await startSimulator({ seed: 'empty' });
});

beforeEach(() => sim.reset('empty'));

afterAll(async () => await sim?.close());

const createRequests = () =>
	sim.requests.filter(
		(request) => request.method === 'POST' && request.path === '/wiki/api/v2/pages',
	);

const titleOf = (request: RecordedRequest) =>
	(request.body as { title?: string } | undefined)?.title ?? '';

/** Every 429 of an item is followed by that item's next attempt no sooner than the (clamped) Retry-After. */
function expectRetryAfterHonoured(requests: RecordedRequest[]): void {
	const byTitle = new Map<string, RecordedRequest[]>();
	for (const request of requests)
		byTitle.set(titleOf(request), [...(byTitle.get(titleOf(request)) ?? []), request]);
	for (const attempts of byTitle.values()) {
		attempts.forEach((attempt, index) => {
			if (attempt.status !== 429) return;
			const next = attempts[index + 1];
			expect(next).toBeDefined();
			const answeredAt = attempt.at.getTime() + attempt.durationMs;
			// 1 ms of slack: `at` has millisecond resolution, durationMs is fractional.
			expect(next.at.getTime()).toBeGreaterThanOrEqual(
				answeredAt + RETRY_POLICY.maxRetryAfterMs - 1,
			);
		});
	}
}

async function createPages(spaceId: string, count: number) {
	const items = Array.from({ length: count }, (_, index) => ({ title: `Limited ${index}` }));
	const result = await runNode({
		parameters: {
			resource: 'page',
			operation: 'create',
			space: { __rl: true, mode: 'id', value: spaceId },
			title: '={{ $json.title }}',
			body: 'rate limited',
			requestOptions: { concurrency: 10 },
		},
		items,
		credentials: credentialsFor(sim),
	});
	return { items, result };
}

it('creates every item once with concurrency 10 when requests are turned away 400 times in a row', async () => {
	const space = sim.store.createSpace({ key: 'RATE', name: 'Rate limited' });
	const turnAways = 400;
	sim.faults.inject({
		kind: 'rateLimit',
		method: 'POST',
		path: /^\/wiki\/api\/v2\/pages$/,
		retryAfter: 1,
		times: turnAways,
	});

	const { items, result } = await createPages(space.id, 40);

	expect(result.error?.message).toBeUndefined();
	expect(result.items.map((item) => item.json.title)).toEqual(items.map((item) => item.title));
	const created = sim.store.list('page').filter((page) => page.title.startsWith('Limited '));
	expect(created.map((page) => page.title).sort()).toEqual(items.map((item) => item.title).sort());
	const requests = createRequests();
	expect(requests.filter((request) => request.status === 429)).toHaveLength(turnAways);
	// 400 turn-aways over 40 items: some item was turned away at least 10 times, more than the 6 attempts that
	// other failures get, and still got through.
	const mostTurnedAway = Math.max(
		...items.map(
			(item) =>
				requests.filter((request) => request.status === 429 && titleOf(request) === item.title)
					.length,
		),
	);
	expect(mostTurnedAway).toBeGreaterThanOrEqual(turnAways / items.length);
	expectRetryAfterHonoured(requests);
});

it('creates every item once at 10 requests per second with concurrency 10', async () => {
	const space = sim.store.createSpace({ key: 'RATE', name: 'Rate limited' });
	sim.faults.setRateLimit({ requestsPerSecond: 10, retryAfterSeconds: 1 });
	const started = Date.now();
	const { items, result } = await createPages(space.id, 40);
	sim.faults.setRateLimit(null);

	expect(result.error?.message).toBeUndefined();
	expect(result.items.map((item) => item.json.title)).toEqual(items.map((item) => item.title));
	const requests = createRequests();
	expect(requests.filter((request) => request.status === 200)).toHaveLength(items.length);
	expect(sim.store.list('page').filter((page) => page.title.startsWith('Limited '))).toHaveLength(
		items.length,
	);
	expectRetryAfterHonoured(requests);
	// A lower bound, true at any speed: 40 accepted requests at 10 per second span at least 3 seconds.
	expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
});
