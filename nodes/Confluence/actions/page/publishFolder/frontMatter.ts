/**
 * YAML front matter as docs tools write it (mark, md2conf, Jekyll, Hugo): a `---` block at the top of the file holding
 * `key: value` lines. Only the part of YAML front matter uses is read (no runtime dependencies): plain, 'single' and
 * "double" quoted scalars, `[flow, lists]`, `- block` lists under a key, comments and blank lines. Anything else is
 * refused with its line, so a typo never ends up published or silently ignored.
 */

export type FrontMatterValue = string | null | FrontMatterValue[];

export interface FrontMatter {
	data: Record<string, FrontMatterValue>;
	/** The Markdown after the front matter. */
	body: string;
}

export class FrontMatterError extends Error {
	constructor(
		readonly line: number,
		message: string,
	) {
		super(`line ${line}: ${message}`);
	}
}

const OPEN = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
const KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$/;
const LIST_ENTRY = /^([ \t]+|)-(?:[ \t]+(.*)|[ \t]*)$/;

/** Splits front matter off a Markdown file; a file without one has empty data and is its own body. */
export function parseFrontMatter(text: string): FrontMatter {
	const source = text.replace(/^\uFEFF/, '');
	const lines = source.split(/\r?\n/);
	if (!OPEN.test(lines[0] ?? '')) return { data: {}, body: source };
	const end = lines.findIndex((line, index) => index > 0 && CLOSE.test(line));
	if (end < 0) throw new FrontMatterError(1, 'the front matter opened with "---" is never closed');
	const data: Record<string, FrontMatterValue> = {};
	let openList: { key: string; items: FrontMatterValue[] } | undefined;
	for (let index = 1; index < end; index++) {
		const lineNumber = index + 1;
		const line = lines[index];
		if (/^[ \t]*(?:#.*)?$/.test(line)) continue;
		if (line.includes('\t') && /^\t/.test(line)) {
			throw new FrontMatterError(lineNumber, 'YAML does not allow tabs for indentation');
		}
		const entry = LIST_ENTRY.exec(line);
		if (entry && openList) {
			openList.items.push(readScalar(entry[2] ?? '', lineNumber));
			data[openList.key] = openList.items;
			continue;
		}
		if (/^[ \t]/.test(line)) {
			throw new FrontMatterError(
				lineNumber,
				`unexpected indentation: "${line.trim()}" (only "key: value" lines and "- item" lists under a key are read)`,
			);
		}
		const pair = KEY.exec(line);
		if (!pair) {
			throw new FrontMatterError(lineNumber, `expected "key: value", got "${line.slice(0, 80)}"`);
		}
		const key = pair[1];
		if (key in data) throw new FrontMatterError(lineNumber, `the key "${key}" is given twice`);
		const raw = stripComment(pair[2] ?? '');
		openList = undefined;
		if (raw === '') {
			// A key with nothing after it is null, or the list of the "- item" lines that follow.
			data[key] = null;
			openList = { key, items: [] };
			continue;
		}
		data[key] = raw.startsWith('[') ? readFlowList(raw, lineNumber) : readScalar(raw, lineNumber);
	}
	return { data, body: lines.slice(end + 1).join('\n') };
}

/** A trailing ` # comment` outside quotes. */
function stripComment(value: string): string {
	let quote: string | undefined;
	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		if (quote) {
			if (char === '\\' && quote === '"') index++;
			else if (char === "'" && quote === "'" && value[index + 1] === "'") index++;
			else if (char === quote) quote = undefined;
		} else if (char === '"' || char === "'") {
			if (index === 0 || /[\s[,]/.test(value[index - 1])) quote = char;
		} else if (char === '#' && (index === 0 || /\s/.test(value[index - 1]))) {
			return value.slice(0, index).trim();
		}
	}
	return value.trim();
}

function readScalar(raw: string, line: number): FrontMatterValue {
	const value = stripComment(raw);
	if (value.startsWith('"') || value.startsWith("'")) {
		const { text, rest } = readQuoted(value, 0, line);
		if (rest.trim() !== '') {
			throw new FrontMatterError(line, `unexpected text after the quoted value: "${rest.trim()}"`);
		}
		return text;
	}
	if (value.startsWith('[')) return readFlowList(value, line);
	if (/^[{|>&*!%@`]/.test(value)) {
		throw new FrontMatterError(
			line,
			`"${value.slice(0, 40)}" uses YAML that front matter here does not read (mappings, block scalars, anchors, tags); quote the value`,
		);
	}
	if (value === '~' || value === 'null' || value === '') return null;
	return value;
}

function readQuoted(value: string, start: number, line: number): { text: string; rest: string } {
	const quote = value[start];
	let text = '';
	for (let index = start + 1; index < value.length; index++) {
		const char = value[index];
		if (quote === "'") {
			if (char === "'") {
				if (value[index + 1] === "'") {
					text += "'";
					index++;
					continue;
				}
				return { text, rest: value.slice(index + 1) };
			}
			text += char;
			continue;
		}
		if (char === '"') return { text, rest: value.slice(index + 1) };
		if (char !== '\\') {
			text += char;
			continue;
		}
		const next = value[++index];
		const simple: Record<string, string> = {
			n: '\n',
			t: '\t',
			r: '\r',
			'"': '"',
			'\\': '\\',
			'/': '/',
			'0': '\0',
			' ': ' ',
		};
		if (next !== undefined && next in simple) {
			text += simple[next];
			continue;
		}
		const hex = next === 'u' ? 4 : next === 'x' ? 2 : next === 'U' ? 8 : 0;
		const digits = value.slice(index + 1, index + 1 + hex);
		if (hex && /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
			text += String.fromCodePoint(parseInt(digits, 16));
			index += hex;
			continue;
		}
		throw new FrontMatterError(line, `unknown escape "\\${next ?? ''}" in a double-quoted value`);
	}
	throw new FrontMatterError(
		line,
		`the quoted value ${value.slice(start, start + 40)} is never closed`,
	);
}

function readFlowList(value: string, line: number): FrontMatterValue[] {
	const items: FrontMatterValue[] = [];
	let index = 1;
	for (;;) {
		while (value[index] === ' ' || value[index] === '\t') index++;
		if (index >= value.length) throw new FrontMatterError(line, 'the list "[…" is never closed');
		if (value[index] === ']') {
			if (value.slice(index + 1).trim() !== '') {
				throw new FrontMatterError(
					line,
					`unexpected text after the list: "${value.slice(index + 1).trim()}"`,
				);
			}
			return items;
		}
		if (value[index] === '"' || value[index] === "'") {
			const { text, rest } = readQuoted(value, index, line);
			items.push(text);
			index = value.length - rest.length;
		} else {
			let end = index;
			while (end < value.length && value[end] !== ',' && value[end] !== ']') end++;
			const plain = value.slice(index, end).trim();
			if (/^[[{]/.test(plain)) {
				throw new FrontMatterError(line, 'nested lists and mappings are not read in front matter');
			}
			items.push(plain === '' || plain === 'null' || plain === '~' ? null : plain);
			index = end;
		}
		while (value[index] === ' ' || value[index] === '\t') index++;
		if (index >= value.length) throw new FrontMatterError(line, 'the list "[…" is never closed');
		if (value[index] === ',') index++;
		else if (value[index] !== ']') {
			throw new FrontMatterError(
				line,
				`expected "," or "]" in the list, got "${value.slice(index, index + 20)}"`,
			);
		}
	}
}

/** A front matter value as one string (numbers and words stay as written). */
export function frontMatterString(value: FrontMatterValue | undefined): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (Array.isArray(value)) return undefined;
	return value;
}

/** A list value, or a comma-separated string, as its entries. */
export function frontMatterList(value: FrontMatterValue | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	if (value === null) return [];
	const entries = Array.isArray(value) ? value : value.split(',');
	return entries
		.filter((entry): entry is string => typeof entry === 'string')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
