import type { IDataObject } from 'n8n-workflow';

export interface HttpFailure {
	status?: number;
	headers: Record<string, string>;
	body: unknown;
	/** Network-level code such as ECONNRESET when no response arrived. */
	code?: string;
}

function parseBody(data: unknown): unknown {
	if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) {
		const text = Buffer.from(data as Buffer).toString('utf8');
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	if (typeof data === 'string') {
		try {
			return JSON.parse(data);
		} catch {
			return data;
		}
	}
	return data;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	const source =
		typeof (headers as { toJSON?: () => unknown }).toJSON === 'function'
			? ((headers as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
			: (headers as Record<string, unknown>);
	for (const [key, value] of Object.entries(source)) {
		if (value !== undefined && value !== null) result[key.toLowerCase()] = String(value);
	}
	return result;
}

/**
 * n8n wraps HTTP failures differently across versions (a NodeApiError whose cause is the axios error, or the axios
 * error itself); this digs out the status, headers and body without keeping the request config, which holds credentials.
 */
export function readFailure(error: unknown): HttpFailure {
	const candidates: unknown[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	for (const candidate of candidates) {
		const response = (
			candidate as { response?: { status?: number; headers?: unknown; data?: unknown } }
		).response;
		if (response && typeof response.status === 'number') {
			return {
				status: response.status,
				headers: lowerCaseHeaders(response.headers),
				body: parseBody(response.data),
			};
		}
	}
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code))
			return { headers: {}, body: undefined, code };
	}
	const message = String((error as Error)?.message ?? '');
	// n8n wraps what went wrong (an expression isolate that was released, a TLS or DNS failure) in an error of its own:
	// the innermost message says what it was.
	const messages = candidates
		.map((candidate) => (candidate as { message?: unknown } | undefined)?.message)
		.filter((text): text is string => typeof text === 'string' && text.trim() !== '');
	const innermost = messages[messages.length - 1];
	const told = innermost && innermost !== message ? `${message} (${innermost})` : message;
	const networkCode = /socket hang up|ECONNRESET/i.test(message)
		? 'ECONNRESET'
		: /ECONNREFUSED/.test(message)
			? 'ECONNREFUSED'
			: /timeout|ETIMEDOUT/i.test(message)
				? 'ETIMEDOUT'
				: undefined;
	const httpCode = Number((error as { httpCode?: unknown })?.httpCode);
	if (Number.isInteger(httpCode) && httpCode > 0) {
		return { status: httpCode, headers: {}, body: { message } };
	}
	return {
		headers: {},
		body: told ? { message: told } : undefined,
		code: networkCode ?? 'EUNKNOWN',
	};
}

/** For a failure without a known network code: what n8n's HTTP client said, so that it can be told apart. */
function unknownCause(failure: HttpFailure): string {
	if (failure.code !== 'EUNKNOWN') return '';
	const said = (failure.body as { message?: unknown } | undefined)?.message;
	return typeof said === 'string' && said ? ` n8n reported: "${said.slice(0, 300)}".` : '';
}

/** Confluence's own words: v2 `errors[].title/detail`, v1 and gateway `message`, OAuth `error_description`. */
export function confluenceMessage(body: unknown): { title?: string; detail?: string } {
	if (typeof body === 'string') return { title: body.trim().slice(0, 500) || undefined };
	if (!body || typeof body !== 'object') return {};
	const record = body as IDataObject;
	if (Array.isArray(record.errors) && record.errors.length) {
		const first = record.errors[0] as IDataObject;
		const title = typeof first.title === 'string' ? first.title : undefined;
		const detail = typeof first.detail === 'string' ? first.detail : undefined;
		if (title || detail) return { title, detail };
		const message = (first.message as IDataObject | undefined)?.translation;
		if (typeof message === 'string') return { title: message };
	}
	for (const key of ['message', 'error_description', 'errorMessage', 'error']) {
		if (typeof record[key] === 'string' && record[key]) {
			// v1 messages carry the Java exception class in front of the sentence.
			return { title: (record[key] as string).replace(/^[\w.]+Exception:\s*/, '') };
		}
	}
	return {};
}

