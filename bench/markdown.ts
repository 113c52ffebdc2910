/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* Row 7: Markdown to storage and back for a 1 MB document, and what the node costs per item on top of the HTTP calls
 * a bare client makes for the same 10,000 small items. */
import { Session } from 'inspector';

import {
	adfToMarkdown,
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
} from '../nodes/Confluence/format';
import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runNode } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { bareClient, log, median, timed, type BenchResult } from './lib';

/** About 1.3 KB of everyday Markdown: headings, emphasis, lists, a task list, a table, code, a quote, links. */
function section(index: number): string {
	return [
		`## Section ${index}: release notes`,
		'',
		`This release changes **${index} things**; see [the plan](https://example.com/plan/${index}) and \`config.yaml\`.`,
		'Some *emphasis*, some ~~strike~~, and a long sentence that wraps the way real documentation tends to do.',
		'',
		`- first point for ${index}`,
		'- second point',
		'  - nested detail',
		'- [ ] an open task',
		'- [x] a finished task',
		'',
		'| Component | Owner | Status |',
		'|:---|:---:|---:|',
		`| api | team-${index % 7} | done |`,
		'| ui | design | review |',
		'',
		'```ts',
		`export const answer${index} = ${index} * 42;`,
		'```',
		'',
		`> **Note** ${index}: quotes stay quotes.`,
		'',
	].join('\n');
}

export function markdownDocument(bytes: number): string {
	const parts: string[] = ['# Handbook', ''];
	let size = 0;
	for (let index = 0; size < bytes; index++) {
		const text = section(index);
		parts.push(text);
		size += Buffer.byteLength(text) + 1;
	}
	return parts.join('\n');
}

interface ProfileNode {
	id: number;
	callFrame: { url: string };
}

/**
 * Runs `work` under V8's sampling profiler and splits its CPU time by where the code lives: this package's node code,
 * n8n (workflow, core, expressions), the HTTP stack, and the rest (the simulator, Node internals, garbage collection).
 */
async function profileShares(work: () => Promise<unknown>): Promise<Record<string, number>> {
	const session = new Session();
	session.connect();
	const post = async (method: string): Promise<Record<string, unknown>> =>
		await new Promise((done, fail) =>
			session.post(method, (error, result) =>
				error ? fail(error) : done(result as Record<string, unknown>),
			),
		);
	await post('Profiler.enable');
	await post('Profiler.start');
	await work();
	const { profile } = (await post('Profiler.stop')) as {
		profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
	};
	session.disconnect();
	const urls = new Map(profile.nodes.map((node) => [node.id, node.callFrame.url]));
	const shares: Record<string, number> = { node: 0, n8n: 0, http: 0, other: 0 };
	profile.samples.forEach((id, index) => {
		const url = urls.get(id) ?? '';
		const microseconds = profile.timeDeltas[index] ?? 0;
		const bucket = /\/nodes\/Confluence\//.test(url)
			? 'node'
			: /node_modules\/(n8n-workflow|n8n-core|@n8n|luxon|lodash)\//.test(url)
				? 'n8n'
				: /node_modules\/(axios|follow-redirects|form-data|proxy-from-env)\//.test(url)
					? 'http'
					: 'other';
		shares[bucket] += microseconds / 1000;
	});
	return shares;
}

