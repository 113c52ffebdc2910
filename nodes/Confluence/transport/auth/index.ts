import type {
	ConfluenceContext,
	AuthTarget,
	CredentialAuth,
	Sender,
	CredentialType,
} from './types';
import { apiTokenAuth } from './apiToken';
import { dataCenterAuth } from './dataCenter';
import { accessibleResources, oauth2Auth } from './oauth2';
import { serviceAccountAuth } from './serviceAccount';
import { gatewayOf } from './site';
import { TokenRenewal } from './tokenRenewal';

export * from './types';
export { ACCESSIBLE_RESOURCES_PATH } from './oauth2';
export { normalizeSiteUrl } from './site';
export { normalizeDataCenterUrl } from './dataCenter';
export { storedTokenExpiry } from './tokenRenewal';

/** The node's `authentication` parameter names the module; its default, `apiToken`, is what old workflows saved. */
const AUTH_BY_PARAMETER: Record<string, CredentialAuth> = {
	apiToken: apiTokenAuth,
	oAuth2: oauth2Auth,
	serviceAccount: serviceAccountAuth,
	dataCenter: dataCenterAuth,
};

export function authOf(ctx: ConfluenceContext): CredentialAuth {
	return (
		AUTH_BY_PARAMETER[String(ctx.getNode().parameters.authentication ?? 'apiToken')] ?? apiTokenAuth
	);
}

/** Whether the node talks to a self-hosted Confluence Data Center (or Server) site: `/rest/api` only, no v2. */
export function isDataCenter(ctx: Pick<ConfluenceContext, 'getNode'>): boolean {
	return ctx.getNode().parameters.authentication === 'dataCenter';
}

export function credentialTypeOf(ctx: ConfluenceContext): CredentialType {
	return authOf(ctx).credentialType;
}

/** Resolved once per execution (the context object lives as long as the execution): credentials are decrypted once. */
const targets = new WeakMap<object, AuthTarget>();

export async function authTarget(
	ctx: ConfluenceContext,
	itemIndex: number | undefined,
	send: Sender,
): Promise<AuthTarget> {
	const cached = targets.get(ctx);
	if (cached) return cached;
	const auth = authOf(ctx);
	const credentials = await ctx.getCredentials(auth.credentialType);
	const target = await auth.target(ctx, credentials, itemIndex, send);
	targets.set(ctx, target);
	return target;
}

const EXPIRING_TOKENS = new Set<CredentialType>([
	'confluenceOAuth2Api',
	'confluenceServiceAccountOAuth2Api',
]);

/** A per-request renewal for credentials whose token expires; undefined for API tokens. */
export function tokenRenewal(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
	request: { path: string; itemIndex?: number },
	send: Sender,
): TokenRenewal | undefined {
	if (!EXPIRING_TOKENS.has(credentialType)) return undefined;
	const probe =
		request.path === '/oauth/token/accessible-resources'
			? undefined
			: async () =>
					await accessibleResources(
						ctx,
						request.itemIndex,
						gatewayOf(await ctx.getCredentials(credentialType)),
						send,
						credentialType,
					);
	return new TokenRenewal(ctx, credentialType, probe);
}
