/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* The HTTP side: parse, fault injection, gateway prefix, authentication, scopes, routing, error envelopes,
 * recording and the contract hook. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { expiredApiTokenError, isExpiredApiToken } from './apiTokens';
import {
	asDataCenterResponse,
	authenticateDataCenter,
	dataCenterPath,
	renderDataCenterError,
	type DataCenterDeps,
} from './dataCenter/http';
import { noteBeyondSpec, validate, type Exchange } from './contractHook';
import type { FaultEngine } from './faults';
import {
	ApiError,
	errors,
	readArraysRepeatedOnly,
	type ApiFamily,
	type AuthInfo,
	type Query,
	type SimRequest,
	type SimResponse,
} from './http';
import type { SimSettings } from './context';
import type { OAuthState, SiteRecord } from './oauth';
import type { Router } from './router';
import { requiredScopes, scopesSatisfy } from './scopes';
import type { Store } from './store';

export const MAX_JSON_BODY_BYTES = 5 * 1024 * 1024;

export interface RecordedRequest {
	method: string;
	/** Site-relative path (gateway prefix removed), no query string. */
	path: string;
	/** Path as received. */
	rawPath: string;
	query: Query;
	/** Request headers as sent (lower-cased names). */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON/form body, the raw Buffer for other content types, undefined when empty. */
	body: unknown;
	/** Status answered; 0 when the connection was dropped without an answer. */
	status: number;
	gateway: boolean;
	cloudId?: string;
	/** Authenticated account (when authentication succeeded). */
	accountId?: string;
	/** Injected fault that shaped the answer, if any. */
	fault?: string;
	/** The route's path template (spec style, e.g. `/wiki/api/v2/pages/{id}`), when a route matched. */
	template?: string;
	at: Date;
	durationMs: number;
}

export interface ServerDeps {
	store: Store;
	oauth: OAuthState;
	faults: FaultEngine;
	router: Router;
	media: Router;
	sites: SiteRecord[];
	requests: RecordedRequest[];
	contractViolations: string[];
	/** Unexpected exceptions thrown by handlers (answered as 500). */
	serverErrors: Error[];
	contractEnabled: () => boolean;
	/** The variants served (reality.ts), changed live by sim.setVariants(). */
	settings: SimSettings;
	/** The Data Center flavour: its own routes first (then Cloud's v1 ones), under a context path, with its logins. */
	dataCenter?: DataCenterDeps & { router: Router; removed: ReadonlySet<string> };
}

