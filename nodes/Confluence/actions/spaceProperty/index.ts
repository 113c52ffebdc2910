import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: del,
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
		displayOptions: { show: { resource: ['spaceProperty'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a property (a key with a JSON value) to a space',
				action: 'Create a space property to store a json value on a space',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a property from a space, found by key or ID',
				action: 'Delete a space property by key or id',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one space property by key or ID',
				action: 'Get a space property and its json value by key or id',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the properties of a space',
				action: 'Get many space properties of a space',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Replace the value of a space property (the version number is handled for you)',
				action: 'Update the json value of a space property',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
