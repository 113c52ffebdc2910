/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	adfToStorage,
	parseAdf,
	storageToAdf,
	storageToText,
	storageToView,
	wikiToStorage,
	type AdfNode,
} from './convert';

const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'storage');

function types(node: AdfNode): string[] {
	return [node.type, ...(node.content ?? []).flatMap(types)];
}

describe('simulator body conversion', () => {
	test('storage → ADF keeps structure: headings, marks, lists, tables, code, panels, status, mentions, tasks', () => {
		const adf = storageToAdf(
			'<h2>Title</h2><p>Some <strong>bold</strong> and <em>italic</em> with a <a href="https://x.test">link</a>.</p>' +
				'<ul><li><p>one</p><ol><li><p>nested</p></li></ol></li></ul>' +
				'<table><tbody><tr><th><p>H</p></th></tr><tr><td><p>C</p></td></tr></tbody></table>' +
				'<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">js</ac:parameter><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body></ac:structured-macro>' +
				'<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>Careful</p></ac:rich-text-body></ac:structured-macro>' +
				'<p><ac:structured-macro ac:name="status"><ac:parameter ac:name="title">DONE</ac:parameter><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro> ' +
				'<ac:link><ri:user ri:account-id="abc" /></ac:link></p>' +
				'<ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Ship</ac:task-body></ac:task></ac:task-list>' +
				'<ac:structured-macro ac:name="toc" />',
		);
		expect(adf.content?.map((n) => n.type)).toEqual([
			'heading',
			'paragraph',
			'bulletList',
			'table',
			'codeBlock',
			'panel',
			'paragraph',
			'taskList',
			'extension',
		]);
		const all = types(adf);
		for (const type of ['orderedList', 'tableHeader', 'tableCell', 'status', 'mention', 'taskItem'])
			expect(all).toContain(type);
		const code = adf.content?.[4];
		expect(code).toEqual({
			type: 'codeBlock',
			attrs: { language: 'js' },
			content: [{ type: 'text', text: 'a < b && c' }],
		});
		const paragraph = adf.content?.[1];
		expect(paragraph?.content?.find((n) => n.text === 'bold')?.marks).toEqual([{ type: 'strong' }]);
		expect(paragraph?.content?.find((n) => n.text === 'link')?.marks).toEqual([
			{ type: 'link', attrs: { href: 'https://x.test' } },
		]);
		expect(adf.content?.[7].content?.[0].attrs).toMatchObject({ localId: '7', state: 'DONE' });
	});

	test('ADF → storage → ADF is stable for the structures the simulator converts', () => {
		const storage =
			'<h1>T</h1><p>a <strong>b</strong> <code>c</code></p><ul><li><p>x</p></li></ul><ol><li><p>y</p></li></ol>' +
			'<blockquote><p>q</p></blockquote><hr />' +
			'<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>i</p></ac:rich-text-body></ac:structured-macro>';
		const once = adfToStorage(storageToAdf(storage));
		expect(once).toBe(storage);
		expect(adfToStorage(storageToAdf(once))).toBe(once);
	});

	test('parseAdf rejects what is not an ADF doc', () => {
		expect(() => parseAdf('{"type":"paragraph"}')).toThrow();
		expect(() => parseAdf('not json')).toThrow();
		expect(parseAdf('{"type":"doc","version":1,"content":[]}').type).toBe('doc');
	});

	test('wiki markup → storage', () => {
		expect(
			wikiToStorage(
				'h1. Head\nplain *bold* _it_ {{mono}}\n\n# a\n## b\n# c\n\n||H1||H2||\n|c1|c2|\n\n{info}Note{info}\n----',
			),
		).toBe(
			'<h1>Head</h1><p>plain <strong>bold</strong> <em>it</em> <code>mono</code></p>' +
				'<ol><li><p>a</p><ol><li><p>b</p></li></ol></li><li><p>c</p></li></ol>' +
				'<table><tbody><tr><th><p>H1</p></th><th><p>H2</p></th></tr><tr><td><p>c1</p></td><td><p>c2</p></td></tr></tbody></table>' +
				'<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>Note</p></ac:rich-text-body></ac:structured-macro><hr />',
		);
	});

	test('view renders macros to HTML and names mentioned users; text strips markup', () => {
		const storage =
			'<p>Hi <ac:link><ri:user ri:account-id="u1" /></ac:link></p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x<y]]></ac:plain-text-body></ac:structured-macro>';
		const view = storageToView(storage, (id) => (id === 'u1' ? 'Ursula' : undefined));
		expect(view).toContain('>Ursula</a>');
		expect(view).toContain('<pre class="syntaxhighlighter-pre"');
		expect(view).toContain('x&lt;y');
		expect(storageToText(storage)).toBe('Hi x<y');
		expect(storageToText('<p>caf&eacute; &amp; more&nbsp;text &unknown;</p>')).toBe(
			'caf\u00e9 & more text &unknown;',
		);
	});

	test('every real storage body in the shared corpus converts without throwing', () => {
		const files = readdirSync(corpus).filter((f) => f.endsWith('.xml'));
		expect(files.length).toBeGreaterThan(50);
		for (const file of files) {
			const storage = readFileSync(join(corpus, file), 'utf8');
			const adf = storageToAdf(storage);
			expect([file, adf.type]).toEqual([file, 'doc']);
			expect(typeof adfToStorage(adf)).toBe('string');
			expect(typeof storageToView(storage)).toBe('string');
			const text = storageToText(storage);
			expect(text.includes('<ac:')).toBe(false);
		}
	});
});
