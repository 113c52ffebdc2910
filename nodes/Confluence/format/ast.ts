/**
 * The document model every converter goes through: Markdown, storage format and ADF are each read into it
 * and written from it, so the Markdown spelling of a Confluence feature is defined in one place.
 */

export interface MacroParam {
	/** Empty for the default (unnamed) parameter. */
	name: string;
	/** Resource references (pages, users, spaces) are kept as the URL forms of `links.ts`. */
	value: string;
}

export type PanelKind = 'note' | 'tip' | 'important' | 'warning' | 'caution';

export type Align = 'left' | 'center' | 'right';

export interface TextNode {
	type: 'text';
	value: string;
}
export interface SoftBreakNode {
	type: 'softbreak';
}
export interface BreakNode {
	type: 'break';
}
export type FormatType =
	| 'strong'
	| 'emphasis'
	| 'delete'
	| 'underline'
	| 'superscript'
	| 'subscript';
export interface FormatNode {
	type: FormatType;
	children: Inline[];
}
export interface InlineCodeNode {
	type: 'inlineCode';
	value: string;
}
export interface LinkNode {
	type: 'link';
	href: string;
	title?: string;
	children: Inline[];
}
export interface ImageNode {
	type: 'image';
	src: string;
	alt: string;
	title?: string;
}
export interface MentionNode {
	type: 'mention';
	/** An account id, or `userkey:…` / `username:…` for Server and Data Center users. */
	user: string;
	name?: string;
}
export interface StatusNode {
	type: 'status';
	text: string;
	colour: string;
	subtle?: boolean;
}
/** A date lozenge (storage `<time datetime>`, ADF `date`): a calendar day, `YYYY-MM-DD`. */
export interface DateNode {
	type: 'date';
	value: string;
}
/** An emoji (storage `ac:emoticon`, ADF `emoji`): the character shown, and Confluence's names for it. */
export interface EmojiNode {
	type: 'emoji';
	text: string;
	/** `:slight_smile:`, with its colons. */
	shortName?: string;
	id?: string;
	/** The classic emoticon name of storage format (`smile`, `tick`, `blue-star` for the rest). */
	emoticon?: string;
}
export interface InlineMacroNode {
	type: 'inlineMacro';
	name: string;
	params: MacroParam[];
}
/**
 * An ADF inline node Markdown has no word for (placeholder, inline smart link, inline media file): its type,
 * its attributes as parameters, and the text it shows. Markdown: `[text](confluence-adf:TYPE?attr=value)`.
 */
export interface AdfInlineNode {
	type: 'adfInline';
	name: string;
	params: MacroParam[];
	text: string;
}
/** Raw HTML from Markdown the converter does not rebuild, kept as its source (`rawHtml.ts`); shown as text when visible. */
export interface RawHtmlNode {
	type: 'rawHtml';
	value: string;
	/** False for what a browser shows nothing of (comments, empty anchors, blocks without text). */
	visible: boolean;
}
export interface FootnoteReferenceNode {
	type: 'footnoteReference';
	label: string;
}

export type Inline =
	| TextNode
	| SoftBreakNode
	| BreakNode
	| FormatNode
	| InlineCodeNode
	| LinkNode
	| ImageNode
	| MentionNode
	| StatusNode
	| DateNode
	| EmojiNode
	| InlineMacroNode
	| AdfInlineNode
	| RawHtmlNode
	| FootnoteReferenceNode;

export interface ParagraphNode {
	type: 'paragraph';
	children: Inline[];
}
export interface HeadingNode {
	type: 'heading';
	level: number;
	children: Inline[];
}
export interface BlockquoteNode {
	type: 'blockquote';
	children: Block[];
}
export interface ListItem {
	/** Set for task-list items. */
	checked?: boolean;
	children: Block[];
}
export interface ListNode {
	type: 'list';
	ordered: boolean;
	start: number;
	/** Tight lists render items without paragraphs (CommonMark's tight/loose distinction). */
	tight: boolean;
	/** Letters or roman numerals instead of numbers (HTML `<ol type>`); Markdown writes such a list as HTML. */
	numbering?: ListNumbering;
	items: ListItem[];
}

/** HTML's `<ol type>` values other than `1`. */
export type ListNumbering = 'a' | 'A' | 'i' | 'I';

