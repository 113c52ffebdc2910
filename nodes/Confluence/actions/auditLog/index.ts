import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as getMany from './getMany.operation';

export const operations: Record<string, OperationModule> = {
	getMany,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['auditLog'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List audit records, optionally within a time range and matching a search string (needs site admin)',
				action: 'Get many audit log records of the site for admins',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
