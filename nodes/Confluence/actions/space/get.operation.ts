import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { simplifyProperty, spaceLocator } from '../common/descriptions';
import { resolveSpaceId } from '../common/resolve';
import { shapeSpace } from './shared';

const INCLUDES = ['Labels', 'Operations', 'Permissions', 'Properties'] as const;

export const { description, execute } = defineOperation({
	resource: 'space',
	operation: 'get',
	properties: [
		spaceLocator({ description: 'The space to get, from the list, by key, URL or ID' }),
		{
			...simplifyProperty,
			description:
				"Whether to return a flat object (ID, key, name, type, status, description text, homepage, link) instead of Confluence's raw response",
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Description Format',
					name: 'descriptionFormat',
					type: 'options',
					default: 'plain',
					options: [
						{ name: 'Plain Text', value: 'plain' },
						{ name: 'View (HTML)', value: 'view' },
					],
					description: 'The format of the space description',
				},
				{
					displayName: 'Include Icon',
					name: 'includeIcon',
					type: 'boolean',
					default: false,
					description: 'Whether to include the space icon',
				},
				...INCLUDES.map((name) => ({
					displayName: `Include ${name}`,
					name: `include${name}`,
					type: 'boolean' as const,
					default: false,
					description: `Whether to include the space's ${name.toLowerCase()}`,
				})),
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const id = await resolveSpaceId(this, itemIndex);
		const qs: IDataObject = { 'description-format': options.descriptionFormat ?? 'plain' };
		if (options.includeIcon) qs['include-icon'] = true;
		for (const name of INCLUDES) {
			if (options[`include${name}`]) qs[`include-${name.toLowerCase()}`] = true;
		}
		const space = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`/spaces/${id}`,
			qs,
			itemIndex,
		});
		return shapeSpace(space, simplify);
	},
});
