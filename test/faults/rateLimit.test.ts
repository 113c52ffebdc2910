/* Many items sharing one rate limit: Confluence answers 429 + Retry-After beyond 10 requests per second. With the
 * node's concurrency the items race for the freed slots, and a request may lose that race many times in a row; it
 * must still get through (bounded by the total wait, not by a count of attempts), exactly once. */
import { credentialsFor, fastRetries } from '../helpers/fixtures';
import { runNode } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';

let sim: Simulator;

beforeAll(async () => {
	// Retry-After is clamped to 50 ms here, so a request meets the full window many times before it gets a slot.
	fastRetries();
	sim = await startSimulator({ seed: 'empty' });
});

afterAll(async () => await sim?.close());

it('creates every item once at 10 requests per second with concurrency 10, however often each was turned away', async () => {
	const space = sim.store.createSpace({ key: 'RATE', name: 'Rate limited' });
	sim.faults.setRateLimit({ requestsPerSecond: 10, retryAfterSeconds: 1 });
	const items = Array.from({ length: 40 }, (_, index) => ({ title: `Limited ${index}` }));
	const started = Date.now();
	const result = await runNode({
		parameters: {
			resource: 'page',
			operation: 'create',
			space: { __rl: true, mode: 'id', value: space.id },
			title: '={{ $json.title }}',
			body: 'rate limited',
			requestOptions: { concurrency: 10 },
		},
		items,
		credentials: credentialsFor(sim),
	});
	sim.faults.setRateLimit(null);

	expect(result.error?.message).toBeUndefined();
	expect(result.items.map((item) => item.json.title)).toEqual(items.map((item) => item.title));
	const created = sim.store.list('page').filter((page) => page.title.startsWith('Limited '));
	expect(created).toHaveLength(items.length);
	const turnedAway = sim.requests.filter((request) => request.status === 429).length;
	// Each request met the limit several times on average: more than the 6 attempts other failures get.
	expect(turnedAway).toBeGreaterThan(items.length * 2);
	// 40 requests at 10 per second take at least 3 seconds.
	expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
});
