import type { INodeProperties } from 'n8n-workflow';

import type { AnyOperationModule } from '../types';
import * as copy from './copy.operation';
import * as create from './create.operation';
import * as createOrUpdate from './createOrUpdate.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAncestors from './getAncestors.operation';
import * as getChildren from './getChildren.operation';
import * as getDescendants from './getDescendants.operation';
import * as getLikeCount from './getLikeCount.operation';
import * as getLikes from './getLikes.operation';
import * as getMany from './getMany.operation';
import * as getOperations from './getOperations.operation';
import * as getVersion from './getVersion.operation';
import * as getVersions from './getVersions.operation';
import * as move from './move.operation';
import * as publishFolder from './publishFolder.operation';
import * as restoreVersion from './restoreVersion.operation';
import * as update from './update.operation';

export const operations: Record<string, AnyOperationModule> = {
	copy,
	create,
	createOrUpdate,
	delete: del,
	get,
	getAncestors,
	getChildren,
	getDescendants,
	getLikeCount,
	getLikes,
	getMany,
	getOperations,
	getVersion,
	getVersions,
	move,
	publishFolder,
	restoreVersion,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['page'] } },
		options: [
			{
				name: 'Copy',
				value: 'copy',
				description: 'Copy a page into a space, under a page, or over an existing page',
				action: 'Copy a page into another space or under another page',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a page in a space, from Markdown, storage format, ADF, wiki markup or text',
				action: 'Create a page in a space from markdown or another format',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description:
					'Update the page with this title in the space, or create it when there is none (upsert by title)',
				action: 'Create or update a page found by its title in a space',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Move a page to the trash, purge it, or discard its draft',
				action: 'Delete a page to the trash or purge it',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a page, its body in the chosen format',
				action: 'Get a page and its body by id or link or exact title',
			},
			{
				name: 'Get Ancestors',
				value: 'getAncestors',
				description: 'Get the pages above a page, from the top of the space down',
				action: 'Get ancestors of a page up to the space root',
			},
			{
				name: 'Get Children',
				value: 'getChildren',
				description:
					'Get the direct children of a page (pages, folders, whiteboards, databases, embeds)',
				action: 'Get children of a page one level down',
			},
			{
				name: 'Get Descendants',
				value: 'getDescendants',
				description: 'Get everything below a page, down to a depth',
				action: 'Get descendants of a page at every level below it',
			},
			{
				name: 'Get Like Count',
				value: 'getLikeCount',
				description: 'Get how many people liked a page',
				action: 'Get the like count of a page',
			},
			{
				name: 'Get Likes',
				value: 'getLikes',
				description: 'Get the users who liked a page',
				action: 'Get likes of a page and who gave them',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List pages, optionally in a space, by title, status or label',
				action: 'Get many pages of one space or all filtered by title or status or label',
			},
			{
				name: 'Get Operations',
				value: 'getOperations',
				description: 'Get what the connected account may do with a page (read, update, delete…)',
				action: 'Get permitted operations on a page for this account',
			},
			{
				name: 'Get Version',
				value: 'getVersion',
				description: 'Get the details of one version of a page',
				action: 'Get a version of a page with its body at that version',
			},
			{
				name: 'Get Versions',
				value: 'getVersions',
				description: 'Get the version history of a page',
				action: 'Get versions of a page as its edit history',
			},
			{
				name: 'Move',
				value: 'move',
				description: 'Move a page before, after or under another page',
				action: 'Move a page under or beside another page',
			},
			{
				name: 'Publish Markdown Files',
				value: 'publishFolder',
				description:
					'Publish a docs folder (all input items: Markdown files, images, other files) as a page tree under a page, kept in sync',
				action: 'Publish markdown files as a page tree',
			},
			{
				name: 'Restore Version',
				value: 'restoreVersion',
				description: 'Make an earlier version of a page the current one again',
				action: 'Restore a version of a page as its newest version',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change the title, body (replace, append or prepend), status or parent of a page; the version number is handled for you',
				action: 'Update a page title or body by replacing or appending or prepending',
			},
		],
		default: 'get',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
