/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* How the Data Center flavour answers at the HTTP level: paths under the context path, its logins, its error bodies, and
 * its links (the context path where Cloud has /wiki; usernames where Cloud has account IDs). */
import type { IncomingMessage } from 'node:http';

import { ApiError, type AuthInfo, type SimResponse } from '../http';
import type { Store } from '../store';
import { presentDataCenterUser } from './routes';
import type { DataCenterLogins } from './state';
import type { SimContext } from '../context';

export interface DataCenterDeps {
	contextPath: string;
	logins: DataCenterLogins;
	/** Where anonymous access is on, a token Confluence does not know is served as the anonymous user (CONFSERVER-98199). */
	settings: { anonymousAccess: boolean };
	ctx: SimContext;
}

/** A login Tomcat refuses before Confluence answers: an HTML page, not JSON (markdown-confluence/markdown-confluence#621). */
export class HtmlError extends ApiError {
	constructor(
		status: number,
		readonly html: string,
	) {
		super(status, 'Unauthorized');
	}
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Request Entity Too Large',
	500: 'Internal Server Error',
};

/**
 * The internal path of a request to the flavour: `{context}/rest/...` and `{context}/download/...` become
 * `/wiki/rest/...` and `/wiki/download/...` (so the v1 routes and presenters serve them); anything else is outside
 * Confluence and undefined.
 */
export function dataCenterPath(rawPath: string, contextPath: string): string | undefined {
	if (!rawPath.startsWith(`${contextPath}/`)) return undefined;
	const inner = rawPath.slice(contextPath.length);
	return /^\/(?:rest|download)\//.test(inner) ? `/wiki${inner}` : undefined;
}

export function authenticateDataCenter(
	req: IncomingMessage,
	store: Store,
	deps: DataCenterDeps,
): AuthInfo {
	const header = String(req.headers.authorization ?? '');
	const refused = () =>
		new ApiError(401, 'Unauthorized', {
			v1Message: 'This request requires authentication.',
		});
	const bearer = /^Bearer\s+(\S+)$/i.exec(header);
	if (bearer) {
		const user = deps.logins.byToken(store, bearer[1]);
		if (user && user.accountStatus === 'active') return { user, via: 'bearer' };
		if (deps.settings.anonymousAccess) return { via: 'none' };
		throw refused();
	}
	const basic = /^Basic\s+(\S+)$/i.exec(header);
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const user =
			colon < 0
				? undefined
				: deps.logins.byPassword(store, decoded.slice(0, colon), decoded.slice(colon + 1));
		if (user && user.accountStatus === 'active') return { user, via: 'basic' };
		throw new HtmlError(
			401,
			'<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head><body><h1>HTTP Status 401 – Unauthorized</h1></body></html>',
		);
	}
	if (deps.settings.anonymousAccess) return { via: 'none' };
	throw refused();
}

/**
 * Data Center's error body: `{statusCode, data, message, reason}` (chaoss/grimoirelab-perceval#180,
 * vogoltsov/visual-paradigm-plugins#9).
 */
export function renderDataCenterError(error: ApiError): SimResponse {
	const headers = { ...(error.headers ?? {}) };
	if (error instanceof HtmlError) {
		return {
			status: error.status,
			raw: error.html,
			contentType: 'text/html;charset=utf-8',
			headers,
		};
	}
	return {
		status: error.status,
		headers,
		body: { ...error.v1Body(), reason: REASONS[error.status] ?? 'Error' },
	};
}

function dataCenterUsers(value: unknown, deps: DataCenterDeps, store: Store): unknown {
	if (Array.isArray(value)) return value.map((entry) => dataCenterUsers(entry, deps, store));
	if (!value || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	if (record.type === 'known' && typeof record.accountId === 'string') {
		const user = store.getUser(record.accountId);
		if (user) return presentDataCenterUser(deps.ctx, deps.logins, user);
	}
	return Object.fromEntries(
		Object.entries(record).map(([key, entry]) => [key, dataCenterUsers(entry, deps, store)]),
	);
}

/** Links under the context path instead of /wiki, users as Data Center shows them. */
export function asDataCenterResponse(
	response: SimResponse,
	baseUrl: string,
	store: Store,
	deps: DataCenterDeps,
): SimResponse {
	const root = `${baseUrl}${deps.contextPath}`;
	const relink = (text: string) =>
		text.split(`${baseUrl}/wiki`).join(root).split('"/wiki"').join(`"${deps.contextPath}"`);
	const headers = { ...(response.headers ?? {}) };
	if (typeof headers.location === 'string') headers.location = relink(headers.location);
	if (response.body === undefined) return { ...response, headers };
	const body = JSON.parse(relink(JSON.stringify(response.body))) as unknown;
	return { ...response, headers, body: dataCenterUsers(body, deps, store) };
}

export { REASONS as DATA_CENTER_REASONS };
