import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	apiGatewayUrlProperty,
	authServerUrlProperty,
	cloudIdProperty,
	siteUrlProperty,
} from './atlassianFields';

/**
 * An Atlassian service account's OAuth 2.0 credential: the client ID and secret give a token
 * (grant_type=client_credentials at auth.atlassian.com/oauth/token, valid 60 minutes, no refresh token; n8n asks for
 * a new one when it expires), and calls go through api.atlassian.com/ex/confluence/{cloudId}
 * (https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/).
 */
export class ConfluenceServiceAccountOAuth2Api implements ICredentialType {
	name = 'confluenceServiceAccountOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Confluence Community Service Account OAuth2 API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl =
		'https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/';

	properties: INodeProperties[] = [
		siteUrlProperty('The Confluence Cloud site the service account works on'),
		cloudIdProperty,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		authServerUrlProperty,
		apiGatewayUrlProperty('every service account call'),
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
