import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyFormatQuery } from '../common/body';
import { bodyReadFormatProperty, type BodyReadFormat } from '../common/descriptions';
import {
	COMMENT_PATH,
	commentIdProperty,
	commentSimplifyProperty,
	commentTypeProperty,
	readCommentId,
	readCommentType,
	shapeComment,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'comment',
	operation: 'get',
	properties: [
		commentTypeProperty,
		commentIdProperty,
		{ ...bodyReadFormatProperty, default: 'storage' },
		commentSimplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const id = readCommentId(this, itemIndex);
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const qs: IDataObject = {};
		const bodyFormat = bodyFormatQuery(format);
		if (bodyFormat) qs['body-format'] = bodyFormat;
		const raw = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`${COMMENT_PATH[commentType]}/${id}`,
			qs,
			itemIndex,
		});
		return shapeComment(raw, format, simplify, commentType);
	},
});
