/* Body conversions the simulated server performs: storage ↔ ADF, wiki → storage, storage → view HTML and plain text.
 * Deliberately simple but structural (headings, lists, tables, code, panels, status, mentions, links, tasks), so a
 * client reading another representation than it wrote gets something realistic. Unknown macros become ADF
 * extensions and back. */
import { encodeUriText } from './http';
import { escapeXml } from './store';

export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const VOID_ELEMENTS = new Set([
	'br',
	'hr',
	'img',
	'col',
	'input',
	'meta',
	'link',
	'area',
	'base',
	'wbr',
]);

const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
	ndash: '\u2013',
	mdash: '\u2014',
	ldquo: '\u201c',
	rdquo: '\u201d',
	lsquo: '\u2018',
	rsquo: '\u2019',
	hellip: '\u2026',
	copy: '\u00a9',
	reg: '\u00ae',
	trade: '\u2122',
	bull: '\u2022',
	middot: '\u00b7',
	rarr: '\u2192',
	larr: '\u2190',
	euro: '\u20ac',
	deg: '\u00b0',
	times: '\u00d7',
	laquo: '\u00ab',
	raquo: '\u00bb',
	szlig: '\u00df',
	auml: '\u00e4',
	ouml: '\u00f6',
	uuml: '\u00fc',
	Auml: '\u00c4',
	Ouml: '\u00d6',
	Uuml: '\u00dc',
	eacute: '\u00e9',
	egrave: '\u00e8',
	aacute: '\u00e1',
	agrave: '\u00e0',
	iacute: '\u00ed',
	oacute: '\u00f3',
	uacute: '\u00fa',
	ntilde: '\u00f1',
	ccedil: '\u00e7',
};

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
		if (entity[0] === '#') {
			const code =
				entity[1] === 'x' || entity[1] === 'X'
					? parseInt(entity.slice(2), 16)
					: parseInt(entity.slice(1), 10);
			return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
		}
		return NAMED_ENTITIES[entity] ?? NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
	});
}

/** Tolerant XHTML fragment parser (storage format): unknown entities kept, unclosed tags closed at the end. */
export function parseXhtml(source: string): XmlNode[] {
	const root: XmlElement = { name: '#root', attrs: {}, children: [] };
	const stack: XmlElement[] = [root];
	const top = () => stack[stack.length - 1];
	const pattern =
		/<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
	let last = 0;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(source))) {
		if (match.index > last) top().children.push(decodeEntities(source.slice(last, match.index)));
		last = pattern.lastIndex;
		if (match[1] !== undefined) {
			top().children.push(match[1]);
		} else if (match[2] !== undefined) {
			const name = match[2].toLowerCase();
			const at = stack.map((e) => e.name).lastIndexOf(name);
			if (at > 0) stack.length = at;
		} else if (match[3] !== undefined) {
			const element: XmlElement = {
				name: match[3].toLowerCase(),
				attrs: parseAttributes(match[4] ?? ''),
				children: [],
			};
			top().children.push(element);
			if (match[5] !== '/' && !VOID_ELEMENTS.has(element.name)) stack.push(element);
		}
	}
	if (last < source.length) top().children.push(decodeEntities(source.slice(last)));
	return root.children;
}

function parseAttributes(source: string): Record<string, string> {
	const attrs: Record<string, string> = {};
	const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(source))) {
		attrs[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
	}
	return attrs;
}

function isElement(node: XmlNode): node is XmlElement {
	return typeof node !== 'string';
}

function childElements(element: XmlElement, name: string): XmlElement[] {
	return element.children.filter((c): c is XmlElement => isElement(c) && c.name === name);
}

function macroParameters(element: XmlElement): Record<string, string> {
	const params: Record<string, string> = {};
	for (const p of childElements(element, 'ac:parameter'))
		params[p.attrs['ac:name'] ?? ''] = textOf(p.children);
	return params;
}

function textOf(nodes: XmlNode[]): string {
	return nodes.map((n) => (isElement(n) ? textOf(n.children) : n)).join('');
}

