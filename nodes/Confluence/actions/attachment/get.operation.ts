import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import {
	attachmentIdProperty,
	attachmentSimplifyProperty,
	readAttachmentId,
	simplifyAttachment,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'attachment',
	operation: 'get',
	properties: [attachmentIdProperty, attachmentSimplifyProperty],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const attachmentId = readAttachmentId(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const raw = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`/attachments/${attachmentId}`,
			itemIndex,
		});
		return simplify ? simplifyAttachment(raw) : raw;
	},
});
