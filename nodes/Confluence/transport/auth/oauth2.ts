import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	cloudTarget,
	type ConfluenceContext,
	type CredentialAuth,
	type CredentialType,
	type Sender,
} from './types';
import { gatewayOf, gatewayRoot, hostOf } from './site';

interface AccessibleResource {
	id: string;
	name?: string;
	url: string;
}

export const ACCESSIBLE_RESOURCES_PATH = '/oauth/token/accessible-resources';

/** The sites an OAuth2 token reaches (`GET {gateway}/oauth/token/accessible-resources`). */
export async function accessibleResources(
	ctx: ConfluenceContext,
	itemIndex: number | undefined,
	gateway: string,
	send: Sender,
	credentialType: CredentialType = 'confluenceOAuth2Api',
): Promise<AccessibleResource[]> {
	const response = await send<AccessibleResource[]>(
		ctx,
		credentialType,
		{ method: 'GET', url: `${gateway}${ACCESSIBLE_RESOURCES_PATH}`, json: true },
		{ method: 'GET', path: ACCESSIBLE_RESOURCES_PATH, itemIndex },
	);
	return Array.isArray(response.body) ? response.body : [];
}

const cloudIdCache = new Map<string, string>();

async function resolveCloudId(
	ctx: ConfluenceContext,
	credentials: IDataObject,
	itemIndex: number | undefined,
	send: Sender,
): Promise<string> {
	const gateway = gatewayOf(credentials);
	const siteHost = hostOf(String(credentials.siteUrl ?? ''));
	const credentialId = ctx.getNode().credentials?.confluenceOAuth2Api?.id ?? '';
	const cacheKey = `${credentialId}|${gateway}|${siteHost}`;
	const cached = cloudIdCache.get(cacheKey);
	if (cached) return cached;

	const sites = await accessibleResources(ctx, itemIndex, gateway, send);
	const match =
		sites.find((site) => hostOf(site.url) === siteHost) ??
		(siteHost === '' && sites.length === 1 ? sites[0] : undefined);
	if (!match) {
		const reachable = sites
			.slice(0, 5)
			.map((site) => site.url)
			.join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`The OAuth2 credential cannot reach the site "${String(credentials.siteUrl ?? '')}"`,
			{
				itemIndex,
				description: sites.length
					? `Sites this authorization can reach: ${reachable}${sites.length > 5 ? ', …' : ''}. Set the credential's Site URL to one of them, or reconnect and grant access to the site you want.`
					: 'The authorization reaches no Confluence site. Reconnect the credential and grant access to a site.',
			},
		);
	}
	cloudIdCache.set(cacheKey, match.id);
	return match.id;
}

/** OAuth 2.0 (3LO): bearer tokens through the gateway, the cloud ID picked among the sites the grant reaches. */
export const oauth2Auth: CredentialAuth = {
	credentialType: 'confluenceOAuth2Api',
	async target(ctx, credentials, itemIndex, send) {
		const gateway = gatewayOf(credentials);
		const root = gatewayRoot(gateway, await resolveCloudId(ctx, credentials, itemIndex, send));
		return cloudTarget('confluenceOAuth2Api', root);
	},
};
