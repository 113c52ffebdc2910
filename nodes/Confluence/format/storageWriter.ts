import type {
	Block,
	FootnoteDefinitionNode,
	ImageNode,
	Inline,
	LinkNode,
	ListNode,
	MacroParam,
	PanelKind,
	TableNode,
} from './ast';
import {
	adfBlockFallback,
	adfInlineFallback,
	collapseSpace,
	gatherFootnoteRuns,
	inlineText,
	isFormat,
	isTaskList,
	numberFootnotes,
	withCheckboxText,
} from './ast';
import { toConfluenceLanguage } from './languages';
import { RAW_HTML_END, rawHtmlComment } from './rawHtml';
import type { ConfluenceTarget } from './links';
import { parseConfluenceHref } from './links';
import { cdata, escapeAttribute, escapeText } from './xml';

export interface StorageWriteOptions {
	/** Space key for `confluence-page:Title` links written without one. */
	defaultSpaceKey?: string;
	/**
	 * Macros Markdown may write besides `DEFAULT_ALLOWED_MACROS`; `*` allows any macro (but never one that
	 * `isDeniedMacro`).
	 */
	allowedMacros?: string[];
}

/**
 * Macros Markdown may write by default: Confluence's own macros that only arrange or show the page's own content.
 * Markdown often comes from outside (an AI model, a form), and other macros reach further: `widget` and
 * `multimedia` embed any URL, `include` and `excerpt-include` show other pages, `rss` fetches feeds.
 */
export const DEFAULT_ALLOWED_MACROS: readonly string[] = [
	'anchor',
	'children',
	'code',
	'column',
	'contentbylabel',
	'details',
	'excerpt',
	'expand',
	'info',
	'noformat',
	'note',
	'pagetree',
	'panel',
	'recently-updated',
	'section',
	'status',
	'tip',
	'toc',
	'toc-zone',
	'warning',
];

/** GitHub alert kinds to Confluence's panel macros, matched by colour (`important` has no macro, see below). */
export const PANEL_MACRO: Record<Exclude<PanelKind, 'important'>, string> = {
	note: 'info',
	tip: 'tip',
	warning: 'note',
	caution: 'warning',
};

/** Macros that would put live HTML or script on the page: never written from Markdown. */
export function isDeniedMacro(name: string): boolean {
	return /html|script|iframe/i.test(name);
}

export function isSafeHref(href: string): boolean {
	const compact = href.replace(/[\p{Cc} ]/gu, '').toLowerCase();
	if (/^(javascript|vbscript|file):/.test(compact)) return false;
	if (compact.startsWith('data:')) return /^data:image\/(gif|png|jpeg|webp);/.test(compact);
	return true;
}

const FORMAT_TAG: Record<string, string> = {
	strong: 'strong',
	emphasis: 'em',
	delete: 's',
	underline: 'u',
	superscript: 'sup',
	subscript: 'sub',
};

function capitalize(value: string): string {
	return value.charAt(0).toUpperCase() + value.slice(1);
}

class StorageWriter {
	private readonly out: string[] = [];
	private taskId = 0;
	private footnoteNumbers = new Map<string, number>();

	private readonly allowedMacros: Set<string>;

	constructor(private readonly options: StorageWriteOptions) {
		this.allowedMacros = new Set(
			[...DEFAULT_ALLOWED_MACROS, ...(options.allowedMacros ?? [])].map((name) =>
				name.trim().toLowerCase(),
			),
		);
	}

	/** Whether Markdown may write this macro (macros it writes for its own syntax, panels, code, are not asked). */
	private macroAllowed(name: string): boolean {
		if (isDeniedMacro(name)) return false;
		return this.allowedMacros.has('*') || this.allowedMacros.has(name.toLowerCase());
	}

	write(blocks: Block[]): string {
		this.footnoteNumbers = numberFootnotes(blocks);
		this.blocks(blocks);
		return this.out.join('');
	}

	private blocks(blocks: Block[]): void {
		for (const block of gatherFootnoteRuns(blocks)) {
			if (Array.isArray(block)) this.footnotes(block);
			else this.block(block);
		}
	}

