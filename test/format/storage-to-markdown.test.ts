import {
	adfToText,
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
	storageToText,
} from '../../nodes/Confluence/format';

const ACCOUNT = '5b10ac8d82e05b22cc7d4ef5';

function macro(name: string, params: Record<string, string>, body = ''): string {
	const parameters = Object.entries(params)
		.map(([key, value]) => `<ac:parameter ac:name="${key}">${value}</ac:parameter>`)
		.join('');
	return `<ac:structured-macro ac:name="${name}" ac:schema-version="1" ac:macro-id="0a1b">${parameters}${body}</ac:structured-macro>`;
}

/** Storage → Markdown, and that Markdown back to storage and Markdown again gives the same Markdown. */
function markdown(storage: string, options?: { userNames?: Record<string, string> }): string {
	const result = storageToMarkdown(storage, options);
	// The page's own macros are trusted when it is written back.
	expect(storageToMarkdown(markdownToStorage(result, { allowedMacros: ['*'] }), options)).toBe(
		result,
	);
	return result;
}

describe('storage to Markdown: HTML', () => {
	it('reads text formatting, breaks and HTML entities storage allows', () => {
		expect(
			markdown(
				'<p>a&nbsp;b &ldquo;q&rdquo; <strong>s</strong> <em>e</em> <u>u</u> <s>x</s> <del>d</del> <sup>1</sup> <code>c</code></p>',
			),
		).toBe('a\u00a0b “q” **s** *e* <u>u</u> ~~x~~ ~~d~~ <sup>1</sup> `c`\n');
		expect(markdown('<p>one<br/>two<br /></p>')).toBe('one\\\ntwo\n');
		expect(markdown('<p>\n   spread\n   over   lines\n</p>')).toBe('spread over lines\n');
	});

	it('escapes text that would read as Markdown', () => {
		expect(
			markdown(
				'<p>*not em* _x_ snake_case [not a link](x) `tick` &lt;div&gt; 1 &lt; 2 &amp;copy;</p>',
			),
		).toBe('\\*not em\\* \\_x\\_ snake_case \\[not a link](x) \\`tick\\` \\<div> 1 < 2 \\&copy;\n');
		expect(
			markdown(
				'<p># not a heading</p><p>- not a list</p><p>1. not a list</p><p>&gt; not a quote</p>',
			),
		).toBe('\\# not a heading\n\n\\- not a list\n\n1\\. not a list\n\n\\> not a quote\n');
	});

	it('uses HTML emphasis where Markdown delimiters would not work', () => {
		expect(markdown('<p>foo<strong>.bar.</strong>baz</p>')).toBe('foo<strong>.bar.</strong>baz\n');
		// `**bold *both***` would run three asterisks together; underscores keep the delimiters apart.
		expect(markdown('<p><strong>bold <em>both</em></strong></p>')).toBe('__bold *both*__\n');
	});

	it('reads headings, quotes, rules, lists and code', () => {
		expect(
			markdown(
				'<h2>Title</h2><blockquote><p>q</p></blockquote><hr/><ul><li>a<ul><li>b</li></ul></li></ul>',
			),
		).toBe('## Title\n\n> q\n\n---\n\n- a\n  - b\n');
		expect(markdown('<ol start="4"><li><p>four</p></li><li><p>five</p></li></ol>')).toBe(
			'4. four\n\n5. five\n',
		);
		expect(markdown('<ul><li>a</li></ul><ul><li>b</li></ul>')).toBe('- a\n\n* b\n');
		expect(markdown('<pre>x &lt; y\n  z</pre>')).toBe('```\nx < y\n  z\n```\n');
	});

	it('reads simple tables as pipe tables and others as HTML tables with Markdown cells', () => {
		expect(
			markdown(
				'<table><tbody><tr><th>A</th><th>B</th></tr><tr><td>1 | 2</td><td><p style="text-align: right;">3</p></td></tr></tbody></table>',
			),
		).toBe('| A | B |\n| --- | ---: |\n| 1 \\| 2 | 3 |\n');
		expect(
			markdown(
				'<table><tbody><tr><td colspan="2"><strong>wide</strong></td></tr><tr><td><ul><li>x</li></ul></td><td></td></tr></tbody></table>',
			),
		).toBe(
			'<table>\n<tr>\n<td colspan="2"><strong>wide</strong></td>\n</tr>\n<tr>\n<td>\n\n- x\n\n</td>\n<td></td>\n</tr>\n</table>\n',
		);
	});
});

