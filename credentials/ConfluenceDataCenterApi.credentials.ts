import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Confluence Data Center (and Server): the site's base URL with its context path, and a personal access token
 * (`Authorization: Bearer`, Confluence 7.9 and later,
 * https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html) or a username and password
 * (Basic). A PAT sent as Basic is refused, so the token goes as Bearer (markdown-confluence/markdown-confluence#621).
 */
export class ConfluenceDataCenterApi implements ICredentialType {
	name = 'confluenceDataCenterApi';

	displayName = 'Confluence Community Data Center API';

	icon = {
		light: 'file:../icons/confluence.svg',
		dark: 'file:../icons/confluence.dark.svg',
	} as const;

	documentationUrl =
		'https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://wiki.example.com/confluence',
			description:
				'The address Confluence opens at in a browser, with its context path if it has one (e.g. /confluence)',
		},
		{
			displayName: 'Authentication Type',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Personal Access Token',
					value: 'pat',
					description: 'Sent as a Bearer token. Needs Confluence 7.9 or later.',
				},
				{
					name: 'Username and Password',
					value: 'password',
					description: 'Sent as Basic authentication',
				},
			],
			default: 'pat',
		},
		{
			displayName: 'Personal Access Token',
			name: 'personalAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['pat'] } },
			description:
				'Create one in Confluence under your profile → Settings → Personal Access Tokens',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the certificate cannot be verified, e.g. one that is self-signed or from an internal certificate authority',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers ?? {}) };
		if (credentials.authType === 'password') {
			const pair = `${String(credentials.username ?? '')}:${String(credentials.password ?? '')}`;
			headers.Authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
		} else {
			headers.Authorization = `Bearer ${String(credentials.personalAccessToken ?? '')}`;
		}
		return { ...requestOptions, headers };
	}

	// No request test here: the node's confluenceDataCenterTest (testedBy) says what it reached, which version, and as whom.
}
