/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error */
/* `n8n start` on a free loopback port with a fresh user folder, an owner account, and its REST API. */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'fs';
import { join } from 'path';
import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

import type { WorkflowInput } from './cli';
import { ARTIFACTS_DIR, locateN8n, type N8nInstall } from './install';
import { packageProblems, parseLogLine, parseFlatted, type LogEntry } from './output';
import {
	createUserFolder,
	freePort,
	n8nEnv,
	preferredPortOrFree,
	type UserFolder,
	type UserFolderOptions,
} from './userFolder';

/** The owner every e2e n8n is set up with (n8n wants 8+ characters, a digit and an upper-case letter). */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd',
} as const;

const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

/** n8n's output as it arrives, parsed line by line, and copied to a log file. */
export class LogCapture {
	readonly entries: LogEntry[] = [];

	private readonly partial: Record<string, string> = { stdout: '', stderr: '' };

	constructor(private readonly file?: WriteStream) {}

	push(stream: 'stdout' | 'stderr', chunk: string): void {
		this.file?.write(chunk);
		const lines = (this.partial[stream] + chunk).split('\n');
		this.partial[stream] = lines.pop() ?? '';
		for (const line of lines) {
			const entry = parseLogLine(line, stream);
			if (entry) this.entries.push(entry);
		}
	}

	flush(): void {
		for (const stream of ['stdout', 'stderr'] as const) {
			const entry = parseLogLine(this.partial[stream], stream);
			if (entry) this.entries.push(entry);
			this.partial[stream] = '';
		}
	}

	text(): string {
		return this.entries
			.map((entry) =>
				entry.metadata
					? `${entry.level} ${entry.message} ${JSON.stringify(entry.metadata)}`
					: `${entry.level} ${entry.message}`,
			)
			.join('\n');
	}

	/** Warnings and errors that mention the package, its node types or credential types. */
	packageProblems(pattern?: RegExp): LogEntry[] {
		return packageProblems(this.entries, pattern);
	}

	async waitFor(pattern: RegExp, timeoutMs = 30000): Promise<LogEntry> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const hit = this.entries.find((entry) => pattern.test(entry.message));
			if (hit) return hit;
			if (Date.now() > deadline)
				throw new Error(`no log line matched ${pattern} within ${timeoutMs} ms`);
			await sleep(100);
		}
	}
}

export interface RestResponse<T> {
	status: number;
	body: T;
}

export interface ExecutionRecord {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
	/** Parsed from n8n's flatted serialization; undefined while the execution has not stored any. */
	data?: IRunExecutionData;
}

/** One row of the executions list (GET /rest/executions), without its data. */
export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
}

/** GET /rest/workflows/:id/publication-status (2.x). */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

export interface N8nServer {
	baseUrl: string;
	port: number;
	install: N8nInstall;
	folder: UserFolder;
	log: LogCapture;
	/** The log file (under artifacts/e2e-logs/). */
	logFile: string;
	/** The owner's `n8n-auth` cookie, for REST calls and the browser. */
	authCookie: string;
	/** A REST call as the owner: path relative to baseUrl, e.g. '/rest/workflows'. Returns n8n's `data`. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	restRaw<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>>;
	/** Creates a workflow through the REST API; returns its id. */
	createWorkflow(workflow: Omit<WorkflowInput, 'id'>): Promise<string>;
	/** Runs a workflow as the editor's "Execute workflow" does, from the named trigger; returns the execution id. */
	runWorkflow(workflowId: string, triggerNodeName: string): Promise<string>;
	getExecution(executionId: string): Promise<ExecutionRecord>;
	/** Every execution of a workflow that has finished (success, error…), newest first, all pages of the list. */
	listExecutions(workflowId: string): Promise<ExecutionSummary[]>;
	/**
	 * Publishes (activates) the workflow's current version, as the editor's "Publish" does in 2.x, and waits until its
	 * triggers are live: 2.41 activates in the background (publication outbox), after the REST call has answered.
	 * Throws with n8n's messages when a trigger fails to activate.
	 */
	activateWorkflow(workflowId: string, timeoutMs?: number): Promise<void>;
	/** Polls until the execution is no longer new/running/waiting and has stored its data. */
	waitForExecution(
		executionId: string,
		timeoutMs?: number,
	): Promise<ExecutionRecord & { data: IRunExecutionData }>;
	/** Names of the node and credential types the editor gets (/types/*.json, owner session). */
	knownTypes(): Promise<{ nodes: string[]; credentials: string[] }>;
	/** SIGTERM, then SIGKILL after the grace period; removes the user folder unless `keepFolder`. */
	stop(options?: { keepFolder?: boolean }): Promise<void>;
}

