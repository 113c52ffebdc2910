/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Confluence Data Center in a running n8n 2.x, against the simulator's Data Center flavour (context path /confluence,
 * a personal access token): (a) the polling Confluence Trigger, activated, emits each page, blog post, comment and
 * attachment event once while the test writes across several polls; (b) a Markdown publishing workflow (Page → Create
 * or Update, body in Markdown) creates, updates and leaves unchanged a page, whose storage is checked in the simulator. */
import type { IDataObject, INode } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
	CONFLUENCE_NODE_TYPE,
	CONFLUENCE_TRIGGER_NODE_TYPE,
	MANUAL_TRIGGER_NAME,
	manualTrigger,
	nodeItems,
	startN8n,
	workflow,
	type N8nServer,
	type WorkflowInput,
} from './lib';

const TRIGGER_NAME = 'Confluence Trigger';
const NEXT_NODE_NAME = 'Received';
/** One poll time per 10 s (n8n 2.41 refuses a sub-minute cron; several custom times are allowed: see trigger.e2e.ts). */
const POLL_SECONDS = [0, 10, 20, 30, 40, 50];
const POLL_INTERVAL_MS = 10_000;
const N8N_ENV = { N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000' };
const EVENTS = [
	'pageCreated',
	'pageUpdated',
	'blogPostCreated',
	'blogPostUpdated',
	'commentCreated',
	'attachmentCreated',
];

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

function keyOf(json: IDataObject): string {
	if (json.event === 'commentCreated' || json.event === 'attachmentCreated') {
		return `${String(json.event)}:${String(json.id)}`;
	}
	return `${String(json.event)}:${String(json.id)}:v${String(json.version)}`;
}

describe('Confluence Data Center in n8n 2.x', () => {
	let sim: Simulator;
	let server: N8nServer;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'demo', flavor: 'datacenter' });
		server = await startN8n({ name: 'datacenter-e2e', env: N8N_ENV });
		const created = await server.rest<{ id: string }>('POST', '/rest/credentials', {
			name: 'Confluence Data Center (simulator)',
			type: 'confluenceDataCenterApi',
			data: {
				baseUrl: sim.dataCenter!.url,
				authType: 'pat',
				personalAccessToken: sim.dataCenter!.demo.personalAccessToken,
			},
		});
		credential = { id: created.id, name: 'Confluence Data Center (simulator)' };
	}, 200_000);

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
	});

	it('(a) the polling trigger emits each page, blog post, comment and attachment event once', async () => {
		const trigger: INode = {
			id: 'e2e-dc-trigger',
			name: TRIGGER_NAME,
			type: CONFLUENCE_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				authentication: 'dataCenter',
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
			credentials: { confluenceDataCenterApi: credential },
		};
		const definition: Partial<WorkflowInput> = workflow('unused', 'e2e: Data Center events', [
			trigger,
			{
				id: 'e2e-dc-received',
				name: NEXT_NODE_NAME,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		]);
		delete definition.id;
		const workflowId = await server.createWorkflow(definition as WorkflowInput);

		const spaceId = sim.store.spaceByKey('DEMO')!.id;
		const before = sim.store.createPage({
			spaceId,
			title: 'Before activation',
			body: '<p>old</p>',
		});
		const searches = () =>
			sim.requests.filter((request) => request.path.endsWith('/rest/api/content/search')).length;
		const waitForSearches = async (count: number) => {
			const target = searches() + count;
			const deadline = Date.now() + 6 * POLL_INTERVAL_MS;
			while (searches() < target) {
				if (Date.now() > deadline) throw new Error(`fewer than ${count} searches in time`);
				await sleep(200);
			}
		};
		await server.activateWorkflow(workflowId);
		await waitForSearches(4);

		const expected = new Set<string>();
		const page = sim.store.createPage({ spaceId, title: 'Launch plan', body: '<p>v1</p>' });
		expected.add(`pageCreated:${page.id}:v1`);
		const post = sim.store.createBlogPost({ spaceId, title: 'Launch news', body: '<p>n</p>' });
		expected.add(`blogPostCreated:${post.id}:v1`);
		sim.store.updateContent(before.id, { body: '<p>edited</p>' });
		expected.add(`pageUpdated:${before.id}:v2`);
		await waitForSearches(4);
		sim.store.updateContent(page.id, { body: '<p>v2</p>' });
		sim.store.updateContent(page.id, { body: '<p>v3</p>' });
		expected.add(`pageUpdated:${page.id}:v2`).add(`pageUpdated:${page.id}:v3`);
		const comment = sim.store.addComment({
			containerId: page.id,
			location: 'footer',
			body: '<p>ok</p>',
		});
		expected.add(`commentCreated:${comment.id}`);
		const inline = sim.store.addComment({
			containerId: post.id,
			location: 'inline',
			body: '<p>?</p>',
		});
		expected.add(`commentCreated:${inline.id}`);
		const file = sim.store.addAttachment({
			containerId: page.id,
			fileName: 'plan.txt',
			data: 'plan',
		});
		expected.add(`attachmentCreated:${file.id}`);
		sim.store.updateContent(post.id, { body: '<p>n2</p>' });
		expected.add(`blogPostUpdated:${post.id}:v2`);

		const received: IDataObject[] = [];
		const read = new Set<string>();
		const deadline = Date.now() + 8 * POLL_INTERVAL_MS;
		for (;;) {
			for (const summary of await server.listExecutions(workflowId)) {
				if (read.has(summary.id) || ['new', 'running', 'waiting'].includes(summary.status))
					continue;
				const execution = await server.waitForExecution(summary.id);
				expect(execution.status).toBe('success');
				received.push(...nodeItems(execution.data.resultData.runData, TRIGGER_NAME));
				read.add(summary.id);
			}
			const keys = new Set(received.map(keyOf));
			if ([...expected].every((key) => keys.has(key))) break;
			if (Date.now() > deadline) break;
			await sleep(1000);
		}
		// Two more polls: nothing arrives twice.
		await waitForSearches(8);
		await sleep(2000);
		for (const summary of await server.listExecutions(workflowId)) {
			if (read.has(summary.id)) continue;
			const execution = await server.waitForExecution(summary.id);
			received.push(...nodeItems(execution.data.resultData.runData, TRIGGER_NAME));
			read.add(summary.id);
		}
		const counts = new Map<string, number>();
		for (const json of received) counts.set(keyOf(json), (counts.get(keyOf(json)) ?? 0) + 1);
		expect({
			repeated: [...counts].filter(([, count]) => count > 1).map(([key]) => key),
			unexpected: [...counts.keys()].filter((key) => !expected.has(key)),
			missing: [...expected].filter((key) => !counts.has(key)),
		}).toEqual({ repeated: [], unexpected: [], missing: [] });
		const inlineItem = received.find((json) => json.id === inline.id);
		expect(inlineItem).toEqual(
			expect.objectContaining({ commentType: 'inline', blogPostId: post.id, spaceKey: 'DEMO' }),
		);
		// Only Data Center's REST API under the context path.
		expect(sim.requests.filter((request) => request.path.includes('/api/v2/'))).toEqual([]);
	}, 240_000);

	it('(b) a Markdown publishing workflow creates, updates and keeps a page on Data Center', async () => {
		const publish = async (markdown: string): Promise<IDataObject> => {
			const definition: Partial<WorkflowInput> = workflow('unused', 'e2e: publish Markdown', [
				manualTrigger(),
				{
					id: 'e2e-dc-publish',
					name: 'Publish',
					type: CONFLUENCE_NODE_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						authentication: 'dataCenter',
						resource: 'page',
						operation: 'createOrUpdate',
						space: { __rl: true, mode: 'key', value: 'DEMO' },
						title: 'Runbook',
						bodyFormat: 'markdown',
						body: markdown,
					},
					credentials: { confluenceDataCenterApi: credential },
				},
			]);
			delete definition.id;
			const workflowId = await server.createWorkflow(definition as WorkflowInput);
			const executionId = await server.runWorkflow(workflowId, MANUAL_TRIGGER_NAME);
			const execution = await server.waitForExecution(executionId);
			expect(execution.status).toBe('success');
			const [item] = nodeItems(execution.data.resultData.runData, 'Publish');
			return item;
		};
		const storage = (id: unknown) => {
			const item = sim.store.get(String(id))!;
			return sim.store.current(item).body?.value;
		};

		const created = await publish('# Runbook\n\n- step **one**');
		expect(created).toEqual(expect.objectContaining({ operation: 'created', version: 1 }));
		expect(storage(created.id)).toBe('<h1>Runbook</h1><ul><li>step <strong>one</strong></li></ul>');
		const updated = await publish('# Runbook\n\n- step **one**\n- step two');
		expect(updated).toEqual(
			expect.objectContaining({ operation: 'updated', id: created.id, version: 2 }),
		);
		expect(storage(created.id)).toBe(
			'<h1>Runbook</h1><ul><li>step <strong>one</strong></li><li>step two</li></ul>',
		);
		const unchanged = await publish('# Runbook\n\n- step **one**\n- step two');
		expect(unchanged).toEqual(expect.objectContaining({ operation: 'unchanged', version: 2 }));
		const writes = sim.requests.filter(
			(request) =>
				request.method !== 'GET' && request.path.startsWith('/confluence/rest/api/content'),
		);
		expect(writes.map((request) => `${request.method} ${request.status}`)).toEqual([
			'POST 200',
			'PUT 200',
		]);
	}, 240_000);
});
