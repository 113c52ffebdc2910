/* OAuth 2.0 (3LO) endpoints of auth.atlassian.com / api.atlassian.com, served at the simulator's root:
 * GET /authorize, POST /oauth/token, GET /oauth/token/accessible-resources, GET /_edge/tenant_info. */
import type { SimContext } from '../context';
import { ApiError, json, queryString, redirect, type SimRequest } from '../http';
import type { Router } from '../router';

function oauthError(status: number, error: string, description: string): ApiError {
	return new ApiError(status, description, { rawBody: { error, error_description: description } });
}

function bodyParams(req: SimRequest): Record<string, string> {
	const body = req.body;
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		const out: Record<string, string> = {};
		for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
			if (value !== undefined && value !== null) out[name] = String(value);
		}
		return out;
	}
	return {};
}

/** client_id/client_secret from the body or an HTTP Basic header (both are accepted by OAuth servers). */
function clientCredentials(
	req: SimRequest,
	params: Record<string, string>,
): { id?: string; secret?: string } {
	const header = String(req.headers.authorization ?? '');
	const basic = /^Basic\s+(\S+)$/i.exec(header);
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0) {
			return {
				id: decodeURIComponent(decoded.slice(0, colon)),
				secret: decodeURIComponent(decoded.slice(colon + 1)),
			};
		}
	}
	return { id: params.client_id, secret: params.client_secret };
}

export function register(router: Router, ctx: SimContext): void {
	router.get(
		'/authorize',
		(req) => {
			const clientId = queryString(req.query, 'client_id');
			const redirectUri = queryString(req.query, 'redirect_uri');
			if (clientId !== ctx.oauth.clientId)
				throw oauthError(400, 'invalid_client', 'Unknown client_id.');
			if (!redirectUri) throw oauthError(400, 'invalid_request', 'redirect_uri is required.');
			if ((queryString(req.query, 'response_type') ?? 'code') !== 'code') {
				throw oauthError(400, 'unsupported_response_type', 'Only response_type=code is supported.');
			}
			const scopeParam = queryString(req.query, 'scope');
			const scopes = scopeParam ? scopeParam.split(/[\s+]+/).filter((s) => s !== '') : undefined;
			const accountId = queryString(req.query, 'account_id') ?? ctx.store.demoUser.accountId;
			if (!ctx.store.getUser(accountId))
				throw oauthError(400, 'invalid_request', 'Unknown account.');
			const code = ctx.oauth.createCode(accountId, scopes, redirectUri);
			const target = new URL(redirectUri);
			target.searchParams.set('code', code);
			const state = queryString(req.query, 'state');
			if (state !== undefined) target.searchParams.set('state', state);
			return redirect(target.toString());
		},
		{ public: true },
	);

	router.post(
		'/oauth/token',
		(req) => {
			const params = bodyParams(req);
			const client = clientCredentials(req, params);
			const grantType = params.grant_type;
			if (
				grantType !== 'client_credentials' &&
				(client.id !== ctx.oauth.clientId || client.secret !== ctx.oauth.clientSecret)
			) {
				throw oauthError(401, 'invalid_client', 'Unauthorized');
			}
			if (grantType === 'authorization_code') {
				const tokens = params.code
					? ctx.oauth.redeemCode(params.code, params.redirect_uri)
					: undefined;
				if (!tokens) throw oauthError(403, 'invalid_grant', 'Invalid authorization code');
				return json(withoutEmptyRefresh(tokens));
			}
			if (grantType === 'refresh_token') {
				const tokens = params.refresh_token ? ctx.oauth.refresh(params.refresh_token) : undefined;
				if (!tokens) throw oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
				return json(tokens);
			}
			if (grantType === 'client_credentials') {
				// Atlassian refuses any scope on this grant: the scopes were chosen with the credential.
				if (params.scope !== undefined) {
					throw oauthError(400, 'invalid_scope', 'The requested scope is invalid.');
				}
				// Service accounts: https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/
				const tokens =
					client.id && client.secret
						? ctx.oauth.issueForClient(client.id, client.secret)
						: undefined;
				if (!tokens) throw oauthError(401, 'access_denied', 'Unauthorized');
				return json(withoutEmptyRefresh(tokens));
			}
			throw oauthError(
				400,
				'unsupported_grant_type',
				`Unsupported grant_type: ${grantType ?? '(none)'}`,
			);
		},
		{ public: true },
	);

	router.get(
		'/oauth/token/accessible-resources',
		(req) => {
			const header = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
			const token = header ? ctx.oauth.accessToken(header[1]) : undefined;
			if (!token)
				throw new ApiError(401, 'Unauthorized', {
					rawBody: { code: 401, message: 'Unauthorized' },
				});
			return json(
				ctx.sites.map((site) => ({
					id: site.id,
					name: site.name,
					url: site.url,
					scopes: token.scopes ?? site.scopes,
					avatarUrl: site.avatarUrl,
				})),
			);
		},
		{ public: true },
	);

	router.get('/_edge/tenant_info', () => json({ cloudId: ctx.cloudId }), { public: true });
}

function withoutEmptyRefresh<T extends { refresh_token: string }>(
	tokens: T,
): Omit<T, 'refresh_token'> | T {
	if (tokens.refresh_token !== '') return tokens;
	const rest: Partial<T> = { ...tokens };
	delete rest.refresh_token;
	return rest as Omit<T, 'refresh_token'>;
}
