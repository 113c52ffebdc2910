import { markdownToStorage, storageToMarkdown, storageToText } from '../../nodes/Confluence/format';
import { xmlProblems } from './helpers';

/** Markdown whose author is trusted, such as a page read as Markdown and written back. */
const anyMacro = { allowedMacros: ['*'] };

/** Converts and checks the result is well-formed XML with no named entity beyond XML's five. */
function storage(
	markdown: string,
	options?: { defaultSpaceKey?: string; allowedMacros?: string[] },
): string {
	const result = markdownToStorage(markdown, options);
	expect(xmlProblems(result)).toEqual([]);
	const outsideCdata = result.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
	expect(outsideCdata).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#\d+;|#x[0-9a-fA-F]+;)/);
	return result;
}

describe('Markdown to storage: CommonMark and GitHub syntax', () => {
	it('writes headings, emphasis, strikethrough, code spans and breaks', () => {
		expect(storage('# One\n\n###### Six')).toBe('<h1>One</h1><h6>Six</h6>');
		expect(storage('*em* **strong** ~~gone~~ `a < b` and_snake_case')).toBe(
			'<p><em>em</em> <strong>strong</strong> <s>gone</s> <code>a &lt; b</code> and_snake_case</p>',
		);
		expect(storage('line one\\\nline two  \nline three\nsame paragraph')).toBe(
			'<p>line one<br />line two<br />line three same paragraph</p>',
		);
		expect(storage('---')).toBe('<hr />');
	});

	it('writes links, autolinks and images', () => {
		expect(storage('[text](https://example.com/a?b=1&c=2 "Title")')).toBe(
			'<p><a href="https://example.com/a?b=1&amp;c=2" title="Title">text</a></p>',
		);
		expect(storage('<https://example.com> and www.example.org and mail@example.com')).toBe(
			'<p><a href="https://example.com">https://example.com</a> and <a href="http://www.example.org">www.example.org</a> and <a href="mailto:mail@example.com">mail@example.com</a></p>',
		);
		expect(storage('![A cat](https://example.com/cat.png "Cute")')).toBe(
			'<ac:image ac:alt="A cat" ac:title="Cute"><ri:url ri:value="https://example.com/cat.png" /></ac:image>',
		);
		// File names such as setup.sh are not web addresses, whatever their last part looks like.
		expect(storage('run setup.sh or README.md')).toBe('<p>run setup.sh or README.md</p>');
	});

	it('writes tight and loose, ordered, unordered and nested lists', () => {
		expect(storage('- a\n- b\n  1. c\n  2. d')).toBe(
			'<ul><li>a</li><li>b<ol><li>c</li><li>d</li></ol></li></ul>',
		);
		expect(storage('3. three\n\n4. four')).toBe(
			'<ol start="3"><li><p>three</p></li><li><p>four</p></li></ol>',
		);
	});

	it('writes task lists as Confluence task lists', () => {
		expect(storage('- [ ] todo\n- [x] done\n  - [X] nested')).toBe(
			'<ac:task-list>' +
				'<ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>todo</ac:task-body></ac:task>' +
				'<ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done' +
				'<ac:task-list><ac:task><ac:task-id>3</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>nested</ac:task-body></ac:task></ac:task-list>' +
				'</ac:task-body></ac:task>' +
				'</ac:task-list>',
		);
		// A list mixing tasks and plain items stays a list; the boxes stay visible.
		expect(storage('- plain\n- [x] done')).toBe('<ul><li>plain</li><li>[x] done</li></ul>');
	});

	it('writes tables with column alignment', () => {
		expect(storage('| Left | Centre | Right |\n| :--- | :---: | ---: |\n| 1 | 2 | 3 |')).toBe(
			'<table><tbody>' +
				'<tr><th><p style="text-align: left;">Left</p></th><th><p style="text-align: center;">Centre</p></th><th><p style="text-align: right;">Right</p></th></tr>' +
				'<tr><td><p style="text-align: left;">1</p></td><td><p style="text-align: center;">2</p></td><td><p style="text-align: right;">3</p></td></tr>' +
				'</tbody></table>',
		);
	});

	it('writes fenced code as the code macro, language mapped, content verbatim in CDATA', () => {
		expect(storage('```js\nif (a < b && c) {}\n```')).toBe(
			'<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">js</ac:parameter>' +
				'<ac:plain-text-body><![CDATA[if (a < b && c) {}]]></ac:plain-text-body></ac:structured-macro>',
		);
		expect(storage('```python title="Example" linenumbers=true\nprint(1)\n```')).toContain(
			'<ac:parameter ac:name="language">py</ac:parameter><ac:parameter ac:name="title">Example</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter>',
		);
		expect(storage('```typescript\nx\n```')).toContain(
			'<ac:parameter ac:name="language">typescript</ac:parameter>',
		);
		expect(storage('```c#\nx\n```')).toContain(
			'<ac:parameter ac:name="language">c#</ac:parameter>',
		);
		expect(storage('```yaml\nx\n```')).toContain(
			'<ac:parameter ac:name="language">yml</ac:parameter>',
		);
		expect(storage('```\nno language\n```')).toBe(
			'<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:plain-text-body><![CDATA[no language]]></ac:plain-text-body></ac:structured-macro>',
		);
		expect(storage('    indented code')).toContain('<![CDATA[indented code]]>');
	});

	it('splits a ]]> inside code across two CDATA sections', () => {
		const result = storage('```\na]]>b]]>\n```');
		expect(result).toContain('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>');
		expect(storageToMarkdown(result)).toBe('```\na]]>b]]>\n```\n');
	});

	it('writes block quotes, and GitHub alerts as panels', () => {
		expect(storage('> quoted')).toBe('<blockquote><p>quoted</p></blockquote>');
		const panel = (name: string, body: string) =>
			`<ac:structured-macro ac:name="${name}" ac:schema-version="1"><ac:rich-text-body><p>${body}</p></ac:rich-text-body></ac:structured-macro>`;
		expect(storage('> [!NOTE]\n> blue')).toBe(panel('info', 'blue'));
		expect(storage('> [!TIP]\n> green')).toBe(panel('tip', 'green'));
		expect(storage('> [!WARNING]\n> yellow')).toBe(panel('note', 'yellow'));
		expect(storage('> [!CAUTION]\n> red')).toBe(panel('warning', 'red'));
		expect(storage('> [!IMPORTANT]\n> purple')).toContain(
			'<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><ac:adf-content><p>purple</p></ac:adf-content>',
		);
		expect(storage('> [!note] With a title\n> body')).toBe(
			'<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:parameter ac:name="title">With a title</ac:parameter><ac:rich-text-body><p>body</p></ac:rich-text-body></ac:structured-macro>',
		);
	});

	it('writes footnotes as numbered anchors and a list of notes', () => {
		expect(storage('Text[^a] more[^b].\n\n[^a]: First.\n[^b]: Second.')).toBe(
			'<p>Text<sup><ac:link ac:anchor="fn-a"><ac:plain-text-link-body><![CDATA[1]]></ac:plain-text-link-body></ac:link></sup>' +
				' more<sup><ac:link ac:anchor="fn-b"><ac:plain-text-link-body><![CDATA[2]]></ac:plain-text-link-body></ac:link></sup>.</p>' +
				'<ol><li><p><ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">fn-a</ac:parameter></ac:structured-macro>First.</p></li>' +
				'<li><p><ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">fn-b</ac:parameter></ac:structured-macro>Second.</p></li></ol>',
		);
	});

	it('keeps every footnote in order when there are thousands, inline ones and multi-paragraph ones included', () => {
		const count = 3_000;
		const text = Array.from({ length: count }, (_, index) => `Claim ${index}.[^n${index}]`).join(
			' ',
		);
		const notes = Array.from({ length: count }, (_, index) => `[^n${index}]: Source ${index}.`);
		notes[1] = '[^n1]: First paragraph.\n\n    Second paragraph.';
		const converted = storage(`${text} Inline.^[An inline note.]\n\n${notes.join('\n')}\n`);
		const anchors = [...converted.matchAll(/>fn-(n?\d+)</g)].map((match) => match[1]);
		expect(anchors).toEqual([...Array.from({ length: count }, (_, index) => `n${index}`), '3001']);
		expect(converted).toContain('Source 2999.</p></li>');
		expect(converted).toContain('<p>Second paragraph.</p>');
		expect(converted).toContain('An inline note.');
	});

	it('never writes HTML named entities, and escapes attribute quotes', () => {
		expect(storage('a&nbsp;b &copy; &amp; &lt;tag&gt; "quotes"')).toBe(
			'<p>a\u00a0b © &amp; &lt;tag&gt; "quotes"</p>',
		);
		expect(storage('[x](https://example.com/"q" "say \\"hi\\"")')).toBe(
			'<p><a href="https://example.com/%22q%22" title="say &quot;hi&quot;">x</a></p>',
		);
	});

	it('keeps characters XML does not allow out of the output', () => {
		expect(storage('a\u0001b\u0000c')).toBe('<p>a\ufffdb\ufffdc</p>');
		expect(storage('```\n\u0007\n```')).toContain('<![CDATA[\ufffd]]>');
	});
});

