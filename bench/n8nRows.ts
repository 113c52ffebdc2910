/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/* Rows 4-6 in real n8n (2.41.1 on Node 24, the package linked as a community node), using the e2e helpers:
 * 4. 1,000 page creations at 30 ms latency: the node sequentially, with its concurrency option, and n8n's HTTP Request
 *    node making the same calls with the same credential;
 * 5. the same writes against a limit of 10 requests per second answered with 429 + Retry-After;
 * 6. upload and download of a 100 MB attachment: peak memory of the n8n process against the file size. */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';

import {
	CONFLUENCE_NODE_TYPE,
	locateN8n,
	manualTrigger,
	MANUAL_TRIGGER_NAME,
	nodeItems,
	startN8n,
	type N8nServer,
	type WorkflowInput,
} from '../test/e2e/lib';
import type { Simulator } from '../test/simulator';
import { log, REPO_ROOT, type BenchResult } from './lib';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = 30;
const RATE_LIMIT = 10;
const CONCURRENCY = 10;
const FILE_BYTES = Number(process.env.BENCH_FILE_MB ?? 100) * 1024 * 1024;

function prepare(options: { skipBuild: boolean }): void {
	const install = spawnSync('bash', ['scripts/e2e/install-n8n.sh', '2'], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	});
	if (install.status !== 0) throw new Error('installing n8n failed (scripts/e2e/install-n8n.sh 2)');
	if (!options.skipBuild) {
		log('building the package (npm run build)');
		const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
}

/** The `n8n start` process of this server: its environment names the server's user folder. */
function n8nPid(server: N8nServer): number {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (!command.includes('start') || !command.some((part) => part.endsWith('/n8n'))) continue;
			const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (environment.includes(`N8N_USER_FOLDER=${server.folder.root}`)) return Number(entry);
		} catch {
			// A process that ended meanwhile, or one we may not read.
		}
	}
	throw new Error('cannot find the n8n process');
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
}

/** Peak RSS is a high-water mark since the process started; Linux resets it on "5" written to clear_refs. */
function resetPeak(pid: number): void {
	writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

interface Run {
	status: string;
	data: IRunExecutionData;
	/** Execution time of the measured node (ms), as n8n recorded it. */
	nodeMs: number;
	error?: string;
}

async function runOnce(
	server: N8nServer,
	workflow: Omit<WorkflowInput, 'id'>,
	measured: string,
): Promise<Run> {
	const id = await server.createWorkflow(workflow);
	const executionId = await server.runWorkflow(id, MANUAL_TRIGGER_NAME);
	const execution = await server.waitForExecution(executionId, 600_000);
	const task = execution.data.resultData.runData[measured]?.[0];
	const error = execution.data.resultData.error as
		| { message?: string; description?: string }
		| undefined;
	return {
		status: execution.status,
		data: execution.data,
		nodeMs: task?.executionTime ?? NaN,
		error: error ? `${error.message ?? ''} ${error.description ?? ''}`.trim() : undefined,
	};
}

function inputItems(prefix: string): IDataObject[] {
	return Array.from({ length: ITEMS }, (_, index) => ({
		title: `${prefix} ${index}`,
		body: `<p>Item <strong>${index}</strong></p>`,
	}));
}

/** Manual trigger with the items pinned to it, then the node under test. */
function itemsWorkflow(name: string, items: IDataObject[], node: INode): Omit<WorkflowInput, 'id'> {
	const trigger = manualTrigger();
	return {
		name,
		nodes: [trigger, { ...node, position: [220, 0] }],
		connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		pinData: { [trigger.name]: items.map((json) => ({ json })) },
	} as Omit<WorkflowInput, 'id'>;
}

function confluenceCreate(
	credential: { id: string; name: string },
	spaceId: string,
	concurrency: number,
): INode {
	return {
		id: 'bench-confluence',
		name: 'Confluence',
		type: CONFLUENCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
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
		credentials: { confluenceApi: credential },
	};
}

/** n8n's HTTP Request node doing the same call with the package's credential, all options left at their defaults. */
function httpCreate(
	credential: { id: string; name: string },
	siteUrl: string,
	spaceId: string,
): INode {
	return {
		id: 'bench-http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: {
			method: 'POST',
			url: `${siteUrl}/wiki/api/v2/pages`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'confluenceApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ spaceId: "${spaceId}", status: "current", title: $json.title, body: { representation: "storage", value: $json.body } }) }}`,
			options: {},
		},
		credentials: { confluenceApi: credential },
	};
}

function pagesWithPrefix(sim: Simulator, prefix: string): number {
	return sim.store.list('page').filter((page) => page.title.startsWith(`${prefix} `)).length;
}

type CredentialRef = { id: string; name: string };

