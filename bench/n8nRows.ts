/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/* Rows 4-6 in real n8n (2.41.1 on Node 24, the package linked as a community node), using the e2e helpers:
 * 4. 1,000 page creations at 30 ms latency: the node sequentially with the API token and with the OAuth2 credential, with
 *    its concurrency option, and n8n's HTTP Request node making the same calls with the same credentials;
 * 5. the same writes against a limit of 10 requests per second answered with 429 + Retry-After;
 * 6. upload and download of a 100 MB attachment: peak memory of the n8n process against the file size, the upload with
 *    either credential. */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';

import { ConfluenceOAuth2Api } from '../credentials/ConfluenceOAuth2Api.credentials';
import {
	confluenceApiCredential,
	confluenceOAuth2Credential,
	CONFLUENCE_NODE_TYPE,
	createUserFolder,
	importCredentials,
	locateN8n,
	manualTrigger,
	MANUAL_TRIGGER_NAME,
	n8nId,
	nodeItems,
	startN8n,
	type N8nServer,
	type WorkflowInput,
} from '../test/e2e/lib';
import type { Simulator } from '../test/simulator';
import { log, median, REPO_ROOT, type BenchResult } from './lib';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = 30;
const RATE_LIMIT = 10;
const CONCURRENCY = 10;
const FILE_BYTES = Number(process.env.BENCH_FILE_MB ?? 100) * 1024 * 1024;
/** Issue 12's goal for an upload or a download: peak memory at most this many times the file. */
const GOAL_FILE_MULTIPLE = 1.5;

export function prepare(options: { skipBuild: boolean }): void {
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

type CredentialRef = { id: string; name: string };
type Auth = 'apiToken' | 'oAuth2';

/** Both credentials for the simulator, imported into every bench n8n before it starts. */
interface BenchCredentials {
	apiToken: CredentialRef;
	oAuth2: CredentialRef;
}

const CREDENTIAL_TYPE: Record<Auth, string> = {
	apiToken: 'confluenceApi',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a credential type's name, not a secret
	oAuth2: 'confluenceOAuth2Api',
};

const AUTH_LABEL: Record<Auth, string> = { apiToken: 'API token', oAuth2: 'OAuth2' };

function confluenceCreate(
	credentials: BenchCredentials,
	auth: Auth,
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
			authentication: auth,
			resource: 'page',
			operation: 'create',
			space: { __rl: true, mode: 'id', value: spaceId },
			title: '={{ $json.title }}',
			bodyFormat: 'storage',
			body: '={{ $json.body }}',
			requestOptions: concurrency > 1 ? { concurrency } : {},
		},
		credentials: { [CREDENTIAL_TYPE[auth]]: credentials[auth] },
	};
}

/**
 * n8n's HTTP Request node doing the same call with the package's credential, all options left at their defaults. With
 * OAuth2 it calls the gateway (`{gateway}/ex/confluence/{cloudId}`), as the node does.
 */
