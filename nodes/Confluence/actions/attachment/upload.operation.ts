import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildMultipart, confluenceRequest } from '../../transport';
import { defineOperation } from '../common/builder';
import {
	attachmentSimplifyProperty,
	containerProperties,
	parseJsonAnswer,
	readBinaryPropertyName,
	resolveContainer,
	simplifyAttachment,
} from './shared';

function formField(
	name: string,
	value: string | Buffer,
	file?: { fileName: string; contentType: string },
): { name: string; value: string | Buffer; fileName?: string; contentType?: string } {
	return { name, value, ...file };
}

/** What an upload sends, read and checked from the item before any request. */
export interface UploadInput {
	binaryPropertyName: string;
	fileName: string;
	mimeType: string;
	options: IDataObject;
	simplify: boolean;
}

export function readUpload(ctx: IExecuteFunctions, itemIndex: number): UploadInput {
	const binaryPropertyName = readBinaryPropertyName(ctx, itemIndex, 'Input Binary Field');
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
	const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
	if (!available.includes(binaryPropertyName)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "Input Binary Field" names "${binaryPropertyName}", which item ${itemIndex} does not have`,
			{
				itemIndex,
				description: available.length
					? `Item ${itemIndex} has the binary fields ${available.map((name) => `"${name}"`).join(', ')}. Put one of them in "Input Binary Field".`
					: `Item ${itemIndex} carries no binary data. Read or download the file in an earlier node (e.g. Read/Write Files from Disk, HTTP Request).`,
			},
		);
	}
	const binary = ctx.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const fileName = String(options.fileName || binary.fileName || '').trim();
	if (!fileName) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The file has no name: set the option "File Name"',
			{
				itemIndex,
				description: `Item ${itemIndex}: the binary field "${binaryPropertyName}" carries no file name, and Confluence needs one.`,
			},
		);
	}
	const mimeType = String(options.mimeType || binary.mimeType || 'application/octet-stream').trim();
	return { binaryPropertyName, fileName, mimeType, options, simplify };
}

/** The multipart body of an upload: the file, `minorEdit` and the optional comment. */
export async function uploadForm(
	ctx: IExecuteFunctions,
	itemIndex: number,
	upload: UploadInput,
): Promise<{ body: Buffer; contentType: string }> {
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, upload.binaryPropertyName);
	const parts = [
		formField('file', data, { fileName: upload.fileName, contentType: upload.mimeType }),
		formField('minorEdit', upload.options.minorEdit ? 'true' : 'false'),
	];
	if (upload.options.comment) parts.push(formField('comment', String(upload.options.comment)));
	return buildMultipart(parts);
}

/** The attachments an upload answered with (a ContentArray, or one attachment), with the site base on each. */
export function uploadOutput(answer: IDataObject, simplify: boolean): IDataObject[] {
	const base = (answer._links as IDataObject | undefined)?.base;
	const results = ((answer.results as IDataObject[] | undefined) ?? [answer]).map((attachment) => ({
		...attachment,
		_links: {
			...((attachment._links as IDataObject | undefined) ?? {}),
			...(base ? { base } : {}),
		},
	}));
	return simplify ? results.map(simplifyAttachment) : results;
}

export const { description, execute } = defineOperation({
	resource: 'attachment',
	operation: 'upload',
	properties: [
		...containerProperties((lower) => `The ${lower} to attach the file to`),
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
			description:
				'A file with the same name as an existing attachment of the page becomes a new version of that attachment',
		},
		attachmentSimplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					description: 'A comment stored with this version of the attachment',
				},
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					placeholder: 'e.g. report.pdf',
					description:
						"The attachment's name in Confluence. Defaults to the binary data's file name.",
				},
				{
					displayName: 'Mime Type',
					name: 'mimeType',
					type: 'string',
					default: '',
					placeholder: 'e.g. application/pdf',
					description: "The file's media type. Defaults to the binary data's MIME type.",
				},
				{
					displayName: 'Minor Edit',
					name: 'minorEdit',
					type: 'boolean',
					default: false,
					description: 'Whether to skip notifying the watchers of the page about the upload',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const upload = readUpload(this, itemIndex);
		const container = await resolveContainer(this, itemIndex);
		const multipart = await uploadForm(this, itemIndex, upload);

		// PUT (not POST) so a file of the same name becomes a new version instead of a 400; a multipart write is not
		// retried on a dropped connection since it might have been stored already.
		const response = await confluenceRequest.call(this, {
			method: 'PUT',
			api: 'v1',
			path: `/content/${container.id}/child/attachment`,
			body: multipart.body,
			headers: { 'Content-Type': multipart.contentType, 'X-Atlassian-Token': 'nocheck' },
			idempotent: false,
			itemIndex,
		});
		return uploadOutput(parseJsonAnswer(response.body), upload.simplify);
	},
});
