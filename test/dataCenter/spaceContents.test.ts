/* The contents of a space on Data Center (REALITY.md dc-space-content): pages then blog posts through
 * /rest/api/space/{spaceKey}/content/{type}, with the Cloud operation's output fields; and deleting a space, a long task
 * (REALITY.md dc-space-delete-longtask). */
import type { IDataObject } from 'n8n-workflow';

import { LONG_TASK_POLLING } from '../../nodes/Confluence/actions/space/delete.operation';
import { byKey, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

const base: IDataObject = {
	resource: 'space',
	operation: 'getContents',
	space: byKey('DEMO'),
	returnAll: true,
	bodyFormat: 'none',
};

describe('space contents on Data Center', () => {
	it('[dc space.getContents] lists the pages then the blog posts of a space', async () => {
		const items = ok(await runDataCenter(sim, { ...base, contentTypes: ['page', 'blogpost'] }));
		const current = (type: 'page' | 'blogpost') =>
			sim.store
				.list(type)
				.filter((item) => item.spaceId === sim.demo!.spaceId && item.status === 'current')
				.map((item) => item.id)
				.sort((a, b) => Number(a) - Number(b));
		expect(items.map((item) => item.id)).toEqual([...current('page'), ...current('blogpost')]);
		expect(items[0]).toEqual(expect.objectContaining({ type: 'page', spaceKey: 'DEMO' }));
		const paths = dataCenterRequests(sim, 'GET', /\/content\/(page|blogpost)$/).map(
			(request) => request.path,
		);
		expect(paths).toEqual([
			`${sim.dataCenter!.contextPath}/rest/api/space/DEMO/content/page`,
			`${sim.dataCenter!.contextPath}/rest/api/space/DEMO/content/blogpost`,
		]);
	});

	it('[dc space.getContents] lists only the top-level pages at root depth, up to the limit', async () => {
		const roots = ok(await runDataCenter(sim, { ...base, contentTypes: ['page'], depth: 'root' }));
		expect(roots.map((item) => item.id)).toContain(sim.demo!.homepageId);
		expect(roots.map((item) => item.id)).not.toContain(sim.demo!.pages.codeSamples);
		const [request] = dataCenterRequests(sim, 'GET', /\/content\/page$/);
		expect(request.query.depth).toBe('root');
		const limited = ok(
			await runDataCenter(sim, {
				...base,
				contentTypes: ['page', 'blogpost'],
				returnAll: false,
				limit: 2,
			}),
		);
		expect(limited).toHaveLength(2);
	});

	it('[dc space.getContents] refuses sorting and trashed content, before any request', async () => {
		const sorted = await runDataCenter(sim, { ...base, options: { sort: '-id' } });
		expect(sorted.error?.message).toBe(
			'Sorting the contents of a space is not available on Confluence Data Center',
		);
		const trashed = await runDataCenter(sim, { ...base, options: { status: ['trashed'] } });
		expect(trashed.error?.message).toBe(
			'Listing trashed or deleted content of a space is not available on Confluence Data Center',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});
});

describe('deleting a space on Data Center', () => {
	const originalPolling = { ...LONG_TASK_POLLING };
	beforeEach(() => {
		LONG_TASK_POLLING.firstDelayMs = 5;
		LONG_TASK_POLLING.maxDelayMs = 20;
	});
	afterEach(() => {
		Object.assign(LONG_TASK_POLLING, originalPolling);
	});

	it('[dc space.delete] deletes a space by key and follows the long task to its end', async () => {
		const [deleted] = ok(
			await runDataCenter(sim, {
				resource: 'space',
				operation: 'delete',
				space: byKey('DEMO'),
				options: { waitForCompletion: true, timeout: 30 },
			}),
		);
		expect(deleted).toEqual(
			expect.objectContaining({ key: 'DEMO', deleted: true, finished: true, successful: true }),
		);
		expect(sim.store.spaceByKey('DEMO')).toBeUndefined();
		const [request] = dataCenterRequests(sim, 'DELETE');
		expect(request.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/space/DEMO`);
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/longtask\/\d+$/).length).toBeGreaterThan(0);
	});

	it('[dc space.delete] refuses a numeric space ID before any request', async () => {
		const result = await runDataCenter(sim, {
			resource: 'space',
			operation: 'delete',
			space: { __rl: true, mode: 'id', value: '98306' },
		});
		expect(result.error?.message).toBe(
			'The parameter "Space" is a space ID (98306), but Confluence Data Center needs a space key',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});
});
