/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error */
/* The Confluence simulator as a child process (its CLI, `npm run simulator`), on a fixed port or, when that one is
 * taken, on one the OS picks. */
import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';

import { REPO_ROOT } from '../../test/e2e/lib/install';
import { isPortFree } from '../../test/e2e/lib/userFolder';

export interface SimulatorProcess {
	baseUrl: string;
	port: number;
	pid: number;
	/** Everything the simulator printed so far (stdout and stderr). */
	output(): string;
	stop(): Promise<void>;
}

const LISTENING = /Confluence simulator listening on (http:\/\/127\.0\.0\.1:(\d+))/;

async function spawnSimulator(port: number, timeoutMs: number): Promise<SimulatorProcess> {
	const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [REPO_ROOT] });
	const child: ChildProcess = spawn(
		process.execPath,
		[
			tsNode,
			'--transpile-only',
			join(REPO_ROOT, 'test/simulator/cli.ts'),
			'--port',
			String(port),
			'--seed',
			'demo',
		],
		{
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'test/tsconfig.json') },
		},
	);
	let text = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const stop = async (): Promise<void> => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const inTime = await Promise.race([
			exited.then(() => true),
			new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000))),
		]);
		clearTimeout(timer);
		if (!inTime) {
			child.kill('SIGKILL');
			await exited;
		}
	};

	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const match = LISTENING.exec(text);
		if (match) {
			return {
				baseUrl: match[1],
				port: Number(match[2]),
				pid: child.pid ?? 0,
				output: () => text,
				stop,
			};
		}
		if (child.exitCode !== null || child.signalCode !== null) {
			const error = new Error(
				`the simulator exited (${child.exitCode ?? child.signalCode}):\n${text.slice(-2000)}`,
			);
			(error as Error & { addressInUse?: boolean }).addressInUse = /EADDRINUSE/.test(text);
			throw error;
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`the simulator did not start within ${timeoutMs} ms:\n${text.slice(-2000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Starts `test/simulator/cli.ts --seed demo` on `port`, or on a random port when `port` is busy. */
export async function startSimulatorProcess(
	port: number,
	timeoutMs = 60000,
): Promise<SimulatorProcess> {
	if (port !== 0 && !(await isPortFree(port))) return await spawnSimulator(0, timeoutMs);
	try {
		return await spawnSimulator(port, timeoutMs);
	} catch (error) {
		// Someone took the port between the check and the listen.
		if ((error as { addressInUse?: boolean }).addressInUse && port !== 0) {
			return await spawnSimulator(0, timeoutMs);
		}
		throw error;
	}
}
