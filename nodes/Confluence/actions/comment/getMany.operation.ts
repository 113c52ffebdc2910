import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { bodyFormatQuery } from '../common/body';
import { bodyListFormatProperty, type BodyReadFormat } from '../common/descriptions';
import {
	commentSimplifyProperty,
	commentTypeProperty,
	containerLocators,
	readCommentType,
	resolveCommentContainer,
	shapeComment,
	type CommentContainer,
} from './shared';
import { apiPath } from '../../transport';

export const { description, execute } = listOperation({
	resource: 'comment',
	operation: 'getMany',
	properties: [
		commentTypeProperty,
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			default: 'page',
			description: 'Whether to list the comments of a page or of a blog post',
			options: [
				{ name: 'Blog Post', value: 'blogPost' },
				{ name: 'Page', value: 'page' },
			],
		},
		...containerLocators('contentType', (lower) => `The ${lower} whose comments to list`),
	],
	after: [
		{ ...bodyListFormatProperty, default: 'storage' },
		commentSimplifyProperty,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'Resolution Status',
					name: 'resolutionStatus',
					type: 'multiOptions',
					default: [],
					description:
						'Inline comments only: only comments in these states. Dangling comments lost the text they were attached to.',
					options: [
						{ name: 'Dangling', value: 'dangling' },
						{ name: 'Open', value: 'open' },
						{ name: 'Reopened', value: 'reopened' },
						{ name: 'Resolved', value: 'resolved' },
					],
				},
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					default: 'created-date',
					options: [
						{ name: 'Created (Newest First)', value: '-created-date' },
						{ name: 'Created (Oldest First)', value: 'created-date' },
						{ name: 'Modified (Newest First)', value: '-modified-date' },
						{ name: 'Modified (Oldest First)', value: 'modified-date' },
					],
				},
			],
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const container = this.getNodeParameter('contentType', itemIndex, 'page') as CommentContainer;
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const { spec, id } = await resolveCommentContainer(
			this,
			itemIndex,
			container === 'blogPost' ? 'blogPost' : 'page',
		);
		const qs: IDataObject = {};
		const bodyFormat = bodyFormatQuery(format);
		if (bodyFormat) qs['body-format'] = bodyFormat;
		if (filters.sort) qs.sort = filters.sort;
		const resolution = filters.resolutionStatus;
		if (commentType === 'inline' && Array.isArray(resolution) && resolution.length) {
			qs['resolution-status'] = resolution;
		}
		return { method: 'GET', path: apiPath`${spec.path}/${id}/${commentType}-comments`, qs };
	},
	output(this: IExecuteFunctions, comments: IDataObject[], itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return comments.map((raw) => shapeComment(raw, format, simplify, commentType));
	},
});
