import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contentIdParameter } from '../common/descriptions';
import { parseContentId } from '../common/resolve';
import type { PropertyOwner, PropertyOwnerRef } from '../properties/shared';
import { cloudPropertyStore, dataCenterPropertyStore } from '../properties/stores';
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
		const label = `${spec.label} ${contentId}`;
		return {
			store: cloudPropertyStore(apiPath`${spec.path}/${contentId}`, label),
			label,
			context: { contentType: type, contentId },
		};
	},
	// Data Center keeps the properties of pages and blog posts alike under `/rest/api/content/{id}/property`.
	async resolveDataCenter(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef> {
		const type = ctx.getNodeParameter('contentType', itemIndex, 'page') as PropertyContentType;
		if (type === 'whiteboard') {
			throw new NodeOperationError(ctx.getNode(), 'Whiteboards exist only in Confluence Cloud', {
				itemIndex,
				description: 'On Data Center, content properties belong to pages and blog posts.',
			});
		}
		const contentId = parseContentId(
			ctx,
			itemIndex,
			'Content ID',
			ctx.getNodeParameter('contentId', itemIndex, ''),
		);
		const label = `${CONTENT_TYPES[type]?.label ?? 'page'} ${contentId}`;
		return {
			store: dataCenterPropertyStore(apiPath`/content/${contentId}`, label),
			label,
			context: { contentType: type, contentId },
		};
	},
};
