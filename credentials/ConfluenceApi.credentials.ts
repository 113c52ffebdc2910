import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiGatewayUrlProperty, cloudIdProperty, siteUrlProperty } from './atlassianFields';

export class ConfluenceApi implements ICredentialType {
	name = 'confluenceApi';

	displayName = 'Confluence Community API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl =
		'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/';

	properties: INodeProperties[] = [
		siteUrlProperty(
			'The address of your Confluence Cloud site, with or without the trailing /wiki',
		),
		{
			displayName: 'Token Type',
			name: 'scoping',
			type: 'options',
			options: [
				{
					name: 'Classic API Token',
					value: 'classic',
					description: 'A token without scopes: calls go to the site URL',
				},
				{
					name: 'Scoped API Token',
					value: 'scoped',
					description: 'A token with scopes: calls go through api.atlassian.com',
				},
			],
			default: 'classic',
			description:
				'Atlassian issues API tokens with or without scopes. A scoped token works only through api.atlassian.com; the credential test says which kind you have.',
		},
		{ ...cloudIdProperty, displayOptions: { show: { scoping: ['scoped'] } } },
		{
			...apiGatewayUrlProperty('scoped API tokens'),
			displayOptions: { show: { scoping: ['scoped'] } },
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. name@email.com',
			default: '',
			required: true,
			description: 'The email address of the Atlassian account the API token belongs to',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create one at https://id.atlassian.com/manage-profile/security/api-tokens',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.email}}',
				password: '={{$credentials.apiToken}}',
			},
		},
	};

	// No request test here: the node's testApiTokenCredential (testedBy) tries the site and the gateway, to tell a
	// classic token from a scoped one and say what is wrong.
}