// ------------------------------------------------------------------------------------------------ storage → ADF

export interface AdfNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: AdfNode[];
	text?: string;
	marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

const BLOCK_NAMES = new Set([
	'p',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'ul',
	'ol',
	'table',
	'blockquote',
	'hr',
	'pre',
	'ac:task-list',
	'div',
	'ac:layout',
	'ac:layout-section',
	'ac:layout-cell',
]);

const PANEL_TYPES: Record<string, string> = {
	info: 'info',
	note: 'note',
	warning: 'warning',
	tip: 'success',
	panel: 'info',
};
const STATUS_COLOURS: Record<string, string> = {
	green: 'green',
	yellow: 'yellow',
	red: 'red',
	blue: 'blue',
	purple: 'purple',
	grey: 'neutral',
};

let localIdCounter = 0;
function localId(): string {
	localIdCounter++;
	return `sim-${localIdCounter.toString(16).padStart(8, '0')}`;
}

function isBlockMacro(element: XmlElement): boolean {
	return (
		element.name === 'ac:structured-macro' &&
		(element.attrs['ac:name'] ?? '') !== 'status' &&
		element.attrs['ac:name'] !== 'anchor'
	);
}

function isBlock(node: XmlNode): boolean {
	return isElement(node) && (BLOCK_NAMES.has(node.name) || isBlockMacro(node));
}

/** Groups consecutive inline nodes into paragraphs so block containers only hold blocks. */
function blocksFrom(nodes: XmlNode[]): AdfNode[] {
	const out: AdfNode[] = [];
	let inline: XmlNode[] = [];
	const flush = () => {
		const content = inlineFrom(inline, []);
		if (content.some((n) => n.type !== 'text' || (n.text ?? '').trim() !== ''))
			out.push({ type: 'paragraph', content });
		inline = [];
	};
	for (const node of nodes) {
		if (isBlock(node)) {
			flush();
			out.push(...blockFrom(node as XmlElement));
		} else {
			inline.push(node);
		}
	}
	flush();
	return out;
}

