import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { executionItems } from '../types';
import {
	attachmentIdProperty,
	attachmentItem,
	attachmentSimplifyProperty,
	downloadAttachment,
	outputBinaryProperty,
	readAttachmentId,
	readBinaryPropertyName,
	simplifyAttachment,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'attachment',
	operation: 'download',
	properties: [
		{
			...attachmentIdProperty,
			description: 'The attachment to download. ' + attachmentIdProperty.description,
		},
		outputBinaryProperty,
		attachmentSimplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const attachmentId = readAttachmentId(this, itemIndex);
		const binaryPropertyName = readBinaryPropertyName(this, itemIndex, 'Put Output File in Field');
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const raw = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`/attachments/${attachmentId}`,
			itemIndex,
		});
		const binary = await downloadAttachment(this, itemIndex, raw);
		return executionItems([
			attachmentItem(
				itemIndex,
				simplify ? simplifyAttachment(raw) : raw,
				binaryPropertyName,
				binary,
			),
		]);
	},
});