export async function markdownRows(sim: Simulator, items: number): Promise<BenchResult[]> {
	fastRetries();
	const document = markdownDocument(1024 * 1024);
	const toStorage: number[] = [];
	const toMarkdown: number[] = [];
	let storage = '';
	let back = '';
	for (let round = 0; round < 3; round++) {
		const forward = await timed(async () => markdownToStorage(document));
		storage = forward.value;
		toStorage.push(forward.ms);
		const backward = await timed(async () => storageToMarkdown(storage));
		back = backward.value;
		toMarkdown.push(backward.ms);
	}
	// A second round trip must not change anything: the conversion settles.
	const settled = storageToMarkdown(markdownToStorage(back)) === back;
	log(
		`row 7: 1 MB Markdown → storage ${Math.round(median(toStorage))} ms, back ${Math.round(median(toMarkdown))} ms`,
	);

	sim.reset('empty');
	sim.setContractValidation(false);
	const space = sim.store.createSpace({ key: 'ITEMS', name: 'Items' });
	const inputs = Array.from({ length: items }, (_, index) => ({
		title: `Item ${index}`,
		body: `Hello **item ${index}**, see [docs](https://example.com/${index}).`,
	}));
	const credentials = credentialsFor(sim);
	const ours = await timed(
		async () =>
			await runNode({
				parameters: {
					resource: 'page',
					operation: 'create',
					space: { __rl: true, mode: 'id', value: space.id },
					title: '={{ $json.title }}',
					body: '={{ $json.body }}',
				},
				items: inputs,
				credentials,
			}),
	);
	if (ours.value.error) throw ours.value.error;
	const created = ours.value.items.length;

	sim.reset('empty');
	const bareSpace = sim.store.createSpace({ key: 'ITEMS', name: 'Items' });
	const client = bareClient(sim);
	// The bare client gets the storage bodies ready-made: it pays only for HTTP.
	const bodies = inputs.map((input) => markdownToStorage(input.body));
	const bare = await timed(async () => {
		for (const [index, input] of inputs.entries()) {
			await client.post('/wiki/api/v2/pages', {
				spaceId: bareSpace.id,
				status: 'current',
				title: input.title,
				body: { representation: 'storage', value: bodies[index] },
			});
		}
	});
	// Where the node's time goes, on a second, profiled run of 1,000 items.
	sim.reset('empty');
	const profiledSpace = sim.store.createSpace({ key: 'ITEMS', name: 'Items' });
	const profiledItems = inputs.slice(0, 1_000);
	const shares = await profileShares(
		async () =>
			await runNode({
				parameters: {
					resource: 'page',
					operation: 'create',
					space: { __rl: true, mode: 'id', value: profiledSpace.id },
					title: '={{ $json.title }}',
					body: '={{ $json.body }}',
				},
				items: profiledItems,
				credentials: credentialsFor(sim),
			}),
	);
	const share = (bucket: string) => (shares[bucket] / profiledItems.length).toFixed(3);
	const conversion = await timed(async () => {
		for (const input of inputs) markdownToStorage(input.body);
	});
	// CPU time, not wall time: on a busy machine the difference of two wall times is mostly noise.
	const perItem = (ours.cpuMs - bare.cpuMs) / items;
	log(
		`row 7: ${items} items: node ${Math.round(ours.ms)} ms (CPU ${Math.round(ours.cpuMs)} ms), bare client ${Math.round(bare.ms)} ms (CPU ${Math.round(bare.cpuMs)} ms) → ${perItem.toFixed(2)} ms CPU per item`,
	);
	const megabyte = Buffer.byteLength(document) / (1024 * 1024);
	return [
		{
			row: 7,
			case: `Markdown → storage, ${megabyte.toFixed(2)} MB document`,
			metric: 'time',
			unit: 'ms',
			ours: median(toStorage),
			check: {
				label: 'well-formed, settles after one round trip',
				ok: settled && storage.length > 0,
			},
			note: `${(megabyte / (median(toStorage) / 1000)).toFixed(2)} MB/s; median of 3`,
		},
		{
			row: 7,
			case: `storage → Markdown, same document (${(storage.length / 1024 / 1024).toFixed(2)} MB of storage)`,
			metric: 'time',
			unit: 'ms',
			ours: median(toMarkdown),
			note: 'median of 3',
		},
		{
			row: 7,
			case: `${items.toLocaleString('en-US')} small items, Page → Create with a Markdown body`,
			metric: 'wall time',
			unit: 'ms',
			ours: ours.ms,
			alternative: { name: 'bare fetch, storage ready-made', value: bare.ms },
			check: { label: `${items} pages created`, ok: created === items },
			note: `CPU time: node ${Math.round(ours.cpuMs)} ms, bare client ${Math.round(bare.cpuMs)} ms (this process runs the simulator too)`,
		},
		{
			row: 7,
			case: `${items.toLocaleString('en-US')} small items: node overhead per item`,
			metric: 'CPU time per item',
			unit: 'ms',
			ours: perItem,
			note: `node CPU time minus the bare client's, divided by the items. Profiled per item: this package's code ${share('node')} ms (Markdown conversion ${(conversion.ms / items).toFixed(3)} ms of it), n8n's parameters and expressions ${share('n8n')} ms, n8n's HTTP client ${share('http')} ms`,
		},
		{
			row: 7,
			case: `${items.toLocaleString('en-US')} small items: this package's own code per item`,
			metric: 'CPU time per item',
			unit: 'ms',
			ours: shares.node / profiledItems.length,
			note: "sampled with V8's profiler on 1,000 of the items: router, checks, operation, Markdown conversion, transport",
		},
	];
}

