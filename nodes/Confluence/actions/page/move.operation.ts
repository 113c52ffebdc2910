import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';

export const { description, execute } = defineOperation({
	resource: 'page',
	operation: 'move',
	properties: [
		contentLocator('page', { description: 'The page to move (its children move with it)' }),
		{
			displayName: 'Position',
			name: 'position',
			type: 'options',
			default: 'append',
			description: 'Where to put the page relative to the target page',
			options: [
				{ name: 'After Target (Sibling)', value: 'after' },
				{ name: 'Before Target (Sibling)', value: 'before' },
				{ name: 'Inside Target (Last Child)', value: 'append' },
			],
		},
		contentLocator('page', {
			name: 'targetPage',
			displayName: 'Target Page',
			description: 'The page to move next to or under. It may be in another space.',
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const position = this.getNodeParameter('position', itemIndex, 'append') as string;
		if (!['after', 'before', 'append'].includes(position)) {
			throw new NodeOperationError(
				this.getNode(),
				`The parameter "Position" must be after, before or append, got "${position}"`,
				{
					itemIndex,
				},
			);
		}
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		const targetId = await resolveContentId(this, itemIndex, 'page', 'targetPage', 'Target Page');
		if (id === targetId) {
			throw new NodeOperationError(
				this.getNode(),
				'The parameters "Page" and "Target Page" are the same page',
				{
					itemIndex,
					description: 'A page cannot be moved next to or into itself.',
				},
			);
		}
		const response = await confluenceApi.call(this, {
			method: 'PUT',
			api: 'v1',
			path: apiPath`/content/${id}/move/${position}/${targetId}`,
			itemIndex,
		});
		const result: IDataObject = {
			id: String(response.pageId ?? id),
			moved: true,
			position,
			targetId,
		};
		return result;
	},
});
