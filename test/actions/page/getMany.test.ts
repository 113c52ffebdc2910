import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, emptyLocator, expectCleanExchange, ok } from './helpers';

describe('page: getMany', () => {
	const bed = useTestBed('demo');

	const list = (extra: Record<string, unknown>) => ({
		resource: 'page',
		operation: 'getMany',
		...extra,
	});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('Return All walks past 250 in ceil(N/250) requests', async () => {
			const space = bed.sim.store.createSpace({ key: 'BULK', name: 'Bulk' });
			bed.sim.store.seedPages(600, { spaceId: space.id, parentId: space.homepageId });
			const total = 600 + 1;
			const pages = ok(
				await bed.run({ auth, parameters: list({ space: byId(space.id), returnAll: true }) }),
			);
			expect(pages).toHaveLength(total);
			expect(new Set(pages.map((page) => page.id)).size).toBe(total);
			const requests = apiRequests(bed.sim, 'GET', new RegExp(`/spaces/${space.id}/pages$`));
			expect(requests).toHaveLength(Math.ceil(total / 250));
			expect(requests.every((request) => Number(request.query.limit) <= 250)).toBe(true);
			expectCleanExchange(bed.sim);
		});
	});

	it('stops at the limit with one request of that size', async () => {
		const pages = ok(await bed.run({ parameters: list({ space: emptyLocator, limit: 3 }) }));
		expect(pages).toHaveLength(3);
		const requests = apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/pages$/);
		expect(requests.map((request) => request.query.limit)).toEqual(['3']);
	});

	it('filters by exact title within a space and renders the body as Markdown', async () => {
		const pages = ok(
			await bed.run({
				parameters: list({
					space: { __rl: true, mode: 'key', value: 'DEMO' },
					filters: { title: 'Engineering' },
					bodyFormat: 'markdown',
				}),
			}),
		);
		expect(pages).toHaveLength(1);
		expect(pages[0]).toEqual(
			expect.objectContaining({ id: bed.sim.demo!.pages.engineering, bodyFormat: 'markdown' }),
		);
		expect(pages[0].body).toMatch(/^## Engineering handbook/);
		expectCleanExchange(bed.sim);
	});

	it('lists trashed pages when asked by status', async () => {
		const id = bed.sim.demo!.pages.meetingNotes;
		bed.sim.store.trash(id);
		const pages = ok(
			await bed.run({ parameters: list({ returnAll: true, filters: { status: ['trashed'] } }) }),
		);
		expect(pages.map((page) => page.id)).toEqual([id]);
		expect(pages[0].status).toBe('trashed');
	});

	it('lists pages by label name through the label ID', async () => {
		const pages = ok(
			await bed.run({ parameters: list({ returnAll: true, filters: { label: 'engineering' } }) }),
		);
		const demo = bed.sim.demo!;
		expect(pages.map((page) => page.id).sort()).toEqual(
			[demo.pages.engineering, demo.pages.codeSamples, demo.pages.releaseNotes].sort(),
		);
		const labelId = bed.sim.store.findLabel('engineering')!.id;
		expect(apiRequests(bed.sim, 'GET', new RegExp(`/labels/${labelId}/pages$`))).toHaveLength(1);
		expectCleanExchange(bed.sim);
	});

	it('combines a label with a title, filtering the label list locally', async () => {
		const pages = ok(
			await bed.run({
				parameters: list({ returnAll: true, filters: { label: 'howto', title: 'Code samples' } }),
			}),
		);
		expect(pages.map((page) => page.title)).toEqual(['Code samples']);
	});

	it('returns nothing for a label that does not exist', async () => {
		const result = await bed.run({
			parameters: list({ returnAll: true, filters: { label: 'no-such-label' } }),
		});
		expect(ok(result)).toEqual([]);
	});

	it('filters by author and lists only root pages of a space', async () => {
		const demo = bed.sim.demo!;
		const alex = demo.secondUser.accountId;
		const byAlex = ok(
			await bed.run({ parameters: list({ returnAll: true, filters: { authorId: alex } }) }),
		);
		expect(byAlex.map((page) => page.title).sort()).toEqual(['Code samples', 'Engineering']);
		const roots = ok(
			await bed.run({
				parameters: list({
					space: byId(demo.spaceId),
					returnAll: true,
					filters: { depth: 'root' },
				}),
			}),
		);
		expect(roots.map((page) => page.id)).toEqual([demo.homepageId]);
	});

	it('sorts by title', async () => {
		const pages = ok(
			await bed.run({
				parameters: list({
					space: byId(bed.sim.demo!.spaceId),
					returnAll: true,
					options: { sort: 'title' },
				}),
			}),
		);
		const titles = pages.map((page) => String(page.title));
		expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
	});

	it('returns raw Confluence objects when Simplify is off', async () => {
		const [page] = ok(await bed.run({ parameters: list({ limit: 1, simplify: false }) }));
		expect(page.version).toEqual(expect.objectContaining({ number: expect.any(Number) }));
	});

	it('rejects Depth without a space before any request', async () => {
		const result = await bed.run({ parameters: list({ filters: { depth: 'root' } }) });
		expect(result.error?.message).toMatch(/"Depth" needs a Space/);
		expect(apiRequests(bed.sim)).toEqual([]);
	});

	it('reports a space that does not exist', async () => {
		const result = await bed.run({
			parameters: list({ space: { __rl: true, mode: 'key', value: 'NOPE' } }),
		});
		expect(result.error?.message).toMatch(/"Space": no space has the key "NOPE"/);
	});
});