function blockFrom(element: XmlElement): AdfNode[] {
	const name = element.name;
	if (name === 'p') return [{ type: 'paragraph', content: inlineFrom(element.children, []) }];
	if (/^h[1-6]$/.test(name)) {
		return [
			{
				type: 'heading',
				attrs: { level: Number(name[1]) },
				content: inlineFrom(element.children, []),
			},
		];
	}
	if (name === 'ul' || name === 'ol') {
		const items = childElements(element, 'li').map((li) => ({
			type: 'listItem',
			content: listItemContent(li),
		}));
		return [
			{
				type: name === 'ul' ? 'bulletList' : 'orderedList',
				...(name === 'ol' ? { attrs: { order: 1 } } : {}),
				content: items,
			},
		];
	}
	if (name === 'table') {
		const rows: AdfNode[] = [];
		const collect = (el: XmlElement) => {
			for (const child of el.children) {
				if (!isElement(child)) continue;
				if (child.name === 'tr') {
					rows.push({
						type: 'tableRow',
						content: child.children
							.filter((c): c is XmlElement => isElement(c) && (c.name === 'td' || c.name === 'th'))
							.map((cell) => ({
								type: cell.name === 'th' ? 'tableHeader' : 'tableCell',
								attrs: {},
								content: nonEmptyBlocks(cell.children),
							})),
					});
				} else if (child.name === 'tbody' || child.name === 'thead' || child.name === 'tfoot') {
					collect(child);
				}
			}
		};
		collect(element);
		return [
			{ type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows },
		];
	}
	if (name === 'blockquote')
		return [{ type: 'blockquote', content: nonEmptyBlocks(element.children) }];
	if (name === 'hr') return [{ type: 'rule' }];
	if (name === 'pre')
		return [{ type: 'codeBlock', attrs: {}, content: textNodes(textOf(element.children)) }];
	if (name === 'ac:task-list') {
		return [
			{
				type: 'taskList',
				attrs: { localId: localId() },
				content: childElements(element, 'ac:task').map((task) => {
					const status = textOf(childElements(task, 'ac:task-status')[0]?.children ?? []).trim();
					const body = childElements(task, 'ac:task-body')[0];
					return {
						type: 'taskItem',
						attrs: {
							localId:
								textOf(childElements(task, 'ac:task-id')[0]?.children ?? []).trim() || localId(),
							state: status === 'complete' ? 'DONE' : 'TODO',
						},
						content: inlineFrom(body?.children ?? [], []),
					};
				}),
			},
		];
	}
	if (name === 'ac:structured-macro') {
		const macro = element.attrs['ac:name'] ?? '';
		const params = macroParameters(element);
		const richBody = childElements(element, 'ac:rich-text-body')[0];
		const plainBody = childElements(element, 'ac:plain-text-body')[0];
		if (macro === 'code' || macro === 'noformat') {
			return [
				{
					type: 'codeBlock',
					attrs: params.language ? { language: params.language } : {},
					content: textNodes(textOf(plainBody?.children ?? [])),
				},
			];
		}
		if (macro in PANEL_TYPES) {
			return [
				{
					type: 'panel',
					attrs: { panelType: PANEL_TYPES[macro] },
					content: nonEmptyBlocks(richBody?.children ?? []),
				},
			];
		}
		if (macro === 'expand') {
			return [
				{
					type: 'expand',
					attrs: { title: params.title ?? '' },
					content: nonEmptyBlocks(richBody?.children ?? []),
				},
			];
		}
		const parameters = {
			macroParams: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { value: v }])),
		};
		if (richBody) {
			return [
				{
					type: 'bodiedExtension',
					attrs: {
						extensionType: 'com.atlassian.confluence.macro.core',
						extensionKey: macro,
						parameters,
					},
					content: nonEmptyBlocks(richBody.children),
				},
			];
		}
		return [
			{
				type: 'extension',
				attrs: {
					extensionType: 'com.atlassian.confluence.macro.core',
					extensionKey: macro,
					parameters,
					...(plainBody ? { text: textOf(plainBody.children) } : {}),
				},
			},
		];
	}
	// div, layouts: transparent containers
	return blocksFrom(element.children);
}

function nonEmptyBlocks(nodes: XmlNode[]): AdfNode[] {
	const blocks = blocksFrom(nodes);
	return blocks.length > 0 ? blocks : [{ type: 'paragraph', content: [] }];
}

function listItemContent(li: XmlElement): AdfNode[] {
	return nonEmptyBlocks(li.children);
}

function textNodes(text: string, marks: AdfNode['marks'] = []): AdfNode[] {
	if (text === '') return [];
	return [{ type: 'text', text, ...(marks.length > 0 ? { marks } : {}) }];
}

const MARKS: Record<string, string> = {
	strong: 'strong',
	b: 'strong',
	em: 'em',
	i: 'em',
	code: 'code',
	u: 'underline',
	s: 'strike',
	del: 'strike',
};

/** The user or page an `ac:link` points to, and its link text. */
function acLinkParts(node: XmlElement): {
	user: XmlElement | undefined;
	page: XmlElement | undefined;
	bodyText: string;
} {
	return {
		user: childElements(node, 'ri:user')[0],
		page: childElements(node, 'ri:page')[0],
		bodyText: textOf(
			[
				...childElements(node, 'ac:plain-text-link-body'),
				...childElements(node, 'ac:link-body'),
			].flatMap((b) => b.children),
		),
	};
}

