import type { INodeProperties } from 'n8n-workflow';

/** Fields the Confluence credentials share. */

export function siteUrlProperty(description: string): INodeProperties {
	return {
		displayName: 'Site URL',
		name: 'siteUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://your-domain.atlassian.net',
		description,
	};
}

export const cloudIdProperty: INodeProperties = {
	displayName: 'Cloud ID',
	name: 'cloudId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 1324a887-45db-1bf4-1e99-ef0ff456d421',
	description:
		"The site's cloud ID. Leave empty to read it from the site (https://your-domain.atlassian.net/_edge/tenant_info).",
};

export const authServerUrlProperty: INodeProperties = {
	displayName: 'Authorization Server URL',
	name: 'authServerUrl',
	type: 'string',
	default: 'https://auth.atlassian.com',
	description:
		"Atlassian's authorization server. Change it only to go through a proxy or a test server.",
};

/** `serves` completes "Atlassian's API gateway, which serves …". */
export function apiGatewayUrlProperty(serves: string): INodeProperties {
	return {
		displayName: 'API Gateway URL',
		name: 'apiGatewayUrl',
		type: 'string',
		default: 'https://api.atlassian.com',
		description: `Atlassian's API gateway, which serves ${serves}. Change it only to go through a proxy or a test server.`,
	};
}
