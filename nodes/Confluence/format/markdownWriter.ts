import type {
	AdfBlockNode,
	Block,
	FormatNode,
	Inline,
	ListNode,
	MacroNode,
	TableCell,
	TableNode,
} from './ast';
import { forEachInline, isFormat, normalizeInlines, trimEnd, withCheckboxText } from './ast';
import { toMarkdownLanguage } from './languages';
import {
	ACCOUNT_ID,
	formatConfluenceHref,
	formatMacroHref,
	formatDateHref,
	formatEmojiHref,
	formatStatusHref,
	percentDecode,
	USER_REFERENCE,
} from './links';
import { formatParams } from './params';
import { endsAsHtmlBlock, isInertRawHtml, isInlineRawHtml } from './rawHtml';

export interface MarkdownWriteOptions {
	/** Display names for user mentions, by account id. */
	userNames?: Record<string, string>;
}

interface InlineContext {
	/** Inside a GFM table cell or a heading: everything on one line. */
	singleLine: boolean;
	/** Inside link text, where `]` must be escaped and links cannot nest. */
	link: boolean;
	/** Raw HTML kept from Markdown is written as text, not as raw HTML (see `paragraph`). */
	rawAsText?: boolean;
}

/** CommonMark's HTML block starts (conditions 1 to 6 interrupt a paragraph; 7 only starts one). */
const HTML_BLOCK_START =
	/^ {0,3}(?:<(?:script|pre|style|textarea)(?:\s|>|$)|<!--|<\?|<![A-Za-z]|<!\[CDATA\[|<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$))/i;
const HTML_BLOCK_7 =
	/^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

const ALERT_NAME = {
	note: 'NOTE',
	tip: 'TIP',
	important: 'IMPORTANT',
	warning: 'WARNING',
	caution: 'CAUTION',
};

/** Marks a boundary made of a delimiter we have not chosen yet: punctuation, but never equal to one. */
const PUNCTUATION_MARK = '\u0001';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;

function isWhitespace(char: string): boolean {
	return char === '' || /\s/.test(char);
}

function isPunctuation(char: string): boolean {
	return char === PUNCTUATION_MARK || UNICODE_PUNCTUATION.test(char);
}

function leftFlanking(before: string, after: string): boolean {
	return (
		!isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before))
	);
}

function rightFlanking(before: string, after: string): boolean {
	return (
		!isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after))
	);
}

/** Whether `delimiter` around `inner` opens and closes emphasis between `before` and `after` (CommonMark 6.2). */
function delimiterWorks(delimiter: string, inner: string, before: string, after: string): boolean {
	const char = delimiter[0];
	const first = firstChar(inner);
	const last = lastChar(inner);
	if (first === char || last === char || before === char || after === char) return false;
	const openLeft = leftFlanking(before, first);
	const openRight = rightFlanking(before, first);
	const closeLeft = leftFlanking(last, after);
	const closeRight = rightFlanking(last, after);
	if (char === '_') {
		const canOpen = openLeft && (!openRight || isPunctuation(before));
		const canClose = closeRight && (!closeLeft || isPunctuation(after));
		if (!canOpen || !canClose) return false;
	} else if (!openLeft || !closeRight) {
		return false;
	}
	// A run that could both open and close leaves the pairing to CommonMark's rule of three and to whatever
	// else is on the line. That is only safe at one end, and only inside a word (`**bold**은`, `x**y**`);
	// next to punctuation, or ambiguous at both ends, HTML tags are used instead.
	const openAmbiguous = openRight;
	const closeAmbiguous = closeLeft;
	if (openAmbiguous && closeAmbiguous) return false;
	if (openAmbiguous && (isPunctuation(before) || isPunctuation(first))) return false;
	if (closeAmbiguous && (isPunctuation(after) || isPunctuation(last))) return false;
	return true;
}

const DELIMITERS: Partial<Record<FormatNode['type'], string[]>> = {
	emphasis: ['*', '_'],
	strong: ['**', '__'],
	delete: ['~~'],
};

const HTML_TAG: Record<FormatNode['type'], string> = {
	emphasis: 'em',
	strong: 'strong',
	delete: 'del',
	underline: 'u',
	superscript: 'sup',
	subscript: 'sub',
};

/** A character as CommonMark sees it: a whole code point, a broken surrogate pair as U+FFFD. */
function codePointAt(text: string, index: number): string {
	const code = text.charCodeAt(index);
	if (code >= 0xd800 && code <= 0xdbff) {
		const low = text.charCodeAt(index + 1);
		return low >= 0xdc00 && low <= 0xdfff ? text.slice(index, index + 2) : '\ufffd';
	}
	return code >= 0xdc00 && code <= 0xdfff ? '\ufffd' : text.charAt(index);
}