function inlineFrom(nodes: XmlNode[], marks: NonNullable<AdfNode['marks']>): AdfNode[] {
	const out: AdfNode[] = [];
	for (const node of nodes) {
		if (!isElement(node)) {
			const text = node.replace(/\s*\n\s*/g, ' ');
			out.push(...textNodes(text, marks));
			continue;
		}
		const name = node.name;
		if (name in MARKS) {
			out.push(...inlineFrom(node.children, [...marks, { type: MARKS[name] }]));
		} else if (name === 'a') {
			out.push(
				...inlineFrom(node.children, [
					...marks,
					{ type: 'link', attrs: { href: node.attrs.href ?? '' } },
				]),
			);
		} else if (name === 'sub' || name === 'sup') {
			out.push(...inlineFrom(node.children, [...marks, { type: 'subsup', attrs: { type: name } }]));
		} else if (name === 'br') {
			out.push({ type: 'hardBreak' });
		} else if (name === 'ac:link') {
			const { user, page, bodyText } = acLinkParts(node);
			if (user) {
				out.push({
					type: 'mention',
					attrs: { id: user.attrs['ri:account-id'] ?? '', text: bodyText ? `@${bodyText}` : '' },
				});
			} else {
				const title = page?.attrs['ri:content-title'] ?? '';
				out.push(
					...textNodes(bodyText || title, [
						...marks,
						{
							type: 'link',
							attrs: { href: `/wiki/pages/viewpage.action?title=${encodeUriText(title)}` },
						},
					]),
				);
			}
		} else if (name === 'ac:structured-macro' && node.attrs['ac:name'] === 'status') {
			const params = macroParameters(node);
			out.push({
				type: 'status',
				attrs: {
					text: params.title ?? '',
					color: STATUS_COLOURS[(params.colour ?? 'grey').toLowerCase()] ?? 'neutral',
					localId: localId(),
				},
			});
		} else if (name === 'ac:emoticon') {
			out.push({ type: 'emoji', attrs: { shortName: `:${node.attrs['ac:name'] ?? 'smile'}:` } });
		} else if (name === 'ac:image') {
			const attachment = childElements(node, 'ri:attachment')[0];
			out.push(...textNodes(`[image: ${attachment?.attrs['ri:filename'] ?? 'image'}]`, marks));
		} else if (name === 'time') {
			const datetime = node.attrs.datetime;
			if (datetime) out.push({ type: 'date', attrs: { timestamp: String(Date.parse(datetime)) } });
		} else if (isBlock(node)) {
			out.push(...textNodes(textOf(node.children), marks));
		} else {
			out.push(...inlineFrom(node.children, marks));
		}
	}
	return out;
}

export function storageToAdf(storage: string): AdfNode {
	return { type: 'doc', version: 1, content: blocksFrom(parseXhtml(storage)) } as AdfNode;
}

// ------------------------------------------------------------------------------------------------ ADF → storage

const REVERSE_PANEL: Record<string, string> = {
	info: 'info',
	note: 'note',
	warning: 'warning',
	success: 'tip',
	error: 'warning',
	tip: 'tip',
};
const REVERSE_STATUS: Record<string, string> = {
	green: 'Green',
	yellow: 'Yellow',
	red: 'Red',
	blue: 'Blue',
	purple: 'Purple',
	neutral: 'Grey',
};

