/* The page tree on Data Center (REALITY.md dc-child-page): children, descendants and ancestors through its v1 content API, with the Cloud
 * operation's field names. */
import type { IDataObject } from 'n8n-workflow';

import { byId, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, { resource: 'page', ...parameters }));
}

/** A chain of `depth` pages, each under the previous one, below the space homepage. */
function chain(depth: number): string[] {
	const demo = sim.demo!;
	const ids: string[] = [];
	let parentId = demo.homepageId;
	for (let level = 1; level <= depth; level++) {
		const page = sim.store.createPage({
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

describe('the page tree on Data Center', () => {
	it('[dc page.getChildren] lists the direct child pages through child/page, in tree order', async () => {
		const demo = sim.demo!;
		const children = await run({
			operation: 'getChildren',
			page: byId(demo.pages.engineering),
			returnAll: true,
		});
		expect(children).toEqual([
			{
				id: demo.pages.codeSamples,
				status: 'current',
				title: 'Code samples',
				type: 'page',
				spaceId: demo.spaceId,
			},
			{
				id: demo.pages.releaseNotes,
				status: 'current',
				title: 'Release notes',
				type: 'page',
				spaceId: demo.spaceId,
			},
		]);
		const requests = dataCenterRequests(sim, 'GET', /\/child\/page$/);
		expect(requests.map((request) => request.path)).toEqual([
			`${sim.dataCenter!.contextPath}/rest/api/content/${demo.pages.engineering}/child/page`,
		]);
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});

	it('[dc page.getChildren] returns every child page, or the first ones up to the limit', async () => {
		const demo = sim.demo!;
		for (let i = 0; i < 5; i++) {
			sim.store.createPage({
				spaceId: demo.spaceId,
				parentId: demo.pages.projectPlan,
				title: `Child ${i}`,
				body: '<p>x</p>',
			});
		}
		const all = await run({
			operation: 'getChildren',
			page: byId(demo.pages.projectPlan),
			returnAll: true,
		});
		expect(all.map((child) => child.title)).toEqual([0, 1, 2, 3, 4].map((i) => `Child ${i}`));
		const some = await run({
			operation: 'getChildren',
			page: byId(demo.pages.projectPlan),
			returnAll: false,
			limit: 2,
		});
		expect(some.map((child) => child.title)).toEqual(['Child 0', 'Child 1']);
	});

	it('[dc page.getChildren] refuses a sort order Data Center cannot apply, naming the option', async () => {
		const result = await runDataCenter(sim, {
			resource: 'page',
			operation: 'getChildren',
			page: byId(sim.demo!.pages.engineering),
			returnAll: true,
			options: { sort: 'title' },
		});
		expect(result.error?.message).toBe(
			'Sorting child pages is not available on Confluence Data Center',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});

	it('[dc page.getDescendants] walks the tree level by level down to the chosen depth, with parent and depth', async () => {
		const ids = chain(3);
		const homepage = sim.demo!.homepageId;
		const descendants = async (depth: number) =>
			await run({ operation: 'getDescendants', page: byId(homepage), depth, returnAll: true });
		const shallow = await descendants(1);
		expect(shallow.every((page) => page.depth === 1 && page.parentId === homepage)).toBe(true);
		expect(shallow.map((page) => page.id)).toContain(ids[0]);
		expect(shallow.map((page) => page.id)).not.toContain(ids[1]);
		const deep = await descendants(3);
		expect(deep.find((page) => page.id === ids[2])).toEqual(
			expect.objectContaining({ title: 'Level 3', parentId: ids[1], depth: 3, type: 'page' }),
		);
		expect(deep.find((page) => page.id === sim.demo!.pages.codeSamples)).toEqual(
			expect.objectContaining({ parentId: sim.demo!.pages.engineering, depth: 2 }),
		);
		const limited = await run({
			operation: 'getDescendants',
			page: byId(homepage),
			depth: 3,
			returnAll: false,
			limit: 2,
		});
		expect(limited).toHaveLength(2);
		expect(dataCenterRequests(sim, 'GET', /\/descendant/)).toHaveLength(0);
	});

	it('[dc page.getAncestors] lists ancestors top to bottom from expand=ancestors, with details on request', async () => {
		const demo = sim.demo!;
		const plain = await run({
			operation: 'getAncestors',
			page: byId(demo.pages.codeSamples),
			returnAll: true,
		});
		expect(plain).toEqual([
			{ id: demo.homepageId, type: 'page' },
			{ id: demo.pages.engineering, type: 'page' },
		]);
		const detailed = await run({
			operation: 'getAncestors',
			page: byId(demo.pages.codeSamples),
			returnAll: true,
			options: { includeDetails: true },
		});
		expect(detailed).toEqual([
			expect.objectContaining({ id: demo.homepageId, title: 'Demo space Home', status: 'current' }),
			expect.objectContaining({
				id: demo.pages.engineering,
				title: 'Engineering',
				spaceId: demo.spaceId,
				parentId: demo.homepageId,
			}),
		]);
		const [read] = dataCenterRequests(sim, 'GET', /\/content\/\d+$/);
		expect(read.query.expand).toBe('ancestors,space');
	});

	it('[dc page.getAncestors] with a limit returns the nearest ancestors, still top to bottom', async () => {
		const ids = chain(5);
		const ancestors = await run({ operation: 'getAncestors', page: byId(ids[4]), limit: 2 });
		expect(ancestors.map((ancestor) => ancestor.id)).toEqual([ids[2], ids[3]]);
	});

	it('[dc page.getAncestors] answers a page that does not exist with the 404, on the item', async () => {
		const result = await runDataCenter(sim, {
			resource: 'page',
			operation: 'getAncestors',
			page: byId('999999'),
			returnAll: true,
		});
		expect(result.error?.message).toMatch(/404|not found/i);
	});
});
