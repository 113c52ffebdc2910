/* Moving a page on Data Center (REALITY.md dc-move-by-ancestors): a new parent through PUT /rest/api/content/{id} with
 * ancestors and the next version number, the title and body unchanged; sibling positions and other spaces refused. */
import type { IDataObject } from 'n8n-workflow';

import { byId, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

function move(page: string, target: string, position = 'append'): IDataObject {
	return {
		resource: 'page',
		operation: 'move',
		page: byId(page),
		targetPage: byId(target),
		position,
	};
}

describe('moving a page on Data Center', () => {
	it('[dc page.move] gives the page a new parent with its title and body unchanged', async () => {
		const { engineering, projectPlan } = sim.demo!.pages;
		const before = sim.store.get(projectPlan)!;
		const { title, body, number } = sim.store.current(before);
		const [result] = ok(await runDataCenter(sim, move(projectPlan, engineering)));
		expect(result).toEqual({
			id: projectPlan,
			moved: true,
			position: 'append',
			targetId: engineering,
		});
		const moved = sim.store.get(projectPlan)!;
		expect(moved.parentId).toBe(engineering);
		expect(sim.store.current(moved)).toEqual(
			expect.objectContaining({ title, body, number: number + 1 }),
		);
		const [put] = dataCenterRequests(sim, 'PUT');
		expect(put.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/content/${projectPlan}`);
		expect(put.body).toEqual(
			expect.objectContaining({
				title,
				ancestors: [{ id: engineering }],
				version: { number: number + 1 },
				body: { storage: { value: body?.value, representation: 'storage' } },
			}),
		);
		expect(dataCenterRequests(sim, 'PUT', /\/move\//)).toHaveLength(0);
	});

	it.each(['before', 'after'])(
		'[dc page.move] refuses moving %s a sibling, before any request',
		async (position) => {
			const { codeSamples, projectPlan } = sim.demo!.pages;
			const result = await runDataCenter(sim, move(projectPlan, codeSamples, position));
			expect(result.error?.message).toBe(
				`Moving a page ${position} a sibling is not available on Confluence Data Center`,
			);
			expect(result.error?.description).toContain('Inside Target (Last Child)');
			expect(dataCenterRequests(sim)).toHaveLength(0);
		},
	);

	it('[dc page.move] refuses a target in another space and leaves the page where it is', async () => {
		const other = sim.store.createSpace({ key: 'OPS', name: 'Operations' });
		const { projectPlan } = sim.demo!.pages;
		const parentBefore = sim.store.get(projectPlan)!.parentId;
		const result = await runDataCenter(sim, move(projectPlan, other.homepageId!));
		expect(result.error?.message).toBe(
			'Moving a page to another space is not available on Confluence Data Center',
		);
		expect(result.error?.description).toContain('in the space DEMO and the target page in OPS');
		expect(sim.store.get(projectPlan)!.parentId).toBe(parentBefore);
		expect(dataCenterRequests(sim, 'PUT')).toHaveLength(0);
	});

	it('[dc page.move] refuses moving a page into itself', async () => {
		const { projectPlan } = sim.demo!.pages;
		const result = await runDataCenter(sim, move(projectPlan, projectPlan));
		expect(result.error?.message).toBe('The parameters "Page" and "Target Page" are the same page');
		expect(dataCenterRequests(sim, 'PUT')).toHaveLength(0);
	});

	it('[dc page.move] reads again and keeps the other edit when someone saved in between (409)', async () => {
		const { engineering, projectPlan } = sim.demo!.pages;
		sim.faults.inject({
			kind: 'beforeApply',
			method: 'PUT',
			path: /\/rest\/api\/content\/\d+$/,
			times: 1,
			run: () => sim.store.updatePage(projectPlan, { body: '<p>theirs</p>' }),
		});
		ok(await runDataCenter(sim, move(projectPlan, engineering)));
		const moved = sim.store.get(projectPlan)!;
		expect(moved.parentId).toBe(engineering);
		expect(sim.store.current(moved).body?.value).toBe('<p>theirs</p>');
		expect(dataCenterRequests(sim, 'PUT')).toHaveLength(2);
	});
});
