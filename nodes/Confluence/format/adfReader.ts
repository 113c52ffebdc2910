import type { AnyNode, Block, FormatType, Inline, ListItem, MacroParam, TableRow } from './ast';
import { isInline, normalizeInlines, toBlocks } from './ast';
import type { TreeShape } from './nesting';
import { boundNesting, MAX_NESTING, treeDepth } from './nesting';
import { calendarDay } from './links';
import { ADF_PANEL_KIND } from './storageReader';

export interface AdfReadOptions {
	userNames?: Record<string, string>;
}

export interface AdfNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: AdfNode[];
	marks?: AdfMark[];
	text?: string;
}

interface AdfMark {
	type: string;
	attrs?: Record<string, unknown>;
}

/** The order marks are nested in, outermost first, so neighbouring text nodes merge under one wrapper. */
const MARK_ORDER = ['link', 'strong', 'em', 'strike', 'underline', 'subsup'];

const MARK_FORMAT: Record<string, FormatType> = {
	strong: 'strong',
	em: 'emphasis',
	strike: 'delete',
	underline: 'underline',
};

function str(value: unknown): string {
	return typeof value === 'string'
		? value
		: value === undefined || value === null
			? ''
			: String(value);
}

function attrs(node: AdfNode): Record<string, unknown> {
	return node.attrs && typeof node.attrs === 'object' ? node.attrs : {};
}

/** The `confluence-media:` form for an ADF media file (which has no file name, only a media id). */
export function mediaHref(id: string, collection: string): string {
	return `confluence-media:${encodeURIComponent(id)}${collection ? `?collection=${encodeURIComponent(collection)}` : ''}`;
}

function macroParams(parameters: unknown): MacroParam[] {
	if (!parameters || typeof parameters !== 'object') return [];
	const record = parameters as Record<string, unknown>;
	const source = (record.macroParams ?? record) as Record<string, unknown>;
	const params: MacroParam[] = [];
	for (const [name, raw] of Object.entries(source)) {
		if (name === '__bodyContent' || name === 'macroMetadata') continue;
		const value =
			raw && typeof raw === 'object' && 'value' in (raw as Record<string, unknown>)
				? (raw as Record<string, unknown>).value
				: raw;
		params.push({ name, value: typeof value === 'string' ? value : JSON.stringify(value ?? '') });
	}
	return params;
}

function bodyContent(parameters: unknown): string | undefined {
	const macro = (parameters as Record<string, unknown> | undefined)?.macroParams as
		| Record<string, unknown>
		| undefined;
	const body = macro?.__bodyContent as Record<string, unknown> | undefined;
	return typeof body?.value === 'string' ? body.value : undefined;
}

/** ADF attributes as macro-style parameters (objects as JSON); `adfWriter.ts` reads them back. */
function attrParams(a: Record<string, unknown>): MacroParam[] {
	const params: MacroParam[] = [];
	for (const [name, value] of Object.entries(a)) {
		if (value === undefined || value === null) continue;
		params.push({ name, value: typeof value === 'object' ? JSON.stringify(value) : String(value) });
	}
	return params;
}

/** Smart links show as chips; where text runs straight into one, a space keeps the words apart. */
function spaceCards(content: AdfNode[] | undefined): AdfNode[] {
	const out: AdfNode[] = [];
	const list = content ?? [];
	list.forEach((node, index) => {
		if (node && node.type === 'inlineCard') {
			const before = list[index - 1];
			const after = list[index + 1];
			if (before && before.type === 'text' && /\S$/.test(str(before.text)))
				out.push({ type: 'text', text: ' ' });
			out.push(node);
			if (after && after.type === 'text' && /^\S/.test(str(after.text)))
				out.push({ type: 'text', text: ' ' });
			return;
		}
		out.push(node);
	});
	return out;
}

class AdfReader {
	private readonly userNames: Record<string, string>;

	constructor(options: AdfReadOptions) {
		this.userNames = options.userNames ?? {};
	}

	blocks(nodes: AdfNode[] | undefined): Block[] {
		return toBlocks(this.nodes(nodes));
	}

	private nodes(nodes: AdfNode[] | undefined): AnyNode[] {
		const out: AnyNode[] = [];
		for (const node of nodes ?? []) {
			if (!node || typeof node !== 'object') continue;
			for (const converted of this.node(node)) out.push(converted);
		}
		return out;
	}

	private inlines(nodes: AdfNode[] | undefined): Inline[] {
		return normalizeInlines(this.nodes(nodes).filter(isInline));
	}

