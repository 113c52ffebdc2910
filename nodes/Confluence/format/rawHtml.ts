import { tokenizeHtml } from './htmlTokens';
import { isSafeHref } from './storageWriter';
import { xmlSafe } from './xml';

/**
 * Raw HTML in Markdown that the converter does not rebuild (custom elements, comments, processing
 * instructions, declarations, CDATA, stray end tags, empty anchors, whole HTML blocks of such things) never
 * becomes markup on a page: it is shown as text where Markdown shows it (a comment shows nothing), and its
 * source is kept beside it in an XML comment, so Markdown written from the page gives the same raw HTML again.
 */
const MARKER = 'markdown-html:';
const END_MARKER = '/markdown-html';

/**
 * XML comments cannot hold `--` or end in `-`, and markup-looking text is best kept out of a page even in a
 * comment: `%`, `-`, `<`, `>` and `&` are percent-encoded.
 */
const COMMENT_ESCAPES: Record<string, string> = {
	'%': '%25',
	'-': '%2D',
	'<': '%3C',
	'>': '%3E',
	'&': '%26',
};

export function rawHtmlComment(source: string): string {
	return `<!--${MARKER}${xmlSafe(source).replace(/[%<>&-]/g, (char) => COMMENT_ESCAPES[char])}-->`;
}

export const RAW_HTML_END = `<!--${END_MARKER}-->`;

/** The source a marker comment's data holds, or undefined for any other comment. */
export function rawHtmlSource(commentData: string): string | undefined {
	if (!commentData.startsWith(MARKER)) return undefined;
	try {
		return decodeURIComponent(
			commentData.slice(MARKER.length).replace(/%(?![0-9A-Fa-f]{2})/g, '%25'),
		);
	} catch {
		return undefined;
	}
}

export function isRawHtmlEnd(commentData: string): boolean {
	return commentData === END_MARKER;
}

/** CommonMark's inline raw HTML: one complete tag, comment, processing instruction, declaration or CDATA section. */
const ATTRIBUTE =
	'(?:\\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\\s*=\\s*(?:[^"\'=<>`\\x00-\\x20]+|\'[^\']*\'|"[^"]*"))?)';
const INLINE_HTML = new RegExp(
	'^(?:<[A-Za-z][A-Za-z0-9-]*' +
		ATTRIBUTE +
		'*\\s*\\/?>|<\\/[A-Za-z][A-Za-z0-9-]*\\s*>|<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->|<[?][\\s\\S]*?[?]>|<![A-Za-z][^>]*>|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)$',
);

/** Whether `source` reads back from Markdown as the single piece of inline raw HTML it is. */
export function isInlineRawHtml(source: string): boolean {
	// An end tag of an element HTML defines could close markup the Markdown around it opened.
	const end = /^<\/([A-Za-z][A-Za-z0-9-]*)/.exec(source);
	return INLINE_HTML.test(source) && !(end && HTML_ELEMENTS.has(end[1].toLowerCase()));
}

/**
 * Whether Markdown reads `source`, written as a block, back as one HTML block that ends where it does:
 * CommonMark's blocks 1 to 5 run to their end marker (an unended `<![CDATA[` would take the rest of the
 * document), the others to a blank line.
 */
export function endsAsHtmlBlock(source: string): boolean {
	const ends: Array<[RegExp, RegExp]> = [
		[/^<(script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
		[/^<!--/, /-->/],
		[/^<\?/, /\?>/],
		[/^<!\[CDATA\[/, /\]\]>/],
		[/^<![A-Za-z]/, />/],
	];
	for (const [start, end] of ends) {
		if (start.test(source)) return end.test(source.slice(2));
	}
	return !/\n[ \t]*(?:\n|$)/.test(source);
}

/** Elements HTML defines: a raw tag of one of these (other than an anchor) is not written back as markup. */
const HTML_ELEMENTS = new Set(
	(
		'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col ' +
		'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form ' +
		'frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link ' +
		'main map mark math menu meta meter nav noembed noframes noscript object ol optgroup option output p param ' +
		'picture plaintext portal pre progress q rp rt ruby s samp script search section select slot small source ' +
		'span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr ' +
		'track tt u ul var video wbr xmp applet marquee blink center font image isindex keygen listing nobr ' +
		'spacer big'
	).split(' '),
);

/** Elements whose end tag only closes (never runs or shows anything) and may stand as written. */
const HARMLESS_END = new Set([
	'div',
	'ins',
	'del',
	'span',
	'p',
	'a',
	'section',
	'center',
	'b',
	'i',
	'em',
]);

/**
 * Whether `source` may be written into Markdown as raw HTML: nothing in it runs, loads or styles anything.
 * A page's storage could carry any marker comment, so this is checked when writing, not trusted.
 */
export function isInertRawHtml(source: string): boolean {
	for (const event of tokenizeHtml(source)) {
		if (event.kind === 'open') {
			const names = Object.keys(event.attributes);
			if (names.some((name) => /^on|^style$|^srcdoc$|^formaction$|^xmlns|^is$/i.test(name)))
				return false;
			if (event.name === 'a') {
				const href = event.attributes.href;
				if (href !== undefined && !isSafeHref(href)) return false;
				continue;
			}
			if (HTML_ELEMENTS.has(event.name) || !/^[a-z][a-z0-9-]*$/.test(event.name)) {
				// Custom elements and the grouping elements only; names HTML defines run or show something.
				if (!['div', 'section', 'center', 'ins', 'del', 'span', 'p'].includes(event.name))
					return false;
			}
			for (const name of names) {
				const value = event.attributes[name];
				if (/^(href|src|action|data|poster|background)$/i.test(name) && !isSafeHref(value))
					return false;
			}
		} else if (event.kind === 'close') {
			if (HTML_ELEMENTS.has(event.name) && !HARMLESS_END.has(event.name)) return false;
		}
	}
	return true;
}
