/**
 * Parameters written after a fence's language or a macro name in Markdown: `name=value`, `name="a value"`,
 * and a bare value for a macro's default (unnamed) parameter. Inside quotes, `%`, `"`, `\`, `&`, `` ` `` and
 * line breaks are percent-encoded, because Markdown's own backslash escapes and entities are decoded in
 * fence info strings before we see them.
 */

import type { MacroParam } from './ast';
import { percentDecode } from './links';

const BARE = /^[A-Za-z0-9_.:/#+,@~^!*$;-]+$/;

function quote(value: string): string {
	if (value !== '' && BARE.test(value)) return value;
	return `"${value.replace(/[%"\\&`\p{Cc}]/gu, (char) => encodeURIComponent(char))}"`;
}

export function formatParams(params: MacroParam[]): string {
	return params
		.map((param) =>
			param.name === '' ? quote(param.value) : `${quote(param.name)}=${quote(param.value)}`,
		)
		.join(' ');
}

interface Piece {
	text: string;
	quoted: boolean;
}

/** Splits `a=b "c d" e="f g"` into parameters; a token without `=` outside quotes is the default one. */
export function parseParams(source: string): MacroParam[] {
	const params: MacroParam[] = [];
	let index = 0;
	const length = source.length;
	while (index < length) {
		while (index < length && /\s/.test(source[index])) index++;
		if (index >= length) break;
		const pieces: Piece[] = [];
		while (index < length && !/\s/.test(source[index])) {
			if (source[index] === '"') {
				const end = source.indexOf('"', index + 1);
				const stop = end < 0 ? length : end;
				pieces.push({ text: source.slice(index + 1, stop), quoted: true });
				index = end < 0 ? length : end + 1;
			} else {
				let end = index;
				while (end < length && !/\s/.test(source[end]) && source[end] !== '"') end++;
				pieces.push({ text: source.slice(index, end), quoted: false });
				index = end;
			}
		}
		let name: string | undefined;
		let value = '';
		for (const piece of pieces) {
			if (name === undefined && !piece.quoted) {
				const equals = piece.text.indexOf('=');
				if (equals >= 0) {
					name = percentDecode(value + piece.text.slice(0, equals));
					value = piece.text.slice(equals + 1);
					continue;
				}
			}
			value += piece.quoted ? percentDecode(piece.text) : piece.text;
		}
		params.push({ name: name ?? '', value });
	}
	return params;
}
