/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import * as fs from 'fs';
import * as path from 'path';
import { HtmlRenderer, Parser } from 'commonmark';
import { parseDocument } from 'htmlparser2';

import {
	adfToMarkdown,
	adfToText,
	markdownToStorage,
	storageToMarkdown,
	storageToText,
} from '../../nodes/Confluence/format';
import { corpusFiles, printLine, xmlProblems } from './helpers';

/**
 * Real page bodies from ../shared/corpus (see its README). For each: conversion to Markdown does not
 * throw, loses no word of the page's text, and storage → Markdown → storage keeps the page's structure.
 */

interface DomNode {
	type: string;
	data?: string;
	name?: string;
	attribs?: Record<string, string>;
	children?: DomNode[];
}

/** Elements whose text is not page text: macro parameters, task bookkeeping, fallbacks, styles. */
const NOT_TEXT = new Set([
	'ac:parameter',
	'ac:default-parameter',
	'ac:task-id',
	'ac:task-uuid',
	'ac:task-status',
	'ac:adf-fallback',
	'ac:adf-attribute',
	'style',
	'script',
]);

/** Elements inside a word (`<strong>bold</strong>er` is one word); any other element separates words. */
const INLINE = new Set([
	'span',
	'strong',
	'b',
	'em',
	'i',
	'u',
	's',
	'del',
	'strike',
	'ins',
	'sup',
	'sub',
	'code',
	'a',
	'font',
	'small',
	'big',
	'mark',
	'time',
	'ac:link',
	'ac:plain-text-link-body',
	'ac:link-body',
	'ac:inline-comment-marker',
]);

/**
 * Confluence XML backups write `]]>` inside CDATA as `]] >` (corpus README); the page text is what
 * Confluence restores.
 */
function restoreCdata(xml: string): string {
	return xml.replace(/(<!\[CDATA\[(?:(?!\]\]>)[\s\S])*?)\]\] >/g, '$1]]>');
}

function dom(html: string): DomNode {
	return parseDocument(restoreCdata(html), {
		xmlMode: false,
		decodeEntities: true,
		lowerCaseTags: false,
		lowerCaseAttributeNames: false,
		recognizeCDATA: true,
		recognizeSelfClosing: true,
	}) as unknown as DomNode;
}

function visibleText(node: DomNode): string {
	if (node.type === 'text') return node.data ?? '';
	if (node.type === 'cdata') return (node.children ?? []).map((child) => child.data ?? '').join('');
	if (node.type === 'comment') return '';
	const name = (node.name ?? '').toLowerCase();
	if (name && (NOT_TEXT.has(name) || name.startsWith('ri:'))) return '';
	const inner = (node.children ?? []).map(visibleText).join('');
	return name && !INLINE.has(name) ? ` ${inner} ` : inner;
}

function adfText(node: unknown): string {
	if (!node || typeof node !== 'object') return '';
	const record = node as {
		type?: string;
		text?: string;
		attrs?: { text?: string };
		content?: unknown[];
	};
	if (record.type === 'text') return record.text ?? '';
	if (record.type === 'status' || record.type === 'mention' || record.type === 'emoji') {
		return ` ${record.attrs?.text ?? ''} `;
	}
	return ` ${(record.content ?? []).map(adfText).join('')} `;
}

function words(text: string): Set<string> {
	return new Set(text.match(/[\p{L}\p{N}]+/gu) ?? []);
}

const commonmark = new Parser();
const renderer = new HtmlRenderer();

/** The words of the Markdown as a reader sees it: rendered by the reference renderer, plus image alt text and titles. */
function markdownWords(markdown: string): Set<string> {
	const html = renderer.render(commonmark.parse(markdown));
	const attributes = [...html.matchAll(/ (?:alt|title)="([^"]*)"/g)]
		.map((match) => match[1])
		.join(' ');
	return words(`${visibleText(dom(html))} ${visibleText(dom(attributes))}`);
}

function missingWords(pageText: string, markdown: string): string[] {
	const seen = markdownWords(markdown);
	return [...words(pageText)].filter((word) => !seen.has(word));
}

const STRUCTURE = [
	'headings',
	'lists',
	'items',
	'tables',
	'rows',
	'code',
	'panels',
	'links',
	'images',
	'macros',
] as const;

type Counts = Record<(typeof STRUCTURE)[number], number>;

const PANEL_MACROS = new Set(['info', 'tip', 'note', 'warning', 'panel']);

