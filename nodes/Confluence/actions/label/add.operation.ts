import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { labelContentIdProperty, labelPrefixProperty, readLabelTarget } from './shared';

export const { description, execute } = defineOperation({
	resource: 'label',
	operation: 'add',
	properties: [
		labelContentIdProperty,
		{
			displayName: 'Labels',
			name: 'labels',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. release-notes, q3',
			description:
				'One or more label names, separated by commas (or a list from an expression). Labels already on the content are kept.',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [labelPrefixProperty],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { contentId, names } = readLabelTarget(this, itemIndex, { checkCharacters: true });
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const prefix = (options.prefix as string | undefined) || 'global';
		const response = await confluenceApi.call(this, {
			method: 'POST',
			api: 'v1',
			path: apiPath`/content/${contentId}/label`,
			body: names.map((name) => ({ prefix, name })),
			// Adding a label that is already there changes nothing, so a repeated POST is harmless.
			idempotent: true,
			itemIndex,
		});
		const labels = ((response.results as IDataObject[] | undefined) ?? []).map((label) => ({
			id: label.id === undefined ? undefined : String(label.id),
			name: label.name,
			prefix: label.prefix,
		}));
		return { contentId, added: names, labels };
	},
});
