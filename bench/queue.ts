/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Row 12: the package in n8n's queue mode (PostgreSQL, Redis, a main, `n8n worker` processes; test/e2e/lib/queue.ts).
 * 1,000 page creations at 30 ms of latency, spread over 100 webhook-started executions of 10 pages each (one execution
 * runs on one worker), on 1, 2 and 4 workers, the node sequential and with its Concurrency option; then the same writes
 * under a site-wide limit of 10 requests per second (429 + Retry-After beyond it), where the limit is the floor.
 *
 * A loaded two-core machine runs the main, every worker, PostgreSQL, Redis and the simulator on the same two cores: the
 * speed-up per worker is reported as measured and never checked. The checks are what must hold anywhere: every page
 * written exactly once, every execution a success. */
import type { INode } from 'n8n-workflow';
import { cpus, loadavg } from 'os';

import {
	CONFLUENCE_NODE_TYPE,
	n8nId,
	simulatorCredentials,
	startQueueMode,
	type N8nWorker,
	type QueueMode,
	type WorkflowInput,
} from '../test/e2e/lib';
import type { Simulator } from '../test/simulator';
import { log, type BenchResult } from './lib';

const PAGES = Number(process.env.BENCH_QUEUE_PAGES ?? 1000);
const PAGES_PER_EXECUTION = 10;
const EXECUTIONS = Math.ceil(PAGES / PAGES_PER_EXECUTION);
const LATENCY_MS = 30;
const RATE_LIMIT = 10;
/** Job slots per worker (`n8n worker --concurrency`). */
const WORKER_SLOTS = 4;
/** The node's Concurrency option in the concurrent variants. */
const NODE_CONCURRENCY = 10;
const WORKER_COUNTS = [1, 2, 4];
/** Webhook requests in flight while the executions are sent (each becomes an execution row and a job first). */
const SENDERS = 20;
const API_TOKEN = { id: n8nId('benchQueueApiToken'), name: 'Confluence API token (bench queue)' };

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

/** Webhook → Split Out (the request's pages) → Confluence: Create Page. */
function createWorkflow(
	path: string,
	spaceId: string,
	concurrency: number,
): Omit<WorkflowInput, 'id'> {
	const nodes: INode[] = [
		{
			id: 'bench-webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			webhookId: `bench-queue-${path}`,
		},
		{
			id: 'bench-split',
			name: 'Pages',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.pages', options: {} },
		},
		{
			id: 'bench-confluence',
			name: 'Confluence',
			type: CONFLUENCE_NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			parameters: {
				authentication: 'apiToken',
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'id', value: spaceId },
				title: '={{ $json.title }}',
				bodyFormat: 'storage',
				body: '={{ $json.body }}',
				requestOptions: concurrency > 1 ? { concurrency } : {},
			},
			credentials: { confluenceApi: API_TOKEN },
		},
	];
	return {
		name: `bench 12: ${path}`,
		nodes,
		connections: {
			Webhook: { main: [[{ node: 'Pages', type: 'main', index: 0 }]] },
			Pages: { main: [[{ node: 'Confluence', type: 'main', index: 0 }]] },
		},
	} as Omit<WorkflowInput, 'id'>;
}

interface Batch {
	seconds: number;
	created: number;
	duplicates: number;
	failedExecutions: number;
	/** Executions each worker ran, by worker name. */
	byWorker: Map<string, number>;
	rejected: number;
}

