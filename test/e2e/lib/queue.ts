/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error */
/* n8n's queue mode for the e2e suite: a private PostgreSQL and Redis (scripts/queue/services.sh), the environment a
 * main and its workers share, and `n8n worker` processes whose log tells which executions each ran. */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { randomBytes } from 'crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { importCredentials, type CredentialInput } from './cli';
import { ARTIFACTS_DIR, locateN8n, REPO_ROOT, type N8nInstall } from './install';
import { LogCapture, startN8n, type N8nServer } from './server';
import { createUserFolder, freePort, n8nEnv, type UserFolder } from './userFolder';

const SERVICES_SCRIPT = join(REPO_ROOT, 'scripts', 'queue', 'services.sh');

export interface QueueServices {
	dir: string;
	pgPort: number;
	pgUser: string;
	pgPassword: string;
	pgDatabase: string;
	redisPort: number;
	/** The key every n8n process of this queue encrypts credentials with. */
	encryptionKey: string;
	stop(): Promise<void>;
}

async function runScript(args: string[], timeoutMs: number): Promise<string> {
	return await new Promise((resolve, reject) => {
		execFile(
			'bash',
			[SERVICES_SCRIPT, ...args],
			{ timeout: timeoutMs },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`services.sh ${args[0]} failed: ${error.message}\n${stderr}`));
				else resolve(stdout);
			},
		);
	});
}