function httpCreate(
	credentials: BenchCredentials,
	auth: Auth,
	sim: Simulator,
	spaceId: string,
): INode {
	const root = auth === 'oAuth2' ? `${sim.baseUrl}/ex/confluence/${sim.cloudId}` : sim.baseUrl;
	return {
		id: 'bench-http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: {
			method: 'POST',
			url: `${root}/wiki/api/v2/pages`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPE[auth],
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ spaceId: "${spaceId}", status: "current", title: $json.title, body: { representation: "storage", value: $json.body } }) }}`,
			options: {},
		},
		credentials: { [CREDENTIAL_TYPE[auth]]: credentials[auth] },
	};
}

function pagesWithPrefix(sim: Simulator, prefix: string): number {
	return sim.store.list('page').filter((page) => page.title.startsWith(`${prefix} `)).length;
}

/** The scopes the OAuth2 credential asks for by default: the simulator enforces them on every gateway call. */
const DEFAULT_SCOPES = String(
	new ConfluenceOAuth2Api().properties.find((property) => property.name === 'enabledScopes')
		?.default,
).split(' ');

/**
 * A fresh `n8n start` with both credentials for the simulator; stopped (and its folder removed) afterwards. They are
 * imported through the CLI before the start: n8n's REST API drops `oauthTokenData` from a credential it creates, and
 * the OAuth2 credential needs the tokens the consent screen would have stored.
 */
async function withServer<T>(
	sim: Simulator,
	files: string,
	name: string,
	work: (server: N8nServer, credentials: BenchCredentials) => Promise<T>,
): Promise<T> {
	const install = locateN8n('n8n');
	const credentials: BenchCredentials = {
		apiToken: { id: n8nId('benchApiToken'), name: 'Confluence API token (bench)' },
		oAuth2: { id: n8nId('benchOAuth2'), name: 'Confluence OAuth2 (bench)' },
	};
	const folder = createUserFolder();
	try {
		await importCredentials(
			folder,
			[
				confluenceApiCredential(
					credentials.apiToken.id,
					{
						siteUrl: sim.baseUrl,
						email: sim.users.demo.email,
						apiToken: sim.users.demo.apiToken,
					},
					credentials.apiToken.name,
				),
				confluenceOAuth2Credential(
					credentials.oAuth2.id,
					{
						siteUrl: sim.baseUrl,
						authServerUrl: sim.baseUrl,
						apiGatewayUrl: sim.baseUrl,
						clientId: sim.oauth.clientId,
						clientSecret: sim.oauth.clientSecret,
						oauthTokenData: { ...sim.oauth.issueTokens({ scopes: DEFAULT_SCOPES }) },
					},
					credentials.oAuth2.name,
				),
			],
			{ install },
		);
		log(`starting n8n ${install.n8nVersion} (${name})`);
		const server = await startN8n({
			install,
			folder,
			name,
			// The bench runs on shared machines: a start under heavy load can take minutes.
			startTimeoutMs: 300_000,
			logLevel: (process.env.BENCH_N8N_LOG_LEVEL as 'info' | undefined) ?? 'warn',
			env: { N8N_RESTRICT_FILE_ACCESS_TO: files, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
			// BENCH_N8N_CPU_PROF=<dir>: V8 CPU profiles of the n8n process, written there when it stops.
			nodeArgs: process.env.BENCH_N8N_CPU_PROF
				? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_N8N_CPU_PROF}`]
				: undefined,
		});
		try {
			return await work(server, credentials);
		} finally {
			sim.faults.clear();
			await server.stop();
		}
	} finally {
		folder.remove();
	}
}

export async function realN8nRows(sim: Simulator, rows: Set<number>): Promise<BenchResult[]> {
	const files = mkdtempSync(join(tmpdir(), 'bench-files-'));
	const results: BenchResult[] = [];
	try {
		sim.reset('empty');
		sim.setContractValidation(false);
		const space = sim.store.createSpace({ key: 'N8N', name: 'Real n8n' });
		if (rows.has(4) || rows.has(5)) {
			await withServer(sim, files, 'bench-writes', async (server, credentials) => {
				if (rows.has(4)) results.push(...(await throughput(server, sim, credentials, space.id)));
				if (rows.has(5)) results.push(...(await rateLimited(server, sim, credentials, space.id)));
			});
		}
		if (rows.has(6)) results.push(...(await memory(sim, space.id, files)));
	} finally {
		rmSync(files, { recursive: true, force: true });
	}
	return results;
}

/** Each variant of row 4 runs this many times in turn; the row reports the median (BENCH_REPEATS, default 3). */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

interface ThroughputVariant {
	label: string;
	node: INode;
	prefix: string;
}

