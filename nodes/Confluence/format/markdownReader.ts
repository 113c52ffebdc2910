import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';

import type {
	Align,
	AnyNode,
	Block,
	FormatType,
	Inline,
	ListItem,
	ListNode,
	ListNumbering,
	MacroParam,
	PanelKind,
	TableCell,
	TableRow,
} from './ast';
import { HTML_GROUPING_BLOCKS, inlineText, isInline, listNumbering, toBlocks } from './ast';
import type { HtmlEvent } from './htmlTokens';
import { tokenizeHtml } from './htmlTokens';
import {
	ACCOUNT_ID,
	hasConfluenceScheme,
	parseDateHref,
	parseEmojiHref,
	parseMacroHref,
	parseStatusHref,
	USER_REFERENCE,
} from './links';
import { MAX_NESTING } from './nesting';
import { parseParams } from './params';
import { isSafeHref } from './storageWriter';

type Token = MarkdownIt.Token;

/** Code macro parameters that may be given after the language in a fence's info string. */
const CODE_PARAMS = new Set(['title', 'linenumbers', 'firstline', 'collapse', 'theme']);

const MACRO_FENCE = 'confluence-macro';
/** ADF nodes Markdown has no word for, spelled like macros (`ast.ts` AdfBlockNode, AdfInlineNode). */
const ADF_FENCE = 'confluence-adf';

const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(.*)$/i;
const TASK = /^\[([ xX])\](?:[ \t]+|$)/;

