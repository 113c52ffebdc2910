import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getContents from './getContents.operation';
import * as getMany from './getMany.operation';
import * as getPermissions from './getPermissions.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: del,
	get,
	getContents,
	getMany,
	getPermissions,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['space'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a space, optionally private (visible only to its creator)',
				action: 'Create a space',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a space and everything in it',
				action: 'Delete a space and everything in it',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a space by ID, key or URL',
				action: 'Get a space by key or id or link',
			},
			{
				name: 'Get Contents',
				value: 'getContents',
				description: 'List the pages and blog posts of a space, one item each',
				action: 'Get the contents of a space with its pages and blog posts',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List spaces, filtered by type, status, labels or keys',
				action: 'Get many spaces this account can see',
			},
			{
				name: 'Get Permissions',
				value: 'getPermissions',
				description: 'List who may do what in a space',
				action: 'Get the permissions of a space showing who may do what',
			},
		],
		default: 'getMany',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
