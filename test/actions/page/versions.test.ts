import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import {
	apiRequests,
	byId,
	currentBody,
	expectCleanExchange,
	item,
	ok,
	versionNumber,
} from './helpers';

describe('page: versions, likes and permitted operations', () => {
	const bed = useTestBed('demo');
	const runPage = resourceRunner(bed, 'page');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('lists the version history, newest first', async () => {
			const id = bed.sim.demo!.pages.gettingStarted;
			const versions = ok(
				await runPage({ operation: 'getVersions', page: byId(id), returnAll: true }, auth),
			);
			expect(versions.map((version) => version.number)).toEqual([2, 1]);
			expect(versions[0]).toEqual(expect.objectContaining({ message: 'Added detail' }));
			expectCleanExchange(bed.sim);
		});

		it('gets one version', async () => {
			const id = bed.sim.demo!.pages.gettingStarted;
			const [version] = ok(
				await runPage({ operation: 'getVersion', page: byId(id), versionNumber: 1 }, auth),
			);
			expect(version).toEqual(expect.objectContaining({ number: 1 }));
			expect(apiRequests(bed.sim, 'GET').map((request) => request.path)).toContain(
				`/wiki/api/v2/pages/${id}/versions/1`,
			);
			expectCleanExchange(bed.sim);
		});

		it('restores an earlier version as the newest', async () => {
			const id = bed.sim.demo!.pages.gettingStarted;
			const latestBody = bed.sim.store.current(item(bed.sim, id)).body?.value ?? '';
			const v1 = item(bed.sim, id).versions[0].body?.value;
			const [out] = ok(
				await runPage(
					{
						operation: 'restoreVersion',
						page: byId(id),
						versionNumber: 1,
						options: { message: 'Back to the original' },
					},
					auth,
				),
			);
			expect(out).toEqual(expect.objectContaining({ id, restoredVersion: 1, version: 3 }));
			expect(versionNumber(bed.sim, id)).toBe(3);
			expect(currentBody(bed.sim, id)).toBe(v1);
			expect(currentBody(bed.sim, id)).not.toBe(latestBody);
			const [post] = apiRequests(bed.sim, 'POST', /\/rest\/api\/content\/\d+\/version$/);
			expect(post.body).toEqual({
				operationKey: 'restore',
				params: { versionNumber: 1, message: 'Back to the original', restoreTitle: false },
			});
			expectCleanExchange(bed.sim);
		});

		it('counts likes and lists the likers with their details', async () => {
			const demo = bed.sim.demo!;
			const id = demo.pages.gettingStarted;
			const [count] = ok(await runPage({ operation: 'getLikeCount', page: byId(id) }, auth));
			expect(count).toEqual({ id, count: 2 });

			const likers = ok(
				await runPage(
					{
						operation: 'getLikes',
						page: byId(id),
						returnAll: true,
						options: { resolveUsers: true },
					},
					auth,
				),
			);
			expect(likers.map((user) => user.displayName).sort()).toEqual(['Alex Rivera', 'Demo User']);
			expect(apiRequests(bed.sim, 'POST', /\/users-bulk$/)).toHaveLength(1);
			expectCleanExchange(bed.sim);
		});

		it('lists the permitted operations, one item each', async () => {
			const operations = ok(
				await runPage(
					{ operation: 'getOperations', page: byId(bed.sim.demo!.pages.projectPlan) },
					auth,
				),
			);
			expect(operations).toEqual(
				expect.arrayContaining([expect.objectContaining({ operation: 'read' })]),
			);
			expect(operations.map((operation) => operation.operation)).toContain('update');
			expectCleanExchange(bed.sim);
		});
	});

	it('lists likers as account IDs without the lookup', async () => {
		const id = bed.sim.demo!.pages.gettingStarted;
		const likers = ok(await runPage({ operation: 'getLikes', page: byId(id) }));
		const demo = bed.sim.demo!;
		expect(likers.map((liker) => liker.accountId).sort()).toEqual(
			[bed.sim.users.demo.accountId, demo.secondUser.accountId].sort(),
		);
		expect(likers[0].displayName).toBeUndefined();
		expect(apiRequests(bed.sim, 'POST')).toEqual([]);
	});

	it('reports a version that does not exist', async () => {
		const result = await runPage({
			operation: 'getVersion',
			page: byId(bed.sim.demo!.pages.projectPlan),
			versionNumber: 40,
		});
		expect(result.error?.message).toMatch(/\(404\)/);
	});
});
