/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* The reality ledger (REALITY.md) and the variant registry (reality.ts): every row well formed and traceable to its
 * test, every variant named in the ledger registered, and the variants selectable per test. An unsourced row
 * (`none: …`) is allowed here; it only does not count as sourced in the printed totals. */
import { join } from 'node:path';

import { parseLedger, summarize, summaryLine } from './realityLedger';
import { VARIANTS, checkVariants, defaultVariants, drawVariants } from './reality';
import { seededRandom } from '../helpers/random';
import { startSimulator } from '.';

const rootDir = join(__dirname, '..', '..');

describe('REALITY.md', () => {
	const summary = summarize(rootDir);

	it('has only well-formed rows: unique kebab-case ids, a source, a variants cell, a test that mentions the id', () => {
		expect(summary.problems).toEqual([]);
	});

	it('names only registered variants (reality.ts), and every registered variant has a row', () => {
		const named = new Set(summary.rows.flatMap((row) => row.variants));
		const unknown = [...named].filter((name) => !(name in VARIANTS));
		expect(unknown).toEqual([]);
		expect(Object.keys(VARIANTS).filter((name) => !named.has(name))).toEqual([]);
	});

	it('counts behaviours, sourced and tested rows for the line printed after npm test', () => {
		expect(summaryLine(summary)).toMatch(/^reality: \d+ behaviours, \d+ sourced, \d+ tested$/);
		expect(summary.sourced).toBeLessThanOrEqual(summary.behaviours);
	});

	it('fails a malformed row but accepts an unsourced one', () => {
		const header = '## S\n\n| id | behaviour | source | variants | test |\n|---|---|---|---|---|\n';
		const unsourced = parseLedger(`${header}| a-b | it does | none: nobody says | - | - |\n`);
		expect(unsourced.problems).toEqual([]);
		expect(unsourced.rows[0]).toMatchObject({ id: 'a-b', sourced: false });
		expect(
			parseLedger(`${header}| Bad Id | it does | https://x.test | - | - |\n`).problems,
		).toHaveLength(1);
		expect(parseLedger(`${header}| a | it does | just a guess | - | - |\n`).problems).toHaveLength(
			1,
		);
		expect(parseLedger(`${header}| a | it does | https://x.test | - |\n`).problems).toHaveLength(1);
		expect(
			parseLedger(`${header}| a | x | owner/repo#1 | - | - |\n| a | y | CHANGE-3007 | - | - |\n`)
				.problems,
		).toHaveLength(1);
	});
});

describe('simulator variants', () => {
	it('draws every variant from a seed, repeatably, within the registered values', () => {
		const first = drawVariants(seededRandom(7));
		expect(drawVariants(seededRandom(7))).toEqual(first);
		for (const [name, value] of Object.entries(first)) {
			expect(VARIANTS[name as keyof typeof VARIANTS].values).toContain(value);
		}
		expect(Object.keys(defaultVariants()).sort()).toEqual(Object.keys(VARIANTS).sort());
	});

	it('refuses unknown names and values', () => {
		expect(() => checkVariants({ nope: 1 } as never)).toThrow(/Unknown simulator variant/);
		expect(() => checkVariants({ limitOverflow: 'maybe' } as never)).toThrow(/no value/);
	});

	it('selects variants at start and per test; reset() goes back to the start choice', async () => {
		const sim = await startSimulator({ variants: { limitOverflow: 'clamp' } });
		try {
			expect(sim.variants.limitOverflow).toBe('clamp');
			sim.setVariants({ limitOverflow: 'reject', oversizeStatus: 413 });
			expect(sim.variants).toMatchObject({ limitOverflow: 'reject', oversizeStatus: 413 });
			sim.reset();
			expect(sim.variants).toMatchObject({ limitOverflow: 'clamp', oversizeStatus: 404 });
		} finally {
			await sim.close();
		}
	});
});