const STATUS_HEADLINE: Record<number, string> = {
	400: 'Confluence rejected the request as invalid',
	401: 'Confluence did not accept the credentials',
	403: 'The Confluence account lacks permission for this',
	404: 'Confluence found nothing at this ID, or the account cannot see it',
	409: 'Confluence reports a conflict: the content changed meanwhile',
	410: 'This Confluence endpoint has been removed',
	413: 'The request is too large for Confluence',
	429: 'Confluence rate limit reached',
};

const STATUS_ADVICE: Record<number, string> = {
	400: "Check the parameters named in Confluence's message above.",
	401: 'The API token or email is wrong, or the token was revoked or expired. For OAuth2, reconnect the credential; if the message says the scope does not match, enable that scope on your Atlassian app and reconnect.',
	403: 'Ask a space or site admin for the permission this action needs, or use a credential of an account that has it.',
	404: 'Confluence answers "not found" both for IDs that do not exist and for content the account may not see. Check the ID (a space ID is not a page ID) and the account\'s permissions. If every request answers 404, the API token may be expired or revoked: create a new one and put it in the credential.',
	409: 'Someone edited it between reading and writing. Run it again, or choose the option to overwrite.',
	410: "Atlassian removed this v1 endpoint. Please report this to the node's maintainers.",
	413: "Confluence accepts page bodies up to 5 MB; attachments are limited by the site's maximum attachment size.",
	429: "Lower the node's concurrency, add a Wait node between batches, or run the workflow less often.",
};

/**
 * Confluence's answer to an API token that expired or was revoked: a 403 that names no permission but refuses the caller
 * as a whole (markdown-confluence/markdown-confluence#635, kovetskiy/mark#493), not a 401. Read as a credential
 * problem, not a missing permission (REALITY.md expired-api-token).
 */
const REFUSED_CALLER = /caller cannot access Confluence|not permitted to use Confluence/i;

const REFUSED_CALLER_ADVICE =
	'Create a new API token at https://id.atlassian.com/manage-profile/security/api-tokens and put it in the credential (API tokens expire, and can be revoked), and check that the account still has access to Confluence on this site.';

export function describeFailure(
	failure: HttpFailure,
	request: { method: string; path: string },
	attempts: number,
	/** What to do about a status, where the credential in use knows better (e.g. Data Center's logins). */
	credentialAdvice: Partial<Record<number, string>> = {},
): { message: string; description: string } {
	const where = `${request.method} ${request.path}`;
	if (failure.status === undefined) {
		return {
			message: `Could not reach Confluence (${failure.code ?? 'network error'})`,
			description: `${where} failed before Confluence answered${attempts > 1 ? `, after ${attempts} attempts` : ''}.${unknownCause(failure)} Check the site URL and the network between n8n and Confluence.`,
		};
	}
	const status = failure.status;
	const { title, detail } = confluenceMessage(failure.body);
	let headline =
		STATUS_HEADLINE[status] ??
		(status >= 500 ? 'Confluence is unavailable' : `Confluence answered ${status}`);
	if (status === 403 && /XSRF/i.test(title ?? ''))
		headline = 'Confluence refused the upload (XSRF check failed)';
	const refusedCaller = status === 403 && REFUSED_CALLER.test(title ?? '');
	if (refusedCaller) {
		headline = 'Confluence refused the credential: the API token may be expired or revoked';
	}
	const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
	const message = `${headline} (${status}${retried})${title ? `: ${title}` : ''}`;
	const advice = refusedCaller
		? REFUSED_CALLER_ADVICE
		: (credentialAdvice[status] ??
			STATUS_ADVICE[status] ??
			(status >= 500 ? "This is on Confluence's side; try again later." : ''));
	const description = [detail, `Request: ${where}.`, advice].filter(Boolean).join(' ');
	return { message, description };
}
