/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/* n8n's CLI against a user folder: import credentials and workflows, execute a workflow and read what it returned. */
import { spawn } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, IRun, IRunData, IWorkflowBase } from 'n8n-workflow';

import { locateN8n, type N8nInstall } from './install';
import { extractRun, parseLog, type LogEntry } from './output';
import { freePort, n8nEnv, type UserFolder } from './userFolder';

export interface CliResult {
	/** null when a signal ended the process. */
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	log: LogEntry[];
}

export interface CliOptions {
	install?: N8nInstall;
	timeoutMs?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	env?: Record<string, string>;
}

/** Runs `n8n <args>` with N8N_USER_FOLDER=folder and waits for it to end (killed after timeoutMs). */
export async function runN8nCli(
	folder: UserFolder,
	args: string[],
	options: CliOptions = {},
): Promise<CliResult> {
	const install = options.install ?? locateN8n();
	const env = n8nEnv(install, folder, {
		brokerPort: await freePort(),
		logLevel: options.logLevel,
		extra: options.env,
	});
	const timeoutMs = options.timeoutMs ?? 120000;
	return await new Promise((resolve, reject) => {
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
			cwd: folder.root,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(
					`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`,
				),
			);
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (exitCode, signal) => {
			clearTimeout(timer);
			resolve({
				exitCode,
				signal,
				stdout,
				stderr,
				log: [...parseLog(stdout, 'stdout'), ...parseLog(stderr, 'stderr')],
			});
		});
	});
}

function describeFailure(what: string, result: CliResult): string {
	const problems = result.log
		.filter((entry) => entry.level === 'error' || entry.level === 'raw')
		.map((entry) => entry.message)
		.join('\n');
	return `${what} failed (exit ${result.exitCode ?? result.signal}):\n${problems || result.stdout.slice(-4000)}`;
}

/** A credential as `n8n import:credentials` takes it: plain `data` is encrypted with the folder's key on import. */
export interface CredentialInput {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

export type WorkflowInput = Pick<IWorkflowBase, 'id' | 'name' | 'nodes' | 'connections'> &
	Partial<Pick<IWorkflowBase, 'settings' | 'active' | 'pinData'>>;

async function importFile(
	folder: UserFolder,
	command: 'import:credentials' | 'import:workflow',
	fileName: string,
	content: unknown[],
	options: CliOptions,
): Promise<CliResult> {
	const file = join(folder.root, fileName);
	writeFileSync(file, JSON.stringify(content, null, 2));
	const result = await runN8nCli(folder, [command, `--input=${file}`], options);
	if (result.exitCode !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw new Error(describeFailure(`n8n ${command}`, result));
	}
	return result;
}

export async function importCredentials(
	folder: UserFolder,
	credentials: CredentialInput[],
	options: CliOptions = {},
): Promise<CliResult> {
	return await importFile(folder, 'import:credentials', 'credentials.json', credentials, options);
}

export async function importWorkflows(
	folder: UserFolder,
	workflows: WorkflowInput[],
	options: CliOptions = {},
): Promise<CliResult> {
	const complete = workflows.map((workflow) => ({
		active: false,
		settings: { executionOrder: 'v1' },
		...workflow,
	}));
	return await importFile(folder, 'import:workflow', 'workflows.json', complete, options);
}

export interface ExecutionOutcome {
	/** 'success', 'error', ... as n8n recorded it. */
	status: string;
	run: IRun;
	runData: IRunData;
	/** The workflow's error (the failing node's error), when it failed. */
	error?: { message: string; description?: string; node?: string };
	cli: CliResult;
}

/**
 * `n8n execute --id <id> --rawOutput` and the run it printed. The exit code is not trusted: n8n 2.41 on Node 24
 * sometimes crashes (SIGSEGV/SIGABRT) in isolated-vm's teardown after printing the result; the printed run is
 * the outcome. Throws when no run was printed at all (n8n could not start or the workflow does not exist).
 */
export async function execute(
	folder: UserFolder,
	workflowId: string,
	options: CliOptions = {},
): Promise<ExecutionOutcome> {
	const cli = await runN8nCli(folder, ['execute', `--id=${workflowId}`, '--rawOutput'], {
		...options,
		// The run is printed at level info, whatever the outcome.
		logLevel: options.logLevel === 'debug' ? 'debug' : 'info',
	});
	const run = extractRun(cli.stdout) ?? extractRun(cli.stderr);
	if (!run) throw new Error(describeFailure(`n8n execute --id=${workflowId}`, cli));
	const resultError = run.data.resultData.error as
		| { message?: string; description?: string | null; node?: { name?: string } }
		| undefined;
	return {
		status: run.status ?? (resultError ? 'error' : 'success'),
		run,
		runData: run.data.resultData.runData,
		error: resultError
			? {
					message: resultError.message ?? 'unknown error',
					description: resultError.description ?? undefined,
					node: resultError.node?.name,
				}
			: undefined,
		cli,
	};
}
