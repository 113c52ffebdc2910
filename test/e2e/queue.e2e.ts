/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* The package in n8n 2.x's queue mode, with the real parts: a private PostgreSQL and Redis (Debian's packages, started
 * by scripts/queue/services.sh on loopback ports), one main (triggers, webhooks, editor) and two `n8n worker`
 * processes running the executions, binary data in the database.
 *
 * n8n's recovery rules, as 2.41 implements them (dist/scaling/scaling.service.js, dist/workflow-runner.js): Bull runs
 * with maxStalledCount 0, so a job whose worker died is failed once its lock expires (QUEUE_WORKER_LOCK_DURATION),
 * never run again; the main that enqueued it records the execution as an error ("This execution failed to be processed
 * too many times and will no longer retry"). Should no main be waiting for it, the leader main's queue recovery (at its
 * start, then every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes) marks it crashed. Jobs still waiting in Redis go to
 * the workers that live. Nothing re-runs a lost execution by itself: its sender, or a user, starts it again. What the
 * package adds is that starting it again is safe: Create or Update finds the page by its title and answers
 * "unchanged" when the lost run had written it, so each page is written once however often its execution is re-run. */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import { call } from '../simulator/testHttp';
import {
	confluenceNode,
	CONFLUENCE_TRIGGER_NODE_TYPE,
	n8nId,
	nodeItems,
	simulatorCredentials,
	startN8n,
	startQueueMode,
	withOAuth2,
	workflow,
	type ExecutionSummary,
	type N8nServer,
	type N8nWorker,
	type QueueMode,
	type UserFolder,
	type WorkflowInput,
} from './lib';

const BASIC = { id: n8nId('e2eQueueBasic'), name: 'Confluence (simulator)' };
const OAUTH = { id: n8nId('e2eQueueOAuth2'), name: 'Confluence OAuth2 (simulator)' };
const SPACE_KEY = 'QUE';
/** Executions started at once by the burst (QUEUE_E2E_EXECUTIONS to change it). */
const BURST = Number(process.env.QUEUE_E2E_EXECUTIONS ?? 200);
const WORKER_CONCURRENCY = 8;
const TRIGGER_NAME = 'Confluence Trigger';
const POLL_INTERVAL_MS = 10_000;

const N8N_ENV = {
	// 2.41 activates a published workflow from an outbox it reads every 15 s by default.
	N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
};

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

function byKey(value: string): INodeParameters {
	return { __rl: true, mode: 'key', value };
}

function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

