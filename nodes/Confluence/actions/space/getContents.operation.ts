import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceRequestAllItems } from '../../transport';
import { bodyFormatQuery } from '../common/body';
import { defineOperation } from '../common/builder';
import {
	bodyListFormatProperty,
	limitProperty,
	returnAllProperty,
	simplifyProperty,
	spaceLocator,
	type BodyReadFormat,
} from '../common/descriptions';
import { resolveSpaceId } from '../common/resolve';
import { shapeContent } from '../common/simplify';

type SpaceContentType = 'page' | 'blogpost';

const TYPE_PATH: Record<SpaceContentType, string> = { page: 'pages', blogpost: 'blogposts' };

export const { description, execute } = defineOperation({
	resource: 'space',
	operation: 'getContents',
	properties: [
		spaceLocator({
			description: 'The space whose pages and blog posts to list, from the list, by key, URL or ID',
		}),
		{
			displayName: 'Content Types',
			name: 'contentTypes',
			type: 'multiOptions',
			default: ['page', 'blogpost'],
			options: [
				{ name: 'Blog Posts', value: 'blogpost' },
				{ name: 'Pages', value: 'page' },
			],
			description: 'Which kinds of content to return; pages come first, then blog posts',
		},
		{
			displayName: 'Depth',
			name: 'depth',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All Pages', value: 'all', description: 'Every page in the space, at any level' },
				{
					name: 'Root Pages Only',
					value: 'root',
					description: 'Only top-level pages (those without a parent page)',
				},
			],
			description: 'Which pages to return (blog posts have no hierarchy)',
		},
		returnAllProperty,
		limitProperty,
		bodyListFormatProperty,
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					default: 'id',
					options: [
						{ name: 'Created (Newest First)', value: '-created-date' },
						{ name: 'Created (Oldest First)', value: 'created-date' },
						{ name: 'ID (Ascending)', value: 'id' },
						{ name: 'ID (Descending)', value: '-id' },
						{ name: 'Modified (Newest First)', value: '-modified-date' },
						{ name: 'Modified (Oldest First)', value: 'modified-date' },
					],
					description: 'Order within each content type',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'multiOptions',
					default: [],
					options: [
						{ name: 'Current', value: 'current' },
						{ name: 'Deleted', value: 'deleted' },
						{ name: 'Trashed', value: 'trashed' },
					],
					description: 'Only content with one of these statuses (default: current)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const types =
			(this.getNodeParameter('contentTypes', itemIndex, [
				'page',
				'blogpost',
			]) as SpaceContentType[]) ?? [];
		if (!types.length) {
			throw new NodeOperationError(this.getNode(), 'The parameter "Content Types" is empty', {
				itemIndex,
				description: 'Choose pages, blog posts, or both.',
			});
		}
		const depth = this.getNodeParameter('depth', itemIndex, 'all') as string;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'none') as BodyReadFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const spaceId = await resolveSpaceId(this, itemIndex);

		const output: IDataObject[] = [];
		// Pages first, then blog posts, as the removed v1 space-content endpoint returned them.
		for (const type of (['page', 'blogpost'] as const).filter((candidate) =>
			types.includes(candidate),
		)) {
			const remaining = limit - output.length;
			if (remaining <= 0) break;
			const qs: IDataObject = {};
			const bodyFormat = bodyFormatQuery(format);
			if (bodyFormat) qs['body-format'] = bodyFormat;
			if (type === 'page') qs.depth = depth;
			if (options.sort) qs.sort = options.sort;
			const status = (options.status as string[] | undefined) ?? [];
			if (status.length) qs.status = status;
			const items = await confluenceRequestAllItems.call(
				this,
				{ method: 'GET', path: apiPath`/spaces/${spaceId}/${TYPE_PATH[type]}`, qs, itemIndex },
				{ max: Number.isFinite(remaining) ? remaining : undefined },
			);
			for (const item of items) {
				const shaped = shapeContent(item, format, simplify);
				output.push(simplify ? { ...shaped, type } : { type, ...shaped });
			}
		}
		return output;
	},
});
