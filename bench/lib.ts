/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* What every benchmark row shares: the result shape, timing, a bare HTTP client, the table and the JSON file. */
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

import type { Simulator } from '../test/simulator';

export const REPO_ROOT = resolve(__dirname, '..');
export const RESULTS_FILE = join(REPO_ROOT, 'bench-results', 'bench.json');

/** One line of the table: a measurement of ours, what a user would use instead, and the floor. */
export interface BenchResult {
	row: number;
	case: string;
	metric: string;
	unit: string;
	ours: number;
	/** What a user would pick instead, measured in the same run on the same simulator. */
	alternative?: { name: string; value: number };
	/** The least possible (requests a perfect client needs, time the rate limit forces). */
	floor?: number;
	/** A correctness condition of the row (e.g. "emitted = K", "failures = 0"); false fails `npm run bench`. */
	check?: { label: string; ok: boolean };
	note?: string;
}

export function log(message: string): void {
	process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Wall time and the CPU time of this process (which also runs the simulator), for comparisons on a busy machine. */
export async function timed<T>(
	work: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number }> {
	const cpu = process.cpuUsage();
	const started = performance.now();
	const value = await work();
	const used = process.cpuUsage(cpu);
	return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

/** API requests the simulator saw since `from` (OAuth and media requests left out). */
export function apiRequestsSince(sim: Simulator, from: number): number {
	return sim.requests
		.slice(from)
		.filter((request) => /^\/wiki\/(api\/v2|rest\/api)\//.test(request.path)).length;
}

/** A bare HTTP client: fetch with the demo user's Basic credentials, as a hand-written script would do it. */
export function bareClient(sim: Simulator): {
	get(path: string): Promise<Record<string, unknown>>;
	post(path: string, body: unknown): Promise<Record<string, unknown>>;
	requests: number;
} {
	const authorization = `Basic ${Buffer.from(`${sim.users.demo.email}:${sim.users.demo.apiToken}`).toString('base64')}`;
	const client = {
		requests: 0,
		async get(path: string) {
			client.requests++;
			const response = await fetch(`${sim.baseUrl}${path}`, {
				headers: { authorization, accept: 'application/json' },
			});
			if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
			return (await response.json()) as Record<string, unknown>;
		},
		async post(path: string, body: unknown) {
			client.requests++;
			const response = await fetch(`${sim.baseUrl}${path}`, {
				method: 'POST',
				headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
			return (await response.json()) as Record<string, unknown>;
		},
	};
	return client;
}

function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	if (Number.isInteger(value) || Math.abs(value) >= 100)
		return Math.round(value).toLocaleString('en-US');
	if (Math.abs(value) >= 10) return value.toFixed(1);
	return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

function ratio(ours: number, other: number | undefined): string {
	if (other === undefined || other === 0 || !Number.isFinite(other) || !Number.isFinite(ours))
		return '';
	return `${formatNumber(ours / other)}×`;
}

export function renderTable(results: BenchResult[]): string {
	const header = [
		'#',
		'case',
		'metric',
		'ours',
		'alternative',
		'floor',
		'ours ÷ alt',
		'ours ÷ floor',
		'check',
	];
	const rows = results.map((result) => [
		String(result.row),
		result.case,
		`${result.metric} (${result.unit})`,
		formatNumber(result.ours),
		result.alternative
			? `${result.alternative.name}: ${formatNumber(result.alternative.value)}`
			: '',
		result.floor === undefined ? '' : formatNumber(result.floor),
		ratio(result.ours, result.alternative?.value),
		ratio(result.ours, result.floor),
		result.check ? `${result.check.ok ? 'ok' : 'FAIL'}: ${result.check.label}` : '',
	]);
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column].length)),
	);
	const line = (cells: string[]) =>
		`| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [
		line(header),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...rows.map(line),
	].join('\n');
}

export function writeResults(results: BenchResult[], meta: Record<string, unknown>): void {
	mkdirSync(join(REPO_ROOT, 'bench-results'), { recursive: true });
	writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
}
