import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, expectCleanExchange, ok } from './helpers';

describe('page: getChildren, getAncestors, getDescendants', () => {
	const bed = useTestBed('demo');
	const runPage = resourceRunner(bed, 'page');

	/** A chain of `depth` pages, each under the previous one, below the space homepage. */
	function chain(depth: number): string[] {
		const demo = bed.sim.demo!;
		const ids: string[] = [];
		let parentId = demo.homepageId;
		for (let level = 1; level <= depth; level++) {
			const page = bed.sim.store.createPage({
				spaceId: demo.spaceId,
				parentId,
				title: `Level ${level}`,
				body: `<p>${level}</p>`,
			});
			ids.push(page.id);
			parentId = page.id;
		}
		return ids;
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('lists the direct children of a page in tree order', async () => {
			const demo = bed.sim.demo!;
			const children = ok(
				await runPage(
					{ operation: 'getChildren', page: byId(demo.pages.engineering), returnAll: true },
					auth,
				),
			);
			expect(children.map((child) => [child.id, child.title, child.type])).toEqual([
				[demo.pages.codeSamples, 'Code samples', 'page'],
				[demo.pages.releaseNotes, 'Release notes', 'page'],
			]);
			expect(apiRequests(bed.sim, 'GET', /\/direct-children$/)).toHaveLength(1);
			expectCleanExchange(bed.sim);
		});

		it('lists ancestors top to bottom, with page details on request', async () => {
			const demo = bed.sim.demo!;
			const ancestors = ok(
				await runPage(
					{
						operation: 'getAncestors',
						page: byId(demo.pages.codeSamples),
						returnAll: true,
						options: { includeDetails: true },
					},
					auth,
				),
			);
			expect(ancestors.map((ancestor) => [ancestor.id, ancestor.title])).toEqual([
				[demo.homepageId, 'Demo space Home'],
				[demo.pages.engineering, 'Engineering'],
			]);
			expectCleanExchange(bed.sim);
		});
	});

	it('Return All on a chain deeper than 250 asks again from the topmost ancestor', async () => {
		const ids = chain(260);
		const ancestors = ok(
			await runPage({
				operation: 'getAncestors',
				page: byId(ids[ids.length - 1]),
				returnAll: true,
			}),
		);
		expect(ancestors.map((ancestor) => ancestor.id)).toEqual([
			bed.sim.demo!.homepageId,
			...ids.slice(0, -1),
		]);
		expect(apiRequests(bed.sim, 'GET', /\/ancestors$/)).toHaveLength(2);
	});

	it('with a limit returns the nearest ancestors, still top to bottom', async () => {
		const ids = chain(5);
		const ancestors = ok(
			await runPage({ operation: 'getAncestors', page: byId(ids[4]), limit: 2 }),
		);
		expect(ancestors.map((ancestor) => ancestor.id)).toEqual([ids[2], ids[3]]);
	});

	it('lists descendants down to the chosen depth', async () => {
		const ids = chain(3);
		const homepage = bed.sim.demo!.homepageId;
		const run = async (depth: number) =>
			ok(
				await runPage({
					operation: 'getDescendants',
					page: byId(homepage),
					depth,
					returnAll: true,
				}),
			).map((page) => String(page.id));
		const shallow = await run(1);
		expect(shallow).toContain(ids[0]);
		expect(shallow).not.toContain(ids[1]);
		const deep = await run(3);
		expect(deep).toEqual(expect.arrayContaining(ids));
		expect(
			apiRequests(bed.sim, 'GET', /\/descendants$/).map((request) => request.query.depth),
		).toEqual(['1', '3']);
		expectCleanExchange(bed.sim);
	});

	it('returns no items for a page without children', async () => {
		const result = await runPage({
			operation: 'getChildren',
			page: byId(bed.sim.demo!.pages.meetingNotes),
		});
		expect(ok(result)).toEqual([]);
	});
});