async function throughput(
	server: N8nServer,
	sim: Simulator,
	credentials: BenchCredentials,
	spaceId: string,
): Promise<BenchResult[]> {
	sim.faults.clear();
	sim.faults.setLatency(LATENCY_MS);
	const variants: ThroughputVariant[] = [];
	for (const auth of ['apiToken', 'oAuth2'] as const) {
		const tag = auth === 'apiToken' ? '' : 'OA';
		variants.push(
			{
				label: `Confluence node, ${AUTH_LABEL[auth]}, sequential`,
				node: confluenceCreate(credentials, auth, spaceId, 1),
				prefix: `Seq${tag}`,
			},
			{
				label: `Confluence node, ${AUTH_LABEL[auth]}, concurrency ${CONCURRENCY}`,
				node: confluenceCreate(credentials, auth, spaceId, CONCURRENCY),
				prefix: `Conc${tag}`,
			},
			{
				label: `HTTP Request node, ${AUTH_LABEL[auth]}, defaults`,
				node: httpCreate(credentials, auth, sim, spaceId),
				prefix: `Http${tag}`,
			},
		);
	}
	const runs = new Map<string, Array<{ nodeMs: number; ok: boolean }>>();
	// Rounds rather than one variant's repeats in a row, so that a change in the machine's load spreads over all of them.
	for (let round = 0; round < REPEATS; round++) {
		for (const variant of variants) {
			const prefix = `${variant.prefix}${round}`;
			const run = await runOnce(
				server,
				itemsWorkflow(`bench 4: ${variant.label}`, inputItems(prefix), variant.node),
				variant.node.name,
			);
			const created = pagesWithPrefix(sim, prefix);
			const ok = created === ITEMS && run.status === 'success';
			runs.set(variant.label, [...(runs.get(variant.label) ?? []), { nodeMs: run.nodeMs, ok }]);
			log(
				`row 4: ${variant.label} (${round + 1}/${REPEATS}): ${run.status}, ${Math.round(run.nodeMs)} ms, ${created} pages${run.error ? `; ${run.error.slice(0, 160)}` : ''}`,
			);
		}
	}
	sim.faults.setLatency(0);
	const measured = (variant: ThroughputVariant) => {
		const all = runs.get(variant.label) ?? [];
		const nodeMs = median(all.map((run) => run.nodeMs));
		return {
			perSecond: ITEMS / (nodeMs / 1000),
			nodeSeconds: nodeMs / 1000,
			ok: all.length > 0 && all.every((run) => run.ok),
		};
	};
	const floorPerSecond = 1000 / LATENCY_MS;
	const common = { row: 4, metric: 'items per second', unit: 'items/s' } as const;
	const results: BenchResult[] = [];
	for (const auth of ['apiToken', 'oAuth2'] as const) {
		const [sequential, concurrent, http] = variants
			.filter((variant) => variant.node.credentials?.[CREDENTIAL_TYPE[auth]])
			.map(measured);
		const medianOf = `median of ${REPEATS}`;
		results.push(
			{
				...common,
				case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: node, ${AUTH_LABEL[auth]}, sequential`,
				ours: sequential.perSecond,
				alternative: { name: 'HTTP Request node', value: http.perSecond },
				floor: floorPerSecond,
				check: { label: `${ITEMS} pages each run`, ok: sequential.ok },
				note: `${medianOf}: ${sequential.nodeSeconds.toFixed(1)} s of node time; floor: one request at a time takes at least the latency, ${floorPerSecond.toFixed(1)} items/s`,
			},
			{
				...common,
				case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: node, ${AUTH_LABEL[auth]}, concurrency ${CONCURRENCY}`,
				ours: concurrent.perSecond,
				alternative: { name: 'HTTP Request node', value: http.perSecond },
				floor: floorPerSecond * CONCURRENCY,
				check: {
					label: `${ITEMS} pages each run, ${(concurrent.perSecond / sequential.perSecond).toFixed(1)}× sequential`,
					ok: concurrent.ok,
				},
				note: `${medianOf}: ${concurrent.nodeSeconds.toFixed(1)} s of node time; floor: ${CONCURRENCY} requests in flight, ${(floorPerSecond * CONCURRENCY).toFixed(0)} items/s`,
			},
			{
				...common,
				case: `${ITEMS} page creations, ${LATENCY_MS} ms latency: HTTP Request node, ${AUTH_LABEL[auth]} (same calls, our credential)`,
				ours: http.perSecond,
				check: { label: `${ITEMS} pages each run`, ok: http.ok },
				note: `${medianOf}: ${http.nodeSeconds.toFixed(1)} s of node time; n8n 2.x sends every item of an HTTP Request node at once unless Batching is set; no Markdown, no versions, no retries`,
			},
		);
	}
	return results;
}

