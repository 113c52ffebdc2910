import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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

	// The v2 spaces list is the cheapest call that needs both a valid token and access to the site.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.siteUrl.replace(/\\/+$/, "").replace(/\\/wiki$/, "")}}/wiki',
			url: '/api/v2/spaces',
			qs: { limit: 1 },
		},
	};
}
