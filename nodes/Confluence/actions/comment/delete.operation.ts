import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import {
	COMMENT_PATH,
	commentIdProperty,
	commentTypeProperty,
	readCommentId,
	readCommentType,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'comment',
	operation: 'delete',
	properties: [
		commentTypeProperty,
		{
			...commentIdProperty,
			description:
				'The numeric ID of the comment to delete. Deleting a comment is permanent (comments have no trash).',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const id = readCommentId(this, itemIndex);
		await confluenceApi.call(this, {
			method: 'DELETE',
			path: apiPath`${COMMENT_PATH[commentType]}/${id}`,
			itemIndex,
		});
		return { id, commentType, deleted: true };
	},
});
