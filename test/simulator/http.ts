/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* Request/response model shared by the simulator's server and its route modules. */
import type { IncomingHttpHeaders } from 'node:http';

import type { UserRecord } from './store';

export type QueryValue = string | string[];
export type Query = Record<string, QueryValue>;

/** Which API family a path belongs to; decides the error envelope. */
export type ApiFamily = 'v2' | 'v1' | 'other';

export interface AuthInfo {
	/** The authenticated user; undefined only on routes marked `public`. */
	user?: UserRecord;
	via: 'basic' | 'bearer' | 'none';
	/** Scopes of the Bearer token when it was issued with an explicit list; undefined = unrestricted. */
	scopes?: string[];
	cloudId?: string;
}

export interface SimRequest {
	method: string;
	/** Site-relative path without the `/ex/confluence/{cloudId}` prefix and without the query string (still percent-encoded). */
	path: string;
	/** The path as received, including any gateway prefix. */
	rawPath: string;
	query: Query;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** Parsed JSON or form body; undefined when there is no body or it is not JSON/form (multipart: use rawBody). */
	body: unknown;
	/** Path parameters of the matched route, percent-decoded. */
	params: Record<string, string>;
	auth: AuthInfo;
	remoteAddress: string;
	api: ApiFamily;
	/** True when the request came through `/ex/confluence/{cloudId}`. */
	gateway: boolean;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string | string[]>;
	/** JSON-serialised unless `raw` is given. */
	body?: unknown;
	raw?: Buffer | string;
	contentType?: string;
}

export interface V2ErrorItem {
	status: number;
	code: string;
	title: string;
	detail: string | null;
}

const V1_EXCEPTIONS: Record<number, string> = {
	400: 'BadRequestException',
	401: 'AuthenticationException',
	403: 'PermissionException',
	404: 'NotFoundException',
	405: 'MethodNotAllowedException',
	409: 'ConflictException',
	410: 'GoneException',
	413: 'BadRequestException',
	500: 'ServiceException',
};

const V2_CODES: Record<number, string> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	405: 'METHOD_NOT_ALLOWED',
	409: 'CONFLICT',
	410: 'GONE',
	413: 'REQUEST_ENTITY_TOO_LARGE',
	429: 'TOO_MANY_REQUESTS',
	500: 'INTERNAL_SERVER_ERROR',
	502: 'BAD_GATEWAY',
	503: 'SERVICE_UNAVAILABLE',
};

/**
 * Thrown by route handlers; the server renders it in the envelope of the API family
 * (v2 `{errors:[...]}`, v1 `{statusCode,data,message}`).
 */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;
	readonly title: string;
	readonly detail: string | null;
	/** Full v1 `message`; default `com.atlassian.confluence.api.service.exceptions.<Exception>: <title>`. */
	readonly v1Message?: string;
	readonly headers?: Record<string, string>;
	/** Rendered verbatim instead of an envelope (e.g. OAuth and gateway bodies). */
	readonly rawBody?: unknown;

	constructor(
		status: number,
		title: string,
		options: {
			code?: string;
			detail?: string | null;
			v1Message?: string;
			headers?: Record<string, string>;
			rawBody?: unknown;
		} = {},
	) {
		super(title);
		this.status = status;
		this.title = title;
		this.code = options.code ?? V2_CODES[status] ?? 'ERROR';
		this.detail = options.detail === undefined ? null : options.detail;
		this.v1Message = options.v1Message;
		this.headers = options.headers;
		this.rawBody = options.rawBody;
	}

	v2Body(): { errors: V2ErrorItem[] } {
		return {
			errors: [{ status: this.status, code: this.code, title: this.title, detail: this.detail }],
		};
	}

	v1Body(): {
		statusCode: number;
		data: { authorized: boolean; valid: boolean; errors: unknown[]; successful: boolean };
		message: string;
	} {
		const exception = V1_EXCEPTIONS[this.status] ?? 'ServiceException';
		return {
			statusCode: this.status,
			data: {
				authorized: this.status !== 401 && this.status !== 403,
				valid: this.status !== 400 && this.status !== 404 && this.status !== 413,
				errors: [],
				successful: false,
			},
			message:
				this.v1Message ??
				`com.atlassian.confluence.api.service.exceptions.${exception}: ${this.title}`,
		};
	}
}

