import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An Atlassian service account's OAuth 2.0 credential: the client ID and secret give a token
 * (grant_type=client_credentials at auth.atlassian.com/oauth/token, valid 60 minutes, no refresh token; n8n asks for
 * a new one when it expires), and calls go through api.atlassian.com/ex/confluence/{cloudId}
 * (https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/).
 */
export class ConfluenceServiceAccountOAuth2Api implements ICredentialType {
	name = 'confluenceServiceAccountOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Confluence Service Account OAuth2 API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl =
		'https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/';

	properties: INodeProperties[] = [
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://your-domain.atlassian.net',
			description: 'The Confluence Cloud site the service account works on',
		},
		{
			displayName: 'Cloud ID',
			name: 'cloudId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1324a887-45db-1bf4-1e99-ef0ff456d421',
			description:
				"The site's cloud ID. Leave empty to read it from the site (https://your-domain.atlassian.net/_edge/tenant_info).",
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Authorization Server URL',
			name: 'authServerUrl',
			type: 'string',
			default: 'https://auth.atlassian.com',
			description:
				"Atlassian's authorization server. Change it only to go through a proxy or a test server.",
		},
		{
			displayName: 'API Gateway URL',
			name: 'apiGatewayUrl',
			type: 'string',
			default: 'https://api.atlassian.com',
			description:
				"Atlassian's API gateway, which serves every service account call. Change it only to go through a proxy or a test server.",
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self["authServerUrl"].replace(/\\/+$/, "")}}/oauth/token',
		},
		{
			displayName:
				'Create the credential in Atlassian Administration → Directory → Service accounts → Create credentials → OAuth 2.0, with the scopes the operations need. Its scopes are chosen there, not here.',
			name: 'serviceAccountNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	// accessible-resources answers only for a live token, so a green test proves the client ID and secret give one.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiGatewayUrl.replace(/\\/+$/, "")}}',
			url: '/oauth/token/accessible-resources',
		},
	};
}