/** PostgreSQL and Redis on free loopback ports, in a temporary folder (installed from Debian when missing). */
export async function startQueueServices(): Promise<QueueServices> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-services-'));
	// The first run on a fresh machine installs the Debian packages.
	const stdout = await runScript(['start', dir], 600_000);
	const facts = Object.fromEntries(
		stdout
			.split('\n')
			.map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
			.filter((match): match is RegExpExecArray => match !== null)
			.map((match) => [match[1], match[2]]),
	);
	return {
		dir,
		pgPort: Number(facts.PG_PORT),
		pgUser: facts.PG_USER,
		pgPassword: facts.PG_PASSWORD,
		pgDatabase: facts.PG_DATABASE,
		redisPort: Number(facts.REDIS_PORT),
		encryptionKey: randomBytes(24).toString('hex'),
		stop: async () => {
			await runScript(['stop', dir], 60_000);
			if (process.env.E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * What every process of one queue-mode n8n shares: the queue, the database, the encryption key (workers decrypt the
 * credentials the main stored) and binary data in the database (n8n does not support `filesystem` in queue mode:
 * https://docs.n8n.io/deploy/host-n8n/configure-n8n/scaling/handle-binary-data/).
 */
export function queueEnv(services: QueueServices): Record<string, string> {
	return {
		// One per set of services: PostgreSQL starts empty, so nothing was stored under another key.
		N8N_ENCRYPTION_KEY: services.encryptionKey,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(services.redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(services.pgPort),
		DB_POSTGRESDB_DATABASE: services.pgDatabase,
		DB_POSTGRESDB_USER: services.pgUser,
		DB_POSTGRESDB_PASSWORD: services.pgPassword,
		DB_POSTGRESDB_POOL_SIZE: '10',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// A killed worker's jobs are noticed after seconds, not a minute (Bull's lock and stalled-job check).
		QUEUE_WORKER_LOCK_DURATION: '8000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '4000',
	};
}

export interface N8nWorker {
	name: string;
	pid: number;
	log: LogCapture;
	logFile: string;
	/** Ids of the executions this worker started, from its log ("Worker started execution N"). */
	startedExecutions(): string[];
	finishedExecutions(): string[];
	/** SIGKILL to its process group: a crash, nothing is shut down cleanly. */
	kill(): Promise<void>;
	stop(): Promise<void>;
}

async function waitForExit(
	child: ChildProcessWithoutNullStreams,
	graceMs: number,
): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	let timer: NodeJS.Timeout | undefined;
	const exited = await Promise.race([
		new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
		new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
	]);
	clearTimeout(timer);
	return exited;
}

function executionIds(log: LogCapture, pattern: RegExp): string[] {
	return log.entries
		.map((entry) => pattern.exec(entry.message)?.[1])
		.filter((id): id is string => id !== undefined);
}

/** `n8n worker --concurrency=N` on the folder and environment of a queue-mode main; resolves once it is ready. */
export async function startWorker(
	folder: UserFolder,
	env: Record<string, string>,
	options: { name: string; concurrency: number; install?: N8nInstall },
): Promise<N8nWorker> {
	const install = options.install ?? locateN8n();
	const processEnv = n8nEnv(install, folder, {
		brokerPort: await freePort(),
		logLevel: 'info',
		extra: env,
	});
	const logDir = join(ARTIFACTS_DIR, 'e2e-logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `${options.name}.log`);
	const fileStream = createWriteStream(logFile);
	const log = new LogCapture(fileStream);
	const child = spawn(
		install.nodeBin,
		[install.n8nBin, 'worker', `--concurrency=${options.concurrency}`],
		{ cwd: folder.root, env: processEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
	);
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => log.push('stdout', chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push('stderr', chunk));
	child.once('exit', () => log.flush());

	const end = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
		if (child.pid === undefined) return;
		try {
			process.kill(signal === 'SIGKILL' ? -child.pid : child.pid, signal);
		} catch {
			// Already gone.
		}
		if (!(await waitForExit(child, graceMs))) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
			await waitForExit(child, 5000);
		}
		await new Promise<void>((resolve) => fileStream.end(() => resolve()));
	};

	const worker: N8nWorker = {
		name: options.name,
		pid: child.pid ?? 0,
		log,
		logFile,
		startedExecutions: () => executionIds(log, /Worker started execution (\d+)/),
		finishedExecutions: () => executionIds(log, /Worker finished execution (\d+)/),
		kill: async () => await end('SIGKILL', 5000),
		stop: async () => await end('SIGTERM', 20000),
	};
	try {
		await Promise.race([
			log.waitFor(/n8n worker is now ready/, 180_000),
			new Promise((_, reject) =>
				child.once('exit', (code, signal) =>
					reject(
						new Error(
							`${options.name} exited during startup (${code ?? signal}); log: ${logFile}\n${log.text().slice(-3000)}`,
						),
					),
				),
			),
		]);
	} catch (error) {
		await worker.stop();
		throw error;
	}
	return worker;
}

/** One queue-mode n8n: its services, the environment its processes share, the main and the workers. */
export interface QueueMode {
	services: QueueServices;
	folder: UserFolder;
	env: Record<string, string>;
	/** The main (triggers, webhooks, editor); replaced when a test restarts it. */
	main: N8nServer;
	workers: N8nWorker[];
	/** Starts one more `n8n worker` on the same queue and database. */
	addWorker(name: string): Promise<N8nWorker>;
	/** Stops the workers, the main, PostgreSQL and Redis; removes the user folder. */
	stop(): Promise<void>;
}

/**
 * PostgreSQL, Redis, a main and `workers` workers with `concurrency` job slots each. The credentials are imported (with
 * the key every process shares) while the workers start.
 */
export async function startQueueMode(options: {
	name: string;
	credentials: CredentialInput[];
	workers: number;
	concurrency: number;
	env?: Record<string, string>;
	install?: N8nInstall;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
}): Promise<QueueMode> {
	const install = options.install ?? locateN8n();
	const services = await startQueueServices();
	const env = { ...queueEnv(services), ...options.env };
	const folder = createUserFolder();
	const workers: N8nWorker[] = [];
	const addWorker = async (name: string): Promise<N8nWorker> => {
		const worker = await startWorker(folder, env, {
			name,
			concurrency: options.concurrency,
			install,
		});
		workers.push(worker);
		return worker;
	};
	const queue = {
		services,
		folder,
		env,
		workers,
		addWorker,
		stop: async () => {
			await Promise.all(workers.map(async (worker) => await worker.stop()));
			await queue.main?.stop({ keepFolder: true });
			folder.remove();
			await services.stop();
		},
	} as QueueMode;
	try {
		queue.main = await startN8n({
			install,
			folder,
			name: `${options.name}-main`,
			env,
			logLevel: options.logLevel,
			startTimeoutMs: 300_000,
		});
		await Promise.all([
			...Array.from(
				{ length: options.workers },
				async (_, index) => await addWorker(`${options.name}-worker-${index + 1}`),
			),
			importCredentials(folder, options.credentials, { env, install, timeoutMs: 240_000 }),
		]);
	} catch (error) {
		await queue.stop().catch(() => undefined);
		throw error;
	}
	return queue;
}
