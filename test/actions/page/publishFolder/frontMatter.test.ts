import { parseFrontMatter } from '../../../../nodes/Confluence/actions/page/publishFolder/frontMatter';

describe('publishFolder front matter (YAML subset)', () => {
	it('reads plain, quoted and escaped scalars, flow and block lists, comments; the rest is the body', () => {
		const parsed = parseFrontMatter(
			[
				'\uFEFF---',
				'title: "Déjà \\"vu\\" \\u00e9"  # a comment',
				"subtitle: 'it''s # not a comment'",
				'pageId: 12345',
				'labels: [one, "two words", \'three\']',
				'tags:',
				'  - a',
				'  - "b"',
				'empty:',
				'nothing: ~',
				'# a comment line',
				'',
				'---',
				'# Heading',
			].join('\n'),
		);
		expect(parsed.data).toEqual({
			title: 'Déjà "vu" é',
			subtitle: "it's # not a comment",
			pageId: '12345',
			labels: ['one', 'two words', 'three'],
			tags: ['a', 'b'],
			empty: null,
			nothing: null,
		});
		expect(parsed.body).toBe('# Heading');
	});

	it('leaves a file without front matter as it is', () => {
		expect(parseFrontMatter('# Title\n\n---\n')).toEqual({ data: {}, body: '# Title\n\n---\n' });
	});

	it.each([
		['---\ntitle: x\n', 'line 1: the front matter opened with "---" is never closed'],
		['---\ntitle: x\njust words\n---\n', 'line 3: expected "key: value", got "just words"'],
		['---\ntitle: "open\n---\n', 'line 2: the quoted value "open is never closed'],
		['---\ntitle: a\ntitle: b\n---\n', 'line 3: the key "title" is given twice'],
		[
			'---\nlabels: [a, [b]]\n---\n',
			'line 2: nested lists and mappings are not read in front matter',
		],
		[
			'---\nmeta: {a: 1}\n---\n',
			'line 2: "{a: 1}" uses YAML that front matter here does not read (mappings, block scalars, anchors, tags); quote the value',
		],
		[
			'---\ntitle: x\n  nested: y\n---\n',
			'line 3: unexpected indentation: "nested: y" (only "key: value" lines and "- item" lists under a key are read)',
		],
		['---\ntitle: "a\\q"\n---\n', 'line 2: unknown escape "\\q" in a double-quoted value'],
	])('refuses malformed front matter with its line: %j', (text, message) => {
		expect(() => parseFrontMatter(text)).toThrow(message);
	});
});
