import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConfluenceContext } from './types';

/** Accepts `https://x.atlassian.net`, `x.atlassian.net/wiki/`, and the like. */
export function normalizeSiteUrl(siteUrl: string): string {
	let url = siteUrl.trim().replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	return url.replace(/\/wiki$/i, '');
}

export function hostOf(url: string): string {
	try {
		return new URL(normalizeSiteUrl(url)).hostname.toLowerCase();
	} catch {
		return '';
	}
}

export const DEFAULT_GATEWAY = 'https://api.atlassian.com';

export function gatewayOf(credentials: IDataObject): string {
	return normalizeSiteUrl(String(credentials.apiGatewayUrl || DEFAULT_GATEWAY));
}

/** `{gateway}/ex/confluence/{cloudId}`: where Confluence's API is served to bearer tokens and scoped API tokens. */
export function gatewayRoot(gateway: string, cloudId: string): string {
	return `${gateway}/ex/confluence/${encodeURIComponent(cloudId)}`;
}

const tenantCloudIds = new Map<string, string>();

/**
 * The site's cloud ID from `https://<site>/_edge/tenant_info`, which answers without credentials (what other clients
 * do for scoped tokens: pchuri/confluence-cli#57, sphinx-contrib/confluencebuilder#1133, onyx-dot-app/onyx#5483).
 * A Cloud ID typed into the credential wins.
 */
export async function tenantCloudId(
	ctx: ConfluenceContext,
	credentials: IDataObject,
	itemIndex: number | undefined,
): Promise<string> {
	const typed = String(credentials.cloudId ?? '').trim();
	if (typed) return typed;
	const site = normalizeSiteUrl(String(credentials.siteUrl ?? ''));
	const cached = tenantCloudIds.get(site);
	if (cached) return cached;
	let cloudId: unknown;
	try {
		const answer = (await ctx.helpers.httpRequest({
			method: 'GET',
			url: `${site}/_edge/tenant_info`,
			json: true,
		})) as IDataObject | undefined;
		cloudId = answer?.cloudId;
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Could not read the cloud ID of "${site}" from ${site}/_edge/tenant_info`,
			{
				itemIndex,
				description: `${(error as Error).message}. Check the credential's Site URL, or enter the site's Cloud ID in the credential.`,
			},
		);
	}
	if (typeof cloudId !== 'string' || !cloudId) {
		throw new NodeOperationError(ctx.getNode(), `"${site}" did not tell its cloud ID`, {
			itemIndex,
			description:
				"Its /_edge/tenant_info answered without a cloudId: it may not be a Confluence Cloud site. Check the credential's Site URL, or enter the site's Cloud ID in the credential.",
		});
	}
	tenantCloudIds.set(site, cloudId);
	return cloudId;
}

/** The gateway root of the credential's site, its cloud ID typed or read from the site. */
export async function tenantGatewayRoot(
	ctx: ConfluenceContext,
	credentials: IDataObject,
	itemIndex: number | undefined,
): Promise<string> {
	return gatewayRoot(gatewayOf(credentials), await tenantCloudId(ctx, credentials, itemIndex));
}