	private node(node: AdfNode): AnyNode[] {
		const a = attrs(node);
		switch (node.type) {
			case 'doc':
				return this.nodes(node.content);
			case 'paragraph': {
				const mixed = this.nodes(spaceCards(node.content));
				if (mixed.every(isInline)) {
					const children = normalizeInlines(mixed as Inline[]);
					return children.length > 0 ? [{ type: 'paragraph', children }] : [];
				}
				return toBlocks(mixed);
			}
			case 'heading':
				return [
					{
						type: 'heading',
						level: Number(a.level) || 1,
						children: this.inlines(spaceCards(node.content)),
					},
				];
			case 'bulletList':
			case 'orderedList':
				return [this.list(node)];
			case 'taskList':
				return [this.taskList(node)];
			case 'decisionList':
				return [
					{ type: 'adfBlock', name: 'decisionList', params: [], children: [this.taskList(node)] },
				];
			case 'codeBlock':
				return [
					{
						type: 'code',
						language: str(a.language),
						params: [],
						value: (node.content ?? []).map((item) => str(item.text)).join(''),
					},
				];
			case 'blockquote':
				return [{ type: 'blockquote', children: this.blocks(node.content) }];
			case 'rule':
				return [{ type: 'rule' }];
			case 'panel': {
				const panelType = str(a.panelType);
				const kind = ADF_PANEL_KIND[panelType];
				const children = this.blocks(node.content);
				if (kind) return [{ type: 'panel', kind, children }];
				const params: MacroParam[] = [];
				if (a.panelColor) params.push({ name: 'bgColor', value: str(a.panelColor) });
				if (a.panelIcon) params.push({ name: 'panelIcon', value: str(a.panelIcon) });
				if (a.panelIconId) params.push({ name: 'panelIconId', value: str(a.panelIconId) });
				if (a.panelIconText) params.push({ name: 'panelIconText', value: str(a.panelIconText) });
				return [{ type: 'macro', name: 'panel', params, children }];
			}
			case 'expand':
			case 'nestedExpand':
				return [{ type: 'expand', title: str(a.title), children: this.blocks(node.content) }];
			case 'table':
				return [this.table(node)];
			case 'layoutSection':
			case 'layoutColumn':
			case 'bodiedSyncBlock':
				return [
					{
						type: 'adfBlock',
						name: node.type,
						params: attrParams(a),
						children: this.blocks(node.content),
					},
				];
			case 'syncBlock':
				return [{ type: 'adfBlock', name: node.type, params: attrParams(a) }];
			case 'mediaSingle':
				return this.media(node);
			case 'mediaGroup':
				// Attachment cards: one file link a line, in a container that writes the group back.
				return [
					{
						type: 'adfBlock',
						name: 'mediaGroup',
						params: [],
						children: toBlocks(this.media(node)).flatMap((block) =>
							block.type === 'paragraph'
								? block.children.map((child) => ({ type: 'paragraph', children: [child] }) as Block)
								: [block],
						),
					},
				];
			case 'media':
				return this.media({ type: 'mediaGroup', content: [node] });
			case 'mediaInline':
				return [
					{
						type: 'adfInline',
						name: 'mediaInline',
						params: attrParams(a),
						text: str(a.alt) || str(a.id),
					},
				];
			case 'extension':
			case 'bodiedExtension':
			case 'inlineExtension':
				return this.extension(node);
			case 'blockCard':
			case 'embedCard':
			case 'inlineCard': {
				const data = (a.data && typeof a.data === 'object' ? a.data : {}) as Record<
					string,
					unknown
				>;
				const url = str(a.url) || str(data.url);
				if (!url) return [];
				const params = attrParams({ ...a, url, data: undefined });
				if (node.type !== 'inlineCard') return [{ type: 'adfBlock', name: node.type, params }];
				return [{ type: 'adfInline', name: 'inlineCard', params, text: str(data.name) || url }];
			}
			case 'text':
				return this.text(node);
			case 'hardBreak':
				return [{ type: 'break' }];
			case 'mention': {
				const user = str(a.id);
				const text = str(a.text).replace(/^@/, '');
				return [{ type: 'mention', user, name: this.userNames[user] ?? (text || undefined) }];
			}
			case 'emoji':
				return [
					{
						type: 'emoji',
						text: str(a.text) || str(a.shortName),
						shortName: str(a.shortName) || undefined,
						id: str(a.id) || undefined,
					},
				];
			case 'status': {
				const color = str(a.color).toLowerCase();
				return [
					{
						type: 'status',
						text: str(a.text),
						colour: color === 'neutral' || color === '' ? 'grey' : color,
						subtle: a.style === 'subtle' || undefined,
					},
				];
			}
			case 'date': {
				const day = calendarDay(str(a.timestamp));
				return day ? [{ type: 'date', value: day }] : [{ type: 'text', value: str(a.timestamp) }];
			}
			case 'placeholder':
				return [{ type: 'adfInline', name: 'placeholder', params: [], text: str(a.text) }];
			case 'caption':
				return this.nodes(node.content);
			default:
				if (typeof node.text === 'string') return this.text(node);
				return this.nodes(node.content);
		}
	}

