import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceOptions, resources } from './resources';
import { dataCenterCapability, isSupportedOnDataCenter } from './dataCenter/capabilities';

const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Token', value: 'apiToken' },
		{ name: 'Data Center (Personal Access Token or Password)', value: 'dataCenter' },
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

const ON_DATA_CENTER = { authentication: ['dataCenter'] };

function supportedOperations(resource: string, property: INodeProperties): INodePropertyOptions[] {
	return ((property.options ?? []) as INodePropertyOptions[]).filter((option) =>
		isSupportedOnDataCenter(dataCenterCapability(resource, String(option.value))),
	);
}

/**
 * A selector in two forms: the full one for Cloud credentials, and for the Data Center credential one that lists only what
 * works there (n8n cannot hide single options, so the property is shown in the form that fits the authentication).
 */
function splitByAuthentication(
	property: INodeProperties,
	dataCenterOptions: INodePropertyOptions[],
): INodeProperties[] {
	const show = property.displayOptions?.show ?? {};
	const forCloud: INodeProperties = {
		...property,
		displayOptions: { ...property.displayOptions, hide: ON_DATA_CENTER },
	};
	if (!dataCenterOptions.length) return [forCloud];
	const values = dataCenterOptions.map((option) => option.value);
	const forDataCenter: INodeProperties = {
		...property,
		options: dataCenterOptions,
		default: values.includes(property.default as string) ? property.default : values[0],
		displayOptions: { show: { ...show, ...ON_DATA_CENTER } },
	};
	return [forCloud, forDataCenter];
}

function resourceDescription(resource: string, description: INodeProperties[]): INodeProperties[] {
	return description.flatMap((property) =>
		property.name === 'operation'
			? splitByAuthentication(property, supportedOperations(resource, property))
			: [property],
	);
}

/** The node's parameters: authentication, resource, each resource's operations and parameters, request options. */
export const properties: INodeProperties[] = [
	authenticationProperty,
	// One resource selector for every credential: n8n's node creator lists the actions of each `resource` property it
	// finds (n8n-editor-ui 2.41, the resource/operation actions generator), so a second one for Data Center listed every
	// action of its resources twice. Data Center's limits are in the operation selectors and the router.
	resourceProperty,
	...Object.entries(resources).flatMap(([name, resource]) =>
		resourceDescription(name, resource.description),
	),
	requestOptionsProperty,
];