export interface StartN8nOptions {
	install?: N8nInstall;
	/** An existing user folder (e.g. with credentials and workflows imported through the CLI); default a fresh one. */
	folder?: UserFolder;
	folderOptions?: UserFolderOptions;
	/** The HTTP port to use when it is free (else a free one; `server.port` tells which). Default: a free one. */
	port?: number;
	/** Name of the log file under artifacts/e2e-logs/ (default n8n-<port>.log). */
	name?: string;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	env?: Record<string, string>;
	/** Set up the owner account and log in (default true). */
	setupOwner?: boolean;
	/** The folder's database has the owner already (a restart on the same folder): only log in. */
	ownerExists?: boolean;
	startTimeoutMs?: number;
	/** Options for the Node that runs n8n (e.g. `--cpu-prof`), placed before n8n's own arguments. */
	nodeArgs?: string[];
}

function authCookieFrom(response: Response): string | undefined {
	const cookies =
		typeof response.headers.getSetCookie === 'function'
			? response.headers.getSetCookie()
			: [response.headers.get('set-cookie') ?? ''];
	for (const cookie of cookies) {
		const match = /(?:^|,\s*)n8n-auth=([^;]+)/.exec(cookie);
		if (match) return match[1];
	}
	return undefined;
}

async function stopProcess(child: ChildProcessWithoutNullStreams, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	let timer: NodeJS.Timeout | undefined;
	const inTime = await Promise.race([
		exited.then(() => true),
		new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
	]);
	clearTimeout(timer);
	if (!inTime && child.pid !== undefined) {
		// The process group: n8n's task runner children go too.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
		await exited;
	}
}

