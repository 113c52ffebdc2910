import type { ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { redact } from '../redact';

/** One answer of a credential test's request: its status and body, or why there was none. */
export interface Probe {
	status?: number;
	body?: unknown;
	/** Network failure: no answer. */
	error?: string;
}

/**
 * A GET a credential test sends through n8n's request helper, never throwing: an HTTP error is an answer like any
 * other, a network failure is its message. `request` adds the credential's authentication and TLS options.
 */
export async function probe(
	ctx: ICredentialTestFunctions,
	url: string,
	request: Record<string, unknown> = {},
): Promise<Probe> {
	try {
		const response = (await ctx.helpers.request({
			method: 'GET',
			uri: url,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			...request,
		})) as { statusCode: number; body: unknown };
		return { status: response.statusCode, body: response.body };
	} catch (error) {
		const failure = error as {
			statusCode?: number;
			response?: { body?: unknown };
			message?: string;
		};
		if (typeof failure.statusCode === 'number') {
			return { status: failure.statusCode, body: failure.response?.body };
		}
		return { error: String(failure.message ?? error) };
	}
}

/** A failed test whose message shows no credential value (`secrets`, as transport/redact.ts takes them). */
export function failed(
	message: string,
	secrets: readonly string[] = [],
): INodeCredentialTestResult {
	return { status: 'Error', message: redact(message, secrets) };
}

/** A URL as it may be shown: without the `user:password@` a Base URL may carry. */
export function withoutUserinfo(url: string): string {
	return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/** The `user:password@` part of a URL, decoded, in the forms it can appear in text (for redact). */
export function userinfoSecrets(url: string): string[] {
	const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url)?.[1];
	if (!userinfo) return [];
	const decode = (text: string) => {
		try {
			return decodeURIComponent(text);
		} catch {
			return text;
		}
	};
	const [user, ...rest] = userinfo.split(':');
	const password = rest.join(':');
	const secrets = [userinfo, decode(userinfo)];
	if (password) secrets.push(password, decode(password));
	if (user && password) secrets.push(`${decode(user)}:${decode(password)}`);
	return [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
		(a, b) => b.length - a.length,
	);
}
