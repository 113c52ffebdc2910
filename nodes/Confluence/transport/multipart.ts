import { randomBytes } from 'crypto';

/**
 * A file that is read while it is sent, never held whole: its size is known up front (it goes out as Content-Length)
 * and every call to `chunks()` reads it again from the start, so the body can be sent again after a token refresh or a
 * retry.
 */
export interface MultipartFile {
	size: number;
	chunks(): AsyncIterable<Uint8Array>;
}

export interface MultipartPart {
	name: string;
	value: string | Buffer | MultipartFile;
	fileName?: string;
	contentType?: string;
}

/**
 * A MultipartFile gave another number of bytes than its size said. The send stopped before the body was complete, so
 * Confluence received no upload; `actual` is what the file really holds.
 */
export class MultipartSizeMismatch extends Error {
	constructor(
		readonly actual: number,
		readonly announced: number,
	) {
		super(`the file gave ${actual} bytes where ${announced} were announced`);
		this.name = 'MultipartSizeMismatch';
	}
}

/** The MultipartSizeMismatch behind a failed send, however the HTTP client wrapped it. */
export function sizeMismatchIn(error: unknown): MultipartSizeMismatch | undefined {
	let current = error as { cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		if (current instanceof MultipartSizeMismatch) return current;
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * A request body that n8n's HTTP client (axios) sends as it would a Blob: `size` becomes the Content-Length, `type` the
 * Content-Type, and the bytes are pulled from `stream()` as the socket takes them (axios's Node adapter reads any object
 * that reports itself as a Blob through `stream()`, from axios 1.x on; n8n 1.123 and 2.41 ship 1.18 and later). Nothing
 * else reads a body this way, and community nodes may not import Node's `stream`, so a Blob's shape is the way to hand
 * n8n a body that is never in memory as a whole (issue 12: a 50 MB upload held the file at least once).
 */
export class StreamedBody {
	readonly size: number;

	readonly type: string;

	private readonly read: () => AsyncIterable<Uint8Array>;

	constructor(size: number, type: string, read: () => AsyncIterable<Uint8Array>) {
		this.size = size;
		this.type = type;
		this.read = read;
	}

	get [Symbol.toStringTag](): string {
		return 'Blob';
	}

	stream(): AsyncIterable<Uint8Array> {
		return this.read();
	}

	/** The whole body, for tests and small bodies. */
	async bytes(): Promise<Buffer> {
		const chunks: Uint8Array[] = [];
		for await (const chunk of this.read()) chunks.push(chunk);
		return Buffer.concat(chunks);
	}
}

export function isStreamedBody(body: unknown): body is StreamedBody {
	return body instanceof StreamedBody;
}

export interface MultipartBody {
	body: StreamedBody;
	contentType: string;
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
 * A file's bytes exactly as announced: more or fewer would make the body disagree with its Content-Length, which a
 * server reads as a truncated or garbled upload, so the send fails instead.
 */
async function* exactly(file: MultipartFile): AsyncGenerator<Uint8Array> {
	let read = 0;
	for await (const chunk of file.chunks()) {
		read += chunk.length;
		// Past the announced size nothing more is sent, but the rest is counted so that a second send can be right.
		if (read <= file.size) yield chunk;
	}
	if (read !== file.size) throw new MultipartSizeMismatch(read, file.size);
}

/** multipart/form-data without a runtime dependency, streamed: a file part is read while the body is sent. */
export function buildMultipart(parts: MultipartPart[]): MultipartBody {
	const boundary = `----n8nConfluence${randomBytes(12).toString('hex')}`;
	const CRLF = Buffer.from('\r\n', 'utf8');
	const framed = parts.map((part) => ({
		header: partHeader(boundary, part),
		value: typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value,
	}));
	const closing = Buffer.from(`--${boundary}--\r\n`, 'utf8');
	const size =
		framed.reduce(
			(sum, part) =>
				sum +
				part.header.length +
				(isFile(part.value) ? part.value.size : part.value.length) +
				CRLF.length,
			0,
		) + closing.length;
	async function* read(): AsyncGenerator<Uint8Array> {
		for (const part of framed) {
			yield part.header;
			if (isFile(part.value)) yield* exactly(part.value);
			else yield part.value;
			yield CRLF;
		}
		yield closing;
	}
	const contentType = `multipart/form-data; boundary=${boundary}`;
	return { body: new StreamedBody(size, contentType, read), contentType };
}
