/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* The Confluence Trigger activated in a running n8n 2.x: while the test writes to the simulator over HTTP in bursts
 * spread over several polls (one write landing in the middle of a poll), every event reaches an execution exactly
 * once, and nothing that existed before the activation does. Then n8n is stopped, content changes while it is down,
 * and a new n8n on the same user folder re-activates the workflow from its database and emits exactly the events it
 * missed: the trigger's state survives in n8n's static data. */
import type { IDataObject, INode } from 'n8n-workflow';

import { startSimulator, type FaultHandle, type Simulator } from '../simulator';
import { call, multipart } from '../simulator/testHttp';
import {
	CONFLUENCE_API_CREDENTIAL_TYPE,
	CONFLUENCE_TRIGGER_NODE_TYPE,
	createUserFolder,
	entryText,
	nodeItems,
	startN8n,
	workflow,
	type LogEntry,
	type N8nServer,
	type UserFolder,
	type WorkflowInput,
} from './lib';
import { TRIGGER_EVENTS } from '../../nodes/Confluence/trigger/feeds';

const TRIGGER_NAME = 'Confluence Trigger';
const NEXT_NODE_NAME = 'Received';
const V2 = '/wiki/api/v2';

/**
 * n8n 2.41 refuses to activate a poll time that fires more than once a minute (`isSubMinuteCron`: a 6-field cron
 * whose seconds field is anything but one number, so `*\/10 * * * * *` is "The polling interval is too short"). Each
 * poll time may still name one second of the minute, and a node may have several: six custom times, one per
 * 10 seconds, poll every 10 s. A user can set the same in the editor (Poll Times → Add poll time → Custom).
 */
const POLL_SECONDS = [0, 10, 20, 30, 40, 50];
const POLL_INTERVAL_MS = 10_000;

/**
 * 2.41 activates a published workflow in the background, from a publication outbox it reads every 15 s by default
 * (a single main instance gets no wake-up): read every second, each activation waits ~1 s instead of up to 15 s.
 */
const N8N_ENV = { N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000' };

const EVENTS = [...TRIGGER_EVENTS];

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

/** One event as the test expects it: the identity the trigger must emit once, and fields the user sees. */
interface ExpectedEvent {
	key: string;
	fields: IDataObject;
}

interface ReceivedItem {
	key: string;
	executionId: string;
	json: IDataObject;
}

/** Identity of an emitted item: event + object + version (audit records have no id: their content is the key). */
function keyOf(json: IDataObject): string {
	if (json.event === 'auditRecord') return auditKey(json);
	if (json.event === 'commentCreated' || json.event === 'attachmentCreated') {
		return `${String(json.event)}:${String(json.id)}`;
	}
	return `${String(json.event)}:${String(json.id)}:v${String(json.version)}`;
}

function auditKey(record: IDataObject): string {
	const author = (record.author ?? {}) as IDataObject;
	const affected = (record.affectedObject ?? {}) as IDataObject;
	return [
		'auditRecord',
		record.creationDate,
		author.accountId,
		record.category,
		record.summary,
		affected.objectType,
		affected.name,
	].join('|');
}

function triggerNode(credential: { id: string; name: string }): INode {
	return {
		id: 'e2e-confluence-trigger',
		name: TRIGGER_NAME,
		type: CONFLUENCE_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: 'apiToken',
			events: EVENTS,
			pollTimes: {
				item: POLL_SECONDS.map((second) => ({
					mode: 'custom',
					cronExpression: `${second} * * * * *`,
				})),
			},
			filters: {},
			options: {},
		},
		credentials: { confluenceApi: { id: credential.id, name: credential.name } },
	};
}

function describeProblems(entries: LogEntry[]): string {
	return entries.map((entry) => `${entry.level}: ${entryText(entry)}`).join('\n');
}