/** Sends the executions, waits for every one to end, and reads what the simulator holds. */
async function runBatch(
	queue: QueueMode,
	sim: Simulator,
	spaceId: string,
	label: string,
	concurrency: number,
): Promise<Batch> {
	const path = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	const workflowId = await queue.main.createWorkflow(createWorkflow(path, spaceId, concurrency));
	await queue.main.activateWorkflow(workflowId);
	const prefix = `Q${path}`;
	const bodies = Array.from({ length: EXECUTIONS }, (_, execution) => ({
		pages: Array.from(
			{ length: Math.min(PAGES_PER_EXECUTION, PAGES - execution * PAGES_PER_EXECUTION) },
			(__, index) => {
				const n = execution * PAGES_PER_EXECUTION + index;
				return { title: `${prefix} ${n}`, body: `<p>Page <strong>${n}</strong></p>` };
			},
		),
	}));
	const rejectedBefore = sim.faults.log.filter((entry) => entry.kind === 'rateLimiter').length;
	const started = Date.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: SENDERS }, async () => {
			while (next < bodies.length) {
				const body = bodies[next++];
				const response = await fetch(`${queue.main.baseUrl}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				const text = await response.text();
				if (response.status !== 200) throw new Error(`webhook ${path}: ${response.status} ${text}`);
			}
		}),
	);
	const deadline = Date.now() + 900_000;
	let rows = await queue.main.listExecutions(workflowId);
	for (;;) {
		rows = await queue.main.listExecutions(workflowId);
		const ended = rows.filter((row) => !['new', 'running', 'waiting'].includes(row.status));
		if (ended.length >= EXECUTIONS) break;
		if (Date.now() > deadline) throw new Error(`${label}: ${ended.length}/${EXECUTIONS} ended`);
		await sleep(500);
	}
	const stopped = Math.max(...rows.map((row) => Date.parse(row.stoppedAt ?? '') || Date.now()));
	const byTitle = new Map<string, number>();
	for (const page of sim.store.list('page')) {
		if (page.title.startsWith(`${prefix} `))
			byTitle.set(page.title, (byTitle.get(page.title) ?? 0) + 1);
	}
	const byWorker = new Map<string, number>();
	for (const row of rows) {
		const worker = queue.workers.find((candidate: N8nWorker) =>
			candidate.startedExecutions().includes(row.id),
		);
		const name = worker?.name.replace(/^.*-(worker-\d+)$/, '$1') ?? 'unknown';
		byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
	}
	return {
		seconds: (stopped - started) / 1000,
		created: byTitle.size,
		duplicates: [...byTitle.values()].reduce((sum, count) => sum + count - 1, 0),
		failedExecutions: rows.filter((row) => row.status !== 'success').length,
		byWorker,
		rejected:
			sim.faults.log.filter((entry) => entry.kind === 'rateLimiter').length - rejectedBefore,
	};
}

function spread(batch: Batch): string {
	return [...batch.byWorker]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([name, count]) => `${name} ${count}`)
		.join(', ');
}

function exactlyOnce(batch: Batch): { label: string; ok: boolean } {
	return {
		label: `${PAGES} pages once (${batch.created} pages, ${batch.duplicates} duplicates, ${batch.failedExecutions} failed executions)`,
		ok: batch.created === PAGES && batch.duplicates === 0 && batch.failedExecutions === 0,
	};
}

export async function queueRows(sim: Simulator): Promise<BenchResult[]> {
	sim.reset('empty');
	sim.setContractValidation(false);
	sim.faults.clear();
	const space = sim.store.createSpace({ key: 'QBENCH', name: 'Queue bench' });
	const machine = `${cpus().length} cores, load ${loadavg()
		.map((value) => value.toFixed(1))
		.join('/')} at the start`;
	log(`row 12: starting PostgreSQL, Redis, a queue-mode main and 1 worker (${machine})`);
	const queue = await startQueueMode({
		name: 'bench-queue',
		credentials: simulatorCredentials(sim, { apiToken: API_TOKEN }),
		workers: 1,
		concurrency: WORKER_SLOTS,
		env: { N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000' },
		logLevel: 'warn',
	});
	const results: BenchResult[] = [];
	const baseline = new Map<string, number>();
	try {
		for (const workers of WORKER_COUNTS) {
			while (queue.workers.length < workers) {
				log(`row 12: starting worker ${queue.workers.length + 1}`);
				await queue.addWorker(`bench-queue-worker-${queue.workers.length + 1}`);
			}
			const setup = `${workers} worker${workers > 1 ? 's' : ''} × ${WORKER_SLOTS} slots`;
			for (const concurrency of [1, NODE_CONCURRENCY]) {
				sim.faults.clear();
				sim.faults.setLatency(LATENCY_MS);
				const node = concurrency > 1 ? `node concurrency ${concurrency}` : 'node sequential';
				const batch = await runBatch(
					queue,
					sim,
					space.id,
					`w${workers} c${concurrency}`,
					concurrency,
				);
				const perSecond = batch.created / batch.seconds;
				log(
					`row 12: ${setup}, ${node}: ${batch.seconds.toFixed(1)} s, ${perSecond.toFixed(1)} pages/s; ${spread(batch)}`,
				);
				const one = baseline.get(node);
				if (workers === 1) baseline.set(node, perSecond);
				const floor = (workers * WORKER_SLOTS * concurrency * 1000) / LATENCY_MS;
				results.push({
					row: 12,
					case: `queue mode, ${PAGES} page creations (${EXECUTIONS} executions), ${LATENCY_MS} ms latency: ${setup}, ${node}`,
					metric: 'pages per second',
					unit: 'pages/s',
					ours: perSecond,
					alternative: one === undefined ? undefined : { name: '1 worker', value: one },
					floor,
					check: exactlyOnce(batch),
					note: `${batch.seconds.toFixed(1)} s from the first webhook call to the last execution's end; executions per worker: ${spread(batch)}${one === undefined ? '' : `; ${(perSecond / one).toFixed(2)}× one worker`}; floor: ${workers * WORKER_SLOTS * concurrency} requests in flight at ${LATENCY_MS} ms each; ${machine}`,
				});
			}
			sim.faults.clear();
			sim.faults.setLatency(LATENCY_MS);
			sim.faults.setRateLimit({ requestsPerSecond: RATE_LIMIT, retryAfterSeconds: 1 });
			const limited = await runBatch(queue, sim, space.id, `w${workers} limited`, NODE_CONCURRENCY);
			sim.faults.clear();
			const perSecond = limited.created / limited.seconds;
			log(
				`row 12: ${setup}, node concurrency ${NODE_CONCURRENCY}, ${RATE_LIMIT} requests/s site-wide: ${limited.seconds.toFixed(1)} s, ${perSecond.toFixed(2)} pages/s, ${limited.rejected} answered 429; ${spread(limited)}`,
			);
			results.push({
				row: 12,
				case: `queue mode, ${PAGES} page creations at ${RATE_LIMIT} requests/s site-wide (429 + Retry-After beyond): ${setup}, node concurrency ${NODE_CONCURRENCY}`,
				metric: 'pages per second',
				unit: 'pages/s',
				ours: perSecond,
				floor: RATE_LIMIT,
				check: exactlyOnce(limited),
				note: `${limited.seconds.toFixed(1)} s (the limit allows no less than ${PAGES / RATE_LIMIT} s); ${limited.rejected} requests answered 429 and were retried after Retry-After; executions per worker: ${spread(limited)}`,
			});
		}
	} finally {
		sim.faults.clear();
		await queue.stop();
	}
	return results;
}