const CSS_NUMBERING: Record<string, ListNumbering> = {
	'lower-alpha': 'a',
	'lower-latin': 'a',
	'upper-alpha': 'A',
	'upper-latin': 'A',
	'lower-roman': 'i',
	'upper-roman': 'I',
};

/** The numbering an `<ol>` asks for with its `type` attribute or a `list-style-type` style; undefined for numbers. */
export function listNumbering(type: string | undefined, style?: string): ListNumbering | undefined {
	if (type === 'a' || type === 'A' || type === 'i' || type === 'I') return type;
	const css = /list-style-type\s*:\s*([a-z-]+)/i.exec(style ?? '');
	return css ? CSS_NUMBERING[css[1].toLowerCase()] : undefined;
}

/** The label of the item numbered `number` (from 1) in a list with this numbering: 1, a, A, i, I… */
export function itemLabel(number: number, numbering: ListNumbering | undefined): string {
	// Past 3999 roman numerals have no common spelling (and letters grow long): numbers are shown.
	if (!numbering || number < 1 || number > 3999) return String(number);
	if (numbering === 'a' || numbering === 'A') {
		let label = '';
		for (let rest = number; rest > 0; rest = Math.floor((rest - 1) / 26)) {
			label = String.fromCharCode(97 + ((rest - 1) % 26)) + label;
		}
		return numbering === 'A' ? label.toUpperCase() : label;
	}
	const numerals: Array<[number, string]> = [
		[1000, 'm'],
		[900, 'cm'],
		[500, 'd'],
		[400, 'cd'],
		[100, 'c'],
		[90, 'xc'],
		[50, 'l'],
		[40, 'xl'],
		[10, 'x'],
		[9, 'ix'],
		[5, 'v'],
		[4, 'iv'],
		[1, 'i'],
	];
	let label = '';
	let rest = number;
	for (const [value, numeral] of numerals) {
		for (; rest >= value; rest -= value) label += numeral;
	}
	return numbering === 'I' ? label.toUpperCase() : label;
}
export interface CodeNode {
	type: 'code';
	language: string;
	/** Code macro parameters other than the language (title, linenumbers, …). */
	params: MacroParam[];
	value: string;
}
export interface RuleNode {
	type: 'rule';
}
export interface TableCell {
	header: boolean;
	align?: Align;
	colspan?: number;
	rowspan?: number;
	children: Block[];
}
export interface TableRow {
	cells: TableCell[];
}
export interface TableNode {
	type: 'table';
	rows: TableRow[];
}
export interface PanelNode {
	type: 'panel';
	kind: PanelKind;
	title?: string;
	children: Block[];
}
export interface ExpandNode {
	type: 'expand';
	title: string;
	children: Block[];
}
export interface MacroNode {
	type: 'macro';
	name: string;
	params: MacroParam[];
	/** A plain-text body (kept verbatim). */
	text?: string;
	/** A rich-text body. */
	children?: Block[];
}
/**
 * An ADF block node Markdown has no word for (block and embed cards, decision lists, layouts, media groups,
 * sync blocks): its type, its attributes as parameters, and its content. Markdown spells it like a macro:
 * a `::: confluence-adf TYPE attr=value` container, or a `confluence-adf` fence when it has no content.
 */
export interface AdfBlockNode {
	type: 'adfBlock';
	name: string;
	params: MacroParam[];
	children?: Block[];
}
export interface FootnoteDefinitionNode {
	type: 'footnoteDefinition';
	label: string;
	children: Block[];
}

export type Block =
	| ParagraphNode
	| HeadingNode
	| BlockquoteNode
	| ListNode
	| CodeNode
	| RuleNode
	| TableNode
	| PanelNode
	| ExpandNode
	| MacroNode
	| AdfBlockNode
	| FootnoteDefinitionNode;

export type AnyNode = Block | Inline;

const INLINE_TYPES = new Set<string>([
	'text',
	'softbreak',
	'break',
	'strong',
	'emphasis',
	'delete',
	'underline',
	'superscript',
	'subscript',
	'inlineCode',
	'link',
	'image',
	'mention',
	'status',
	'date',
	'emoji',
	'inlineMacro',
	'adfInline',
	'rawHtml',
	'footnoteReference',
]);

const FORMAT_TYPES = new Set<string>([
	'strong',
	'emphasis',
	'delete',
	'underline',
	'superscript',
	'subscript',
]);

