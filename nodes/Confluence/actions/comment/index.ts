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
		displayOptions: { show: { resource: ['comment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Add a footer comment, an inline comment on a piece of text, or a reply, to a page or blog post',
				action: 'Create a comment on a page or blog post or a reply to a comment',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a footer or inline comment permanently',
				action: 'Delete a comment by its id',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one footer or inline comment, its body in the chosen format',
				action: 'Get a comment and its body by its id',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List the footer or inline comments of a page or blog post (inline: optionally by resolution status)',
				action: 'Get many comments of a page or blog post',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change the text of a comment, or resolve or reopen an inline comment (the version number is handled for you)',
				action: 'Update the text of a comment',
			},
		],
		default: 'create',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
