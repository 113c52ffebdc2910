import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { cqlString } from '../../helpers/cql';
import { listOperation } from '../common/builder';
import { requireValue } from '../common/resolve';
import { apiPath } from '../../transport';

type SearchBy = 'name' | 'accountId' | 'cql';

/** Search pages are small: Confluence may cap `limit` here, and a short page would end offset paging early. */
const SEARCH_PAGE_SIZE = 25;

export const { description, execute } = listOperation({
	resource: 'user',
	operation: 'search',
	properties: [
		{
			displayName: 'Search By',
			name: 'searchBy',
			type: 'options',
			default: 'name',
			options: [
				{
					name: 'Account ID',
					value: 'accountId',
					description: 'The user with this exact account ID',
				},
				{
					name: 'CQL',
					value: 'cql',
					description:
						'A CQL query on user fields (user, user.fullname, user.accountid, user.userkey)',
				},
				{ name: 'Name', value: 'name', description: 'Users whose full name matches the words' },
			],
			description: 'How to find the users',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Ada Lovelace',
			description: "Words of the user's full name",
			displayOptions: { show: { searchBy: ['name'] } },
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5b10ac8d82e05b22cc7d4ef5',
			description: 'The Atlassian account ID of the user',
			displayOptions: { show: { searchBy: ['accountId'] } },
		},
		{
			displayName: 'CQL',
			name: 'cql',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. user.fullname ~ "ada" OR user.fullname ~ "grace"',
			description: 'Only user fields work here; content fields such as space or title do not',
			displayOptions: { show: { searchBy: ['cql'] } },
		},
	],
	after: [
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				"Whether to return the user objects only, instead of Confluence's search results that wrap them",
		},
	],
	paging: { pageSize: SEARCH_PAGE_SIZE, offsetFallback: true },
	request(this: IExecuteFunctions, itemIndex: number) {
		const searchBy = this.getNodeParameter('searchBy', itemIndex, 'name') as SearchBy;
		let cql: string;
		if (searchBy === 'cql') {
			cql = requireValue(this, itemIndex, 'CQL', this.getNodeParameter('cql', itemIndex, ''));
		} else if (searchBy === 'accountId') {
			cql = `user.accountid = ${cqlString(requireValue(this, itemIndex, 'Account ID', this.getNodeParameter('accountId', itemIndex, '')))}`;
		} else {
			cql = `user.fullname ~ ${cqlString(requireValue(this, itemIndex, 'Name', this.getNodeParameter('name', itemIndex, '')))}`;
		}
		return { method: 'GET', api: 'v1', path: apiPath`/search/user`, qs: { cql } };
	},
	output(this: IExecuteFunctions, results: IDataObject[], itemIndex: number) {
		if (!(this.getNodeParameter('simplify', itemIndex, true) as boolean)) return results;
		return results.map((result) => (result.user as IDataObject | undefined) ?? result);
	},
});