/** HTML's block elements that only group content (no Markdown or Confluence meaning of their own). */
export const HTML_GROUPING_BLOCKS: readonly string[] = [
	'div',
	'center',
	'section',
	'article',
	'aside',
	'header',
	'footer',
	'main',
	'nav',
	'figure',
	'figcaption',
];

export function isInline(node: AnyNode): node is Inline {
	return INLINE_TYPES.has(node.type);
}

export function isFormat(node: AnyNode): node is FormatNode {
	return FORMAT_TYPES.has(node.type);
}

/** HTML's notion of white space, which storage format follows (no-break space is not in it). */
const HTML_SPACE = /[ \t\n\r\f]+/g;
const HTML_SPACE_CHAR = /[ \t\n\r\f]/;
/** White space other than single spaces (the common case needs no rewriting). */
const NEEDS_COLLAPSE = /[\t\n\r\f]| {2}/;

export function isBlankInline(nodes: Inline[]): boolean {
	for (const node of nodes) {
		if (node.type === 'text') {
			if (node.value.replace(HTML_SPACE, '') !== '') return false;
		} else if (node.type === 'softbreak') {
			continue;
		} else if (isFormat(node)) {
			if (!isBlankInline(node.children)) return false;
		} else if (node.type !== 'break') {
			return false;
		}
	}
	return true;
}

/**
 * Groups runs of inline nodes into paragraphs, for containers that hold blocks but were given loose
 * inline content (storage allows text straight inside `<li>`, `<td>` and macro bodies).
 */
export function toBlocks(nodes: AnyNode[]): Block[] {
	const blocks: Block[] = [];
	let run: Inline[] = [];
	const flush = () => {
		if (run.length > 0 && !isBlankInline(run)) blocks.push({ type: 'paragraph', children: run });
		run = [];
	};
	for (const node of nodes) {
		if (isInline(node)) run.push(node);
		else {
			flush();
			blocks.push(node);
		}
	}
	flush();
	return blocks;
}

function sameWrapper(a: Inline, b: Inline): boolean {
	if (a.type !== b.type) return false;
	if (isFormat(a)) return true;
	if (a.type === 'link' && b.type === 'link') return a.href === b.href && a.title === b.title;
	return false;
}

function edgeSpace(text: string, fromEnd: boolean): string {
	const match = fromEnd ? /[ \t\n\r\f]+$/.exec(text) : /^[ \t\n\r\f]+/.exec(text);
	return match ? match[0] : '';
}

/** Splits leading and trailing white space off an inline list, reaching into nested formatting. */
function peelSpace(nodes: Inline[], fromEnd: boolean): string {
	let peeled = '';
	while (nodes.length > 0) {
		const index = fromEnd ? nodes.length - 1 : 0;
		const node = nodes[index];
		if (node.type === 'text') {
			const space = edgeSpace(node.value, fromEnd);
			if (space.length === node.value.length) {
				nodes.splice(index, 1);
				peeled = fromEnd ? space + peeled : peeled + space;
				continue;
			}
			if (space) {
				node.value = fromEnd
					? node.value.slice(0, node.value.length - space.length)
					: node.value.slice(space.length);
				peeled = fromEnd ? space + peeled : peeled + space;
			}
			return peeled;
		}
		if (node.type === 'softbreak') {
			nodes.splice(index, 1);
			peeled = fromEnd ? ' ' + peeled : peeled + ' ';
			continue;
		}
		if (isFormat(node)) {
			const inner = peelSpace(node.children, fromEnd);
			peeled = fromEnd ? inner + peeled : peeled + inner;
			if (node.children.length === 0) {
				nodes.splice(index, 1);
				continue;
			}
		}
		return peeled;
	}
	return peeled;
}

/**
 * Canonical inline form: adjacent text merged, adjacent identical formatting merged, white space moved
 * out of formatting (Markdown delimiters cannot sit next to white space on their inner side), empty
 * formatting dropped. Reuses the nodes of `nodes`.
 */
export function normalizeInlines(nodes: Inline[]): Inline[] {
	return peelAndClean(mergeAdjacent(nodes));
}

