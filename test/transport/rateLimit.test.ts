import { credentialsFor, useSimulator } from '../helpers/fixtures';
import { runNode, type AuthKind } from '../helpers/n8n';

const sim = useSimulator('demo');

const listSpaces = (requestOptions: Record<string, unknown> = {}) => ({
	resource: 'space',
	operation: 'getMany',
	returnAll: true,
	requestOptions,
});

const spaceCalls = () => sim.requests.filter((request) => request.path === '/wiki/api/v2/spaces');

describe.each(['documented', 'beta'] as const)(
	'quota rate limits (quota-rate-limit-headers: %s)',
	(quotaHeaders) => {
		it.each(['oAuth2', 'apiToken'] as AuthKind[])(
			'a used-up hourly quota fails at once with its reason and reset time (%s)',
			async (auth) => {
				sim.settings.quotaHeaders = quotaHeaders;
				// Atlassian's example: the quota resets at the top of the hour, 1847 s away.
				sim.faults.inject({
					kind: 'rateLimit',
					reason: 'confluence-quota-tenant-based',
					retryAfter: 1847,
					path: /\/spaces$/,
				});
				const started = Date.now();
				const result = await runNode({
					parameters: listSpaces(),
					credentials: credentialsFor(sim),
					auth,
				});
				const resetAt = new Date(started + 1847_000).toISOString().slice(0, 16).replace('T', ' ');
				expect(result.error?.message).toContain("Confluence's request quota is used up");
				expect(result.error?.message).toContain('(confluence-quota-tenant-based)');
				expect(result.error?.message).toContain(`resets at ${resetAt}`);
				expect(result.error?.message).toMatch(/in 3[01] min/);
				expect(result.error?.description).toContain('Max Wait on Rate Limit');
				expect(result.error?.description).not.toMatch(/lower the node's concurrency/i);
				// No retry could succeed before the reset: one request, no waiting.
				expect(spaceCalls()).toHaveLength(1);
			},
		);
	},
);

// Ledger rows: quota-rate-limit, quota-rate-limit-headers, burst-rate-limit (test/simulator/REALITY.md).
describe('Max Wait on Rate Limit', () => {
	it('waits out a quota whose reset comes within the maximum wait, then succeeds', async () => {
		sim.faults.inject({
			kind: 'rateLimit',
			reason: 'confluence-quota-tenant-based',
			retryAfter: 120,
			path: /\/spaces$/,
		});
		const result = await runNode({
			parameters: listSpaces({ maxRateLimitWait: 600 }),
			credentials: credentialsFor(sim),
			auth: 'oAuth2',
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.key)).toContain('DEMO');
		expect(spaceCalls().map((call) => call.status)).toEqual([429, 200]);
	});

	it('a burst limit announced beyond the maximum wait fails at once, naming the burst limit and what to do', async () => {
		sim.faults.inject({ kind: 'rateLimit', retryAfter: 20, path: /\/spaces$/ });
		const result = await runNode({
			parameters: listSpaces({ maxRateLimitWait: 10 }),
			credentials: credentialsFor(sim),
			continueOnFail: true,
		});
		const [item] = result.items;
		expect(item.json.error).toContain('too many requests in a short time');
		expect(item.json.error).toContain('(confluence-burst-based)');
		expect(item.json.error).toMatch(/resets at .* UTC, in 20 s/);
		expect(String(item.json.description)).toContain('The node waits at most 10 s');
		expect(String(item.json.description)).toMatch(/Lower the node's concurrency/);
		expect(spaceCalls()).toHaveLength(1);
	});

	it('a short burst limit is still waited out by default', async () => {
		sim.faults.inject({ kind: 'rateLimit', retryAfter: 1, times: 2, path: /\/spaces$/ });
		const result = await runNode({ parameters: listSpaces(), credentials: credentialsFor(sim) });
		expect(result.error).toBeUndefined();
		expect(spaceCalls().map((call) => call.status)).toEqual([429, 429, 200]);
	});

	it('a quota answer whose reset stamp is already past is no reset time: backs off, then says it does not know', async () => {
		sim.settings.quotaHeaders = 'beta';
		sim.faults.inject({
			kind: 'rateLimit',
			reason: 'confluence-quota-tenant-based',
			retryAfter: new Date(Date.now() - 60_000),
			times: Infinity,
			path: /\/spaces$/,
		});
		const result = await runNode({
			parameters: listSpaces({ maxRateLimitWait: 0.2 }),
			credentials: credentialsFor(sim),
			auth: 'oAuth2',
		});
		expect(result.error?.message).toContain('Confluence did not say when it resets');
		expect(spaceCalls().length).toBeLessThan(10);
	});
});
