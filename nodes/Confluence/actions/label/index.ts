import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as add from './add.operation';
import * as getMany from './getMany.operation';
import * as remove from './remove.operation';

export const operations: Record<string, OperationModule> = {
	add,
	getMany,
	remove,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['label'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add one or more labels to a page, blog post or attachment',
				action: 'Add labels to a page or blog post or attachment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					"List labels: of the whole site, of a page, blog post, attachment or space, or used in a space's content",
				action: 'Get many labels of content or a space or the whole site',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove one or more labels from a page, blog post or attachment',
				action: 'Remove labels from a page or blog post or attachment',
			},
		],
		default: 'add',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
