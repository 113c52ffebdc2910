import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../types';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as upload from './upload.operation';

export const operations: Record<string, OperationModule> = {
	delete: del,
	download,
	get,
	getMany,
	upload,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['attachment'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Move an attachment to the trash, or delete it permanently',
				action: 'Delete an attachment of a page or blog post',
			},
			{
				name: 'Download',
				value: 'download',
				description: "Download an attachment's file into binary data, with its details as JSON",
				action: 'Download an attachment as a binary file',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get an attachment's details (name, media type, size, version, links)",
				action: 'Get an attachment with its name and size and media type and link',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List the attachments of a page or blog post, optionally filtered and downloaded',
				action: 'Get many attachments of a page or blog post',
			},
			{
				name: 'Upload',
				value: 'upload',
				description:
					'Attach a file from binary data to a page or blog post; a file with the same name gets a new version',
				action: 'Upload a file as an attachment to a page or blog post',
			},
		],
		default: 'upload',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
