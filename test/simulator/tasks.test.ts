import { useSimulator } from '../helpers/fixtures';
import { parseStorageTasks } from './routes/tasks';
import { basic, call } from './testHttp';

const mention = (accountId: string) =>
	`<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;

function taskList(
	tasks: Array<{ id: string; status: 'complete' | 'incomplete'; body: string }>,
): string {
	return `<ac:task-list>${tasks
		.map(
			(t) =>
				`<ac:task><ac:task-id>${t.id}</ac:task-id><ac:task-status>${t.status}</ac:task-status><ac:task-body>${t.body}</ac:task-body></ac:task>`,
		)
		.join('')}</ac:task-list>`;
}

describe('simulator tasks', () => {
	const sim = useSimulator('demo', { failOnErrors: true });
	beforeEach(() => {
		sim.clock.set('2026-03-01T10:00:00.000Z');
	});

	it('parses tasks, assignees and due dates from storage', () => {
		const alex = sim.demo!.secondUser.accountId;
		expect(
			parseStorageTasks(
				taskList([
					{
						id: '7',
						status: 'complete',
						body: `Ship it ${mention(alex)} by <time datetime="2026-04-01" />`,
					},
					{ id: '8', status: 'incomplete', body: '' },
				]),
			),
		).toEqual([
			{
				localId: '7',
				status: 'complete',
				body: `Ship it ${mention(alex)} by <time datetime="2026-04-01" />`,
				assignedTo: alex,
				dueAt: new Date('2026-04-01T00:00:00.000Z'),
			},
			{ localId: '8', status: 'incomplete', body: '' },
		]);
	});

	it('lists the tasks of page bodies written over HTTP, with filters', async () => {
		const alex = sim.demo!.secondUser.accountId;
		const created = await call(sim, 'POST', '/wiki/api/v2/pages', {
			body: {
				spaceId: sim.demo!.spaceId,
				title: 'Checklist',
				body: {
					representation: 'storage',
					value: taskList([
						{
							id: '1',
							status: 'incomplete',
							body: `Write docs ${mention(alex)} <time datetime="2026-03-10" />`,
						},
						{ id: '2', status: 'complete', body: 'Fix the build' },
						{ id: '3', status: 'incomplete', body: ' ' },
					]),
				},
			},
		});
		expect(created.status).toBe(200);
		const pageId = created.body.id;

		const all = await call(sim, 'GET', `/wiki/api/v2/tasks?page-id=${pageId}&body-format=storage`);
		expect(all.status).toBe(200);
		expect(all.body.results).toHaveLength(3);
		expect(all.body.results[0]).toMatchObject({
			localId: '1',
			pageId,
			spaceId: sim.demo!.spaceId,
			status: 'incomplete',
			createdBy: sim.users.demo.accountId,
			assignedTo: alex,
			dueAt: '2026-03-10T00:00:00.000Z',
			createdAt: '2026-03-01T10:00:00.000Z',
			body: { storage: { representation: 'storage' } },
		});
		expect(all.body.results[1]).toMatchObject({
			status: 'complete',
			completedBy: sim.users.demo.accountId,
			completedAt: '2026-03-01T10:00:00.000Z',
		});

		const ids = async (query: string) =>
			(await call(sim, 'GET', `/wiki/api/v2/tasks?page-id=${pageId}&${query}`)).body.results.map(
				(t: { localId: string }) => t.localId,
			);
		expect(await ids('status=complete')).toEqual(['2']);
		expect(await ids(`assigned-to=${alex}`)).toEqual(['1']);
		expect(await ids('include-blank-tasks=false')).toEqual(['1', '2']);
		const due = Date.parse('2026-03-10T00:00:00.000Z');
		expect(await ids(`due-at-from=${due}&due-at-to=${due}`)).toEqual(['1']);
		expect(await ids(`due-at-to=${due - 1}`)).toEqual([]);
		const created0 = Date.parse('2026-03-01T10:00:00.000Z');
		expect(await ids(`created-at-from=${created0 + 1}`)).toEqual([]);
		expect(
			await ids(`completed-by=${sim.users.demo.accountId}&completed-at-from=${created0}`),
		).toEqual(['2']);
		expect(await ids(`space-id=${sim.demo!.spaceId}&created-by=${alex}`)).toEqual([]);

		const blogTasks = await call(
			sim,
			'GET',
			`/wiki/api/v2/tasks?blogpost-id=${sim.demo!.blogPosts[0]}`,
		);
		expect(blogTasks.body.results).toEqual([]);
		const both = await call(
			sim,
			'GET',
			`/wiki/api/v2/tasks?blogpost-id=${sim.demo!.blogPosts[0]}&page-id=${pageId}&page-id=${sim.demo!.pages.meetingNotes}`,
		);
		expect(both.body.results).toHaveLength(4);
	});

	it('completing a task updates the record and the page body, without a new page version', async () => {
		const taskId = sim.demo!.taskId;
		const pageId = sim.demo!.pages.meetingNotes;
		sim.clock.advance(60_000);
		const done = await call(sim, 'PUT', `/wiki/api/v2/tasks/${taskId}`, {
			body: { status: 'complete' },
		});
		expect(done.status).toBe(200);
		expect(done.body).toMatchObject({
			id: taskId,
			status: 'complete',
			completedBy: sim.users.demo.accountId,
			completedAt: '2026-03-01T10:01:00.000Z',
		});
		const page = await call(sim, 'GET', `/wiki/api/v2/pages/${pageId}?body-format=storage`);
		expect(page.body.body.storage.value).toContain('<ac:task-status>complete</ac:task-status>');
		expect(page.body.version.number).toBe(1);
		expect((await call(sim, 'GET', `/wiki/api/v2/tasks/${taskId}`)).body.status).toBe('complete');

		const reopened = await call(sim, 'PUT', `/wiki/api/v2/tasks/${taskId}`, {
			body: { status: 'incomplete' },
		});
		expect(reopened.body.completedAt).toBeUndefined();
		expect(sim.store.audit.map((a) => a.summary)).toEqual(
			expect.arrayContaining(['Task completed', 'Task reopened']),
		);
	});

	it('follows page edits: a ticked box completes the task, a removed task disappears', async () => {
		const pageId = sim.demo!.pages.meetingNotes;
		const alex = sim.demo!.secondUser;
		const before = await call(sim, 'GET', `/wiki/api/v2/tasks?page-id=${pageId}`);
		expect(before.body.results.map((t: { id: string }) => t.id)).toEqual([sim.demo!.taskId]);

		sim.clock.advance(3_600_000);
		sim.store.updatePage(
			pageId,
			{
				body: taskList([
					{ id: '1', status: 'complete', body: 'Send the agenda' },
					{ id: '2', status: 'incomplete', body: 'Book a room' },
				]),
			},
			{ actorId: alex.accountId },
		);
		const after = await call(sim, 'GET', `/wiki/api/v2/tasks?page-id=${pageId}`);
		expect(after.body.results).toEqual([
			expect.objectContaining({
				id: sim.demo!.taskId,
				status: 'complete',
				completedBy: alex.accountId,
			}),
			expect.objectContaining({ localId: '2', status: 'incomplete', createdBy: alex.accountId }),
		]);

		sim.store.updatePage(pageId, { body: '<p>No more tasks.</p>' });
		expect((await call(sim, 'GET', `/wiki/api/v2/tasks?page-id=${pageId}`)).body.results).toEqual(
			[],
		);
	});

	it('hides tasks of pages the user cannot see or edit, and validates the status', async () => {
		const alex = sim.demo!.secondUser;
		sim.store.setRestriction(sim.demo!.pages.meetingNotes, 'read', {
			users: [sim.users.demo.accountId],
		});
		sim.setContractValidation(false);
		const asAlex = await call(sim, 'GET', '/wiki/api/v2/tasks', {
			auth: basic(alex.email, alex.apiToken),
		});
		expect(asAlex.body.results).toEqual([]);
		const hidden = await call(sim, 'PUT', `/wiki/api/v2/tasks/${sim.demo!.taskId}`, {
			auth: basic(alex.email, alex.apiToken),
			body: { status: 'complete' },
		});
		expect(hidden.status).toBe(404);
		const invalid = await call(sim, 'PUT', `/wiki/api/v2/tasks/${sim.demo!.taskId}`, {
			body: { status: 'done' },
		});
		expect(invalid.status).toBe(400);
		const badRange = await call(sim, 'GET', '/wiki/api/v2/tasks?due-at-from=yesterday');
		expect(badRange.status).toBe(400);
	});
});
