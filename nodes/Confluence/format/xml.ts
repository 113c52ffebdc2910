/** Non-characters and unpaired surrogates, which XML 1.0 does not allow. */
const INVALID_XML_UNITS =
	/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** C0 control characters other than tab, line feed and carriage return are not allowed in XML 1.0 either. */
function replaceControl(char: string): string {
	return char === '\t' || char === '\n' || char === '\r' || char.charCodeAt(0) >= 0x7f
		? char
		: '\uFFFD';
}

/** Anything xmlSafe may have to replace; most text has none of it. */
const SUSPECT = /(?![\t\n\r])\p{Cc}|[\uD800-\uDFFF\uFFFE\uFFFF]/u;

export function xmlSafe(text: string): string {
	if (!SUSPECT.test(text)) return text;
	return text.replace(/\p{Cc}/gu, replaceControl).replace(INVALID_XML_UNITS, '\uFFFD');
}

/** Text content: only the XML five are ever written as named entities (storage format is XML). */
export function escapeText(text: string): string {
	return xmlSafe(text).replace(/[&<>]/g, (char) =>
		char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
	);
}

export function escapeAttribute(text: string): string {
	return xmlSafe(text).replace(/[&<>"\t\n\r]/g, (char) => {
		switch (char) {
			case '&':
				return '&amp;';
			case '<':
				return '&lt;';
			case '>':
				return '&gt;';
			case '"':
				return '&quot;';
			default:
				return `&#${char.charCodeAt(0)};`;
		}
	});
}

/** A CDATA section holding `text` verbatim; `]]>` cannot appear inside one, so it is split across two. */
export function cdata(text: string): string {
	return `<![CDATA[${xmlSafe(text).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
