import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as get from './get.operation';
import * as getAnonymous from './getAnonymous.operation';
import * as getCurrent from './getCurrent.operation';
import * as search from './search.operation';

export const operations: Record<string, OperationModule> = {
	get,
	getAnonymous,
	getCurrent,
	search,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one or more users by Atlassian account ID',
				action: 'Get users by account ID',
			},
			{
				name: 'Get Anonymous',
				value: 'getAnonymous',
				description: 'Get the anonymous user, as Confluence shows visitors who are not logged in',
				action: 'Get the anonymous user',
			},
			{
				name: 'Get Current',
				value: 'getCurrent',
				description: 'Get the user the credential logs in as',
				action: 'Get the current user who owns this credential',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find users by name, account ID or a CQL query on user fields',
				action: 'Search users by name or account id or cql',
			},
		],
		default: 'getCurrent',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
