import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, expectCleanExchange, ok } from '../page/helpers';

describe('task', () => {
	const bed = useTestBed('demo');
	const runTask = resourceRunner(bed, 'task');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('get returns the task with its text as plain text', async () => {
			const demo = bed.sim.demo!;
			const [task] = ok(await runTask({ operation: 'get', taskId: demo.taskId }, auth));
			expect(task).toEqual(
				expect.objectContaining({
					id: demo.taskId,
					status: 'incomplete',
					pageId: demo.pages.meetingNotes,
					spaceId: demo.spaceId,
					assignedTo: demo.secondUser.accountId,
					bodyFormat: 'plain',
				}),
			);
			expect(String(task.body)).toContain('Send the agenda');
			expect(task.body).not.toContain('<p>');
			expectCleanExchange(bed.sim);
		});

		it('update marks a task complete, then incomplete again', async () => {
			const demo = bed.sim.demo!;
			const [done] = ok(
				await runTask({ operation: 'update', taskId: demo.taskId, status: 'complete' }, auth),
			);
			expect(done.status).toBe('complete');
			expect(bed.sim.store.tasks.get(demo.taskId)?.status).toBe('complete');
			const [put] = apiRequests(bed.sim, 'PUT', /\/wiki\/api\/v2\/tasks\/\d+$/);
			expect(put.body).toEqual({ id: demo.taskId, status: 'complete' });
			ok(await runTask({ operation: 'update', taskId: demo.taskId, status: 'incomplete' }, auth));
			expect(bed.sim.store.tasks.get(demo.taskId)?.status).toBe('incomplete');
			expectCleanExchange(bed.sim);
		});
	});

	describe('getMany', () => {
		const getMany = async (parameters: IDataObject = {}) =>
			await runTask({ operation: 'getMany', ...parameters });

		function seedTasks() {
			const demo = bed.sim.demo!;
			bed.sim.clock.set('2026-01-10T12:00:00Z');
			const early = bed.sim.store.addTask({
				containerId: demo.pages.projectPlan,
				body: '<p>Draft the plan</p>',
				assignedTo: bed.sim.users.demo.accountId,
				dueAt: new Date('2026-01-20T00:00:00Z'),
			});
			bed.sim.clock.set('2026-02-10T12:00:00Z');
			const late = bed.sim.store.addTask({
				containerId: demo.blogPosts[0],
				body: '<p>Proofread the post</p>',
				status: 'complete',
				assignedTo: demo.secondUser.accountId,
				dueAt: new Date('2026-02-20T00:00:00Z'),
			});
			bed.sim.clock.useRealTime();
			return { early, late };
		}

		it('lists every task, and filters by status, assignee and space', async () => {
			const demo = bed.sim.demo!;
			const { early, late } = seedTasks();
			const all = ok(await getMany({ returnAll: true }));
			expect(all.map((task) => task.id).sort()).toEqual([demo.taskId, early.id, late.id].sort());

			const incompleteForDemo = ok(
				await getMany({
					returnAll: true,
					filters: {
						status: 'incomplete',
						assignedTo: bed.sim.users.demo.accountId,
						space: byKey('DEMO'),
					},
				}),
			);
			expect(incompleteForDemo.map((task) => task.id)).toEqual([early.id]);
			expect(incompleteForDemo[0].body).toBe('Draft the plan');
			const request = apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/tasks$/).at(-1)!;
			expect(request.query).toEqual(
				expect.objectContaining({
					status: 'incomplete',
					'assigned-to': bed.sim.users.demo.accountId,
					'space-id': demo.spaceId,
				}),
			);
			expectCleanExchange(bed.sim);
		});

		it('turns the picked dates into epoch milliseconds for the created and due ranges', async () => {
			const { late } = seedTasks();
			const tasks = ok(
				await getMany({
					returnAll: true,
					filters: {
						createdFrom: '2026-02-01T00:00:00Z',
						createdTo: '2026-02-28T00:00:00Z',
						dueTo: '2026-03-01T00:00:00Z',
					},
				}),
			);
			expect(tasks.map((task) => task.id)).toEqual([late.id]);
			const request = apiRequests(bed.sim, 'GET', /\/tasks$/).at(-1)!;
			expect(request.query).toEqual(
				expect.objectContaining({
					'created-at-from': String(Date.parse('2026-02-01T00:00:00Z')),
					'created-at-to': String(Date.parse('2026-02-28T00:00:00Z')),
					'due-at-to': String(Date.parse('2026-03-01T00:00:00Z')),
				}),
			);
			expectCleanExchange(bed.sim);
		});

		it('filters by a page picked by ID and by blog post IDs, with the raw storage body', async () => {
			const demo = bed.sim.demo!;
			const { late } = seedTasks();
			const onPage = ok(
				await getMany({ returnAll: true, filters: { page: byId(demo.pages.meetingNotes) } }),
			);
			expect(onPage.map((task) => task.id)).toEqual([demo.taskId]);
			const onBlog = ok(
				await getMany({
					returnAll: true,
					bodyFormat: 'storage',
					simplify: false,
					filters: { blogPostIds: demo.blogPosts[0] },
				}),
			);
			expect(onBlog.map((task) => task.id)).toEqual([late.id]);
			expect(JSON.stringify(onBlog[0].body)).toContain('<p>Proofread the post</p>');
			expectCleanExchange(bed.sim);
		});

		it('pages past 250 tasks with Return All and stops at the limit', async () => {
			const demo = bed.sim.demo!;
			for (let n = 0; n < 260; n++) {
				bed.sim.store.addTask({ containerId: demo.pages.projectPlan, body: `<p>Task ${n}</p>` });
			}
			const all = ok(await getMany({ returnAll: true, bodyFormat: 'none' }));
			expect(all).toHaveLength(261);
			expect(apiRequests(bed.sim, 'GET', /\/tasks$/).length).toBeGreaterThanOrEqual(2);
			const few = ok(await getMany({ limit: 5 }));
			expect(few).toHaveLength(5);
			expectCleanExchange(bed.sim);
		});

		it('rejects swapped dates and non-numeric page IDs before sending anything', async () => {
			const swapped = await getMany({
				filters: { dueFrom: '2026-03-01T00:00:00Z', dueTo: '2026-01-01T00:00:00Z' },
			});
			expect(swapped.error?.message).toBe('The filter "Due After" is later than "Due Before"');
			const badIds = await getMany({ filters: { pageIds: '123, Meeting notes' } });
			expect(badIds.error?.message).toContain('"Page IDs" must list numeric IDs');
			expect(apiRequests(bed.sim)).toHaveLength(0);
		});

		it('returns no items when no task matches', async () => {
			const result = await getMany({ returnAll: true, filters: { status: 'complete' } });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(0);
		});
	});

	it('get of a task that does not exist says so', async () => {
		const result = await runTask({ operation: 'get', taskId: '123123123' });
		expect(result.error?.message).toContain('Confluence found nothing at this ID');
	});

	it('update rejects a task ID that is not a number before sending anything', async () => {
		const result = await runTask({ operation: 'update', taskId: 'abc', status: 'complete' });
		expect(result.error?.message).toContain('"Task ID" must be a numeric ID');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('with continueOnFail, updates the good items and reports the bad one', async () => {
		const demo = bed.sim.demo!;
		const other = bed.sim.store.addTask({
			containerId: demo.pages.projectPlan,
			body: '<p>Other</p>',
		});
		const result = await bed.run({
			continueOnFail: true,
			items: [{ id: demo.taskId }, { id: '999999999' }, { id: other.id }],
			parameters: {
				resource: 'task',
				operation: 'update',
				taskId: '={{ $json.id }}',
				status: 'complete',
			},
		});
		const items = result.items.map((entry) => entry.json);
		expect(items[0].status).toBe('complete');
		expect(String(items[1].error)).toContain('Confluence found nothing');
		expect(items[1].httpCode).toBe('404');
		expect(items[2].status).toBe('complete');
		expect(bed.sim.store.tasks.get(other.id)?.status).toBe('complete');
	});
});
