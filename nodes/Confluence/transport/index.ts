import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	authOf,
	authTarget,
	credentialTypeOf,
	tokenRenewal,
	type ApiFamily,
	type ConfluenceContext,
	type ConfluenceResponse,
	type CredentialType,
} from './auth';
import { describeFailure, readFailure, type HttpFailure } from './errors';
import { describeRateLimit, maxRateLimitWaitMs } from './rateLimit';
import { redact, secretValuesOf } from './redact';
import { retryDelayMs, isRetryable, RETRY_POLICY } from './retry';

import { ApiPath } from './path';
import { sizeMismatchIn, StreamedBody } from './multipart';

export {
	buildMultipart,
	MultipartSizeMismatch,
	sizeMismatchIn,
	StreamedBody,
	type MultipartFile,
} from './multipart';
export { ApiPath, apiPath } from './path';
export { RETRY_POLICY, type RateLimit } from './retry';

export type { ConfluenceContext, CredentialType, ApiFamily, ConfluenceResponse } from './auth';
export { credentialTypeOf, isDataCenter, normalizeSiteUrl } from './auth';

export interface ConfluenceRequest {
	method: IHttpRequestMethods;
	/** Built with `apiPath`, which encodes every value as one segment. */
	path: ApiPath;
	api?: ApiFamily;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | Buffer | StreamedBody;
	headers?: Record<string, string>;
	/** Return the raw bytes (attachments). */
	binary?: boolean;
	/** Repeating the request cannot write twice; decides whether dropped connections and 5xx are retried. */
	idempotent?: boolean;
	itemIndex?: number;
}

/** A request as the sending layers see it: its path already built and encoded. */
interface SentRequest {
	method: IHttpRequestMethods;
	path: string;
	itemIndex?: number;
	idempotent?: boolean;
}

const V2_PAGE_MAX = 250;

/**
 * Empty pages in a row that a listing follows `_links.next` through before it gives up. Confluence filters search
 * results by permission after cutting the page, so a page can be short or empty while `next` is present
 * (REALITY.md search-pages-filtered-after-paging); the bound ends a listing whose `next` never stops.
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 20;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** The base URL of an API family for this execution's credential. */
async function apiBase(
	ctx: ConfluenceContext,
	api: ApiFamily,
	itemIndex?: number,
): Promise<string> {
	const target = await authTarget(ctx, itemIndex, send);
	const base = target.apiBase[api];
	if (base === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`This operation needs Confluence's ${api === 'v2' ? 'v2 REST API' : api === 'v1' ? 'v1 REST API' : 'site'}, which the credential's site does not offer`,
			{ itemIndex },
		);
	}
	return base;
}

async function send<T>(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
	options: IHttpRequestOptions,
	request: SentRequest,
): Promise<ConfluenceResponse<T>> {
	const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
	let waitedMs = 0;
	const renewal = tokenRenewal(ctx, credentialType, request, send);
	for (let attempt = 1; ; attempt++) {
		const authOptions = renewal?.options();
		try {
			return await fullResponse<T>(ctx, credentialType, options, authOptions);
		} catch (error) {
			// The body's file was not what it announced: the send stopped before the body was complete, so nothing reached
			// Confluence. The caller knows the file and can send it again with the right size.
			const mismatch = sizeMismatchIn(error);
			if (mismatch) throw mismatch;
			const refused = credentialFailure(error);
			if (refused) {
				throw credentialError(
					ctx,
					credentialType,
					error,
					refused,
					request,
					await credentialSecrets(ctx, credentialType),
				);
			}
			let failure = n8n1Failure(error) ?? readFailure(error);
			if (needsFullAnswer(error, idempotent) && canResend(options.body)) {
				// n8n 1.x kept no headers (a redirect's Location, a 429's Retry-After) or no body: ask once more for the answer
				// as it is. A 4xx means Confluence applied nothing and redirects are only asked again for reads, so this writes
				// nothing twice; it stays one attempt for the retry policy.
				try {
					const answer = await fullResponse<T>(
						ctx,
						credentialType,
						{ ...options, ignoreHttpStatusErrors: true },
						authOptions,
					);
					// The state changed in between (a rate limit slot came free): the request went through.
					if (answer.status < 400) return answer;
					failure = readFailure({
						response: { status: answer.status, headers: answer.headers, data: answer.body },
					});
				} catch (reaskError) {
					const reaskRefused = credentialFailure(reaskError);
					if (reaskRefused) {
						const secrets = await credentialSecrets(ctx, credentialType);
						throw credentialError(ctx, credentialType, reaskError, reaskRefused, request, secrets);
					}
					failure = n8n1Failure(reaskError) ?? readFailure(reaskError);
				}
			}
			if (failure.status && failure.status >= 300 && failure.status < 400) {
				return { status: failure.status, headers: failure.headers, body: failure.body as T };
			}
			// A retried DELETE that finds nothing means the first attempt did the work before the connection dropped.
			if (attempt > 1 && request.method === 'DELETE' && failure.status === 404) {
				return { status: 204, headers: {}, body: undefined as T };
			}
			if (renewal && (await renewal.retryAfter(failure))) continue;
			const maxWaitMs = maxRateLimitWaitMs(ctx);
			const delay = isRetryable(failure, idempotent)
				? retryDelayMs(failure, attempt, waitedMs, maxWaitMs)
				: undefined;
			if (delay === undefined) {
				const secrets = await credentialSecrets(ctx, credentialType);
				const apiError = toNodeApiError(ctx, failure, request, attempt, maxWaitMs, secrets);
				const sent = requestValues(request.path, options);
				apiError.context.requestValues = sent.all;
				apiError.context.requestPathValues = sent.path;
				apiError.context.requestFields = sent.fields;
				throw apiError;
			}
			waitedMs += delay;
			await sleep(delay);
		}
	}
}

