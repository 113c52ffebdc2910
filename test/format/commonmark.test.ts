/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import * as fs from 'fs';
import * as path from 'path';
import { HtmlRenderer, Parser } from 'commonmark';

import {
	adfToMarkdown,
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
} from '../../nodes/Confluence/format';
import { printLine, xmlProblems } from './helpers';

// commonmark-spec has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('commonmark-spec') as {
	tests: { markdown: string; html: string; section: string; number: number }[];
};

const parser = new Parser();
const renderer = new HtmlRenderer();

function render(markdown: string): string {
	return renderer.render(parser.parse(markdown));
}

/** White-space normalisation: runs collapse to one space, space next to tags goes. */
function normalize(html: string): string {
	return html
		.replace(/\s+/g, ' ')
		.replace(/\s*(<|>)\s*/g, '$1')
		.trim();
}

/** The spec writes tabs as → in its examples. */
function example(markdown: string): string {
	return markdown.replace(/→/g, '\t');
}

function documentedExceptions(): number[] {
	const text = fs.readFileSync(path.join(__dirname, 'commonmark-exceptions.md'), 'utf8');
	const numbers: number[] = [];
	for (const match of text.matchAll(/^Examples: ([\d,\s]+)$/gm)) {
		for (const number of match[1].split(/[,\s]+/).filter(Boolean)) numbers.push(Number(number));
	}
	return numbers.sort((a, b) => a - b);
}

/** The ADF round trip figure when it was first printed (issue 14); it may only go up. */
const ADF_ROUND_TRIP_FLOOR = 499;

describe('CommonMark spec examples', () => {
	const results = spec.tests.map((test) => {
		const markdown = example(test.markdown);
		const storage = markdownToStorage(markdown);
		const back = storageToMarkdown(storage);
		const rendered = normalize(render(markdown));
		return {
			number: test.number,
			problems: xmlProblems(storage),
			same: rendered === normalize(render(back)),
			sameThroughAdf: rendered === normalize(render(adfToMarkdown(markdownToAdf(markdown)))),
			again: markdownToStorage(back),
			storage,
		};
	});

	afterAll(() => {
		const passed = results.filter((result) => result.same).length;
		const passedThroughAdf = results.filter((result) => result.sameThroughAdf).length;
		printLine(
			`commonmark round trip: ${passed}/${spec.tests.length} (storage), ${passedThroughAdf}/${spec.tests.length} (ADF)`,
		);
	});

	it('has the 652 examples of CommonMark 0.31.2', () => {
		expect(spec.tests).toHaveLength(652);
	});

	it('converts every example to well-formed XML', () => {
		const malformed = results.filter((result) => result.problems.length > 0);
		expect(
			malformed.map((result) => ({ number: result.number, problems: result.problems })),
		).toEqual([]);
	});

	it('round-trips every example except the documented exceptions', () => {
		const failing = results.filter((result) => !result.same).map((result) => result.number);
		expect(failing).toEqual(documentedExceptions());
	});

	it('round-trips through ADF at least as many examples as when this figure was first printed', () => {
		// Markdown → ADF → Markdown loses what ADF cannot hold from Markdown (see the README's ADF section).
		expect(results.filter((result) => result.sameThroughAdf).length).toBeGreaterThanOrEqual(
			ADF_ROUND_TRIP_FLOOR,
		);
	});

	it('is stable: the round-tripped Markdown converts to the same storage again', () => {
		const exceptions = new Set(documentedExceptions());
		const unstable = results
			.filter((result) => !exceptions.has(result.number) && result.again !== result.storage)
			.map((result) => result.number);
		expect(unstable).toEqual([]);
	});
});