/** What storage → Markdown → storage must keep. */
function structure(storage: string): Counts {
	const counts: Counts = {
		headings: 0,
		lists: 0,
		items: 0,
		tables: 0,
		rows: 0,
		code: 0,
		panels: 0,
		links: 0,
		images: 0,
		macros: 0,
	};
	const visit = (node: DomNode) => {
		const name = (node.name ?? '').toLowerCase();
		if (/^h[1-6]$/.test(name)) counts.headings++;
		if (name === 'ul' || name === 'ol' || name === 'ac:task-list') counts.lists++;
		if (name === 'li' || name === 'ac:task') counts.items++;
		if (name === 'table') counts.tables++;
		if (name === 'tr') counts.rows++;
		if (name === 'ac:structured-macro' || name === 'ac:macro') {
			const macro = (node.attribs?.['ac:name'] ?? '').toLowerCase();
			if (macro === 'code' || macro === 'noformat') counts.code++;
			if (PANEL_MACROS.has(macro)) counts.panels++;
			counts.macros++;
		}
		if (name === 'ac:image' || name === 'img') counts.images++;
		if (name === 'ac:adf-node' && node.attribs?.type === 'panel') counts.panels++;
		if (name === 'ac:link' || (name === 'a' && node.attribs?.href !== undefined)) counts.links++;
		for (const child of node.children ?? []) visit(child);
	};
	visit(dom(storage));
	return counts;
}

const storageFiles = corpusFiles('storage');
const adfFiles = corpusFiles('adf');
const lossless = new Set<string>();
/** Structure of the storage bodies, and how much of it storage → Markdown → storage kept. */
const structureTotal = Object.fromEntries(STRUCTURE.map((key) => [key, 0])) as Counts;
const structureKept = Object.fromEntries(STRUCTURE.map((key) => [key, 0])) as Counts;

afterAll(() => {
	printLine(
		`real pages: ${lossless.size}/${storageFiles.length + adfFiles.length} converted without loss; structure kept through Markdown: ${STRUCTURE.map((key) => `${key} ${structureKept[key]}/${structureTotal[key]}`).join(', ')}`,
	);
});

/** A page read as Markdown and written back: its own macros are trusted. */
const PAGE_WRITTEN_BACK = { allowedMacros: ['*'] };

describe('real storage bodies', () => {
	it('finds the corpus', () => {
		expect(storageFiles).toHaveLength(58);
		expect(adfFiles).toHaveLength(17);
	});

	describe.each(storageFiles.map((file) => [path.basename(file), file]))('%s', (name, file) => {
		const storage = fs.readFileSync(file, 'utf8');
		let markdown = '';
		let textOk = false;
		let structureOk = false;

		afterAll(() => {
			if (textOk && structureOk) lossless.add(name);
		});

		it('converts to Markdown without losing text', () => {
			markdown = storageToMarkdown(storage);
			expect(missingWords(visibleText(dom(storage)), markdown)).toEqual([]);
			textOk = true;
		});

		it('keeps headings, lists, tables, code, panels, links and images through Markdown and back', () => {
			const back = markdownToStorage(storageToMarkdown(storage), PAGE_WRITTEN_BACK);
			expect(xmlProblems(back)).toEqual([]);
			const before = structure(storage);
			const after = structure(back);
			for (const key of STRUCTURE) {
				structureTotal[key] += before[key];
				structureKept[key] += Math.min(before[key], after[key]);
			}
			// Macros inside links (a link cannot hold a macro in Markdown) are counted in the figure, not asserted.
			const asserted = (counts: Counts) => ({ ...counts, macros: 0 });
			expect(asserted(after)).toEqual(asserted(before));
			structureOk = true;
		});

		it('converts to plain text without losing text', () => {
			const text = storageToText(storage);
			const seen = words(text);
			expect([...words(visibleText(dom(storage)))].filter((word) => !seen.has(word))).toEqual([]);
		});

		it('reads its own Markdown back to the same Markdown', () => {
			const once = storageToMarkdown(storage);
			expect(storageToMarkdown(markdownToStorage(once, PAGE_WRITTEN_BACK))).toEqual(once);
		});
	});
});

describe('real ADF documents', () => {
	describe.each(adfFiles.map((file) => [path.basename(file), file]))('%s', (name, file) => {
		const json = fs.readFileSync(file, 'utf8');
		const document = JSON.parse(json) as unknown;

		it('converts to Markdown without losing text, from a string or an object alike', () => {
			const markdown = adfToMarkdown(json);
			expect(adfToMarkdown(document as object)).toEqual(markdown);
			expect(missingWords(adfText(document), markdown)).toEqual([]);
			lossless.add(name);
		});

		it('converts to plain text without losing text', () => {
			const seen = words(adfToText(document as object));
			expect([...words(adfText(document))].filter((word) => !seen.has(word))).toEqual([]);
		});
	});
});
