import { Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';

export type HtmlEvent =
	| {
			kind: 'open';
			name: string;
			attributes: Record<string, string>;
			selfClosing: boolean;
			raw: string;
	  }
	| { kind: 'close'; name: string; raw: string }
	| { kind: 'text'; text: string }
	| { kind: 'other'; raw: string };

/**
 * A flat event list for a piece of raw HTML found in Markdown. htmlparser2's tokenizer is used rather
 * than its parser because the parser drops end tags it has no open element for, and an HTML fragment in
 * Markdown often closes an element opened in an earlier fragment.
 */
export function tokenizeHtml(source: string): HtmlEvent[] {
	const events: HtmlEvent[] = [];
	let text = '';
	let tagName = '';
	let tagStart = 0;
	let attributes: Record<string, string> = {};
	let attributeName = '';
	let attributeValue = '';
	const flushText = () => {
		if (text) events.push({ kind: 'text', text });
		text = '';
	};
	const callbacks: TokenizerCallbacks = {
		ontext(start, endIndex) {
			text += source.slice(start, endIndex);
		},
		ontextentity(codepoint) {
			text += String.fromCodePoint(codepoint);
		},
		onopentagname(start, endIndex) {
			flushText();
			tagStart = start - 1;
			tagName = source.slice(start, endIndex).toLowerCase();
			attributes = {};
		},
		onattribname(start, endIndex) {
			attributeName = source.slice(start, endIndex).toLowerCase();
			attributeValue = '';
		},
		onattribdata(start, endIndex) {
			attributeValue += source.slice(start, endIndex);
		},
		onattribentity(codepoint) {
			attributeValue += String.fromCodePoint(codepoint);
		},
		onattribend() {
			if (!Object.prototype.hasOwnProperty.call(attributes, attributeName)) {
				attributes[attributeName] = attributeValue;
			}
		},
		onopentagend(endIndex) {
			events.push({
				kind: 'open',
				name: tagName,
				attributes,
				selfClosing: false,
				raw: source.slice(tagStart, endIndex + 1),
			});
		},
		onselfclosingtag(endIndex) {
			events.push({
				kind: 'open',
				name: tagName,
				attributes,
				selfClosing: true,
				raw: source.slice(tagStart, endIndex + 1),
			});
		},
		onclosetag(start, endIndex) {
			flushText();
			// The end index is the name's end: white space may stand before the `>` (`</foo >`).
			const close = source.indexOf('>', endIndex);
			events.push({
				kind: 'close',
				name: source.slice(start, endIndex).toLowerCase(),
				raw: source.slice(start - 2, close < 0 ? endIndex + 1 : close + 1),
			});
		},
		oncomment(start, endIndex) {
			flushText();
			events.push({ kind: 'other', raw: source.slice(start - 4, endIndex + 1) });
		},
		oncdata(start, endIndex) {
			flushText();
			events.push({ kind: 'other', raw: source.slice(start - 9, endIndex + 1) });
		},
		ondeclaration(start, endIndex) {
			flushText();
			events.push({ kind: 'other', raw: source.slice(start - 2, endIndex + 1) });
		},
		onprocessinginstruction(start, endIndex) {
			flushText();
			events.push({ kind: 'other', raw: source.slice(start - 2, endIndex + 1) });
		},
		onend() {
			flushText();
		},
	};
	const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks);
	tokenizer.write(source);
	tokenizer.end();
	return events;
}
