/* Adding and removing content restrictions on Data Center (REALITY.md dc-restriction-put-replaces): the node reads
 * byOperation, changes one operation and sends both back with PUT /rest/api/content/{id}/restriction; users by user key,
 * groups by name. */
import type { IDataObject } from 'n8n-workflow';

import { GROUP_USERS } from '../simulator/store';
import { ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

function restrictions(pageId: string) {
	return sim.store.get(pageId)!.restrictions;
}

describe('changing content restrictions on Data Center', () => {
	it('[dc contentRestriction.add] adds a user by user key and answers as Restriction → Get', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const alexKey = sim.demo!.secondUser.accountId;
		const result = ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'add',
				contentId: pageId,
				restriction: 'update',
				accountIds: alexKey,
			}),
		);
		expect(restrictions(pageId).update.users).toEqual([alexKey]);
		expect(restrictions(pageId).read.users).toEqual([]);
		expect(result).toEqual([
			{ contentId: pageId, operation: 'read', users: [], groups: [] },
			{
				contentId: pageId,
				operation: 'update',
				users: [expect.objectContaining({ userKey: alexKey })],
				groups: [],
			},
		]);
		const [put] = dataCenterRequests(sim, 'PUT');
		expect(put.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/content/${pageId}/restriction`);
		expect(put.body).toEqual([
			{ operation: 'read', restrictions: { user: [], group: [] } },
			{
				operation: 'update',
				restrictions: { user: [{ type: 'known', userKey: alexKey }], group: [] },
			},
		]);
	});

	it('[dc contentRestriction.add] adds a group by name and keeps who was there', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const demoKey = sim.users.demo.accountId;
		restrictions(pageId).read.users = [demoKey];
		ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'add',
				contentId: pageId,
				restriction: 'read',
				groupIds: GROUP_USERS.name,
			}),
		);
		expect(restrictions(pageId).read).toEqual({ users: [demoKey], groups: [GROUP_USERS.id] });
	});

	it('[dc contentRestriction.add] refuses no users and no groups before any request, and fails on an unknown user key', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const base: IDataObject = {
			resource: 'contentRestriction',
			operation: 'add',
			contentId: pageId,
			restriction: 'update',
		};
		const empty = await runDataCenter(sim, base);
		expect(empty.error?.message).toBe(
			'The parameters "User Account IDs" and "Group IDs" are both empty',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
		const unknown = await runDataCenter(sim, { ...base, accountIds: 'nobody-key' });
		expect(unknown.error?.message).toMatch(/400/);
		expect(restrictions(pageId).update.users).toEqual([]);
	});

	it('[dc contentRestriction.remove] takes a user off one restriction and leaves the other alone', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const demoKey = sim.users.demo.accountId;
		const alexKey = sim.demo!.secondUser.accountId;
		restrictions(pageId).update.users = [demoKey, alexKey];
		restrictions(pageId).read.users = [demoKey, alexKey];
		const [result] = ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'remove',
				contentId: pageId,
				remove: 'user',
				restriction: 'update',
				accountIds: alexKey,
			}),
		);
		expect(result).toEqual({
			contentId: pageId,
			operation: 'update',
			deleted: true,
			accountIds: [alexKey],
		});
		expect(restrictions(pageId).update.users).toEqual([demoKey]);
		expect(restrictions(pageId).read.users).toEqual([demoKey, alexKey]);
	});

	it('[dc contentRestriction.remove] takes a group off by name, and lifts all restrictions', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const demoKey = sim.users.demo.accountId;
		restrictions(pageId).read.groups = [GROUP_USERS.id];
		restrictions(pageId).update.users = [demoKey];
		ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'remove',
				contentId: pageId,
				remove: 'group',
				restriction: 'read',
				groupIds: GROUP_USERS.name,
			}),
		);
		expect(restrictions(pageId).read.groups).toEqual([]);
		expect(restrictions(pageId).update.users).toEqual([demoKey]);
		const [all] = ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'remove',
				contentId: pageId,
				remove: 'all',
			}),
		);
		expect(all).toEqual({ contentId: pageId, removed: 'all', deleted: true });
		expect(restrictions(pageId)).toEqual({
			read: { users: [], groups: [] },
			update: { users: [], groups: [] },
		});
	});
});
