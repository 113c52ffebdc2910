import type { IExecuteFunctions } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { contentLocator, sortOptionsCollection } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import { apiPath } from '../../transport';

export const { description, execute } = listOperation({
	resource: 'page',
	operation: 'getChildren',
	properties: [contentLocator('page', { description: 'The page whose direct children to list' })],
	after: [
		sortOptionsCollection({
			default: 'child-position',
			description: 'The order of the children',
			options: [
				{ name: 'Created (Newest First)', value: '-created-date' },
				{ name: 'Created (Oldest First)', value: 'created-date' },
				{ name: 'Modified (Newest First)', value: '-modified-date' },
				{ name: 'Modified (Oldest First)', value: 'modified-date' },
				{ name: 'Position in the Page Tree', value: 'child-position' },
				{ name: 'Title (A to Z)', value: 'title' },
				{ name: 'Title (Z to A)', value: '-title' },
			],
		}),
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		const options = this.getNodeParameter('options', itemIndex, {}) as { sort?: string };
		// direct-children replaces the deprecated /children and also lists folders, whiteboards, databases and embeds.
		return {
			method: 'GET',
			path: apiPath`/pages/${id}/direct-children`,
			qs: options.sort ? { sort: options.sort } : {},
		};
	},
});