describe('storage to Markdown: Confluence elements', () => {
	it('reads the code macro, its language and parameters', () => {
		expect(
			markdown(
				macro(
					'code',
					{ language: 'js', title: 'Example' },
					'<ac:plain-text-body><![CDATA[a && b]]></ac:plain-text-body>',
				),
			),
		).toBe('```javascript title=Example\na && b\n```\n');
		expect(
			markdown(
				macro(
					'noformat',
					{},
					'<ac:plain-text-body><![CDATA[```\ninner fence\n```]]></ac:plain-text-body>',
				),
			),
		).toBe('````\n```\ninner fence\n```\n````\n');
	});

	it('reads panels as GitHub alerts', () => {
		const body = (text: string) => `<ac:rich-text-body><p>${text}</p></ac:rich-text-body>`;
		expect(markdown(macro('info', { title: 'Heads up' }, body('i')))).toBe(
			'> [!NOTE] Heads up\n> i\n',
		);
		expect(markdown(macro('tip', {}, body('t')))).toBe('> [!TIP]\n> t\n');
		expect(markdown(macro('note', {}, body('n')))).toBe('> [!WARNING]\n> n\n');
		expect(markdown(macro('warning', {}, body('w')))).toBe('> [!CAUTION]\n> w\n');
		expect(
			markdown(
				'<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><ac:adf-content><p>p</p></ac:adf-content></ac:adf-node><ac:adf-fallback><div><p>p</p></div></ac:adf-fallback></ac:adf-extension>',
			),
		).toBe('> [!IMPORTANT]\n> p\n');
		expect(
			markdown(macro('info', {}, '<ac:rich-text-body><ul><li>x</li></ul></ac:rich-text-body>')),
		).toBe('> [!NOTE]\n>\n> - x\n');
	});

	it('reads the expand macro as <details>', () => {
		expect(
			markdown(
				macro(
					'expand',
					{ title: 'More &lt;info&gt;' },
					'<ac:rich-text-body><p>Hidden</p></ac:rich-text-body>',
				),
			),
		).toBe('<details>\n<summary>More &lt;info&gt;</summary>\n\nHidden\n\n</details>\n');
	});

	it('reads status lozenges', () => {
		expect(
			markdown(
				`<p>${macro('status', { colour: 'Green', title: 'DONE' })} ${macro('status', { title: 'TODO' })}</p>`,
			),
		).toBe('[DONE](status:green) [TODO](status:grey)\n');
	});

	it('reads mentions, with display names from the resolver when given', () => {
		const storage = `<p><ac:link><ri:user ri:account-id="${ACCOUNT}" /></ac:link> and <ac:link><ri:user ri:account-id="legacy-id" /></ac:link> and <ac:link><ri:user ri:userkey="ff8080" /></ac:link></p>`;
		expect(markdown(storage)).toBe(
			`@${ACCOUNT} and @[legacy-id](legacy-id) and @[userkey:ff8080](userkey:ff8080)\n`,
		);
		expect(markdown(storage, { userNames: { [ACCOUNT]: 'Jane [Ops] Doe' } })).toBe(
			`@[Jane \\[Ops\\] Doe](${ACCOUNT}) and @[legacy-id](legacy-id) and @[userkey:ff8080](userkey:ff8080)\n`,
		);
	});

	it('reads page, blog post, attachment, space and anchor links', () => {
		expect(
			markdown(
				'<p><ac:link><ri:page ri:space-key="DEV" ri:content-title="Release Notes" /></ac:link> ' +
					'<ac:link ac:anchor="Install"><ri:page ri:content-title="A/B" /><ac:plain-text-link-body><![CDATA[setup]]></ac:plain-text-link-body></ac:link> ' +
					'<ac:link><ri:blog-post ri:space-key="DEV" ri:content-title="News" ri:posting-day="2024/01/31" /></ac:link> ' +
					'<ac:link><ri:attachment ri:filename="spec v2.pdf" /><ac:link-body><em>spec</em></ac:link-body></ac:link> ' +
					'<ac:link><ri:space ri:space-key="OPS" /></ac:link> ' +
					'<ac:link ac:anchor="top"><ac:plain-text-link-body><![CDATA[up]]></ac:plain-text-link-body></ac:link></p>',
			),
		).toBe(
			'[Release Notes](<confluence-page:DEV/Release Notes>) [setup](confluence-page:/A/B#Install) ' +
				'[News](confluence-blog:DEV/2024/01/31/News) [*spec*](<attachment:spec v2.pdf>) [OPS](confluence-space:OPS) [up](#top)\n',
		);
	});

	it('reads images: attachments of the page as plain file names, captions as titles', () => {
		expect(
			markdown(
				'<ac:image ac:alt="Arch"><ri:attachment ri:filename="arch.png" /><ac:caption><p>The architecture</p></ac:caption></ac:image>' +
					'<p>inline <ac:image><ri:url ri:value="https://x.example/i.png" /></ac:image> and <ac:image><ri:attachment ri:filename="o.png"><ri:page ri:content-title="Other" /></ri:attachment></ac:image></p>',
			),
		).toBe(
			'![Arch](arch.png "The architecture")\n\ninline ![](https://x.example/i.png) and ![](attachment:o.png?page=Other)\n',
		);
	});

	it('reads emoticons as emoji links that write the same emoticon back', () => {
		expect(
			markdown(
				'<p><ac:emoticon ac:name="tick" /> <ac:emoticon ac:name="blue-star" ac:emoji-fallback="🚀" /> <ac:emoticon ac:name="smile" /></p>',
			),
		).toBe(
			'[✅](emoji:?emoticon=tick) [🚀](emoji:?emoticon=blue-star) [🙂](emoji:?emoticon=smile)\n',
		);
	});

	it('reads task lists as GitHub task lists', () => {
		const task = (id: number, status: string, body: string) =>
			`<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>${status}</ac:task-status><ac:task-body>${body}</ac:task-body></ac:task>`;
		expect(
			markdown(
				`<ac:task-list>${task(1, 'complete', '<strong>Done</strong> thing')}${task(2, 'incomplete', `Open <ac:task-list>${task(3, 'incomplete', 'sub')}</ac:task-list>`)}</ac:task-list>`,
			),
		).toBe('- [x] **Done** thing\n- [ ] Open\n  - [ ] sub\n');
	});

	it('flattens layouts into reading order', () => {
		expect(
			markdown(
				'<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>left</p></ac:layout-cell><ac:layout-cell><p>right</p></ac:layout-cell></ac:layout-section>' +
					'<ac:layout-section ac:type="single"><ac:layout-cell><h2>below</h2></ac:layout-cell></ac:layout-section></ac:layout>',
			),
		).toBe('left\n\nright\n\n## below\n');
	});

	it('keeps unknown macros visible, with their parameters, as fences, containers or links', () => {
		expect(markdown(macro('toc', { maxLevel: '3', style: 'none' }))).toBe(
			'```confluence-macro toc maxLevel=3 style=none\n```\n',
		);
		expect(
			markdown(
				macro('plantuml', {}, '<ac:plain-text-body><![CDATA[A -> B]]></ac:plain-text-body>'),
			),
		).toBe('```confluence-macro plantuml\nA -> B\n```\n');
		expect(
			markdown(
				macro(
					'excerpt',
					{ hidden: 'true' },
					'<ac:rich-text-body><p>The summary.</p></ac:rich-text-body>',
				),
			),
		).toBe('::: confluence-macro excerpt hidden=true\n\nThe summary.\n\n:::\n');
		expect(markdown(`<p>See ${macro('jira', { key: 'ABC-1', server: 'System JIRA' })}.</p>`)).toBe(
			'See [jira: ABC-1](<confluence-macro:jira?key=ABC-1&server=System JIRA>).\n',
		);
		expect(
			markdown(
				macro('include', {}, '').replace(
					'</ac:structured-macro>',
					'<ac:parameter ac:name=""><ac:link><ri:page ri:space-key="DEV" ri:content-title="Part, one" /></ac:link></ac:parameter></ac:structured-macro>',
				),
			),
		).toBe('```confluence-macro include "confluence-page:DEV/Part, one"\n```\n');
		expect(
			markdown(
				macro(
					'panel',
					{ bgColor: '#E6FCFF' },
					`<ac:rich-text-body><p>outer</p>${macro('section', {}, '<ac:rich-text-body><p>inner</p></ac:rich-text-body>')}</ac:rich-text-body>`,
				),
			),
		).toBe(
			':::: confluence-macro panel bgColor=#E6FCFF\n\nouter\n\n::: confluence-macro section\n\ninner\n\n:::\n\n::::\n',
		);
	});

	it('reads the legacy <ac:macro> form', () => {
		expect(
			markdown(
				'<ac:macro ac:name="code"><ac:default-parameter>java</ac:default-parameter><ac:plain-text-body><![CDATA[x]]></ac:plain-text-body></ac:macro>',
			),
		).toBe('```java\nx\n```\n');
		expect(
			markdown(
				'<p><ac:macro ac:name="anchor"><ac:default-parameter>here</ac:default-parameter></ac:macro>Text</p>',
			),
		).toBe('[anchor: here](confluence-macro:anchor?=here)Text\n');
	});

	it('reads footnotes written by the Markdown converter back as footnotes', () => {
		const md = 'Claim[^src].\n\n[^src]: Source.\n';
		expect(markdown(markdownToStorage(md))).toBe(md);
	});
});

