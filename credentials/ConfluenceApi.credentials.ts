import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ConfluenceApi implements ICredentialType {
	name = 'confluenceApi';

	displayName = 'Confluence API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl =
		'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/';

	properties: INodeProperties[] = [
		{
			displayName: 'Site URL',
			name: 'siteUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://your-domain.atlassian.net',
			description: 'The address of your Confluence Cloud site, with or without the trailing /wiki',
		},
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
		{
			displayName: 'Cloud ID',
			name: 'cloudId',
			type: 'string',
			default: '',
			displayOptions: { show: { scoping: ['scoped'] } },
			placeholder: 'e.g. 1324a887-45db-1bf4-1e99-ef0ff456d421',
			description:
				"The site's cloud ID. Leave empty to read it from the site (https://your-domain.atlassian.net/_edge/tenant_info).",
		},
		{
			displayName: 'API Gateway URL',
			name: 'apiGatewayUrl',
			type: 'string',
			default: 'https://api.atlassian.com',
			displayOptions: { show: { scoping: ['scoped'] } },
			description:
				"Atlassian's API gateway, which serves scoped tokens. Change it only to go through a proxy or a test server.",
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
