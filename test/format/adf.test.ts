/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import * as fs from 'fs';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject } from 'ajv-draft-04';

import {
	adfToMarkdown,
	adfToText,
	markdownToAdf,
	storageToMarkdown,
} from '../../nodes/Confluence/format';
import { corpusFiles } from './helpers';

// Atlassian's published ADF JSON schema (draft-04).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@atlaskit/adf-schema/json-schema/v1/full.json') as object;

const ajv = new AjvDraft04({ allErrors: false, strict: false });
const validate = ajv.compile(schema);

/** Schema errors of the ADF the package writes for `markdown` (an empty list when it validates). */
function adfErrors(markdown: string): (ErrorObject | string)[] {
	const document = markdownToAdf(markdown);
	if (validate(document)) return [];
	return [...(validate.errors ?? []).slice(0, 3), JSON.stringify(document).slice(0, 400)];
}

// commonmark-spec has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('commonmark-spec') as { tests: { markdown: string; number: number }[] };

const KITCHEN_SINK = [
	'# Title',
	'Text with *em*, **strong**, ~~strike~~, <u>under</u>, x<sup>2</sup>, H<sub>2</sub>O, `code`, [a link](https://example.com "t") and a hard\\',
	'break.',
	'- [ ] todo with @[Jane](5b10ac8d82e05b22cc7d4ef5)',
	'- [x] done [DONE](status:green)',
	'  - [ ] nested task',
	'  - plain nested item',
	'1. one',
	'   ```js',
	'   code in a list',
	'   ```',
	'2. two',
	'   > quote in a list',
	'   > # heading in a quote',
	'| a | b |',
	'| :-: | --: |',
	'| `x` | ![img](https://example.com/i.png) |',
	'> [!NOTE] Titled',
	'> body',
	'>',
	'> | table | in panel |',
	'> | --- | --- |',
	'> | 1 | 2 |',
	'> [!TIP]',
	'> tip',
	'<details>',
	'<summary>More</summary>',
	'',
	'<details>',
	'<summary>Nested</summary>',
	'',
	'inner',
	'',
	'</details>',
	'',
	'</details>',
	'```confluence-macro toc maxLevel=2',
	'```',
	'::: confluence-macro excerpt',
	'',
	'- [ ] task in a macro',
	'',
	':::',
	'::: confluence-macro panel bgColor=#E6FCFF',
	'',
	'custom panel',
	'',
	':::',
	'See [jira: X-1](confluence-macro:jira?key=X-1) and [a page](confluence-page:DEV/Home) and [file](attachment:a.pdf).',
	'![block image](https://example.com/big.png "Caption")',
	'![attachment image](arch.png)',
	'Footnote[^1].',
	'[^1]: The note, with `code`.',
	'***',
	'<table><tr><td colspan="2">',
	'',
	'- list in a cell',
	'',
	'</td></tr></table>',
].join('\n\n');

