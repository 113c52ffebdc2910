import { randomBytes } from 'crypto';

export interface MultipartPart {
	name: string;
	value: string | Buffer;
	fileName?: string;
	contentType?: string;
}

function quoted(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"')
		.replace(/[\r\n]/g, ' ');
}

/** multipart/form-data without a runtime dependency; the body is a Buffer, so it can be sent again after a token refresh. */
export function buildMultipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nConfluence${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let header = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"`;
		if (part.fileName !== undefined) {
			// The name as UTF-8 in `filename`, as browsers send it (RFC 7578 §4.2). No RFC 5987 `filename*`: RFC 7578 forbids
			// it in form data, Confluence's Jersey ignored it (eclipse-ee4j/jersey#4598) and newer Jersey can hand it back
			// verbatim as `UTF-8''…` (eclipse-ee4j/jersey#4943).
			header += `; filename="${quoted(part.fileName)}"`;
		}
		header += `\r\nContent-Type: ${part.contentType ?? (part.fileName !== undefined ? 'application/octet-stream' : 'text/plain; charset=utf-8')}\r\n\r\n`;
		chunks.push(Buffer.from(header, 'utf8'));
		chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value);
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
