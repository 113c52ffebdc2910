/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* Per-process contract state and its hand-over to the jest reporter.
 *
 * Jest gives every test file its own module registry and global object, so module-level variables would be
 * rebuilt (and the specs recompiled, seconds of ajv work) for each file. Node's built-in modules are the only
 * objects all test files of one worker process share, so the state hangs off one of them under a registry symbol.
 *
 * Each process writes its totals to <run dir>/<pid>.json, where the run dir comes from the reporter
 * (CONTRACT_RUN_DIR_ENV, set in onRunStart before jest forks its workers, so every worker inherits it). */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LoadedSpec, SpecName } from './specs';

export const CONTRACT_RUN_DIR_ENV = 'CONFLUENCE_CONTRACT_RUN_DIR';

/** Violation texts written per process and run for the reporter to show; the count is always exact. */
const WRITTEN_VIOLATIONS = 200;

export interface ContractTotals {
	requests: number;
	responses: number;
	violations: number;
	/** Exchanges accepted beyond the OpenAPI files, by reason (stale-version 409, 401, 429, 5xx, injected faults). */
	beyondSpec: Record<string, number>;
}

interface RunRecord extends ContractTotals {
	written: number;
}

export interface ContractState {
	specs: Partial<Record<SpecName, LoadedSpec>>;
	totals: ContractTotals;
	/** Totals per reporter run directory ('' when no reporter is listening). */
	runs: Map<string, RunRecord>;
}

const STATE_KEY = Symbol.for('n8n-nodes-confluence.contract.state');

function carrier(): Record<symbol, unknown> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('node:v8') as Record<symbol, unknown>;
}

let sharedState: ContractState | undefined;

export function contractState(): ContractState {
	if (sharedState) return sharedState;
	const holder = carrier();
	let state = holder[STATE_KEY] as ContractState | undefined;
	if (!state) {
		state = {
			specs: {},
			totals: { requests: 0, responses: 0, violations: 0, beyondSpec: {} },
			runs: new Map(),
		};
		holder[STATE_KEY] = state;
	}
	sharedState = state;
	return state;
}

function currentRunDir(): string {
	return process.env[CONTRACT_RUN_DIR_ENV] ?? '';
}

function runRecord(state: ContractState): [string, RunRecord] {
	const dir = currentRunDir();
	let record = state.runs.get(dir);
	if (!record) {
		record = { requests: 0, responses: 0, violations: 0, beyondSpec: {}, written: 0 };
		state.runs.set(dir, record);
	}
	return [dir, record];
}

export function recordExchange(
	counted: { request: boolean; response: boolean },
	violations: string[],
): void {
	const state = contractState();
	const [dir, run] = runRecord(state);
	const requests = counted.request ? 1 : 0;
	const responses = counted.response ? 1 : 0;
	state.totals.requests += requests;
	state.totals.responses += responses;
	state.totals.violations += violations.length;
	run.requests += requests;
	run.responses += responses;
	run.violations += violations.length;
	const toWrite = violations.slice(0, Math.max(0, WRITTEN_VIOLATIONS - run.written));
	if (!dir || toWrite.length === 0) return;
	run.written += toWrite.length;
	// Written at once so a worker that crashes before its next flush still reports what it saw.
	mkdirSync(dir, { recursive: true });
	appendFileSync(
		join(dir, `${process.pid}.violations.jsonl`),
		toWrite.map((violation) => JSON.stringify(violation)).join('\n') + '\n',
	);
}

/** One exchange the contract accepts although the OpenAPI files do not state it, counted by reason. */
export function recordBeyondSpec(reason: string): void {
	const state = contractState();
	const [, run] = runRecord(state);
	state.totals.beyondSpec[reason] = (state.totals.beyondSpec[reason] ?? 0) + 1;
	run.beyondSpec[reason] = (run.beyondSpec[reason] ?? 0) + 1;
}

/** Writes this process's totals for the current run; cheap and idempotent, called after every test file. */
export function flushContractTotals(): void {
	const dir = currentRunDir();
	if (!dir) return;
	const run = contractState().runs.get(dir);
	if (!run) return;
	mkdirSync(dir, { recursive: true });
	const totals: ContractTotals = {
		requests: run.requests,
		responses: run.responses,
		violations: run.violations,
		beyondSpec: run.beyondSpec,
	};
	writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(totals));
}
