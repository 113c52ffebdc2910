import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as add from './add.operation';
import * as get from './get.operation';
import * as remove from './remove.operation';

export const operations: Record<string, OperationModule> = {
	add,
	get,
	remove,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contentRestriction'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description:
					'Restrict who may view or edit a page or blog post to the given users and groups',
				action: 'Add a content restriction so only given users or groups may view or edit',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get who may view and who may edit a page or blog post',
				action: 'Get content restrictions showing who may view or edit',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Take a user or group off a restriction, or lift all restrictions',
				action: 'Remove a content restriction for users or groups',
			},
		],
		default: 'get',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