function baseNode(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
): INode {
	return {
		id: `e2e-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters,
	};
}

function webhookNode(path: string): INode {
	return {
		...baseNode('Webhook', 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path,
			responseMode: 'onReceived',
			options: {},
		}),
		webhookId: `e2e-queue-${path}`,
	};
}

const WEBHOOK_BODY = "$('Webhook').item.json.body";

/** Markdown page upsert → file from the request → attachment up → down (binary, in PostgreSQL) → bytes → search. */
function upsertWorkflow(): Omit<WorkflowInput, 'id'> {
	const definition: Partial<WorkflowInput> = workflow(
		'unused',
		'e2e queue: upsert, attach, search',
		[
			webhookNode('queue-upsert'),
			confluenceNode(
				'Upsert page',
				{
					resource: 'page',
					operation: 'createOrUpdate',
					space: byKey(SPACE_KEY),
					title: `={{ ${WEBHOOK_BODY}.title }}`,
					bodyFormat: 'markdown',
					body: `={{ ${WEBHOOK_BODY}.markdown }}`,
				},
				BASIC,
			),
			baseNode('File content', 'n8n-nodes-base.set', 3.4, {
				assignments: {
					assignments: [
						{ id: 'b64', name: 'b64', value: `={{ ${WEBHOOK_BODY}.fileBase64 }}`, type: 'string' },
					],
				},
				options: {},
			}),
			baseNode('Make file', 'n8n-nodes-base.convertToFile', 1.1, {
				operation: 'toBinary',
				sourceProperty: 'b64',
				binaryPropertyName: 'data',
				options: { fileName: `={{ ${WEBHOOK_BODY}.fileName }}`, mimeType: 'text/plain' },
			}),
			confluenceNode(
				'Upload attachment',
				{
					resource: 'attachment',
					operation: 'upload',
					contentType: 'page',
					page: byId("={{ $('Upsert page').item.json.id }}"),
					binaryPropertyName: 'data',
				},
				BASIC,
			),
			confluenceNode(
				'Download attachment',
				{
					resource: 'attachment',
					operation: 'download',
					attachmentId: '={{ $json.id }}',
					binaryPropertyName: 'file',
				},
				BASIC,
			),
			baseNode('Read bytes', 'n8n-nodes-base.extractFromFile', 1.1, {
				operation: 'binaryToPropery',
				binaryPropertyName: 'file',
				destinationKey: 'base64',
				options: {},
			}),
			confluenceNode(
				'Search',
				{
					resource: 'search',
					operation: 'query',
					mode: 'text',
					text: `={{ ${WEBHOOK_BODY}.token }}`,
					searchIn: 'title',
					limit: 5,
				},
				BASIC,
			),
		],
	);
	delete definition.id;
	return definition as Omit<WorkflowInput, 'id'>;
}

/** A read through the OAuth2 credential whose access token has expired. */
function oauthWorkflow(pageId: string): Omit<WorkflowInput, 'id'> {
	const definition: Partial<WorkflowInput> = workflow('unused', 'e2e queue: OAuth2 read', [
		webhookNode('queue-oauth'),
		withOAuth2(
			confluenceNode(
				'Read page',
				{ resource: 'page', operation: 'get', page: byId(pageId), bodyFormat: 'markdown' },
				BASIC,
			),
			OAUTH,
		),
	]);
	delete definition.id;
	return definition as Omit<WorkflowInput, 'id'>;
}

/** Page creations in the demo space, polled every 10 s on the main (six poll times, one per 10 s of the minute). */
function triggerWorkflow(): Omit<WorkflowInput, 'id'> {
	const definition: Partial<WorkflowInput> = workflow('unused', 'e2e queue: page events', [
		{
			id: 'e2e-confluence-trigger',
			name: TRIGGER_NAME,
			type: CONFLUENCE_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				authentication: 'apiToken',
				events: ['pageCreated'],
				pollTimes: {
					item: [0, 10, 20, 30, 40, 50].map((second) => ({
						mode: 'custom',
						cronExpression: `${second} * * * * *`,
					})),
				},
				filters: { spaces: 'DEMO' },
				options: {},
			},
			credentials: { confluenceApi: { id: BASIC.id, name: BASIC.name } },
		},
		baseNode('Received', 'n8n-nodes-base.noOp', 1, {}),
	]);
	delete definition.id;
	return definition as Omit<WorkflowInput, 'id'>;
}

interface PageRequest {
	n: number;
	title: string;
	token: string;
	markdown: string;
	fileName: string;
	fileBase64: string;
}

function pageRequest(n: number, prefix: string): PageRequest {
	const token = `${prefix.toLowerCase()}${String(n).padStart(4, '0')}`;
	return {
		n,
		title: `${prefix} note ${token}`,
		token,
		markdown: `## Note ${n}\n\nWritten by **execution ${n}** in queue mode.\n\n- one\n- two`,
		fileName: `note-${n}.txt`,
		fileBase64: Buffer.from(`attachment of note ${n}\n`).toString('base64'),
	};
}

