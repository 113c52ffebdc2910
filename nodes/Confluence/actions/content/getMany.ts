import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, confluencePages, type ConfluenceRequest } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyFormatQuery } from '../common/body';
import {
	bodyListFormatProperty,
	limitProperty,
	returnAllProperty,
	simplifyProperty,
	sortOptionsCollection,
	spaceLocator,
	type BodyReadFormat,
} from '../common/descriptions';
import { compactContent, toolOutputProperty, wantsCompactOutput } from '../common/compact';
import { readLocator, requireNumericId, resolveSpaceId } from '../common/resolve';
import { shapeContent } from '../common/simplify';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';
import { isNotFound, settle } from './write';

const PAGE_SIZE = 250;

function filtersProperty(spec: ContentSpec): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Author Account ID',
			name: 'authorId',
			type: 'string',
			default: '',
			description: `Only ${spec.plural} created by this Atlassian account ID`,
		},
		{
			displayName: 'Label ID',
			name: 'labelId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 65538',
			description: `Only ${spec.plural} with the label of this numeric ID`,
		},
		{
			displayName: 'Label Name',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'e.g. release-notes',
			description: `Only ${spec.plural} with this label`,
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			description: `Only ${spec.plural} in these states (Confluence's default: published${spec.kind === 'page' ? ' and archived' : ''})`,
			options: spec.listStatuses,
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			description: `Only ${spec.plural} with exactly this title`,
		},
	];
	if (spec.kind === 'page') {
		options.push({
			displayName: 'Depth',
			name: 'depth',
			type: 'options',
			default: 'all',
			description: 'With a space chosen: every page, or only the pages at the top of the space',
			options: [
				{ name: 'All Pages', value: 'all' },
				{ name: 'Root Pages Only', value: 'root' },
			],
		});
	}
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Label name to ID through v1: the v2 label list cannot filter by name. Undefined when no such label exists. */
async function labelIdForName(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	name: string,
): Promise<string | undefined> {
	const outcome = await settle(
		confluenceApi.call(ctx, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/label`,
			qs: { name, type: spec.v1Type, limit: 1 },
			itemIndex,
		}),
	);
	if (!outcome.ok) {
		if (isNotFound(outcome.error)) return undefined;
		throw outcome.error;
	}
	const label = outcome.value.label as IDataObject | undefined;
	return label?.id !== undefined ? String(label.id) : undefined;
}

export function getManyContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		spaceLocator({
			required: false,
			description: `Only ${spec.plural} in this space; leave empty to list ${spec.plural} of all spaces`,
		}),
		returnAllProperty,
		limitProperty,
		filtersProperty(spec),
		{ ...bodyListFormatProperty },
		simplifyProperty,
		sortOptionsCollection({
			default: '-modified-date',
			description: 'The order of the results',
			options: spec.sortOptions,
		}),
		toolOutputProperty,
	];
	return defineOperation({
		resource: spec.resource,
		operation: 'getMany',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const compact = wantsCompactOutput(this, itemIndex);
			// The compact records carry an excerpt of each body, read from the storage format.
			const format = compact
				? 'plain'
				: (this.getNodeParameter('bodyFormat', itemIndex, 'none') as BodyReadFormat);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const hasSpace = readLocator(this, itemIndex, 'space').value !== '';
			const title =
				typeof filters.title === 'string' && filters.title !== '' ? filters.title : undefined;
			const statuses = Array.isArray(filters.status) ? (filters.status as string[]) : [];
			const authorId = typeof filters.authorId === 'string' ? filters.authorId.trim() : '';
			const labelName = typeof filters.label === 'string' ? filters.label.trim() : '';
			const labelIdInput = typeof filters.labelId === 'string' ? filters.labelId.trim() : '';
			const labelId = labelIdInput
				? requireNumericId(this, itemIndex, 'Label ID', labelIdInput)
				: undefined;
			const byLabel = labelId !== undefined || labelName !== '';
			if (filters.depth === 'root' && !hasSpace) {
				throw new NodeOperationError(this.getNode(), 'The filter "Depth" needs a Space', {
					itemIndex,
					description:
						'Root pages are the top pages of one space. Choose the space, or remove the Depth filter.',
				});
			}
			if (filters.depth === 'root' && byLabel) {
				throw new NodeOperationError(
					this.getNode(),
					'The filter "Depth" cannot be combined with a label filter',
					{
						itemIndex,
						description:
							'Confluence lists labelled pages without their place in the tree. Remove one of the two filters.',
					},
				);
			}

			const spaceId = hasSpace ? await resolveSpaceId(this, itemIndex) : undefined;
			const qs: IDataObject = {};
			const bodyFormat = bodyFormatQuery(format);
			if (bodyFormat) qs['body-format'] = bodyFormat;
			if (options.sort) qs.sort = options.sort;
			let request: ConfluenceRequest;
			if (byLabel) {
				const id = labelId ?? (await labelIdForName(this, itemIndex, spec, labelName));
				if (id === undefined) return [];
				if (spaceId) qs['space-id'] = spaceId;
				request = { method: 'GET', path: apiPath`/labels/${id}${spec.path}`, qs, itemIndex };
			} else {
				if (title) qs.title = title;
				if (statuses.length) qs.status = statuses;
				if (spaceId && filters.depth === 'root') qs.depth = 'root';
				const path = spaceId ? apiPath`/spaces/${spaceId}${spec.path}` : spec.path;
				request = { method: 'GET', path, qs, itemIndex };
			}

			// The label lists take no title, status or author filter, and no list takes an author: those are matched here.
			const matches = (item: IDataObject): boolean =>
				(!authorId || item.authorId === authorId) &&
				(!byLabel || title === undefined || item.title === title) &&
				(!byLabel || !statuses.length || statuses.includes(String(item.status)));
			const filtersLocally =
				authorId !== '' || (byLabel && (title !== undefined || statuses.length > 0));
			const results: IDataObject[] = [];
			const pages = confluencePages.call(this, request, {
				pageSize: PAGE_SIZE,
				max: filtersLocally || limit === Infinity ? undefined : limit,
			});
			for await (const page of pages) {
				for (const item of page) {
					if (!matches(item)) continue;
					results.push(compact ? item : shapeContent(item, format, simplify));
					if (results.length >= limit) break;
				}
				if (results.length >= limit) break;
			}
			return compact ? await compactContent(this, itemIndex, results, 'excerpt') : results;
		},
	});
}
