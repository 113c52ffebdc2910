import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { contentIdParameter } from '../common/descriptions';
import { parseContentId } from '../common/resolve';
import type { PropertyOwner, PropertyOwnerRef } from '../properties/shared';
import { apiPath, type ApiPath } from '../../transport';

export type PropertyContentType = 'page' | 'blogPost' | 'whiteboard';

const CONTENT_TYPES: Record<PropertyContentType, { path: ApiPath; label: string }> = {
	blogPost: { path: apiPath`/blogposts`, label: 'blog post' },
	page: { path: apiPath`/pages`, label: 'page' },
	whiteboard: { path: apiPath`/whiteboards`, label: 'whiteboard' },
};

const contentTypeProperty: INodeProperties = {
	displayName: 'Content Type',
	name: 'contentType',
	type: 'options',
	default: 'page',
	description: 'What kind of content the property belongs to',
	options: [
		{ name: 'Blog Post', value: 'blogPost' },
		{ name: 'Page', value: 'page' },
		{ name: 'Whiteboard', value: 'whiteboard' },
	],
};

export const CONTENT_PROPERTY_OWNER: PropertyOwner = {
	resource: 'contentProperty',
	noun: 'content',
	sortable: true,
	ownerProperties: [
		contentTypeProperty,
		contentIdParameter({
			description:
				'The numeric ID of the page, blog post or whiteboard, or its URL (the ID is taken from it)',
		}),
	],
	async resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef> {
		const type = ctx.getNodeParameter('contentType', itemIndex, 'page') as PropertyContentType;
		const spec = CONTENT_TYPES[type] ?? CONTENT_TYPES.page;
		const contentId = parseContentId(
			ctx,
			itemIndex,
			'Content ID',
			ctx.getNodeParameter('contentId', itemIndex, ''),
		);
		return {
			path: apiPath`${spec.path}/${contentId}`,
			label: `${spec.label} ${contentId}`,
			context: { contentType: type, contentId },
		};
	},
};
