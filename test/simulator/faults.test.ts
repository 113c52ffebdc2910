/* REALITY.md rows exercised here: rate-limit-429-headers, transient-5xx-retry-after. */
import { useSimulator } from '../helpers/fixtures';
import { basicAuth, get, post } from './simClient';

describe('simulator faults, rate limits and clock', () => {
	const sim = useSimulator('demo');

	test('rateLimit: N matching requests get 429 with the Atlassian header set, then normal answers', async () => {
		sim.clock.set('2026-05-01T12:00:00Z');
		const handle = sim.faults.inject({
			kind: 'rateLimit',
			method: 'GET',
			path: /\/pages$/,
			times: 2,
			retryAfter: 7,
			reason: 'confluence-quota-based',
		});
		for (let i = 0; i < 2; i++) {
			const reply = await get(sim, '/wiki/api/v2/pages');
			expect(reply.status).toBe(429);
			expect(reply.headers.get('retry-after')).toBe('7');
			expect(reply.headers.get('x-ratelimit-limit')).toBe('100');
			expect(reply.headers.get('x-ratelimit-remaining')).toBe('0');
			expect(reply.headers.get('x-ratelimit-nearlimit')).toBe('true');
			expect(reply.headers.get('x-ratelimit-reset')).toBe('2026-05-01T12:00Z');
			expect(reply.headers.get('ratelimit-reason')).toBe('confluence-quota-based');
		}
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200); // path does not match
		expect((await get(sim, '/wiki/api/v2/pages')).status).toBe(200);
		expect(handle.hits).toBe(2);
		expect(handle.remaining).toBe(0);
		expect(sim.faults.injectedCount).toBe(2);
		expect(sim.requests.filter((r) => r.fault === 'rateLimit')).toHaveLength(2);
	});

	test('rateLimit with an HTTP-date Retry-After', async () => {
		const until = new Date('2030-01-01T00:00:30Z');
		sim.faults.inject({ kind: 'rateLimit', retryAfter: until });
		const reply = await get(sim, '/wiki/api/v2/spaces');
		expect(reply.headers.get('retry-after')).toBe('Tue, 01 Jan 2030 00:00:30 GMT');
		expect(reply.headers.get('x-ratelimit-reset')).toBe('2030-01-01T00:00Z');
	});

	test('serverError: 503 with Retry-After, 500 and 502 without', async () => {
		sim.faults.inject({ kind: 'serverError', status: 503, retryAfter: 2 });
		const unavailable = await get(sim, '/wiki/api/v2/spaces');
		expect(unavailable.status).toBe(503);
		expect(unavailable.headers.get('retry-after')).toBe('2');
		expect((unavailable.json.errors as Array<{ code: string }>)[0].code).toBe(
			'SERVICE_UNAVAILABLE',
		);
		sim.faults.inject({ kind: 'serverError', status: 500 });
		sim.faults.inject({ kind: 'serverError', status: 502 });
		const first = await get(sim, '/wiki/api/v2/spaces');
		const second = await get(sim, '/wiki/api/v2/spaces');
		expect([first.status, second.status]).toEqual([500, 502]);
		expect(first.headers.get('retry-after')).toBeNull();
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
	});

	test('latency: a spike on matching requests and a global latency', async () => {
		const spike = sim.faults.inject({ kind: 'latency', ms: 300, path: '/spaces' });
		let started = performance.now();
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(290);
		await get(sim, '/wiki/api/v2/spaces');
		// The spike is spent (times defaults to 1): the second request is not delayed. Counted, not timed, so that a
		// loaded machine cannot fail it.
		expect(spike.hits).toBe(1);
		expect(spike.remaining).toBe(0);
		sim.faults.setLatency(150);
		started = performance.now();
		await get(sim, '/wiki/api/v2/pages?limit=1');
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		sim.faults.setLatency(0);
	});

	test('dropBeforeApply: the socket closes without an answer and nothing changes', async () => {
		sim.faults.inject({ kind: 'dropBeforeApply', method: 'POST', path: /\/pages$/ });
		await expect(
			post(sim, '/wiki/api/v2/pages', { spaceId: sim.demo!.spaceId, title: 'Dropped' }),
		).rejects.toThrow();
		expect(sim.store.findByTitle(sim.demo!.spaceId, 'page', 'Dropped')).toBeUndefined();
		expect(sim.requests.find((r) => r.method === 'POST')).toMatchObject({
			status: 0,
			fault: 'dropBeforeApply',
		});
		// the retry goes through
		expect(
			(await post(sim, '/wiki/api/v2/pages', { spaceId: sim.demo!.spaceId, title: 'Dropped' }))
				.status,
		).toBe(200);
	});

	test('dropAfterApply: the change happens, then the socket closes; a blind retry hits the duplicate title', async () => {
		sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/pages$/ });
		await expect(
			post(sim, '/wiki/api/v2/pages', { spaceId: sim.demo!.spaceId, title: 'Applied' }),
		).rejects.toThrow();
		expect(sim.store.findByTitle(sim.demo!.spaceId, 'page', 'Applied')).toBeDefined();
		sim.setContractValidation(false);
		expect(
			(await post(sim, '/wiki/api/v2/pages', { spaceId: sim.demo!.spaceId, title: 'Applied' }))
				.status,
		).toBe(400);
		sim.setContractValidation(true);
	});

	test('expiredToken: Bearer requests get 401 and the token is really expired; 403/404 variants', async () => {
		const tokens = sim.oauth.issueTokens();
		const gateway = `/ex/confluence/${sim.cloudId}/wiki/api/v2/spaces`;
		sim.faults.inject({ kind: 'expiredToken' });
		const first = await get(sim, gateway, { auth: `Bearer ${tokens.access_token}` });
		expect(first.status).toBe(401);
		expect(first.json).toEqual({ code: 401, message: 'Unauthorized' });
		expect((await get(sim, gateway, { auth: `Bearer ${tokens.access_token}` })).status).toBe(401);
		const fresh = sim.oauth.issueTokens();
		expect((await get(sim, gateway, { auth: `Bearer ${fresh.access_token}` })).status).toBe(200);

		sim.faults.inject({ kind: 'expiredToken', status: 403 });
		expect((await get(sim, gateway, { auth: `Bearer ${fresh.access_token}` })).status).toBe(403);
		const another = sim.oauth.issueTokens();
		sim.faults.inject({ kind: 'expiredToken', status: 404 });
		expect((await get(sim, gateway, { auth: `Bearer ${another.access_token}` })).status).toBe(404);

		sim.faults.inject({ kind: 'expiredToken' });
		expect((await get(sim, '/wiki/api/v2/spaces', { auth: basicAuth() })).status).toBe(401);
		expect((await get(sim, '/wiki/api/v2/spaces', { auth: basicAuth() })).status).toBe(200);
	});

	test('setRateLimit: beyond N requests per second answers 429 with Retry-After', async () => {
		// The limiter counts on the simulator's clock: frozen, all eight requests fall in the same second however slowly
		// a loaded machine sends them.
		sim.clock.set('2026-01-01T00:00:00.000Z');
		sim.faults.setRateLimit({ requestsPerSecond: 5 });
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await get(sim, '/wiki/api/v2/spaces')).status);
		expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
		expect(statuses.slice(5)).toEqual([429, 429, 429]);
		const limited = sim.requests.filter((r) => r.status === 429);
		expect(limited).toHaveLength(3);
		const reply = await get(sim, '/wiki/api/v2/spaces');
		expect(reply.status).toBe(429);
		expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		sim.clock.advance(1001);
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
		sim.faults.setRateLimit(null);
		sim.clock.useRealTime();
		for (let i = 0; i < 10; i++) expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
	});

	test('times: Infinity keeps faulting until cancelled; clear() removes everything', async () => {
		const handle = sim.faults.inject({ kind: 'serverError', status: 500, times: Infinity });
		for (let i = 0; i < 3; i++) expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(500);
		handle.cancel();
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
		sim.faults.inject({ kind: 'serverError', times: Infinity });
		sim.faults.clear();
		expect((await get(sim, '/wiki/api/v2/spaces')).status).toBe(200);
		expect(sim.faults.log.map((entry) => entry.kind)).toEqual([
			'serverError',
			'serverError',
			'serverError',
		]);
	});

	test('clock: freeze, advance, back to real time; createdAt and version dates follow it', async () => {
		sim.clock.set('2025-12-31T23:59:00.000Z');
		expect(sim.clock.frozen).toBe(true);
		const created = await post(sim, '/wiki/api/v2/pages', {
			spaceId: sim.demo!.spaceId,
			title: 'Timed',
		});
		expect(created.json.createdAt).toBe('2025-12-31T23:59:00.000Z');
		sim.clock.advance(90_000);
		expect(sim.clock.now().toISOString()).toBe('2026-01-01T00:00:30.000Z');
		const id = created.json.id as string;
		const updated = await post(sim, `/wiki/api/v2/pages/${id}/properties`, { key: 'k', value: 1 });
		expect((updated.json.version as { createdAt: string }).createdAt).toBe(
			'2026-01-01T00:00:30.000Z',
		);
		sim.clock.useRealTime();
		expect(sim.clock.frozen).toBe(false);
		expect(Math.abs(sim.clock.now().getTime() - Date.now())).toBeLessThan(1000);
		sim.clock.advance(3_600_000);
		expect(sim.clock.now().getTime() - Date.now()).toBeGreaterThan(3_590_000);
		sim.clock.useRealTime();
	});
});