/** `count` claims each citing a footnote, then the notes (markdown-it-footnote's syntax). */
export function footnoteDocument(count: number): string {
	const claims = Array.from(
		{ length: count },
		(_, index) => `Claim ${index} needs a source.[^${index}]`,
	);
	const notes = Array.from(
		{ length: count },
		(_, index) => `[^${index}]: Source ${index}, page ${index * 3}.`,
	);
	return `${claims.join(' ')}\n\n${notes.join('\n')}\n`;
}

/** A GitHub pipe table of `rows` rows and `columns` columns. */
export function tableDocument(rows: number, columns: number): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	const header = line(Array.from({ length: columns }, (_, column) => `Column ${column}`));
	const body = Array.from({ length: rows }, (_, row) =>
		line(Array.from({ length: columns }, (_, column) => `r${row} c${column}`)),
	);
	return [header, `|${'---|'.repeat(columns)}`, ...body].join('\n');
}

const kilobytesPerSecond = (bytes: number, ms: number) =>
	`${Math.round(bytes / 1024 / (ms / 1000))} KB/s`;

/**
 * Row 8 (issue 14): inputs that took quadratic time (14 s for 2,000 footnotes, 71 s for 4,000; 10–18 s each
 * way for a 2,000 × 50 table). Each direction at full size and at a tenth of it: linear time shows as a ratio near 10.
 */
export async function markdownScaleRows(): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const cases: Array<{
		name: string;
		build: (scale: number) => string;
		count: (storage: string) => number;
		expected: number;
	}> = [
		{
			name: '10,000 footnotes',
			build: (scale) => footnoteDocument(10_000 / scale),
			count: (storage) => (storage.match(/>fn-\d+</g) ?? []).length,
			expected: 10_000,
		},
		{
			name: '10,000-row table (10 columns)',
			build: (scale) => tableDocument(10_000 / scale, 10),
			count: (storage) => (storage.match(/<tr>/g) ?? []).length - 1,
			expected: 10_000,
		},
	];
	for (const entry of cases) {
		const markdown = entry.build(1);
		const small = entry.build(10);
		const bytes = Buffer.byteLength(markdown);
		const directions: Array<{
			label: string;
			run: (input: unknown) => unknown;
			input: (md: string) => unknown;
		}> = [
			{
				label: 'Markdown → storage',
				run: (md) => markdownToStorage(String(md)),
				input: (md) => md,
			},
			{
				label: 'storage → Markdown',
				run: (st) => storageToMarkdown(String(st)),
				input: (md) => markdownToStorage(md),
			},
			{ label: 'Markdown → ADF', run: (md) => markdownToAdf(String(md)), input: (md) => md },
			{
				label: 'ADF → Markdown',
				run: (adf) => adfToMarkdown(adf as object),
				input: (md) => markdownToAdf(md),
			},
		];
		const storage = markdownToStorage(markdown);
		for (const direction of directions) {
			const full = direction.input(markdown);
			const tenth = direction.input(small);
			const fullTime = await timed(async () => direction.run(full));
			const tenthTime = await timed(async () => direction.run(tenth));
			const ratio = fullTime.ms / Math.max(tenthTime.ms, 1);
			log(
				`row 9: ${entry.name}, ${direction.label}: ${Math.round(fullTime.ms)} ms (a tenth: ${Math.round(tenthTime.ms)} ms)`,
			);
			results.push({
				row: 9,
				case: `${entry.name} (${(bytes / 1024).toFixed(0)} KB of Markdown), ${direction.label}`,
				metric: 'time',
				unit: 'ms',
				ours: fullTime.ms,
				check: {
					label: `all ${entry.expected.toLocaleString('en-US')} kept`,
					ok: entry.count(storage) === entry.expected,
				},
				note: `${kilobytesPerSecond(bytes, fullTime.ms)} of Markdown; a tenth of the input took ${Math.round(tenthTime.ms)} ms (ratio ${ratio.toFixed(1)}, 10 is linear)`,
			});
		}
	}
	return results;
}
