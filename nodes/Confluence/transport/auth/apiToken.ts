import { cloudApiBase, type CredentialAuth } from './types';
import { gatewayOf, gatewayRoot, normalizeSiteUrl, tenantCloudId } from './site';

/**
 * Email + API token (Basic). A classic token works on the site URL; a scoped token only through
 * `api.atlassian.com/ex/confluence/{cloudId}` and gets 401 on the site URL
 * (https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/).
 */
export const apiTokenAuth: CredentialAuth = {
	credentialType: 'confluenceApi',
	async target(ctx, credentials, itemIndex) {
		if (credentials.scoping === 'scoped') {
			const gateway = gatewayOf(credentials);
			const root = gatewayRoot(gateway, await tenantCloudId(ctx, credentials, itemIndex));
			return {
				credentialType: 'confluenceApi',
				apiBase: cloudApiBase(root),
				origin: new URL(gateway).origin,
				expiringToken: false,
			};
		}
		const root = normalizeSiteUrl(String(credentials.siteUrl ?? ''));
		return {
			credentialType: 'confluenceApi',
			apiBase: cloudApiBase(root),
			origin: new URL(root).origin,
			expiringToken: false,
		};
	},
};
