import type {
	AdfBlockNode,
	AdfInlineNode,
	Block,
	FootnoteDefinitionNode,
	ImageNode,
	Inline,
	ListNode,
	MacroParam,
	TableNode,
} from './ast';
import {
	adfBlockFallback,
	gatherFootnoteRuns,
	isFormat,
	isTaskList,
	numberFootnotes,
	paramValue,
	withCheckboxText,
} from './ast';
import type { AdfNode } from './adfReader';
import { toAdfLanguage } from './languages';
import { hasConfluenceScheme, percentDecode } from './links';
import { isDeniedMacro, isSafeHref } from './storageWriter';

/** GitHub alert kinds to ADF panel types (by colour, as Confluence Cloud shows them). */
const PANEL_TYPE = {
	note: 'info',
	tip: 'success',
	important: 'note',
	warning: 'warning',
	caution: 'error',
} as const;

const MACRO_EXTENSION_TYPE = 'com.atlassian.confluence.macro.core';

type Container =
	| 'doc'
	| 'listItem'
	| 'blockquote'
	| 'panel'
	| 'tableCell'
	| 'expand'
	| 'nestedExpand'
	| 'bodiedExtension'
	| 'layoutColumn'
	| 'bodiedSyncBlock';

/** Block nodes that are not containers of their own and stand where the schema lists them. */
const CARDS_AND_GROUPS = ['blockCard', 'embedCard', 'mediaGroup', 'decisionList'];

/** What a nested expand accepts; table cells, expands and bodied extensions accept these and more. */
const NESTABLE_BLOCKS = [
	'paragraph',
	'heading',
	'mediaSingle',
	'codeBlock',
	'bulletList',
	'orderedList',
	'taskList',
	'rule',
	'panel',
	'blockquote',
	'extension',
];

/** What each ADF container accepts (from the ADF JSON schema). */
const ALLOWED: Record<Container, Set<string>> = {
	doc: new Set([
		...CARDS_AND_GROUPS,
		'layoutSection',
		'syncBlock',
		'bodiedSyncBlock',
		'paragraph',
		'heading',
		'codeBlock',
		'mediaSingle',
		'taskList',
		'bulletList',
		'orderedList',
		'blockquote',
		'rule',
		'panel',
		'table',
		'expand',
		'extension',
		'bodiedExtension',
	]),
	listItem: new Set([
		'paragraph',
		'bulletList',
		'orderedList',
		'taskList',
		'mediaSingle',
		'codeBlock',
		'extension',
	]),
	blockquote: new Set([
		'mediaGroup',
		'paragraph',
		'bulletList',
		'orderedList',
		'codeBlock',
		'mediaSingle',
		'extension',
	]),
	panel: new Set([
		'blockCard',
		'mediaGroup',
		'decisionList',
		'paragraph',
		'heading',
		'bulletList',
		'orderedList',
		'mediaSingle',
		'codeBlock',
		'taskList',
		'rule',
		'extension',
	]),
	tableCell: new Set([...NESTABLE_BLOCKS, ...CARDS_AND_GROUPS, 'nestedExpand']),
	expand: new Set([...NESTABLE_BLOCKS, ...CARDS_AND_GROUPS, 'table', 'nestedExpand']),
	nestedExpand: new Set([...NESTABLE_BLOCKS, 'mediaGroup', 'decisionList']),
	bodiedExtension: new Set([...NESTABLE_BLOCKS, ...CARDS_AND_GROUPS, 'table']),
	layoutColumn: new Set([
		...NESTABLE_BLOCKS,
		...CARDS_AND_GROUPS,
		'table',
		'expand',
		'bodiedExtension',
	]),
	bodiedSyncBlock: new Set([
		...NESTABLE_BLOCKS.filter((type) => type !== 'extension'),
		...CARDS_AND_GROUPS,
		'table',
		'expand',
		'layoutSection',
	]),
};

/** ADF attributes that are numbers (macro-style parameters carry them as text). */
const NUMERIC_ATTRS = new Set(['width', 'height', 'originalWidth', 'originalHeight']);