describe('the Confluence Trigger activated in n8n 2.x', () => {
	let sim: Simulator;
	let folder: UserFolder;
	let server: N8nServer;
	const servers: N8nServer[] = [];
	let workflowId: string;
	let credential: { id: string; name: string };
	/** Audit records written before this instant existed before the activation. */
	let activationStartedAt: number;
	const expected = new Map<string, ExpectedEvent>();
	const versions = new Map<string, number>();
	const titles = new Map<string, string>();
	const executions = new Map<string, ReceivedItem[]>();
	let preExisting: { pageId: string; gettingStartedId: string };

	// --- writes to the simulator over its HTTP API (Basic auth, demo user), each noting the event it must cause ---

	async function write(method: string, path: string, body?: unknown): Promise<IDataObject> {
		const reply = await call(sim, method, path, { body });
		if (reply.status >= 300)
			throw new Error(`${method} ${path} answered ${reply.status}: ${reply.text}`);
		return reply.body as IDataObject;
	}

	function expectEvent(key: string, fields: IDataObject): void {
		expected.set(key, { key, fields });
	}

	async function createContent(
		kind: 'page' | 'blogpost',
		title: string,
		html: string,
		{ expectIt = true } = {},
	): Promise<string> {
		const created = await write('POST', `${V2}/${kind === 'page' ? 'pages' : 'blogposts'}`, {
			spaceId: sim.demo!.spaceId,
			status: 'current',
			title,
			body: { representation: 'storage', value: html },
		});
		const id = String(created.id);
		versions.set(id, 1);
		titles.set(id, title);
		const event = kind === 'page' ? 'pageCreated' : 'blogPostCreated';
		if (expectIt) {
			expectEvent(`${event}:${id}:v1`, {
				event,
				id,
				type: kind,
				title,
				status: 'current',
				spaceId: sim.demo!.spaceId,
				version: 1,
				authorId: sim.users.demo.accountId,
				url: expect.stringMatching(
					new RegExp(`^${sim.baseUrl}/wiki/spaces/DEMO/(pages|blog/[\\d/]+)/${id}/`),
				),
			});
		}
		return id;
	}

	async function editContent(kind: 'page' | 'blogpost', id: string, html: string): Promise<number> {
		const number = (versions.get(id) ?? 1) + 1;
		const message = `edit ${number}`;
		await write('PUT', `${V2}/${kind === 'page' ? 'pages' : 'blogposts'}/${id}`, {
			id,
			status: 'current',
			title: titles.get(id),
			body: { representation: 'storage', value: html },
			version: { number, message },
		});
		versions.set(id, number);
		const event = kind === 'page' ? 'pageUpdated' : 'blogPostUpdated';
		expectEvent(`${event}:${id}:v${number}`, {
			event,
			id,
			type: kind,
			title: titles.get(id),
			version: number,
			versionMessage: message,
			authorId: sim.users.demo.accountId,
		});
		return number;
	}

	/** Content that exists already (demo seed): its version and title, read over HTTP. */
	async function adopt(kind: 'page' | 'blogpost', id: string): Promise<void> {
		const current = await write('GET', `${V2}/${kind === 'page' ? 'pages' : 'blogposts'}/${id}`);
		versions.set(id, Number((current.version as IDataObject).number));
		titles.set(id, String(current.title));
	}

	async function addComment(
		pageId: string,
		text: string,
		inlineSelection?: string,
	): Promise<string> {
		const body: IDataObject = {
			pageId,
			body: { representation: 'storage', value: `<p>${text}</p>` },
		};
		if (inlineSelection) {
			body.inlineCommentProperties = {
				textSelection: inlineSelection,
				textSelectionMatchCount: 1,
				textSelectionMatchIndex: 0,
			};
		}
		const created = await write(
			'POST',
			`${V2}/${inlineSelection ? 'inline-comments' : 'footer-comments'}`,
			body,
		);
		const id = String(created.id);
		expectEvent(`commentCreated:${id}`, {
			event: 'commentCreated',
			id,
			type: 'comment',
			commentType: inlineSelection ? 'inline' : 'footer',
			pageId,
			version: 1,
			authorId: sim.users.demo.accountId,
		});
		return id;
	}

	async function upload(pageId: string, fileName: string, text: string): Promise<string> {
		const form = multipart([
			{ name: 'file', filename: fileName, value: text, contentType: 'text/plain' },
			{ name: 'minorEdit', value: 'true' },
		]);
		const reply = await call(sim, 'POST', `/wiki/rest/api/content/${pageId}/child/attachment`, {
			raw: form.body,
			headers: { 'content-type': form.contentType, 'x-atlassian-token': 'nocheck' },
		});
		if (reply.status !== 200) throw new Error(`upload answered ${reply.status}: ${reply.text}`);
		const id = String((reply.body as { results: IDataObject[] }).results[0].id);
		expectEvent(`attachmentCreated:${id}`, {
			event: 'attachmentCreated',
			id,
			type: 'attachment',
			title: fileName,
			pageId,
			mediaType: 'text/plain',
			fileSize: Buffer.byteLength(text),
		});
		return id;
	}

	/** Every audit record written since the activation began: each is an event (the demo user is a site admin). */
	function expectedAuditEvents(): ExpectedEvent[] {
		return sim.store.audit
			.filter((record) => Number(record.creationDate) >= activationStartedAt)
			.map((record) => {
				const json = record as unknown as IDataObject;
				return {
					key: auditKey(json),
					fields: {
						event: 'auditRecord',
						creationDate: json.creationDate,
						summary: json.summary,
						category: json.category,
					},
				};
			});
	}

	function allExpected(): Map<string, ExpectedEvent> {
		const all = new Map(expected);
		for (const event of expectedAuditEvents()) all.set(event.key, event);
		return all;
	}

	// --- reading what n8n did ---

	/** Finished polls: the audit log is the last feed each poll reads. */
	const pollsSoFar = (): number =>
		sim.requests.filter(
			(request) => request.method === 'GET' && request.path === '/wiki/rest/api/audit',
		).length;

	async function waitForPolls(count: number, timeoutMs = 4 * POLL_INTERVAL_MS): Promise<void> {
		const target = pollsSoFar() + count;
		const deadline = Date.now() + timeoutMs;
		while (pollsSoFar() < target) {
			if (Date.now() > deadline)
				throw new Error(`fewer than ${count} polls within ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	/**
	 * Items of every finished execution of the workflow, in the order n8n started them (ids grow), each execution's
	 * items in its order. Each execution is read once; they do not change.
	 */
	async function receivedItems(): Promise<ReceivedItem[]> {
		for (const summary of await server.listExecutions(workflowId)) {
			if (executions.has(summary.id) || ['new', 'running', 'waiting'].includes(summary.status)) {
				continue;
			}
			const execution = await server.waitForExecution(summary.id);
			expect({ id: summary.id, status: execution.status, mode: execution.mode }).toEqual({
				id: summary.id,
				status: 'success',
				mode: 'trigger',
			});
			const runData = execution.data.resultData.runData;
			const items = nodeItems(runData, TRIGGER_NAME);
			// The items went on to the next node, as the workflow's user sees them there.
			expect(nodeItems(runData, NEXT_NODE_NAME)).toEqual(items);
			executions.set(
				summary.id,
				items.map((json) => ({ key: keyOf(json), executionId: summary.id, json })),
			);
		}
		return [...executions.entries()]
			.sort(([a], [b]) => Number(a) - Number(b))
			.flatMap(([, items]) => items);
	}

	async function waitForEvents(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const received = new Set((await receivedItems()).map((item) => item.key));
			const missing = [...allExpected().keys()].filter((key) => !received.has(key));
			if (missing.length === 0) return;
			if (Date.now() > deadline) {
				throw new Error(`events not emitted within ${timeoutMs} ms:\n${missing.join('\n')}`);
			}
			await sleep(1000);
		}
	}

	/** After the last expected event: two more polls, then everything must have arrived exactly once. */
	async function expectEveryEventOnce(): Promise<ReceivedItem[]> {
		await waitForEvents(6 * POLL_INTERVAL_MS);
		await waitForPolls(2);
		await sleep(2000); // an execution is stored a moment after its poll read the last feed
		const received = await receivedItems();
		const all = allExpected();

		const counts = new Map<string, number>();
		for (const item of received) counts.set(item.key, (counts.get(item.key) ?? 0) + 1);
		const repeated = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
		const unexpected = [...counts.keys()].filter((key) => !all.has(key));
		const missing = [...all.keys()].filter((key) => !counts.has(key));
		expect({ repeated, unexpected, missing }).toEqual({
			repeated: [],
			unexpected: [],
			missing: [],
		});

		for (const item of received) {
			expect({ key: item.key, json: item.json }).toEqual({
				key: item.key,
				json: expect.objectContaining(all.get(item.key)!.fields),
			});
			// When it happened, per Confluence (audit records keep their own creationDate).
			if (item.json.event !== 'auditRecord') {
				expect(item.json.at).toEqual(
					expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
				);
			}
		}
		return received;
	}

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'demo' });
		// The folder outlives the first n8n: the second one starts on the same database.
		folder = createUserFolder();
		server = await startN8n({ folder, name: 'trigger-e2e', env: N8N_ENV });
		servers.push(server);

		const created = await server.rest<{ id: string }>('POST', '/rest/credentials', {
			name: 'Confluence (simulator)',
			type: CONFLUENCE_API_CREDENTIAL_TYPE,
			data: { siteUrl: sim.baseUrl, email: 'demo@example.com', apiToken: 'demo-token' },
		});
		credential = { id: created.id, name: 'Confluence (simulator)' };
		const definition: Partial<WorkflowInput> = workflow('unused', 'e2e: Confluence events', [
			triggerNode(credential),
			{
				id: 'e2e-received',
				name: NEXT_NODE_NAME,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		]);
		delete definition.id;
		workflowId = await server.createWorkflow(definition as WorkflowInput);
	}, 200_000);

	afterAll(async () => {
		await server?.stop();
		folder?.remove();
		await sim?.close();
	});

	it('emits every page, blog post, comment, attachment and audit event once while content changes across polls', async () => {
		// History: the demo seed, and a page written just before the activation. None of it is an event.
		const gettingStartedId = sim.demo!.pages.gettingStarted;
		await adopt('page', gettingStartedId);
		const beforeId = await createContent('page', 'Written before activation', '<p>old</p>', {
			expectIt: false,
		});
		preExisting = { pageId: beforeId, gettingStartedId };

		activationStartedAt = Date.now();
		await server.activateWorkflow(workflowId);
		const activated = await server.rest<{ active: boolean; activeVersionId?: string }>(
			'GET',
			`/rest/workflows/${workflowId}`,
		);
		expect(activated.active).toBe(true);

		// Burst 1, right after the activation's first look.
		const planId = await createContent(
			'page',
			'Launch plan',
			'<p>The release date is Friday.</p><p>Owners: everyone.</p>',
		);
		const blogId = await createContent('blogpost', 'Launch announced', '<p>We launch soon.</p>');
		await editContent('page', gettingStartedId, '<p>Getting started, rewritten.</p>');
		await waitForPolls(1);

		// Burst 2, between two polls: two edits of one page (each version is an event), comments, a file.
		await editContent('page', planId, '<p>The release date is Friday.</p><p>Owners: Alex.</p>');
		await editContent(
			'page',
			planId,
			'<p>The release date is Friday.</p><p>Owners: Alex, Sam.</p>',
		);
		await addComment(planId, 'Looks good.');
		await upload(planId, 'checklist.txt', '1. build\n2. ship\n');
		await addComment(planId, 'Which Friday?', 'release date');
		await editContent('blogpost', blogId, '<p>We launch on Friday.</p>');
		await waitForPolls(1);

		// Burst 3 lands in the middle of a poll: its blog post read is held back while we write, after its page
		// read has answered. The page edit and new page are for the next poll; the comment is read later in this one.
		const hold: FaultHandle = sim.faults.inject({
			kind: 'latency',
			ms: 5000,
			method: 'GET',
			path: /^\/wiki\/api\/v2\/blogposts$/,
			times: 1,
		});
		const holdDeadline = Date.now() + 3 * POLL_INTERVAL_MS;
		while (hold.hits === 0) {
			if (Date.now() > holdDeadline) throw new Error('no poll read the blog posts');
			await sleep(50);
		}
		const duringPollFrom = sim.requests.length;
		await editContent('page', planId, '<p>The release date is Monday.</p>');
		const followUpId = await createContent('page', 'Launch retro', '<p>What went well.</p>');
		await addComment(followUpId, 'First!');
		await editContent('page', beforeId, '<p>old, edited after activation</p>');
		// The poll's held blog post read has not answered yet: the writes landed during that poll.
		expect(
			sim.requests
				.slice(duringPollFrom)
				.some((request) => request.method === 'GET' && request.path === `${V2}/blogposts`),
		).toBe(false);

		const received = await expectEveryEventOnce();

		// What existed before the activation is never an event; later edits of it are.
		const keys = received.map((item) => item.key);
		expect(keys).not.toContain(`pageCreated:${beforeId}:v1`);
		expect(keys).toContain(`pageUpdated:${beforeId}:v2`);
		expect(keys).toContain(`pageUpdated:${gettingStartedId}:v3`);
		expect(keys.filter((key) => key.includes(`:${gettingStartedId}:`))).toEqual([
			`pageUpdated:${gettingStartedId}:v3`,
		]);
		const seeded = new Set([
			...Object.values(sim.demo!.pages),
			...sim.demo!.blogPosts,
			sim.demo!.attachmentId,
			sim.demo!.footerCommentId,
			sim.demo!.inlineCommentId,
		]);
		expect(
			received.filter(
				(item) => seeded.has(String(item.json.id)) && item.key.split(':')[1] !== gettingStartedId,
			),
		).toEqual([]);
		// Every version of the page edited twice between two polls, in order, in whichever executions.
		expect(
			received
				.filter((item) => item.json.id === planId)
				.map((item) => `${String(item.json.event)} v${String(item.json.version)}`),
		).toEqual(['pageCreated v1', 'pageUpdated v2', 'pageUpdated v3', 'pageUpdated v4']);
		// The events came in more than one poll.
		expect(new Set(received.map((item) => item.executionId)).size).toBeGreaterThanOrEqual(3);

		// What the user sees on a few items.
		const attachment = received.find((item) => item.json.event === 'attachmentCreated')!;
		expect(attachment.json).toMatchObject({
			title: 'checklist.txt',
			pageId: planId,
			downloadLink: expect.stringContaining('/download/attachments/'),
		});
		const inline = received.find((item) => item.json.commentType === 'inline')!;
		expect(inline.json).toMatchObject({ pageId: planId, resolutionStatus: 'open' });

		// The trigger's state is in the workflow's static data in n8n's database, one entry per feed.
		const stored = await server.rest<{ staticData?: IDataObject }>(
			'GET',
			`/rest/workflows/${workflowId}`,
		);
		const nodeState = (stored.staticData?.[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
		expect(
			Object.keys((nodeState.confluence as IDataObject | undefined)?.feeds ?? {}).sort(),
		).toEqual(['attachments', 'audit', 'blogposts', 'footerComments', 'inlineComments', 'pages']);

		expect(describeProblems(server.log.packageProblems())).toBe('');
		expect(sim.serverErrors).toEqual([]);
		expect(sim.contractViolations).toEqual([]);
	}, 200_000);

	it('after a restart on the same database, emits once what changed while n8n was down, and repeats nothing', async () => {
		expect(preExisting).toBeDefined();
		const before = await receivedItems();
		expect(before.length).toBeGreaterThan(0);
		await server.stop({ keepFolder: true });

		// While n8n is down.
		const downtimePage = await createContent(
			'page',
			'Written while n8n was down',
			'<p>offline</p>',
		);
		await addComment(downtimePage, 'Nobody is listening.');
		await upload(downtimePage, 'notes.txt', 'offline notes\n');
		await createContent('blogpost', 'Posted while n8n was down', '<p>quiet</p>');
		await editContent('page', preExisting.pageId, '<p>old, edited while n8n was down</p>');

		server = await startN8n({
			folder,
			ownerExists: true,
			name: 'trigger-e2e-restart',
			env: N8N_ENV,
		});
		servers.push(server);
		const reloaded = await server.rest<{ active: boolean }>('GET', `/rest/workflows/${workflowId}`);
		expect(reloaded.active).toBe(true);

		// And after it is back.
		await createContent('page', 'Written after the restart', '<p>back</p>');

		const received = await expectEveryEventOnce();
		// Exactly the earlier items, in the same executions, plus the new ones.
		const earlier = new Set(before.map((item) => `${item.executionId}/${item.key}`));
		const later = received.filter((item) => !earlier.has(`${item.executionId}/${item.key}`));
		expect(received.filter((item) => earlier.has(`${item.executionId}/${item.key}`))).toHaveLength(
			before.length,
		);
		expect(later.map((item) => item.key)).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^pageCreated:/),
				expect.stringMatching(/^commentCreated:/),
				expect.stringMatching(/^attachmentCreated:/),
				expect.stringMatching(/^blogPostCreated:/),
				`pageUpdated:${preExisting.pageId}:v3`,
				expect.stringMatching(/^auditRecord\|/),
			]),
		);
		expect(later.every((item) => !before.some((old) => old.key === item.key))).toBe(true);

		for (const each of servers) expect(describeProblems(each.log.packageProblems())).toBe('');
		expect(sim.serverErrors).toEqual([]);
		expect(sim.contractViolations).toEqual([]);
	}, 220_000);

	it('cannot poll more often than once a minute per poll time: n8n refuses a cron with a seconds step', async () => {
		const node = triggerNode(credential);
		node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }] };
		const definition: Partial<WorkflowInput> = workflow('unused', 'e2e: polls too often', [node]);
		delete definition.id;
		const tooOften = await server.createWorkflow(definition as WorkflowInput);

		await expect(server.activateWorkflow(tooOften)).rejects.toThrow(
			/The polling interval is too short\. It has to be at least a minute\./,
		);
	}, 120_000);
});