	private text(node: AdfNode): Inline[] {
		const text = str(node.text);
		if (!text) return [];
		const marks = [...(node.marks ?? [])].filter((mark) => mark && typeof mark.type === 'string');
		const code = marks.some((mark) => mark.type === 'code');
		let inner: Inline = code ? { type: 'inlineCode', value: text } : { type: 'text', value: text };
		const ordered = marks
			.filter((mark) => MARK_ORDER.includes(mark.type))
			.sort((a, b) => MARK_ORDER.indexOf(b.type) - MARK_ORDER.indexOf(a.type));
		for (const mark of ordered) {
			const markAttrs = mark.attrs ?? {};
			if (mark.type === 'link') {
				inner = {
					type: 'link',
					href: str(markAttrs.href),
					title: str(markAttrs.title) || undefined,
					children: [inner],
				};
			} else if (mark.type === 'subsup') {
				inner = { type: markAttrs.type === 'sub' ? 'subscript' : 'superscript', children: [inner] };
			} else {
				inner = { type: MARK_FORMAT[mark.type], children: [inner] };
			}
		}
		return [inner];
	}

	private list(node: AdfNode): Block {
		const items: ListItem[] = (node.content ?? []).map((item) => ({
			children: this.blocks(item.content),
		}));
		const tight = items.every(
			(item) => item.children.filter((block) => block.type !== 'list').length <= 1,
		);
		const order = Number(attrs(node).order ?? 1);
		return {
			type: 'list',
			ordered: node.type === 'orderedList',
			start: Number.isFinite(order) ? order : 1,
			tight,
			items,
		};
	}

	private taskList(node: AdfNode): Block {
		const items: ListItem[] = [];
		const isDecision = node.type === 'decisionList';
		for (const item of node.content ?? []) {
			if (item.type === 'taskList' || item.type === 'decisionList') {
				const nested = this.taskList(item);
				const previous = items[items.length - 1];
				if (previous) previous.children.push(nested);
				else items.push({ checked: isDecision ? undefined : false, children: [nested] });
				continue;
			}
			const state = str(attrs(item).state);
			const children =
				item.type === 'blockTaskItem'
					? this.blocks(item.content)
					: toBlocks(this.inlines(spaceCards(item.content)));
			items.push({ checked: isDecision ? undefined : state === 'DONE', children });
		}
		return { type: 'list', ordered: false, start: 1, tight: true, items };
	}

	private table(node: AdfNode): Block {
		const rows: TableRow[] = (node.content ?? []).map((row) => ({
			cells: (row.content ?? []).map((cell) => {
				const a = attrs(cell);
				const entry: TableRow['cells'][number] = {
					header: cell.type === 'tableHeader',
					children: this.blocks(cell.content),
				};
				const colspan = Number(a.colspan);
				const rowspan = Number(a.rowspan);
				if (colspan > 1) entry.colspan = colspan;
				if (rowspan > 1) entry.rowspan = rowspan;
				const alignment = (cell.content ?? [])
					.flatMap((child) => child.marks ?? [])
					.find((mark) => mark.type === 'alignment');
				const align = str(alignment?.attrs?.align);
				if (align === 'center') entry.align = 'center';
				else if (align === 'end') entry.align = 'right';
				return entry;
			}),
		}));
		return { type: 'table', rows: rows.filter((row) => row.cells.length > 0) };
	}