describe('Markdown to storage: Confluence links, mentions and status', () => {
	it('writes page links, with or without a space key, with spaces in the title as written', () => {
		expect(storage('[the page](confluence-page:DEV/Release Notes 2024)')).toBe(
			'<p><ac:link><ri:page ri:space-key="DEV" ri:content-title="Release Notes 2024" /><ac:plain-text-link-body><![CDATA[the page]]></ac:plain-text-link-body></ac:link></p>',
		);
		expect(storage('[Release Notes](<confluence-page:Release Notes>)')).toBe(
			'<p><ac:link><ri:page ri:content-title="Release Notes" /></ac:link></p>',
		);
		expect(storage('[see](confluence-page:DEV/Setup#Install steps "tip")')).toBe(
			'<p><ac:link ac:anchor="Install steps"><ri:page ri:space-key="DEV" ri:content-title="Setup" /><ac:plain-text-link-body><![CDATA[see]]></ac:plain-text-link-body></ac:link></p>',
		);
		expect(storage('[**bold** link](confluence-page:Title)')).toBe(
			'<p><ac:link><ri:page ri:content-title="Title" /><ac:link-body><strong>bold</strong> link</ac:link-body></ac:link></p>',
		);
		expect(storage('[x](confluence-page:/A/B)')).toContain('<ri:page ri:content-title="A/B" />');
		expect(storage('[jump](#Section-One)')).toBe(
			'<p><ac:link ac:anchor="Section-One"><ac:plain-text-link-body><![CDATA[jump]]></ac:plain-text-link-body></ac:link></p>',
		);
	});

	it('uses the default space key for page links that do not name one', () => {
		expect(storage('[Home](confluence-page:Home)', { defaultSpaceKey: 'OPS' })).toBe(
			'<p><ac:link><ri:page ri:space-key="OPS" ri:content-title="Home" /></ac:link></p>',
		);
	});

	it('writes attachment links and attachment images', () => {
		expect(storage('[the spec](attachment:Spec v2.pdf)')).toBe(
			'<p><ac:link><ri:attachment ri:filename="Spec v2.pdf" /><ac:plain-text-link-body><![CDATA[the spec]]></ac:plain-text-link-body></ac:link></p>',
		);
		expect(storage('![diagram](attachment:arch.png)')).toBe(
			'<ac:image ac:alt="diagram"><ri:attachment ri:filename="arch.png" /></ac:image>',
		);
		expect(storage('![diagram](arch.png)')).toBe(
			'<ac:image ac:alt="diagram"><ri:attachment ri:filename="arch.png" /></ac:image>',
		);
		expect(storage('![](attachment:x.png?page=Other%20Page&space=DEV)')).toBe(
			'<ac:image><ri:attachment ri:filename="x.png"><ri:page ri:space-key="DEV" ri:content-title="Other Page" /></ri:attachment></ac:image>',
		);
	});

	it('writes mentions and status lozenges', () => {
		expect(
			storage(
				'Ask @[Jane Doe](5b10ac8d82e05b22cc7d4ef5) or @557058:f58131cb-b67d-43c7-b30d-6b58d40bd077.',
			),
		).toBe(
			'<p>Ask <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> or <ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link>.</p>',
		);
		expect(storage('mail me@example.com, @someone')).toBe(
			'<p>mail <a href="mailto:me@example.com">me@example.com</a>, @someone</p>',
		);
		expect(storage('[In progress](status:blue) [DONE](status:green?subtle=true)')).toBe(
			'<p><ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Blue</ac:parameter><ac:parameter ac:name="title">In progress</ac:parameter></ac:structured-macro> ' +
				'<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter><ac:parameter ac:name="subtle">true</ac:parameter></ac:structured-macro></p>',
		);
	});

	it('writes macros written as confluence-macro fences, containers and links', () => {
		expect(storage('```confluence-macro toc maxLevel=3 "style"=none\n```')).toBe(
			'<ac:structured-macro ac:name="toc" ac:schema-version="1"><ac:parameter ac:name="maxLevel">3</ac:parameter><ac:parameter ac:name="style">none</ac:parameter></ac:structured-macro>',
		);
		expect(storage('```confluence-macro plantuml\n@startuml\nA -> B\n@enduml\n```', anyMacro)).toBe(
			'<ac:structured-macro ac:name="plantuml" ac:schema-version="1"><ac:plain-text-body><![CDATA[@startuml\nA -> B\n@enduml]]></ac:plain-text-body></ac:structured-macro>',
		);
		expect(storage('::: confluence-macro excerpt hidden=true\n\nThe **summary**.\n\n:::')).toBe(
			'<ac:structured-macro ac:name="excerpt" ac:schema-version="1"><ac:parameter ac:name="hidden">true</ac:parameter><ac:rich-text-body><p>The <strong>summary</strong>.</p></ac:rich-text-body></ac:structured-macro>',
		);
		expect(storage('Issue [jira: ABC-1](confluence-macro:jira?key=ABC-1) here', anyMacro)).toBe(
			'<p>Issue <ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">ABC-1</ac:parameter></ac:structured-macro> here</p>',
		);
		expect(
			storage('```confluence-macro include "confluence-page:DEV/Shared part"\n```', {
				allowedMacros: ['include'],
			}),
		).toBe(
			'<ac:structured-macro ac:name="include" ac:schema-version="1"><ac:parameter ac:name=""><ac:link><ri:page ri:space-key="DEV" ri:content-title="Shared part" /></ac:link></ac:parameter></ac:structured-macro>',
		);
	});

	it('writes only harmless macros unless told to allow more (issue 14: Markdown from outside is the common case)', () => {
		// widget and multimedia embed any URL, include shows another page: by default they stay visible as code.
		const widget = storage('```confluence-macro widget url=https://evil.example/x\n```');
		expect(widget).not.toContain('ac:name="widget"');
		expect(widget).toBe(
			'<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:plain-text-body><![CDATA[widget url=https://evil.example/x]]></ac:plain-text-body></ac:structured-macro>',
		);
		expect(storage('```confluence-macro include "confluence-page:DEV/Secret"\n```')).not.toContain(
			'ac:name="include"',
		);
		expect(storage('[x](confluence-macro:multimedia?name=a.mov)')).toBe('<p>multimedia</p>');
		expect(storage('::: confluence-macro Widget url=x\n\nbody\n\n:::')).toContain('<p>body</p>');
		expect(storage('::: confluence-macro Widget url=x\n\nbody\n\n:::')).not.toContain(
			'ac:name="Widget"',
		);
		// Harmless macros are written, and the list can be extended by name or opened with `*`.
		expect(storage('```confluence-macro toc\n```')).toContain('ac:name="toc"');
		expect(
			storage('```confluence-macro widget url=x\n```', { allowedMacros: ['widget'] }),
		).toContain('ac:name="widget"');
		expect(storage('[x](confluence-macro:multimedia?name=a.mov)', anyMacro)).toContain(
			'ac:name="multimedia"',
		);
		// Panels, code, expand and status written by their own Markdown need no permission.
		expect(storage('> [!NOTE]\n> a\n\n```js\nx\n```\n\n[DONE](status:green)')).toMatch(
			/ac:name="info"[\s\S]*ac:name="code"[\s\S]*ac:name="status"/,
		);
	});

	it('never writes a macro that would put live HTML on the page, even when every macro is allowed', () => {
		expect(storage('```confluence-macro html\nx\n```', anyMacro)).not.toContain('ac:name="html"');
		const result = storage('```confluence-macro html\n<script>alert(1)</script>\n```');
		expect(result).not.toContain('ac:name="html"');
		expect(result).toContain('<ac:structured-macro ac:name="code"');
		expect(storage('[x](confluence-macro:html-include?url=http://evil)')).toBe(
			'<p>html-include</p>',
		);
	});
});

