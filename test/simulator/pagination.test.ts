/* REALITY.md rows exercised here: v2-bad-cursor-400, v2-next-link-site-relative. */
import { startSimulator, type Simulator } from './index';
import { INVALID_CURSOR_DETAIL, INVALID_CURSOR_TITLE } from './pagination';
import { collectAll, get } from './simClient';

describe('simulator pagination', () => {
	let sim: Simulator;
	let spaceId: string;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'empty' });
	});
	beforeEach(() => {
		sim.reset('empty');
		spaceId = sim.store.createSpace({ key: 'BIG', name: 'Big space' }).id;
	});
	afterAll(async () => await sim.close());

	test('v2 lists page past 250 with a Link header and a relative _links.next', async () => {
		sim.store.seedPages(600, { spaceId });
		const { results, pages } = await collectAll(
			sim,
			`/wiki/api/v2/pages?space-id=${spaceId}&limit=250`,
		);
		expect(pages).toHaveLength(3);
		expect(results).toHaveLength(601); // 600 + the homepage
		expect(new Set(results.map((r) => r.id)).size).toBe(601);
		for (const page of pages.slice(0, 2)) {
			const next = (page.json._links as { next: string; base: string }).next;
			expect(next.startsWith('/wiki/api/v2/pages?')).toBe(true);
			expect(next).toContain('limit=250');
			expect(next).toContain(`space-id=${spaceId}`);
			expect(page.headers.get('link')).toBe(
				`<${next}>; rel="next", <${sim.baseUrl}/wiki>; rel="base"`,
			);
			expect((page.json._links as { base: string }).base).toBe(`${sim.baseUrl}/wiki`);
		}
		const last = pages[2];
		expect(last.headers.get('link')).toBeNull();
		expect(last.json._links).toEqual({ base: `${sim.baseUrl}/wiki` });
		expect(sim.contractViolations).toEqual([]);
	});

	test('default limit is 25 and ids come in ascending order by default', async () => {
		sim.store.seedPages(30, { spaceId });
		const reply = await get(sim, '/wiki/api/v2/pages');
		expect(reply.json.results).toHaveLength(25);
		const ids = (reply.json.results ?? []).map((r) => Number(r.id));
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
	});

	test('the cursor is a position, not an offset: inserts during iteration neither duplicate nor skip', async () => {
		sim.store.seedPages(100, { spaceId, titlePrefix: 'M' });
		const first = await get(sim, `/wiki/api/v2/pages?space-id=${spaceId}&sort=title&limit=40`);
		const seen = (first.json.results ?? []).map((r) => r.title as string);
		// Titles sorting before everything already served, then more after the cursor position.
		sim.store.seedPages(30, { spaceId, titlePrefix: 'A' });
		sim.store.seedPages(5, { spaceId, titlePrefix: 'Z' });
		const rest = await collectAll(sim, (first.json._links as { next: string }).next);
		const all = [...seen, ...rest.results.map((r) => r.title as string)];
		expect(new Set(all).size).toBe(all.length);
		expect(all.filter((t) => t.startsWith('M '))).toHaveLength(100);
		expect(all.filter((t) => t.startsWith('A '))).toHaveLength(0);
		expect(all.filter((t) => t.startsWith('Z '))).toHaveLength(5);
	});

	test('sorts the spec lists: -id, title, -modified-date', async () => {
		const [a, b, c] = sim.store.seedPages(3, { spaceId, titlePrefix: 'Page' });
		sim.store.updateContent(a.id, { body: '<p>edited later</p>' });
		const byIdDesc = await get(sim, `/wiki/api/v2/spaces/${spaceId}/pages?sort=-id&limit=3`);
		expect((byIdDesc.json.results ?? []).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
		sim.clock.advance(60_000);
		sim.store.updateContent(b.id, { body: '<p>edited last</p>' });
		const byModified = await get(
			sim,
			`/wiki/api/v2/spaces/${spaceId}/pages?sort=-modified-date&limit=2`,
		);
		expect((byModified.json.results ?? []).map((r) => r.id)[0]).toBe(b.id);
	});

	describe('invalid requests', () => {
		beforeEach(() => sim.setContractValidation(false));
		afterEach(() => sim.setContractValidation(true));

		test('a bad cursor answers the exact INVALID_REQUEST_PARAMETER body', async () => {
			const reply = await get(sim, '/wiki/api/v2/pages?cursor=not-a-cursor');
			expect(reply.status).toBe(400);
			expect(reply.json).toEqual({
				errors: [
					{
						status: 400,
						code: 'INVALID_REQUEST_PARAMETER',
						title: INVALID_CURSOR_TITLE,
						detail: INVALID_CURSOR_DETAIL,
					},
				],
			});
			expect(INVALID_CURSOR_TITLE).toBe(
				"Provided value for 'cursor' is not the correct type. Expected type is Cursor.",
			);
		});

		test('an unknown sort is rejected', async () => {
			expect((await get(sim, '/wiki/api/v2/pages?sort=colour')).status).toBe(400);
		});

		test('a cursor from another sort is rejected', async () => {
			sim.store.seedPages(5, { spaceId });
			const first = await get(sim, '/wiki/api/v2/pages?limit=2&sort=title');
			const cursor = new URL(
				`http://x${(first.json._links as { next: string }).next}`,
			).searchParams.get('cursor');
			const reply = await get(sim, `/wiki/api/v2/pages?limit=2&sort=-id&cursor=${cursor}`);
			expect(reply.status).toBe(400);
		});

		test.each(['0', '251', 'ten', '-1'])('limit=%s is rejected with 400', async (limit) => {
			const reply = await get(sim, `/wiki/api/v2/pages?limit=${limit}`);
			expect(reply.status).toBe(400);
			expect((reply.json.errors as Array<{ code: string }>)[0].code).toBe(
				'INVALID_REQUEST_PARAMETER',
			);
		});

		test('limit=250 and limit=1 are accepted', async () => {
			expect((await get(sim, '/wiki/api/v2/pages?limit=250')).status).toBe(200);
			expect((await get(sim, '/wiki/api/v2/pages?limit=1')).status).toBe(200);
		});
	});

	// REALITY.md v2-limit-overflow: both answers are served (variant limitOverflow).
	test("limitOverflow: 'clamp' serves 250 for larger limits instead of a 400", async () => {
		const clamping = await startSimulator({
			seed: 'empty',
			limitOverflow: 'clamp',
			contract: false,
		});
		try {
			const space = clamping.store.createSpace({ key: 'C', name: 'Clamped' });
			clamping.store.seedPages(300, { spaceId: space.id });
			const reply = await get(clamping, '/wiki/api/v2/pages?limit=1000');
			expect(reply.status).toBe(200);
			expect(reply.json.results).toHaveLength(250);
			expect((reply.json._links as { next?: string }).next).toContain('limit=1000');
		} finally {
			await clamping.close();
		}
	});

	// REALITY.md v2-array-query: the v2 spec declares no style for array parameters (OpenAPI's default: repeated form).
	test('v2 array parameters: repeated always; a comma list only under the repeated-or-comma reading', async () => {
		sim.store.seedPages(2, { spaceId });
		sim.store.createPage({ spaceId, title: 'Old', body: '<p>old</p>', status: 'archived' });
		sim.setContractValidation(false);
		try {
			const repeated = await get(sim, `/wiki/api/v2/pages?status=current&status=archived`);
			expect(repeated.status).toBe(200);
			const comma = await get(sim, `/wiki/api/v2/pages?status=current,archived`);
			expect(comma.status).toBe(400);
			sim.setVariants({ v2ArrayQuery: 'repeated-or-comma' });
			const read = await get(sim, `/wiki/api/v2/pages?status=current,archived`);
			expect(read.status).toBe(200);
			expect(read.json.results).toEqual(repeated.json.results);
		} finally {
			sim.setContractValidation(true);
		}
	});

	test('through the gateway _links.next stays site-relative', async () => {
		sim.store.seedPages(10, { spaceId });
		const tokens = sim.oauth.issueTokens();
		const reply = await get(sim, `/ex/confluence/${sim.cloudId}/wiki/api/v2/pages?limit=4`, {
			auth: `Bearer ${tokens.access_token}`,
		});
		expect(reply.status).toBe(200);
		const next = (reply.json._links as { next: string }).next;
		expect(next.startsWith('/wiki/api/v2/pages?')).toBe(true);
		const second = await get(sim, `/ex/confluence/${sim.cloudId}${next}`, {
			auth: `Bearer ${tokens.access_token}`,
		});
		expect(second.json.results).toHaveLength(4);
	});

	test('v1 lists use the start/limit envelope', async () => {
		const page = sim.store.createPage({ spaceId, title: 'Labelled' });
		for (const name of ['a1', 'b2', 'c3', 'd4', 'e5']) sim.store.addLabel(page.id, name);
		const reply = await get(sim, '/wiki/rest/api/longtask?limit=2');
		expect(reply.json).toMatchObject({ results: [], start: 0, limit: 2, size: 0 });
		const task = sim.store.createLongTask({ key: 'a' });
		sim.store.createLongTask({ key: 'b' });
		sim.store.createLongTask({ key: 'c' });
		const first = await get(sim, '/wiki/rest/api/longtask?limit=2');
		expect(first.json).toMatchObject({ start: 0, limit: 2, size: 2 });
		const links = first.json._links as Record<string, string>;
		expect(links).toMatchObject({ base: `${sim.baseUrl}/wiki`, context: '/wiki' });
		expect(links.self).toBe(`${sim.baseUrl}/wiki/rest/api/longtask`);
		expect(links.next).toBe('/rest/api/longtask?limit=2&start=2');
		const second = await get(sim, `/wiki${links.next}`);
		expect(second.json).toMatchObject({ start: 2, size: 1 });
		expect((second.json.results ?? []).map((r) => r.id)).toEqual([task.id]);
		expect((second.json._links as Record<string, string>).next).toBeUndefined();
		expect((second.json._links as Record<string, string>).prev).toBe(
			'/rest/api/longtask?limit=2&start=0',
		);
	});

	test('10,000 seeded pages list a full page sorted by title', async () => {
		sim.store.seedPages(10_000, { spaceId });
		const reply = await get(sim, `/wiki/api/v2/spaces/${spaceId}/pages?limit=250&sort=-title`);
		expect(reply.json.results).toHaveLength(250);
	});
});
