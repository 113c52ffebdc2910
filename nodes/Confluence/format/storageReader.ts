import type {
	Align,
	AnyNode,
	Block,
	FormatType,
	Inline,
	ListItem,
	ListNode,
	MacroParam,
	PanelKind,
	TableRow,
} from './ast';
import { collapseSpace, HTML_GROUPING_BLOCKS, isInline, listNumbering, toBlocks } from './ast';
import type { ConfluenceTarget } from './links';
import { parseHtmlDocument } from './htmlDocument';
import { calendarDay, formatConfluenceHref } from './links';
import type { TreeShape } from './nesting';
import { boundNesting } from './nesting';
import { isRawHtmlEnd, rawHtmlSource } from './rawHtml';

export interface StorageReadOptions {
	/** Display names for user mentions, by account id (or `userkey:…` / `username:…`). */
	userNames?: Record<string, string>;
}

/** The part of htmlparser2's DOM (domhandler) this reader uses. */
interface DomNode {
	type: string;
	data?: string;
	name?: string;
	attribs?: Record<string, string>;
	children?: DomNode[];
}

const FORMAT: Record<string, FormatType> = {
	b: 'strong',
	strong: 'strong',
	i: 'emphasis',
	em: 'emphasis',
	u: 'underline',
	ins: 'underline',
	s: 'delete',
	del: 'delete',
	strike: 'delete',
	sup: 'superscript',
	sub: 'subscript',
};

/** Confluence's panel macros to GitHub alert kinds (by colour: info is blue, tip green, note yellow, warning red). */
const PANEL_KIND: Record<string, PanelKind> = {
	info: 'note',
	tip: 'tip',
	note: 'warning',
	warning: 'caution',
};

/** Cloud's ADF panel types (stored as ac:adf-extension) to GitHub alert kinds. */
export const ADF_PANEL_KIND: Record<string, PanelKind> = {
	info: 'note',
	note: 'important',
	tip: 'tip',
	success: 'tip',
	warning: 'warning',
	error: 'caution',
};

/** Confluence's classic emoticons; newer ones carry their emoji in ac:emoji-fallback. */
const EMOTICONS: Record<string, string> = {
	smile: '🙂',
	sad: '🙁',
	cheeky: '😛',
	laugh: '😀',
	wink: '😉',
	'thumbs-up': '👍',
	'thumbs-down': '👎',
	information: 'ℹ️',
	tick: '✅',
	cross: '❌',
	warning: '⚠️',
	plus: '➕',
	minus: '➖',
	question: '❓',
	'light-on': '💡',
	'light-off': '💡',
	'yellow-star': '⭐',
	'red-star': '⭐',
	'green-star': '⭐',
	'blue-star': '⭐',
	heart: '❤️',
	'broken-heart': '💔',
};

/** HTML block elements read for their content: each starts a new block (issue 14: `<div>a</div><div>b</div>` is two lines). */
const BLOCK_WRAPPERS = new Set([
	...HTML_GROUPING_BLOCKS,
	'address',
	'hgroup',
	'dl',
	'dt',
	'dd',
	'form',
	'fieldset',
	'legend',
]);

const SKIPPED = new Set([
	'style',
	'script',
	'head',
	'title',
	'colgroup',
	'col',
	'ac:parameter',
	'ac:default-parameter',
	'ac:task-id',
	'ac:task-uuid',
	'ac:task-status',
	'ac:adf-fallback',
	'ac:adf-attribute',
]);

function nameOf(node: DomNode): string {
	return (node.name ?? '').toLowerCase();
}

