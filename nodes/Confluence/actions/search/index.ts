import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as query from './query.operation';

export const operations: Record<string, OperationModule> = {
	query,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['search'] } },
		options: [
			{
				name: 'Query',
				value: 'query',
				description:
					'Search all content on the server, by plain text with filters or by a CQL query, ranked by Confluence',
				action:
					'Search content with a cql query or plain text across pages and blog posts and comments and attachments',
			},
		],
		default: 'query',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
