import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceRequestAllItems } from '../../transport';
import { defineOperation } from '../common/builder';
import { limitProperty, returnAllProperty } from '../common/descriptions';
import { dropNullish, toEpochMillis } from '../common/values';

/** The audit endpoint's own default and the page size it serves without complaint. */
const AUDIT_PAGE_SIZE = 1000;

function simplifyRecord(record: IDataObject): IDataObject {
	const author = (record.author ?? {}) as IDataObject;
	const affected = (record.affectedObject ?? {}) as IDataObject;
	const created = Number(record.creationDate);
	const simplified: IDataObject = {
		createdAt: Number.isFinite(created) ? new Date(created).toISOString() : record.creationDate,
		summary: record.summary,
		category: record.category,
		description: record.description || undefined,
		authorName: author.displayName,
		authorAccountId: author.accountId,
		remoteAddress: record.remoteAddress,
		affectedObject: affected.name,
		affectedObjectType: affected.objectType,
		changedValues: record.changedValues,
		associatedObjects: record.associatedObjects,
		sysAdmin: record.sysAdmin,
	};
	return dropNullish(simplified);
}

export const { description, execute } = defineOperation({
	resource: 'auditLog',
	operation: 'getMany',
	properties: [
		{
			displayName: 'Reading the audit log needs Confluence site admin permission',
			name: 'adminNotice',
			type: 'notice',
			default: '',
		},
		returnAllProperty,
		limitProperty,
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				"Whether to return flat records (date as ISO text, summary, category, author, affected object, changes) instead of Confluence's raw response",
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description: 'Only records created before this time',
				},
				{
					displayName: 'Search String',
					name: 'searchString',
					type: 'string',
					default: '',
					placeholder: 'e.g. permission',
					description: 'Only records whose text fields contain this string',
				},
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'dateTime',
					default: '',
					description: 'Only records created at or after this time',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const startDate = toEpochMillis(this, itemIndex, 'Start Date', filters.startDate);
		const endDate = toEpochMillis(this, itemIndex, 'End Date', filters.endDate);
		if (startDate !== undefined && endDate !== undefined && startDate > endDate) {
			throw new NodeOperationError(this.getNode(), 'The filter "Start Date" is after "End Date"', {
				itemIndex,
				description: 'Swap the two dates, or leave one of them out.',
			});
		}
		const qs: IDataObject = {};
		// Audit dates are epoch milliseconds, the unit of each record's creationDate.
		if (startDate !== undefined) qs.startDate = String(startDate);
		if (endDate !== undefined) qs.endDate = String(endDate);
		if (typeof filters.searchString === 'string' && filters.searchString.trim())
			qs.searchString = filters.searchString.trim();
		const outcome = await confluenceRequestAllItems
			.call(
				this,
				{ method: 'GET', api: 'v1', path: apiPath`/audit`, qs, itemIndex },
				{ max: limit, pageSize: AUDIT_PAGE_SIZE, offsetFallback: true },
			)
			.then(
				(records) => ({ records }),
				(error: unknown) => ({ error }),
			);
		if ('error' in outcome) {
			if (outcome.error instanceof NodeApiError && String(outcome.error.httpCode) === '403') {
				throw new NodeOperationError(
					this.getNode(),
					'Reading the Confluence audit log needs site admin permission',
					{
						itemIndex,
						description:
							'Confluence answered 403 Forbidden. Use a credential of a Confluence administrator (site admin). With OAuth2, the app also needs the read:audit-log:confluence scope.',
					},
				);
			}
			throw outcome.error;
		}
		const { records } = outcome;
		return simplify ? records.map(simplifyRecord) : records;
	},
});