/** A fresh `n8n start` with a credential for the simulator; stopped (and its folder removed) afterwards. */
async function withServer<T>(
	sim: Simulator,
	files: string,
	name: string,
	work: (server: N8nServer, credential: CredentialRef) => Promise<T>,
): Promise<T> {
	const install = locateN8n('n8n');
	log(`starting n8n ${install.n8nVersion} (${name})`);
	const server = await startN8n({
		install,
		name,
		logLevel: 'warn',
		env: { N8N_RESTRICT_FILE_ACCESS_TO: files, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});
	try {
		const credential = await server.rest<CredentialRef>('POST', '/rest/credentials', {
			name: 'Confluence (bench)',
			type: 'confluenceApi',
			data: {
				siteUrl: sim.baseUrl,
				email: sim.users.demo.email,
				apiToken: sim.users.demo.apiToken,
			},
		});
		return await work(server, { id: credential.id, name: 'Confluence (bench)' });
	} finally {
		sim.faults.clear();
		await server.stop();
	}
}

export async function realN8nRows(
	sim: Simulator,
	rows: Set<number>,
	options: { skipBuild: boolean },
): Promise<BenchResult[]> {
	prepare(options);
	const files = mkdtempSync(join(tmpdir(), 'bench-files-'));
	const results: BenchResult[] = [];
	try {
		sim.reset('empty');
		sim.setContractValidation(false);
		const space = sim.store.createSpace({ key: 'N8N', name: 'Real n8n' });
		if (rows.has(4) || rows.has(5)) {
			await withServer(sim, files, 'bench-writes', async (server, credential) => {
				if (rows.has(4)) results.push(...(await throughput(server, sim, credential, space.id)));
				if (rows.has(5)) results.push(...(await rateLimited(server, sim, credential, space.id)));
			});
		}
		if (rows.has(6)) results.push(...(await memory(sim, space.id, files)));
	} finally {
		rmSync(files, { recursive: true, force: true });
	}
	return results;
}

async function throughput(
	server: N8nServer,
	sim: Simulator,
	credential: { id: string; name: string },
	spaceId: string,
): Promise<BenchResult[]> {
	sim.faults.clear();
	sim.faults.setLatency(LATENCY_MS);
	const variants: Array<{ label: string; node: INode; prefix: string }> = [
		{
			label: 'Confluence node, sequential',
			node: confluenceCreate(credential, spaceId, 1),
			prefix: 'Seq',
		},
		{
			label: `Confluence node, concurrency ${CONCURRENCY}`,
			node: confluenceCreate(credential, spaceId, CONCURRENCY),
			prefix: 'Conc',
		},
		{
			label: 'HTTP Request node, defaults',
			node: httpCreate(credential, sim.baseUrl, spaceId),
			prefix: 'Http',
		},
	];
	const measured: Record<string, { perSecond: number; created: number; run: Run }> = {};
	for (const variant of variants) {
		const run = await runOnce(
			server,
			itemsWorkflow(`bench 4: ${variant.label}`, inputItems(variant.prefix), variant.node),
			variant.node.name,
		);
		const created = pagesWithPrefix(sim, variant.prefix);
		measured[variant.label] = { perSecond: ITEMS / (run.nodeMs / 1000), created, run };
		log(`row 4: ${variant.label}: ${run.status}, ${Math.round(run.nodeMs)} ms, ${created} pages`);
	}
	sim.faults.setLatency(0);
	const [sequential, concurrent, http] = variants.map((variant) => measured[variant.label]);
	const floorPerSecond = 1000 / LATENCY_MS;
	const common = { row: 4, metric: 'items per second', unit: 'items/s' } as const;
	return [
		{
			...common,
			case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: node, sequential`,
			ours: sequential.perSecond,
			alternative: { name: 'HTTP Request node', value: http.perSecond },
			floor: floorPerSecond,
			check: {
				label: `${ITEMS} pages`,
				ok: sequential.created === ITEMS && sequential.run.status === 'success',
			},
			note: `floor: one request at a time takes at least the latency, ${floorPerSecond.toFixed(1)} items/s`,
		},
		{
			...common,
			case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: node, concurrency ${CONCURRENCY}`,
			ours: concurrent.perSecond,
			alternative: { name: 'HTTP Request node', value: http.perSecond },
			floor: floorPerSecond * CONCURRENCY,
			check: {
				label: `${ITEMS} pages, ${(concurrent.perSecond / sequential.perSecond).toFixed(1)}× sequential`,
				ok: concurrent.created === ITEMS && concurrent.run.status === 'success',
			},
			note: `floor: ${CONCURRENCY} requests in flight, ${(floorPerSecond * CONCURRENCY).toFixed(0)} items/s`,
		},
		{
			...common,
			case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: HTTP Request node (same calls, our credential)`,
			ours: http.perSecond,
			check: {
				label: `${http.created} pages`,
				ok: http.created === ITEMS && http.run.status === 'success',
			},
			note: 'n8n 2.x sends every item of an HTTP Request node at once unless Batching is set; no Markdown, no versions, no retries',
		},
	];
}

async function rateLimited(
	server: N8nServer,
	sim: Simulator,
	credential: { id: string; name: string },
	spaceId: string,
): Promise<BenchResult[]> {
	const floorSeconds = ITEMS / RATE_LIMIT;
	const results: BenchResult[] = [];
	const variants: Array<{ label: string; node: INode; prefix: string }> = [
		{
			label: 'Confluence node, sequential',
			node: confluenceCreate(credential, spaceId, 1),
			prefix: 'LimSeq',
		},
		{
			label: `Confluence node, concurrency ${CONCURRENCY}`,
			node: confluenceCreate(credential, spaceId, CONCURRENCY),
			prefix: 'LimConc',
		},
		{
			label: 'HTTP Request node, defaults',
			node: httpCreate(credential, sim.baseUrl, spaceId),
			prefix: 'LimHttp',
		},
	];
	for (const variant of variants) {
		sim.faults.clear();
		sim.faults.setLatency(LATENCY_MS);
		sim.faults.setRateLimit({ requestsPerSecond: RATE_LIMIT, retryAfterSeconds: 1 });
		const rejectedBefore = sim.faults.log.filter((entry) => entry.kind === 'rateLimiter').length;
		const run = await runOnce(
			server,
			itemsWorkflow(`bench 5: ${variant.label}`, inputItems(variant.prefix), variant.node),
			variant.node.name,
		);
		sim.faults.clear();
		const created = pagesWithPrefix(sim, variant.prefix);
		const rejected =
			sim.faults.log.filter((entry) => entry.kind === 'rateLimiter').length - rejectedBefore;
		const errors = nodeErrorCount(run, variant.node.name);
		const failures = ITEMS - created;
		log(
			`row 5: ${variant.label}: ${run.status}, ${Math.round(run.nodeMs / 1000)} s, ${created} pages, ${rejected} answered 429${run.error ? `; ${run.error.slice(0, 160)}` : ''}`,
		);
		const ours = variant.prefix !== 'LimHttp';
		results.push(
			{
				row: 5,
				case: `${ITEMS} creations at ${RATE_LIMIT} requests/s (429 + Retry-After beyond): ${variant.label}`,
				metric: 'failed items',
				unit: 'items',
				ours: failures,
				floor: 0,
				check: ours
					? {
							label: 'no failures, no duplicates',
							ok: failures === 0 && errors === 0 && created === ITEMS,
						}
					: undefined,
				note: ours
					? `${rejected} requests answered 429 and were retried after Retry-After`
					: `${run.status}: ${created} of ${ITEMS} pages, ${rejected} requests answered 429; the node stopped with: ${(run.error ?? '').slice(0, 140)}`,
			},
			{
				row: 5,
				case: `${ITEMS} creations at ${RATE_LIMIT} requests/s: ${variant.label}`,
				metric: 'total time',
				unit: 's',
				ours: run.nodeMs / 1000,
				floor: ours ? floorSeconds : undefined,
				note: ours
					? `floor: ${ITEMS} requests at ${RATE_LIMIT}/s = ${floorSeconds} s`
					: 'until the node gave up',
			},
		);
	}
	return results;
}

function nodeErrorCount(run: Run, nodeName: string): number {
	try {
		return nodeItems(run.data.resultData.runData, nodeName).filter(
			(json) => json.error !== undefined,
		).length;
	} catch {
		return 0;
	}
}

interface MemoryRun {
	run: Run;
	baseline: number;
	peak: number;
}

type Shape = 'warm-up' | 'measured';

/**
 * Runs a workflow in a fresh n8n and reads the process's resident memory before and at its peak (MB). A warm-up run
 * with a 1 KB file comes first, so that what n8n loads on first use is not counted against the file.
 */
async function measureMemory(
	sim: Simulator,
	files: string,
	label: string,
	build: (
		credential: CredentialRef,
		shape: Shape,
	) => { workflow: Omit<WorkflowInput, 'id'>; measured: string },
): Promise<MemoryRun> {
	return await withServer(sim, files, `bench-memory-${label}`, async (server, credential) => {
		const pid = n8nPid(server);
		const warmUp = build(credential, 'warm-up');
		const warm = await runOnce(server, warmUp.workflow, warmUp.measured);
		if (warm.status !== 'success')
			throw new Error(`row 6 ${label} warm-up: ${warm.error ?? warm.status}`);
		const { workflow, measured } = build(credential, 'measured');
		const baseline = memoryKb(pid, 'VmRSS');
		resetPeak(pid);
		const run = await runOnce(server, workflow, measured);
		const peak = memoryKb(pid, 'VmHWM');
		log(
			`row 6: ${label}: ${run.status}, baseline ${Math.round(baseline / 1024)} MB, peak ${Math.round(peak / 1024)} MB`,
		);
		return { run, baseline: baseline / 1024, peak: peak / 1024 };
	});
}

async function memory(sim: Simulator, spaceId: string, files: string): Promise<BenchResult[]> {
	sim.faults.clear();
	const path = join(files, 'big.bin');
	const smallPath = join(files, 'small.bin');
	const content = randomBytes(FILE_BYTES);
	writeFileSync(path, content);
	writeFileSync(smallPath, randomBytes(1024));
	const fileMb = FILE_BYTES / 1024 / 1024;
	const target = sim.store.createPage({
		spaceId,
		title: 'Upload target',
		body: '<p>receives a big file</p>',
	});
	const source = sim.store.createPage({
		spaceId,
		title: 'Download source',
		body: '<p>holds a big file</p>',
	});
	const stored = sim.store.addAttachment({
		containerId: source.id,
		fileName: 'big.bin',
		data: content,
	});
	const small = sim.store.addAttachment({
		containerId: source.id,
		fileName: 'small.bin',
		data: randomBytes(1024),
	});
	const trigger = manualTrigger();
	const confluence = (credential: CredentialRef, parameters: IDataObject): INode => ({
		id: 'bench-confluence',
		name: 'Confluence',
		type: CONFLUENCE_NODE_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: { authentication: 'apiToken', ...parameters },
		credentials: { confluenceApi: credential },
	});

	const uploaded = await measureMemory(sim, files, 'upload', (credential, shape) => {
		const read: INode = {
			id: 'bench-read',
			name: 'Read file',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				operation: 'read',
				fileSelector: shape === 'measured' ? path : smallPath,
				options: {},
			},
		};
		const upload = confluence(credential, {
			resource: 'attachment',
			operation: 'upload',
			contentType: 'page',
			page: { __rl: true, mode: 'id', value: target.id },
			binaryPropertyName: 'data',
		});
		return {
			measured: upload.name,
			workflow: {
				name: 'bench 6: upload',
				nodes: [trigger, read, upload],
				connections: {
					[trigger.name]: { main: [[{ node: read.name, type: 'main', index: 0 }]] },
					[read.name]: { main: [[{ node: upload.name, type: 'main', index: 0 }]] },
				},
			},
		};
	});
	const attachment = sim.store
		.contained(target.id, 'attachment')
		.find((item) => item.title === 'big.bin');
	const uploadIntact =
		!!attachment && sim.store.current(attachment).file?.data.equals(content) === true;

	const downloaded = await measureMemory(sim, files, 'download', (credential, shape) => {
		const download = confluence(credential, {
			resource: 'attachment',
			operation: 'download',
			attachmentId: shape === 'measured' ? stored.id : small.id,
			binaryPropertyName: 'data',
		});
		return {
			measured: download.name,
			workflow: {
				name: 'bench 6: download',
				nodes: [trigger, { ...download, position: [220, 0] }],
				connections: {
					[trigger.name]: { main: [[{ node: download.name, type: 'main', index: 0 }]] },
				},
			},
		};
	});
	const binary =
		downloaded.run.data.resultData.runData.Confluence?.[0]?.data?.main?.[0]?.[0]?.binary?.data;
	const downloadedBytes = binary?.fileSize ? parseSize(String(binary.fileSize)) : NaN;

	const row = (label: string, measured: MemoryRun, ok: boolean, detail: string): BenchResult => ({
		row: 6,
		case: `${label} of a ${fileMb} MB attachment`,
		metric: 'peak memory of the n8n process above its baseline',
		unit: 'MB',
		ours: measured.peak - measured.baseline,
		floor: fileMb,
		check: { label: detail, ok: ok && measured.run.status === 'success' },
		note: `fresh n8n: ${Math.round(measured.baseline)} MB resident before, ${Math.round(measured.peak)} MB at the peak (VmHWM); binary data mode filesystem`,
	});
	return [
		row('upload', uploaded, uploadIntact, `${fileMb} MB stored intact`),
		row(
			'download',
			downloaded,
			Math.abs(downloadedBytes - FILE_BYTES) <= FILE_BYTES * 0.01,
			`${fileMb} MB received`,
		),
	];
}

/** n8n describes binary sizes as text with decimal units ("105 MB", from pretty-bytes). */
function parseSize(text: string): number {
	const match = /([\d.]+)\s*(B|kB|KB|MB|GB)/i.exec(text);
	if (!match) return NaN;
	const factor = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 }[match[2].toLowerCase()] ?? 1;
	return Number(match[1]) * factor;
}
