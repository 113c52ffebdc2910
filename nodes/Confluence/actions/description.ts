import type { INodeProperties } from 'n8n-workflow';

import { resourceOptions, resources } from './resources';

const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Token', value: 'apiToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
		{ name: 'Service Account', value: 'serviceAccount' },
	],
	default: 'apiToken',
};

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resourceOptions,
	default: 'page',
};

const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 1,
			description:
				'How many input items to send to Confluence at the same time. Output keeps the input order. When Confluence rate-limits, the node waits as told and retries.',
		},
		{
			displayName: 'Max Wait on Rate Limit (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 180,
			description:
				"How long one request may wait in total for Confluence's rate limits. A short burst limit passes in seconds; a used-up hourly quota (OAuth2 apps) can take until the top of the hour. When Confluence asks for a longer wait, the item fails at once, saying which limit was hit and when it resets.",
		},
	],
};

/** The node's parameters: authentication, resource, each resource's operations and parameters, request options. */
export const properties: INodeProperties[] = [
	authenticationProperty,
	resourceProperty,
	...Object.values(resources).flatMap((resource) => resource.description),
	requestOptionsProperty,
];