/** Joins runs of identical wrappers (and of text) into one, at every depth, in one pass over each run. */
function mergeAdjacent(nodes: Inline[]): Inline[] {
	const out: Inline[] = [];
	let index = 0;
	while (index < nodes.length) {
		const node = nodes[index];
		let end = index + 1;
		if (node.type === 'text') {
			let value = node.value;
			while (end < nodes.length && nodes[end].type === 'text') {
				value += (nodes[end] as TextNode).value;
				end++;
			}
			out.push(end > index + 1 ? { type: 'text', value } : node);
		} else if ('children' in node) {
			while (end < nodes.length && sameWrapper(node, nodes[end])) end++;
			const children: Inline[] = [];
			for (let member = index; member < end; member++) {
				for (const child of (nodes[member] as FormatNode | LinkNode).children) children.push(child);
			}
			node.children = mergeAdjacent(children);
			out.push(node);
		} else {
			out.push(node);
		}
		index = end;
	}
	return out;
}

function peelAndClean(nodes: Inline[]): Inline[] {
	const out: Inline[] = [];
	for (const node of nodes) {
		if (isFormat(node) || node.type === 'link') {
			node.children = peelAndClean(node.children);
		}
		if (isFormat(node)) {
			if (node.children.length === 0) continue;
			const before = peelSpace(node.children, false);
			const after = peelSpace(node.children, true);
			if (before) pushText(out, before);
			if (node.children.length > 0) out.push(node);
			if (after) pushText(out, after);
			continue;
		}
		if (node.type === 'text') {
			const previous = out[out.length - 1];
			// A date shows as a lozenge: where text runs straight into one, a space keeps the words apart.
			const value =
				previous?.type === 'date' && /^[\p{L}\p{N}]/u.test(node.value)
					? ` ${node.value}`
					: node.value;
			if (value !== '') pushText(out, value);
			continue;
		}
		if (node.type === 'inlineCode' && node.value === '') continue;
		if (node.type === 'date') {
			const previous = out[out.length - 1];
			if (previous?.type === 'text' && /[\p{L}\p{N}]$/u.test(previous.value)) previous.value += ' ';
		}
		out.push(node);
	}
	return out;
}

function pushText(out: Inline[], value: string): void {
	const last = out[out.length - 1];
	if (last && last.type === 'text') last.value += value;
	else out.push({ type: 'text', value });
}

/**
 * HTML white-space collapsing for content read from storage format: runs of white space become one
 * space, and white space at the start and end of the block is dropped. Code keeps its spaces.
 */
export function collapseSpace(nodes: Inline[]): Inline[] {
	let lastWasSpace = true;
	const walk = (list: Inline[]): Inline[] => {
		const out: Inline[] = [];
		for (const node of list) {
			if (node.type === 'text') {
				let value = NEEDS_COLLAPSE.test(node.value)
					? node.value.replace(HTML_SPACE, ' ')
					: node.value;
				if (lastWasSpace && value.startsWith(' ')) value = value.slice(1);
				if (value === '') continue;
				lastWasSpace = value.endsWith(' ');
				out.push({ type: 'text', value });
			} else if (node.type === 'softbreak') {
				if (!lastWasSpace) out.push({ type: 'text', value: ' ' });
				lastWasSpace = true;
			} else if (node.type === 'break') {
				out.push(node);
				lastWasSpace = true;
			} else if (isFormat(node) || node.type === 'link') {
				node.children = walk(node.children);
				out.push(node);
			} else {
				out.push(node);
				// Raw HTML that shows nothing stands between spaces that show as one.
				if (node.type !== 'rawHtml' || node.visible) lastWasSpace = false;
			}
		}
		return out;
	};
	const collapsed = walk(nodes);
	trimEnd(collapsed);
	return collapsed;
}

/** Drops white space and line breaks at the end of an inline list (a break there means nothing). */
export function trimEnd(nodes: Inline[]): void {
	while (nodes.length > 0) {
		const last = nodes[nodes.length - 1];
		if (last.type === 'text') {
			last.value = last.value.replace(/[ \t\n\r\f]+$/, '');
			if (last.value === '') {
				nodes.pop();
				continue;
			}
			return;
		}
		if (last.type === 'break' || last.type === 'softbreak') {
			nodes.pop();
			continue;
		}
		if (isFormat(last) || last.type === 'link') {
			trimEnd(last.children);
			if (last.children.length === 0 && last.type !== 'link') {
				nodes.pop();
				continue;
			}
		}
		return;
	}
}

export function isHtmlSpace(char: string): boolean {
	return HTML_SPACE_CHAR.test(char);
}

