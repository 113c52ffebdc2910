/* multipart/form-data parser (RFC 7578 over RFC 2046 framing) for the simulator's attachment upload routes.
 * Part contents are views into the request buffer (no copies), so a 100 MB upload costs the request buffer and
 * nothing more. */

export class MultipartError extends Error {}

export interface MultipartPart {
	/** The `name` parameter of Content-Disposition. */
	name: string;
	/** Decoded file name: `filename*` (RFC 8187) when present, else `filename`; undefined for plain fields. */
	filename?: string;
	/** The part's Content-Type header as sent; undefined when absent (RFC 7578 §4.4: text/plain is implied). */
	contentType?: string;
	/** Part headers, names lower-cased. */
	headers: Record<string, string>;
	/** The part's bytes exactly as sent (a view into the request body). */
	data: Buffer;
}

export interface MultipartForm {
	parts: MultipartPart[];
	/** All parts with the given field name, in order (fields such as `file` may repeat). */
	all(name: string): MultipartPart[];
	/** The first part with the given name. */
	get(name: string): MultipartPart | undefined;
	/** A text field decoded with its charset (part charset, else the form's `_charset_` field, else UTF-8). */
	text(name: string): string | undefined;
	/** Decodes any part as text with the same charset rules as text(). */
	decode(part: MultipartPart): string;
}