function cdata(text: string): string {
	return `<![CDATA[${text.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** ADF marks that storage writes as one plain element. */
const MARK_ELEMENT = new Map([
	['strong', 'strong'],
	['em', 'em'],
	['code', 'code'],
	['underline', 'u'],
	['strike', 's'],
]);

function renderMarks(text: string, marks: AdfNode['marks'] = []): string {
	let out = escapeXml(text);
	for (const mark of marks) {
		const element = MARK_ELEMENT.get(mark.type);
		if (element) {
			out = `<${element}>${out}</${element}>`;
			continue;
		}
		switch (mark.type) {
			case 'subsup':
				out = mark.attrs?.type === 'sub' ? `<sub>${out}</sub>` : `<sup>${out}</sup>`;
				break;
			case 'link':
				out = `<a href="${escapeXml(String(mark.attrs?.href ?? ''))}">${out}</a>`;
				break;
			default:
				break;
		}
	}
	return out;
}

function renderAdf(nodes: AdfNode[] | undefined): string {
	return (nodes ?? []).map(renderAdfNode).join('');
}

function renderMacro(name: string, params: Record<string, string>, body: string): string {
	const parameters = Object.entries(params)
		.map(([k, v]) => `<ac:parameter ac:name="${escapeXml(k)}">${escapeXml(v)}</ac:parameter>`)
		.join('');
	return `<ac:structured-macro ac:name="${escapeXml(name)}" ac:schema-version="1">${parameters}${body}</ac:structured-macro>`;
}

function extensionParams(attrs: Record<string, unknown> | undefined): Record<string, string> {
	const macroParams = ((
		attrs?.parameters as { macroParams?: Record<string, { value?: unknown }> } | undefined
	)?.macroParams ?? {}) as Record<string, { value?: unknown }>;
	return Object.fromEntries(
		Object.entries(macroParams).map(([k, v]) => [k, String(v?.value ?? '')]),
	);
}

function renderAdfNode(node: AdfNode): string {
	const attrs = node.attrs ?? {};
	switch (node.type) {
		case 'doc':
			return renderAdf(node.content);
		case 'paragraph':
			return `<p>${renderAdf(node.content)}</p>`;
		case 'heading': {
			const level = Math.min(6, Math.max(1, Number(attrs.level ?? 1)));
			return `<h${level}>${renderAdf(node.content)}</h${level}>`;
		}
		case 'text':
			return renderMarks(node.text ?? '', node.marks);
		case 'hardBreak':
			return '<br />';
		case 'bulletList':
			return `<ul>${renderAdf(node.content)}</ul>`;
		case 'orderedList':
			return `<ol>${renderAdf(node.content)}</ol>`;
		case 'listItem':
			return `<li>${renderAdf(node.content)}</li>`;
		case 'blockquote':
			return `<blockquote>${renderAdf(node.content)}</blockquote>`;
		case 'rule':
			return '<hr />';
		case 'codeBlock':
			return renderMacro(
				'code',
				attrs.language ? { language: String(attrs.language) } : {},
				`<ac:plain-text-body>${cdata((node.content ?? []).map((t) => t.text ?? '').join(''))}</ac:plain-text-body>`,
			);
		case 'panel':
			return renderMacro(
				REVERSE_PANEL[String(attrs.panelType ?? 'info')] ?? 'info',
				{},
				`<ac:rich-text-body>${renderAdf(node.content)}</ac:rich-text-body>`,
			);
		case 'expand':
		case 'nestedExpand':
			return renderMacro(
				'expand',
				attrs.title ? { title: String(attrs.title) } : {},
				`<ac:rich-text-body>${renderAdf(node.content)}</ac:rich-text-body>`,
			);
		case 'table':
			return `<table><tbody>${renderAdf(node.content)}</tbody></table>`;
		case 'tableRow':
			return `<tr>${renderAdf(node.content)}</tr>`;
		case 'tableHeader':
			return `<th>${renderAdf(node.content)}</th>`;
		case 'tableCell':
			return `<td>${renderAdf(node.content)}</td>`;
		case 'status':
			return renderMacro(
				'status',
				{
					title: String(attrs.text ?? ''),
					colour: REVERSE_STATUS[String(attrs.color ?? 'neutral')] ?? 'Grey',
				},
				'',
			);
		case 'mention':
			return `<ac:link><ri:user ri:account-id="${escapeXml(String(attrs.id ?? ''))}" /></ac:link>`;
		case 'emoji':
			return `<ac:emoticon ac:name="${escapeXml(String(attrs.shortName ?? ':smile:').replace(/:/g, ''))}" />`;
		case 'date':
			return `<time datetime="${new Date(Number(attrs.timestamp ?? 0)).toISOString().slice(0, 10)}" />`;
		case 'inlineCard':
		case 'blockCard':
			return `<a href="${escapeXml(String(attrs.url ?? ''))}">${escapeXml(String(attrs.url ?? ''))}</a>`;
		case 'taskList':
			return `<ac:task-list>${renderAdf(node.content)}</ac:task-list>`;
		case 'taskItem':
			return `<ac:task><ac:task-id>${escapeXml(String(attrs.localId ?? ''))}</ac:task-id><ac:task-status>${attrs.state === 'DONE' ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${renderAdf(node.content)}</ac:task-body></ac:task>`;
		case 'extension':
			return renderMacro(
				String(attrs.extensionKey ?? 'unknown'),
				extensionParams(attrs),
				attrs.text !== undefined
					? `<ac:plain-text-body>${cdata(String(attrs.text))}</ac:plain-text-body>`
					: '',
			);
		case 'bodiedExtension':
			return renderMacro(
				String(attrs.extensionKey ?? 'unknown'),
				extensionParams(attrs),
				`<ac:rich-text-body>${renderAdf(node.content)}</ac:rich-text-body>`,
			);
		case 'mediaSingle':
		case 'mediaGroup':
			return renderAdf(node.content);
		case 'media':
			return attrs.alt ? `<p>${escapeXml(String(attrs.alt))}</p>` : '';
		default:
			return renderAdf(node.content);
	}
}

/** Throws a 400-worthy Error when the value is not an ADF doc (Confluence: "Error converting ADF to storage format"). */
export function parseAdf(value: string): AdfNode {
	const parsed = JSON.parse(value) as AdfNode;
	if (
		!parsed ||
		typeof parsed !== 'object' ||
		parsed.type !== 'doc' ||
		!Array.isArray(parsed.content)
	) {
		throw new Error('not an ADF document');
	}
	return parsed;
}

export function adfToStorage(adf: AdfNode): string {
	return renderAdfNode(adf);
}

// ------------------------------------------------------------------------------------------------ wiki → storage

function wikiInline(text: string): string {
	let out = escapeXml(text);
	out = out.replace(/\{\{(.+?)\}\}/g, '<code>$1</code>');
	out = out.replace(/(^|[\s(])\*(\S(?:.*?\S)?)\*(?=$|[\s).,!?])/g, '$1<strong>$2</strong>');
	out = out.replace(/(^|[\s(])_(\S(?:.*?\S)?)_(?=$|[\s).,!?])/g, '$1<em>$2</em>');
	out = out.replace(/(^|[\s(])-(\S(?:.*?\S)?)-(?=$|[\s).,!?])/g, '$1<s>$2</s>');
	out = out.replace(/\[([^|\]]+)\|([^\]]+)\]/g, '<a href="$2">$1</a>');
	out = out.replace(
		/\[~accountid:([^\]]+)\]/g,
		'<ac:link><ri:user ri:account-id="$1" /></ac:link>',
	);
	out = out.replace(/\\\\/g, '<br />');
	return out;
}

/** Confluence wiki markup → storage (write-only representation; converted on the way in, as Confluence does). */
export function wikiToStorage(wiki: string): string {
	const lines = wiki.replace(/\r\n?/g, '\n').split('\n');
	const out: string[] = [];
	let paragraph: string[] = [];
	const flushParagraph = () => {
		if (paragraph.length > 0) out.push(`<p>${paragraph.map(wikiInline).join('<br />')}</p>`);
		paragraph = [];
	};
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const code = /^\{(code|noformat)(?::([^}]*))?\}\s*$/.exec(line.trim());
		if (code) {
			flushParagraph();
			const body: string[] = [];
			i++;
			while (i < lines.length && !new RegExp(`^\\{${code[1]}\\}\\s*$`).test(lines[i].trim()))
				body.push(lines[i++]);
			const language =
				/(?:^|\|)language=([^|]+)/.exec(code[2] ?? '')?.[1] ??
				(code[2] && !code[2].includes('=') ? code[2] : undefined);
			out.push(
				renderMacro(
					code[1],
					language ? { language } : {},
					`<ac:plain-text-body>${cdata(body.join('\n'))}</ac:plain-text-body>`,
				),
			);
			continue;
		}
		const panel = /^\{(info|note|warning|tip)(?::[^}]*)?\}(.*)$/.exec(line.trim());
		if (panel) {
			flushParagraph();
			const body: string[] = [panel[2]];
			const close = new RegExp(`\\{${panel[1]}\\}\\s*$`);
			if (close.test(panel[2])) body[0] = panel[2].replace(close, '');
			else {
				i++;
				while (i < lines.length && !close.test(lines[i])) body.push(lines[i++]);
				if (i < lines.length) body.push(lines[i].replace(close, ''));
			}
			out.push(
				renderMacro(
					panel[1],
					{},
					`<ac:rich-text-body>${wikiToStorage(body.join('\n').trim())}</ac:rich-text-body>`,
				),
			);
			continue;
		}
		const heading = /^h([1-6])\.\s+(.*)$/.exec(line);
		if (heading) {
			flushParagraph();
			out.push(`<h${heading[1]}>${wikiInline(heading[2])}</h${heading[1]}>`);
			continue;
		}
		if (/^\s*[*#-]+\s+/.test(line) && !/^-{4,}\s*$/.test(line)) {
			flushParagraph();
			const items: Array<{ depth: number; ordered: boolean; text: string }> = [];
			while (i < lines.length && /^\s*[*#-]+\s+/.test(lines[i])) {
				const m = /^\s*([*#-]+)\s+(.*)$/.exec(lines[i]) as RegExpExecArray;
				items.push({ depth: m[1].length, ordered: m[1].endsWith('#'), text: m[2] });
				i++;
			}
			i--;
			out.push(renderWikiList(items, 0, items.length, 1));
			continue;
		}
		if (/^\s*\|/.test(line)) {
			flushParagraph();
			const rows: string[] = [];
			while (i < lines.length && /^\s*\|/.test(lines[i])) {
				const raw = lines[i].trim();
				const header = raw.startsWith('||');
				const cells = raw
					.replace(/^\|\|?/, '')
					.replace(/\|\|?$/, '')
					.split(header ? '||' : '|');
				rows.push(
					`<tr>${cells.map((c) => (header ? `<th><p>${wikiInline(c.trim())}</p></th>` : `<td><p>${wikiInline(c.trim())}</p></td>`)).join('')}</tr>`,
				);
				i++;
			}
			i--;
			out.push(`<table><tbody>${rows.join('')}</tbody></table>`);
			continue;
		}
		if (/^-{4,}\s*$/.test(line)) {
			flushParagraph();
			out.push('<hr />');
			continue;
		}
		if (/^bq\.\s+/.test(line)) {
			flushParagraph();
			out.push(`<blockquote><p>${wikiInline(line.replace(/^bq\.\s+/, ''))}</p></blockquote>`);
			continue;
		}
		if (line.trim() === '') flushParagraph();
		else paragraph.push(line);
	}
	flushParagraph();
	return out.join('');
}

function renderWikiList(
	items: Array<{ depth: number; ordered: boolean; text: string }>,
	from: number,
	to: number,
	depth: number,
): string {
	const tag = items[from]?.ordered ? 'ol' : 'ul';
	let html = `<${tag}>`;
	let i = from;
	while (i < to) {
		const item = items[i];
		let j = i + 1;
		while (j < to && items[j].depth > depth) j++;
		const nested = j > i + 1 ? renderWikiList(items, i + 1, j, depth + 1) : '';
		html += `<li><p>${wikiInline(item.text)}</p>${nested}</li>`;
		i = j;
	}
	return `${html}</${tag}>`;
}

// ------------------------------------------------------------------------------------------------ storage → view / text

function renderView(nodes: XmlNode[], users: (accountId: string) => string | undefined): string {
	return nodes
		.map((node) => {
			if (!isElement(node)) return escapeXml(node);
			const name = node.name;
			if (name === 'ac:structured-macro') {
				const macro = node.attrs['ac:name'] ?? '';
				const params = macroParameters(node);
				const rich = childElements(node, 'ac:rich-text-body')[0];
				const plain = childElements(node, 'ac:plain-text-body')[0];
				if (macro === 'code' || macro === 'noformat') {
					return `<div class="code panel pdl"><div class="codeContent panelContent pdl"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: ${escapeXml(params.language ?? 'java')}; gutter: false">${escapeXml(textOf(plain?.children ?? []))}</pre></div></div>`;
				}
				if (macro === 'status') {
					return `<span class="status-macro aui-lozenge aui-lozenge-${escapeXml((params.colour ?? 'grey').toLowerCase())}">${escapeXml(params.title ?? '')}</span>`;
				}
				if (macro in PANEL_TYPES) {
					return `<div class="confluence-information-macro confluence-information-macro-${macro === 'info' ? 'information' : macro}">${params.title ? `<p class="title">${escapeXml(params.title)}</p>` : ''}<div class="confluence-information-macro-body">${renderView(rich?.children ?? [], users)}</div></div>`;
				}
				return `<div class="conf-macro output-block" data-macro-name="${escapeXml(macro)}">${rich ? renderView(rich.children, users) : escapeXml(textOf(plain?.children ?? []))}</div>`;
			}
			if (name === 'ac:link') {
				const { user, page, bodyText } = acLinkParts(node);
				if (user) {
					const accountId = user.attrs['ri:account-id'] ?? '';
					return `<a class="confluence-userlink user-mention" data-account-id="${escapeXml(accountId)}" href="/wiki/people/${escapeXml(accountId)}">${escapeXml(bodyText || users(accountId) || accountId)}</a>`;
				}
				const title = page?.attrs['ri:content-title'] ?? '';
				return `<a href="/wiki/display/${encodeUriText(title)}">${escapeXml(bodyText || title)}</a>`;
			}
			if (name === 'ac:task-list') {
				return `<ul class="inline-task-list">${childElements(node, 'ac:task')
					.map((task) => {
						const done =
							textOf(childElements(task, 'ac:task-status')[0]?.children ?? []).trim() ===
							'complete';
						return `<li${done ? ' class="checked"' : ''}>${renderView(childElements(task, 'ac:task-body')[0]?.children ?? [], users)}</li>`;
					})
					.join('')}</ul>`;
			}
			if (name === 'ac:emoticon')
				return `<img class="emoticon" alt="(${escapeXml(node.attrs['ac:name'] ?? '')})" />`;
			if (name === 'ac:image') {
				const attachment = childElements(node, 'ri:attachment')[0];
				return `<img class="confluence-embedded-image" alt="${escapeXml(attachment?.attrs['ri:filename'] ?? '')}" />`;
			}
			if (name.includes(':')) return renderView(node.children, users);
			const attrs = Object.entries(node.attrs)
				.map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
				.join('');
			if (VOID_ELEMENTS.has(name)) return `<${name}${attrs} />`;
			return `<${name}${attrs}>${renderView(node.children, users)}</${name}>`;
		})
		.join('');
}

/** Rendered HTML like Confluence's `view` representation (macros expanded to their HTML output). */
export function storageToView(
	storage: string,
	users: (accountId: string) => string | undefined = () => undefined,
): string {
	return renderView(parseXhtml(storage), users);
}

/** Plain text of a storage body (search, excerpts). */
export function storageToText(storage: string): string {
	const parts: string[] = [];
	const walk = (nodes: XmlNode[]) => {
		for (const node of nodes) {
			if (!isElement(node)) parts.push(node);
			else if (node.name === 'ac:parameter') continue;
			else {
				if (
					BLOCK_NAMES.has(node.name) ||
					node.name === 'li' ||
					node.name === 'br' ||
					node.name === 'td' ||
					node.name === 'th'
				)
					parts.push(' ');
				walk(node.children);
			}
		}
	};
	walk(parseXhtml(storage));
	return parts.join('').replace(/\s+/g, ' ').trim();
}
