import { GROUP_USERS } from '../../simulator';
import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, expectCleanExchange, ok } from '../page/helpers';

describe('contentRestriction', () => {
	const bed = useTestBed('demo');
	const runRestriction = resourceRunner(bed, 'contentRestriction');

	function restrictions(contentId: string) {
		return bed.sim.store.get(contentId)!.restrictions;
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('add edit restrictions for a user and a group, then get them', async () => {
			const demo = bed.sim.demo!;
			const pageId = demo.pages.projectPlan;
			const added = ok(
				await runRestriction(
					{
						operation: 'add',
						contentId: pageId,
						restriction: 'update',
						accountIds: `${bed.sim.users.demo.accountId}, ${demo.secondUser.accountId}`,
						groupIds: GROUP_USERS.id,
					},
					auth,
				),
			);
			expect(restrictions(pageId).update.users.sort()).toEqual(
				[bed.sim.users.demo.accountId, demo.secondUser.accountId].sort(),
			);
			expect(restrictions(pageId).update.groups).toEqual([GROUP_USERS.id]);
			const edit = added.find((entry) => entry.operation === 'update')!;
			expect(
				(edit.users as Array<{ accountId: string }>).map((user) => user.accountId).sort(),
			).toEqual([bed.sim.users.demo.accountId, demo.secondUser.accountId].sort());
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/rest\/api\/content\/\d+\/restriction$/);
			expect(post.body).toEqual([
				{
					operation: 'update',
					restrictions: {
						user: [
							{ type: 'known', accountId: bed.sim.users.demo.accountId },
							{ type: 'known', accountId: demo.secondUser.accountId },
						],
						group: [{ type: 'group', id: GROUP_USERS.id }],
					},
				},
			]);

			const fetched = ok(await runRestriction({ operation: 'get', contentId: pageId }, auth));
			expect(fetched.map((entry) => entry.operation).sort()).toEqual(['read', 'update']);
			const update = fetched.find((entry) => entry.operation === 'update')!;
			expect(update.contentId).toBe(pageId);
			expect(update.groups as Array<{ id: string; name: string }>).toEqual([
				{ id: GROUP_USERS.id, name: GROUP_USERS.name },
			]);
			expect(fetched.find((entry) => entry.operation === 'read')!.users).toEqual([]);
			expectCleanExchange(bed.sim);
		});
	});

	describe('remove', () => {
		function restrict() {
			const demo = bed.sim.demo!;
			const pageId = demo.pages.projectPlan;
			bed.sim.store.setRestriction(pageId, 'read', {
				users: [bed.sim.users.demo.accountId, demo.secondUser.accountId],
				groups: [GROUP_USERS.id],
			});
			bed.sim.store.setRestriction(pageId, 'update', { users: [bed.sim.users.demo.accountId] });
			return pageId;
		}

		it('takes one user off the view restriction', async () => {
			const pageId = restrict();
			const secondUser = bed.sim.demo!.secondUser.accountId;
			const [removed] = ok(
				await runRestriction({
					operation: 'remove',
					contentId: pageId,
					remove: 'user',
					restriction: 'read',
					accountIds: secondUser,
				}),
			);
			expect(removed).toEqual({
				contentId: pageId,
				operation: 'read',
				accountIds: [secondUser],
				deleted: true,
			});
			expect(restrictions(pageId).read.users).toEqual([bed.sim.users.demo.accountId]);
			expect(restrictions(pageId).read.groups).toEqual([GROUP_USERS.id]);
			const [request] = apiRequests(bed.sim, 'DELETE');
			expect(request.path).toBe(
				`/wiki/rest/api/content/${pageId}/restriction/byOperation/read/user`,
			);
			expect(request.query).toEqual({ accountId: secondUser });
			expectCleanExchange(bed.sim);
		});

		it('takes a group off', async () => {
			const pageId = restrict();
			ok(
				await runRestriction({
					operation: 'remove',
					contentId: pageId,
					remove: 'group',
					restriction: 'read',
					groupIds: GROUP_USERS.id,
				}),
			);
			expect(restrictions(pageId).read.groups).toEqual([]);
			expect(apiRequests(bed.sim, 'DELETE')[0].path).toBe(
				`/wiki/rest/api/content/${pageId}/restriction/byOperation/read/byGroupId/${GROUP_USERS.id}`,
			);
			expectCleanExchange(bed.sim);
		});

		it('lifts all restrictions', async () => {
			const pageId = restrict();
			const [removed] = ok(
				await runRestriction({ operation: 'remove', contentId: pageId, remove: 'all' }),
			);
			expect(removed).toEqual({ contentId: pageId, removed: 'all', deleted: true });
			expect(restrictions(pageId)).toEqual({
				read: { users: [], groups: [] },
				update: { users: [], groups: [] },
			});
			expectCleanExchange(bed.sim);
		});
	});

	it('add with neither users nor groups fails before sending anything', async () => {
		const result = await runRestriction({
			operation: 'add',
			contentId: bed.sim.demo!.pages.projectPlan,
			restriction: 'read',
		});
		expect(result.error?.message).toContain('"User Account IDs" and "Group IDs" are both empty');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('get on content that does not exist says so', async () => {
		const result = await runRestriction({ operation: 'get', contentId: '777777' });
		expect(result.error?.message).toContain('Confluence found nothing at this ID');
	});
});
