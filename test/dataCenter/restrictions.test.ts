/* Content restrictions on Data Center (REALITY.md dc-restriction-by-operation): read through byOperation, users named
 * by user key and username. */
import { ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

describe('content restrictions on Data Center', () => {
	it('[dc contentRestriction.get] lists who may view and edit a page, one item per operation', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const page = sim.store.get(pageId)!;
		const alexKey = sim.demo!.secondUser.accountId;
		page.restrictions.update.users = [alexKey];
		const restrictions = ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'get',
				contentId: pageId,
			}),
		);
		expect(restrictions).toEqual([
			{ contentId: pageId, operation: 'read', users: [], groups: [] },
			{
				contentId: pageId,
				operation: 'update',
				users: [
					expect.objectContaining({
						userKey: alexKey,
						displayName: sim.demo!.secondUser.displayName,
					}),
				],
				groups: [],
			},
		]);
		const [request] = dataCenterRequests(sim, 'GET', /\/restriction\/byOperation$/);
		expect(request.path).toBe(
			`${sim.dataCenter!.contextPath}/rest/api/content/${pageId}/restriction/byOperation`,
		);
		const raw = ok(
			await runDataCenter(sim, {
				resource: 'contentRestriction',
				operation: 'get',
				contentId: pageId,
				simplify: false,
			}),
		);
		expect(Object.keys(raw[0])).toEqual(expect.arrayContaining(['read', 'update']));
	});
});
