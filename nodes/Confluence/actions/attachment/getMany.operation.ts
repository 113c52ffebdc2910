import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { executionItems } from '../types';
import {
	attachmentItem,
	attachmentSimplifyProperty,
	containerProperties,
	downloadAttachment,
	resolveContainer,
	simplifyAttachment,
} from './shared';
import { apiPath } from '../../transport';

export const { description, execute } = listOperation({
	resource: 'attachment',
	operation: 'getMany',
	properties: containerProperties((lower) => `The ${lower} whose attachments to list`),
	after: [
		attachmentSimplifyProperty,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'File Name',
					name: 'filename',
					type: 'string',
					default: '',
					placeholder: 'e.g. report.pdf',
					description: 'Only the attachment with exactly this file name',
				},
				{
					displayName: 'Media Type',
					name: 'mediaType',
					type: 'string',
					default: '',
					placeholder: 'e.g. image/png',
					description: 'Only attachments of this media (MIME) type',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'multiOptions',
					default: [],
					description: 'Only attachments in these states (default: current and archived)',
					options: [
						{ name: 'Archived', value: 'archived' },
						{ name: 'Current', value: 'current' },
						{ name: 'Trashed', value: 'trashed' },
					],
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Download',
					name: 'download',
					type: 'boolean',
					default: false,
					description: 'Whether to also download each file into the binary data of its item',
				},
				{
					displayName: 'Put Output File in Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					hint: 'The name of the output binary field to put each downloaded file in',
				},
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'options',
					default: '-created-date',
					options: [
						{ name: 'Created (Newest First)', value: '-created-date' },
						{ name: 'Created (Oldest First)', value: 'created-date' },
						{ name: 'Modified (Newest First)', value: '-modified-date' },
						{ name: 'Modified (Oldest First)', value: 'modified-date' },
					],
				},
			],
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const container = await resolveContainer(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.filename) qs.filename = String(filters.filename).trim();
		if (filters.mediaType) qs.mediaType = String(filters.mediaType).trim();
		if (Array.isArray(filters.status) && filters.status.length) qs.status = filters.status;
		if (options.sort) qs.sort = options.sort;
		return { method: 'GET', path: apiPath`${container.path}/attachments`, qs };
	},
	async output(this: IExecuteFunctions, attachments: IDataObject[], itemIndex: number) {
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const shape = (raw: IDataObject) => (simplify ? simplifyAttachment(raw) : raw);
		if (!options.download) return attachments.map(shape);
		const binaryPropertyName = String(options.binaryPropertyName || 'data').trim() || 'data';
		const items = [];
		for (const raw of attachments) {
			const binary = await downloadAttachment(this, itemIndex, raw);
			items.push(attachmentItem(itemIndex, shape(raw), binaryPropertyName, binary));
		}
		return executionItems(items);
	},
});
