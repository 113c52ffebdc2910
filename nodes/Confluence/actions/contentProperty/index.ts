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
		displayOptions: { show: { resource: ['contentProperty'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a property (a key with a JSON value) to a page, blog post or whiteboard',
				action:
					'Create a content property to store a json value on a page or blog post or whiteboard',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Remove a property from a page, blog post or whiteboard, found by key or ID',
				action: 'Delete a content property by key or id',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one property of a page, blog post or whiteboard by key or ID',
				action: 'Get a content property and its json value by key or id',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the properties of a page, blog post or whiteboard',
				action: 'Get many content properties of a page or blog post or whiteboard',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Replace the value of a content property (the version number is handled for you)',
				action: 'Update the json value of a content property',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
