/**
 * Markdown, Confluence storage format, Atlas Doc Format (ADF) and plain text, each way.
 * The Markdown conventions for Confluence features are documented in README.md next to this file.
 */

import { readAdf } from './adfReader';
import type { Block } from './ast';
import { forEachInline, inlineText } from './ast';
import { writeAdf } from './adfWriter';
import { readMarkdown } from './markdownReader';
import { writeMarkdown } from './markdownWriter';
import { readStorage } from './storageReader';
import { writeStorage } from './storageWriter';

export { DEFAULT_ALLOWED_MACROS } from './storageWriter';
import { writeText } from './textWriter';
import { escapeText } from './xml';

export interface MarkdownToStorageOptions {
	/** Space key used for `confluence-page:Title` links that do not name a space. */
	defaultSpaceKey?: string;
	/**
	 * Macros the `confluence-macro` fences and links may write besides the harmless default ones
	 * (`DEFAULT_ALLOWED_MACROS`); `*` allows any. Macros whose name contains html, script or iframe never are.
	 */
	allowedMacros?: string[];
	/**
	 * Rewrites each link and image destination before the body is written: a docs folder turns relative paths into
	 * page links and attachments this way.
	 */
	rewriteHref?: (href: string, kind: 'link' | 'image') => string;
	/**
	 * Code blocks in these languages (lower case) become the named macro, the code its plain-text body: diagram apps'
	 * macros (`{ mermaid: 'mermaid-cloud' }`). The macros named here are allowed.
	 */
	codeMacros?: Record<string, string>;
}

export interface ToMarkdownOptions {
	/** Display names for user mentions, by account id. */
	userNames?: Record<string, string>;
}

export function markdownToStorage(markdown: string, options?: MarkdownToStorageOptions): string {
	const blocks = readMarkdown(String(markdown ?? ''));
	const rewrite = options?.rewriteHref;
	if (rewrite) {
		forEachInline(blocks, (node) => {
			if (node.type === 'link') node.href = rewrite(node.href, 'link');
			else if (node.type === 'image') node.src = rewrite(node.src, 'image');
		});
	}
	const codeMacros = options?.codeMacros ?? {};
	const macroNames = Object.values(codeMacros);
	if (macroNames.length) replaceCodeBlocks(blocks, codeMacros);
	return writeStorage(blocks, {
		...options,
		allowedMacros: [...(options?.allowedMacros ?? []), ...macroNames],
	});
}

function replaceCodeBlocks(blocks: Block[], codeMacros: Record<string, string>): void {
	for (let index = 0; index < blocks.length; index++) {
		const block = blocks[index];
		switch (block.type) {
			case 'code': {
				const name = codeMacros[block.language.toLowerCase()];
				if (name) blocks[index] = { type: 'macro', name, params: [], text: block.value };
				break;
			}
			case 'list':
				for (const item of block.items) replaceCodeBlocks(item.children, codeMacros);
				break;
			case 'table':
				for (const row of block.rows)
					for (const cell of row.cells) replaceCodeBlocks(cell.children, codeMacros);
				break;
			case 'blockquote':
			case 'panel':
			case 'expand':
			case 'footnoteDefinition':
				replaceCodeBlocks(block.children, codeMacros);
				break;
			case 'macro':
				if (block.children) replaceCodeBlocks(block.children, codeMacros);
				break;
			default:
				break;
		}
	}
}

/** The text of each heading of a Markdown document, in order (a docs folder's titles and link anchors). */
export function markdownHeadings(markdown: string): Array<{ level: number; text: string }> {
	const headings: Array<{ level: number; text: string }> = [];
	const visit = (blocks: Block[]) => {
		for (const block of blocks) {
			if (block.type === 'heading')
				headings.push({ level: block.level, text: inlineText(block.children).trim() });
			else if (block.type === 'blockquote' || block.type === 'panel' || block.type === 'expand')
				visit(block.children);
		}
	};
	visit(readMarkdown(String(markdown ?? '')));
	return headings;
}

export function storageToMarkdown(storage: string, options?: ToMarkdownOptions): string {
	return writeMarkdown(readStorage(String(storage ?? ''), options), options);
}

export function adfToMarkdown(adf: string | object, options?: ToMarkdownOptions): string {
	return writeMarkdown(readAdf(adf, options), options);
}

/** An ADF document `{type: 'doc', version: 1, content}`. */
export function markdownToAdf(markdown: string): object {
	return writeAdf(readMarkdown(String(markdown ?? '')));
}

export function storageToText(storage: string): string {
	return writeText(readStorage(String(storage ?? '')));
}

export function adfToText(adf: string | object): string {
	return writeText(readAdf(adf));
}

/** Plain text as storage paragraphs: blank lines separate paragraphs, single line breaks are kept. */
export function textToStorage(text: string): string {
	const normalized = String(text ?? '').replace(/\r\n?/g, '\n');
	return normalized
		.split(/\n[ \t]*\n+/)
		.map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
		.filter((paragraph) => paragraph.trim() !== '')
		.map((paragraph) => `<p>${paragraph.split('\n').map(escapeText).join('<br />')}</p>`)
		.join('');
}
