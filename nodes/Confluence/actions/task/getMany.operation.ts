import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bodyFormatQuery } from '../common/body';
import { listOperation } from '../common/builder';
import { contentLocator, spaceLocator, type BodyReadFormat } from '../common/descriptions';
import { readLocator, resolveContentId, resolveSpaceId } from '../common/resolve';
import { splitList, toEpochMillis } from '../common/values';
import { shapeTask, taskBodyFormatProperty, taskSimplifyProperty } from './shared';
import { apiPath } from '../../transport';

const MAX_FILTER_VALUES = 250;

const DATE_RANGES = [
	{ label: 'Completed', field: 'completed', query: 'completed-at' },
	{ label: 'Created', field: 'created', query: 'created-at' },
	{ label: 'Due', field: 'due', query: 'due-at' },
] as const;

const ACCOUNT_FILTERS = [
	{ displayName: 'Assigned To', name: 'assignedTo', query: 'assigned-to', who: 'assigned to' },
	{ displayName: 'Completed By', name: 'completedBy', query: 'completed-by', who: 'completed by' },
	{ displayName: 'Created By', name: 'createdBy', query: 'created-by', who: 'created by' },
] as const;

function dateFilters(): INodeProperties[] {
	return DATE_RANGES.flatMap(({ label, field }) => [
		{
			displayName: `${label} After`,
			name: `${field}From`,
			type: 'dateTime' as const,
			default: '',
			description: `Only tasks ${label.toLowerCase()} at or after this time`,
		},
		{
			displayName: `${label} Before`,
			name: `${field}To`,
			type: 'dateTime' as const,
			default: '',
			description: `Only tasks ${label.toLowerCase()} at or before this time`,
		},
	]);
}

const unsortedFilterOptions: INodeProperties[] = [
	...ACCOUNT_FILTERS.map(({ displayName, name, who }) => ({
		displayName,
		name,
		type: 'string' as const,
		default: '',
		placeholder: 'e.g. 5b10ac8d82e05b22cc7d4ef5',
		description: `Only tasks ${who} these users (Atlassian account IDs, comma-separated)`,
	})),
	{
		displayName: 'Blog Post IDs',
		name: 'blogPostIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 123456, 123457',
		description: 'Only tasks on these blog posts (comma-separated IDs)',
	},
	...dateFilters(),
	{
		displayName: 'Include Blank Tasks',
		name: 'includeBlankTasks',
		type: 'boolean',
		default: false,
		description: 'Whether to include tasks that have no text',
	},
	{
		...contentLocator('page', { required: false, description: 'Only tasks on this page' }),
	},
	{
		displayName: 'Page IDs',
		name: 'pageIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 123456, 123457',
		description: 'Only tasks on these pages (comma-separated IDs)',
	},
	{ ...spaceLocator({ required: false, description: 'Only tasks in this space' }) },
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'incomplete',
		options: [
			{ name: 'Complete', value: 'complete' },
			{ name: 'Incomplete', value: 'incomplete' },
		],
		description: 'Only complete or only incomplete tasks',
	},
];

const filterOptions = unsortedFilterOptions.sort((a, b) =>
	a.displayName.localeCompare(b.displayName),
);

function numericIds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): string[] {
	const ids = splitList(value);
	const bad = ids.find((id) => !/^\d+$/.test(id));
	if (bad !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The filter "${displayName}" must list numeric IDs, got "${bad.slice(0, 80)}"`,
			{
				itemIndex,
			},
		);
	}
	return ids;
}

function limited(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	values: string[],
): string[] {
	if (values.length > MAX_FILTER_VALUES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The filter "${displayName}" lists ${values.length} values; Confluence accepts up to ${MAX_FILTER_VALUES}`,
			{
				itemIndex,
			},
		);
	}
	return values;
}

export const { description, execute } = listOperation({
	resource: 'task',
	operation: 'getMany',
	properties: [],
	after: [
		taskBodyFormatProperty,
		taskSimplifyProperty,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: filterOptions,
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'plain') as BodyReadFormat;
		const qs: IDataObject = {};
		const bodyFormat = bodyFormatQuery(format);
		if (bodyFormat) qs['body-format'] = bodyFormat;
		if (filters.status) qs.status = filters.status;
		if (filters.includeBlankTasks) qs['include-blank-tasks'] = true;
		for (const { displayName, name, query } of ACCOUNT_FILTERS) {
			const accounts = limited(this, itemIndex, displayName, splitList(filters[name]));
			if (accounts.length) qs[query] = accounts;
		}
		for (const { label, field, query } of DATE_RANGES) {
			const from = toEpochMillis(this, itemIndex, `${label} After`, filters[`${field}From`]);
			const to = toEpochMillis(this, itemIndex, `${label} Before`, filters[`${field}To`]);
			if (from !== undefined && to !== undefined && from > to) {
				throw new NodeOperationError(
					this.getNode(),
					`The filter "${label} After" is later than "${label} Before"`,
					{
						itemIndex,
					},
				);
			}
			if (from !== undefined) qs[`${query}-from`] = from;
			if (to !== undefined) qs[`${query}-to`] = to;
		}
		const pageIds = numericIds(this, itemIndex, 'Page IDs', filters.pageIds);
		const blogPostIds = limited(
			this,
			itemIndex,
			'Blog Post IDs',
			numericIds(this, itemIndex, 'Blog Post IDs', filters.blogPostIds),
		);
		// Locators inside a collection are read by their dotted path; an empty one means "no filter".
		if (readLocator(this, itemIndex, 'filters.page').value) {
			pageIds.push(await resolveContentId(this, itemIndex, 'page', 'filters.page', 'Page'));
		}
		if (pageIds.length) qs['page-id'] = limited(this, itemIndex, 'Page IDs', [...new Set(pageIds)]);
		if (blogPostIds.length) qs['blogpost-id'] = blogPostIds;
		if (readLocator(this, itemIndex, 'filters.space').value) {
			qs['space-id'] = [await resolveSpaceId(this, itemIndex, 'filters.space', 'Space')];
		}
		return { method: 'GET', path: apiPath`/tasks`, qs };
	},
	output(this: IExecuteFunctions, tasks: IDataObject[], itemIndex: number) {
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'plain') as BodyReadFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return tasks.map((task) => shapeTask(task, format, simplify));
	},
});