	private media(node: AdfNode): AnyNode[] {
		const out: AnyNode[] = [];
		let title: string | undefined;
		for (const item of node.content ?? []) {
			if (item.type === 'caption') {
				title =
					this.inlines(item.content)
						.map((inline) => (inline.type === 'text' ? inline.value : ''))
						.join('') || undefined;
			}
		}
		for (const item of node.content ?? []) {
			if (item.type !== 'media' && item.type !== 'mediaInline') continue;
			const a = attrs(item);
			const alt = str(a.alt);
			const src = a.type === 'external' ? str(a.url) : mediaHref(str(a.id), str(a.collection));
			if (node.type === 'mediaGroup' && a.type !== 'external') {
				out.push({
					type: 'link',
					href: src,
					children: [{ type: 'text', value: alt || str(a.id) }],
				});
			} else {
				out.push({ type: 'image', src, alt, title });
			}
		}
		return node.type === 'mediaSingle' ? toBlocks(out) : out;
	}

	private extension(node: AdfNode): AnyNode[] {
		const a = attrs(node);
		const name = str(a.extensionKey) || 'extension';
		const params = macroParams(a.parameters);
		if (node.type === 'inlineExtension') return [{ type: 'inlineMacro', name, params }];
		if (node.type === 'bodiedExtension')
			return [{ type: 'macro', name, params, children: this.blocks(node.content) }];
		const body =
			bodyContent(a.parameters) ?? (typeof a.text === 'string' && a.text ? a.text : undefined);
		return body === undefined
			? [{ type: 'macro', name, params }]
			: [{ type: 'macro', name, params, text: body }];
	}
}

export function parseAdf(adf: string | object): AdfNode {
	const value = typeof adf === 'string' ? (JSON.parse(adf) as unknown) : adf;
	if (!value || typeof value !== 'object')
		throw new TypeError('An ADF document must be a JSON object');
	return value as AdfNode;
}

const ADF_INLINE = new Set([
	'text',
	'hardBreak',
	'mention',
	'emoji',
	'date',
	'status',
	'inlineCard',
	'placeholder',
	'mediaInline',
	'inlineExtension',
]);

/** Nodes whose content is inline: flattened text stands in them as a text node, elsewhere as a paragraph. */
const ADF_INLINE_CONTAINERS = new Set([
	'paragraph',
	'heading',
	'taskItem',
	'decisionItem',
	'caption',
]);

/** Nodes whose children are read by type (rows, items, media): text standing in them would be lost. */
const ADF_STRUCTURAL = new Set([
	'table',
	'tableRow',
	'bulletList',
	'orderedList',
	'taskList',
	'decisionList',
	'layoutSection',
	'mediaGroup',
	'mediaSingle',
	'codeBlock',
]);

function adfChildren(node: AdfNode): AdfNode[] | undefined {
	return node && typeof node === 'object' && Array.isArray(node.content) ? node.content : undefined;
}

const ADF_SHAPE: TreeShape<AdfNode> = {
	children: adfChildren,
	leafText: (node) => {
		if (!node || typeof node !== 'object') return '';
		return typeof node.text === 'string' ? node.text : str(attrs(node).text);
	},
	isBlock: (node) => !!node && typeof node === 'object' && !ADF_INLINE.has(node.type),
	holdsText: (node) => !ADF_STRUCTURAL.has(node.type),
	flattened: (text, parent) =>
		ADF_INLINE_CONTAINERS.has(parent.type)
			? { type: 'text', text }
			: { type: 'paragraph', content: [{ type: 'text', text }] },
	setChildren: (node, children) => {
		node.content = children;
	},
};

/** A copy of the document's nodes (not of their attributes), made without recursion. */
function copyNodes(root: AdfNode): AdfNode {
	const copy = { ...root };
	const pending: AdfNode[] = [copy];
	while (pending.length > 0) {
		const node = pending.pop() as AdfNode;
		const children = adfChildren(node);
		if (!children) continue;
		node.content = children.map((child) =>
			child && typeof child === 'object' ? { ...child } : child,
		);
		for (const child of node.content) pending.push(child);
	}
	return copy;
}

/** The document with content nested deeper than the converters go flattened to its text (the caller's object is left as it was). */
function boundAdfNesting(document: AdfNode): AdfNode {
	if (treeDepth(document, adfChildren) < MAX_NESTING) return document;
	const copy = copyNodes(document);
	boundNesting(copy, ADF_SHAPE);
	return copy;
}

export function readAdf(adf: string | object, options: AdfReadOptions = {}): Block[] {
	const document = boundAdfNesting(parseAdf(adf));
	const reader = new AdfReader(options);
	return document.type === 'doc' ? reader.blocks(document.content) : reader.blocks([document]);
}
