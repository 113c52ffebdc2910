import {
	adfToMarkdown,
	adfToText,
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
	storageToText,
} from '../../nodes/Confluence/format';
import { xmlProblems } from './helpers';

/**
 * Issue 13 point 7: content nested about 800 levels deep crashed conversion with "Maximum call stack size
 * exceeded". Past a depth bound the content is flattened and its text kept, in every direction.
 */

const WORD = 'innermostword';

function nest(open: string, close: string, depth: number, inner = WORD): string {
	return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

interface AdfNode {
	type: string;
	text?: string;
	content?: AdfNode[];
}

function adfNest(depth: number, wrap: (inner: AdfNode) => AdfNode): object {
	let node: AdfNode = { type: 'paragraph', content: [{ type: 'text', text: WORD }] };
	for (let level = 0; level < depth; level++) node = wrap(node);
	return { type: 'doc', version: 1, content: [node] };
}

/** Depth of an ADF document, measured without recursion. */
function adfDepth(document: object): number {
	let deepest = 0;
	const pending: Array<[AdfNode, number]> = [[document as AdfNode, 0]];
	while (pending.length > 0) {
		const [node, depth] = pending.pop() as [AdfNode, number];
		deepest = Math.max(deepest, depth);
		for (const child of node.content ?? []) pending.push([child, depth + 1]);
	}
	return deepest;
}

const STORAGE_CASES: Record<string, (depth: number) => string> = {
	'inline marks': (depth) => `<p>${nest('<strong><em>', '</em></strong>', depth)}</p>`,
	tables: (depth) => nest('<table><tbody><tr><td>', '</td></tr></tbody></table>', depth),
	'block quotes': (depth) => nest('<blockquote>', '</blockquote>', depth),
	lists: (depth) => nest('<ul><li>', '</li></ul>', depth),
	macros: (depth) =>
		nest(
			'<ac:structured-macro ac:name="expand"><ac:rich-text-body>',
			'</ac:rich-text-body></ac:structured-macro>',
			depth,
		),
	'links in spans': (depth) =>
		`<p>${nest('<span><a href="https://example.com">', '</a></span>', depth)}</p>`,
};

const ADF_CASES: Record<string, (depth: number) => object> = {
	tables: (depth) =>
		adfNest(depth, (inner) => ({
			type: 'table',
			content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [inner] }] }],
		})),
	'block quotes': (depth) => adfNest(depth, (inner) => ({ type: 'blockquote', content: [inner] })),
	lists: (depth) =>
		adfNest(depth, (inner) => ({
			type: 'bulletList',
			content: [{ type: 'listItem', content: [inner] }],
		})),
	panels: (depth) => adfNest(depth, (inner) => ({ type: 'panel', content: [inner] })),
};

const MARKDOWN_CASES: Record<string, (depth: number) => string> = {
	emphasis: (depth) => nest('*', '*', depth),
	'strong emphasis': (depth) => nest('**', '**', depth),
	'raw HTML marks': (depth) => nest('<strong>', '</strong>', depth),
	'block quotes': (depth) => `${'>'.repeat(depth)} ${WORD}`,
	links: (depth) => nest('[', '](https://example.com)', depth),
	'HTML tables': (depth) => nest('<table><tr><td>', '</td></tr></table>', depth),
};

describe.each([800, 100_000])('content nested %d levels deep', (depth) => {
	it.each(Object.entries(STORAGE_CASES))(
		'storage format (%s) converts to Markdown and text, keeping the innermost word',
		(_name, build) => {
			const storage = build(depth);
			const markdown = storageToMarkdown(storage);
			expect(markdown).toContain(WORD);
			expect(storageToText(storage)).toContain(WORD);
			// The Markdown written reads back without a crash, to storage that is still well-formed.
			const back = markdownToStorage(markdown);
			expect(back).toContain(WORD);
			expect(xmlProblems(back)).toEqual([]);
		},
	);

	it.each(Object.entries(ADF_CASES))(
		'ADF (%s) converts to Markdown and text, keeping the innermost word, leaving the input as it was',
		(_name, build) => {
			const adf = build(depth);
			expect(adfToMarkdown(adf)).toContain(WORD);
			expect(adfToText(adf)).toContain(WORD);
			expect(adfDepth(adf)).toBe(adfDepth(build(depth)));
		},
	);

	it('ADF as the API sends it, a JSON string, converts to Markdown', () => {
		const paragraph = `{"type":"paragraph","content":[{"type":"text","text":"${WORD}"}]}`;
		const json = `{"type":"doc","version":1,"content":[${nest('{"type":"blockquote","content":[', ']}', depth, paragraph)}]}`;
		expect(adfToMarkdown(json)).toContain(WORD);
	});

	it.each(Object.entries(MARKDOWN_CASES))(
		'Markdown (%s) converts to storage and ADF, keeping the innermost word',
		(_name, build) => {
			const markdown = build(depth);
			const storage = markdownToStorage(markdown);
			expect(storage).toContain(WORD);
			expect(xmlProblems(storage)).toEqual([]);
			expect(JSON.stringify(markdownToAdf(markdown))).toContain(WORD);
			expect(storageToMarkdown(storage)).toContain(WORD);
		},
	);
});

describe('content within the depth bound', () => {
	it('keeps its structure', () => {
		const storage = nest('<blockquote>', '</blockquote>', 20);
		expect(storageToMarkdown(storage)).toBe(`${'> '.repeat(20).trimEnd()} ${WORD}\n`);
		expect(markdownToStorage(`${'>'.repeat(20)} ${WORD}`)).toBe(
			storage.replace(WORD, `<p>${WORD}</p>`),
		);
	});
});
