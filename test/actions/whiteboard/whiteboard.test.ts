import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, expectCleanExchange, ok } from '../page/helpers';

describe('whiteboard', () => {
	const bed = useTestBed('demo');
	const runWhiteboard = resourceRunner(bed, 'whiteboard');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('create → get → delete', async () => {
			const demo = bed.sim.demo!;
			const [created] = ok(
				await runWhiteboard(
					{
						operation: 'create',
						space: byKey('DEMO'),
						title: 'Sprint retro',
						additionalFields: {
							parentId: demo.pages.engineering,
							templateKey: 'sailboat-retro',
							locale: 'en-GB',
						},
					},
					auth,
				),
			);
			expect(created).toEqual(
				expect.objectContaining({
					title: 'Sprint retro',
					spaceId: demo.spaceId,
					parentId: demo.pages.engineering,
				}),
			);
			const stored = bed.sim.store.get(String(created.id))!;
			expect(stored.type).toBe('whiteboard');
			expect(stored.parentId).toBe(demo.pages.engineering);
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/api\/v2\/whiteboards$/);
			expect(post.body).toEqual({
				spaceId: demo.spaceId,
				title: 'Sprint retro',
				parentId: demo.pages.engineering,
				templateKey: 'sailboat-retro',
				locale: 'en-GB',
			});

			const [fetched] = ok(
				await runWhiteboard({ operation: 'get', whiteboard: byId(String(created.id)) }, auth),
			);
			expect(fetched).toEqual(
				expect.objectContaining({ id: created.id, title: 'Sprint retro', status: 'current' }),
			);

			const [deleted] = ok(
				await runWhiteboard(
					{
						operation: 'delete',
						whiteboard: {
							__rl: true,
							mode: 'url',
							value: `https://example.atlassian.net/wiki/spaces/DEMO/whiteboard/${String(created.id)}`,
						},
					},
					auth,
				),
			);
			expect(deleted).toEqual({ id: created.id, deleted: true, status: 'trashed' });
			expect(bed.sim.store.get(String(created.id))?.status ?? 'gone').not.toBe('current');
			expectCleanExchange(bed.sim);
		});
	});

	it('creates an untitled, private whiteboard at the top of the space', async () => {
		const demo = bed.sim.demo!;
		const [created] = ok(
			await runWhiteboard({
				operation: 'create',
				space: byId(demo.spaceId),
				additionalFields: { private: true },
			}),
		);
		expect(bed.sim.store.get(String(created.id))?.type).toBe('whiteboard');
		const [post] = apiRequests(bed.sim, 'POST', /\/whiteboards$/);
		expect(post.query).toEqual(expect.objectContaining({ private: 'true' }));
		expect(post.body).toEqual({ spaceId: demo.spaceId });
		expectCleanExchange(bed.sim);
	});

	it('get can include properties and returns the raw response when Simplify is off', async () => {
		const demo = bed.sim.demo!;
		const board = bed.sim.store.createContent('whiteboard', {
			spaceId: demo.spaceId,
			title: 'Board',
		});
		bed.sim.store.createProperty('content', board.id, 'colour', 'blue');
		const [fetched] = ok(
			await runWhiteboard({
				operation: 'get',
				whiteboard: byId(board.id),
				simplify: false,
				options: { includeProperties: true },
			}),
		);
		expect(fetched._links).toBeDefined();
		expect(JSON.stringify(fetched.properties)).toContain('colour');
		const [request] = apiRequests(bed.sim, 'GET', /\/whiteboards\/\d+$/);
		expect(request.query).toEqual(expect.objectContaining({ 'include-properties': 'true' }));
		expectCleanExchange(bed.sim);
	});

	it('rejects a whiteboard value from an expression that is neither an ID nor a URL before sending anything', async () => {
		const result = await bed.run({
			items: [{ board: 'board' }],
			parameters: {
				resource: 'whiteboard',
				operation: 'get',
				whiteboard: byId('={{ $json.board }}'),
			},
		});
		expect(result.error?.message).toContain(
			'"Whiteboard" got "board", which is not a numeric whiteboard ID (e.g. 123456) or a whiteboard URL',
		);
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('answers a page ID used as a whiteboard ID with the not-found message', async () => {
		const result = await runWhiteboard({
			operation: 'delete',
			whiteboard: byId(bed.sim.demo!.pages.projectPlan),
		});
		expect(result.error?.message).toContain('Confluence found nothing at this ID');
		expect(bed.sim.store.get(bed.sim.demo!.pages.projectPlan)?.status).toBe('current');
	});
});