export const errors = {
	notFound: (title = 'Not Found', v1Message?: string) =>
		new ApiError(404, title, { code: 'NOT_FOUND', v1Message }),
	badRequest: (title: string, detail: string | null = null) =>
		new ApiError(400, title, { code: 'BAD_REQUEST', detail }),
	invalidParameter: (title: string, detail: string | null = null) =>
		new ApiError(400, title, { code: 'INVALID_REQUEST_PARAMETER', detail }),
	conflict: (title: string) => new ApiError(409, title, { code: 'CONFLICT' }),
	forbidden: (title = 'Forbidden') => new ApiError(403, title, { code: 'FORBIDDEN' }),
	unauthorized: (title = 'Unauthorized') => new ApiError(401, title, { code: 'UNAUTHORIZED' }),
	gone: () =>
		new ApiError(410, 'This deprecated endpoint has been removed.', {
			code: 'GONE',
			v1Message:
				'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.',
		}),
	tooLarge: () =>
		new ApiError(413, 'Request entity too large', { code: 'REQUEST_ENTITY_TOO_LARGE' }),
};

export function json(
	body: unknown,
	status = 200,
	headers?: Record<string, string | string[]>,
): SimResponse {
	return { status, body, headers };
}

export function noContent(): SimResponse {
	return { status: 204 };
}

export function redirect(location: string, status = 302): SimResponse {
	return { status, headers: { location } };
}

/** First value of a query parameter. */
export function queryString(query: Query, name: string): string | undefined {
	const value = query[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Queries whose array parameters are read in the repeated form only (`status=a&status=b`), where `a,b` is one value: the
 * default style of OpenAPI 3 (form, explode) that the v2 spec declares, under variant v2ArrayQuery `repeated`
 * (REALITY.md v2-array-query). Other queries also split comma lists (v1 declares `explode: false`).
 */
const repeatedOnlyQueries = new WeakSet<Query>();

export function readArraysRepeatedOnly(query: Query): void {
	repeatedOnlyQueries.add(query);
}

/** Array query parameter: repeated params, and comma-separated values unless the query reads the repeated form only. */
export function queryList(query: Query, name: string): string[] {
	const value = query[name];
	if (value === undefined) return [];
	const raw = Array.isArray(value) ? value : [value];
	const split = repeatedOnlyQueries.has(query) ? raw : raw.flatMap((v) => v.split(','));
	return split.map((v) => v.trim()).filter((v) => v !== '');
}

export function queryBoolean(query: Query, name: string, fallback = false): boolean {
	const value = queryString(query, name);
	if (value === undefined || value === '') return fallback;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw errors.invalidParameter(
		`Provided value for '${name}' is not the correct type. Expected type is boolean.`,
	);
}

export function queryInteger(
	query: Query,
	name: string,
	bounds: { min?: number; max?: number } = {},
): number | undefined {
	const value = queryString(query, name);
	if (value === undefined || value === '') return undefined;
	if (!/^-?\d+$/.test(value)) {
		throw errors.invalidParameter(
			`Provided value for '${name}' is not the correct type. Expected type is integer.`,
		);
	}
	const n = Number(value);
	if (
		(bounds.min !== undefined && n < bounds.min) ||
		(bounds.max !== undefined && n > bounds.max)
	) {
		throw errors.invalidParameter(
			`Provided value for '${name}' is out of range. Expected a value between ${bounds.min ?? '-inf'} and ${bounds.max ?? 'inf'}.`,
		);
	}
	return n;
}

/** Only the listed values are allowed (enum query parameters). */
export function queryEnum<T extends string>(
	query: Query,
	name: string,
	allowed: readonly T[],
): T | undefined {
	const value = queryString(query, name);
	if (value === undefined || value === '') return undefined;
	if (!(allowed as readonly string[]).includes(value)) {
		throw errors.invalidParameter(
			`Provided value for '${name}' is not valid. Expected one of: ${allowed.join(', ')}.`,
		);
	}
	return value as T;
}

export function queryEnumList<T extends string>(
	query: Query,
	name: string,
	allowed: readonly T[],
): T[] {
	const values = queryList(query, name);
	for (const value of values) {
		if (!(allowed as readonly string[]).includes(value)) {
			throw errors.invalidParameter(
				`Provided value for '${name}' is not valid. Expected one of: ${allowed.join(', ')}.`,
			);
		}
	}
	return values as T[];
}

/** The JSON body as an object, or a 400 in the API's envelope. */
export function bodyObject(req: SimRequest): Record<string, unknown> {
	if (
		req.body === undefined ||
		req.body === null ||
		typeof req.body !== 'object' ||
		Array.isArray(req.body)
	) {
		throw errors.badRequest('Request body is missing or is not a JSON object.');
	}
	return req.body as Record<string, unknown>;
}

/**
 * encodeURIComponent without its URIError: text with a lone surrogate (a title sent as "\ud800", valid JSON) gets
 * U+FFFD in its place, as the URL standard's UTF-8 percent-encoding does (REALITY.md: lone-surrogate-text).
 */
export function encodeUriText(text: string): string {
	return encodeURIComponent(
		text.replace(
			/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
			'\uFFFD',
		),
	);
}
