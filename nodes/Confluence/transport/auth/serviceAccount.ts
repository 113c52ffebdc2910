import { cloudTarget, type CredentialAuth } from './types';
import { tenantGatewayRoot } from './site';

/**
 * Atlassian service account with an OAuth 2.0 client credential: n8n's OAuth2 support mints a token from the client
 * ID and secret (`grant_type=client_credentials` at auth.atlassian.com/oauth/token, valid 60 minutes, no refresh
 * token) and mints a new one when it expires; calls go through the gateway
 * (https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/).
 */
export const serviceAccountAuth: CredentialAuth = {
	credentialType: 'confluenceServiceAccountOAuth2Api',
	async target(ctx, credentials, itemIndex) {
		return cloudTarget(
			'confluenceServiceAccountOAuth2Api',
			await tenantGatewayRoot(ctx, credentials, itemIndex),
		);
	},
};