function isElement(node: DomNode): boolean {
	return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function attr(node: DomNode, name: string): string | undefined {
	return node.attribs?.[name];
}

function elements(node: DomNode): DomNode[] {
	return (node.children ?? []).filter(isElement);
}

function child(node: DomNode, name: string): DomNode | undefined {
	return elements(node).find((element) => nameOf(element) === name);
}

export function textContent(node: DomNode): string {
	if (node.type === 'text') return node.data ?? '';
	if (node.type === 'comment') return '';
	let text = '';
	for (const item of node.children ?? []) text += textContent(item);
	return text;
}

function isBlankText(node: DomNode): boolean {
	return (
		(node.type === 'text' && /^[ \t\n\r\f]*$/.test(node.data ?? '')) || node.type === 'comment'
	);
}

function significantChildren(node: DomNode): DomNode[] {
	return (node.children ?? []).filter((item) => !isBlankText(item));
}

function alignOf(style: string | undefined): Align | undefined {
	const match = /text-align\s*:\s*(left|center|right)/i.exec(style ?? '');
	return match ? (match[1].toLowerCase() as Align) : undefined;
}

function positive(value: string | undefined): number | undefined {
	const number = parseInt(value ?? '', 10);
	return Number.isFinite(number) && number > 1 ? number : undefined;
}

/**
 * Confluence's XML space backups write a `]]>` inside CDATA as `]] >` (and undo it on restore); bodies
 * copied from a backup have a CDATA section that ends at `]] >`.
 */
function restoreCdataEnds(storage: string): string {
	if (!storage.includes(']] >')) return storage;
	let out = '';
	let index = 0;
	for (;;) {
		const start = storage.indexOf('<![CDATA[', index);
		if (start < 0) break;
		const end = storage.indexOf(']]>', start);
		const escaped = storage.indexOf(']] >', start);
		if (escaped >= 0 && (end < 0 || escaped < end)) {
			out += `${storage.slice(index, escaped)}]]>`;
			index = escaped + 4;
		} else {
			const stop = end < 0 ? storage.length : end + 3;
			out += storage.slice(index, stop);
			index = stop;
		}
	}
	return out + storage.slice(index);
}

/**
 * Storage allows loose content straight in block containers. A macro without a body standing among text
 * is part of that text; an image standing on its own between blocks is a block image (a paragraph of its own).
 */
function placeLooseContent(nodes: AnyNode[], textual: boolean): AnyNode[] {
	const blank = (node: AnyNode) => node.type === 'text' && /^[ \t\n\r\f]*$/.test(node.value);
	// Runs of inline content between blocks: images stand alone only in runs without text.
	const runHasText: boolean[] = [];
	let runStart = 0;
	for (let index = 0; index <= nodes.length; index++) {
		if (index < nodes.length && isInline(nodes[index])) continue;
		const hasText = nodes
			.slice(runStart, index)
			.some((node) => node.type !== 'image' && !blank(node));
		for (let member = runStart; member < index; member++) runHasText[member] = hasText;
		runStart = index + 1;
	}
	const neighbour = (index: number, step: number): AnyNode | undefined => {
		for (let at = index + step; at >= 0 && at < nodes.length; at += step) {
			if (!blank(nodes[at])) return nodes[at];
		}
		return undefined;
	};
	return nodes.map((node, index) => {
		if (node.type === 'image')
			return runHasText[index] ? node : { type: 'paragraph', children: [node] };
		if (node.type !== 'macro' || node.text !== undefined || node.children !== undefined)
			return node;
		const before = neighbour(index, -1);
		const after = neighbour(index, 1);
		const amongText =
			(before !== undefined && isInline(before)) || (after !== undefined && isInline(after));
		if (amongText || (textual && !before && !after))
			return { type: 'inlineMacro', name: node.name, params: node.params };
		return node;
	});
}

/** Collapses white space in each paragraph, as a browser shows storage format. */
function finishBlocks(nodes: AnyNode[], textual = false): Block[] {
	const blocks: Block[] = [];
	const placed = placeLooseContent(nodes, textual);
	// Paragraphs read from <p> are collapsed already; only those grouped from loose content are new.
	const existing = new Set(placed.filter((node) => !isInline(node)));
	for (const block of toBlocks(placed)) {
		if (block.type === 'paragraph' && !existing.has(block)) {
			const children = collapseSpace(block.children);
			if (children.length > 0) blocks.push({ type: 'paragraph', children });
		} else {
			blocks.push(block);
		}
	}
	return blocks;
}

/** An inline element that turned out to hold blocks: the inline runs are wrapped, the blocks lifted out. */
function wrapRuns(nodes: AnyNode[], wrap: (inlines: Inline[]) => AnyNode): AnyNode[] {
	if (nodes.every(isInline)) return [wrap(nodes as Inline[])];
	const out: AnyNode[] = [];
	let run: Inline[] = [];
	const flush = () => {
		if (run.length > 0) out.push(wrap(run));
		run = [];
	};
	for (const node of nodes) {
		if (isInline(node)) run.push(node);
		else {
			flush();
			out.push(node);
		}
	}
	flush();
	return out;
}

function targetOf(resource: DomNode, anchor?: string): ConfluenceTarget | undefined {
	const space = attr(resource, 'ri:space-key') || undefined;
	switch (nameOf(resource)) {
		case 'ri:page':
			return {
				kind: 'page',
				spaceKey: space,
				title: attr(resource, 'ri:content-title') ?? '',
				anchor,
			};
		case 'ri:blog-post':
			return {
				kind: 'blog',
				spaceKey: space,
				title: attr(resource, 'ri:content-title') ?? '',
				postingDay: attr(resource, 'ri:posting-day') || undefined,
				anchor,
			};
		case 'ri:attachment': {
			const filename = attr(resource, 'ri:filename') ?? '';
			const container = elements(resource)[0];
			const owner = container ? targetOf(container) : undefined;
			if (owner && owner.kind === 'page') {
				return {
					kind: 'attachment',
					filename,
					page: { spaceKey: owner.spaceKey, title: owner.title },
				};
			}
			if (owner && owner.kind === 'blog') {
				return {
					kind: 'attachment',
					filename,
					blog: { spaceKey: owner.spaceKey, title: owner.title, postingDay: owner.postingDay },
				};
			}
			return { kind: 'attachment', filename };
		}
		case 'ri:space':
			return space ? { kind: 'space', spaceKey: space } : undefined;
		case 'ri:content-entity':
			return { kind: 'content', contentId: attr(resource, 'ri:content-id') ?? '', anchor };
		case 'ri:user':
			return { kind: 'user', user: userOf(resource) };
		default:
			return undefined;
	}
}

function userOf(resource: DomNode): string {
	const accountId = attr(resource, 'ri:account-id');
	if (accountId) return accountId;
	const userKey = attr(resource, 'ri:userkey');
	if (userKey) return `userkey:${userKey}`;
	return `username:${attr(resource, 'ri:username') ?? ''}`;
}

function defaultLinkText(target: ConfluenceTarget): string {
	switch (target.kind) {
		case 'page':
		case 'blog':
			return target.title;
		case 'attachment':
			return target.filename;
		case 'space':
			return target.spaceKey;
		default:
			return '';
	}
}

/** A resource reference in a macro parameter (several are joined with ", "). */
function referenceValue(target: ConfluenceTarget): string {
	return formatConfluenceHref(target);
}

/** Our own footnote anchors (`fn-LABEL`, written by the storage writer). */
function footnoteAnchor(node: DomNode | undefined): string | undefined {
	if (!node || !isElement(node)) return undefined;
	const name = nameOf(node);
	if ((name !== 'ac:structured-macro' && name !== 'ac:macro') || attr(node, 'ac:name') !== 'anchor')
		return undefined;
	const parameter = elements(node).find((element) => {
		const elementName = nameOf(element);
		return (
			(elementName === 'ac:parameter' && !attr(element, 'ac:name')) ||
			elementName === 'ac:default-parameter'
		);
	});
	const value = parameter ? textContent(parameter).trim() : '';
	return value.startsWith('fn-') ? value.slice(3) : undefined;
}

/** Elements whose children are read by name (rows, items, macro parts): text standing in them would be lost. */
const STRUCTURAL = new Set([
	'table',
	'thead',
	'tbody',
	'tfoot',
	'tr',
	'ul',
	'ol',
	'ac:structured-macro',
	'ac:macro',
	'ac:task-list',
	'ac:task',
	'ac:layout',
	'ac:layout-section',
	'ac:link',
	'ac:image',
	'ac:emoticon',
	'ac:adf-extension',
	'ac:adf-node',
	'ac:plain-text-body',
	'ac:parameter',
]);

const INLINE_ELEMENTS = new Set([
	...Object.keys(FORMAT),
	'span',
	'a',
	'code',
	'tt',
	'kbd',
	'samp',
	'time',
	'br',
	'img',
	'ac:link',
	'ac:image',
	'ac:emoticon',
]);

const DOM_SHAPE: TreeShape<DomNode> = {
	children: (node) => node.children,
	leafText: (node) => (node.type === 'text' ? (node.data ?? '') : ''),
	isBlock: (node) => isElement(node) && !INLINE_ELEMENTS.has(nameOf(node)),
	holdsText: (node) => !isElement(node) || !STRUCTURAL.has(nameOf(node)),
	flattened: (text) => ({ type: 'text', data: text }),
	setChildren: (node, children) => {
		node.children = children;
	},
};

/** The parts of a macro element that are not its body. */
const MACRO_PARTS = new Set([
	'ac:parameter',
	'ac:default-parameter',
	'ac:plain-text-body',
	'ac:rich-text-body',
	'ac:task-id',
	'ac:adf-fallback',
]);

/**
 * A plain-text body's text. Where it holds CDATA, the code is the CDATA alone: the white space that indents the
 * section in a pretty-printed page is not part of it.
 */
function plainBody(node: DomNode): string {
	const sections = (node.children ?? []).filter((item) => item.type === 'cdata');
	if (sections.length === 0) return textContent(node);
	return sections.map(textContent).join('');
}

class StorageReader {
	private readonly userNames: Record<string, string>;

	constructor(options: StorageReadOptions) {
		this.userNames = options.userNames ?? {};
	}

	read(storage: string): Block[] {
		const document = parseHtmlDocument(restoreCdataEnds(storage), {
			xmlMode: false,
			decodeEntities: true,
			lowerCaseTags: false,
			lowerCaseAttributeNames: false,
			recognizeCDATA: true,
			recognizeSelfClosing: true,
		}) as unknown as DomNode;
		boundNesting(document, DOM_SHAPE);
		return this.blocks(document.children ?? []);
	}

	/**
	 * The blocks of a container. In list items, task bodies and table cells (`textual`) a macro standing
	 * alone is read as inline content, as it is there in Confluence's editor.
	 */
	private blocks(nodes: DomNode[], textual = false): Block[] {
		return finishBlocks(this.nodes(nodes, false), textual);
	}

	private nodes(nodes: DomNode[], inline: boolean): AnyNode[] {
		const out: AnyNode[] = [];
		let previousWasBlock = false;
		let rawUntil = -1;
		nodes.forEach((node, index) => {
			if (index <= rawUntil) return;
			if (node.type === 'comment') {
				// Raw HTML from Markdown (`rawHtml.ts`): the source, then what the page shows of it up to an end marker.
				const value = rawHtmlSource(node.data ?? '');
				if (value === undefined) return;
				// The writer puts the shown text (one text node) straight between the two markers.
				const isEnd = (at: number) =>
					nodes[at]?.type === 'comment' && isRawHtmlEnd(nodes[at].data ?? '');
				const end = isEnd(index + 1)
					? index + 1
					: nodes[index + 1]?.type === 'text' && isEnd(index + 2)
						? index + 2
						: -1;
				const visible = end > index;
				if (visible) rawUntil = end;
				out.push({ type: 'rawHtml', value, visible });
				return;
			}
			// In a line (a heading, a link) block elements cannot start lines of their own: a space keeps
			// their texts apart (`<h2><div>a</div><div>b</div></h2>` is "a b").
			const isBlock = inline && isElement(node) && BLOCK_WRAPPERS.has(nameOf(node));
			if (index > 0 && (isBlock || previousWasBlock)) out.push({ type: 'text', value: ' ' });
			previousWasBlock = isBlock;
			for (const converted of this.node(node, inline)) out.push(converted);
		});
		return out;
	}

	private node(node: DomNode, inline: boolean): AnyNode[] {
		if (node.type === 'text') return node.data ? [{ type: 'text', value: node.data }] : [];
		if (node.type === 'cdata') return [{ type: 'text', value: textContent(node) }];
		if (!isElement(node)) return [];
		const name = nameOf(node);
		if (SKIPPED.has(name)) return [];
		const children = node.children ?? [];
		if (FORMAT[name]) {
			if (name === 'sup') {
				const reference = this.footnoteReference(node);
				if (reference) return [reference];
			}
			const format = FORMAT[name];
			return wrapRuns(this.nodes(children, true), (inlines) => ({
				type: format,
				children: inlines,
			}));
		}
		switch (name) {
			case 'p':
				return this.inlineBlock(this.nodes(children, true), (inlines) => ({
					type: 'paragraph',
					children: inlines,
				}));
			case 'h1':
			case 'h2':
			case 'h3':
			case 'h4':
			case 'h5':
			case 'h6': {
				const level = parseInt(name.slice(1), 10);
				const converted = this.inlineBlock(this.nodes(children, true), (inlines) => ({
					type: 'heading',
					level,
					children: inlines,
				}));
				return converted.some((item) => item.type === 'heading')
					? converted
					: [{ type: 'heading', level, children: [] }, ...converted];
			}
			case 'br':
				return [{ type: 'break' }];
			case 'hr':
				return [{ type: 'rule' }];
			case 'blockquote':
				return [{ type: 'blockquote', children: this.blocks(children) }];
			case 'pre':
				return [
					{
						type: 'code',
						language: '',
						params: [],
						value: textContent(node)
							.replace(/^\r?\n/, '')
							.replace(/\r\n?/g, '\n'),
					},
				];
			case 'code':
			case 'tt':
			case 'kbd':
			case 'samp':
				return [{ type: 'inlineCode', value: textContent(node) }];
			case 'a': {
				const href = attr(node, 'href');
				const content = this.nodes(children, true);
				if (href === undefined) return content;
				return wrapRuns(content, (inlines) => ({
					type: 'link',
					href,
					title: attr(node, 'title') || undefined,
					children: inlines,
				}));
			}
			case 'img': {
				const src = attr(node, 'src');
				if (!src) return [];
				return [
					{
						type: 'image',
						src,
						alt: attr(node, 'alt') ?? '',
						title: attr(node, 'title') || undefined,
					},
				];
			}
			case 'time': {
				const day = calendarDay(attr(node, 'datetime') ?? '');
				if (day) return [{ type: 'date', value: day }];
				const content = this.nodes(children, true);
				const datetime = attr(node, 'datetime');
				return content.length > 0 || !datetime ? content : [{ type: 'text', value: datetime }];
			}
			case 'ac:placeholder': {
				// Instruction text shown only while editing: the same node as ADF's placeholder.
				const text = textContent(node)
					.replace(/[ \t\n\r\f]+/g, ' ')
					.trim();
				return text ? [{ type: 'adfInline', name: 'placeholder', params: [], text }] : [];
			}
			case 'ul':
			case 'ol':
				return this.list(node, name === 'ol');
			case 'table':
				return this.table(node);
			case 'ac:structured-macro':
			case 'ac:macro':
				return this.macro(node, inline);
			case 'ac:link':
				return this.link(node);
			case 'ac:image':
				return this.image(node);
			case 'ac:emoticon': {
				const fallback = attr(node, 'ac:emoji-fallback');
				const emoticon = attr(node, 'ac:name') ?? '';
				const shortName = attr(node, 'ac:emoji-shortname');
				const text = fallback || EMOTICONS[emoticon] || shortName || `:${emoticon}:`;
				// Without a short name or an emoticon name there is nothing to write an emoticon back from.
				if (!shortName && !emoticon) return [{ type: 'text', value: text }];
				return [
					{
						type: 'emoji',
						text,
						shortName: shortName || undefined,
						id: attr(node, 'ac:emoji-id') || undefined,
						// "blue-star" with a short name is Cloud's name for any emoji without a classic emoticon.
						emoticon: emoticon && !(shortName && emoticon === 'blue-star') ? emoticon : undefined,
					},
				];
			}
			case 'ac:task-list':
				return this.taskList(node);
			case 'ac:adf-extension':
				return this.adfExtension(node, inline);
			case 'ac:plain-text-body':
			case 'ac:plain-text-link-body':
				return [{ type: 'text', value: textContent(node) }];
			default:
				if (name.startsWith('ri:')) return [];
				// HTML's block elements Markdown has no word for still end a line: their content is blocks of its own.
				if (!inline && BLOCK_WRAPPERS.has(name)) return this.blocks(children);
				return this.nodes(children, inline);
		}
	}

	/** A paragraph or heading: inline content, with any block content it wrongly holds moved after it. */
	private inlineBlock(nodes: AnyNode[], make: (inlines: Inline[]) => Block): AnyNode[] {
		const out: AnyNode[] = [];
		let run: Inline[] = [];
		let made = false;
		const flush = () => {
			if (run.length === 0) return;
			const collapsed = collapseSpace(run);
			run = [];
			if (collapsed.length === 0) return;
			out.push(made ? { type: 'paragraph', children: collapsed } : make(collapsed));
			made = true;
		};
		for (const node of nodes) {
			if (isInline(node)) run.push(node);
			else {
				flush();
				out.push(node);
			}
		}
		flush();
		return out;
	}

	private footnoteReference(node: DomNode): Inline | undefined {
		const [only, ...rest] = significantChildren(node);
		if (!only || rest.length > 0 || nameOf(only) !== 'ac:link') return undefined;
		const anchor = attr(only, 'ac:anchor');
		if (
			!anchor ||
			!anchor.startsWith('fn-') ||
			elements(only).some((element) => nameOf(element).startsWith('ri:'))
		) {
			return undefined;
		}
		return { type: 'footnoteReference', label: anchor.slice(3) };
	}

	private footnoteDefinitions(node: DomNode): Block[] | undefined {
		const items = significantChildren(node);
		if (items.length === 0) return undefined;
		const definitions: Block[] = [];
		for (const item of items) {
			if (nameOf(item) !== 'li') return undefined;
			const [first, ...rest] = significantChildren(item);
			if (!first || nameOf(first) !== 'p') return undefined;
			const anchorNode = significantChildren(first)[0];
			const label = footnoteAnchor(anchorNode);
			if (label === undefined) return undefined;
			const paragraphChildren = first.children ?? [];
			const paragraph: DomNode = {
				...first,
				children: paragraphChildren.slice(paragraphChildren.indexOf(anchorNode) + 1),
			};
			definitions.push({
				type: 'footnoteDefinition',
				label,
				children: this.blocks([paragraph, ...rest]),
			});
		}
		return definitions;
	}

	private list(node: DomNode, ordered: boolean): AnyNode[] {
		if (ordered) {
			const footnotes = this.footnoteDefinitions(node);
			if (footnotes) return footnotes;
		}
		const items: ListItem[] = [];
		let tight = true;
		for (const item of node.children ?? []) {
			if (isBlankText(item)) continue;
			const name = nameOf(item);
			if (name === 'li') {
				if (elements(item).some((element) => nameOf(element) === 'p')) tight = false;
				items.push({ children: this.blocks(item.children ?? [], true) });
				continue;
			}
			const blocks = this.blocks([item]);
			const previous = items[items.length - 1];
			if (previous && (name === 'ul' || name === 'ol')) previous.children.push(...blocks);
			else if (blocks.length > 0) items.push({ children: blocks });
		}
		if (items.length === 0) return [];
		for (const item of items) {
			for (let index = 1; index < item.children.length; index++) {
				if (
					item.children[index].type === 'paragraph' &&
					item.children[index - 1].type === 'paragraph'
				)
					tight = false;
			}
		}
		const start = parseInt(attr(node, 'start') ?? '1', 10);
		const list: ListNode = {
			type: 'list',
			ordered,
			start: Number.isFinite(start) ? start : 1,
			tight,
			items,
		};
		const numbering = ordered ? listNumbering(attr(node, 'type'), attr(node, 'style')) : undefined;
		if (numbering) list.numbering = numbering;
		return [list];
	}

	private table(node: DomNode): AnyNode[] {
		const rows: TableRow[] = [];
		const before: AnyNode[] = [];
		const visit = (parent: DomNode) => {
			for (const item of elements(parent)) {
				const name = nameOf(item);
				if (name === 'thead' || name === 'tbody' || name === 'tfoot') visit(item);
				else if (name === 'caption') before.push(...this.blocks(item.children ?? []));
				else if (name === 'tr') rows.push(this.row(item));
			}
		};
		visit(node);
		const filled = rows.filter((row) => row.cells.length > 0);
		if (filled.length === 0) return before;
		return [...before, { type: 'table', rows: filled }];
	}

	private row(node: DomNode): TableRow {
		const cells = [];
		for (const cell of elements(node)) {
			const name = nameOf(cell);
			if (name !== 'td' && name !== 'th') continue;
			let align =
				alignOf(attr(cell, 'style')) ?? alignOf(`text-align:${attr(cell, 'align') ?? ''}`);
			if (!align) {
				const paragraphs = elements(cell).filter((element) => nameOf(element) === 'p');
				const aligns = new Set(paragraphs.map((paragraph) => alignOf(attr(paragraph, 'style'))));
				if (paragraphs.length > 0 && aligns.size === 1) align = [...aligns][0];
			}
			const entry: TableRow['cells'][number] = {
				header: name === 'th',
				children: this.blocks(cell.children ?? [], true),
			};
			if (align) entry.align = align;
			const colspan = positive(attr(cell, 'colspan'));
			const rowspan = positive(attr(cell, 'rowspan'));
			if (colspan) entry.colspan = colspan;
			if (rowspan) entry.rowspan = rowspan;
			cells.push(entry);
		}
		return { cells };
	}

	private taskList(node: DomNode): AnyNode[] {
		const items: ListItem[] = [];
		for (const task of elements(node)) {
			const name = nameOf(task);
			if (name === 'ac:task-list') {
				const nested = this.taskList(task);
				const previous = items[items.length - 1];
				if (previous) previous.children.push(...(nested as Block[]));
				else items.push({ children: nested as Block[], checked: false });
				continue;
			}
			if (name !== 'ac:task') continue;
			const status = child(task, 'ac:task-status');
			const body = child(task, 'ac:task-body');
			items.push({
				checked: status ? textContent(status).trim().toLowerCase() === 'complete' : false,
				children: body ? this.blocks(body.children ?? [], true) : [],
			});
		}
		if (items.length === 0) return [];
		return [{ type: 'list', ordered: false, start: 1, tight: true, items }];
	}

	private parameterValue(node: DomNode): string {
		const references: string[] = [];
		let hasElements = false;
		for (const item of elements(node)) {
			hasElements = true;
			const name = nameOf(item);
			if (name === 'ac:link') {
				const resource = elements(item).find((element) => nameOf(element).startsWith('ri:'));
				const target = resource ? targetOf(resource, attr(item, 'ac:anchor')) : undefined;
				references.push(target ? referenceValue(target) : 'confluence-page:/');
			} else if (name.startsWith('ri:')) {
				const target = targetOf(item);
				if (target) references.push(referenceValue(target));
			} else {
				references.push(textContent(item).trim());
			}
		}
		if (!hasElements) return textContent(node).trim();
		return references.filter(Boolean).join(', ');
	}

	private macro(node: DomNode, inline: boolean): AnyNode[] {
		const name = (attr(node, 'ac:name') ?? '').trim();
		const lower = name.toLowerCase();
		const params: MacroParam[] = [];
		let plain: string | undefined;
		let rich: DomNode | undefined;
		for (const item of elements(node)) {
			const itemName = nameOf(item);
			if (itemName === 'ac:parameter')
				params.push({ name: attr(item, 'ac:name') ?? '', value: this.parameterValue(item) });
			else if (itemName === 'ac:default-parameter')
				params.push({ name: '', value: this.parameterValue(item) });
			else if (itemName === 'ac:plain-text-body') plain = plainBody(item);
			else if (itemName === 'ac:rich-text-body') rich = item;
		}
		// Confluence's editor always wraps a macro's body, but exported, imported and API-written pages often
		// hold it straight in the macro (a gallery's images, a panel's paragraphs): that content is the body.
		// With a rich-text body as well, the loose content stands before or after it in the same body.
		if (plain === undefined) {
			const loose = (node.children ?? []).filter(
				(item) => !isBlankText(item) && !(isElement(item) && MACRO_PARTS.has(nameOf(item))),
			);
			if (loose.length > 0) {
				const kept = new Set(loose);
				const children: DomNode[] = [];
				for (const item of node.children ?? []) {
					if (item === rich) children.push(...(rich.children ?? []));
					else if (kept.has(item)) children.push(item);
				}
				rich = { type: 'tag', name: 'ac:rich-text-body', children };
			}
		}
		const param = (key: string) => params.find((p) => p.name.toLowerCase() === key)?.value;
		if (!name) return rich ? this.nodes(rich.children ?? [], inline) : [];
		const body = (): Block[] =>
			rich
				? this.blocks(rich.children ?? [])
				: plain
					? [{ type: 'paragraph', children: [{ type: 'text', value: plain }] }]
					: [];
		switch (lower) {
			case 'code':
			case 'noformat': {
				// The legacy <ac:macro ac:name="code"> names its language in its default parameter.
				const language = lower === 'code' ? (param('language') ?? param('') ?? '') : '';
				const extra =
					lower === 'code'
						? params.filter((p) =>
								['title', 'linenumbers', 'firstline', 'collapse', 'theme'].includes(
									p.name.toLowerCase(),
								),
							)
						: [];
				const text = plain ?? (rich ? textContent(rich) : '');
				return [{ type: 'code', language, params: extra, value: text.replace(/\r\n?/g, '\n') }];
			}
			case 'info':
			case 'tip':
			case 'note':
			case 'warning':
				return [
					{
						type: 'panel',
						kind: PANEL_KIND[lower],
						title: param('title') || undefined,
						children: body(),
					},
				];
			case 'expand':
				return [{ type: 'expand', title: param('title') ?? '', children: body() }];
			case 'status': {
				const colour = (param('colour') ?? param('color') ?? 'grey').toLowerCase();
				return [
					{
						type: 'status',
						text: param('title') ?? '',
						colour: colour === 'gray' ? 'grey' : colour,
						subtle: param('subtle') === 'true' || undefined,
					},
				];
			}
			default:
				if (rich)
					return [{ type: 'macro', name, params, children: this.blocks(rich.children ?? []) }];
				if (plain !== undefined)
					return [{ type: 'macro', name, params, text: plain.replace(/\r\n?/g, '\n') }];
				return inline ? [{ type: 'inlineMacro', name, params }] : [{ type: 'macro', name, params }];
		}
	}

	private link(node: DomNode): AnyNode[] {
		const anchor = attr(node, 'ac:anchor') || undefined;
		let resource: DomNode | undefined;
		let body: AnyNode[] | undefined;
		for (const item of elements(node)) {
			const name = nameOf(item);
			if (name.startsWith('ri:') && !resource) resource = item;
			else if (name === 'ac:plain-text-link-body')
				body = [{ type: 'text', value: textContent(item) }];
			else if (name === 'ac:link-body') body = this.nodes(item.children ?? [], true);
		}
		if (resource && nameOf(resource) === 'ri:user') {
			const user = userOf(resource);
			const bodyText = body ? textContent(node).trim() : '';
			return [{ type: 'mention', user, name: this.userNames[user] ?? (bodyText || undefined) }];
		}
		let href: string | undefined;
		let fallback = '';
		if (resource) {
			const name = nameOf(resource);
			if (name === 'ri:url') {
				href = attr(resource, 'ri:value') ?? '';
				fallback = href;
			} else {
				const target = targetOf(resource, anchor);
				if (target) {
					href = formatConfluenceHref(target);
					fallback = defaultLinkText(target);
				}
			}
		} else if (anchor) {
			href = `#${anchor}`;
		} else if (body) {
			href = formatConfluenceHref({ kind: 'page', title: '' });
		}
		const content = body ?? (fallback ? [{ type: 'text', value: fallback } as Inline] : []);
		if (href === undefined) return content;
		const target = href;
		return wrapRuns(content, (inlines) => ({ type: 'link', href: target, children: inlines }));
	}

	private image(node: DomNode): AnyNode[] {
		const alt = attr(node, 'ac:alt') ?? '';
		let title = attr(node, 'ac:title') || undefined;
		let src: string | undefined;
		for (const item of elements(node)) {
			const name = nameOf(item);
			if (name === 'ri:url') src = attr(item, 'ri:value');
			else if (name === 'ri:attachment') {
				const target = targetOf(item);
				if (target) src = formatConfluenceHref(target);
			} else if (name === 'ac:caption' && !title) {
				title = textContent(item).replace(/\s+/g, ' ').trim() || undefined;
			}
		}
		if (src === undefined) return alt ? [{ type: 'text', value: alt }] : [];
		return [{ type: 'image', src, alt, title }];
	}

	private adfExtension(node: DomNode, inline: boolean): AnyNode[] {
		const adfNode = child(node, 'ac:adf-node');
		const fallback = child(node, 'ac:adf-fallback');
		if (adfNode && attr(adfNode, 'type') === 'panel') {
			const attributes: Record<string, string> = {};
			for (const item of elements(adfNode)) {
				if (nameOf(item) === 'ac:adf-attribute')
					attributes[attr(item, 'key') ?? ''] = textContent(item).trim();
			}
			const content = child(adfNode, 'ac:adf-content');
			// Without an ac:adf-content wrapper, what stands in the node besides its attributes is its content.
			const loose = (adfNode.children ?? []).filter(
				(item) => !isBlankText(item) && !(isElement(item) && nameOf(item) === 'ac:adf-attribute'),
			);
			const children = this.blocks(content ? (content.children ?? []) : loose);
			const kind = ADF_PANEL_KIND[attributes['panel-type'] ?? ''];
			if (kind) return [{ type: 'panel', kind, children }];
			const params: MacroParam[] = [];
			if (attributes['panel-color'])
				params.push({ name: 'bgColor', value: attributes['panel-color'] });
			return [{ type: 'macro', name: 'panel', params, children }];
		}
		if (fallback) return this.nodes(fallback.children ?? [], inline);
		const content = adfNode ? child(adfNode, 'ac:adf-content') : undefined;
		return content ? this.nodes(content.children ?? [], inline) : [];
	}
}

export function readStorage(storage: string, options: StorageReadOptions = {}): Block[] {
	return new StorageReader(options).read(storage);
}