/** A bare file name in an image is read as an attachment of the page (`![](diagram.png)`). */
const BARE_FILENAME = /^[^/:?#\s\\]+\.[A-Za-z0-9]{1,8}$/;

const ACCOUNT_ID_AT = new RegExp(`^@(${ACCOUNT_ID.source.slice(1, -1)})(?![\\w:-])`);

// ---------------------------------------------------------------------------------------------
// markdown-it set-up

/**
 * Link destinations in our own schemes may contain spaces, as the examples write them:
 * `[text](confluence-page:SPACE/Page Title)`. The destination then runs to the closing parenthesis
 * (or to a quoted title).
 */
function confluenceDestination(
	md: MarkdownIt,
	original: MarkdownIt['helpers']['parseLinkDestination'],
): MarkdownIt['helpers']['parseLinkDestination'] {
	return (str, start, max) => {
		if (!/^(?:confluence-page|confluence-blog|attachment):/i.test(str.slice(start, start + 16))) {
			return original(str, start, max);
		}
		let pos = start;
		let depth = 0;
		while (pos < max) {
			const char = str[pos];
			if (char === '\\' && pos + 1 < max && /[!-/:-@[-`{-~]/.test(str[pos + 1])) {
				pos += 2;
				continue;
			}
			if (char === '\n' || char === '\r') break;
			if (char === '(') depth++;
			if (char === ')') {
				if (depth === 0) break;
				depth--;
			}
			if (char === ' ' || char === '\t') {
				let next = pos;
				while (next < max && (str[next] === ' ' || str[next] === '\t')) next++;
				if (next >= max || str[next] === '"' || str[next] === "'" || str[next] === ')') break;
			}
			pos++;
		}
		if (depth !== 0) return original(str, start, max);
		const raw = str.slice(start, pos);
		return { ok: true, pos, str: md.utils.unescapeAll(raw.trimEnd()), lines: 0 } as ReturnType<
			MarkdownIt['helpers']['parseLinkDestination']
		>;
	};
}

/** `@[Display Name](accountId)` and `@accountId` (Cloud account ids only) become mentions. */
function mentionRule(state: MarkdownIt.StateInline, silent: boolean): boolean {
	const src = state.src;
	const start = state.pos;
	if (src.charCodeAt(start) !== 0x40 /* @ */) return false;
	if (src.charCodeAt(start + 1) === 0x5b /* [ */) {
		const labelEnd = state.md.helpers.parseLinkLabel(state, start + 1, true);
		if (labelEnd < 0) return false;
		let pos = labelEnd + 1;
		if (src.charCodeAt(pos) !== 0x28 /* ( */) return false;
		pos++;
		while (pos < state.posMax && (src[pos] === ' ' || src[pos] === '\t')) pos++;
		const destination = state.md.helpers.parseLinkDestination(src, pos, state.posMax);
		if (!destination.ok) return false;
		pos = destination.pos;
		while (pos < state.posMax && (src[pos] === ' ' || src[pos] === '\t')) pos++;
		if (src.charCodeAt(pos) !== 0x29 /* ) */) return false;
		const user = destination.str;
		if (!USER_REFERENCE.test(user)) return false;
		if (!silent) {
			const token = state.push('confluence_mention', '', 0);
			token.meta = { user, name: state.md.utils.unescapeAll(src.slice(start + 2, labelEnd)) };
		}
		state.pos = pos + 1;
		return true;
	}
	if (start > 0 && /[\p{L}\p{N}]/u.test(src[start - 1])) return false;
	const match = ACCOUNT_ID_AT.exec(src.slice(start, start + 64));
	if (!match) return false;
	if (!silent) {
		const token = state.push('confluence_mention', '', 0);
		token.meta = { user: match[1] };
	}
	state.pos = start + match[0].length;
	return true;
}

let instance: MarkdownIt | undefined;

function markdownIt(): MarkdownIt {
	if (instance) return instance;
	const md = new MarkdownIt('default', { html: true, linkify: true, typographer: false });
	md.use(footnote);
	md.core.ruler.at('footnote_tail', footnoteTail);
	for (const fence of [MACRO_FENCE, ADF_FENCE]) {
		md.use(container, fence, {
			validate: (params: string) => params.trim().split(/\s+/, 1)[0] === fence,
		});
	}
	const normalizeLink = md.normalizeLink.bind(md);
	md.normalizeLink = (url: string) => (hasConfluenceScheme(url) ? url : normalizeLink(url));
	// Autolinks show their address as written (as CommonMark does), not percent-decoded.
	md.normalizeLinkText = (url: string) => url;
	const validateLink = md.validateLink.bind(md);
	md.validateLink = (url: string) => hasConfluenceScheme(url) || validateLink(url);
	md.helpers.parseLinkDestination = confluenceDestination(md, md.helpers.parseLinkDestination);
	md.inline.ruler.before('link', 'confluence_mention', mentionRule);
	// GFM autolinks bare URLs only after `www.` or a scheme: linkify's fuzzy matching would also turn
	// file names such as `setup.sh` (.sh is a top-level domain) into links.
	const match = md.linkify.match.bind(md.linkify);
	md.linkify.match = (text: string) => {
		const found = match(text);
		return found ? found.filter((link) => link.schema !== '' || /^www\./i.test(link.raw)) : found;
	};
	keepTextBeyondMaxNesting(md);
	instance = md;
	return md;
}

interface FootnoteEntry {
	label?: string;
	count: number;
	content?: string;
	tokens?: Token[];
}

/**
 * markdown-it-footnote 4's own `footnote_tail` appends each footnote with `tokens = tokens.concat(…)`, copying
 * the whole token list once per footnote, so n footnotes took n² steps (4,000 footnotes took a minute). This
 * moves the definitions to the end of the document as it does, into the same tokens, appending in place.
 */
function footnoteTail(state: MarkdownIt.StateCore): void {
	const env = state.env as { footnotes?: { list?: FootnoteEntry[] } };
	if (!env.footnotes) return;
	const definitions = new Map<string, Token[]>();
	const kept: Token[] = [];
	let definition: Token[] | undefined;
	let label = '';
	for (const token of state.tokens) {
		if (token.type === 'footnote_reference_open') {
			definition = [];
			label = (token.meta as { label: string }).label;
		} else if (token.type === 'footnote_reference_close') {
			if (definition) definitions.set(label, definition);
			definition = undefined;
		} else if (definition) {
			definition.push(token);
		} else {
			kept.push(token);
		}
	}
	state.tokens = kept;
	const list = env.footnotes.list;
	if (!list) return;
	const push = (type: string, tag: string, nesting: Token['nesting']): Token => {
		const token = new state.Token(type, tag, nesting);
		kept.push(token);
		return token;
	};
	push('footnote_block_open', '', 1);
	list.forEach((entry, id) => {
		push('footnote_open', '', 1).meta = { id, label: entry.label };
		if (entry.tokens) {
			push('paragraph_open', 'p', 1).block = true;
			const inline = push('inline', '', 0);
			inline.children = entry.tokens;
			inline.content = entry.content ?? '';
			push('paragraph_close', 'p', -1).block = true;
		} else if (entry.label) {
			for (const token of definitions.get(entry.label) ?? []) kept.push(token);
		}
		const lastParagraph = kept[kept.length - 1].type === 'paragraph_close' ? kept.pop() : undefined;
		for (let subId = 0; subId < Math.max(entry.count, 1); subId++) {
			push('footnote_anchor', '', 0).meta = { id, subId, label: entry.label };
		}
		if (lastParagraph) kept.push(lastParagraph);
		push('footnote_close', '', -1);
	});
	push('footnote_block_close', '', -1);
}

/**
 * markdown-it stops reading blocks nested deeper than its `maxNesting` (quotes in quotes, lists in lists) and
 * drops the rest of the nested block. The lines it would drop are kept as one paragraph of text instead.
 */
function keepTextBeyondMaxNesting(md: MarkdownIt): void {
	const tokenize = md.block.tokenize.bind(md.block);
	md.block.tokenize = (state, startLine, endLine) => {
		if (state.level < ((md.options as { maxNesting?: number }).maxNesting ?? 100)) {
			tokenize(state, startLine, endLine);
			return;
		}
		let line = startLine;
		while (line < endLine) {
			const next = state.skipEmptyLines(line);
			if (next >= endLine || state.sCount[next] < state.blkIndent) break;
			line = next + 1;
		}
		const text = state.getLines(startLine, line, state.blkIndent, false).trim();
		state.line = line;
		if (!text) return;
		state.push('paragraph_open', 'p', 1).map = [startLine, line];
		const inline = state.push('inline', '', 0);
		inline.content = text;
		inline.map = [startLine, line];
		inline.children = [];
		state.push('paragraph_close', 'p', -1);
	};
}

// ---------------------------------------------------------------------------------------------
// Tokens to the document model

type FrameRole = 'block' | 'inline' | 'list' | 'table' | 'row' | 'raw';

interface Frame {
	origin: 'md' | 'html';
	/** The markdown-it token type (without _open) or the HTML tag name. */
	tag: string;
	role: FrameRole;
	children: AnyNode[];
	items?: ListItem[];
	rows?: TableRow[];
	cells?: TableCell[];
	tight?: boolean;
	/** Set on `<details>` once its `<summary>` has been read. */
	title?: string;
	/** An HTML anchor's start tag and end tag as written (an anchor that links nothing keeps them). */
	raw?: string;
	closeRaw?: string;
	close: (frame: Frame, parent: Frame) => void;
}

const HTML_FORMAT: Record<string, FormatType> = {
	b: 'strong',
	strong: 'strong',
	em: 'emphasis',
	i: 'emphasis',
	s: 'delete',
	del: 'delete',
	strike: 'delete',
	u: 'underline',
	ins: 'underline',
	sup: 'superscript',
	sub: 'subscript',
};

const HTML_TRANSPARENT_INLINE = new Set([
	'span',
	'mark',
	'small',
	'big',
	'abbr',
	'cite',
	'dfn',
	'q',
	'time',
	'font',
	'bdi',
	'bdo',
	'var',
]);
const HTML_CODE = new Set(['code', 'kbd', 'samp', 'tt']);
const HTML_TRANSPARENT_BLOCK = new Set(HTML_GROUPING_BLOCKS);
const HTML_BLOCK_ONLY = new Set([
	...HTML_TRANSPARENT_BLOCK,
	'p',
	'details',
	'summary',
	'table',
	'thead',
	'tbody',
	'tfoot',
	'tr',
	'td',
	'th',
	'ul',
	'ol',
	'li',
	'blockquote',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'hr',
	'pre',
	'caption',
	'colgroup',
	'col',
]);

function alignFromStyle(style: string | undefined | null): Align | undefined {
	const match = /text-align\s*:\s*(left|center|right)/i.exec(style ?? '');
	return match ? (match[1].toLowerCase() as Align) : undefined;
}

function positiveInt(value: string | undefined): number | undefined {
	if (!value || !/^\s*\d+\s*$/.test(value)) return undefined;
	const number = parseInt(value, 10);
	return number > 1 && number < 1000 ? number : undefined;
}

function splitMacroInfo(
	info: string,
	fence = MACRO_FENCE,
): { name: string; params: MacroParam[] } | undefined {
	const params = parseParams(info);
	const [keyword, name, ...rest] = params;
	if (!keyword || keyword.name !== '' || keyword.value !== fence) return undefined;
	if (!name || name.name !== '' || !name.value) return undefined;
	return { name: name.value, params: rest };
}

class MarkdownReader {
	private readonly root: Frame;
	private readonly stack: Frame[];

	constructor(private readonly md: MarkdownIt) {
		this.root = {
			origin: 'md',
			tag: 'root',
			role: 'block',
			children: [],
			close: () => undefined,
		};
		this.stack = [this.root];
	}

	read(tokens: Token[]): Block[] {
		markMarkers(tokens);
		for (const token of tokens) this.blockToken(token);
		while (this.stack.length > 1) this.pop();
		return toBlocks(this.root.children);
	}

	private top(): Frame {
		return this.stack[this.stack.length - 1];
	}

	/**
	 * Past `MAX_NESTING` frames, an element keeps only its content (tables keep their rows and cells): it adds to
	 * its parent's children directly, so content is not copied from level to level.
	 */
	private push(frame: Frame): void {
		const top = this.top();
		if (this.stack.length >= MAX_NESTING && top.role !== 'table' && top.role !== 'row') {
			const separate = frame.role !== 'inline';
			frame.role = separate ? 'block' : 'inline';
			frame.items = frame.rows = frame.cells = undefined;
			frame.children = top.children;
			frame.close = (closed) => {
				if (separate) closed.children.push({ type: 'text', value: ' ' });
			};
		}
		this.stack.push(frame);
	}

	private pop(): void {
		const frame = this.stack.pop() as Frame;
		frame.close(frame, this.top());
	}

	/** Appends loose content to the innermost frame that can hold it. */
	private append(node: AnyNode): void {
		let frame = this.top();
		if (frame.role === 'table' || frame.role === 'row') {
			if (node.type === 'text' && isHtmlBlank(node.value)) return;
			if (frame.role === 'table') this.openRow('html');
			this.openCell('html', 'td', {});
			frame = this.top();
		}
		frame.children.push(node);
	}

	private closeInlineHtml(): void {
		while (this.stack.length > 1) {
			const frame = this.top();
			if (frame.origin === 'html' && (frame.role === 'inline' || frame.role === 'raw')) this.pop();
			else break;
		}
	}

	/** Closes the markdown frame of `tag`, first closing HTML elements left open inside it. */
	private closeMarkdown(tag: string): void {
		for (let index = this.stack.length - 1; index > 0; index--) {
			const frame = this.stack[index];
			if (frame.origin === 'md') {
				if (frame.tag !== tag) return;
				while (this.stack.length > index) this.pop();
				return;
			}
		}
	}

	private blockFrame(
		origin: 'md' | 'html',
		tag: string,
		build: (blocks: Block[]) => Block[],
	): Frame {
		return {
			origin,
			tag,
			role: 'block',
			children: [],
			close: (frame, parent) => {
				for (const block of build(toBlocks(frame.children))) parent.children.push(block);
			},
		};
	}

	private inlineFrame(
		origin: 'md' | 'html',
		tag: string,
		build: (inlines: Inline[]) => AnyNode[],
	): Frame {
		return {
			origin,
			tag,
			role: 'inline',
			children: [],
			close: (frame, parent) => {
				const inlines = frame.children.filter(isInline);
				for (const node of build(inlines)) parent.children.push(node);
			},
		};
	}

	private listFrame(
		origin: 'md' | 'html',
		tag: string,
		ordered: boolean,
		start: number,
		numbering?: ListNumbering,
	): Frame {
		return {
			origin,
			tag,
			role: 'list',
			children: [],
			items: [],
			tight: true,
			close: (frame, parent) => {
				const items = frame.items ?? [];
				for (const child of toBlocks(frame.children)) items.push({ children: [child] });
				if (items.length === 0) return;
				const list: ListNode = {
					type: 'list',
					ordered,
					start,
					tight: frame.tight !== false,
					items,
				};
				if (numbering) list.numbering = numbering;
				parent.children.push(list);
			},
		};
	}

	private itemFrame(origin: 'md' | 'html', tag: string, task = false): Frame {
		return {
			origin,
			tag,
			role: 'block',
			children: [],
			close: (frame, parent) => {
				const item: ListItem = { children: toBlocks(frame.children) };
				if (task) detectTask(item);
				// An HTML item holding paragraphs (`<p>`, or Markdown between blank lines) makes its list loose,
				// as `<li><p>` does in storage format.
				if (origin === 'html' && frame.children.some((child) => child.type === 'paragraph'))
					parent.tight = false;
				if (parent.items) parent.items.push(item);
				else parent.children.push(...item.children);
			},
		};
	}

	private openRow(origin: 'md' | 'html'): void {
		this.push({
			origin,
			tag: 'tr',
			role: 'row',
			children: [],
			cells: [],
			close: (frame, parent) => {
				if (parent.rows) parent.rows.push({ cells: frame.cells ?? [] });
			},
		});
	}

	private openCell(
		origin: 'md' | 'html',
		tag: 'td' | 'th',
		attributes: Record<string, string>,
	): void {
		const align =
			alignFromStyle(attributes.style) ?? alignFromStyle(`text-align:${attributes.align ?? ''}`);
		this.push({
			origin,
			tag,
			role: 'block',
			children: [],
			close: (frame, parent) => {
				const cell: TableCell = { header: tag === 'th', children: toBlocks(frame.children) };
				if (align) cell.align = align;
				const colspan = positiveInt(attributes.colspan);
				const rowspan = positiveInt(attributes.rowspan);
				if (colspan) cell.colspan = colspan;
				if (rowspan) cell.rowspan = rowspan;
				if (parent.cells) parent.cells.push(cell);
			},
		});
	}

	private tableFrame(origin: 'md' | 'html'): Frame {
		return {
			origin,
			tag: 'table',
			role: 'table',
			children: [],
			rows: [],
			close: (frame, parent) => {
				const rows = (frame.rows ?? []).filter((row) => row.cells.length > 0);
				if (rows.length > 0) parent.children.push({ type: 'table', rows });
			},
		};
	}

	// -- block tokens ----------------------------------------------------------------------------

	private blockToken(token: Token): void {
		const type = token.type;
		if (type.endsWith('_close')) {
			this.closeMarkdown(type.slice(0, -6));
			return;
		}
		if (type !== 'inline' && type !== 'html_block') this.closeInlineHtml();
		switch (type) {
			case 'paragraph_open': {
				const parent = this.top();
				if (!token.hidden && parent.origin === 'md' && parent.tag === 'list_item') {
					const list = this.stack[this.stack.length - 2];
					if (list && list.role === 'list') list.tight = false;
				}
				this.push(
					this.inlineFrame('md', 'paragraph', (children) => [{ type: 'paragraph', children }]),
				);
				return;
			}
			case 'heading_open': {
				const level = parseInt(token.tag.slice(1), 10) || 1;
				this.push(
					this.inlineFrame('md', 'heading', (children) => [{ type: 'heading', level, children }]),
				);
				return;
			}
			case 'blockquote_open': {
				const alert = (token.meta as Markers | null)?.marker === true;
				this.push(
					this.blockFrame('md', 'blockquote', (children) => [
						alert ? toAlert(children) : { type: 'blockquote', children },
					]),
				);
				return;
			}
			case 'bullet_list_open':
				this.push(this.listFrame('md', 'bullet_list', false, 1));
				return;
			case 'ordered_list_open': {
				const start = parseInt(token.attrGet('start') ?? '1', 10);
				this.push(this.listFrame('md', 'ordered_list', true, Number.isFinite(start) ? start : 1));
				return;
			}
			case 'list_item_open':
				this.push(
					this.itemFrame('md', 'list_item', (token.meta as Markers | null)?.marker === true),
				);
				return;
			case 'code_block':
				this.append({
					type: 'code',
					language: '',
					params: [],
					value: stripFinalNewline(token.content),
				});
				return;
			case 'fence':
				this.append(fenceNode(token.info, stripFinalNewline(token.content)));
				return;
			case 'hr':
				this.append({ type: 'rule' });
				return;
			case 'html_block': {
				const events = tokenizeHtml(token.content);
				// A block with nothing the converter rebuilds, or that shows nothing, is kept whole as its source.
				// (Not while an HTML element is open: the block may hold its rows or its end tag.)
				const htmlOpen = this.stack.some((frame) => frame.origin === 'html');
				if (
					!htmlOpen &&
					(!rebuildsAny(events) || (onlyWrappers(events) && !showsAnything(events)))
				) {
					const value = token.content.replace(/^[ \t]+/, '').replace(/[ \t\n\r\f]+$/, '');
					if (value.trim() !== '')
						this.append({ type: 'rawHtml', value, visible: showsAnything(events) });
					return;
				}
				for (const event of events) this.htmlEvent(event, true);
				return;
			}
			case 'table_open':
				this.push(this.tableFrame('md'));
				return;
			case 'thead_open':
			case 'tbody_open':
				return;
			case 'tr_open':
				this.openRow('md');
				return;
			case 'th_open':
			case 'td_open':
				this.openCell('md', type === 'th_open' ? 'th' : 'td', {
					style: token.attrGet('style') ?? '',
				});
				return;
			case 'inline':
				this.inlineTokens(token.children ?? []);
				return;
			case 'footnote_block_open':
				// Footnote definitions belong to the document, whatever raw HTML left open before them.
				while (this.stack.length > 1) this.pop();
				return;
			case 'footnote_anchor':
				return;
			case 'footnote_open': {
				const meta = token.meta as { id: number; label?: string };
				const label = meta.label ?? String(meta.id + 1);
				this.push(
					this.blockFrame('md', 'footnote', (children) => [
						{ type: 'footnoteDefinition', label, children },
					]),
				);
				return;
			}
			default:
				if (type === `container_${ADF_FENCE}_open`) {
					const node = splitMacroInfo(token.info, ADF_FENCE);
					this.push(
						this.blockFrame('md', `container_${ADF_FENCE}`, (children) =>
							node
								? [{ type: 'adfBlock', name: node.name, params: node.params, children }]
								: children,
						),
					);
				}
				if (type === `container_${MACRO_FENCE}_open`) {
					const macro = splitMacroInfo(token.info);
					this.push(
						this.blockFrame('md', `container_${MACRO_FENCE}`, (children) =>
							macro
								? [{ type: 'macro', name: macro.name, params: macro.params, children }]
								: children,
						),
					);
				}
		}
	}

	// -- inline tokens ---------------------------------------------------------------------------

	private inlineTokens(tokens: Token[]): void {
		const depth = this.stack.length;
		for (const token of tokens) this.inlineToken(token);
		while (this.stack.length > depth) this.pop();
	}

	private inlineToken(token: Token): void {
		const type = token.type;
		switch (type) {
			case 'text':
			case 'text_special':
				this.append({ type: 'text', value: token.content });
				return;
			case 'softbreak':
				this.append({ type: 'softbreak' });
				return;
			case 'hardbreak':
				this.append({ type: 'break' });
				return;
			case 'code_inline':
				this.append({ type: 'inlineCode', value: token.content });
				return;
			case 'em_open':
				this.push(this.formatFrame('md', 'em', 'emphasis'));
				return;
			case 'strong_open':
				this.push(this.formatFrame('md', 'strong', 'strong'));
				return;
			case 's_open':
				this.push(this.formatFrame('md', 's', 'delete'));
				return;
			case 'link_open':
				if (this.stack.some((frame) => frame.tag === 'a' || frame.tag === 'link')) {
					this.push(this.inlineFrame('md', 'link', (children) => children));
				} else {
					this.push(
						this.linkFrame('md', token.attrGet('href') ?? '', token.attrGet('title') ?? undefined),
					);
				}
				return;
			case 'image': {
				const src = token.attrGet('src') ?? '';
				const alt = inlineText(this.inlineNodes(token.children ?? []));
				this.append({
					type: 'image',
					src: BARE_FILENAME.test(src) ? `attachment:${src}` : src,
					alt,
					title: token.attrGet('title') || undefined,
				});
				return;
			}
			case 'html_inline':
				this.html(token.content, false);
				return;
			case 'footnote_ref': {
				const meta = token.meta as { id: number; label?: string };
				const label = meta.label ?? String(meta.id + 1);
				// A link cannot hold the link a footnote reference becomes.
				if (this.stack.some((frame) => frame.tag === 'a' || frame.tag === 'link')) {
					this.append({ type: 'text', value: `[^${label}]` });
				} else {
					this.append({ type: 'footnoteReference', label });
				}
				return;
			}
			case 'confluence_mention': {
				const meta = token.meta as { user: string; name?: string };
				this.append({ type: 'mention', user: meta.user, name: meta.name || undefined });
				return;
			}
			default:
				if (type.endsWith('_close')) this.closeMarkdown(type.slice(0, -6));
		}
	}

	/** Converts a detached list of inline tokens (image alt text). */
	private inlineNodes(tokens: Token[]): Inline[] {
		const frame = this.inlineFrame('md', 'detached', () => []);
		this.stack.push(frame);
		const depth = this.stack.length;
		for (const token of tokens) this.inlineToken(token);
		while (this.stack.length > depth) this.pop();
		this.stack.pop();
		return frame.children.filter(isInline);
	}

	private formatFrame(origin: 'md' | 'html', tag: string, format: FormatType): Frame {
		return this.inlineFrame(origin, tag, (children) => [{ type: format, children }]);
	}

	private linkFrame(origin: 'md' | 'html', href: string, title: string | undefined): Frame {
		const status = parseStatusHref(href);
		if (status) {
			return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', (children) => [
				{
					type: 'status',
					text: inlineText(children).trim() || status.colour,
					colour: status.colour,
					subtle: status.subtle,
				},
			]);
		}
		const emoji = parseEmojiHref(href);
		if (emoji && (emoji.shortName || emoji.emoticon)) {
			return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', (children) => [
				{ type: 'emoji', text: inlineText(children) || emoji.shortName || '', ...emoji },
			]);
		}
		const day = parseDateHref(href);
		if (day) {
			return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', () => [
				{ type: 'date', value: day },
			]);
		}
		const adf = parseMacroHref(href, ADF_FENCE);
		if (adf) {
			return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', (children) => [
				{ type: 'adfInline', name: adf.name, params: adf.params, text: inlineText(children) },
			]);
		}
		const macro = parseMacroHref(href);
		if (macro) {
			return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', () => [
				{ type: 'inlineMacro', name: macro.name, params: macro.params },
			]);
		}
		return this.inlineFrame(origin, origin === 'md' ? 'link' : 'a', (children) => [
			{ type: 'link', href, title, children },
		]);
	}

	// -- raw HTML --------------------------------------------------------------------------------

	/**
	 * Raw HTML never reaches the page as markup: the elements below are rebuilt as their storage
	 * equivalents, everything else is kept as visible text.
	 */
	private html(source: string, block: boolean): void {
		for (const event of tokenizeHtml(source)) this.htmlEvent(event, block);
	}

	/** Raw HTML not rebuilt: shown as text, its source kept (`rawHtml.ts`); inside code it is just text. */
	private escapeHtml(raw: string, visible = true): void {
		if (this.inRawFrame()) this.append({ type: 'text', value: raw });
		else this.append({ type: 'rawHtml', value: raw, visible });
	}

	private htmlEvent(event: HtmlEvent, block: boolean): void {
		switch (event.kind) {
			case 'text':
				// White space between elements is kept: it separates inline elements, and where it stands
				// between blocks the grouping into paragraphs drops it.
				this.append({ type: 'text', value: event.text });
				return;
			case 'other':
				// Comments are invisible in rendered Markdown, so they stay invisible; other markup
				// declarations and processing instructions stay visible as text.
				this.escapeHtml(event.raw, !event.raw.startsWith('<!--'));
				return;
			case 'close':
				this.htmlClose(event.name, event.raw);
				return;
			case 'open':
				// An anchor without an address shows nothing of its own.
				if (event.name === 'a' && event.attributes.href === undefined && !this.inRawFrame())
					this.escapeHtml(event.raw, false);
				else if (!this.htmlOpen(event.name, event.attributes, event.selfClosing, block, event.raw))
					this.escapeHtml(event.raw);
		}
	}

	private htmlClose(name: string, raw: string): void {
		const alias =
			name === 'thead' ||
			name === 'tbody' ||
			name === 'tfoot' ||
			name === 'colgroup' ||
			name === 'col';
		if (alias || name === 'br' || name === 'hr' || name === 'img') {
			if (!alias) this.escapeHtml(raw);
			return;
		}
		for (let index = this.stack.length - 1; index > 0; index--) {
			const frame = this.stack[index];
			if (frame.origin === 'md') break;
			if (frame.tag === name) {
				frame.closeRaw = raw;
				while (this.stack.length > index) this.pop();
				return;
			}
		}
		this.escapeHtml(raw, name !== 'a');
	}

	private inRawFrame(): boolean {
		return this.top().role === 'raw';
	}

	/** Returns false when the tag is not one we convert here, so the caller keeps it as text. */
	private htmlOpen(
		name: string,
		attributes: Record<string, string>,
		selfClosing: boolean,
		block: boolean,
		raw = '',
	): boolean {
		if (this.inRawFrame()) return false;
		if (!block && HTML_BLOCK_ONLY.has(name)) return false;
		const top = this.top();
		if (HTML_FORMAT[name]) {
			this.push(this.formatFrame('html', name, HTML_FORMAT[name]));
			if (selfClosing) this.pop();
			return true;
		}
		if (HTML_TRANSPARENT_INLINE.has(name)) {
			this.push(this.inlineFrame('html', name, (children) => children));
			if (selfClosing) this.pop();
			return true;
		}
		if (name === 'br') {
			this.append({ type: 'break' });
			return true;
		}
		if (HTML_CODE.has(name)) {
			this.push(
				this.inlineFrame('html', name, (children) => [
					{ type: 'inlineCode', value: inlineText(children) },
				]),
			);
			if (selfClosing) this.pop();
			return true;
		}
		if (name === 'a') {
			const href = attributes.href;
			const insideLink = this.stack.some((frame) => frame.tag === 'a' || frame.tag === 'link');
			if (href === undefined || insideLink || !isSafeHref(href) || !this.md.validateLink(href)) {
				this.push(this.inlineFrame('html', name, (children) => children));
			} else {
				const frame = this.linkFrame(
					'html',
					this.md.normalizeLink(href),
					attributes.title || undefined,
				);
				const close = frame.close;
				// An anchor that links nothing shows nothing: it keeps its tags as written instead.
				frame.close = (closed, parent) => {
					const empty = closed.children.every(
						(child) => child.type === 'text' && isHtmlBlank(child.value),
					);
					if (!empty) close(closed, parent);
					else
						parent.children.push({
							type: 'rawHtml',
							value: `${raw}${closed.closeRaw ?? ''}`,
							visible: false,
						});
				};
				this.push(frame);
			}
			if (selfClosing) this.pop();
			return true;
		}
		if (name === 'img') {
			const src = attributes.src;
			if (!src || !isSafeHref(src) || !this.md.validateLink(src)) return false;
			this.append({
				type: 'image',
				src: hasConfluenceScheme(src) ? src : this.md.normalizeLink(src),
				alt: attributes.alt ?? '',
				title: attributes.title || undefined,
			});
			return true;
		}
		if (!block) return false;
		// Block-level elements: only where a block may start.
		if (top.role === 'inline' && top.origin === 'html') this.closeInlineHtml();
		const current = this.top();
		switch (name) {
			case 'p':
				if (current.origin === 'html' && current.tag === 'p') this.pop();
				this.push(this.inlineFrame('html', 'p', (children) => [{ type: 'paragraph', children }]));
				break;
			case 'h1':
			case 'h2':
			case 'h3':
			case 'h4':
			case 'h5':
			case 'h6': {
				const level = parseInt(name.slice(1), 10);
				this.push(
					this.inlineFrame('html', name, (children) => [{ type: 'heading', level, children }]),
				);
				break;
			}
			case 'hr':
				this.append({ type: 'rule' });
				return true;
			case 'blockquote':
				this.push(this.blockFrame('html', name, (children) => [{ type: 'blockquote', children }]));
				break;
			case 'ul':
			case 'ol': {
				const start = parseInt(attributes.start ?? '1', 10);
				const numbering = name === 'ol' ? listNumbering(attributes.type) : undefined;
				this.push(
					this.listFrame(
						'html',
						name,
						name === 'ol',
						Number.isFinite(start) ? start : 1,
						numbering,
					),
				);
				break;
			}
			case 'li':
				if (current.origin === 'html' && current.tag === 'li') this.pop();
				if (this.top().role !== 'list') return false;
				this.push(this.itemFrame('html', 'li'));
				break;
			case 'details':
				this.push({
					...this.blockFrame('html', 'details', () => []),
					close: (frame, parent) => {
						parent.children.push({
							type: 'expand',
							title: frame.title ?? '',
							children: toBlocks(frame.children),
						});
					},
				});
				break;
			case 'summary': {
				if (current.tag !== 'details' || current.title !== undefined) return false;
				this.push(
					this.inlineFrame('html', 'summary', (children) => {
						current.title = inlineText(children).replace(/\s+/g, ' ').trim();
						return [];
					}),
				);
				break;
			}
			case 'table':
				this.push(this.tableFrame('html'));
				break;
			case 'thead':
			case 'tbody':
			case 'tfoot':
			case 'colgroup':
			case 'col':
				return current.role === 'table';
			case 'caption':
				if (current.role !== 'table') return false;
				// Storage tables have no caption: it becomes a paragraph before the table.
				this.push({
					...this.blockFrame('html', 'caption', () => []),
					close: (frame) => {
						const outside = this.stack[this.stack.length - 2];
						if (outside) outside.children.push(...toBlocks(frame.children));
					},
				});
				break;
			case 'tr':
				if (current.origin === 'html' && current.tag === 'tr') this.pop();
				else if (current.origin === 'html' && (current.tag === 'td' || current.tag === 'th')) {
					this.pop();
					if (this.top().tag === 'tr') this.pop();
				}
				if (this.top().role !== 'table') return false;
				this.openRow('html');
				break;
			case 'td':
			case 'th':
				if (current.origin === 'html' && (current.tag === 'td' || current.tag === 'th')) this.pop();
				if (this.top().role === 'table') this.openRow('html');
				if (this.top().role !== 'row') return false;
				this.openCell('html', name, attributes);
				break;
			case 'pre':
				this.push({
					origin: 'html',
					tag: 'pre',
					role: 'raw',
					children: [],
					close: (frame, parent) => {
						const text = inlineText(frame.children.filter(isInline)).replace(/^\r?\n/, '');
						parent.children.push({
							type: 'code',
							language: '',
							params: [],
							value: stripFinalNewline(text),
						});
					},
				});
				break;
			default:
				if (HTML_TRANSPARENT_BLOCK.has(name)) {
					this.push(this.blockFrame('html', name, (children) => children));
					break;
				}
				return false;
		}
		if (selfClosing) this.pop();
		return true;
	}
}

/** Elements the reader rebuilds as storage (`htmlOpen`); an anchor only with an address. */
const HTML_REBUILT = new Set([
	...Object.keys(HTML_FORMAT),
	...HTML_TRANSPARENT_INLINE,
	...HTML_CODE,
	...HTML_BLOCK_ONLY,
	'a',
	'br',
	'img',
	'hr',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'blockquote',
	'ul',
	'ol',
	'li',
	'summary',
	'thead',
	'tbody',
	'tfoot',
	'tr',
	'td',
	'th',
	'caption',
	'pre',
]);

function rebuildsAny(events: HtmlEvent[]): boolean {
	return events.some(
		(event) =>
			event.kind === 'open' &&
			HTML_REBUILT.has(event.name) &&
			(event.name !== 'a' || event.attributes.href !== undefined),
	);
}

/** Whether its only elements are wrappers with no storage meaning (`<div>`, `<span>`, …) or anchors. */
function onlyWrappers(events: HtmlEvent[]): boolean {
	return events.every(
		(event) =>
			event.kind !== 'open' ||
			!HTML_REBUILT.has(event.name) ||
			event.name === 'a' ||
			HTML_TRANSPARENT_BLOCK.has(event.name) ||
			HTML_TRANSPARENT_INLINE.has(event.name),
	);
}

/** Whether a browser shows anything of it: text, or an element that shows without text. */
function showsAnything(events: HtmlEvent[]): boolean {
	return events.some(
		(event) =>
			(event.kind === 'text' && !isHtmlBlank(event.text)) ||
			(event.kind === 'open' && ['img', 'hr', 'br', 'input', 'table'].includes(event.name)) ||
			(event.kind === 'other' && !event.raw.startsWith('<!--')),
	);
}

/** HTML's white space: a no-break space is content. */
function isHtmlBlank(text: string): boolean {
	return /^[ \t\n\r\f]*$/.test(text);
}

function stripFinalNewline(text: string): string {
	return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function fenceNode(info: string, value: string): Block {
	const trimmed = info.trim();
	const adf = trimmed.startsWith(ADF_FENCE) ? splitMacroInfo(trimmed, ADF_FENCE) : undefined;
	if (adf) return { type: 'adfBlock', name: adf.name, params: adf.params };
	const macro = trimmed.startsWith(MACRO_FENCE) ? splitMacroInfo(trimmed) : undefined;
	if (macro) {
		return value === ''
			? { type: 'macro', name: macro.name, params: macro.params }
			: { type: 'macro', name: macro.name, params: macro.params, text: value };
	}
	const space = trimmed.search(/\s/);
	const language = space < 0 ? trimmed : trimmed.slice(0, space);
	const params =
		space < 0
			? []
			: parseParams(trimmed.slice(space)).filter((param) =>
					CODE_PARAMS.has(param.name.toLowerCase()),
				);
	return { type: 'code', language, params, value };
}

interface Markers {
	marker?: boolean;
}

/**
 * Task boxes and alert markers count only as written in the source: `\[ ] not a task` and
 * `> \[!NOTE]` are escaped text, which the parsed text no longer shows.
 */
function markMarkers(tokens: Token[]): void {
	for (let index = 0; index + 2 < tokens.length; index++) {
		const token = tokens[index];
		if (token.type !== 'blockquote_open' && token.type !== 'list_item_open') continue;
		if (tokens[index + 1].type !== 'paragraph_open' || tokens[index + 2].type !== 'inline')
			continue;
		const source = tokens[index + 2].content;
		const marker =
			token.type === 'blockquote_open' ? ALERT.test(source.split('\n', 1)[0]) : TASK.test(source);
		if (marker) token.meta = { ...(token.meta as object | null), marker: true };
	}
}

/** GitHub task-list items: `- [ ] todo` / `- [x] done`. */
function detectTask(item: ListItem): void {
	const first = item.children[0];
	if (!first || first.type !== 'paragraph') return;
	const head = first.children[0];
	if (!head || head.type !== 'text') return;
	const match = TASK.exec(head.value);
	if (!match) return;
	const rest = head.value.slice(match[0].length);
	if (rest === '' && first.children.length > 1 && first.children[1].type !== 'softbreak') {
		if (!/[ \t]$/.test(match[0])) return;
	}
	item.checked = match[1] !== ' ';
	if (rest) head.value = rest;
	else first.children.shift();
	while (first.children[0] && first.children[0].type === 'softbreak') first.children.shift();
	if (first.children.length === 0) item.children.shift();
}

const ALERT_KIND: Record<string, PanelKind> = {
	NOTE: 'note',
	TIP: 'tip',
	IMPORTANT: 'important',
	WARNING: 'warning',
	CAUTION: 'caution',
};

/** GitHub alerts: a block quote starting with `[!NOTE]` (optionally followed by a title) is a panel. */
function toAlert(children: Block[]): Block {
	const first = children[0];
	if (!first || first.type !== 'paragraph') return { type: 'blockquote', children };
	const head = first.children[0];
	if (!head || head.type !== 'text') return { type: 'blockquote', children };
	const match = ALERT.exec(head.value);
	if (!match) return { type: 'blockquote', children };
	let lineEnd = first.children.findIndex(
		(node) => node.type === 'softbreak' || node.type === 'break',
	);
	if (lineEnd < 0) lineEnd = first.children.length;
	const titleNodes: Inline[] = [
		{ type: 'text', value: match[2] },
		...first.children.slice(1, lineEnd),
	];
	const title = inlineText(titleNodes).trim();
	const rest = first.children.slice(lineEnd + 1);
	const body =
		rest.length > 0 ? [{ ...first, children: rest }, ...children.slice(1)] : children.slice(1);
	return {
		type: 'panel',
		kind: ALERT_KIND[match[1].toUpperCase()],
		title: title || undefined,
		children: body,
	};
}

export function readMarkdown(markdown: string): Block[] {
	const md = markdownIt();
	const tokens = md.parse(markdown, {});
	return new MarkdownReader(md).read(tokens);
}