describe('Markdown to ADF', () => {
	it('writes ADF that validates against Atlassian’s schema', () => {
		expect(adfErrors(KITCHEN_SINK)).toEqual([]);
		expect(adfErrors('')).toEqual([]);
		expect(markdownToAdf('')).toEqual({ type: 'doc', version: 1, content: [] });
	});

	it('validates for every CommonMark spec example', () => {
		const invalid = spec.tests
			.map((test) => ({
				number: test.number,
				errors: adfErrors(test.markdown.replace(/→/g, '\t')),
			}))
			.filter((result) => result.errors.length > 0);
		expect(invalid).toEqual([]);
	});

	it('validates for the Markdown of every real page', () => {
		const invalid: { file: string; errors: unknown[] }[] = [];
		for (const file of corpusFiles('storage')) {
			const errors = adfErrors(storageToMarkdown(fs.readFileSync(file, 'utf8')));
			if (errors.length > 0) invalid.push({ file, errors });
		}
		for (const file of corpusFiles('adf')) {
			const errors = adfErrors(adfToMarkdown(fs.readFileSync(file, 'utf8')));
			if (errors.length > 0) invalid.push({ file, errors });
		}
		expect(invalid).toEqual([]);
	});

	it('maps the Markdown constructs to their ADF nodes', () => {
		const document = markdownToAdf(
			'## Head\n\n- [x] done\n\n> [!CAUTION]\n> careful\n\n```ts\nlet a;\n```\n\n@[Jane](5b10ac8d82e05b22cc7d4ef5) [OK](status:yellow) **b**`c`',
		) as { content: { type: string; attrs?: Record<string, unknown>; content?: unknown[] }[] };
		expect(document.content.map((node) => node.type)).toEqual([
			'heading',
			'taskList',
			'panel',
			'codeBlock',
			'paragraph',
		]);
		expect(document.content[0].attrs).toEqual({ level: 2 });
		expect(document.content[1].content).toEqual([
			{
				type: 'taskItem',
				attrs: { localId: expect.any(String), state: 'DONE' },
				content: [{ type: 'text', text: 'done' }],
			},
		]);
		expect(document.content[2].attrs).toEqual({ panelType: 'error' });
		expect(document.content[3]).toEqual({
			type: 'codeBlock',
			attrs: { language: 'typescript' },
			content: [{ type: 'text', text: 'let a;' }],
		});
		expect(document.content[4].content).toEqual([
			{ type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Jane' } },
			{ type: 'text', text: ' ' },
			{ type: 'status', attrs: { text: 'OK', color: 'yellow', localId: expect.any(String) } },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'b', marks: [{ type: 'strong' }] },
			{ type: 'text', text: 'c', marks: [{ type: 'code' }] },
		]);
	});

	it('round-trips through ADF back to the same Markdown for what ADF can hold', () => {
		const markdown = [
			'# Title',
			'Some **bold** and *em* and `code` with [a link](https://example.com).',
			'- a\n- b\n  1. c',
			'* [ ] todo\n* [x] done',
			'> [!WARNING]\n> mind the gap',
			'| h1 | h2 |\n| --- | --- |\n| c1 | c2 |',
			'```python\nprint(1)\n```',
			'<details>\n<summary>More</summary>\n\nhidden\n\n</details>',
			'```confluence-macro toc maxLevel=2\n```',
			`@[Jane](5b10ac8d82e05b22cc7d4ef5) [DONE](status:green)`,
			'![alt](https://example.com/x.png "caption")',
		].join('\n\n');
		expect(adfToMarkdown(markdownToAdf(markdown))).toBe(`${markdown}\n`);
	});
});

