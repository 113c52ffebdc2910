import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, currentBody, expectCleanExchange, item, ok } from './helpers';

describe('page: move and copy', () => {
	const bed = useTestBed('demo');
	const runPage = resourceRunner(bed, 'page');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('moves a page under a target page', async () => {
			const demo = bed.sim.demo!;
			const [out] = ok(
				await runPage(
					{
						operation: 'move',
						page: byId(demo.pages.meetingNotes),
						position: 'append',
						targetPage: byId(demo.pages.engineering),
					},
					auth,
				),
			);
			expect(out).toEqual({
				id: demo.pages.meetingNotes,
				moved: true,
				position: 'append',
				targetId: demo.pages.engineering,
			});
			expect(item(bed.sim, demo.pages.meetingNotes).parentId).toBe(demo.pages.engineering);
			expect(apiRequests(bed.sim, 'PUT').map((request) => request.path)).toEqual([
				`/wiki/rest/api/content/${demo.pages.meetingNotes}/move/append/${demo.pages.engineering}`,
			]);
			expectCleanExchange(bed.sim);
		});

		it('copies a page under another page with a new title and its labels', async () => {
			const demo = bed.sim.demo!;
			const [copy] = ok(
				await runPage(
					{
						operation: 'copy',
						page: byId(demo.pages.codeSamples),
						destinationType: 'parent_page',
						destinationPage: byId(demo.pages.projectPlan),
						options: { title: 'Code samples (copy)', copyLabels: true },
					},
					auth,
				),
			);
			expect(copy).toEqual(
				expect.objectContaining({ title: 'Code samples (copy)', type: 'page', spaceKey: 'DEMO' }),
			);
			const stored = item(bed.sim, String(copy.id));
			expect(stored.parentId).toBe(demo.pages.projectPlan);
			expect(currentBody(bed.sim, stored.id)).toBe(currentBody(bed.sim, demo.pages.codeSamples));
			expect(
				bed.sim.store
					.labelsOf(stored)
					.map((label) => label.name)
					.sort(),
			).toEqual(['engineering', 'howto']);
			const [post] = apiRequests(bed.sim, 'POST', /\/copy$/);
			expect(post.body).toEqual({
				destination: { type: 'parent_page', value: demo.pages.projectPlan },
				copyLabels: true,
				pageTitle: 'Code samples (copy)',
			});
			expectCleanExchange(bed.sim);
		});
	});

	it('moves a page before a sibling', async () => {
		const demo = bed.sim.demo!;
		ok(
			await runPage({
				operation: 'move',
				page: byId(demo.pages.releaseNotes),
				position: 'before',
				targetPage: byId(demo.pages.codeSamples),
			}),
		);
		const children = bed.sim.store.treeChildren(demo.pages.engineering).map((child) => child.id);
		expect(children).toEqual([demo.pages.releaseNotes, demo.pages.codeSamples]);
	});

	it('copies a page to the top of another space, addressing the space by key', async () => {
		const other = bed.sim.store.createSpace({ key: 'ARCH', name: 'Archive' });
		const [copy] = ok(
			await runPage({
				operation: 'copy',
				page: byId(bed.sim.demo!.pages.projectPlan),
				destinationType: 'space',
				destinationSpace: byId(other.id),
			}),
		);
		const stored = item(bed.sim, String(copy.id));
		expect(stored.spaceId).toBe(other.id);
		expect(stored.title).toBe('Project plan');
		const [post] = apiRequests(bed.sim, 'POST', /\/copy$/);
		expect(post.body).toEqual({ destination: { type: 'space', value: 'ARCH' } });
	});

	it('copies by space key without looking the space up', async () => {
		const other = bed.sim.store.createSpace({ key: 'KEYED', name: 'Keyed' });
		const [copy] = ok(
			await runPage({
				operation: 'copy',
				page: byId(bed.sim.demo!.pages.meetingNotes),
				destinationType: 'space',
				destinationSpace: byKey('KEYED'),
			}),
		);
		expect(item(bed.sim, String(copy.id)).spaceId).toBe(other.id);
		expect(apiRequests(bed.sim, 'GET')).toEqual([]);
	});

	it('refuses to move a page next to itself before any request', async () => {
		const id = bed.sim.demo!.pages.projectPlan;
		const result = await runPage({
			operation: 'move',
			page: byId(id),
			position: 'after',
			targetPage: byId(id),
		});
		expect(result.error?.message).toMatch(/"Page" and "Target Page" are the same page/);
		expect(apiRequests(bed.sim)).toEqual([]);
	});
});
