/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* The Confluence Data Center Trigger in a running n8n 2.x against the simulator's Data Center flavour: activating the
 * workflow registers a webhook in Confluence at n8n's production URL; pages and blog posts written through the REST
 * API reach the workflow as one execution each, exactly once, also when Confluence's first delivery reached n8n but
 * failed on Confluence's side (answer lost) and was retried, or did not reach n8n at all; deactivating the workflow
 * removes the webhook. */
import { randomUUID } from 'node:crypto';

import type { IDataObject, INode } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
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

const TRIGGER_NAME = 'Confluence Data Center Trigger';
const NEXT_NODE_NAME = 'Received';
const EVENTS = ['page_created', 'page_updated', 'page_trashed', 'blog_created'];
/** 2.41 activates a published workflow from a publication outbox it reads every 15 s by default: read every second. */
const N8N_ENV = { N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000' };

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

function describeProblems(entries: LogEntry[]): string {
	return entries.map((entry) => `${entry.level}: ${entryText(entry)}`).join('\n');
}

describe('the Confluence Data Center Trigger activated in n8n 2.x', () => {
	let sim: Simulator;
	let folder: UserFolder;
	let server: N8nServer;
	let workflowId: string;
	const expected: string[] = [];

	async function dc(method: string, path: string, body?: unknown): Promise<IDataObject> {
		const response = await fetch(`${sim.dataCenter!.url}/rest/api${path}`, {
			method,
			headers: {
				authorization: `Bearer ${sim.dataCenter!.demo.personalAccessToken}`,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (response.status >= 300)
			throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
		return text ? (JSON.parse(text) as IDataObject) : {};
	}

	async function create(type: 'page' | 'blogpost', title: string): Promise<string> {
		const created = await dc('POST', '/content', {
			type,
			title,
			space: { key: 'DEMO' },
			body: { storage: { value: `<p>${title}</p>`, representation: 'storage' } },
		});
		const id = String(created.id);
		expected.push(`${type === 'page' ? 'page' : 'blog'}_created:${id}`);
		return id;
	}

	async function update(id: string, version: number, title: string): Promise<void> {
		await dc('PUT', `/content/${id}`, {
			type: 'page',
			title,
			version: { number: version },
			body: { storage: { value: `<p>${title} v${version}</p>`, representation: 'storage' } },
		});
		expected.push(`page_updated:${id}`);
	}

	/** Items of every finished execution, each checked to have run the whole workflow. */
	async function receivedItems(): Promise<IDataObject[]> {
		const items: IDataObject[] = [];
		for (const summary of await server.listExecutions(workflowId)) {
			const execution = await server.waitForExecution(summary.id);
			expect({ status: execution.status, mode: execution.mode }).toEqual({
				status: 'success',
				mode: 'webhook',
			});
			const runData = execution.data.resultData.runData;
			const triggered = nodeItems(runData, TRIGGER_NAME);
			expect(nodeItems(runData, NEXT_NODE_NAME)).toEqual(triggered);
			items.push(...triggered);
		}
		return items;
	}

	async function expectEachEventOnce(timeoutMs = 60_000): Promise<IDataObject[]> {
		const deadline = Date.now() + timeoutMs;
		let keys: string[] = [];
		let items: IDataObject[] = [];
		for (;;) {
			await sim.dataCenter!.webhooks.settled();
			items = await receivedItems();
			keys = items.map((item) => `${String(item.event)}:${String(item.contentId)}`);
			if (expected.every((key) => keys.includes(key)) || Date.now() > deadline) break;
			await sleep(500);
		}
		// Late duplicates would be stored a moment after the last delivery.
		await sleep(2000);
		items = await receivedItems();
		keys = items.map((item) => `${String(item.event)}:${String(item.contentId)}`);
		expect([...keys].sort()).toEqual([...expected].sort());
		return items;
	}

	beforeAll(async () => {
		sim = await startSimulator({
			seed: 'demo',
			flavor: 'datacenter',
			variants: { dcWebhookRetry: 'retry' },
		});
		sim.dataCenter!.webhooks.retryDelayMs = 500;
		folder = createUserFolder();
		server = await startN8n({ folder, name: 'dc-webhook-e2e', env: N8N_ENV });

		const credential = await server.rest<{ id: string }>('POST', '/rest/credentials', {
			name: 'Confluence Data Center (simulator)',
			type: 'confluenceDataCenterApi',
			data: {
				baseUrl: sim.dataCenter!.url,
				authType: 'pat',
				personalAccessToken: sim.dataCenter!.demo.personalAccessToken,
				ignoreSSLIssues: false,
			},
		});
		const trigger: INode = {
			id: 'e2e-dc-trigger',
			name: TRIGGER_NAME,
			type: 'n8n-nodes-confluence.confluenceDataCenterTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { events: EVENTS },
			credentials: {
				confluenceDataCenterApi: { id: credential.id, name: 'Confluence Data Center (simulator)' },
			},
		};
		const definition: Partial<WorkflowInput> = workflow('unused', 'e2e: Data Center webhooks', [
			trigger,
			{
				id: 'e2e-dc-received',
				name: NEXT_NODE_NAME,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
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

	it('registers its webhook at n8n on activation', async () => {
		await server.activateWorkflow(workflowId);
		const hooks = sim.dataCenter!.webhooks.list();
		expect(hooks).toHaveLength(1);
		expect(hooks[0]).toMatchObject({
			url: expect.stringMatching(new RegExp(`^${server.baseUrl}/webhook/[0-9a-f-]+/webhook$`)),
			events: EVENTS,
			active: true,
			configuration: { secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
		});
		// The id and the generated secret are in the workflow's static data in n8n's database.
		const stored = await server.rest<{ staticData?: IDataObject }>(
			'GET',
			`/rest/workflows/${workflowId}`,
		);
		expect(stored.staticData?.[`node:${TRIGGER_NAME}`]).toMatchObject({
			webhookId: hooks[0].id,
			generatedSecret: hooks[0].configuration.secret,
		});
	}, 120_000);

	it('refuses a delivery that Confluence did not sign, and runs nothing', async () => {
		const [hook] = sim.dataCenter!.webhooks.list();
		const body = JSON.stringify({
			timestamp: 1,
			event: 'page_created',
			userKey: 'x',
			page: { id: 1 },
		});
		const forged = await fetch(hook.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-hub-signature': `sha256=${'0'.repeat(64)}`,
			},
			body,
		});
		expect(forged.status).toBe(403);
		const unsigned = await fetch(hook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
		});
		expect(unsigned.status).toBe(401);
		await sleep(1000);
		expect(await server.listExecutions(workflowId)).toEqual([]);
	}, 60_000);

	it('runs the workflow once per event, also for deliveries Confluence retried', async () => {
		const plan = await create('page', 'Launch plan');
		await sim.dataCenter!.webhooks.settled();

		// Reaches n8n, which runs the workflow, but Confluence never sees the answer: it sends the event again.
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		await update(plan, 2, 'Launch plan');
		await sim.dataCenter!.webhooks.settled();

		// Does not reach n8n the first time.
		sim.dataCenter!.webhooks.failNext(1, 'unreachable');
		const blog = await create('blogpost', 'Launch announced');
		await sim.dataCenter!.webhooks.settled();

		// Two failed attempts in a row, both after n8n received the event.
		sim.dataCenter!.webhooks.failNext(2, 'lose-response');
		await update(plan, 3, 'Launch plan, final');
		await dc('DELETE', `/content/${plan}`);
		expected.push(`page_trashed:${plan}`);

		const items = await expectEachEventOnce();
		expect(items.find((item) => item.event === 'blog_created')).toMatchObject({
			contentType: 'blogpost',
			contentId: blog,
			userKey: sim.users.demo.accountId,
			occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});

		const attempts = sim.dataCenter!.webhooks.attempts;
		const retried = attempts.filter((attempt) => attempt.attempt > 1);
		expect(retried.length).toBeGreaterThanOrEqual(4);
		expect(attempts.filter((attempt) => attempt.fault === 'lose-response')).toHaveLength(3);
		// n8n answered every delivery it got; only the simulator's own faults failed.
		expect(
			attempts.filter((attempt) => attempt.outcome === 'failed' && attempt.fault === undefined),
		).toEqual([]);
		expect(describeProblems(server.log.packageProblems())).toBe('');
		expect(sim.serverErrors).toEqual([]);
	}, 120_000);

	it('removes its webhook when the workflow is deactivated', async () => {
		await server.rest('POST', `/rest/workflows/${workflowId}/deactivate`);
		const deadline = Date.now() + 30_000;
		while (sim.dataCenter!.webhooks.list().length && Date.now() < deadline) await sleep(250);
		expect(sim.dataCenter!.webhooks.list()).toEqual([]);
		expect(
			sim.requests.filter(
				(request) => request.method === 'DELETE' && request.path.includes('/rest/api/webhooks/'),
			),
		).toHaveLength(1);
	}, 60_000);
});
