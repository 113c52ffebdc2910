import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { labelContentIdProperty, readLabelTarget } from './shared';

export const { description, execute } = defineOperation({
	resource: 'label',
	operation: 'remove',
	properties: [
		labelContentIdProperty,
		{
			displayName: 'Labels',
			name: 'labels',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. draft',
			description:
				'The label name to remove, or several separated by commas (or a list from an expression)',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { contentId, names } = readLabelTarget(this, itemIndex, { checkCharacters: false });
		for (const name of names) {
			// The query-parameter form also handles names with "/", which the path form rejects.
			await confluenceApi.call(this, {
				method: 'DELETE',
				api: 'v1',
				path: apiPath`/content/${contentId}/label`,
				qs: { name },
				itemIndex,
			});
		}
		return { contentId, removed: names, deleted: true };
	},
});