	private block(block: Block): void {
		const out = this.out;
		switch (block.type) {
			case 'paragraph':
				if (block.children.length === 1 && block.children[0].type === 'image') {
					// A paragraph holding only an image is a block image in Confluence.
					this.image(block.children[0]);
					return;
				}
				if (block.children.every((child) => child.type === 'rawHtml' && !child.visible)) {
					// Raw HTML that shows nothing (a comment) keeps its source and takes no line on the page.
					for (const child of block.children) this.inline(child);
					return;
				}
				{
					// A paragraph whose content writes nothing (an unsafe link's empty text) is left out.
					const start = out.length;
					this.blockInlines(block.children);
					const content = out.splice(start).join('');
					if (content) out.push('<p>', content, '</p>');
				}
				return;
			case 'heading': {
				const level = Math.min(6, Math.max(1, block.level));
				out.push(`<h${level}>`);
				this.blockInlines(block.children);
				out.push(`</h${level}>`);
				return;
			}
			case 'blockquote':
				out.push('<blockquote>');
				this.blocks(block.children);
				out.push('</blockquote>');
				return;
			case 'list':
				this.list(block);
				return;
			case 'code':
				this.code(block.language, block.params, block.value);
				return;
			case 'rule':
				out.push('<hr />');
				return;
			case 'table':
				this.table(block);
				return;
			case 'panel':
				this.panel(block.kind, block.title, block.children);
				return;
			case 'expand':
				out.push('<ac:structured-macro ac:name="expand" ac:schema-version="1">');
				if (block.title) this.parameter('title', block.title);
				out.push('<ac:rich-text-body>');
				this.blocks(block.children);
				out.push('</ac:rich-text-body></ac:structured-macro>');
				return;
			case 'macro':
				if (!this.macroAllowed(block.name)) {
					this.deniedMacro(block.name, block.params, block.text);
					if (block.children) this.blocks(block.children);
					return;
				}
				this.macroOpen(block.name, block.params);
				if (block.text !== undefined) {
					out.push(`<ac:plain-text-body>${cdata(block.text)}</ac:plain-text-body>`);
				} else if (block.children) {
					out.push('<ac:rich-text-body>');
					this.blocks(block.children);
					out.push('</ac:rich-text-body>');
				}
				out.push('</ac:structured-macro>');
				return;
			case 'adfBlock':
				// Storage format has no such node: its content (a card's address) stands in its place.
				this.blocks(adfBlockFallback(block));
				return;
			case 'footnoteDefinition':
				this.footnotes([block]);
				return;
		}
	}

	private deniedMacro(name: string, params: MacroParam[], text: string | undefined): void {
		const header = [name, ...params.map((p) => (p.name ? `${p.name}=${p.value}` : p.value))].join(
			' ',
		);
		this.code('', [], text === undefined ? header : `${header}\n${text}`);
	}

	private list(list: ListNode): void {
		const out = this.out;
		if (isTaskList(list)) {
			out.push('<ac:task-list>');
			for (const item of list.items) {
				this.taskId++;
				out.push(
					`<ac:task><ac:task-id>${this.taskId}</ac:task-id><ac:task-status>${
						item.checked ? 'complete' : 'incomplete'
					}</ac:task-status><ac:task-body>`,
				);
				const [first, ...rest] = item.children;
				if (first && first.type === 'paragraph') {
					this.blockInlines(first.children);
					this.blocks(rest);
				} else {
					this.blocks(item.children);
				}
				out.push('</ac:task-body></ac:task>');
			}
			out.push('</ac:task-list>');
			return;
		}
		const tag = list.ordered ? 'ol' : 'ul';
		const type = list.ordered && list.numbering ? ` type="${list.numbering}"` : '';
		const start = list.ordered && list.start !== 1 ? ` start="${list.start}"` : '';
		out.push(`<${tag}${type}${start}>`);
		for (const item of list.items) {
			out.push('<li>');
			const children = withCheckboxText(item);
			for (const child of children) {
				if (list.tight && child.type === 'paragraph') this.blockInlines(child.children);
				else this.block(child);
			}
			out.push('</li>');
		}
		out.push(`</${tag}>`);
	}

	private code(language: string, params: MacroParam[], value: string): void {
		const out = this.out;
		out.push('<ac:structured-macro ac:name="code" ac:schema-version="1">');
		const confluenceLanguage = toConfluenceLanguage(language);
		if (confluenceLanguage) this.parameter('language', confluenceLanguage);
		for (const param of params) this.parameter(param.name, param.value);
		out.push(`<ac:plain-text-body>${cdata(value)}</ac:plain-text-body></ac:structured-macro>`);
	}