describe('Markdown to storage: raw HTML', () => {
	it('shows what it does not convert as text, its source kept in a comment beside it', () => {
		expect(storage('<script>alert(1)</script>')).toBe(
			'<p><!--markdown-html:%3Cscript%3Ealert(1)%3C/script%3E-->&lt;script&gt;alert(1)&lt;/script&gt;<!--/markdown-html--></p>',
		);
		expect(storage('a <iframe src="x"></iframe> b')).toBe(
			'<p>a <!--markdown-html:%3Ciframe src="x"%3E-->&lt;iframe src="x"&gt;<!--/markdown-html--><!--markdown-html:%3C/iframe%3E-->&lt;/iframe&gt;<!--/markdown-html--> b</p>',
		);
		expect(storage('<custom-tag>x</custom-tag>')).toBe(
			'<p><!--markdown-html:%3Ccustom%2Dtag%3E-->&lt;custom-tag&gt;<!--/markdown-html-->x<!--markdown-html:%3C/custom%2Dtag%3E-->&lt;/custom-tag&gt;<!--/markdown-html--></p>',
		);
		expect(storageToText(storage('a <custom-tag>x</custom-tag> b'))).toBe(
			'a <custom-tag>x</custom-tag> b',
		);
	});

	it('gives the same raw HTML back when nothing in it runs, loads or styles anything (issue 14 figures)', () => {
		for (const markdown of [
			'a <custom-tag>x</custom-tag> b\n',
			'a<!-- hidden -- note -->b\n',
			'<Warning>\n*bar*\n</Warning>\n',
			'<div id="foo"\n*hi*\n',
			'foo <?php echo $a; ?> <!ELEMENT br EMPTY> <![CDATA[>&<]]>\n',
			'<a href="/x">\n',
		]) {
			expect(storageToMarkdown(storage(markdown))).toBe(markdown);
		}
		// A page's storage could carry any source comment: what runs is written back as text.
		expect(storageToMarkdown(storage('<script>alert(1)</script>'))).toBe(
			'\\<script>alert(1)\\</script>\n',
		);
		expect(
			storageToMarkdown(
				'<p><!--markdown-html:%3Cx onclick="steal()"%3E-->shown<!--/markdown-html--></p>',
			),
		).toBe('\\<x onclick="steal()">\n');
		expect(storageToMarkdown('<p>a<!--markdown-html:%3Ciframe src=x%3E-->b</p>')).toBe('ab\n');
	});

	it('converts the safe subset, dropping attributes and unsafe addresses', () => {
		expect(
			storage(
				'<b onclick="steal()">bold</b> <u>under</u> H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd>',
			),
		).toBe(
			'<p><strong>bold</strong> <u>under</u> H<sub>2</sub>O x<sup>2</sup> <code>Ctrl</code></p>',
		);
		expect(
			storage('<a href="javascript:alert(1)">click</a> <a href="https://ok.example">ok</a>'),
		).toBe('<p>click <a href="https://ok.example">ok</a></p>');
		expect(
			storage('An <img src="https://x.example/a.png" onerror="steal()" alt="pic"> image'),
		).toBe(
			'<p>An <ac:image ac:alt="pic"><ri:url ri:value="https://x.example/a.png" /></ac:image> image</p>',
		);
		expect(storage('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
		expect(storage('a<!-- hidden note -->b')).toBe(
			'<p>a<!--markdown-html:%3C!%2D%2D hidden note %2D%2D%3E-->b</p>',
		);
	});

	it('reads <details> as an expand macro and HTML tables (with spans and Markdown cells) as tables', () => {
		expect(
			storage('<details>\n<summary>More &amp; less</summary>\n\nHidden **text**\n\n</details>'),
		).toBe(
			'<ac:structured-macro ac:name="expand" ac:schema-version="1"><ac:parameter ac:name="title">More &amp; less</ac:parameter><ac:rich-text-body><p>Hidden <strong>text</strong></p></ac:rich-text-body></ac:structured-macro>',
		);
		expect(
			storage(
				'<table>\n<tr>\n<th colspan="2">Head</th>\n</tr>\n<tr>\n<td>\n\n- one\n- two\n\n</td>\n<td>plain</td>\n</tr>\n</table>',
			),
		).toBe(
			'<table><tbody><tr><th colspan="2"><p>Head</p></th></tr><tr><td><ul><li>one</li><li>two</li></ul></td><td><p>plain</p></td></tr></tbody></table>',
		);
	});

	it('closes what raw HTML leaves open, so the output stays well-formed', () => {
		expect(storage('<em>open *and* <strong>more')).toBe(
			'<p><em>open <em>and</em> <strong>more</strong></em></p>',
		);
		expect(storage('text</strong> </td> </details>')).toBe(
			'<p>text<!--markdown-html:%3C/strong%3E-->&lt;/strong&gt;<!--/markdown-html--> <!--markdown-html:%3C/td%3E-->&lt;/td&gt;<!--/markdown-html--> <!--markdown-html:%3C/details%3E-->&lt;/details&gt;<!--/markdown-html--></p>',
		);
		expect(storage('<table><tr><td>cell')).toBe(
			'<table><tbody><tr><td><p>cell</p></td></tr></tbody></table>',
		);
	});
});

describe('plain text to storage', () => {
	it('makes paragraphs from blank-line separated blocks and keeps line breaks', () => {
		const { textToStorage } = jest.requireActual<typeof import('../../nodes/Confluence/format')>(
			'../../nodes/Confluence/format',
		);
		expect(textToStorage('First <line>\nsame & paragraph\n\n\nSecond')).toBe(
			'<p>First &lt;line&gt;<br />same &amp; paragraph</p><p>Second</p>',
		);
		expect(textToStorage('')).toBe('');
		expect(textToStorage('a\r\n\r\nb')).toBe('<p>a</p><p>b</p>');
	});
});
