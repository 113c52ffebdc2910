import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { contentLocator, spaceLocator } from '../common/descriptions';
import { resolveContentId, resolveSpaceId, requireValue } from '../common/resolve';
import { apiPath } from '../../transport';

type LabelSource = 'site' | 'page' | 'blogPost' | 'attachment' | 'space' | 'spaceContent';

const SPACE_PREFIXES = new Set(['my', 'team']);

export const { description, execute } = listOperation({
	resource: 'label',
	operation: 'getMany',
	properties: [
		{
			displayName: 'Of',
			name: 'of',
			type: 'options',
			default: 'site',
			options: [
				{ name: 'Attachment', value: 'attachment', description: 'The labels of one attachment' },
				{ name: 'Blog Post', value: 'blogPost', description: 'The labels of one blog post' },
				{ name: 'Page', value: 'page', description: 'The labels of one page' },
				{ name: 'Site', value: 'site', description: 'Every label on the site' },
				{ name: 'Space', value: 'space', description: 'The labels of a space itself' },
				{
					name: 'Space Content',
					value: 'spaceContent',
					description: 'The labels used on the pages and blog posts of a space',
				},
			],
			description: 'Whose labels to list',
		},
		{ ...contentLocator('page'), displayOptions: { show: { of: ['page'] } } },
		{ ...contentLocator('blogpost'), displayOptions: { show: { of: ['blogPost'] } } },
		{
			displayName: 'Attachment ID',
			name: 'attachmentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. att987654',
			description: 'The ID of the attachment (with or without the "att" prefix)',
			displayOptions: { show: { of: ['attachment'] } },
		},
		{ ...spaceLocator(), displayOptions: { show: { of: ['space', 'spaceContent'] } } },
	],
	after: [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Prefix',
					name: 'prefix',
					type: 'options',
					default: 'global',
					options: [
						{ name: 'Global', value: 'global' },
						{ name: 'My', value: 'my' },
						{ name: 'System', value: 'system' },
						{ name: 'Team', value: 'team' },
					],
					description: 'Only labels of this kind (space labels are only My or Team)',
				},
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					default: 'name',
					options: [
						{ name: 'Created (Newest First)', value: '-created-date' },
						{ name: 'Created (Oldest First)', value: 'created-date' },
						{ name: 'ID (Ascending)', value: 'id' },
						{ name: 'ID (Descending)', value: '-id' },
						{ name: 'Name (A to Z)', value: 'name' },
						{ name: 'Name (Z to A)', value: '-name' },
					],
					description: 'Order of the labels',
				},
			],
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const of = this.getNodeParameter('of', itemIndex, 'site') as LabelSource;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.sort) qs.sort = options.sort;
		if (options.prefix) {
			if (
				(of === 'space' || of === 'spaceContent') &&
				!SPACE_PREFIXES.has(String(options.prefix))
			) {
				throw new NodeOperationError(
					this.getNode(),
					`The option "Prefix" cannot be "${String(options.prefix)}" for space labels`,
					{
						itemIndex,
						description:
							'Space labels are filtered by My or Team only; remove the option to get both.',
					},
				);
			}
			qs.prefix = options.prefix;
		}
		switch (of) {
			case 'page':
				return {
					method: 'GET',
					path: apiPath`/pages/${await resolveContentId(this, itemIndex, 'page', 'page', 'Page')}/labels`,
					qs,
				};
			case 'blogPost':
				return {
					method: 'GET',
					path: apiPath`/blogposts/${await resolveContentId(this, itemIndex, 'blogpost', 'blogPost', 'Blog Post')}/labels`,
					qs,
				};
			case 'attachment': {
				const raw = requireValue(
					this,
					itemIndex,
					'Attachment ID',
					this.getNodeParameter('attachmentId', itemIndex, ''),
				);
				// v2 addresses attachment labels by the numeric part of the ID.
				const id = /^att\d+$/i.test(raw) ? raw.slice(3) : raw;
				if (!/^\d+$/.test(id)) {
					throw new NodeOperationError(
						this.getNode(),
						`The parameter "Attachment ID" must look like att123456 or 123456, got "${raw.slice(0, 80)}"`,
						{
							itemIndex,
						},
					);
				}
				return { method: 'GET', path: apiPath`/attachments/${id}/labels`, qs };
			}
			case 'space':
				return {
					method: 'GET',
					path: apiPath`/spaces/${await resolveSpaceId(this, itemIndex)}/labels`,
					qs,
				};
			case 'spaceContent':
				return {
					method: 'GET',
					path: apiPath`/spaces/${await resolveSpaceId(this, itemIndex)}/content/labels`,
					qs,
				};
			default:
				return { method: 'GET', path: apiPath`/labels`, qs };
		}
	},
});
