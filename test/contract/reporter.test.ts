/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CONTRACT_RUN_DIR_ENV, flushContractTotals, recordExchange } from './state';

interface Reporter {
	onRunStart(): void;
	onRunComplete(): void;
	getLastError(): Error | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ContractReporter = require('./reporter') as new (globalConfig: {
	rootDir: string;
}) => Reporter;

describe('contract reporter', () => {
	let rootDir: string;
	let output: string[];
	let outerRunDir: string | undefined;

	beforeEach(() => {
		rootDir = mkdtempSync(join(tmpdir(), 'contract-reporter-'));
		output = [];
		jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			output.push(String(chunk));
			return true;
		});
		// This test file itself runs under the real reporter; keep its run directory out of these runs.
		outerRunDir = process.env[CONTRACT_RUN_DIR_ENV];
	});

	afterEach(() => {
		jest.restoreAllMocks();
		if (outerRunDir === undefined) delete process.env[CONTRACT_RUN_DIR_ENV];
		else process.env[CONTRACT_RUN_DIR_ENV] = outerRunDir;
		rmSync(rootDir, { recursive: true, force: true });
	});

	function start(): { reporter: Reporter; runDir: string } {
		const reporter = new ContractReporter({ rootDir });
		reporter.onRunStart();
		const runDir = process.env[CONTRACT_RUN_DIR_ENV];
		if (!runDir) throw new Error('the reporter did not publish its run directory');
		return { reporter, runDir };
	}

	it('publishes a run directory under .cache/contract for the workers', () => {
		const { runDir } = start();
		expect(runDir.startsWith(join(rootDir, '.cache', 'contract'))).toBe(true);
		expect(existsSync(runDir)).toBe(true);
	});

	it('removes run directories left by dead jest processes, not those of runs still going', () => {
		const base = join(rootDir, '.cache', 'contract');
		const dead = join(base, '1700000000000-2147483646-1');
		const live = join(base, `1700000000000-${process.pid}-7`);
		mkdirSync(dead, { recursive: true });
		mkdirSync(live, { recursive: true });
		start();
		expect(existsSync(dead)).toBe(false);
		expect(existsSync(live)).toBe(true);
	});

	it('sums every worker, prints one line and leaves the run successful', () => {
		const { reporter, runDir } = start();
		writeFileSync(
			join(runDir, '101.json'),
			JSON.stringify({ requests: 10, responses: 9, violations: 0 }),
		);
		writeFileSync(
			join(runDir, '102.json'),
			JSON.stringify({
				requests: 5,
				responses: 5,
				violations: 0,
				beyondSpec: { '409 stale version': 1, 'injected fault': 2 },
			}),
		);
		reporter.onRunComplete();

		expect(output.join('')).toBe(
			'contract: 15 requests and 14 responses validated, 0 violations\n' +
				'contract: 3 exchanges accepted beyond the spec (409 stale version: 1, injected fault: 2)\n',
		);
		expect(reporter.getLastError()).toBeUndefined();
		expect(existsSync(runDir)).toBe(false);
		expect(process.env[CONTRACT_RUN_DIR_ENV]).toBeUndefined();
		expect(readdirSync(join(rootDir, '.cache', 'contract'))).toEqual(['last-run.json']);
	});

	it('prints zero counts when nothing was validated', () => {
		const { reporter } = start();
		reporter.onRunComplete();
		expect(output.join('')).toBe(
			'contract: 0 requests and 0 responses validated, 0 violations\n' +
				'contract: 0 exchanges accepted beyond the spec\n',
		);
		expect(reporter.getLastError()).toBeUndefined();
	});

	it('fails the run and shows the first violations when there are any', () => {
		const { reporter, runDir } = start();
		writeFileSync(
			join(runDir, '7.json'),
			JSON.stringify({ requests: 3, responses: 3, violations: 2 }),
		);
		writeFileSync(
			join(runDir, '7.violations.jsonl'),
			`${JSON.stringify('GET /wiki/api/v2/pages (getPages): one')}\n${JSON.stringify('two')}\n`,
		);
		reporter.onRunComplete();

		const lines = output.join('').trimEnd().split('\n');
		expect(lines).toEqual([
			'contract: 3 requests and 3 responses validated, 2 violations',
			'  GET /wiki/api/v2/pages (getPages): one',
			'  two',
			'contract: 0 exchanges accepted beyond the spec',
		]);
		expect(reporter.getLastError()).toBeInstanceOf(Error);
		const lastRun = JSON.parse(
			readFileSync(join(rootDir, '.cache', 'contract', 'last-run.json'), 'utf8'),
		);
		expect(lastRun).toMatchObject({
			requests: 3,
			responses: 3,
			violations: 2,
			violationExamples: ['GET /wiki/api/v2/pages (getPages): one', 'two'],
		});
	});

	it('collects what workers recorded through the shared state', () => {
		const { reporter } = start();
		recordExchange({ request: true, response: true }, []);
		recordExchange({ request: true, response: false }, ['GET /wiki/api/v2/x: no operation']);
		flushContractTotals();
		reporter.onRunComplete();

		expect(output.join('').split('\n').slice(0, 2)).toEqual([
			'contract: 2 requests and 1 responses validated, 1 violations',
			'  GET /wiki/api/v2/x: no operation',
		]);
		expect(reporter.getLastError()).toBeInstanceOf(Error);
	});

	it('starts every run (watch mode) clean', () => {
		const { reporter, runDir } = start();
		writeFileSync(
			join(runDir, '1.json'),
			JSON.stringify({ requests: 1, responses: 1, violations: 1 }),
		);
		reporter.onRunComplete();
		expect(reporter.getLastError()).toBeInstanceOf(Error);

		output = [];
		reporter.onRunStart();
		expect(process.env[CONTRACT_RUN_DIR_ENV]).not.toBe(runDir);
		expect(reporter.getLastError()).toBeUndefined();
		reporter.onRunComplete();
		expect(output.join('')).toBe(
			'contract: 0 requests and 0 responses validated, 0 violations\n' +
				'contract: 0 exchanges accepted beyond the spec\n',
		);
		expect(reporter.getLastError()).toBeUndefined();
	});
});