/** Starts `n8n start`, waits until it is ready (/healthz/readiness), sets up the owner and logs in. */
export async function startN8n(options: StartN8nOptions = {}): Promise<N8nServer> {
	const install = options.install ?? locateN8n();
	const folder = options.folder ?? createUserFolder(options.folderOptions);
	const port = await preferredPortOrFree(options.port);
	const baseUrl = `http://127.0.0.1:${port}`;
	const env = n8nEnv(install, folder, {
		port,
		brokerPort: await freePort(),
		logLevel: options.logLevel ?? 'info',
		extra: { N8N_EDITOR_BASE_URL: baseUrl, WEBHOOK_URL: `${baseUrl}/`, ...options.env },
	});
	const logDir = join(ARTIFACTS_DIR, 'e2e-logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `${options.name ?? `n8n-${port}`}.log`);
	const fileStream = createWriteStream(logFile);
	const log = new LogCapture(fileStream);

	const child = spawn(install.nodeBin, [...(options.nodeArgs ?? []), install.n8nBin, 'start'], {
		cwd: folder.root,
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
		// Its own process group, so that stop() can end the task runners n8n starts as well.
		detached: true,
	});
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => log.push('stdout', chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push('stderr', chunk));
	let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	child.once('exit', (code, signal) => {
		exit = { code, signal };
		log.flush();
		// How n8n ended goes into its log file: a process that died mid-run (a crash, a kill) leaves no line of its own.
		if (fileStream.writable) fileStream.write(`[e2e] n8n exited with ${code ?? signal}\n`);
	});

	let authCookie = '';
	const restRaw = async <T>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<RestResponse<T>> => {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (authCookie) headers.cookie = `n8n-auth=${authCookie}`;
		const send = async (): Promise<Response> =>
			await fetch(`${baseUrl}${path}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let response: Response;
		try {
			response = await send();
		} catch (error) {
			// A kept-alive connection n8n closed just as it was reused ("other side closed"): a read can go again.
			if (method !== 'GET') throw error;
			await sleep(250);
			response = await send();
		}
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// Not JSON (an HTML error page): keep the text.
		}
		const cookie = authCookieFrom(response);
		if (cookie) authCookie = cookie;
		return { status: response.status, body: parsed as T };
	};
	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await restRaw<{ data?: T }>(method, path, body);
		if (response.status >= 400) {
			throw new Error(
				`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
			);
		}
		return (response.body as { data: T }).data;
	};

	const stop = async ({ keepFolder = false } = {}): Promise<void> => {
		await stopProcess(child, 15000);
		await new Promise<void>((resolve) => fileStream.end(() => resolve()));
		if (!keepFolder && !options.folder) folder.remove();
	};

	const deadline = Date.now() + (options.startTimeoutMs ?? 120000);
	try {
		for (;;) {
			if (exit) {
				throw new Error(
					`n8n exited during startup (${exit.code ?? exit.signal}); log: ${logFile}\n${log.text().slice(-4000)}`,
				);
			}
			if (Date.now() > deadline) throw new Error(`n8n was not ready in time; log: ${logFile}`);
			try {
				// /healthz answers before the database migrations ran; readiness waits for them.
				const response = await fetch(`${baseUrl}/healthz/readiness`);
				if (response.ok) break;
			} catch {
				// Not listening yet.
			}
			await sleep(250);
		}
		if (options.setupOwner ?? true) {
			if (!options.ownerExists) await rest('POST', '/rest/owner/setup', OWNER);
			const login = await restRaw('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
			if (login.status === 400) {
				// Older n8n 1.x named the field `email`.
				await rest('POST', '/rest/login', { email: OWNER.email, password: OWNER.password });
			} else if (login.status >= 300) {
				throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
			}
			if (!authCookie) throw new Error('n8n login did not set the n8n-auth cookie');
		}
	} catch (error) {
		await stop({ keepFolder: true });
		throw error;
	}

	const getExecution = async (executionId: string): Promise<ExecutionRecord> => {
		const record = await rest<IDataObject & { data: string | IRunExecutionData }>(
			'GET',
			`/rest/executions/${executionId}`,
		);
		// A new or running execution stores no data yet ("[]").
		const parsed = typeof record.data === 'string' ? parseFlatted(record.data) : record.data;
		const data = (parsed ?? undefined) as IRunExecutionData | undefined;
		return {
			id: String(record.id),
			status: String(record.status),
			finished: record.finished === true,
			mode: String(record.mode),
			workflowId: String(record.workflowId),
			data,
		};
	};

	return {
		baseUrl,
		port,
		install,
		folder,
		log,
		logFile,
		get authCookie() {
			return authCookie;
		},
		rest,
		restRaw,
		createWorkflow: async (workflow) => {
			const created = await rest<{ id: string }>('POST', '/rest/workflows', {
				settings: { executionOrder: 'v1' },
				...workflow,
			});
			return created.id;
		},
		runWorkflow: async (workflowId, triggerNodeName) => {
			const result = await rest<{ executionId?: string }>(
				'POST',
				`/rest/workflows/${workflowId}/run`,
				{
					triggerToStartFrom: { name: triggerNodeName },
				},
			);
			if (!result.executionId)
				throw new Error(`run of ${workflowId} returned no execution id: ${JSON.stringify(result)}`);
			return result.executionId;
		},
		getExecution,
		listExecutions: async (workflowId) => {
			// By id: while executions change status, a row can move from one page of the listing to the next, so that
			// one listing shows it twice (and, in the moment, may miss another). Callers that wait for N rows therefore
			// wait for N distinct ones.
			const summaries = new Map<string, ExecutionSummary>();
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			let cursor: string | undefined;
			do {
				const query = `filter=${filter}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
				const page = await rest<{ results: IDataObject[]; nextCursor?: string | null }>(
					'GET',
					`/rest/executions?${query}`,
				);
				for (const row of page.results) {
					summaries.set(String(row.id), {
						id: String(row.id),
						status: String(row.status),
						mode: String(row.mode),
						workflowId: String(row.workflowId),
						startedAt: row.startedAt ? String(row.startedAt) : undefined,
						stoppedAt: row.stoppedAt ? String(row.stoppedAt) : undefined,
					});
				}
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			return [...summaries.values()];
		},
		activateWorkflow: async (workflowId, timeoutMs = 90000) => {
			// 2.x publishes a version: the activation names the version it makes live.
			const current = await rest<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
			await rest('POST', `/rest/workflows/${workflowId}/activate`, {
				versionId: current.versionId,
			});
			const until = Date.now() + timeoutMs;
			for (;;) {
				const response = await restRaw<{ data?: PublicationStatus }>(
					'GET',
					`/rest/workflows/${workflowId}/publication-status`,
				);
				// 404: n8n without the publication service activates within the REST call.
				if (response.status === 404) return;
				const publication = response.body.data;
				const settled =
					publication?.status === 'failed' ||
					(publication?.status !== 'in_progress' &&
						publication?.liveVersionId === current.versionId);
				if (publication && settled) {
					if (publication.status === 'published') return;
					const errors = publication.triggers
						.map((trigger) => trigger.errorMessage)
						.filter(Boolean);
					throw new Error(
						`activation of ${workflowId} ${publication.status}: ${errors.join('; ')}`,
					);
				}
				if (Date.now() > until) {
					throw new Error(
						`workflow ${workflowId} not active after ${timeoutMs} ms: ${JSON.stringify(publication)}`,
					);
				}
				await sleep(250);
			}
		},
		waitForExecution: async (executionId, timeoutMs = 60000) => {
			const until = Date.now() + timeoutMs;
			for (;;) {
				let record: ExecutionRecord;
				try {
					record = await getExecution(executionId);
				} catch (error) {
					// A dropped connection while n8n is busy (e.g. a big upload holding its event loop), or its 503 "Database is
					// not ready" while its database ping times out on a loaded machine: ask again, unless n8n is gone.
					if (exit) throw new Error(`n8n exited (${exit.code ?? exit.signal}); log: ${logFile}`);
					const transient = /fetch failed|answered 503/i.test(String((error as Error).message));
					if (!transient || Date.now() > until) {
						throw error;
					}
					await sleep(1000);
					continue;
				}
				if (!['new', 'running', 'waiting'].includes(record.status) && record.data) {
					return record as ExecutionRecord & { data: IRunExecutionData };
				}
				if (Date.now() > until) {
					throw new Error(`execution ${executionId} still ${record.status} after ${timeoutMs} ms`);
				}
				await sleep(250);
			}
		},
		knownTypes: async () => {
			// n8n writes these files in the background after startup (and again after loading packages), so a request
			// can meet a half-written file or a dropped connection: retried for a while.
			const names = async (path: string): Promise<string[]> => {
				const until = Date.now() + 60000;
				for (;;) {
					let problem: string;
					try {
						const response = await restRaw<Array<{ name: string }>>('GET', path);
						if (response.status === 200 && Array.isArray(response.body)) {
							return response.body.map((type) => type.name);
						}
						problem = `answered ${response.status}`;
					} catch (error) {
						problem = (error as Error).message;
					}
					if (Date.now() > until) throw new Error(`GET ${path}: ${problem}`);
					await sleep(500);
				}
			};
			return {
				nodes: await names('/types/nodes.json'),
				credentials: await names('/types/credentials.json'),
			};
		},
		stop,
	};
}