async function rateLimited(
	server: N8nServer,
	sim: Simulator,
	credentials: BenchCredentials,
	spaceId: string,
): Promise<BenchResult[]> {
	const floorSeconds = ITEMS / RATE_LIMIT;
	const results: BenchResult[] = [];
	const variants: Array<{ label: string; node: INode; prefix: string }> = [
		{
			label: 'Confluence node, sequential',
			node: confluenceCreate(credentials, 'apiToken', spaceId, 1),
			prefix: 'LimSeq',
		},
		{
			label: `Confluence node, concurrency ${CONCURRENCY}`,
			node: confluenceCreate(credentials, 'apiToken', spaceId, CONCURRENCY),
			prefix: 'LimConc',
		},
		{
			label: 'HTTP Request node, defaults',
			node: httpCreate(credentials, 'apiToken', sim, spaceId),
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
		credentials: BenchCredentials,
		shape: Shape,
	) => { workflow: Omit<WorkflowInput, 'id'>; measured: string },
): Promise<MemoryRun> {
	return await withServer(sim, files, `bench-memory-${label}`, async (server, credentials) => {
		const pid = n8nPid(server);
		const warmUp = build(credentials, 'warm-up');
		const warm = await runOnce(server, warmUp.workflow, warmUp.measured);
		if (warm.status !== 'success')
			throw new Error(`row 6 ${label} warm-up: ${warm.error ?? warm.status}`);
		const { workflow, measured } = build(credentials, 'measured');
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
	const targets: Record<Auth, string> = {
		apiToken: sim.store.createPage({
			spaceId,
			title: 'Upload target (API token)',
			body: '<p>receives a big file</p>',
		}).id,
		oAuth2: sim.store.createPage({
			spaceId,
			title: 'Upload target (OAuth2)',
			body: '<p>receives a big file</p>',
		}).id,
	};
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
	const confluence = (
		credentials: BenchCredentials,
		auth: Auth,
		parameters: IDataObject,
	): INode => ({
		id: 'bench-confluence',
		name: 'Confluence',
		type: CONFLUENCE_NODE_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: { authentication: auth, ...parameters },
		credentials: { [CREDENTIAL_TYPE[auth]]: credentials[auth] },
	});

	const readFile = (shape: Shape): INode => ({
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
	});
	// What n8n itself needs to read the file into its binary store, before any node uploads it: the reference the
	// upload rows are compared with.
	const readAlone = await measureMemory(sim, files, 'read-alone', (_credentials, shape) => {
		const read = readFile(shape);
		return {
			measured: read.name,
			workflow: {
				name: 'bench 6: read the file alone',
				nodes: [trigger, read],
				connections: {
					[trigger.name]: { main: [[{ node: read.name, type: 'main', index: 0 }]] },
				},
			},
		};
	});
	const upload = async (auth: Auth) =>
		await measureMemory(sim, files, `upload-${auth}`, (credentials, shape) => {
			const read = readFile(shape);
			const node = confluence(credentials, auth, {
				resource: 'attachment',
				operation: 'upload',
				contentType: 'page',
				page: { __rl: true, mode: 'id', value: targets[auth] },
				binaryPropertyName: 'data',
			});
			return {
				measured: node.name,
				workflow: {
					name: `bench 6: upload (${AUTH_LABEL[auth]})`,
					nodes: [trigger, read, node],
					connections: {
						[trigger.name]: { main: [[{ node: read.name, type: 'main', index: 0 }]] },
						[read.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
					},
				},
			};
		});
	const uploadIntact = (auth: Auth) => {
		const attachment = sim.store
			.contained(targets[auth], 'attachment')
			.find((item) => item.title === 'big.bin');
		return !!attachment && sim.store.current(attachment).file?.data.equals(content) === true;
	};
	const uploaded = { apiToken: await upload('apiToken'), oAuth2: await upload('oAuth2') };

	const downloaded = await measureMemory(sim, files, 'download', (credentials, shape) => {
		const download = confluence(credentials, 'apiToken', {
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

	const goalMb = GOAL_FILE_MULTIPLE * fileMb;
	const row = (
		label: string,
		measured: MemoryRun,
		ok: boolean,
		detail: string,
		reference?: MemoryRun,
	): BenchResult => ({
		row: 6,
		case: `${label} of a ${fileMb} MB attachment`,
		metric: 'peak memory of the n8n process above its baseline',
		unit: 'MB',
		ours: measured.peak - measured.baseline,
		alternative: reference
			? { name: 'reading the file alone', value: reference.peak - reference.baseline }
			: undefined,
		floor: fileMb,
		check: {
			label: `${detail}, at most ${GOAL_FILE_MULTIPLE}× the file`,
			ok: ok && measured.run.status === 'success' && measured.peak - measured.baseline <= goalMb,
		},
		note: `fresh n8n: ${Math.round(measured.baseline)} MB resident before, ${Math.round(measured.peak)} MB at the peak (VmHWM); binary data mode filesystem`,
	});
	return [
		row(
			'upload (API token)',
			uploaded.apiToken,
			uploadIntact('apiToken'),
			`${fileMb} MB stored intact`,
			readAlone,
		),
		row(
			'upload (OAuth2)',
			uploaded.oAuth2,
			uploadIntact('oAuth2'),
			`${fileMb} MB stored intact`,
			readAlone,
		),
		row(
			'download (API token)',
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
