import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { simplifyProperty } from '../common/descriptions';
import { shapeContent } from '../common/simplify';
import { resolveWhiteboardId, whiteboardLocator } from './shared';

const INCLUDES = [
	{
		option: 'includeCollaborators',
		query: 'include-collaborators',
		displayName: 'Include Collaborators',
		label: 'collaborators',
	},
	{
		option: 'includeDirectChildren',
		query: 'include-direct-children',
		displayName: 'Include Direct Children',
		label: 'direct children',
	},
	{
		option: 'includeOperations',
		query: 'include-operations',
		displayName: 'Include Operations',
		label: 'operations you may perform',
	},
	{
		option: 'includeProperties',
		query: 'include-properties',
		displayName: 'Include Properties',
		label: 'content properties',
	},
];

export const { description, execute } = defineOperation({
	resource: 'whiteboard',
	operation: 'get',
	properties: [
		whiteboardLocator('The whiteboard to get'),
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: INCLUDES.map(({ option, displayName, label }) => ({
				displayName,
				name: option,
				type: 'boolean' as const,
				default: false,
				description: `Whether to include the whiteboard's ${label}`,
			})),
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = resolveWhiteboardId(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		for (const { option, query } of INCLUDES) if (options[option]) qs[query] = true;
		const whiteboard = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`/whiteboards/${id}`,
			qs,
			itemIndex,
		});
		const shaped = shapeContent(whiteboard, 'none', simplify);
		if (simplify) {
			for (const field of ['collaborators', 'directChildren', 'operations', 'properties']) {
				const included = (whiteboard[field] as IDataObject | undefined)?.results;
				if (Array.isArray(included)) shaped[field] = included;
			}
		}
		return shaped;
	},
});