describe('storage to plain text', () => {
	it('keeps the words and the block structure, drops the markup', () => {
		expect(
			storageToText(
				`<h1>Title</h1><p>Hello <strong>world</strong>&nbsp;&amp; <ac:link><ri:user ri:account-id="${ACCOUNT}" /></ac:link></p><ul><li>one</li><li>two</li></ul>` +
					`<table><tr><th>a</th><th>b</th></tr></table>${macro('status', { title: 'OK' })}`,
			),
		).toBe(`Title\n\nHello world\u00a0& @${ACCOUNT}\n\n- one\n- two\n\na\tb\n\nOK`);
	});
});

describe('Storage to Markdown: HTML block elements Markdown has no word for (issue 14 point 1)', () => {
	it.each(['div', 'section', 'center', 'article', 'header', 'footer', 'figure', 'address', 'dd'])(
		'keeps sibling <%s> elements apart in Markdown, plain text and the round trip',
		(tag) => {
			const storage = `<${tag}>alpha</${tag}><${tag}>beta</${tag}>`;
			expect(markdown(storage)).toBe('alpha\n\nbeta\n');
			expect(storageToText(storage)).toBe('alpha\n\nbeta');
			expect(markdownToStorage(storageToMarkdown(storage))).toBe('<p>alpha</p><p>beta</p>');
		},
	);

	it('keeps two page links in sibling divs as two links, and text after a div on its own line', () => {
		expect(
			markdown(
				'<div><ac:link><ri:page ri:content-title="A" /></ac:link></div><div><ac:link><ri:page ri:content-title="B" /></ac:link></div>',
			),
		).toBe('[A](confluence-page:A)\n\n[B](confluence-page:B)\n');
		expect(markdown('<div>one <strong>two</strong></div>three')).toBe('one **two**\n\nthree\n');
		expect(markdown('<ul><li><div>a</div><div>b</div></li></ul>')).toBe('- a\n\n  b\n');
	});

	it('keeps block elements inside a heading or a link apart, in Markdown, plain text and through ADF', () => {
		expect(markdown('<h2><div>a</div><section>b</section>c</h2>')).toBe('## a b c\n');
		expect(markdown('<p><a href="https://x.example"><div>a</div><div>b</div></a></p>')).toBe(
			'[a b](https://x.example)\n',
		);
		expect(storageToText('<h2><div>a</div><center>b</center></h2>')).toBe('a b');
		expect(
			adfToText(markdownToAdf(storageToMarkdown('<h2><div>a</div><center>b</center></h2>'))),
		).toBe('a b');
	});

	it('still reads inline wrappers as part of the line', () => {
		expect(markdown('<p>x <span>a</span><span>b</span></p>')).toBe('x ab\n');
	});
});

