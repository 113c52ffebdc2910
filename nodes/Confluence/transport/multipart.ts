import { randomBytes } from 'crypto';

/**
 * A file whose bytes are written straight into the multipart body: its size is known up front, so the body is
 * allocated once and the file is never held twice (once as read, once more inside the body).
 */
export interface MultipartFile {
	size: number;
	/** Writes the file's bytes at `target[offset…]` and answers how many it wrote. */
	writeInto(target: Buffer, offset: number): Promise<number>;
}

export interface MultipartPart {
	name: string;
	value: string | Buffer | MultipartFile;
	fileName?: string;
	contentType?: string;
}

/** A MultipartFile gave another number of bytes than its size said. */
export class MultipartSizeMismatch extends Error {}

export interface MultipartBody {
	/** One Buffer, so that it can be sent again after a token refresh or a retry. */
	body: Buffer;
	contentType: string;
	/** Each part's value as a view into `body` (no copy), in the order of the parts. */
	values: Buffer[];
}

function quoted(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"')
		.replace(/[\r\n]/g, ' ');
}

function isFile(value: MultipartPart['value']): value is MultipartFile {
	return typeof value === 'object' && !Buffer.isBuffer(value);
}

function partHeader(boundary: string, part: MultipartPart): Buffer {
	let header = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"`;
	if (part.fileName !== undefined) {
		// The name as UTF-8 in `filename`, as browsers send it (RFC 7578 §4.2). No RFC 5987 `filename*`: RFC 7578 forbids
		// it in form data, Confluence's Jersey ignored it (eclipse-ee4j/jersey#4598) and newer Jersey can hand it back
		// verbatim as `UTF-8''…` (eclipse-ee4j/jersey#4943).
		header += `; filename="${quoted(part.fileName)}"`;
	}
	header += `\r\nContent-Type: ${part.contentType ?? (part.fileName !== undefined ? 'application/octet-stream' : 'text/plain; charset=utf-8')}\r\n\r\n`;
	return Buffer.from(header, 'utf8');
}

/**
 * multipart/form-data without a runtime dependency. The body is allocated once at its final size and every part is
 * written into it: a file part given as a MultipartFile goes in without a second copy of the file (issue 12: a 50 MB
 * upload peaked at twice the file when the body was concatenated from the file's Buffer).
 */
export async function buildMultipart(parts: MultipartPart[]): Promise<MultipartBody> {
	const boundary = `----n8nConfluence${randomBytes(12).toString('hex')}`;
	const CRLF = Buffer.from('\r\n', 'utf8');
	const framed = parts.map((part) => ({
		header: partHeader(boundary, part),
		value: typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value,
	}));
	const closing = Buffer.from(`--${boundary}--\r\n`, 'utf8');
	const size = (value: Buffer | MultipartFile) =>
		Buffer.isBuffer(value) ? value.length : value.size;
	const total =
		framed.reduce((sum, part) => sum + part.header.length + size(part.value) + CRLF.length, 0) +
		closing.length;
	const body = Buffer.allocUnsafe(total);
	let offset = 0;
	const values: Buffer[] = [];
	for (const part of framed) {
		offset += part.header.copy(body, offset);
		const start = offset;
		if (isFile(part.value)) {
			const written = await part.value.writeInto(body, offset);
			if (written !== part.value.size) {
				throw new MultipartSizeMismatch(
					`the file gave ${written} bytes where ${part.value.size} were announced`,
				);
			}
			offset += written;
		} else {
			offset += part.value.copy(body, offset);
		}
		values.push(body.subarray(start, offset));
		offset += CRLF.copy(body, offset);
	}
	offset += closing.copy(body, offset);
	return { body, contentType: `multipart/form-data; boundary=${boundary}`, values };
}
