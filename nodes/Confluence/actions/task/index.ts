import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	get,
	getMany,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one task (a checkbox item on a page or blog post)',
				action: 'Get a task from a checklist on a page or blog post',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List tasks, filtered by space, page, assignee, status and dates',
				action: 'Get many tasks filtered by page or space or status or assignee',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Mark a task complete or incomplete',
				action: 'Update a task to mark it complete or incomplete',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