describe('queue mode: a main and two workers on PostgreSQL and Redis (n8n 2.x)', () => {
	let queue: QueueMode;
	let sim: Simulator;
	let folder: UserFolder;
	let env: Record<string, string>;
	let main: N8nServer;
	let workers: N8nWorker[] = [];
	let upsertId: string;
	let oauthId: string;
	let triggerId: string;
	/** Titles of pages the trigger must report (demo space, written after its activation). */
	const triggerPages = new Map<string, string>();

	const queueSpaceId = (): string =>
		[...sim.store.spaces.values()].find((space) => space.key === SPACE_KEY)!.id;

	/** Current pages in the queue space, by title (several with one title would be a duplicate write). */
	function pagesByTitle(): Map<string, string[]> {
		const byTitle = new Map<string, string[]>();
		const spaceId = queueSpaceId();
		for (const item of sim.store.content.values()) {
			if (item.type !== 'page' || item.status !== 'current' || item.spaceId !== spaceId) continue;
			byTitle.set(item.title, [...(byTitle.get(item.title) ?? []), item.id]);
		}
		return byTitle;
	}

	async function post(path: string, body: unknown): Promise<void> {
		const response = await fetch(`${main.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`webhook ${path}: ${response.status} ${text}`);
	}

	/**
	 * Sends every body to the webhook, 25 requests in flight: each becomes an execution row and a job before n8n
	 * answers, and 200 requests at once starve the main's database pool (its health check then answers 503).
	 */
	async function postAll(path: string, bodies: unknown[]): Promise<void> {
		let next = 0;
		await Promise.all(
			Array.from({ length: 25 }, async () => {
				while (next < bodies.length) await post(path, bodies[next++]);
			}),
		);
	}

	/** Waits until `count` executions of the workflow have ended (any status). */
	async function waitForEnded(workflowId: string, count: number, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const all = await main.listExecutions(workflowId);
			const ended = all.filter((row) => !['new', 'running', 'waiting'].includes(row.status));
			if (ended.length >= count) return all;
			if (Date.now() > deadline) {
				throw new Error(
					`${ended.length}/${count} executions of ${workflowId} ended within ${timeoutMs} ms`,
				);
			}
			await sleep(1000);
		}
	}

	/** Waits until `count` executions of the workflow that are not in `known` have ended; returns them. */
	async function waitForNew(
		workflowId: string,
		known: Set<string>,
		count: number,
		timeoutMs: number,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const unseen = new Map(
				(await main.listExecutions(workflowId))
					.filter((row) => !known.has(row.id))
					.map((row) => [row.id, row]),
			);
			const fresh = [...unseen.values()];
			const ended = fresh.filter((row) => !['new', 'running', 'waiting'].includes(row.status));
			if (fresh.length >= count && ended.length === fresh.length) return fresh;
			if (Date.now() > deadline) {
				throw new Error(`${ended.length}/${count} new executions of ${workflowId} ended`);
			}
			await sleep(1000);
		}
	}

	/** Which worker ran each execution, from the workers' own logs. */
	function workerOf(executionId: string): string | undefined {
		return workers.find((worker) => worker.startedExecutions().includes(executionId))?.name;
	}

	async function createDemoPage(title: string): Promise<void> {
		const reply = await call(sim, 'POST', '/wiki/api/v2/pages', {
			body: {
				spaceId: sim.demo!.spaceId,
				status: 'current',
				title,
				body: { representation: 'storage', value: `<p>${title}</p>` },
			},
		});
		if (reply.status !== 200)
			throw new Error(`page create answered ${reply.status}: ${reply.text}`);
		triggerPages.set(String((reply.body as IDataObject).id), title);
	}

	/** Polls that failed (n8n records a failed poll as an error execution of the trigger's workflow). */
	const failedPolls = new Map<string, string>();

	/**
	 * Every page event the trigger's executions carried, in execution order. A failed poll (it emits nothing) is noted
	 * for the check that none failed.
	 */
	async function emittedPageIds(): Promise<string[]> {
		const ids: string[] = [];
		const rows = (await main.listExecutions(triggerId)).sort((a, b) => Number(a.id) - Number(b.id));
		for (const row of rows) {
			const execution = await main.waitForExecution(row.id, 60_000);
			const runData = execution.data.resultData.runData;
			if (execution.status !== 'success') {
				failedPolls.set(row.id, String(execution.data.resultData.error?.message));
				expect(runData.Received).toBeUndefined();
				continue;
			}
			ids.push(...nodeItems(runData, 'Received').map((json) => String(json.id)));
		}
		return ids;
	}

	async function expectEveryTriggerEventOnce(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let ids: string[] = [];
		for (;;) {
			ids = await emittedPageIds();
			const missing = [...triggerPages.keys()].filter((id) => !ids.includes(id));
			if (missing.length === 0 || Date.now() > deadline) break;
			await sleep(2000);
		}
		// Two more polls: nothing is emitted again.
		await sleep(2 * POLL_INTERVAL_MS + 2000);
		ids = await emittedPageIds();
		const counts = new Map<string, number>();
		for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
		expect({
			repeated: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
			unexpected: [...counts.keys()].filter((id) => !triggerPages.has(id)),
			missing: [...triggerPages.keys()].filter((id) => !counts.has(id)),
		}).toEqual({ repeated: [], unexpected: [], missing: [] });
		// No poll may fail, not even one the next poll would make up for.
		expect([...failedPolls]).toEqual([]);
	}

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'demo', latencyMs: 5 });
		sim.store.createSpace({ key: SPACE_KEY, name: 'Queue mode' });
		queue = await startQueueMode({
			name: 'queue',
			credentials: simulatorCredentials(sim, { apiToken: BASIC, oAuth2: OAUTH }),
			workers: 2,
			concurrency: WORKER_CONCURRENCY,
			env: N8N_ENV,
		});
		({ env, folder, main, workers } = queue);
		upsertId = await main.createWorkflow(upsertWorkflow() as WorkflowInput);
		oauthId = await main.createWorkflow(
			oauthWorkflow(sim.demo!.pages.gettingStarted) as WorkflowInput,
		);
		triggerId = await main.createWorkflow(triggerWorkflow() as WorkflowInput);
		for (const id of [upsertId, oauthId, triggerId]) await main.activateWorkflow(id);
	}, 420_000);

	afterAll(async () => {
		if (queue) queue.main = main;
		await queue?.stop();
		await sim?.close();
	}, 120_000);

	it('an OAuth2 token that expired is refreshed by several workers at once: no execution fails, the stored token stays alive', async () => {
		// Atlassian rotates the refresh token on every refresh and honours a reused one for 10 minutes
		// (test/simulator/REALITY.md, oauth-refresh-rotation): concurrent refreshes from several workers all succeed.
		sim.oauth.expireAccessTokens();
		const grantsFrom = sim.requests.length;
		const count = 24;
		await Promise.all(
			Array.from({ length: count }, async (_, n) => await post('queue-oauth', { n })),
		);
		const rows = await waitForEnded(oauthId, count, 180_000);
		expect(rows.map((row) => row.status)).toEqual(Array(count).fill('success'));
		const refreshes = sim.requests
			.slice(grantsFrom)
			.filter((request) => request.method === 'POST' && request.path === '/oauth/token');
		expect(refreshes.length).toBeGreaterThan(0);
		expect(refreshes.map((request) => request.status)).toEqual(refreshes.map(() => 200));
		expect(new Set(rows.map((row) => workerOf(row.id))).size).toBe(2);
	});

	it('a site-wide rate limit with Retry-After shared by 2 workers x concurrency 8: 0 failures, 0 duplicates', async () => {
		// Low enough that this loaded machine's two workers go over it.
		sim.faults.setRateLimit({ requestsPerSecond: 3 });
		const from = sim.requests.length;
		const count = 16;
		const requests = Array.from({ length: count }, (_, n) => pageRequest(n, 'Limited'));
		await Promise.all(requests.map(async (request) => await post('queue-upsert', request)));
		const rows = await waitForEnded(upsertId, count, 240_000);
		sim.faults.setRateLimit(null);
		expect(rows.map((row) => row.status)).toEqual(Array(count).fill('success'));
		// The simulator's site-wide limiter answers 429 with Retry-After (test/simulator/faults.ts).
		const limited = sim.requests
			.slice(from)
			.filter((request) => request.status === 429 && request.fault === 'rateLimit');
		expect(limited.length).toBeGreaterThan(0);
		const pages = pagesByTitle();
		for (const request of requests)
			expect([request.title, pages.get(request.title)?.length]).toEqual([request.title, 1]);
		expect(new Set(rows.map((row) => workerOf(row.id))).size).toBe(2);
		await expectEveryTriggerEventOnce(6 * POLL_INTERVAL_MS);
	});

	// Its own waits add up to 10 minutes (worker busy, survivor done, resend done); jest's default of 240 s ran out first on
	// a loaded two-core machine.
	it(`${BURST} executions at once spread over both workers; a worker killed mid-run loses only its running executions, and sending those again writes nothing twice`, async () => {
		const before = new Set((await main.listExecutions(upsertId)).map((row) => row.id));
		const requests = Array.from({ length: BURST }, (_, n) => pageRequest(n, 'Burst'));
		await postAll('queue-upsert', requests);

		// Kill worker 2 once it has finished a few executions and is running more.
		const victim = workers[1];
		const killDeadline = Date.now() + 120_000;
		while (
			victim.finishedExecutions().filter((id) => !before.has(id)).length < 10 ||
			victim.startedExecutions().length === victim.finishedExecutions().length
		) {
			if (Date.now() > killDeadline) throw new Error('worker 2 did not get busy');
			await sleep(100);
		}
		await victim.kill();
		const runningWhenKilled = victim
			.startedExecutions()
			.filter((id) => !victim.finishedExecutions().includes(id));
		expect(runningWhenKilled.length).toBeGreaterThan(0);

		// Everything ends: on the worker that lives, or as an error once the killed worker's job locks expire. (A job the
		// killed worker had taken but not logged yet is lost too.)
		const survivor = workers[0];
		const survivorDeadline = Date.now() + 300_000;
		let rows = await main.listExecutions(upsertId);
		let lastEnded = -1;
		let stableSince = Date.now();
		for (;;) {
			rows = (await main.listExecutions(upsertId)).filter((row) => !before.has(row.id));
			const ended = rows.filter((row) => !['new', 'running', 'waiting'].includes(row.status));
			const survivorIdle =
				survivor.startedExecutions().length === survivor.finishedExecutions().length;
			if (ended.length !== lastEnded) {
				lastEnded = ended.length;
				stableSince = Date.now();
			}
			if (ended.length >= BURST && survivorIdle && Date.now() - stableSince > 4_000) break;
			if (Date.now() > survivorDeadline) {
				throw new Error(
					`${ended.length}/${BURST} executions ended; ${runningWhenKilled.length} lost`,
				);
			}
			await sleep(2000);
		}
		const lost = rows.filter((row) => row.status !== 'success').map((row) => row.id);
		// (One the killed worker had just finished may still have been stored as a success.)
		expect(lost.length).toBeGreaterThan(0);
		expect(lost.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
		expect(lost.filter((id) => survivor.startedExecutions().includes(id))).toEqual([]);
		for (const id of lost) {
			const execution = await main.getExecution(id);
			expect({ id, status: execution.status }).toEqual({ id, status: 'error' });
			expect(execution.data?.resultData.error?.message).toMatch(
				/failed to be processed too many times and will no longer retry/,
			);
		}
		const succeeded = rows.filter((row) => row.status === 'success');
		const byWorker = new Map<string, number>();
		for (const row of succeeded) {
			const name = workerOf(row.id) ?? 'unknown';
			byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
		}
		expect([...byWorker.keys()].sort()).toEqual(['queue-worker-1', 'queue-worker-2']);

		// Every output right; which requests got an answer.
		const answered = new Set<number>();
		for (const row of succeeded) {
			const execution = await main.waitForExecution(row.id, 60_000);
			const runData = execution.data.resultData.runData;
			const request = nodeItems(runData, 'Webhook')[0].body as unknown as PageRequest;
			const [page] = nodeItems(runData, 'Upsert page');
			expect(page).toMatchObject({ title: request.title, operation: 'created', version: 1 });
			const [bytes] = nodeItems(runData, 'Read bytes');
			expect(bytes.base64).toBe(request.fileBase64);
			const found = nodeItems(runData, 'Search').map((item) => String(item.id));
			expect(found).toContain(String(page.id));
			answered.add(request.n);
		}

		// The sender sends the lost ones again (n8n does not run them again); their pages may have landed already.
		const resend = requests.filter((request) => !answered.has(request.n));
		expect(resend.length).toBe(lost.length);
		const resentFrom = new Set((await main.listExecutions(upsertId)).map((row) => row.id));
		await postAll('queue-upsert', resend);
		const afterResend = await waitForNew(upsertId, resentFrom, resend.length, 180_000);
		expect(afterResend.map((row) => row.status)).toEqual(resend.map(() => 'success'));
		for (const row of afterResend) {
			const execution = await main.waitForExecution(row.id, 60_000);
			const runData = execution.data.resultData.runData;
			const request = nodeItems(runData, 'Webhook')[0].body as unknown as PageRequest;
			const [page] = nodeItems(runData, 'Upsert page');
			// "unchanged" when the killed run had written it: answered with the page that exists, not a second one.
			expect(page).toMatchObject({ title: request.title, version: 1 });
			expect(['created', 'unchanged']).toContain(page.operation);
			expect(nodeItems(runData, 'Read bytes')[0].base64).toBe(request.fileBase64);
		}

		// Every page exactly once, one version, the Markdown converted.
		const pages = pagesByTitle();
		for (const request of requests) {
			const ids = pages.get(request.title) ?? [];
			expect([request.title, ids.length]).toEqual([request.title, 1]);
			const stored = sim.store.content.get(ids[0])!;
			expect([request.title, stored.versions.length]).toEqual([request.title, 1]);
			expect(sim.store.current(stored).body!.value).toContain(
				`<strong>execution ${request.n}</strong>`,
			);
		}
	}, 600_000);

	it('the trigger on the main emits each page event once after a main restart', async () => {
		// The main goes down; pages are written meanwhile; a new main on the same database picks up where it was.
		await main.stop({ keepFolder: true });
		await createDemoPage('Queue trigger while the main is down');
		main = await startN8n({
			folder,
			name: 'queue-main-restarted',
			env,
			ownerExists: true,
			startTimeoutMs: 240_000,
		});
		await createDemoPage('Queue trigger after the restart');
		await expectEveryTriggerEventOnce(8 * POLL_INTERVAL_MS);
	});

	it('later, after the leeway of every refresh token used so far, the token the credential holds still refreshes', async () => {
		// Later: every access token has expired and the leeway of every refresh token used so far is over. The token
		// the credential holds now must still refresh (had a worker stored a rotated one, this would revoke the family).
		sim.oauth.expireAccessTokens();
		sim.clock.advance(11 * 60_000);
		const laterFrom = sim.requests.length;
		const before = (await main.listExecutions(oauthId)).length;
		await Promise.all([0, 1, 2, 3].map(async (n) => await post('queue-oauth', { n })));
		const later = await waitForEnded(oauthId, before + 4, 120_000);
		expect(later.map((row) => row.status)).toEqual(Array(before + 4).fill('success'));
		const laterRefreshes = sim.requests
			.slice(laterFrom)
			.filter((request) => request.method === 'POST' && request.path === '/oauth/token');
		expect(laterRefreshes.length).toBeGreaterThan(0);
		expect(laterRefreshes.map((request) => request.status)).toEqual(laterRefreshes.map(() => 200));
	});
});