	private table(table: TableNode): void {
		const out = this.out;
		out.push('<table><tbody>');
		for (const row of table.rows) {
			out.push('<tr>');
			for (const cell of row.cells) {
				const tag = cell.header ? 'th' : 'td';
				let attributes = '';
				if (cell.colspan && cell.colspan > 1) attributes += ` colspan="${cell.colspan}"`;
				if (cell.rowspan && cell.rowspan > 1) attributes += ` rowspan="${cell.rowspan}"`;
				// Confluence aligns paragraphs; a cell without one keeps the alignment on itself.
				if (cell.align && !cell.children.some((child) => child.type === 'paragraph')) {
					attributes += ` style="text-align: ${cell.align};"`;
				}
				out.push(`<${tag}${attributes}>`);
				for (const child of cell.children) {
					if (child.type === 'paragraph' && cell.align) {
						out.push(`<p style="text-align: ${cell.align};">`);
						this.blockInlines(child.children);
						out.push('</p>');
					} else {
						this.block(child);
					}
				}
				out.push(`</${tag}>`);
			}
			out.push('</tr>');
		}
		out.push('</tbody></table>');
	}

	private panel(kind: PanelKind, title: string | undefined, children: Block[]): void {
		const out = this.out;
		if (kind === 'important') {
			// Confluence Cloud has no storage macro for its purple "note" panel; this is how Cloud itself
			// stores one, with a fallback for renderers that do not know ac:adf-extension.
			const start = this.out.length;
			if (title) {
				this.block({
					type: 'paragraph',
					children: [{ type: 'strong', children: [{ type: 'text', value: title }] }],
				});
			}
			this.blocks(children);
			const content = this.out.splice(start).join('');
			out.push(
				'<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute>',
				`<ac:adf-content>${content}</ac:adf-content></ac:adf-node>`,
				'<ac:adf-fallback><div class="panel conf-macro output-block" style="background-color: rgb(234,230,255);border-color: rgb(153,141,217);border-width: 1.0px;">',
				`<div class="panelContent" style="background-color: rgb(234,230,255);">${content}</div></div></ac:adf-fallback></ac:adf-extension>`,
			);
			return;
		}
		out.push(`<ac:structured-macro ac:name="${PANEL_MACRO[kind]}" ac:schema-version="1">`);
		if (title) this.parameter('title', title);
		out.push('<ac:rich-text-body>');
		this.blocks(children);
		out.push('</ac:rich-text-body></ac:structured-macro>');
	}

	private footnotes(definitions: FootnoteDefinitionNode[]): void {
		const out = this.out;
		const first = this.footnoteNumbers.get(definitions[0].label) ?? 1;
		out.push(first === 1 ? '<ol>' : `<ol start="${first}">`);
		for (const definition of definitions) {
			out.push('<li>');
			const anchor = `<ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">${escapeText(
				`fn-${definition.label}`,
			)}</ac:parameter></ac:structured-macro>`;
			const [head, ...rest] = definition.children;
			if (head && head.type === 'paragraph') {
				out.push(`<p>${anchor}`);
				this.blockInlines(head.children);
				out.push('</p>');
				this.blocks(rest);
			} else {
				out.push(`<p>${anchor}</p>`);
				this.blocks(definition.children);
			}
			out.push('</li>');
		}
		out.push('</ol>');
	}

	private parameter(name: string, value: string): void {
		this.out.push(
			`<ac:parameter ac:name="${escapeAttribute(name)}">${this.parameterValue(value)}</ac:parameter>`,
		);
	}

	/** Macro parameters that name pages, users, spaces or attachments are written as resource identifiers. */
	private parameterValue(value: string): string {
		// Several references are joined with ", "; a comma inside a page title is not followed by a scheme.
		const parts = value.split(
			/,\s*(?=(?:confluence-(?:page|blog|space|content|user)|attachment):)/i,
		);
		const targets = parts.map((part) =>
			part.includes(':') ? parseConfluenceHref(part.trim()) : undefined,
		);
		if (targets.length > 0 && targets.every((target) => target && target.kind !== 'anchor')) {
			return (targets as ConfluenceTarget[])
				.map((target) => {
					if (target.kind === 'page' && target.title === '' && !target.spaceKey)
						return '<ac:link />';
					const resource = this.resource(target);
					return target.kind === 'page' || target.kind === 'blog'
						? `<ac:link>${resource}</ac:link>`
						: resource;
				})
				.join('');
		}
		return escapeText(value);
	}

