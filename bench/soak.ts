/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/* `npm run soak -- --faults 20000 --seed 1`: the fault suite (test/faults/faults.test.ts) run as a soak, beside the
 * bench and not part of `npm test`. Seeded scenarios of every operation family and trigger polls, with denser faults,
 * run one after another until that many faults were injected; then the totals are printed. Every one of duplicates
 * written, events lost, events repeated, unhandled exceptions and secrets in output must be 0 (the exit code says so).
 */
import { spawn } from 'child_process';
import { join } from 'path';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
	return value;
}

const MUST_BE_ZERO = [
	'duplicates written',
	'events lost',
	'events repeated',
	'unhandled exceptions',
	'secrets in output',
];

async function main(): Promise<void> {
	const faults = option('faults', 20_000);
	const seed = option('seed', 1);
	const started = Date.now();
	const root = join(__dirname, '..');
	const jest = join(root, 'node_modules', '.bin', 'jest');
	let output = '';
	const code = await new Promise<number>((resolve) => {
		const child = spawn(jest, ['test/faults/faults.test.ts', '--runInBand', '--silent=false'], {
			cwd: root,
			env: { ...process.env, FAULT_SOAK_FAULTS: String(faults), FAULT_SOAK_SEED: String(seed) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const keep = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			output += text;
			if (/^soak: /m.test(text))
				process.stderr.write(
					text
						.split('\n')
						.filter((line) => line.startsWith('soak: '))
						.join('\n') + '\n',
				);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('close', (exit) => resolve(exit ?? 1));
	});
	const block = /fault injection totals:\n([\s\S]*?)\n\n/.exec(output)?.[1];
	if (!block) {
		process.stdout.write(output);
		throw new Error('the fault suite printed no totals');
	}
	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	process.stdout.write(`soak --faults ${faults} --seed ${seed} (${minutes} min)\n${block}\n`);
	const nonZero = MUST_BE_ZERO.filter((name) => !new RegExp(`^${name}: 0$`, 'm').test(block));
	if (nonZero.length || code !== 0) {
		process.stdout.write(
			output
				.split('\n')
				.filter((line) => /seed \d+/.test(line))
				.slice(0, 40)
				.join('\n'),
		);
		process.stdout.write(`\nsoak failed: ${nonZero.join(', ') || `jest exited with ${code}`}\n`);
		process.exitCode = 1;
	}
}

void main();
