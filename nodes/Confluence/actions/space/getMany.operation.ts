import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { simplifyProperty, sortOptionsCollection } from '../common/descriptions';
import { splitList } from '../common/values';
import { SPACE_TYPES, shapeSpace } from './shared';
import { apiPath } from '../../transport';

const MAX_FILTER_VALUES = 250;

export const { description, execute } = listOperation({
	resource: 'space',
	operation: 'getMany',
	properties: [],
	after: [
		{
			...simplifyProperty,
			description:
				"Whether to return flat objects (ID, key, name, type, status, description text, homepage, link) instead of Confluence's raw response",
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'IDs',
					name: 'ids',
					type: 'string',
					default: '',
					placeholder: 'e.g. 98306, 98307',
					description: 'Only these spaces, by numeric ID (comma-separated, up to 250)',
				},
				{
					displayName: 'Keys',
					name: 'keys',
					type: 'string',
					default: '',
					placeholder: 'e.g. DOCS, TEAM',
					description: 'Only these spaces, by key (comma-separated, up to 250)',
				},
				{
					displayName: 'Label Names or IDs',
					name: 'labels',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getLabels' },
					default: [],
					description:
						'Only spaces with at least one of these labels. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'current',
					options: [
						{ name: 'Archived', value: 'archived' },
						{ name: 'Current', value: 'current' },
					],
					description: 'Only current or only archived spaces',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 'global',
					options: SPACE_TYPES,
					description: 'Only spaces of this type',
				},
			],
		},
		sortOptionsCollection({
			default: 'name',
			options: [
				{ name: 'ID (Ascending)', value: 'id' },
				{ name: 'ID (Descending)', value: '-id' },
				{ name: 'Key (A to Z)', value: 'key' },
				{ name: 'Key (Z to A)', value: '-key' },
				{ name: 'Name (A to Z)', value: 'name' },
				{ name: 'Name (Z to A)', value: '-name' },
			],
			description: 'Order of the spaces',
		}),
	],
	request(this: IExecuteFunctions, itemIndex: number) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = { 'description-format': 'plain' };
		const ids = splitList(filters.ids);
		const badId = ids.find((id) => !/^\d+$/.test(id));
		if (badId !== undefined) {
			throw new NodeOperationError(
				this.getNode(),
				`The filter "IDs" must list numeric space IDs, got "${badId.slice(0, 80)}"`,
				{
					itemIndex,
					description: 'To filter by space key, use the "Keys" filter.',
				},
			);
		}
		const keys = splitList(filters.keys);
		for (const [displayName, list] of [
			['IDs', ids],
			['Keys', keys],
		] as const) {
			if (list.length > MAX_FILTER_VALUES) {
				throw new NodeOperationError(
					this.getNode(),
					`The filter "${displayName}" lists ${list.length} values; Confluence accepts up to ${MAX_FILTER_VALUES}`,
					{
						itemIndex,
						description:
							'Split the list over several items, or leave the filter out and filter the results.',
					},
				);
			}
		}
		if (ids.length) qs.ids = ids;
		if (keys.length) qs.keys = keys;
		const labels = splitList(filters.labels);
		if (labels.length) qs.labels = labels;
		if (filters.type) qs.type = filters.type;
		if (filters.status) qs.status = filters.status;
		if (options.sort) qs.sort = options.sort;
		return { method: 'GET', path: apiPath`/spaces`, qs };
	},
	output(this: IExecuteFunctions, spaces: IDataObject[], itemIndex: number) {
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return spaces.map((space) => shapeSpace(space, simplify));
	},
});