describe('Storage to Markdown: macro bodies outside ac:rich-text-body, code bodies (issue 14 points 2 and 5)', () => {
	it('reads content standing straight in a macro as its body', () => {
		expect(
			markdown('<ac:structured-macro ac:name="info"><p>visible</p></ac:structured-macro>'),
		).toBe('> [!NOTE]\n> visible\n');
		expect(
			markdown(
				'<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">More</ac:parameter><p>inside</p></ac:structured-macro>',
			),
		).toBe('<details>\n<summary>More</summary>\n\ninside\n\n</details>\n');
		expect(
			markdown(
				'<ac:structured-macro ac:name="gallery"><ac:parameter ac:name="columns">2</ac:parameter><ac:image><ri:attachment ri:filename="a.png" /></ac:image><ac:image><ri:attachment ri:filename="b.png" /></ac:image></ac:structured-macro>',
			),
		).toBe('::: confluence-macro gallery columns=2\n\n![](a.png)\n\n![](b.png)\n\n:::\n');
		expect(
			storageToText('<ac:structured-macro ac:name="tip"><p>shown</p></ac:structured-macro>'),
		).toBe('shown');
	});

	it('keeps content beside an ac:rich-text-body, in document order, for every macro kind', () => {
		const beside = (name: string) =>
			`<ac:structured-macro ac:name="${name}"><p>before</p><ac:rich-text-body><p>inside</p></ac:rich-text-body><p>after</p></ac:structured-macro>`;
		expect(markdown(beside('info'))).toBe('> [!NOTE]\n> before\n>\n> inside\n>\n> after\n');
		expect(markdown(beside('note'))).toBe('> [!WARNING]\n> before\n>\n> inside\n>\n> after\n');
		expect(markdown(beside('expand'))).toBe(
			'<details>\n<summary></summary>\n\nbefore\n\ninside\n\nafter\n\n</details>\n',
		);
		for (const name of ['panel', 'excerpt', 'details']) {
			expect(markdown(beside(name))).toBe(
				`::: confluence-macro ${name}\n\nbefore\n\ninside\n\nafter\n\n:::\n`,
			);
		}
		expect(
			markdown(
				'<ac:structured-macro ac:name="gallery"><ac:rich-text-body><p>x</p></ac:rich-text-body><ac:image><ri:attachment ri:filename="a.png" /></ac:image></ac:structured-macro>',
			),
		).toBe('::: confluence-macro gallery\n\nx\n\n![](a.png)\n\n:::\n');
		expect(storageToText(beside('tip'))).toBe('before\n\ninside\n\nafter');
	});

	it('keeps a Cloud panel body that has no ac:adf-content wrapper, and a macro title in plain text', () => {
		expect(
			markdown(
				'<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><p>no wrapper</p></ac:adf-node></ac:adf-extension>',
			),
		).toBe('> [!IMPORTANT]\n> no wrapper\n');
		expect(
			storageToText(
				'<ac:structured-macro ac:name="panel"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>v</p></ac:rich-text-body></ac:structured-macro>',
			),
		).toBe('Heads up\nv');
	});

	it('takes a code body from its CDATA, without the white space around it', () => {
		expect(
			markdown(
				'<ac:structured-macro ac:name="code"><ac:plain-text-body>\n    <![CDATA[int x;]]>\n  </ac:plain-text-body></ac:structured-macro>',
			),
		).toBe('```\nint x;\n```\n');
	});
});