	private macroOpen(name: string, params: MacroParam[]): void {
		this.out.push(`<ac:structured-macro ac:name="${escapeAttribute(name)}" ac:schema-version="1">`);
		for (const param of params) this.parameter(param.name, param.value);
	}

	private resource(target: ConfluenceTarget): string {
		switch (target.kind) {
			case 'page': {
				const space = target.spaceKey ?? this.options.defaultSpaceKey;
				return `<ri:page${space ? ` ri:space-key="${escapeAttribute(space)}"` : ''} ri:content-title="${escapeAttribute(
					target.title,
				)}" />`;
			}
			case 'blog': {
				const space = target.spaceKey ?? this.options.defaultSpaceKey;
				return `<ri:blog-post${space ? ` ri:space-key="${escapeAttribute(space)}"` : ''} ri:content-title="${escapeAttribute(
					target.title,
				)}"${target.postingDay ? ` ri:posting-day="${escapeAttribute(target.postingDay)}"` : ''} />`;
			}
			case 'attachment': {
				const filename = `ri:filename="${escapeAttribute(target.filename)}"`;
				if (target.page) {
					return `<ri:attachment ${filename}>${this.resource({ kind: 'page', ...target.page })}</ri:attachment>`;
				}
				if (target.blog) {
					return `<ri:attachment ${filename}>${this.resource({ kind: 'blog', ...target.blog })}</ri:attachment>`;
				}
				return `<ri:attachment ${filename} />`;
			}
			case 'space':
				return `<ri:space ri:space-key="${escapeAttribute(target.spaceKey)}" />`;
			case 'content':
				return `<ri:content-entity ri:content-id="${escapeAttribute(target.contentId)}" />`;
			case 'user':
				return this.user(target.user);
			case 'anchor':
				return '';
		}
	}

	private user(user: string): string {
		if (user.startsWith('userkey:'))
			return `<ri:user ri:userkey="${escapeAttribute(user.slice(8))}" />`;
		if (user.startsWith('username:'))
			return `<ri:user ri:username="${escapeAttribute(user.slice(9))}" />`;
		return `<ri:user ri:account-id="${escapeAttribute(user)}" />`;
	}

	/** The inline content of a block, with white space as it will show (the storage reader reads it back so). */
	private blockInlines(nodes: Inline[]): void {
		this.inlines(collapseSpace(nodes));
	}

	private inlines(nodes: Inline[]): void {
		for (const node of nodes) this.inline(node);
	}

	private inline(node: Inline): void {
		const out = this.out;
		if (isFormat(node)) {
			const tag = FORMAT_TAG[node.type];
			out.push(`<${tag}>`);
			this.inlines(node.children);
			out.push(`</${tag}>`);
			return;
		}
		switch (node.type) {
			case 'text':
				// Storage is HTML: runs of white space show as one space, so they are written as one.
				out.push(escapeText(node.value.replace(/[ \t\n\r\f]+/g, ' ')));
				return;
			case 'softbreak':
				out.push(' ');
				return;
			case 'break':
				out.push('<br />');
				return;
			case 'inlineCode':
				out.push(`<code>${escapeText(node.value)}</code>`);
				return;
			case 'link':
				this.link(node);
				return;
			case 'image':
				this.image(node);
				return;
			case 'mention':
				out.push(`<ac:link>${this.user(node.user)}</ac:link>`);
				return;
			case 'status':
				out.push('<ac:structured-macro ac:name="status" ac:schema-version="1">');
				this.parameter('colour', capitalize(node.colour === 'gray' ? 'grey' : node.colour));
				this.parameter('title', node.text);
				if (node.subtle) this.parameter('subtle', 'true');
				out.push('</ac:structured-macro>');
				return;
			case 'date':
				out.push(`<time datetime="${escapeAttribute(node.value)}" />`);
				return;
			case 'emoji': {
				// Confluence Cloud names an emoji that has no classic emoticon "blue-star" and keeps the emoji in the
				// other attributes (pages in ../shared/corpus, e.g. ac:name="blue-star" ac:emoji-shortname=":angry:").
				const attributes = [`ac:name="${escapeAttribute(node.emoticon ?? 'blue-star')}"`];
				if (node.shortName)
					attributes.push(`ac:emoji-shortname="${escapeAttribute(node.shortName)}"`);
				if (node.id) attributes.push(`ac:emoji-id="${escapeAttribute(node.id)}"`);
				if (node.text) attributes.push(`ac:emoji-fallback="${escapeAttribute(node.text)}"`);
				out.push(`<ac:emoticon ${attributes.join(' ')} />`);
				return;
			}
			case 'rawHtml':
				out.push(rawHtmlComment(node.value));
				if (node.visible) out.push(escapeText(node.value), RAW_HTML_END);
				return;
			case 'adfInline':
				// Confluence's instruction text, shown only while editing (ac:placeholder).
				if (node.name === 'placeholder') {
					out.push(`<ac:placeholder>${escapeText(node.text)}</ac:placeholder>`);
					return;
				}
				for (const fallback of adfInlineFallback(node)) this.inline(fallback);
				return;
			case 'inlineMacro':
				if (!this.macroAllowed(node.name)) {
					out.push(escapeText(node.name));
					return;
				}
				this.macroOpen(node.name, node.params);
				out.push('</ac:structured-macro>');
				return;
			case 'footnoteReference': {
				const number = this.footnoteNumbers.get(node.label);
				if (number === undefined) {
					out.push(escapeText(`[^${node.label}]`));
					return;
				}
				out.push(
					`<sup><ac:link ac:anchor="${escapeAttribute(`fn-${node.label}`)}"><ac:plain-text-link-body>${cdata(
						String(number),
					)}</ac:plain-text-link-body></ac:link></sup>`,
				);
				return;
			}
		}
	}