function parseQuery(search: URLSearchParams): Query {
	const query: Query = {};
	for (const [name, value] of search) {
		const existing = query[name];
		if (existing === undefined) query[name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else query[name] = [existing, value];
	}
	return query;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function familyOf(path: string): ApiFamily {
	if (path === '/wiki/api/v2' || path.startsWith('/wiki/api/v2/')) return 'v2';
	if (path === '/wiki/rest/api' || path.startsWith('/wiki/rest/api/')) return 'v1';
	return 'other';
}

function contentTypeOf(req: IncomingMessage): string {
	return String(req.headers['content-type'] ?? '').toLowerCase();
}

function gatewayError(status: number, message: string): ApiError {
	return new ApiError(status, message, { rawBody: { code: status, message } });
}

/**
 * The answer to an expired bearer token at `status` (the gateway's 403/404 of n8n-io/n8n#37776), in the body style the
 * settings pick: the gateway's `{code, message}` or Confluence's own envelope (v1: "caller cannot access Confluence").
 */
function expiredTokenError(status: 401 | 403 | 404, settings: SimSettings): ApiError {
	if (status === 401 || settings.expiredTokenBody === 'gateway') {
		return gatewayError(
			status,
			status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found',
		);
	}
	return status === 403
		? new ApiError(403, 'Forbidden', {
				code: 'FORBIDDEN',
				v1Message: 'Current user not permitted to use Confluence',
			})
		: errors.notFound();
}

/** The status for an expired token on `api` under the settings' variant: 401, or v2 404 / v1 403. */
function expiredTokenStatus(api: ApiFamily, settings: SimSettings): 401 | 403 | 404 {
	if (settings.expiredTokenStatus === 'unauthorized') return 401;
	return api === 'v2' ? 404 : api === 'v1' ? 403 : 401;
}

function renderError(error: ApiError, api: ApiFamily): SimResponse {
	const headers = { ...(error.headers ?? {}) };
	if (error.rawBody !== undefined) return { status: error.status, body: error.rawBody, headers };
	if (api === 'v1') return { status: error.status, body: error.v1Body(), headers };
	return { status: error.status, body: error.v2Body(), headers };
}

function parseBody(raw: Buffer, contentType: string): unknown {
	if (raw.length === 0) return undefined;
	if (
		contentType.includes('json') ||
		(contentType === '' && /^\s*[[{"]/.test(raw.toString('utf8', 0, 16)))
	) {
		try {
			return JSON.parse(raw.toString('utf8')) as unknown;
		} catch {
			throw errors.badRequest('Request body is not valid JSON.');
		}
	}
	if (contentType.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	}
	if (contentType.startsWith('text/')) return raw.toString('utf8');
	return raw;
}

/**
 * Data Center's own routes first; then Cloud's v1 routes where Data Center answers alike (search, labels, users...), except
 * those Cloud removed (410 there), which the flavour does not serve.
 */
function matchDataCenter(
	dataCenter: NonNullable<ServerDeps['dataCenter']>,
	cloud: Router,
	method: string,
	path: string,
): ReturnType<Router['match']> {
	const own = dataCenter.router.match(method, path);
	const shared =
		path.startsWith('/wiki/rest/') || path.startsWith('/wiki/download/')
			? cloud.match(method, path)
			: undefined;
	const sharedRoute = shared && 'route' in shared ? shared : undefined;
	if (sharedRoute && dataCenter.removed.has(`${method} ${sharedRoute.route.template}`)) {
		return own && 'route' in own ? own : undefined;
	}
	// A literal path (`/content/search`) is more specific than a template that would read it as an ID (`/content/{id}`).
	if (own && 'route' in own) {
		const literal = sharedRoute && !sharedRoute.route.template.includes('{');
		return literal && own.route.template.includes('{') ? sharedRoute : own;
	}
	return shared ?? own;
}

export function createHandler(deps: ServerDeps, listener: 'site' | 'media') {
	const { store, oauth, faults } = deps;

	const authenticate = (req: IncomingMessage, gateway: boolean, api: ApiFamily): AuthInfo => {
		const header = String(req.headers.authorization ?? '');
		const unauthorized = () =>
			gateway
				? gatewayError(401, 'Unauthorized')
				: new ApiError(401, 'Unauthorized', {
						code: 'UNAUTHORIZED',
						v1Message: 'Current user not permitted to use Confluence',
					});
		if (gateway) {
			const basicOnGateway = /^Basic\s+(\S+)$/i.exec(header);
			if (basicOnGateway) return gatewayBasic(basicOnGateway[1], unauthorized);
			const match = /^Bearer\s+(\S+)$/i.exec(header);
			if (!match) throw unauthorized();
			const record = oauth.accessToken(match[1]);
			if (!record) {
				const known = oauth.accessTokens.get(match[1]);
				if (known && !known.revoked) {
					throw expiredTokenError(expiredTokenStatus(api, deps.settings), deps.settings);
				}
				throw unauthorized();
			}
			const user = store.getUser(record.accountId);
			if (!user || user.accountStatus !== 'active') throw unauthorized();
			return { user, via: 'bearer', scopes: record.scopes };
		}
		const match = /^Basic\s+(\S+)$/i.exec(header);
		if (!match) throw unauthorized();
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) throw unauthorized();
		const user = store.userByEmail(decoded.slice(0, colon));
		if (
			!user ||
			!user.apiToken ||
			user.apiToken !== decoded.slice(colon + 1) ||
			user.accountStatus !== 'active'
		) {
			throw unauthorized();
		}
		if (isExpiredApiToken(store, user, user.apiToken)) {
			throw expiredApiTokenError(deps.settings.expiredApiToken, api);
		}
		return { user, via: 'basic' };
	};

	/**
	 * Basic `email:token` through the gateway: a scoped API token works only there, a classic one only on the site URL
	 * (https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/,
	 * atlassian-api/atlassian-python-api#1546); whether the gateway also takes a classic token, sources do not say
	 * (`sim.settings.classicTokenOnGateway`).
	 */
	const gatewayBasic = (encoded: string, unauthorized: () => ApiError): AuthInfo => {
		const decoded = Buffer.from(encoded, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) throw unauthorized();
		const user = store.userByEmail(decoded.slice(0, colon));
		const token = decoded.slice(colon + 1);
		if (!user || user.accountStatus !== 'active') throw unauthorized();
		const scoped = oauth.scopedApiTokens.get(token);
		if (scoped && scoped.accountId === user.accountId) {
			return { user, via: 'basic', scopes: scoped.scopes };
		}
		if (deps.settings.classicTokenOnGateway === 'accepted' && user.apiToken === token) {
			return { user, via: 'basic' };
		}
		throw unauthorized();
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const started = performance.now();
		const at = store.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://simulator.invalid');
		const rawPath = url.pathname;
		const query = parseQuery(url.searchParams);
		let rawBody: Buffer;
		try {
			rawBody = await readBody(req);
		} catch {
			return;
		}
		const contentType = contentTypeOf(req);

		let path = rawPath;
		let gateway = false;
		let cloudId: string | undefined;
		if (listener === 'site') {
			const prefix = /^\/ex\/confluence\/([^/]+)(\/.*)?$/.exec(rawPath);
			if (prefix) {
				gateway = true;
				cloudId = decodeURIComponent(prefix[1]);
				path = prefix[2] ?? '/';
			}
		}
		const dataCenter = listener === 'site' ? deps.dataCenter : undefined;
		if (dataCenter) path = dataCenterPath(rawPath, dataCenter.contextPath) ?? '/outside-confluence';
		const api: ApiFamily = listener === 'media' ? 'other' : familyOf(path);
		if (api === 'v2' && deps.settings.v2ArrayQuery === 'repeated') readArraysRepeatedOnly(query);

		const record: RecordedRequest = {
			method,
			path: dataCenter ? rawPath : path,
			rawPath,
			query,
			headers: { ...req.headers },
			body: undefined,
			status: 0,
			gateway,
			cloudId,
			at,
			durationMs: 0,
		};
		try {
			record.body = rawBody.length === 0 ? undefined : parseBody(rawBody, contentType);
		} catch {
			record.body = rawBody;
		}
		deps.requests.push(record);

		const finish = (
			response: SimResponse,
			options: { validateContract: boolean; drop?: boolean },
		) => {
			record.status = options.drop ? 0 : response.status;
			record.durationMs = performance.now() - started;
			if (record.fault && api !== 'other' && deps.contractEnabled())
				noteBeyondSpec('injected fault');
			let payload: Buffer | undefined;
			const headers: Record<string, string | string[]> = {};
			for (const [name, value] of Object.entries(response.headers ?? {}))
				headers[name.toLowerCase()] = value;
			// The server's own clock, as every origin server with a clock sends it (REALITY.md: date-header-server-clock).
			headers.date ??= store.now().toUTCString();
			if (response.raw !== undefined) {
				payload = Buffer.isBuffer(response.raw) ? response.raw : Buffer.from(response.raw, 'utf8');
				headers['content-type'] ??= response.contentType ?? 'application/octet-stream';
			} else if (response.body !== undefined && response.status !== 204 && method !== 'HEAD') {
				payload = Buffer.from(JSON.stringify(response.body), 'utf8');
				headers['content-type'] ??= response.contentType ?? 'application/json;charset=UTF-8';
			}
			// Atlassian publishes no machine-readable Data Center spec here: its behaviour is in REALITY.md.
			if (options.validateContract && api !== 'other' && !dataCenter && deps.contractEnabled()) {
				const exchange: Exchange = {
					method,
					path,
					query,
					headers: { ...req.headers },
					requestBody:
						rawBody.length === 0 ? undefined : contentType.includes('json') ? record.body : rawBody,
					status: response.status,
					responseHeaders: headers,
					responseBody: response.raw === undefined ? response.body : undefined,
				};
				try {
					deps.contractViolations.push(...validate(exchange));
				} catch (error) {
					deps.contractViolations.push(`contract validator threw: ${(error as Error).message}`);
				}
			}
			if (options.drop) {
				req.socket.destroy();
				return;
			}
			if (payload) headers['content-length'] = String(payload.length);
			// RFC 9110 §6.6.1: the server's own clock, which clients may read as "now" on Confluence's side.
			headers['date'] ??= store.now().toUTCString();
			res.writeHead(response.status, headers);
			res.end(payload);
		};

		// Faults come first: the gateway rate-limits and fails before Confluence looks at the request.
		const plan = faults.plan(method, path, {
			headers: req.headers,
			body: rawBody.toString('utf8'),
		});
		if (plan.delayMs > 0) await sleep(plan.delayMs);
		for (const run of plan.beforeApply) await run();
		const decision = plan.decision;
		if (decision?.action === 'dropBefore') {
			record.fault = 'dropBeforeApply';
			finish({ status: 0 }, { validateContract: false, drop: true });
			return;
		}
		if (decision?.action === 'respond') {
			record.fault = decision.status === 429 ? 'rateLimit' : 'serverError';
			finish(
				{
					status: decision.status,
					headers: decision.headers,
					raw: decision.body,
					contentType: decision.contentType,
				},
				{ validateContract: false },
			);
			return;
		}

		let response: SimResponse;
		let validateContract = true;
		try {
			if (gateway) {
				const site = deps.sites.find((s) => s.id === cloudId);
				if (!site || !site.served) {
					// the gateway answers before Confluence sees the request: nothing to hold against the spec
					validateContract = false;
					throw gatewayError(404, 'Not Found');
				}
			}
			const match = dataCenter
				? matchDataCenter(dataCenter, deps.router, method, path)
				: (listener === 'media' ? deps.media : deps.router).match(method, path);
			if (!match) {
				throw api === 'v1'
					? errors.notFound('Not Found', `No resource found for ${method} ${path}`)
					: errors.notFound();
			}
			if ('methodNotAllowed' in match) {
				throw new ApiError(405, 'Method Not Allowed', {
					headers: { allow: match.allowed.join(', ') },
				});
			}
			const route = match.route;
			record.template = route.template;

			let auth: AuthInfo = { via: 'none', cloudId };
			if (decision?.action === 'expiredToken') {
				record.fault = 'expiredToken';
				validateContract = false;
				const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
				if (bearer) {
					const token = oauth.accessTokens.get(bearer[1]);
					if (token) token.expiresAt = Math.min(token.expiresAt, store.now().getTime() - 1);
				}
				if (gateway || bearer) {
					throw expiredTokenError(
						decision.status ?? expiredTokenStatus(api, deps.settings),
						deps.settings,
					);
				}
				throw new ApiError(401, 'Unauthorized', { code: 'UNAUTHORIZED' });
			}
			if (!route.options.public) {
				// An expired token's 403/404 is the gateway's, not the operation's: nothing to hold against the spec.
				validateContract = false;
				auth = dataCenter
					? authenticateDataCenter(req, store, dataCenter)
					: { ...authenticate(req, gateway, api), cloudId };
				validateContract = true;
				record.accountId = auth.user?.accountId;
				if (auth.scopes !== undefined) {
					const needed = requiredScopes(method, route.template);
					if (needed && !scopesSatisfy(auth.scopes, needed)) {
						throw gatewayError(401, 'Unauthorized; scope does not match');
					}
				}
			}

			if (!route.options.rawBody && rawBody.length > MAX_JSON_BODY_BYTES) throw errors.tooLarge();
			const simReq: SimRequest = {
				method,
				path,
				rawPath,
				query,
				headers: req.headers,
				rawBody,
				body:
					route.options.rawBody && !contentType.includes('json')
						? undefined
						: parseBody(rawBody, contentType),
				params: match.params,
				auth,
				remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
				api,
				gateway,
			};
			response = await route.handler(simReq);
		} catch (error) {
			if (error instanceof ApiError && dataCenter) {
				response = renderDataCenterError(error);
			} else if (error instanceof ApiError) {
				response = renderError(error, api);
			} else {
				deps.serverErrors.push(error instanceof Error ? error : new Error(String(error)));
				response = renderError(
					new ApiError(500, 'Internal Server Error', {
						code: 'INTERNAL_SERVER_ERROR',
						detail: error instanceof Error ? error.message : String(error),
					}),
					api,
				);
			}
		}
		if (dataCenter) {
			response = asDataCenterResponse(response, dataCenter.ctx.baseUrl, store, dataCenter);
		}
		if (plan.dropAfter) {
			record.fault = 'dropAfterApply';
			finish(response, { validateContract: false, drop: true });
			return;
		}
		finish(response, { validateContract });
	};

	// Whatever throws outside the route handlers (fault planning, recording, rendering) answers 500 and is kept in
	// serverErrors, instead of leaving the request without an answer.
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		try {
			await handle(req, res);
		} catch (error) {
			deps.serverErrors.push(error instanceof Error ? error : new Error(String(error)));
			if (res.headersSent) {
				res.destroy();
				return;
			}
			const body = JSON.stringify({ code: 500, message: 'Internal Server Error' });
			res.writeHead(500, {
				'content-type': 'application/json',
				'content-length': String(Buffer.byteLength(body)),
			});
			res.end(body);
		}
	};
}
