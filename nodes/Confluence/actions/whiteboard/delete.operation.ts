import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { resolveWhiteboardId, whiteboardLocator } from './shared';

export const { description, execute } = defineOperation({
	resource: 'whiteboard',
	operation: 'delete',
	properties: [
		whiteboardLocator(
			"The whiteboard to delete. It moves to the space's trash, where it can be restored.",
		),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = resolveWhiteboardId(this, itemIndex);
		await confluenceApi.call(this, {
			method: 'DELETE',
			path: apiPath`/whiteboards/${id}`,
			itemIndex,
		});
		return { id, deleted: true, status: 'trashed' };
	},
});
