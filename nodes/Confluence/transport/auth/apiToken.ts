import { cloudTarget, type CredentialAuth } from './types';
import { normalizeSiteUrl, tenantGatewayRoot } from './site';

/**
 * Email + API token (Basic). A classic token works on the site URL; a scoped token only through
 * `api.atlassian.com/ex/confluence/{cloudId}` and gets 401 on the site URL
 * (https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/).
 */
export const apiTokenAuth: CredentialAuth = {
	credentialType: 'confluenceApi',
	async target(ctx, credentials, itemIndex) {
		if (credentials.scoping === 'scoped') {
			return cloudTarget('confluenceApi', await tenantGatewayRoot(ctx, credentials, itemIndex));
		}
		return cloudTarget('confluenceApi', normalizeSiteUrl(String(credentials.siteUrl ?? '')));
	},
};
