import type { IExecuteFunctions } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import { apiPath } from '../../transport';

/** Confluence walks at most ten levels down per request. */
const MAX_DEPTH = 10;

export const { description, execute } = listOperation({
	resource: 'page',
	operation: 'getDescendants',
	properties: [
		contentLocator('page', { description: 'The page whose descendants to list' }),
		{
			displayName: 'Depth',
			name: 'depth',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_DEPTH },
			default: MAX_DEPTH,
			description:
				'How many levels below the page to include: 1 is its children only, 10 the most Confluence allows',
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		const depth = Math.min(
			MAX_DEPTH,
			Math.max(1, Math.floor(this.getNodeParameter('depth', itemIndex, MAX_DEPTH) as number)),
		);
		return { method: 'GET', path: apiPath`/pages/${id}/descendants`, qs: { depth } };
	},
});
