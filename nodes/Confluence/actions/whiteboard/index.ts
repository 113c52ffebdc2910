import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: del,
	get,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whiteboard'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a whiteboard in a space, optionally under a parent and from a template',
				action: 'Create a whiteboard in a space',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Move a whiteboard to the trash',
				action: 'Delete a whiteboard by id or link',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a whiteboard by ID or URL',
				action: 'Get a whiteboard by id or link',
			},
		],
		default: 'create',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
