import {
	isRetryable,
	parseRetryAfter,
	readRateLimit,
	retryDelayMs,
	RETRY_POLICY,
} from '../../nodes/Confluence/transport/retry';

const saved = { ...RETRY_POLICY };
afterEach(() => Object.assign(RETRY_POLICY, saved));

const failure = (status?: number, headers: Record<string, string> = {}, code?: string) => ({
	status,
	headers,
	body: undefined,
	code,
});

describe('isRetryable', () => {
	it('retries 429 and 503 for every method: Confluence turned the request away', () => {
		expect(isRetryable(failure(429), false)).toBe(true);
		expect(isRetryable(failure(503), false)).toBe(true);
	});

	it('retries 500/502/504 only when repeating cannot write twice', () => {
		for (const status of [500, 502, 504]) {
			expect(isRetryable(failure(status), true)).toBe(true);
			expect(isRetryable(failure(status), false)).toBe(false);
		}
	});

	it('never retries client errors', () => {
		for (const status of [400, 401, 403, 404, 409, 410, 413])
			expect(isRetryable(failure(status), true)).toBe(false);
	});

	it('retries a refused connection always, a reset connection only when idempotent', () => {
		expect(isRetryable(failure(undefined, {}, 'ECONNREFUSED'), false)).toBe(true);
		expect(isRetryable(failure(undefined, {}, 'ECONNRESET'), false)).toBe(false);
		expect(isRetryable(failure(undefined, {}, 'ECONNRESET'), true)).toBe(true);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');
	it('reads seconds', () => expect(parseRetryAfter('7', now)).toBe(7000));
	it('reads an HTTP date', () =>
		expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30000));
	it('treats a date in the past as no wait', () =>
		expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0));
	it('ignores garbage', () => expect(parseRetryAfter('soon', now)).toBeUndefined());
});

describe('retryDelayMs', () => {
	beforeEach(() => {
		RETRY_POLICY.random = () => 0.5;
		RETRY_POLICY.now = () => Date.parse('2026-11-23T12:00:00Z');
	});

	it('waits what Retry-After says', () => {
		expect(retryDelayMs(failure(429, { 'retry-after': '3' }), 1, 0)).toBe(3000);
	});

	it('ignores absurd Retry-After values and backs off instead (Atlassian has sent 9223372036854775807)', () => {
		expect(retryDelayMs(failure(429, { 'retry-after': '9223372036854775807' }), 1, 0)).toBe(750);
	});

	it('gives up at once when the announced wait exceeds the maximum wait, instead of retrying early', () => {
		expect(retryDelayMs(failure(429, { 'retry-after': '1847' }), 1, 0, 180_000)).toBeUndefined();
		expect(retryDelayMs(failure(429, { 'retry-after': '1847' }), 1, 0, 3_600_000)).toBe(1_847_000);
	});

	it('backs off exponentially with jitter, capped', () => {
		const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(failure(503), attempt, 0));
		expect(delays).toEqual([750, 1500, 3000, 6000, 12000]);
		RETRY_POLICY.maxAttempts = 20;
		expect(retryDelayMs(failure(503), 10, 0)).toBe(22500);
	});

	it('gives up after the last attempt', () => {
		expect(retryDelayMs(failure(503), RETRY_POLICY.maxAttempts, 0)).toBeUndefined();
	});

	it('gives up when the total wait would exceed the budget', () => {
		expect(
			retryDelayMs(failure(429, { 'retry-after': '30' }), 1, RETRY_POLICY.maxTotalWaitMs - 1000),
		).toBeUndefined();
	});
});

describe('readRateLimit', () => {
	const now = Date.parse('2026-11-23T12:29:13Z');
	const limited = (headers: Record<string, string>) => readRateLimit(failure(429, headers), now);

	it('tells a quota limit from a burst limit by RateLimit-Reason', () => {
		expect(limited({ 'ratelimit-reason': 'confluence-quota-tenant-based' })?.kind).toBe('quota');
		expect(limited({ 'ratelimit-reason': 'confluence-burst-based' })?.kind).toBe('burst');
		expect(limited({ 'x-beta-ratelimit-reason': 'confluence-quota-global-based' })?.kind).toBe(
			'quota',
		);
	});

	it('reads the reset from Retry-After, the RateLimit header (both drafts) or X-RateLimit-Reset', () => {
		expect(limited({ 'retry-after': '1847' })?.waitMs).toBe(1_847_000);
		expect(limited({ ratelimit: '"tenant-app-quota";r=0;t=1847' })?.waitMs).toBe(1_847_000);
		expect(limited({ 'beta-ratelimit': '"tenant-app-quota";r=0;t=60' })?.waitMs).toBe(60_000);
		expect(limited({ ratelimit: 'limit=100, remaining=0, reset=30' })?.waitMs).toBe(30_000);
		expect(limited({ 'x-ratelimit-reset': '2026-11-23T13:00Z' })?.resetAt).toBe(
			Date.parse('2026-11-23T13:00:00Z'),
		);
	});

	it('a quota reset stamp already past is no reset time', () => {
		expect(
			limited({
				'x-beta-ratelimit-reason': 'confluence-quota-tenant-based',
				'x-beta-ratelimit-reset': '2026-11-23T12:00Z',
			})?.waitMs,
		).toBeUndefined();
	});

	it('is undefined for anything but a 429', () => {
		expect(readRateLimit(failure(503, { 'retry-after': '5' }), now)).toBeUndefined();
	});
});