async function fullResponse<T>(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
	options: IHttpRequestOptions,
	authOptions: IAdditionalCredentialOptions | undefined,
): Promise<ConfluenceResponse<T>> {
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		credentialType,
		{ ...options, returnFullResponse: true },
		authOptions,
	)) as { statusCode: number; headers: Record<string, string>; body: T };
	return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/**
 * The failure n8n 1.x reports: its httpRequestWithAuthentication throws a NodeApiError holding the status as `httpCode`
 * (a string) and a JSON body in `context.data`, but neither the response, its headers nor the cause. Under n8n 2.x the
 * error carries the response (itself or in its cause) and this answers undefined. (Checked by name: the error comes
 * from n8n's copy of n8n-workflow.)
 */
function n8n1Failure(error: unknown): HttpFailure | undefined {
	const thrown = error as
		| { name?: unknown; httpCode?: unknown; context?: { data?: unknown } }
		| undefined;
	if (thrown?.name !== 'NodeApiError' || !/^[1-5]\d\d$/.test(String(thrown.httpCode))) {
		return undefined;
	}
	if (hasResponse(error)) return undefined;
	const data = thrown.context?.data;
	if (data === undefined || data === null) return undefined;
	return readFailure({ response: { status: Number(thrown.httpCode), data } });
}

/**
 * An answer under n8n 1.x that lost what the caller needs: a redirect's Location (downloads follow it), the Retry-After
 * of a 429, or any body of another 4xx.
 */
function needsFullAnswer(error: unknown, idempotent: boolean): boolean {
	const thrown = error as { name?: unknown; httpCode?: unknown } | undefined;
	if (thrown?.name !== 'NodeApiError' || hasResponse(error)) return false;
	const status = String(thrown.httpCode);
	if (/^3\d\d$/.test(status)) return idempotent;
	if (!/^4\d\d$/.test(status)) return false;
	return Number(status) === 429 || !n8n1Failure(error);
}

function hasResponse(error: unknown): boolean {
	let current = error as { response?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (current.response) return true;
		current = current.cause as typeof current;
	}
	return false;
}

/** JSON values and Buffers (multipart bodies are built as one) can be sent again; a stream was consumed by the first send. */
function canResend(body: unknown): boolean {
	return typeof (body as { pipe?: unknown } | undefined)?.pipe !== 'function';
}

/**
 * n8n refuses a credential before any request reaches Confluence, e.g. when the OAuth2 refresh token was revoked or has
 * expired. Repeating cannot help and it is no network problem: the user has to reconnect the credential.
 * (Checked by name: in n8n the error comes from n8n's copy of n8n-workflow, not this package's.)
 */
