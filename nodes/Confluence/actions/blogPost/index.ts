import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getLikeCount from './getLikeCount.operation';
import * as getLikes from './getLikes.operation';
import * as getMany from './getMany.operation';
import * as getOperations from './getOperations.operation';
import * as getVersion from './getVersion.operation';
import * as getVersions from './getVersions.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: del,
	get,
	getLikeCount,
	getLikes,
	getMany,
	getOperations,
	getVersion,
	getVersions,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['blogPost'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a blog post in a space, from Markdown, storage format, ADF, wiki markup or text',
				action: 'Create a blog post in a space from markdown or another format',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Move a blog post to the trash, purge it, or discard its draft',
				action: 'Delete a blog post to the trash or purge it',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a blog post, its body in the chosen format',
				action: 'Get a blog post and its body by id or link or exact title',
			},
			{
				name: 'Get Like Count',
				value: 'getLikeCount',
				description: 'Get how many people liked a blog post',
				action: 'Get the like count of a blog post',
			},
			{
				name: 'Get Likes',
				value: 'getLikes',
				description: 'Get the users who liked a blog post',
				action: 'Get likes of a blog post and who gave them',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List blog posts, optionally in a space, by title, status or label',
				action: 'Get many blog posts of one space or all filtered by title or status or label',
			},
			{
				name: 'Get Operations',
				value: 'getOperations',
				description:
					'Get what the connected account may do with a blog post (read, update, delete…)',
				action: 'Get permitted operations on a blog post for this account',
			},
			{
				name: 'Get Version',
				value: 'getVersion',
				description: 'Get the details of one version of a blog post',
				action: 'Get a version of a blog post with its body at that version',
			},
			{
				name: 'Get Versions',
				value: 'getVersions',
				description: 'Get the version history of a blog post',
				action: 'Get versions of a blog post as its edit history',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change the title, body (replace, append or prepend) or status of a blog post; the version number is handled for you',
				action: 'Update a blog post title or body by replacing or appending or prepending',
			},
		],
		default: 'get',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
