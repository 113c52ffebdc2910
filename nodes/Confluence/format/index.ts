/**
 * Markdown, Confluence storage format, Atlas Doc Format (ADF) and plain text, each way.
 * The Markdown conventions for Confluence features are documented in README.md next to this file.
 */

import { readAdf } from './adfReader';
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
}

export interface ToMarkdownOptions {
	/** Display names for user mentions, by account id. */
	userNames?: Record<string, string>;
}

export function markdownToStorage(markdown: string, options?: MarkdownToStorageOptions): string {
	return writeStorage(readMarkdown(String(markdown ?? '')), options);
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