/** The text a reader sees in an inline list (used for titles, alt text and plain-text output). */
export function inlineText(nodes: Inline[]): string {
	let text = '';
	for (const node of nodes) {
		switch (node.type) {
			case 'text':
				text += node.value;
				break;
			case 'softbreak':
				text += ' ';
				break;
			case 'break':
				text += '\n';
				break;
			case 'inlineCode':
			case 'date':
				text += node.value;
				break;
			case 'image':
				text += node.alt;
				break;
			case 'mention':
				text += `@${node.name ?? node.user}`;
				break;
			case 'status':
			case 'emoji':
			case 'adfInline':
				text += node.text;
				break;
			case 'inlineMacro':
				break;
			case 'rawHtml':
				if (node.visible) text += node.value;
				break;
			case 'footnoteReference':
				text += `[${node.label}]`;
				break;
			default:
				text += inlineText(node.children);
		}
	}
	return text;
}

/** Calls `visit` for every inline node in `blocks`, at any depth. */
export function forEachInline(blocks: Block[], visit: (node: Inline) => void): void {
	const inlines = (nodes: Inline[]) => {
		for (const node of nodes) {
			visit(node);
			if ('children' in node) inlines(node.children);
		}
	};
	for (const block of blocks) {
		switch (block.type) {
			case 'paragraph':
			case 'heading':
				inlines(block.children);
				break;
			case 'list':
				for (const item of block.items) forEachInline(item.children, visit);
				break;
			case 'table':
				for (const row of block.rows)
					for (const cell of row.cells) forEachInline(cell.children, visit);
				break;
			case 'blockquote':
			case 'panel':
			case 'expand':
			case 'footnoteDefinition':
				forEachInline(block.children, visit);
				break;
			case 'macro':
			case 'adfBlock':
				if (block.children) forEachInline(block.children, visit);
				break;
			default:
				break;
		}
	}
}

/** Footnote numbers by label, 1, 2, … in the order the document defines them. */
export function numberFootnotes(blocks: Block[]): Map<string, number> {
	const numbers = new Map<string, number>();
	for (const block of blocks) {
		if (block.type === 'footnoteDefinition' && !numbers.has(block.label)) {
			numbers.set(block.label, numbers.size + 1);
		}
	}
	return numbers;
}

/** The blocks with each run of consecutive footnote definitions gathered into one array, written as one list. */
export function gatherFootnoteRuns(blocks: Block[]): Array<Block | FootnoteDefinitionNode[]> {
	const out: Array<Block | FootnoteDefinitionNode[]> = [];
	for (const block of blocks) {
		const previous = out[out.length - 1];
		if (block.type !== 'footnoteDefinition') out.push(block);
		else if (Array.isArray(previous)) previous.push(block);
		else out.push([block]);
	}
	return out;
}

/** A list whose every item has a checkbox, written as a Confluence task list. */
export function isTaskList(list: ListNode): boolean {
	return list.items.length > 0 && list.items.every((item) => item.checked !== undefined);
}

/** The item's blocks, a checked item's first paragraph led by "[x] " or "[ ] " (for lists that are not task lists). */
export function withCheckboxText(item: ListItem): Block[] {
	if (item.checked === undefined) return item.children;
	const marker: Inline = { type: 'text', value: item.checked ? '[x] ' : '[ ] ' };
	const [first, ...rest] = item.children;
	return first && first.type === 'paragraph'
		? [{ type: 'paragraph', children: [marker, ...first.children] }, ...rest]
		: [{ type: 'paragraph', children: [marker] }, ...item.children];
}

/** The parameter named `name` of a macro or ADF node. */
export function paramValue(params: MacroParam[], name: string): string | undefined {
	return params.find((param) => param.name === name)?.value;
}

/**
 * What an ADF node Markdown has no word for shows, for formats that have no such node (storage format,
 * plain text): its content, and a card's address as a link.
 */
export function adfBlockFallback(node: AdfBlockNode): Block[] {
	if (node.children) return node.children;
	const url = paramValue(node.params, 'url');
	return url
		? [
				{
					type: 'paragraph',
					children: [{ type: 'link', href: url, children: [{ type: 'text', value: url }] }],
				},
			]
		: [];
}

export function adfInlineFallback(node: AdfInlineNode): Inline[] {
	const url = node.name === 'inlineCard' ? paramValue(node.params, 'url') : undefined;
	const text: Inline = { type: 'text', value: node.text };
	return url ? [{ type: 'link', href: url, children: [text] }] : node.text ? [text] : [];
}
