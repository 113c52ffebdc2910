/* issue 13 point 13: the simulator answers every request, whatever a fault or a body holds: an absurd Retry-After in a
 * rate-limit fault (retry-after-absurd) and a title with a lone surrogate (lone-surrogate-text) used to throw inside
 * it ("Invalid Date", "URI malformed") and leave the request hanging or answer 500. */
import { useSimulator } from '../helpers/fixtures';
import { get, post } from './simClient';

describe('simulator robustness', () => {
	const sim = useSimulator('demo');

	test.each([
		'soon',
		'NaN',
		'-5',
		'1e400',
		'9223372036854775807',
		'',
		'Fri, 99 Foo 2026',
		'Infinity',
	])(
		'retry-after-absurd: a rate-limit fault with Retry-After %p answers 429 with it, at once',
		async (retryAfter) => {
			sim.faults.inject({ kind: 'rateLimit', retryAfter, path: /\/pages$/ });
			const reply = await get(sim, '/wiki/api/v2/pages');
			expect(reply.status).toBe(429);
			expect(reply.headers.get('retry-after')).toBe(retryAfter);
			expect(reply.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
			expect(sim.serverErrors).toEqual([]);
		},
	);

	test.each([1e308, Number.NaN, -5, Number.POSITIVE_INFINITY, new Date(Number.NaN)])(
		'retry-after-absurd: a rate-limit fault with retryAfter %p answers 429, at once',
		async (retryAfter) => {
			sim.faults.inject({ kind: 'rateLimit', retryAfter, path: /\/pages$/ });
			const reply = await get(sim, '/wiki/api/v2/pages');
			expect(reply.status).toBe(429);
			expect(sim.serverErrors).toEqual([]);
		},
	);

	test.each(['\ud800', 'a\udc00b', 'end \ud83d', '\udfff\ud800'])(
		'lone-surrogate-text: a page titled %j is created and read back; its links carry U+FFFD',
		async (title) => {
			const created = await post(sim, '/wiki/api/v2/pages', {
				spaceId: sim.demo!.spaceId,
				status: 'current',
				title,
				body: { representation: 'storage', value: '<p>x</p>' },
			});
			expect(created.status).toBe(200);
			const id = String(created.json.id);
			const read = await get(sim, `/wiki/api/v2/pages/${id}`);
			expect(read.status).toBe(200);
			expect(read.text).toContain('%EF%BF%BD');
			expect((await get(sim, `/wiki/api/v2/pages?limit=250`)).status).toBe(200);
			expect(sim.serverErrors).toEqual([]);
		},
	);
});