/** Parameters back to ADF attributes: numbers where the schema wants numbers, JSON objects parsed. */
function paramAttrs(params: { name: string; value: string }[]): Record<string, unknown> {
	const attrs: Record<string, unknown> = {};
	for (const { name, value } of params) {
		if (!name) continue;
		if (NUMERIC_ATTRS.has(name) && Number.isFinite(Number(value))) attrs[name] = Number(value);
		else if (/^[[{]/.test(value)) {
			try {
				attrs[name] = JSON.parse(value) as unknown;
			} catch {
				attrs[name] = value;
			}
		} else attrs[name] = value;
	}
	return attrs;
}

/** Which container a node's children are checked against. */
const CHILD_CONTAINER: Record<string, Container> = {
	blockquote: 'blockquote',
	panel: 'panel',
	expand: 'expand',
	nestedExpand: 'nestedExpand',
	bodiedExtension: 'bodiedExtension',
	layoutColumn: 'layoutColumn',
	bodiedSyncBlock: 'bodiedSyncBlock',
};

/** Lone UTF-16 surrogates cannot be encoded as UTF-8 by the API, so they become U+FFFD. */
function wellFormedText(text: string): string {
	return text.replace(
		/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
		'\uFFFD',
	);
}

interface MarkSet {
	link?: { href: string; title?: string };
	formats: string[];
}

function paragraph(content: AdfNode[]): AdfNode {
	return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function strongParagraph(text: string): AdfNode {
	return paragraph(text ? [{ type: 'text', text, marks: [{ type: 'strong' }] }] : []);
}

class AdfWriter {
	private localId = 0;
	private footnoteNumbers = new Map<string, number>();

	document(blocks: Block[]): AdfNode {
		this.footnoteNumbers = numberFootnotes(blocks);
		return { type: 'doc', version: 1, content: this.blocks(blocks, 'doc') } as AdfNode;
	}

	private nextId(): string {
		this.localId++;
		return `md-${this.localId}`;
	}

	/** Converts blocks for a container, reshaping what the container does not accept. */
	private blocks(blocks: Block[], container: Container): AdfNode[] {
		const out: AdfNode[] = [];
		for (const block of gatherFootnoteRuns(blocks)) {
			if (Array.isArray(block)) {
				this.fit(this.footnotes(block), container, out);
				continue;
			}
			for (const node of this.block(block, container)) this.fit(node, container, out);
		}
		return out;
	}

	/** Adds `node` to `out`, or what it degrades to when `container` does not accept it. */
	private fit(node: AdfNode, container: Container, out: AdfNode[]): void {
		const allowed = ALLOWED[container];
		if (allowed.has(node.type)) {
			out.push(node);
			return;
		}
		switch (node.type) {
			case 'heading':
				out.push(paragraph((node.content ?? []).map((child) => this.addStrong(child))));
				return;
			case 'expand':
				if (allowed.has('nestedExpand')) {
					const content: AdfNode[] = [];
					for (const child of node.content ?? []) this.fit(child, 'nestedExpand', content);
					out.push({
						type: 'nestedExpand',
						attrs: { title: String(node.attrs?.title ?? '') },
						content: content.length > 0 ? content : [paragraph([])],
					});
					return;
				}
				this.fit(strongParagraph(String(node.attrs?.title ?? '')), container, out);
				for (const child of node.content ?? []) this.fit(child, container, out);
				return;
			case 'nestedExpand':
				this.fit({ ...node, type: 'expand' }, container, out);
				return;
			case 'table':
				for (const row of node.content ?? []) {
					for (const cell of row.content ?? []) {
						for (const child of cell.content ?? []) {
							// Alignment marks are only allowed on paragraphs in table cells.
							const { marks, ...unmarked } = child;
							this.fit(marks && child.type === 'paragraph' ? unmarked : child, container, out);
						}
					}
				}
				return;
			case 'taskList':
			case 'decisionList':
				this.fit(this.taskListAsBullets(node), container, out);
				return;
			case 'blockCard':
			case 'embedCard': {
				const url = String(node.attrs?.url ?? '');
				const link = { type: 'link', attrs: { href: url } };
				out.push(paragraph(url ? [{ type: 'text', text: url, marks: [link] }] : []));
				return;
			}
			case 'rule':
				return;
			default:
				for (const child of node.content ?? []) this.fit(child, container, out);
		}
	}

	private addStrong(node: AdfNode): AdfNode {
		if (node.type !== 'text') return node;
		const marks = node.marks ?? [];
		if (marks.some((mark) => mark.type === 'strong' || mark.type === 'code')) return node;
		return { ...node, marks: [...marks, { type: 'strong' }] };
	}

	private taskListAsBullets(node: AdfNode): AdfNode {
		const items: AdfNode[] = [];
		for (const item of node.content ?? []) {
			if (item.type === 'taskList') {
				const nested = this.taskListAsBullets(item);
				const previous = items[items.length - 1];
				if (previous) previous.content = [...(previous.content ?? []), nested];
				continue;
			}
			const box = item.type === 'decisionItem' ? '◆ ' : item.attrs?.state === 'DONE' ? '☑ ' : '☐ ';
			items.push({
				type: 'listItem',
				content: [paragraph([{ type: 'text', text: box }, ...(item.content ?? [])])],
			});
		}
		return items.length > 0 ? { type: 'bulletList', content: items } : paragraph([]);
	}

	private container(type: string, blocks: Block[], attrs?: Record<string, unknown>): AdfNode {
		const content = this.blocks(blocks, CHILD_CONTAINER[type] ?? 'doc');
		const node: AdfNode = { type, content: content.length > 0 ? content : [paragraph([])] };
		if (attrs) node.attrs = attrs;
		return node;
	}

	private block(block: Block, container: Container): AdfNode[] {
		switch (block.type) {
			case 'paragraph':
				return this.paragraphs(block.children, container);
			case 'heading':
				return [
					{
						type: 'heading',
						attrs: { level: Math.min(6, Math.max(1, block.level)) },
						content: this.inlines(block.children),
					},
				];
			case 'blockquote':
				return [this.container('blockquote', block.children)];
			case 'list':
				return this.list(block);
			case 'code':
				return [this.code(block.language, block.value)];
			case 'rule':
				return [{ type: 'rule' }];
			case 'table':
				return [this.table(block)];
			case 'panel': {
				const children: Block[] = block.title
					? [
							{
								type: 'paragraph',
								children: [{ type: 'strong', children: [{ type: 'text', value: block.title }] }],
							},
							...block.children,
						]
					: block.children;
				return [this.container('panel', children, { panelType: PANEL_TYPE[block.kind] })];
			}
			case 'expand':
				return [this.container('expand', block.children, { title: block.title })];
			case 'macro':
				return this.macro(block.name, block.params, block.text, block.children);
			case 'adfBlock': {
				const node = this.adfBlock(block);
				if (node && ALLOWED[container].has(node.type)) return [node];
				const out: AdfNode[] = [];
				for (const child of adfBlockFallback(block)) {
					for (const converted of this.block(child, container)) out.push(converted);
				}
				return out;
			}
			case 'footnoteDefinition':
				return [this.footnotes([block])];
		}
	}

	/** The ADF node an AdfBlockNode stands for; undefined when its content does not fit the node. */
	private adfBlock(block: AdfBlockNode): AdfNode | undefined {
		const attrs = paramAttrs(block.params);
		const children = block.children ?? [];
		switch (block.name) {
			case 'blockCard':
			case 'embedCard': {
				const url = paramValue(block.params, 'url');
				if (!url || !isSafeHref(url)) return undefined;
				if (block.name === 'embedCard' && !attrs.layout) attrs.layout = 'center';
				return { type: block.name, attrs };
			}
			case 'syncBlock':
				return attrs.resourceId && attrs.localId ? { type: 'syncBlock', attrs } : undefined;
			case 'bodiedSyncBlock': {
				if (!attrs.resourceId || !attrs.localId) return undefined;
				const content = this.blocks(children, 'bodiedSyncBlock');
				return {
					type: 'bodiedSyncBlock',
					attrs,
					content: content.length > 0 ? content : [paragraph([])],
				};
			}
			case 'layoutSection': {
				const columns = children.filter(
					(child): child is AdfBlockNode =>
						child.type === 'adfBlock' && child.name === 'layoutColumn',
				);
				if (columns.length !== children.length || columns.length < 2 || columns.length > 3)
					return undefined;
				return {
					type: 'layoutSection',
					content: columns.map((column) => {
						const content = this.blocks(column.children ?? [], 'layoutColumn');
						const width = Number(paramValue(column.params, 'width'));
						return {
							type: 'layoutColumn',
							attrs: {
								...paramAttrs(column.params),
								width:
									Number.isFinite(width) && width >= 0 && width <= 100
										? width
										: 100 / columns.length,
							},
							content: content.length > 0 ? content : [paragraph([])],
						};
					}),
				};
			}
			case 'decisionList': {
				const list = children.length === 1 ? children[0] : undefined;
				if (!list || list.type !== 'list') return undefined;
				const items: AdfNode[] = [];
				for (const item of list.items) {
					const only = item.children.length === 1 ? item.children[0] : undefined;
					if (item.children.length > 0 && only?.type !== 'paragraph') return undefined;
					const decision: AdfNode = {
						type: 'decisionItem',
						attrs: { localId: this.nextId(), state: 'DECIDED' },
					};
					const content = only?.type === 'paragraph' ? this.inlines(only.children) : [];
					if (content.length > 0) decision.content = content;
					items.push(decision);
				}
				return items.length > 0
					? { type: 'decisionList', attrs: { localId: this.nextId() }, content: items }
					: undefined;
			}
			case 'mediaGroup': {
				const media: AdfNode[] = [];
				for (const child of children) {
					if (child.type !== 'paragraph') return undefined;
					for (const inline of child.children) {
						if (inline.type === 'text' && !inline.value.trim()) continue;
						if (inline.type === 'softbreak') continue;
						const file = this.mediaFile(inline);
						if (!file) return undefined;
						media.push(file);
					}
				}
				return media.length > 0 ? { type: 'mediaGroup', content: media } : undefined;
			}
			default:
				return undefined;
		}
	}

	/** A `confluence-media:` link or image (or an external image) as a media node of a media group. */
	private mediaFile(inline: Inline): AdfNode | undefined {
		if (inline.type === 'image') {
			const single = this.media(inline);
			return single?.content?.[0];
		}
		if (inline.type !== 'link') return undefined;
		const file = /^confluence-media:([^?#]+)(?:\?collection=([^#&]*))?$/.exec(inline.href);
		if (!file) return undefined;
		const id = percentDecode(file[1]);
		const attrs: Record<string, unknown> = {
			type: 'file',
			id,
			collection: percentDecode(file[2] ?? ''),
		};
		const label = inline.children
			.map((child) => (child.type === 'text' ? child.value : ''))
			.join('');
		if (label && label !== id) attrs.alt = label;
		return { type: 'media', attrs };
	}

	private code(language: string, value: string): AdfNode {
		const node: AdfNode = { type: 'codeBlock' };
		const adfLanguage = toAdfLanguage(language);
		if (adfLanguage) node.attrs = { language: adfLanguage };
		if (value) node.content = [{ type: 'text', text: wellFormedText(value) }];
		return node;
	}

	private macroAttrs(name: string, params: MacroParam[], text?: string): Record<string, unknown> {
		const macroParams: Record<string, { value: string }> = {};
		for (const param of params) macroParams[param.name] = { value: param.value };
		if (text !== undefined) macroParams.__bodyContent = { value: text };
		return {
			extensionType: MACRO_EXTENSION_TYPE,
			extensionKey: name,
			parameters: { macroParams, macroMetadata: { schemaVersion: { value: '1' }, title: name } },
			layout: 'default',
		};
	}

	private macro(
		name: string,
		params: MacroParam[],
		text: string | undefined,
		children: Block[] | undefined,
	): AdfNode[] {
		if (isDeniedMacro(name) || !name) {
			const header = [name, ...params.map((p) => (p.name ? `${p.name}=${p.value}` : p.value))].join(
				' ',
			);
			return [
				this.code('', text === undefined ? header : `${header}\n${text}`),
				...this.blocks(children ?? [], 'doc'),
			];
		}
		if (name === 'panel' && children) {
			const param = (key: string) => params.find((p) => p.name === key)?.value;
			const attrs: Record<string, unknown> = { panelType: 'custom' };
			if (param('bgColor')) attrs.panelColor = param('bgColor');
			if (param('panelIcon')) attrs.panelIcon = param('panelIcon');
			if (param('panelIconId')) attrs.panelIconId = param('panelIconId');
			if (param('panelIconText')) attrs.panelIconText = param('panelIconText');
			return [this.container('panel', children, attrs)];
		}
		if (children) {
			return [this.container('bodiedExtension', children, this.macroAttrs(name, params))];
		}
		return [{ type: 'extension', attrs: this.macroAttrs(name, params, text) }];
	}

	private list(list: ListNode): AdfNode[] {
		if (isTaskList(list)) return this.taskList(list);
		const items = list.items.map((item) => {
			const children = withCheckboxText(item);
			const content = this.blocks(children, 'listItem');
			if (
				content.length === 0 ||
				content[0].type === 'bulletList' ||
				content[0].type === 'orderedList' ||
				content[0].type === 'taskList'
			) {
				content.unshift(paragraph([]));
			}
			return { type: 'listItem', content };
		});
		if (list.ordered) {
			return [{ type: 'orderedList', attrs: { order: Math.max(0, list.start) }, content: items }];
		}
		return [{ type: 'bulletList', content: items }];
	}

	/** ADF task items hold inline content only; nested task lists follow their item, other blocks follow the list. */
	private taskList(list: ListNode): AdfNode[] {
		const out: AdfNode[] = [];
		let current: AdfNode[] = [];
		const flush = () => {
			if (current.length > 0)
				out.push({ type: 'taskList', attrs: { localId: this.nextId() }, content: current });
			current = [];
		};
		for (const item of list.items) {
			// An item of several paragraphs is a block task item (ADF's task items hold one line).
			if (item.children.length > 1 && item.children.every((block) => block.type === 'paragraph')) {
				current.push({
					type: 'blockTaskItem',
					attrs: { localId: this.nextId(), state: item.checked ? 'DONE' : 'TODO' },
					content: item.children.map((block) =>
						paragraph(block.type === 'paragraph' ? this.inlines(block.children) : []),
					),
				});
				continue;
			}
			const [first, ...rest] = item.children;
			const inline = first && first.type === 'paragraph' ? this.inlines(first.children) : [];
			const after = first && first.type === 'paragraph' ? rest : item.children;
			const taskItem: AdfNode = {
				type: 'taskItem',
				attrs: { localId: this.nextId(), state: item.checked ? 'DONE' : 'TODO' },
			};
			if (inline.length > 0) taskItem.content = inline;
			current.push(taskItem);
			for (const block of after) {
				if (block.type === 'list' && isTaskList(block)) {
					for (const nested of this.taskList(block)) {
						if (nested.type === 'taskList') current.push(nested);
						else {
							flush();
							out.push(nested);
						}
					}
				} else {
					flush();
					for (const node of this.block(block, 'doc')) out.push(node);
				}
			}
		}
		flush();
		return out;
	}

	private table(table: TableNode): AdfNode {
		return {
			type: 'table',
			content: table.rows.map((row) => ({
				type: 'tableRow',
				content: row.cells.map((cell) => {
					let content = this.blocks(cell.children, 'tableCell');
					if (content.length === 0) content = [paragraph([])];
					if (cell.align && cell.align !== 'left') {
						const align = cell.align === 'center' ? 'center' : 'end';
						content = content.map((node) =>
							node.type === 'paragraph'
								? { ...node, marks: [{ type: 'alignment', attrs: { align } }] }
								: node,
						);
					}
					const node: AdfNode = { type: cell.header ? 'tableHeader' : 'tableCell', content };
					const attrs: Record<string, unknown> = {};
					if ((cell.colspan ?? 1) > 1) attrs.colspan = cell.colspan;
					if ((cell.rowspan ?? 1) > 1) attrs.rowspan = cell.rowspan;
					if (Object.keys(attrs).length > 0) node.attrs = attrs;
					return node;
				}),
			})),
		};
	}

	private footnotes(definitions: FootnoteDefinitionNode[]): AdfNode {
		const first = this.footnoteNumbers.get(definitions[0].label) ?? 1;
		return {
			type: 'orderedList',
			attrs: { order: first },
			content: definitions.map((definition) => {
				const content = this.blocks(definition.children, 'listItem');
				if (content.length === 0 || content[0].type !== 'paragraph') content.unshift(paragraph([]));
				return { type: 'listItem', content };
			}),
		};
	}

	// -- inline ----------------------------------------------------------------------------------

	/** A paragraph, split around images (ADF images are blocks). */
	private paragraphs(children: Inline[], container: Container): AdfNode[] {
		const out: AdfNode[] = [];
		let run: Inline[] = [];
		const flush = () => {
			const content = this.inlines(run);
			if (content.length > 0) out.push(paragraph(content));
			run = [];
		};
		const mediaAllowed = ALLOWED[container].has('mediaSingle');
		for (const node of children) {
			if (node.type === 'image' && mediaAllowed) {
				const media = this.media(node);
				if (media) {
					flush();
					out.push(media);
					continue;
				}
			}
			run.push(node);
		}
		flush();
		return out.length > 0 ? out : [];
	}

	private media(image: ImageNode): AdfNode | undefined {
		const mediaFile = /^confluence-media:([^?#]+)(?:\?collection=([^#&]*))?/.exec(image.src);
		let media: AdfNode;
		if (mediaFile) {
			media = {
				type: 'media',
				attrs: {
					type: 'file',
					id: percentDecode(mediaFile[1]),
					collection: percentDecode(mediaFile[2] ?? ''),
				},
			};
		} else if (!hasConfluenceScheme(image.src) && image.src && isSafeHref(image.src)) {
			media = { type: 'media', attrs: { type: 'external', url: image.src } };
		} else {
			return undefined;
		}
		if (image.alt) (media.attrs as Record<string, unknown>).alt = image.alt;
		const content: AdfNode[] = [media];
		if (image.title)
			content.push({ type: 'caption', content: [{ type: 'text', text: image.title }] });
		return { type: 'mediaSingle', attrs: { layout: 'center' }, content };
	}

	private inlines(nodes: Inline[]): AdfNode[] {
		const out: AdfNode[] = [];
		this.collect(nodes, { formats: [] }, out);
		return out;
	}

	private textNode(text: string, marks: MarkSet, code: boolean): AdfNode | undefined {
		if (!text) return undefined;
		const list: { type: string; attrs?: Record<string, unknown> }[] = [];
		if (marks.link) {
			const attrs: Record<string, unknown> = { href: marks.link.href };
			if (marks.link.title) attrs.title = marks.link.title;
			list.push({ type: 'link', attrs });
		}
		if (code) list.push({ type: 'code' });
		else {
			for (const format of marks.formats) {
				if (format === 'superscript' || format === 'subscript') {
					if (!list.some((mark) => mark.type === 'subsup')) {
						list.push({
							type: 'subsup',
							attrs: { type: format === 'superscript' ? 'sup' : 'sub' },
						});
					}
				} else {
					const type = {
						strong: 'strong',
						emphasis: 'em',
						delete: 'strike',
						underline: 'underline',
					}[format];
					if (type && !list.some((mark) => mark.type === type)) list.push({ type });
				}
			}
		}
		const node: AdfNode = { type: 'text', text: wellFormedText(text) };
		if (list.length > 0) node.marks = list;
		return node;
	}

	private collect(nodes: Inline[], marks: MarkSet, out: AdfNode[]): void {
		const push = (node: AdfNode | undefined) => {
			if (!node) return;
			const last = out[out.length - 1];
			if (
				last &&
				last.type === 'text' &&
				node.type === 'text' &&
				JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])
			) {
				last.text = `${last.text}${node.text}`;
				return;
			}
			out.push(node);
		};
		for (const node of nodes) {
			if (isFormat(node)) {
				this.collect(node.children, { ...marks, formats: [...marks.formats, node.type] }, out);
				continue;
			}
			switch (node.type) {
				case 'text':
					push(this.textNode(node.value, marks, false));
					break;
				case 'softbreak':
					push(this.textNode(' ', marks, false));
					break;
				case 'break':
					out.push({ type: 'hardBreak' });
					break;
				case 'inlineCode':
					push(this.textNode(node.value.replace(/\r?\n/g, ' '), marks, true));
					break;
				case 'link':
					if (
						hasConfluenceScheme(node.href) ||
						!isSafeHref(node.href) ||
						node.href.startsWith('#') ||
						marks.link
					) {
						this.collect(node.children, marks, out);
					} else {
						this.collect(
							node.children,
							{ ...marks, link: { href: node.href, title: node.title } },
							out,
						);
					}
					break;
				case 'image':
					push(this.textNode(node.alt, marks, false));
					break;
				case 'mention':
					out.push({
						type: 'mention',
						attrs: { id: node.user, text: `@${node.name ?? node.user}` },
					});
					break;
				case 'emoji':
					if (node.shortName) {
						const attrs: Record<string, unknown> = { shortName: node.shortName, text: node.text };
						if (node.id) attrs.id = node.id;
						out.push({ type: 'emoji', attrs });
					} else if (node.text) {
						push(this.textNode(node.text, marks, false));
					}
					break;
				case 'date':
					out.push({
						type: 'date',
						attrs: { timestamp: String(Date.parse(`${node.value}T00:00:00Z`)) },
					});
					break;
				case 'status':
					if (node.text) {
						const colour =
							node.colour === 'grey' || node.colour === 'gray' ? 'neutral' : node.colour;
						const attrs: Record<string, unknown> = {
							text: node.text,
							color: /^(neutral|purple|blue|red|yellow|green)$/.test(colour) ? colour : 'neutral',
							localId: this.nextId(),
						};
						if (node.subtle) attrs.style = 'subtle';
						out.push({ type: 'status', attrs });
					}
					break;
				case 'rawHtml':
					if (node.visible) push(this.textNode(node.value, marks, false));
					break;
				case 'adfInline': {
					const inline = this.adfInline(node);
					if (inline) out.push(inline);
					else push(this.textNode(node.text, marks, false));
					break;
				}
				case 'inlineMacro':
					if (isDeniedMacro(node.name) || !node.name) push(this.textNode(node.name, marks, false));
					else
						out.push({
							type: 'inlineExtension',
							attrs: this.inlineMacroAttrs(node.name, node.params),
						});
					break;
				case 'footnoteReference': {
					const number = this.footnoteNumbers.get(node.label);
					push(
						this.textNode(
							number === undefined ? `[^${node.label}]` : String(number),
							{ ...marks, formats: [...marks.formats, 'superscript'] },
							false,
						),
					);
					break;
				}
			}
		}
	}

	/** The ADF inline node an AdfInlineNode stands for; undefined when its attributes do not make one. */
	private adfInline(node: AdfInlineNode): AdfNode | undefined {
		const attrs = paramAttrs(node.params);
		switch (node.name) {
			case 'placeholder':
				return { type: 'placeholder', attrs: { text: node.text } };
			case 'inlineCard': {
				const url = paramValue(node.params, 'url');
				return url && isSafeHref(url) ? { type: 'inlineCard', attrs } : undefined;
			}
			case 'mediaInline':
				return attrs.id && typeof attrs.collection === 'string'
					? { type: 'mediaInline', attrs }
					: undefined;
			default:
				return undefined;
		}
	}

	private inlineMacroAttrs(name: string, params: MacroParam[]): Record<string, unknown> {
		const attrs = this.macroAttrs(name, params);
		delete attrs.layout;
		return attrs;
	}
}

export function writeAdf(blocks: Block[]): AdfNode {
	return new AdfWriter().document(blocks);
}