function firstChar(text: string): string {
	return text ? codePointAt(text, 0) : '';
}

function lastChar(text: string): string {
	if (!text) return '';
	const end = text.length - 1;
	const code = text.charCodeAt(end);
	if (code >= 0xdc00 && code <= 0xdfff && end > 0) {
		const high = text.charCodeAt(end - 1);
		if (high >= 0xd800 && high <= 0xdbff) return text.slice(end - 1);
		return '\ufffd';
	}
	return codePointAt(text, end);
}

/**
 * markdown-it trims paragraphs, headings and table cells with JavaScript's trim(), which also takes
 * no-break and other Unicode spaces that are content in storage; at the edges they are written as
 * character references.
 */
function protectEdges(text: string): string {
	const encode = (run: string) => [...run].map((char) => `&#${char.codePointAt(0)};`).join('');
	return text.replace(/^[^\S \t\r\n]+/, encode).replace(/[^\S \t\r\n]+(?=[ \t]*$)/, encode);
}

function escapeTitle(title: string): string {
	return `"${title
		.replace(/[\r\n]+/g, ' ')
		.replace(/["\\]/g, '\\$&')
		.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')}"`;
}

function formatDestination(url: string): string {
	if (url === '') return '';
	if (/^[^\s<>()\\\p{Cc}]+$/u.test(url) && !/&#?[A-Za-z0-9]+;/.test(url)) return url;
	const escaped = url
		.replace(/[\r\n]/g, (char) => (char === '\n' ? '%0A' : '%0D'))
		.replace(/[<>\\]|&(?=#?[A-Za-z0-9]+;)/g, '\\$&');
	return `<${escaped}>`;
}

function codeSpan(value: string): string {
	const text = value.replace(/\r?\n|\r/g, ' ');
	let longest = 0;
	for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
	const fence = '`'.repeat(longest + 1);
	const pad =
		text.startsWith('`') ||
		text.endsWith('`') ||
		(text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '')
			? ' '
			: '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/** Line starts that would begin a block construct. */
function escapeLineStart(line: string): string {
	if (/^#{1,6}(?:[ \t]|$)/.test(line)) return `\\${line}`;
	if (/^[>|]/.test(line) || /^[+-](?:[ \t]|$)/.test(line) || /^(?:=+[ \t]*|-[-\s]*)$/.test(line))
		return `\\${line}`;
	if (/^:{3,}/.test(line)) return `\\${line}`;
	const ordered = /^(\d{1,9})([.)])(?=[ \t]|$)/.exec(line);
	if (ordered) return `${ordered[1]}\\${line.slice(ordered[1].length)}`;
	if (/^\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$/.test(line)) return `\\${line}`;
	return line;
}

export class MarkdownWriter {
	private readonly userNames: Record<string, string>;
	/** Footnote labels with a definition, and how often each is referenced (a definition nobody references is not a footnote in Markdown). */
	private readonly footnoteDefinitions = new Set<string>();
	private readonly footnoteReferences = new Map<string, number>();

	constructor(options: MarkdownWriteOptions = {}) {
		this.userNames = options.userNames ?? {};
	}

	document(blocks: Block[]): string {
		this.countFootnotes(blocks);
		const text = this.blocks(blocks, false).join('\n');
		return text ? `${text}\n` : '';
	}

	private countFootnotes(blocks: Block[]): void {
		forEachInline(blocks, (node) => {
			if (node.type === 'footnoteReference') {
				this.footnoteReferences.set(node.label, (this.footnoteReferences.get(node.label) ?? 0) + 1);
			}
		});
		for (const block of blocks) {
			if (block.type !== 'footnoteDefinition') continue;
			let own = 0;
			forEachInline(block.children, (node) => {
				if (node.type === 'footnoteReference' && node.label === block.label) own++;
			});
			if ((this.footnoteReferences.get(block.label) ?? 0) > own)
				this.footnoteDefinitions.add(block.label);
		}
	}

	// -- blocks ----------------------------------------------------------------------------------

	private blocks(blocks: Block[], tight: boolean): string[] {
		const lines: string[] = [];
		let previous: Block | undefined;
		let bulletIndex = 0;
		let orderedIndex = 0;
		for (const block of blocks) {
			let rendered: string[];
			if (block.type === 'list') {
				// Adjacent lists of the same kind need different markers, or Markdown merges them.
				const sameKind = previous?.type === 'list' && previous.ordered === block.ordered;
				if (block.ordered) orderedIndex = sameKind ? orderedIndex + 1 : 0;
				else bulletIndex = sameKind ? bulletIndex + 1 : 0;
				rendered = this.list(block, block.ordered ? orderedIndex : bulletIndex);
			} else {
				rendered = this.block(block);
			}
			if (rendered.length === 0) continue;
			if (previous) {
				if (!tight || this.needsBlankLine(previous, block)) lines.push('');
			}
			for (const line of rendered) lines.push(line);
			previous = block;
		}
		return lines;
	}

	/** In a tight list item, blocks follow each other directly unless the second could not interrupt the first. */
	private needsBlankLine(previous: Block, next: Block): boolean {
		switch (previous.type) {
			case 'heading':
			case 'code':
			case 'rule':
				return false;
			case 'macro':
			case 'adfBlock':
				return previous.children !== undefined;
			case 'blockquote':
			case 'panel':
				// A quote right after a quote would continue it.
				return next.type === 'blockquote' || next.type === 'panel' || !canInterruptParagraph(next);
			case 'paragraph':
				// An HTML block runs to a blank line.
				if (writesRawBlock(previous)) return true;
				return !canInterruptParagraph(next);
			case 'list':
				return !canInterruptParagraph(next);
			default:
				return true;
		}
	}

	private block(block: Block): string[] {
		switch (block.type) {
			case 'paragraph':
				return this.paragraph(block.children);
			case 'heading': {
				let content = protectEdges(this.inlines(block.children, { singleLine: true, link: false }));
				if (/(^|[^\\])#$/.test(content)) content = `${content.slice(0, -1)}\\#`;
				const marker = '#'.repeat(Math.min(6, Math.max(1, block.level)));
				return [content ? `${marker} ${content}` : marker];
			}
			case 'blockquote': {
				const body = this.blocks(block.children, false);
				return body.length > 0 ? this.quote(body) : ['>'];
			}
			case 'list':
				return this.list(block, 0);
			case 'code': {
				// Parameters need a language before them, or the first would be read as the language.
				const language =
					toMarkdownLanguage(block.language) || (block.params.length > 0 ? 'text' : '');
				return this.fence(
					[language, formatParams(block.params)].filter(Boolean).join(' '),
					block.value,
				);
			}
			case 'rule':
				return ['---'];
			case 'table':
				return this.table(block);
			case 'panel': {
				const title = block.title
					? ` ${this.inlines([{ type: 'text', value: block.title }], { singleLine: true, link: false })}`
					: '';
				const head = `[!${ALERT_NAME[block.kind]}]${title}`;
				const body = this.blocks(block.children, false);
				const compact = block.children[0]?.type === 'paragraph';
				return this.quote(
					body.length === 0 ? [head] : compact ? [head, ...body] : [head, '', ...body],
				);
			}
			case 'expand': {
				const body = this.blocks(block.children, false);
				return [
					'<details>',
					`<summary>${escapeHtml(block.title.replace(/\s+/g, ' ').trim())}</summary>`,
					...(body.length > 0 ? ['', ...body, ''] : []),
					'</details>',
				];
			}
			case 'macro':
				return this.macro(block);
			case 'adfBlock':
				return this.macro(block, 'confluence-adf');
			case 'footnoteDefinition': {
				if (!this.footnoteDefinitions.has(block.label)) return this.blocks(block.children, false);
				const label = block.label.replace(/[\s\]\\^]+/g, '-');
				const body = this.blocks(block.children, false);
				if (body.length === 0) return [`[^${label}]:`];
				return [
					`[^${label}]: ${body[0]}`,
					...body.slice(1).map((line) => (line ? `    ${line}` : '')),
				];
			}
		}
	}

	private quote(lines: string[]): string[] {
		return lines.map((line) => (line ? `> ${line}` : '>'));
	}

	private fence(info: string, value: string): string[] {
		const useTilde = info.includes('`');
		const char = useTilde ? '~' : '`';
		let longest = 0;
		for (const run of value.match(useTilde ? /~+/g : /`+/g) ?? [])
			longest = Math.max(longest, run.length);
		const fence = char.repeat(Math.max(3, longest + 1));
		const body = value === '' ? [] : value.replace(/\r\n?/g, '\n').split('\n');
		return [`${fence}${info}`, ...body, fence];
	}

	private macro(
		block: MacroNode | AdfBlockNode,
		fence: 'confluence-macro' | 'confluence-adf' = 'confluence-macro',
	): string[] {
		const info = [
			fence,
			formatParams([{ name: '', value: block.name }]),
			formatParams(block.params),
		]
			.filter(Boolean)
			.join(' ');
		if (block.children === undefined)
			return this.fence(info, block.type === 'macro' ? (block.text ?? '') : '');
		const body = this.blocks(block.children, false);
		// markdown-it-container ends at the first line of enough colons, even inside nested code: the fence
		// is longer than any colon run starting a line of the body.
		let longest = 2;
		for (const line of body) longest = Math.max(longest, /^\s*(:*)/.exec(line)?.[1].length ?? 0);
		const colons = ':'.repeat(longest + 1);
		return [`${colons} ${info}`, ...(body.length > 0 ? ['', ...body, ''] : []), colons];
	}

	private list(list: ListNode, variant: number): string[] {
		if (list.ordered && list.numbering) return this.htmlList(list);
		// A paragraph of raw HTML that is written as nothing takes no place in an item (nor makes it loose).
		if (list.items.some((item) => item.children.some(writesNothing))) {
			list = {
				...list,
				items: list.items.map((item) => ({
					...item,
					children: item.children.filter((child) => !writesNothing(child)),
				})),
			};
		}
		const lines: string[] = [];
		const bullet = ['-', '*', '+'][variant % 3];
		const delimiter = variant % 2 === 0 ? '.' : ')';
		// A blank line anywhere in a list makes all of it loose, so a list that needs one is written loose.
		const tight =
			list.tight &&
			list.items.every(
				(item) =>
					item.children.every(
						(child, index) => index === 0 || !this.needsBlankLine(item.children[index - 1], child),
					) &&
					// A task box on a line of its own is a paragraph the next block must be able to interrupt.
					(item.checked === undefined ||
						!item.children[0] ||
						item.children[0].type === 'paragraph' ||
						canInterruptParagraph(item.children[0])),
			);
		list.items.forEach((item, index) => {
			const marker = list.ordered ? `${list.start + index}${delimiter} ` : `${bullet} `;
			const indent = ' '.repeat(marker.length);
			const children = item.children;
			let body = this.blocks(children, tight);
			if (children[0]?.type === 'rule') body[0] = '___';
			if (item.checked !== undefined) {
				const box = item.checked ? '[x]' : '[ ]';
				if (children[0]?.type === 'paragraph' && body.length > 0) body[0] = `${box} ${body[0]}`;
				else body = [box, ...(tight || body.length === 0 ? [] : ['']), ...body];
			}
			if (!tight && index > 0) lines.push('');
			if (body.length === 0) {
				lines.push(marker.trimEnd());
				return;
			}
			lines.push(`${marker}${body[0]}`);
			for (const line of body.slice(1)) lines.push(line ? `${indent}${line}` : '');
		});
		return lines;
	}

	/** Lettered and roman lists (Markdown numbers only) as an HTML list whose items hold Markdown. */
	private htmlList(list: ListNode): string[] {
		const start = list.start !== 1 ? ` start="${list.start}"` : '';
		const lines = [`<ol type="${list.numbering}"${start}>`];
		for (const item of list.items) {
			const only = item.children.length === 1 ? item.children[0] : undefined;
			const inline =
				list.tight && item.checked === undefined && only?.type === 'paragraph'
					? this.htmlInline(only.children)
					: undefined;
			if (item.children.length === 0 && item.checked === undefined) lines.push('<li></li>');
			else if (inline !== undefined) lines.push(`<li>${inline}</li>`);
			else lines.push('<li>', '', ...this.blocks(withCheckboxText(item), false), '', '</li>');
		}
		lines.push('</ol>');
		return lines;
	}

	private paragraph(children: Inline[]): string[] {
		const only = children.length === 1 ? children[0] : undefined;
		// A raw HTML block kept whole from Markdown stands as it was written.
		if (only?.type === 'rawHtml' && writesRawBlock({ type: 'paragraph', children }))
			return only.value
				.replace(/^[ \t]+/, '')
				.replace(/[ \t\n\r\f]+$/, '')
				.split('\n');
		const render = (rawAsText: boolean) => {
			const text = this.inlines(children, { singleLine: false, link: false, rawAsText });
			return text === ''
				? []
				: protectEdges(text.replace(/^[ \t]+/, ''))
						.split('\n')
						.map(escapeLineStart);
		};
		const lines = render(false);
		// Raw HTML starting a line could start an HTML block there and turn the rest into raw HTML.
		const startsBlock = lines.some(
			(line, index) => HTML_BLOCK_START.test(line) || (index === 0 && HTML_BLOCK_7.test(line)),
		);
		return startsBlock && children.some((child) => child.type === 'rawHtml') ? render(true) : lines;
	}

	// -- tables ----------------------------------------------------------------------------------

	private isPipeTable(table: TableNode): boolean {
		const [head, ...body] = table.rows;
		if (!head || head.cells.length === 0) return false;
		if (!head.cells.every((cell) => cell.header)) return false;
		for (const row of table.rows) {
			for (const cell of row.cells) {
				if ((cell.colspan ?? 1) > 1 || (cell.rowspan ?? 1) > 1) return false;
				if (cell.children.length > 1) return false;
				if (cell.children.length === 1 && cell.children[0].type !== 'paragraph') return false;
			}
		}
		return body.every((row) => row.cells.every((cell) => !cell.header));
	}

	private table(table: TableNode): string[] {
		if (!this.isPipeTable(table)) return this.htmlTable(table);
		const width = Math.max(...table.rows.map((row) => row.cells.length));
		const cellText = (cell: TableCell | undefined): string => {
			const paragraph = cell?.children[0];
			if (!paragraph || paragraph.type !== 'paragraph') return '';
			return protectEdges(
				this.inlines(paragraph.children, { singleLine: true, link: false }),
			).replace(/\|/g, '\\|');
		};
		const row = (cells: TableCell[]): string => {
			const texts: string[] = [];
			for (let index = 0; index < width; index++) texts.push(cellText(cells[index]));
			return `| ${texts.join(' | ')} |`;
		};
		const head = table.rows[0].cells;
		const alignments: string[] = [];
		for (let index = 0; index < width; index++) {
			const align =
				head[index]?.align ?? table.rows.find((r) => r.cells[index]?.align)?.cells[index]?.align;
			alignments.push(
				align === 'center'
					? ':---:'
					: align === 'right'
						? '---:'
						: align === 'left'
							? ':---'
							: '---',
			);
		}
		return [
			row(head),
			`| ${alignments.join(' | ')} |`,
			...table.rows.slice(1).map((r) => row(r.cells)),
		];
	}

	/** Tables Markdown's pipe syntax cannot hold (spans, blocks in cells, no header row) as HTML with Markdown cells. */
	private htmlTable(table: TableNode): string[] {
		const lines = ['<table>'];
		for (const row of table.rows) {
			lines.push('<tr>');
			for (const cell of row.cells) {
				const tag = cell.header ? 'th' : 'td';
				let attributes = '';
				if ((cell.colspan ?? 1) > 1) attributes += ` colspan="${cell.colspan}"`;
				if ((cell.rowspan ?? 1) > 1) attributes += ` rowspan="${cell.rowspan}"`;
				if (cell.align) attributes += ` align="${cell.align}"`;
				const only = cell.children.length === 1 ? cell.children[0] : undefined;
				const inline =
					only && only.type === 'paragraph' ? this.htmlInline(only.children) : undefined;
				if (cell.children.length === 0) lines.push(`<${tag}${attributes}></${tag}>`);
				else if (inline !== undefined) lines.push(`<${tag}${attributes}>${inline}</${tag}>`);
				else
					lines.push(
						`<${tag}${attributes}>`,
						'',
						...this.blocks(cell.children, false),
						'',
						`</${tag}>`,
					);
			}
			lines.push('</tr>');
		}
		lines.push('</table>');
		return lines;
	}

	/**
	 * Inline content as the HTML subset the Markdown reader turns back into storage, for one-line table
	 * cells; undefined when something in it has no HTML form.
	 */
	private htmlInline(nodes: Inline[], inLink = false): string | undefined {
		let out = '';
		for (const node of normalizeInlines(nodes)) {
			if (isFormat(node)) {
				const inner = this.htmlInline(node.children, inLink);
				if (inner === undefined) return undefined;
				const tag = HTML_TAG[node.type];
				out += `<${tag}>${inner}</${tag}>`;
				continue;
			}
			switch (node.type) {
				case 'text':
					out += escapeHtml(node.value.replace(/\s*[\r\n]+\s*/g, ' '));
					break;
				case 'softbreak':
					out += ' ';
					break;
				case 'break':
					out += '<br />';
					break;
				case 'inlineCode':
					out += `<code>${escapeHtml(node.value.replace(/[\r\n]+/g, ' '))}</code>`;
					break;
				case 'link': {
					const inner = this.htmlInline(node.children, true);
					if (inner === undefined) return undefined;
					if (inLink) {
						out += inner;
						break;
					}
					const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
					out += `<a href="${escapeHtml(node.href)}"${title}>${inner}</a>`;
					break;
				}
				case 'image': {
					const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
					out += `<img src="${escapeHtml(node.src)}" alt="${escapeHtml(node.alt)}"${title} />`;
					break;
				}
				case 'mention':
					if (inLink) {
						out += `@${escapeHtml(this.userNames[node.user] ?? node.name ?? node.user)}`;
						break;
					}
					out += `<a href="${escapeHtml(formatConfluenceHref({ kind: 'user', user: node.user }))}">@${escapeHtml(
						this.userNames[node.user] ?? node.name ?? node.user,
					)}</a>`;
					break;
				case 'emoji':
					out += inLink
						? escapeHtml(node.text)
						: `<a href="${escapeHtml(formatEmojiHref(node))}">${escapeHtml(node.text)}</a>`;
					break;
				case 'date':
					out += inLink
						? escapeHtml(node.value)
						: `<a href="${escapeHtml(formatDateHref(node.value))}">${escapeHtml(node.value)}</a>`;
					break;
				case 'status':
					if (inLink) {
						out += escapeHtml(node.text);
						break;
					}
					out += `<a href="${escapeHtml(formatStatusHref(node.colour, node.subtle))}">${escapeHtml(node.text)}</a>`;
					break;
				case 'rawHtml':
					// In an HTML cell raw HTML would be read as the cell's own markup: it is written as the text shown.
					if (node.visible) out += escapeHtml(node.value.replace(/[ \t\n\r\f]+/g, ' ').trim());
					break;
				case 'adfInline':
					if (inLink) out += escapeHtml(node.text);
					else
						out += `<a href="${escapeHtml(formatMacroHref(node.name, node.params, 'confluence-adf'))}">${escapeHtml(node.text)}</a>`;
					break;
				case 'inlineMacro':
					if (inLink) break;
					out += `<a href="${escapeHtml(formatMacroHref(node.name, node.params))}">${escapeHtml(node.name)}</a>`;
					break;
				default:
					return undefined;
			}
		}
		return out;
	}

	// -- inlines ---------------------------------------------------------------------------------

	/**
	 * Raw HTML that is not written as raw HTML here becomes the text it shows (or nothing), before escaping,
	 * so the text around it is escaped for what really stands next to it.
	 */
	private resolveRawHtml(nodes: Inline[], context: InlineContext): Inline[] {
		if (!nodes.some((node) => node.type === 'rawHtml' || 'children' in node)) return nodes;
		const out: Inline[] = [];
		for (const node of nodes) {
			if (node.type === 'rawHtml') {
				const verbatim =
					!context.link &&
					!context.rawAsText &&
					isInlineRawHtml(node.value) &&
					isInertRawHtml(node.value);
				if (verbatim) out.push(node);
				else if (node.visible)
					out.push({ type: 'text', value: node.value.replace(/[ \t\n\r\f]+/g, ' ').trim() });
				continue;
			}
			if (isFormat(node))
				out.push({ ...node, children: this.resolveRawHtml(node.children, context) });
			else if (node.type === 'link')
				out.push({
					...node,
					children: this.resolveRawHtml(node.children, { ...context, link: true }),
				});
			else out.push(node);
		}
		return out;
	}

	/** The rendering of a sibling's first character, for emphasis flanking decisions. */
	private firstCharOf(
		node: Inline | undefined,
		renderedText: string | undefined,
		context: InlineContext,
	): string {
		if (!node) return '';
		if (node.type === 'text') return firstChar(renderedText ?? '');
		if (node.type === 'softbreak') return context.singleLine ? ' ' : '\n';
		return PUNCTUATION_MARK;
	}

	inlines(nodes: Inline[], context: InlineContext, before = ''): string {
		const list = normalizeInlines(this.resolveRawHtml(nodes, context));
		if (before === '') {
			trimEnd(list);
			while (list.length > 0 && (list[0].type === 'break' || list[0].type === 'softbreak'))
				list.shift();
		}
		const escape = (index: number, previous: string): string | undefined => {
			const node = list[index];
			if (!node || node.type !== 'text') return undefined;
			const text = this.escapeText(node.value, context, list[index + 1], previous);
			// `[^note]:` at the start of a line would read as a footnote definition.
			const before = list[index - 1];
			const reference =
				before?.type === 'footnoteReference' &&
				this.footnoteDefinitions.has(before.label) &&
				!context.link;
			return reference && text.startsWith(':') ? `\\${text}` : text;
		};
		// Pieces are joined once at the end: reading the last character of a growing string would flatten it each time.
		const pieces: string[] = [];
		let previous = before;
		for (let index = 0; index < list.length; index++) {
			const node = list[index];
			const text = escape(index, previous);
			// The next text's first character, escaped as it will be (a backslash, or the character itself).
			const after = this.firstCharOf(list[index + 1], escape(index + 1, PUNCTUATION_MARK), context);
			// A mention's `@id` form ends where a word would go on: that is decided on the raw next text.
			const next = list[index + 1];
			const rawAfter =
				node.type === 'mention' && next?.type === 'text' ? firstChar(next.value) : after;
			const piece = this.inline(node, text, context, previous, rawAfter);
			pieces.push(piece);
			if (piece) previous = lastChar(piece);
		}
		return pieces.join('');
	}

	private inline(
		node: Inline,
		text: string | undefined,
		context: InlineContext,
		before: string,
		after: string,
	): string {
		if (isFormat(node)) {
			const inner = this.inlines(node.children, context, PUNCTUATION_MARK);
			for (const delimiter of DELIMITERS[node.type] ?? []) {
				if (delimiterWorks(delimiter, inner, before, after))
					return `${delimiter}${inner}${delimiter}`;
			}
			const tag = HTML_TAG[node.type];
			return `<${tag}>${inner}</${tag}>`;
		}
		switch (node.type) {
			case 'text':
				return text ?? '';
			case 'softbreak':
				return context.singleLine ? ' ' : '\n';
			case 'break':
				return context.singleLine ? '<br />' : '\\\n';
			case 'inlineCode':
				return codeSpan(node.value);
			case 'link': {
				if (context.link) return this.inlines(node.children, context, before);
				const label = this.inlines(node.children, { ...context, link: true }, '[');
				const plain =
					node.children.length === 1 && node.children[0].type === 'text'
						? node.children[0].value
						: undefined;
				if (!node.title && plain !== undefined) {
					// markdown-it shows an autolink's address percent-decoded, so the text may be the decoded href.
					const autolink = plain === node.href || plain === percentDecode(node.href);
					if (autolink && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\p{Cc}]*$/u.test(plain)) {
						return `<${plain}>`;
					}
					if (
						node.href === `mailto:${plain}` &&
						/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
							plain,
						)
					) {
						return `<${plain}>`;
					}
				}
				const title = node.title ? ` ${escapeTitle(node.title)}` : '';
				return `[${label}](${formatDestination(node.href)}${title})`;
			}
			case 'image': {
				const alt = this.escapeText(
					node.alt.replace(/\s+/g, ' '),
					{ ...context, link: true },
					undefined,
					'[',
				);
				const title = node.title ? ` ${escapeTitle(node.title)}` : '';
				// An attachment of the page itself is written as its bare file name, as Markdown authors write it.
				const bare = /^attachment:([^/:?#\s\\%]+\.[A-Za-z0-9]{1,8})$/.exec(node.src);
				return `![${alt}](${formatDestination(bare ? bare[1] : node.src)}${title})`;
			}
			case 'mention': {
				const name = this.userNames[node.user] ?? node.name;
				if (context.link)
					return this.escapeText(`@${name ?? node.user}`, context, undefined, before);
				// `@id` is only read as a mention between non-word characters.
				const bare = !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}_:-]/u.test(after);
				if (name === undefined && ACCOUNT_ID.test(node.user) && bare) return `@${node.user}`;
				const label = this.escapeText(
					name ?? node.user,
					{ ...context, link: true },
					undefined,
					'[',
				);
				const destination = USER_REFERENCE.test(node.user)
					? formatDestination(node.user)
					: `<${node.user.replace(/[<>\\]/g, '\\$&')}>`;
				return `@[${label}](${destination})`;
			}
			case 'emoji': {
				if (context.link) return this.escapeText(node.text, context, undefined, before);
				const label = this.escapeText(node.text, { ...context, link: true }, undefined, '[');
				return `[${label}](${formatEmojiHref(node)})`;
			}
			case 'date':
				if (context.link) return this.escapeText(node.value, context, undefined, before);
				return `[${node.value}](${formatDateHref(node.value)})`;
			case 'status': {
				if (context.link) return this.escapeText(node.text, context, undefined, before);
				const label = this.escapeText(node.text, { ...context, link: true }, undefined, '[');
				return `[${label}](${formatStatusHref(node.colour, node.subtle)})`;
			}
			case 'rawHtml':
				if (
					!context.link &&
					!context.rawAsText &&
					isInlineRawHtml(node.value) &&
					isInertRawHtml(node.value)
				)
					return node.value;
				// Shown as text, its white space runs show as one space (as the page shows them).
				return node.visible
					? this.escapeText(
							node.value.replace(/[ \t\n\r\f]+/g, ' ').trim(),
							context,
							undefined,
							before,
						)
					: '';
			case 'adfInline': {
				if (context.link) return this.escapeText(node.text, context, undefined, before);
				const label = this.escapeText(node.text, { ...context, link: true }, undefined, '[');
				return `[${label}](${formatDestination(formatMacroHref(node.name, node.params, 'confluence-adf'))})`;
			}
			case 'inlineMacro': {
				if (context.link) return '';
				const shown = node.params.find((param) => param.value && !param.value.includes(':'))?.value;
				const label = this.escapeText(
					shown ? `${node.name}: ${shown}` : node.name,
					{ ...context, link: true },
					undefined,
					'[',
				);
				return `[${label}](${formatDestination(formatMacroHref(node.name, node.params))})`;
			}
			case 'footnoteReference':
				if (!this.footnoteDefinitions.has(node.label) || context.link) {
					return this.escapeText(`[^${node.label}]`, context, undefined, before);
				}
				return `[^${node.label.replace(/[\s\]\\^]+/g, '-')}]`;
		}
		return '';
	}

	/** Backslash-escapes what would otherwise be read as Markdown syntax. */
	private escapeText(
		value: string,
		context: InlineContext,
		next: Inline | undefined,
		before: string,
	): string {
		const text = value.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ');
		const length = text.length;
		/** The characters before `index`, `before` standing in for what precedes the text. */
		const preceding = (index: number, count: number) =>
			index >= count
				? text.slice(index - count, index)
				: (before + text.slice(0, index)).slice(-count);
		return text.replace(/[\\*`[\]_~<&!@:.]/g, (char: string, index: number) => {
			const prevChar = index > 0 ? text[index - 1] : before;
			const nextChar = index + 1 < length ? text[index + 1] : '';
			switch (char) {
				case '\\':
					return nextChar === '' || ASCII_PUNCTUATION.test(nextChar) ? '\\\\' : '\\';
				case ']':
					return context.link ? '\\]' : ']';
				case '_':
					return WORD.test(prevChar) && WORD.test(nextChar) ? '_' : '\\_';
				case '~':
					return prevChar === '~' || nextChar === '~' ? '\\~' : '~';
				case '<':
					return /[A-Za-z/!?]/.test(nextChar) ? '\\<' : '<';
				case '&':
					return /^&#?[A-Za-z0-9]+;/.test(text.slice(index, index + 40)) ? '\\&' : '&';
				case '!':
					return nextChar === '' && next !== undefined && next.type !== 'text' ? '\\!' : '!';
				case '@': {
					const rest = text.slice(index + 1, index + 64);
					const beforeMention = nextChar === '' && next !== undefined && next.type === 'link';
					// An account id after @ would read as a mention, an address as an e-mail autolink.
					const email =
						/[A-Za-z0-9._%+-]/.test(prevChar) && /^[A-Za-z0-9-]+\.[A-Za-z0-9]/.test(rest);
					return beforeMention || email || /^(?:[0-9a-f]{24}|\d{1,10}:[0-9a-f]{8}-)/.test(rest)
						? '\\@'
						: '@';
				}
				case ':':
					// Text that is not a link stays text: GitHub autolinks `scheme://…` and `mailto:`.
					return text.startsWith('//', index + 1) ||
						/(?:^|[^A-Za-z0-9])mailto$/i.test(preceding(index, 7))
						? '\\:'
						: ':';
				case '.':
					return /(?:^|[^\p{L}\p{N}_.-])www$/iu.test(preceding(index, 4)) ? '\\.' : '.';
				default:
					// * ` [
					return `\\${char}`;
			}
		});
	}
}

/** A paragraph that is one piece of raw HTML, written as the HTML block it was. */
function writesRawBlock(block: Block): boolean {
	const only =
		block.type === 'paragraph' && block.children.length === 1 ? block.children[0] : undefined;
	return (
		only?.type === 'rawHtml' &&
		only.value.trim() !== '' &&
		isInertRawHtml(only.value) &&
		endsAsHtmlBlock(only.value.trim())
	);
}

/** A paragraph of raw HTML that shows nothing and is not written as raw HTML (`resolveRawHtml`). */
function writesNothing(block: Block): boolean {
	return (
		block.type === 'paragraph' &&
		block.children.length > 0 &&
		block.children.every(
			(child) =>
				child.type === 'rawHtml' &&
				!child.visible &&
				!(isInlineRawHtml(child.value) && isInertRawHtml(child.value)) &&
				!(isInertRawHtml(child.value) && endsAsHtmlBlock(child.value.trim())),
		)
	);
}

/** Blocks whose first line ends a paragraph above it (so no blank line is needed before them). */
function canInterruptParagraph(block: Block): boolean {
	switch (block.type) {
		case 'heading':
		case 'code':
		case 'blockquote':
		case 'panel':
		case 'expand':
			return true;
		case 'macro':
		case 'adfBlock':
			return true;
		case 'list': {
			const first = block.items[0];
			return (
				(!block.ordered || block.start === 1) && first !== undefined && first.children.length > 0
			);
		}
		default:
			return false;
	}
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"]/g, (char) =>
		char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;',
	);
}

export function writeMarkdown(blocks: Block[], options?: MarkdownWriteOptions): string {
	return new MarkdownWriter(options).document(blocks);
}
