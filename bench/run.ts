/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* `npm run bench`: every row of issue 7's benchmark side by side on one simulator, printed as a table and written to
 * bench-results/bench.json. Not part of the tests.
 *
 *   npm run bench                      all rows (about 25 minutes; rows 4-6 and 12 build the package and start real n8n)
 *   npm run bench -- --rows 1,2,3,7,8  only these rows (the in-process ones take about a minute)
 *   npm run bench -- --rows 9          the Markdown converter on 10,000 footnotes and a 10,000-row table
 *   npm run bench -- --rows 10         Publish Markdown Files on a 200-file folder: first run and no-change rerun
 *   npm run bench -- --rows 11         characters per page an AI agent reads from each read operation, beside the raw JSON
 *   npm run bench -- --rows 12         queue mode (PostgreSQL, Redis, a main, 1/2/4 workers): 1,000 page creations, then
 *                                      under a 10 requests/s site-wide limit (about 15 minutes on a loaded two-core machine)
 *   npm run bench -- --skip-build      rows 4-6 and 12 use dist/ as it is
 */
import { startSimulator } from '../test/simulator';
import { listing } from './listing';
import { log, renderTable, RESULTS_FILE, writeResults, type BenchResult } from './lib';
import { markdownRows, markdownScaleRows } from './markdown';
import { publishFolderRows } from './publishFolder';
import { prepare, realN8nRows } from './n8nRows';
import { queueRows } from './queue';
import { quotaRows } from './rateLimit';
import { toolOutputRows } from './toolOutput';
import { triggerCatchUp, triggerIdle } from './trigger';

interface Options {
	rows: Set<number>;
	skipBuild: boolean;
}

function parseOptions(argv: string[]): Options {
	const options: Options = {
		rows: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
		skipBuild: false,
	};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--skip-build') options.skipBuild = true;
		else if (argument === '--rows' || argument.startsWith('--rows=')) {
			const value = argument.includes('=') ? argument.split('=')[1] : argv[++index];
			options.rows = new Set(value.split(',').map((row) => Number(row.trim())));
		} else throw new Error(`unknown argument ${argument} (use --rows 1,2,3 and --skip-build)`);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const started = Date.now();
	const results: BenchResult[] = [];
	const sim = await startSimulator({ seed: 'empty', contract: false });
	try {
		if (options.rows.has(1)) results.push(...(await triggerIdle(sim)));
		if (options.rows.has(2)) results.push(...(await triggerCatchUp(sim, [10, 1_000, 10_000])));
		if (options.rows.has(3)) results.push(...(await listing(sim, 10_000)));
		if (options.rows.has(7)) results.push(...(await markdownRows(sim, 10_000)));
		if (options.rows.has(8)) results.push(...(await quotaRows(sim, 100, 20)));
		if (options.rows.has(9)) results.push(...(await markdownScaleRows()));
		if (options.rows.has(10)) results.push(...(await publishFolderRows(sim)));
		if (options.rows.has(11)) results.push(...(await toolOutputRows(sim)));
		const real = [4, 5, 6].filter((row) => options.rows.has(row));
		// Rows 4-6 and 12 run the built package in real n8n: installed and built once for all of them.
		if (real.length || options.rows.has(12)) prepare(options);
		if (real.length) results.push(...(await realN8nRows(sim, new Set(real))));
		if (options.rows.has(12)) results.push(...(await queueRows(sim)));
	} finally {
		await sim.close();
	}
	results.sort((a, b) => a.row - b.row);
	const table = renderTable(results);
	const failed = results.filter((result) => result.check && !result.check.ok);
	writeResults(results, {
		generatedAt: new Date().toISOString(),
		durationSeconds: Math.round((Date.now() - started) / 1000),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		rows: [...options.rows].sort(),
		table,
	});
	process.stdout.write(`\n${table}\n\n`);
	for (const result of results.filter((entry) => entry.note)) {
		process.stdout.write(`  row ${result.row}, ${result.case}, ${result.metric}: ${result.note}\n`);
	}
	log(`written to ${RESULTS_FILE} after ${Math.round((Date.now() - started) / 1000)} s`);
	if (failed.length) {
		process.stdout.write(
			`\n${failed.length} check(s) failed: ${failed.map((result) => `row ${result.row} ${result.case}`).join('; ')}\n`,
		);
		process.exitCode = 1;
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