describe('ADF to Markdown', () => {
	const doc = (...content: object[]) => ({ type: 'doc', version: 1, content });
	const text = (value: string, marks?: object[]) =>
		marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
	const paragraph = (...content: object[]) => ({ type: 'paragraph', content });

	it('reads marks, merging neighbouring text under shared marks', () => {
		const link = { type: 'link', attrs: { href: 'https://example.com' } };
		expect(
			adfToMarkdown(
				doc(
					paragraph(
						text('bold ', [{ type: 'strong' }, link]),
						text('and em', [link, { type: 'strong' }, { type: 'em' }]),
						text(' x'),
						text('2', [{ type: 'subsup', attrs: { type: 'sup' } }]),
					),
				),
			),
		).toBe('[__bold *and em*__](https://example.com) x<sup>2</sup>\n');
	});

	it('reads panels, mentions, statuses, dates, emoji and cards', () => {
		expect(
			adfToMarkdown(
				doc(
					{ type: 'panel', attrs: { panelType: 'success' }, content: [paragraph(text('ok'))] },
					{ type: 'panel', attrs: { panelType: 'note' }, content: [paragraph(text('purple'))] },
					paragraph(
						{ type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Jane' } },
						text(' '),
						{ type: 'status', attrs: { text: 'WIP', color: 'neutral' } },
						text(' '),
						{ type: 'date', attrs: { timestamp: '1704067200000' } },
						text(' '),
						{ type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
						text('see'),
						{ type: 'inlineCard', attrs: { url: 'https://example.com/x' } },
					),
				),
				{ userNames: {} },
			),
		).toBe(
			'> [!TIP]\n> ok\n\n> [!IMPORTANT]\n> purple\n\n@[Jane](5b10ac8d82e05b22cc7d4ef5) [WIP](status:grey) [2024-01-01](date:2024-01-01) [😄](emoji:smile)see [https\\://example.com/x](confluence-adf:inlineCard?url=https://example.com/x)\n',
		);
	});

	it('uses the resolver map for mention names', () => {
		expect(
			adfToMarkdown(doc(paragraph({ type: 'mention', attrs: { id: 'abc', text: '@Old' } })), {
				userNames: { abc: 'New' },
			}),
		).toBe('@[New](abc)\n');
	});

	it('reads task lists, decision lists, expands, layouts and extensions', () => {
		expect(
			adfToMarkdown(
				doc(
					{
						type: 'taskList',
						attrs: { localId: 'a' },
						content: [
							{ type: 'taskItem', attrs: { localId: 'b', state: 'DONE' }, content: [text('done')] },
							{
								type: 'taskList',
								attrs: { localId: 'c' },
								content: [
									{
										type: 'taskItem',
										attrs: { localId: 'd', state: 'TODO' },
										content: [text('sub')],
									},
								],
							},
						],
					},
					{
						type: 'decisionList',
						attrs: { localId: 'e' },
						content: [
							{
								type: 'decisionItem',
								attrs: { localId: 'f', state: 'DECIDED' },
								content: [text('we ship')],
							},
						],
					},
					{ type: 'expand', attrs: { title: 'More' }, content: [paragraph(text('hidden'))] },
					{
						type: 'layoutSection',
						content: [
							{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('left'))] },
							{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('right'))] },
						],
					},
					{
						type: 'extension',
						attrs: {
							extensionType: 'com.atlassian.confluence.macro.core',
							extensionKey: 'toc',
							parameters: { macroParams: { maxLevel: { value: '2' } } },
						},
					},
					{
						type: 'bodiedExtension',
						attrs: {
							extensionType: 'com.atlassian.confluence.macro.core',
							extensionKey: 'details',
							parameters: {},
						},
						content: [paragraph(text('inside'))],
					},
				),
			),
		).toBe(
			'- [x] done\n  - [ ] sub\n\n::: confluence-adf decisionList\n\n- we ship\n\n:::\n\n<details>\n<summary>More</summary>\n\nhidden\n\n</details>\n\n' +
				':::: confluence-adf layoutSection\n\n::: confluence-adf layoutColumn width=50\n\nleft\n\n:::\n\n::: confluence-adf layoutColumn width=50\n\nright\n\n:::\n\n::::\n\n' +
				'```confluence-macro toc maxLevel=2\n```\n\n::: confluence-macro details\n\ninside\n\n:::\n',
		);
	});

	it('accepts a JSON string and an object, and gives plain text', () => {
		const document = doc(
			{ type: 'heading', attrs: { level: 1 }, content: [text('Hi')] },
			paragraph(text('there', [{ type: 'strong' }])),
		);
		expect(adfToMarkdown(JSON.stringify(document))).toBe('# Hi\n\n**there**\n');
		expect(adfToText(document)).toBe('Hi\n\nthere');
		expect(() => adfToMarkdown('not json')).toThrow();
	});
});

/** A document of one paragraph holding `content`. */
const oneParagraph = (...content: object[]) => ({
	type: 'doc',
	version: 1,
	content: [{ type: 'paragraph', content }],
});

describe('ADF dates and emoji (issue 14 points 3 and 4)', () => {
	const date = { type: 'date', attrs: { timestamp: '1674000000000' } };

	it('reads a date node as a date, apart from the word before it, and writes it back as a date node', () => {
		const doc = oneParagraph({ type: 'text', text: 'due' }, date, { type: 'text', text: '.' });
		const markdown = adfToMarkdown(doc);
		expect(markdown).toBe('due [2023-01-18](date:2023-01-18).\n');
		expect(adfToText(doc)).toBe('due 2023-01-18.');
		expect(markdownToAdf(markdown)).toEqual(
			oneParagraph({ type: 'text', text: 'due ' }, date, { type: 'text', text: '.' }),
		);
		expect(adfErrors(markdown)).toEqual([]);
	});

	it('keeps emoji as emoji nodes through ADF → Markdown → ADF', () => {
		const emoji = {
			type: 'emoji',
			attrs: { shortName: ':check_mark:', text: ':check_mark:', id: 'atlassian-check_mark' },
		};
		const doc = oneParagraph(emoji, { type: 'text', text: ' done' });
		const markdown = adfToMarkdown(doc);
		expect(markdown).toBe('[:check_mark:](emoji:check_mark?id=atlassian-check_mark) done\n');
		expect(markdownToAdf(markdown)).toEqual(doc);
		expect(adfErrors(markdown)).toEqual([]);
	});
});