const CRLF = Buffer.from('\r\n', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

/** Extracts the boundary from a `multipart/form-data; boundary=...` Content-Type; throws MultipartError otherwise. */
export function boundaryOf(contentType: string | undefined): string {
	if (!contentType) throw new MultipartError('Missing Content-Type; expected multipart/form-data.');
	const [mediaType, ...rest] = splitUnquoted(contentType, ';');
	if (mediaType.trim().toLowerCase() !== 'multipart/form-data') {
		throw new MultipartError(`Expected multipart/form-data, got ${mediaType.trim()}.`);
	}
	const params = parseParameters(rest);
	const boundary = params.boundary;
	// RFC 2046 §5.1.1: 1 to 70 characters.
	if (boundary === undefined || boundary.length === 0 || boundary.length > 70) {
		throw new MultipartError('multipart/form-data without a valid boundary parameter.');
	}
	return boundary;
}

export function isMultipart(contentType: string | undefined): boolean {
	return (contentType ?? '').trim().toLowerCase().startsWith('multipart/form-data');
}

/** Parses a multipart/form-data body. Throws MultipartError on malformed framing or headers. */
/**
 * How the server reads `filename*` (RFC 8187) next to `filename` (REALITY.md multipart-filename-star): RFC 7578 §4.2
 * forbids `filename*` in multipart/form-data and Confluence's Jersey long ignored it (eclipse-ee4j/jersey#4598); newer
 * Jersey decodes it, but hands back the raw `utf-8''…` text when the language part is missing (eclipse-ee4j/jersey#4943).
 */
export type FilenameStarReading = 'ignored' | 'decoded' | 'verbatim';

export function parseMultipart(
	body: Buffer,
	contentType: string | undefined,
	filenameStar: FilenameStarReading = 'decoded',
): MultipartForm {
	const boundary = boundaryOf(contentType);
	const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
	const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');

	// The first boundary may open the body or follow a preamble that ends in CRLF (RFC 2046 §5.1.1).
	let position: number;
	if (body.subarray(0, dashBoundary.length).equals(dashBoundary)) {
		position = dashBoundary.length;
	} else {
		const found = body.indexOf(delimiter);
		if (found < 0) throw new MultipartError('Multipart body does not contain the boundary.');
		position = found + delimiter.length;
	}

	const parts: MultipartPart[] = [];
	for (;;) {
		if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // close delimiter "--"
		position = skipTransportPadding(body, position);
		if (!startsWithAt(body, CRLF, position)) {
			throw new MultipartError('Malformed multipart body: boundary line not followed by CRLF.');
		}
		position += CRLF.length;

		let headerBlock: string;
		let contentStart: number;
		if (startsWithAt(body, CRLF, position)) {
			headerBlock = '';
			contentStart = position + CRLF.length;
		} else {
			const headerEnd = body.indexOf(HEADER_END, position);
			if (headerEnd < 0)
				throw new MultipartError('Malformed multipart body: unterminated part headers.');
			headerBlock = body.toString('utf8', position, headerEnd);
			contentStart = headerEnd + HEADER_END.length;
		}

		const contentEnd = body.indexOf(delimiter, contentStart);
		if (contentEnd < 0)
			throw new MultipartError('Malformed multipart body: missing closing boundary.');
		parts.push(buildPart(headerBlock, body.subarray(contentStart, contentEnd), filenameStar));
		position = contentEnd + delimiter.length;
		if (position > body.length) throw new MultipartError('Malformed multipart body: truncated.');
	}
	return createForm(parts);
}

function createForm(parts: MultipartPart[]): MultipartForm {
	// RFC 7578 §4.6: a `_charset_` field names the default charset of text fields that carry none.
	const charsetField = parts.find(
		(part) => part.name === '_charset_' && part.filename === undefined,
	);
	const defaultCharset = charsetField ? charsetField.data.toString('latin1').trim() : 'utf-8';
	const decode = (part: MultipartPart): string => {
		const declared = part.contentType
			? parseParameters(splitUnquoted(part.contentType, ';').slice(1)).charset
			: undefined;
		return decodeText(part.data, declared ?? defaultCharset);
	};
	return {
		parts,
		all: (name) => parts.filter((part) => part.name === name),
		get: (name) => parts.find((part) => part.name === name),
		text(name) {
			const part = parts.find((p) => p.name === name);
			return part ? decode(part) : undefined;
		},
		decode,
	};
}

function decodeText(data: Buffer, charset: string): string {
	try {
		return new TextDecoder(charset).decode(data);
	} catch {
		// A simulator parse failure (the route turns it into a 400), not an n8n node error.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new MultipartError(`Unsupported charset: ${charset}`);
	}
}

function buildPart(
	headerBlock: string,
	data: Buffer,
	filenameStar: FilenameStarReading,
): MultipartPart {
	const headers: Record<string, string> = {};
	for (const line of headerBlock.split('\r\n')) {
		if (line === '') continue;
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`Malformed part header: ${line}`);
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const disposition = headers['content-disposition'];
	if (disposition === undefined) {
		throw new MultipartError('Part without Content-Disposition (RFC 7578 §4.2 requires it).');
	}
	const [type, ...rest] = splitUnquoted(disposition, ';');
	if (type.trim().toLowerCase() !== 'form-data') {
		throw new MultipartError(`Part Content-Disposition must be form-data, got ${type.trim()}.`);
	}
	const params = parseParameters(rest);
	if (params.name === undefined)
		throw new MultipartError('Part Content-Disposition without a name.');

	let filename: string | undefined = params.filename;
	const extended = params['filename*'];
	if (extended !== undefined && filenameStar !== 'ignored') {
		filename = filenameStar === 'decoded' ? decodeExtendedValue(extended) : extended;
	}

	return { name: params.name, filename, contentType: headers['content-type'], headers, data };
}

/** RFC 8187 ext-value: charset'language'percent-encoded-octets. */
function decodeExtendedValue(value: string): string {
	const match = /^([^']*)'[^']*'(.*)$/.exec(value);
	if (!match) throw new MultipartError(`Malformed extended parameter value: ${value}`);
	const charset = match[1] === '' ? 'utf-8' : match[1];
	const bytes: number[] = [];
	const encoded = match[2];
	for (let i = 0; i < encoded.length; i++) {
		const char = encoded[i];
		if (char === '%') {
			const hex = encoded.slice(i + 1, i + 3);
			if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
				throw new MultipartError(`Malformed percent-encoding in extended parameter: ${value}`);
			}
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(char, 'utf8'));
		}
	}
	return decodeText(Buffer.from(bytes), charset);
}

/** Splits on a separator outside double-quoted strings (quoted-pair aware). */
function splitUnquoted(value: string, separator: string): string[] {
	const pieces: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < value.length; i++) {
		const char = value[i];
		if (quoted && char === '\\' && i + 1 < value.length) {
			current += char + value[i + 1];
			i++;
			continue;
		}
		if (char === '"') quoted = !quoted;
		if (char === separator && !quoted) {
			pieces.push(current);
			current = '';
			continue;
		}
		current += char;
	}
	if (quoted) throw new MultipartError(`Unterminated quoted string in header: ${value}`);
	pieces.push(current);
	return pieces;
}

/** `key=value` / `key="quoted value"` parameters; names lower-cased. */
function parseParameters(pieces: string[]): Record<string, string> {
	const params: Record<string, string> = {};
	for (const piece of pieces) {
		const trimmed = piece.trim();
		if (trimmed === '') continue;
		const equals = trimmed.indexOf('=');
		if (equals <= 0) throw new MultipartError(`Malformed header parameter: ${trimmed}`);
		const key = trimmed.slice(0, equals).trim().toLowerCase();
		let value = trimmed.slice(equals + 1).trim();
		if (value.startsWith('"')) {
			if (!value.endsWith('"') || value.length < 2) {
				throw new MultipartError(`Malformed quoted parameter: ${trimmed}`);
			}
			value = value.slice(1, -1).replace(/\\(.)/g, '$1');
		}
		params[key] = value;
	}
	return params;
}

function skipTransportPadding(body: Buffer, position: number): number {
	let i = position;
	while (body[i] === 0x20 || body[i] === 0x09) i++;
	return i;
}

function startsWithAt(body: Buffer, needle: Buffer, position: number): boolean {
	if (position + needle.length > body.length) return false;
	for (let i = 0; i < needle.length; i++) {
		if (body[position + i] !== needle[i]) return false;
	}
	return true;
}
