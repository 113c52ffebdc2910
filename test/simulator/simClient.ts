/* Typed HTTP helper for the simulator's core tests: real requests with global fetch. */
import type { Simulator } from './index';

export type Json = Record<string, unknown> & { results?: Array<Record<string, unknown>> };

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body (an empty object when the body is empty or not JSON). */
	json: Json;
	/** Parsed JSON when the body is a JSON array. */
	list: unknown[];
}

export function basicAuth(email = 'demo@example.com', token = 'demo-token'): string {
	return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

export interface RequestOptions {
	body?: unknown;
	/** Authorization header; null sends none. Default: Basic demo user. */
	auth?: string | null;
	headers?: Record<string, string>;
	redirect?: 'manual' | 'follow';
}

export async function request(
	sim: Simulator,
	method: string,
	path: string,
	options: RequestOptions = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	if (options.auth !== null) headers.authorization = options.auth ?? basicAuth();
	let body: string | undefined;
	if (options.body !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	}
	const url = /^https?:/.test(path) ? path : `${sim.baseUrl}${path}`;
	const response = await fetch(url, {
		method,
		headers,
		body,
		redirect: options.redirect ?? 'manual',
	});
	const text = await response.text();
	let parsed: unknown;
	try {
		parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
	} catch {
		parsed = undefined;
	}
	return {
		status: response.status,
		headers: response.headers,
		text,
		json: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : {},
		list: Array.isArray(parsed) ? parsed : [],
	};
}

export const get = (sim: Simulator, path: string, options?: RequestOptions) =>
	request(sim, 'GET', path, options);
export const post = (sim: Simulator, path: string, body: unknown, options?: RequestOptions) =>
	request(sim, 'POST', path, { ...options, body });
export const put = (sim: Simulator, path: string, body: unknown, options?: RequestOptions) =>
	request(sim, 'PUT', path, { ...options, body });
export const del = (sim: Simulator, path: string, options?: RequestOptions) =>
	request(sim, 'DELETE', path, options);

/** Follows `_links.next` (site-relative) until the end; returns every result and the pages seen. */
export async function collectAll(
	sim: Simulator,
	firstPath: string,
	options?: RequestOptions,
): Promise<{ results: Array<Record<string, unknown>>; pages: Reply[] }> {
	const results: Array<Record<string, unknown>> = [];
	const pages: Reply[] = [];
	let path: string | undefined = firstPath;
	while (path) {
		const reply = await get(sim, path, options);
		if (reply.status !== 200) throw new Error(`${path} -> ${reply.status} ${reply.text}`);
		pages.push(reply);
		results.push(...(reply.json.results ?? []));
		path = (reply.json._links as { next?: string } | undefined)?.next;
	}
	return { results, pages };
}