describe('Storage to Markdown: dates (issue 14 point 3)', () => {
	it('keeps a date lozenge as a date, apart from the words around it', () => {
		const storage = '<p>see<time datetime="2023-01-18" /> now</p>';
		expect(markdown(storage)).toBe('see [2023-01-18](date:2023-01-18) now\n');
		expect(storageToText(storage)).toBe('see 2023-01-18 now');
		expect(markdownToStorage(storageToMarkdown(storage))).toBe(
			'<p>see <time datetime="2023-01-18" /> now</p>',
		);
		expect(markdown('<p>due <time datetime="2024-02-29" />.</p>')).toBe(
			'due [2024-02-29](date:2024-02-29).\n',
		);
	});

	it('keeps a time element that is not a calendar day as its text', () => {
		expect(markdown('<p><time datetime="next week">soon</time></p>')).toBe('soon\n');
	});
});

describe('Storage to Markdown: emoji stay emoji (issue 14 point 4)', () => {
	it('keeps an emoticon as an emoji link with its short name, id and classic name, and writes it back', () => {
		const storage =
			'<p>ok <ac:emoticon ac:name="blue-star" ac:emoji-shortname=":angry:" ac:emoji-id="1f620" ac:emoji-fallback="😠" /></p>';
		expect(markdown(storage)).toBe('ok [😠](emoji:angry?id=1f620)\n');
		expect(storageToText(storage)).toBe('ok 😠');
		expect(markdownToStorage(storageToMarkdown(storage))).toBe(storage);
		expect(markdown('<p><ac:emoticon ac:name="tick" /></p>')).toBe('[✅](emoji:?emoticon=tick)\n');
	});
});