function credentialFailure(error: unknown): { status?: number } | undefined {
	let current = error as
		| {
				name?: unknown;
				code?: unknown;
				httpCode?: unknown;
				response?: unknown;
				cause?: unknown;
				status?: unknown;
		  }
		| undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (current.response) return undefined;
		// n8n 1.x wraps client-oauth2's AuthError in a NodeApiError without the cause, its code moved to httpCode.
		if (
			current.name === 'NodeOperationError' ||
			current.code === 'EAUTH' ||
			current.httpCode === 'EAUTH'
		) {
			return {};
		}
		// The token endpoint answered an HTTP error without an OAuth error code (client-oauth2's ResponseError).
		const status = Number(current.status);
		if (current.code === 'ESTATUS' && status >= 400 && status < 500 && status !== 429) {
			return { status };
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * Every value of the credential in use that must not be shown. An error answer may echo them (a proxy repeating the
 * request's Authorization header, a token endpoint repeating the refresh token), so every error is built through
 * redact() with these.
 */
async function credentialSecrets(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
): Promise<string[]> {
	try {
		return secretValuesOf(await ctx.getCredentials(credentialType));
	} catch {
		return [];
	}
}

function credentialError(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
	error: unknown,
	failure: { status?: number },
	request: Pick<ConfluenceRequest, 'itemIndex'>,
	secrets: readonly string[],
): NodeOperationError {
	if (credentialType === 'confluenceServiceAccountOAuth2Api') {
		return new NodeOperationError(
			ctx.getNode(),
			"Atlassian refused the service account's client ID or secret",
			{
				itemIndex: request.itemIndex,
				description:
					"No access token could be had for the service account. Check the credential's Client ID and Client Secret against the service account's OAuth 2.0 credential (Atlassian Administration → Directory → Service accounts); a deleted or expired credential needs a new one.",
			},
		);
	}
	const source = error as { message?: unknown; description?: unknown };
	const message = failure.status
		? `Renewing the OAuth2 access token failed: the token endpoint answered ${failure.status}`
		: typeof source.message === 'string' && source.message
			? source.message
			: 'The credential was refused';
	return new NodeOperationError(ctx.getNode(), redact(message, secrets), {
		itemIndex: request.itemIndex,
		description: redact(
			!failure.status && typeof source.description === 'string' && source.description
				? source.description
				: "Confluence's authorization server refused to renew the access token (the grant was revoked or has expired, or the client ID or secret is wrong). Open the credential and reconnect it.",
			secrets,
		),
	});
}

/**
 * The IDs and other plain values a request carried: path segments, and query values and body fields under their names
 * (top level, and one level down: v1 copy and move name their target as {destination: {type, value}}). A failure is
 * traced back to the parameter that held a value only where Confluence's answer points at it: the path for a 404, a
 * named field or the value itself in the message of a 400.
 */
function requestValues(
	path: string,
	options: IHttpRequestOptions,
): { all: string[]; path: string[]; fields: Record<string, string[]> } {
	const split = (value: unknown): string[] => {
		if (Array.isArray(value)) return value.flatMap(split);
		if (typeof value !== 'string' && typeof value !== 'number') return [];
		return String(value)
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part && part.length <= 200);
	};
	const pathValues = path
		.split('?')[0]
		.split('/')
		.flatMap((segment) => {
			try {
				return split(decodeURIComponent(segment));
			} catch {
				return split(segment);
			}
		});
	const fields: Record<string, string[]> = {};
	const addFields = (object: unknown, depth: number, prefix: string) => {
		if (
			!object ||
			typeof object !== 'object' ||
			Buffer.isBuffer(object) ||
			object instanceof StreamedBody ||
			Array.isArray(object)
		) {
			return;
		}
		for (const [name, value] of Object.entries(object as IDataObject)) {
			const values = split(value);
			if (values.length) fields[`${prefix}${name}`] = values.slice(0, 20);
			if (depth > 0) addFields(value, depth - 1, `${prefix}${name}.`);
		}
	};
	addFields(options.qs, 0, '');
	addFields(options.body, 1, '');
	const all = [...new Set([...pathValues, ...Object.values(fields).flat()])].slice(0, 50);
	return { all, path: pathValues, fields };
}

export function toNodeApiError(
	ctx: ConfluenceContext,
	failure: HttpFailure,
	request: Pick<SentRequest, 'method' | 'path' | 'itemIndex'>,
	attempts = 1,
	maxWaitMs = RETRY_POLICY.maxTotalWaitMs,
	secrets: readonly string[] = [],
): NodeApiError {
	const rateLimited =
		failure.status === 429 ? describeRateLimit(failure, request, attempts, maxWaitMs) : undefined;
	const described = rateLimited ?? describeFailure(failure, request, attempts, authOf(ctx).advice);
	const message = redact(described.message, secrets);
	const description = redact(described.description, secrets);
	const error = new NodeApiError(
		ctx.getNode(),
		{ message, httpCode: failure.status ? String(failure.status) : null } as JsonObject,
		{
			message,
			description,
			httpCode: failure.status ? String(failure.status) : undefined,
			itemIndex: request.itemIndex,
		},
	);
	// The trigger reads it to end a rate-limited poll cleanly.
	if (rateLimited) error.context.rateLimit = { ...rateLimited.rateLimit };
	return error;
}

/**
 * URL parsers resolve `.` and `..` segments, percent-encoded ones too (WHATWG URL: `%2e` is a dot), and collapse nothing
 * for empty ones: a value that became such a segment would send the request to another endpoint, e.g. a DELETE meant
 * for one space to `/wiki/rest/api/`. Values are checked against their shape before they get here; this is the
 * backstop for every path.
 */
function checkPathSegments(ctx: ConfluenceContext, request: SentRequest): void {
	const segments = request.path.split(/[?#]/)[0].split('/').slice(1);
	const bad = segments.find(
		(segment) =>
			segment === '' || /^(?:\.|%2e){1,2}$/i.test(segment) || /%2f|%5c|\\/i.test(segment),
	);
	if (bad === undefined) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`A value of item ${request.itemIndex ?? 0} would change the request path: "${request.path.slice(0, 120)}"`,
		{
			itemIndex: request.itemIndex,
			description: `IDs and keys cannot be empty, ".", ".." or contain slashes (got the path segment "${bad}"). Check the IDs and keys this item gives.`,
		},
	);
}

/** One call to Confluence, with retries and Confluence-aware errors. */
export async function confluenceRequest<T = IDataObject>(
	this: ConfluenceContext,
	request: ConfluenceRequest,
): Promise<ConfluenceResponse<T>> {
	const sent: SentRequest = {
		method: request.method,
		path: String(request.path),
		itemIndex: request.itemIndex,
		idempotent: request.idempotent,
	};
	checkPathSegments(this, sent);
	const credentialType = credentialTypeOf(this);
	const base = await apiBase(this, request.api ?? 'v2', request.itemIndex);
	const isBytes = Buffer.isBuffer(request.body) || request.body instanceof StreamedBody;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${base}${sent.path}`,
		qs: request.qs,
		body: request.body as IHttpRequestOptions['body'],
		headers: { Accept: 'application/json', ...request.headers },
		json: !isBytes && !request.binary,
		arrayFormat: arrayFormatOf(request.api ?? 'v2', sent.path),
	};
	// A redirect-following client keeps every chunk it sent, to send them again after a redirect: a streamed upload would
	// end up held whole. Confluence answers uploads without redirects.
	if (request.body instanceof StreamedBody) options.disableFollowRedirect = true;
	if (request.binary) options.encoding = 'arraybuffer';
	await acceptCertificatesAsConfigured(this, options, request.itemIndex);
	return await send<T>(this, credentialType, options, sent);
}

/** A self-hosted site may serve a self-signed or internal-CA certificate; its credential says whether to accept it. */
async function acceptCertificatesAsConfigured(
	ctx: ConfluenceContext,
	options: IHttpRequestOptions,
	itemIndex: number | undefined,
): Promise<void> {
	if ((await authTarget(ctx, itemIndex, send)).skipSslCertificateValidation) {
		options.skipSslCertificateValidation = true;
	}
}

/**
 * How array query parameters are written. v2 declares no `style` on any array parameter, so OpenAPI's default applies:
 * the repeated form (`status=current&status=archived`), which a server that also splits comma lists reads the same way;
 * `current,archived` would be one (invalid) value to a server that does not (REALITY.md v2-array-query). v1 declares
 * `style: form, explode: false`: comma-separated. Pagination's `_links.next` comes back as a `site` path.
 */
function arrayFormatOf(api: ApiFamily, path: string): 'repeat' | 'comma' {
	if (api === 'site') return path.startsWith('/api/v2/') ? 'repeat' : 'comma';
	return api === 'v2' ? 'repeat' : 'comma';
}

/** Shorthand returning only the (JSON object) body. */
export async function confluenceApi(
	this: ConfluenceContext,
	request: ConfluenceRequest,
): Promise<IDataObject> {
	const response = await confluenceRequest.call<
		ConfluenceContext,
		[ConfluenceRequest],
		Promise<ConfluenceResponse<IDataObject>>
	>(this, request);
	return response.body ?? {};
}

export interface PageOptions {
	/** Stop after this many items; undefined fetches everything. */
	max?: number;
	/** Largest page the endpoint accepts. */
	pageSize?: number;
	/** Where the array sits in the response (default `results`). */
	resultsKey?: string;
	/** For v1 endpoints that omit `_links.next`: keep paging by `start` while pages come back full. */
	offsetFallback?: boolean;
	/**
	 * Sees each page's whole answer, e.g. the envelope's `_links.base` where entries carry no `_links` (search), and its
	 * headers (the trigger reads Confluence's clock from `date`).
	 */
	onPage?: (body: IDataObject, headers: Record<string, string>) => void;
}

function nextPath(next: string): string {
	let path = next;
	if (/^https?:\/\//i.test(path)) {
		const url = new URL(path);
		path = `${url.pathname}${url.search}`;
	}
	// v2 links are site-relative (/wiki/api/v2/…); v1 links are relative to /wiki (/rest/api/…).
	return path.startsWith('/wiki/') ? path.slice('/wiki'.length) : path;
}

function queryOf(path: string): { pathname: string; qs: IDataObject } {
	const url = new URL(path, 'http://placeholder');
	const qs: IDataObject = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		// Repeated parameters stay repeated: joining them with commas would change their meaning on v2.
		qs[key] = values.length > 1 ? values : values[0];
	}
	return { pathname: url.pathname, qs };
}

/**
 * Every page of a list: v2 cursors, v1 start/limit and the v1 search cursor all advertise the next page in `_links.next`,
 * which is followed (re-based onto the credential's root, so it works through the OAuth gateway) until it disappears or repeats.
 */
export async function* confluencePages(
	this: ConfluenceContext,
	request: ConfluenceRequest,
	options: PageOptions = {},
): AsyncGenerator<IDataObject[]> {
	const pageSize = options.pageSize ?? V2_PAGE_MAX;
	const resultsKey = options.resultsKey ?? 'results';
	const max = options.max ?? Infinity;
	let fetched = 0;
	let current: ConfluenceRequest = { ...request, qs: { ...request.qs } };
	const seen = new Set<string>();
	let emptyInARow = 0;
	while (fetched < max) {
		current.qs = { ...current.qs, limit: Math.min(pageSize, max - fetched) };
		const response = await confluenceRequest.call<
			ConfluenceContext,
			[ConfluenceRequest],
			Promise<ConfluenceResponse<IDataObject>>
		>(this, current);
		const body = response.body ?? {};
		options.onPage?.(body, response.headers);
		const results = (body?.[resultsKey] as IDataObject[] | undefined) ?? [];
		const page = results.slice(0, max - fetched);
		const base = ((body?._links ?? {}) as IDataObject).base;
		if (typeof base === 'string') {
			// List entries carry relative links only; the site base sits on the envelope.
			for (const item of page) {
				if (item && typeof item === 'object' && item._links && typeof item._links === 'object') {
					item._links = { ...(item._links as IDataObject), base };
				}
			}
		}
		fetched += page.length;
		if (page.length) yield page;
		const links = (body?._links ?? {}) as IDataObject;
		const next = typeof links.next === 'string' ? links.next : undefined;
		emptyInARow = results.length ? 0 : emptyInARow + 1;
		if (next && emptyInARow < MAX_EMPTY_PAGES_IN_A_ROW) {
			if (seen.has(next)) return;
			seen.add(next);
			const { pathname, qs } = queryOf(nextPath(next));
			current = { ...current, api: 'site', path: ApiPath.fromServer(pathname), qs };
			continue;
		}
		const requestedLimit = Number(current.qs.limit);
		if (options.offsetFallback && results.length >= requestedLimit && results.length > 0) {
			const start = Number(current.qs.start ?? 0) + results.length;
			current = { ...current, qs: { ...current.qs, start } };
			continue;
		}
		return;
	}
}

export async function confluenceRequestAllItems(
	this: ConfluenceContext,
	request: ConfluenceRequest,
	options: PageOptions = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for await (const page of confluencePages.call(this, request, options)) {
		for (const item of page) items.push(item);
	}
	return items;
}

/** A download's bytes as n8n's binary store takes them: whole, or as the response stream itself. */
export type DownloadedBytes = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** A streamed response body, or undefined for a Buffer. */
function asStream(body: unknown): { destroy(): void } | undefined {
	const candidate = body as { pipe?: unknown; destroy?: unknown } | undefined;
	return typeof candidate?.pipe === 'function' && typeof candidate.destroy === 'function'
		? (candidate as { destroy(): void })
		: undefined;
}

/**
 * Fetches bytes, following a redirect by hand: Confluence sends attachment downloads to a media host whose URL carries
 * its own signed token, and our Authorization header must never travel to another origin. The media host's answer is
 * handed on as a stream, which n8n's binary store writes as it arrives: the file is never held whole (issue 12). An
 * answer from the site itself is read whole (a redirect is a few bytes; errors need their body).
 */
export async function confluenceDownload(
	this: IExecuteFunctions,
	downloadPath: ApiPath,
	itemIndex: number,
	api: ApiFamily = 'site',
): Promise<{ data: DownloadedBytes; contentType?: string }> {
	const credentialType = credentialTypeOf(this);
	const { origin } = await authTarget(this, itemIndex, send);
	const path = String(downloadPath);
	let url = `${await apiBase(this, api, itemIndex)}${path}`;
	for (let hop = 0; hop < 5; hop++) {
		const sameOrigin = new URL(url).origin === origin;
		const options: IHttpRequestOptions = {
			method: 'GET',
			url,
			encoding: sameOrigin ? 'arraybuffer' : 'stream',
			json: false,
			disableFollowRedirect: true,
			returnFullResponse: true,
		};
		if (sameOrigin) await acceptCertificatesAsConfigured(this, options, itemIndex);
		const response = sameOrigin
			? await send<Buffer>(this, credentialType, options, { method: 'GET', path, itemIndex })
			: await fetchWithoutCredentials(this, options, path, itemIndex);
		if (isRedirect(response.status) && response.headers.location) {
			asStream(response.body)?.destroy();
			url = new URL(response.headers.location, url).toString();
			continue;
		}
		const body: unknown = response.body;
		return {
			// A Buffer or a stream goes on as it is: Buffer.from() would copy the whole file once more.
			data:
				Buffer.isBuffer(body) || asStream(body)
					? (body as DownloadedBytes)
					: Buffer.from(body as ArrayBuffer),
			contentType: response.headers['content-type'],
		};
	}
	throw new NodeOperationError(this.getNode(), `Too many redirects while downloading ${path}`, {
		itemIndex,
	});
}

/** The body of a failed streamed request, read (it is small) so that its error can be told. */
async function withBodyRead(error: unknown): Promise<unknown> {
	const response = (error as { response?: { data?: unknown } } | undefined)?.response;
	const stream = asStream(response?.data);
	if (!response || !stream) return error;
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of response.data as AsyncIterable<Buffer>) {
			size += chunk.length;
			if (size > 64 * 1024) break;
			chunks.push(Buffer.from(chunk));
		}
	} catch {
		// What could be read is enough to describe the failure.
	}
	stream.destroy();
	response.data = Buffer.concat(chunks).toString('utf8');
	return error;
}

function isRedirect(status: number): boolean {
	return status >= 300 && status < 400;
}

async function fetchWithoutCredentials(
	ctx: IExecuteFunctions,
	options: IHttpRequestOptions,
	path: string,
	itemIndex: number,
): Promise<ConfluenceResponse<Buffer>> {
	for (let attempt = 1; ; attempt++) {
		try {
			const response = (await ctx.helpers.httpRequest(options)) as {
				statusCode: number;
				headers: Record<string, string>;
				body: Buffer;
			};
			return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			const failure = readFailure(await withBodyRead(error));
			const delay = isRetryable(failure, true) ? retryDelayMs(failure, attempt, 0) : undefined;
			if (delay === undefined) {
				const secrets = await credentialSecrets(ctx, credentialTypeOf(ctx));
				throw toNodeApiError(
					ctx,
					failure,
					{ method: 'GET', path, itemIndex },
					attempt,
					undefined,
					secrets,
				);
			}
			await sleep(delay);
		}
	}
}

export { RETRY_POLICY as retryPolicy };
