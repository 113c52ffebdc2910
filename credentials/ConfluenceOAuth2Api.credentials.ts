import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiGatewayUrlProperty, authServerUrlProperty, siteUrlProperty } from './atlassianFields';

/**
 * The smallest set that covers every operation of both nodes (test/credentials/scopes.test.ts runs each one with a token
 * of exactly these scopes against the scopes the OpenAPI files name per endpoint, and fails when one is missing or
 * unneeded). Granular scopes, plus the classic read:confluence-user: v1 user/current answered 401 "scope does not match"
 * with granular scopes only (simstudioai/sim#4386, sooperset/mcp-atlassian#1323). Atlassian advises fewer than 50
 * scopes, and long authorize URLs have hit HTTP 414 (simstudioai/sim#4388).
 */
export const DEFAULT_SCOPE_LIST = [
	'read:page:confluence',
	'write:page:confluence',
	'delete:page:confluence',
	'read:space:confluence',
	'write:space:confluence',
	'delete:space:confluence',
	'read:space-details:confluence',
	'write:space.permission:confluence',
	'read:content-details:confluence',
	'write:content:confluence',
	'read:content.metadata:confluence',
	'write:content.restriction:confluence',
	'read:hierarchical-content:confluence',
	'read:attachment:confluence',
	'write:attachment:confluence',
	'delete:attachment:confluence',
	'read:comment:confluence',
	'write:comment:confluence',
	'delete:comment:confluence',
	'read:label:confluence',
	'write:label:confluence',
	'read:whiteboard:confluence',
	'write:whiteboard:confluence',
	'delete:whiteboard:confluence',
	'read:task:confluence',
	'write:task:confluence',
	'read:audit-log:confluence',
	'read:user:confluence',
	'read:confluence-user',
	'offline_access',
];

const DEFAULT_SCOPES = DEFAULT_SCOPE_LIST.join(' ');

export class ConfluenceOAuth2Api implements ICredentialType {
	name = 'confluenceOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Confluence Community OAuth2 API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl = 'https://developer.atlassian.com/cloud/confluence/oauth-2-3lo-apps/';

	properties: INodeProperties[] = [
		siteUrlProperty(
			'The Confluence Cloud site to work with. The app may reach several sites; this one is picked from them.',
		),
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		authServerUrlProperty,
		apiGatewayUrlProperty('every OAuth2 call'),
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '={{$self["authServerUrl"].replace(/\\/+$/, "")}}/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self["authServerUrl"].replace(/\\/+$/, "")}}/oauth/token',
		},
		{
			displayName: 'Custom Scopes',
			name: 'customScopes',
			type: 'boolean',
			default: false,
			description: 'Whether to request your own list of scopes instead of the full default list',
		},
		{
			displayName:
				'The default scopes cover every operation of the Confluence node. Every scope requested must also be enabled on your Atlassian app.',
			name: 'scopesNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Enabled Scopes',
			name: 'enabledScopes',
			type: 'string',
			displayOptions: { show: { customScopes: [true] } },
			default: DEFAULT_SCOPES,
			description: 'Space-separated scopes. Keep offline_access so that tokens can be refreshed.',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{$self["customScopes"] ? $self["enabledScopes"] : "${DEFAULT_SCOPES}"}}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'audience=api.atlassian.com&prompt=consent',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];

	// accessible-resources answers only for a live token, so a green test proves the token works.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiGatewayUrl.replace(/\\/+$/, "")}}',
			url: '/oauth/token/accessible-resources',
		},
	};
}
