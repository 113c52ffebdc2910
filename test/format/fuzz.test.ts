import AjvDraft04 from 'ajv-draft-04';

import {
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
	storageToText,
} from '../../nodes/Confluence/format';
import { seededRandom } from '../helpers/random';
import { printLine, xmlProblems } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@atlaskit/adf-schema/json-schema/v1/full.json') as object;
const validateAdf = new AjvDraft04({ strict: false }).compile(schema);

/**
 * Random Markdown built from the pieces that make converters trip: delimiters, brackets, entities, raw
 * HTML (balanced or not), CDATA ends, control characters, and every block and Confluence construct.
 */
const INLINE_PIECES = [
	'word',
	'snake_case',
	' ',
	'  ',
	'*',
	'**',
	'_',
	'__',
	'~~',
	'~',
	'`',
	'``',
	'[',
	']',
	'(',
	')',
	'![',
	'](x)',
	'](<a b>)',
	'\\',
	'\\*',
	'&amp;',
	'&nbsp;',
	'&#0;',
	'&bogus;',
	'&',
	'<',
	'>',
	'"',
	"'",
	']]>',
	'<![CDATA[',
	'<b>',
	'</b>',
	'<em>',
	'</em>',
	'<u>',
	'</sup>',
	'<br>',
	'<a href="https://a.example">',
	'<a href="javascript:x">',
	'</a>',
	'<img src="x.png" alt="i">',
	'<script>',
	'</script>',
	'<!-- c -->',
	'<?pi ?>',
	'https://example.com/x?y=1&z=2',
	'www.example.org',
	'mail@example.com',
	'setup.sh',
	'@5b10ac8d82e05b22cc7d4ef5',
	'@[Ann](5b10ac8d82e05b22cc7d4ef5)',
	'@[Bob](username:bob smith)',
	'[DONE](status:green)',
	'[x](status:)',
	'[page](confluence-page:DEV/A Page)',
	'[p](<confluence-page:/A/B#c>)',
	'[f](attachment:a b.pdf)',
	'![i](attachment:i.png?page=P)',
	'[m](confluence-macro:jira?key=A-1)',
	'[m](confluence-macro:)',
	'[^1]',
	'[^note]',
	'#',
	'|',
	'ünïcødé',
	'日本語',
	'😀',
	'\u0000',
	'\u0001',
	'\u000b',
	'\ufffe',
	'\ud800',
	'\t',
	'\u00a0',
];

const BLOCK_PIECES = [
	() => '# ',
	() => '###### ',
	() => '- ',
	() => '* ',
	() => '1. ',
	() => '7) ',
	() => '- [ ] ',
	() => '- [x] ',
	() => '> ',
	() => '> [!NOTE] ',
	() => '> [!important]\n> ',
	() => '    ',
	() => '```js title="t"\n',
	() => '```\n',
	() => '~~~ confluence-macro toc a=b\n',
	() => '```confluence-macro html\n',
	() => '::: confluence-macro panel bgColor=#fff\n\n',
	() => ':::\n',
	() => '---\n',
	() => '***\n',
	() => '===\n',
	() => '| a | b |\n| --- | :-: |\n| ',
	() => '<details>\n<summary>S</summary>\n\n',
	() => '</details>\n',
	() => '<table>\n<tr>\n<td colspan="2">\n\n',
	() => '</td>\n</tr>\n</table>\n',
	() => '<div>\n',
	() => '[^1]: ',
	() => '[ref]: https://example.com "t"\n',
	() => '',
];

function randomMarkdown(random: () => number): string {
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const lines: string[] = [];
	const lineCount = 1 + Math.floor(random() * 12);
	for (let line = 0; line < lineCount; line++) {
		let text = '  '.repeat(Math.floor(random() * 3)) + pick(BLOCK_PIECES)();
		const pieces = Math.floor(random() * 10);
		for (let piece = 0; piece < pieces; piece++) text += pick(INLINE_PIECES);
		lines.push(text);
		if (random() < 0.3) lines.push('');
	}
	return lines.join('\n');
}

const DOCUMENTS = 2500;

describe('random Markdown', () => {
	const random = seededRandom(0x5eed);
	const documents = Array.from({ length: DOCUMENTS }, () => randomMarkdown(random));
	const failures: { markdown: string; problem: string }[] = [];

	afterAll(() => {
		printLine(
			`fuzz: ${DOCUMENTS - failures.length}/${DOCUMENTS} random documents converted cleanly`,
		);
	});

	it('never throws, always writes well-formed storage and valid ADF, and settles after one round trip', () => {
		for (const markdown of documents) {
			try {
				const storage = markdownToStorage(markdown);
				const problems = xmlProblems(storage);
				if (problems.length > 0) {
					failures.push({ markdown, problem: `malformed storage: ${problems[0]}` });
					continue;
				}
				const adf = markdownToAdf(markdown);
				if (!validateAdf(adf)) {
					failures.push({
						markdown,
						problem: `invalid ADF: ${JSON.stringify(validateAdf.errors?.[0])}`,
					});
					continue;
				}
				storageToText(storage);
				// Markdown we write must read back as what it says: once written, it stays the same.
				const once = storageToMarkdown(storage);
				const twice = storageToMarkdown(markdownToStorage(once));
				if (twice !== once)
					failures.push({ markdown, problem: `unstable:\n${once}\n---\n${twice}` });
			} catch (error) {
				failures.push({ markdown, problem: `threw: ${(error as Error).stack}` });
			}
		}
		expect(failures.slice(0, 5)).toEqual([]);
	}, 300000);
});