describe('Storage to Markdown: lettered and roman lists keep their numbering (issue 14 point 5)', () => {
	it.each(['a', 'A', 'i', 'I'])('keeps <ol type="%s"> through Markdown and back', (type) => {
		const storage = `<ol type="${type}"><li>one</li><li><strong>two</strong></li></ol>`;
		expect(markdown(storage)).toBe(
			`<ol type="${type}">\n<li>one</li>\n<li><strong>two</strong></li>\n</ol>\n`,
		);
		expect(markdownToStorage(storageToMarkdown(storage))).toBe(storage);
	});

	it('keeps the start, loose items, nesting and a list-style-type style', () => {
		const loose = '<ol type="I" start="4"><li><p>x</p><p>more</p></li><li><p>y</p></li></ol>';
		expect(markdown(loose)).toBe(
			'<ol type="I" start="4">\n<li>\n\nx\n\nmore\n\n</li>\n<li>\n\ny\n\n</li>\n</ol>\n',
		);
		expect(markdownToStorage(storageToMarkdown(loose))).toBe(loose);
		expect(
			markdownToStorage(
				storageToMarkdown(
					'<ol style="list-style-type: lower-roman;"><li>x<ol style="list-style-type: upper-alpha"><li>n</li></ol></li></ol>',
				),
			),
			// An item holding a list besides its text is written with blank lines, so it reads back loose.
		).toBe('<ol type="i"><li><p>x</p><ol type="A"><li>n</li></ol></li></ol>');
	});

	it('numbers plain text with letters and roman numerals', () => {
		expect(storageToText('<ol type="a" start="26"><li>z</li><li>next</li></ol>')).toBe(
			'z. z\naa. next',
		);
		expect(storageToText('<ol type="I" start="3"><li>x</li><li>y</li></ol>')).toBe('III. x\nIV. y');
	});

	it('reads an HTML list with a type attribute in Markdown as that numbering', () => {
		expect(markdownToStorage('<ol type="a">\n<li>one</li>\n<li>two</li>\n</ol>\n')).toBe(
			'<ol type="a"><li>one</li><li>two</li></ol>',
		);
	});
});
