import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { attachmentIdProperty, readAttachmentId } from './shared';

export const { description, execute } = defineOperation({
	resource: 'attachment',
	operation: 'delete',
	properties: [
		{
			...attachmentIdProperty,
			description: `The attachment to delete. ${attachmentIdProperty.description}`,
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Purge',
					name: 'purge',
					type: 'boolean',
					default: false,
					description:
						'Whether to delete the attachment permanently instead of moving it to the trash. Needs space admin permission; it cannot be undone.',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const attachmentId = readAttachmentId(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		// Unlike the other attachment endpoints, DELETE declares its ID an integer: the number without `att`.
		const path = apiPath`/attachments/${attachmentId.replace(/^att/, '')}`;
		let trashFailure: unknown;
		try {
			await confluenceApi.call(this, { method: 'DELETE', path, itemIndex });
		} catch (error) {
			trashFailure = error;
		}
		// A trashed attachment answers 404 to a plain DELETE; when purging, that is the state the first call aims for.
		const alreadyTrashed =
			trashFailure instanceof NodeApiError && String(trashFailure.httpCode) === '404';
		if (trashFailure && !(options.purge && alreadyTrashed)) throw trashFailure;
		if (options.purge) {
			await confluenceApi.call(this, { method: 'DELETE', path, qs: { purge: true }, itemIndex });
		}
		return { id: attachmentId, deleted: true, purged: options.purge === true };
	},
});