	private linkBody(children: Inline[], defaultText: string): string {
		if (children.length === 0 || inlineText(children) === defaultText) {
			if (children.every((child) => child.type === 'text')) return '';
		}
		if (children.every((child) => child.type === 'text')) {
			return `<ac:plain-text-link-body>${cdata(inlineText(children))}</ac:plain-text-link-body>`;
		}
		const start = this.out.length;
		this.inlines(children);
		return `<ac:link-body>${this.out.splice(start).join('')}</ac:link-body>`;
	}

	private link(node: LinkNode): void {
		const out = this.out;
		const target = parseConfluenceHref(node.href);
		if (target) {
			if (target.kind === 'anchor') {
				const body = this.linkBody(node.children, '');
				out.push(`<ac:link ac:anchor="${escapeAttribute(target.anchor)}">${body}</ac:link>`);
				return;
			}
			if (target.kind === 'user') {
				out.push(`<ac:link>${this.user(target.user)}</ac:link>`);
				return;
			}
			const anchor =
				(target.kind === 'page' || target.kind === 'blog' || target.kind === 'content') &&
				target.anchor
					? ` ac:anchor="${escapeAttribute(target.anchor)}"`
					: '';
			const defaultText =
				target.kind === 'page' || target.kind === 'blog'
					? target.title
					: target.kind === 'attachment'
						? target.filename
						: target.kind === 'space'
							? target.spaceKey
							: '';
			// A link without a resource points at the page itself.
			const self = target.kind === 'page' && target.title === '' && !target.spaceKey;
			const resource = self ? '' : this.resource(target);
			const body = this.linkBody(node.children, defaultText);
			out.push(`<ac:link${anchor}>${resource}${body}</ac:link>`);
			return;
		}
		if (!isSafeHref(node.href)) {
			this.inlines(node.children);
			return;
		}
		const title = node.title?.replace(/\s+/g, ' ');
		out.push(
			`<a href="${escapeAttribute(node.href)}"${title ? ` title="${escapeAttribute(title)}"` : ''}>`,
		);
		this.inlines(node.children);
		out.push('</a>');
	}

	private image(node: ImageNode): void {
		const out = this.out;
		const target = parseConfluenceHref(node.src);
		let resource: string;
		if (target && target.kind === 'attachment') {
			resource = this.resource(target);
		} else if (!target && isSafeHref(node.src) && !/^confluence-media:/i.test(node.src)) {
			resource = `<ri:url ri:value="${escapeAttribute(node.src)}" />`;
		} else {
			out.push(escapeText(node.alt));
			return;
		}
		let attributes = '';
		if (node.alt) attributes += ` ac:alt="${escapeAttribute(node.alt)}"`;
		if (node.title) attributes += ` ac:title="${escapeAttribute(node.title)}"`;
		out.push(`<ac:image${attributes}>${resource}</ac:image>`);
	}
}

export function writeStorage(blocks: Block[], options: StorageWriteOptions = {}): string {
	return new StorageWriter(options).write(blocks);
}
