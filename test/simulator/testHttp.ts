/* HTTP helpers for the simulator's own tests (real requests with global fetch). */
import type { Simulator } from './index';

export function basic(email = 'demo@example.com', token = 'demo-token'): string {
	return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

// Tests inspect response bodies ad hoc; a loose default keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CallResult<T = any> {
	status: number;
	headers: Headers;
	body: T;
	text: string;
}

/** A request to the simulator's site root (Basic auth by default); JSON bodies are serialised. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(
	sim: Simulator,
	method: string,
	path: string,
	options: {
		body?: unknown;
		headers?: Record<string, string>;
		auth?: string | null;
		raw?: Buffer;
		redirect?: 'manual' | 'follow';
	} = {},
): Promise<CallResult<T>> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	if (options.auth !== null) headers.authorization = options.auth ?? basic();
	let body: Buffer | string | undefined;
	if (options.raw !== undefined) {
		body = options.raw;
	} else if (options.body !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.body);
	}
	const url = /^https?:/.test(path) ? path : `${sim.baseUrl}${path}`;
	const response = await fetch(url, {
		method,
		headers,
		body,
		redirect: options.redirect ?? 'manual',
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = text;
	}
	return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export interface FormPart {
	name: string;
	value: string | Buffer;
	filename?: string;
	contentType?: string;
}

/** multipart/form-data body with RFC 5987 filename* for file parts. */
export function multipart(parts: FormPart[]): { body: Buffer; contentType: string } {
	const boundary = `----simTest${Math.random().toString(16).slice(2)}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
		if (part.filename !== undefined) {
			head += `; filename="${part.filename.replace(/"/g, '\\"')}"; filename*=UTF-8''${encodeURIComponent(part.filename)}`;
		}
		head += '\r\n';
		if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`, 'utf8'));
		chunks.push(typeof part.value === 'string' ? Buffer.from(part.value, 'utf8') : part.value);
		chunks.push(Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
