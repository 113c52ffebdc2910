import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	buildMultipart,
	confluenceRequest,
	MultipartSizeMismatch,
	type MultipartFile,
} from '../../transport';
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
	value: string | Buffer | MultipartFile,
	file?: { fileName: string; contentType: string },
): {
	name: string;
	value: string | Buffer | MultipartFile;
	fileName?: string;
	contentType?: string;
} {
	return { name, value, ...file };
}

/**
 * The item's file as a multipart part that is written straight into the request body, so that the upload holds the
 * file once rather than twice (issue 12). Stored binary data (filesystem or S3 mode: it has an id) is streamed from
 * the store; inline data (base64 in the item) is decoded into the body. Undefined when neither applies.
 */
async function fileSource(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
): Promise<MultipartFile | undefined> {
	const binaryId = binary.id;
	if (binaryId) {
		if (typeof ctx.helpers.getBinaryMetadata !== 'function') return undefined;
		const { fileSize } = await ctx.helpers.getBinaryMetadata(binaryId);
		if (!Number.isSafeInteger(fileSize) || fileSize < 0) return undefined;
		return {
			size: fileSize,
			async writeInto(target, offset) {
				const stream = await ctx.helpers.getBinaryStream(binaryId);
				let written = 0;
				for await (const chunk of stream as AsyncIterable<Buffer>) {
					if (written + chunk.length > fileSize) {
						stream.destroy();
						return written + chunk.length;
					}
					written += chunk.copy(target, offset + written);
				}
				return written;
			},
		};
	}
	const base64 = binary.data;
	if (typeof base64 !== 'string' || !base64) return undefined;
	const size = Buffer.byteLength(base64, 'base64');
	return {
		size,
		writeInto: async (target, offset) => target.write(base64, offset, size, 'base64'),
	};
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
		const binaryPropertyName = readBinaryPropertyName(this, itemIndex, 'Input Binary Field');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const available = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
		if (!available.includes(binaryPropertyName)) {
			throw new NodeOperationError(
				this.getNode(),
				`The parameter "Input Binary Field" names "${binaryPropertyName}", which item ${itemIndex} does not have`,
				{
					itemIndex,
					description: available.length
						? `Item ${itemIndex} has the binary fields ${available.map((name) => `"${name}"`).join(', ')}. Put one of them in "Input Binary Field".`
						: `Item ${itemIndex} carries no binary data. Read or download the file in an earlier node (e.g. Read/Write Files from Disk, HTTP Request).`,
				},
			);
		}
		const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
		const fileName = String(options.fileName || binary.fileName || '').trim();
		if (!fileName) {
			throw new NodeOperationError(
				this.getNode(),
				'The file has no name: set the option "File Name"',
				{
					itemIndex,
					description: `Item ${itemIndex}: the binary field "${binaryPropertyName}" carries no file name, and Confluence needs one.`,
				},
			);
		}
		const mimeType = String(
			options.mimeType || binary.mimeType || 'application/octet-stream',
		).trim();
		const container = await resolveContainer(this, itemIndex);
		const partsWith = (file: Buffer | MultipartFile) => {
			const parts = [
				formField('file', file, { fileName, contentType: mimeType }),
				formField('minorEdit', options.minorEdit ? 'true' : 'false'),
			];
			if (options.comment) parts.push(formField('comment', String(options.comment)));
			return parts;
		};
		const source = await fileSource(this, binary);
		let multipart;
		try {
			multipart = await buildMultipart(
				partsWith(
					source ?? (await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName)),
				),
			);
		} catch (error) {
			if (!(error instanceof MultipartSizeMismatch)) {
				throw new NodeOperationError(this.getNode(), error as Error, {
					itemIndex,
					description: `Item ${itemIndex}: the file in the binary field "${binaryPropertyName}" could not be read.`,
				});
			}
			// The stored size did not match the bytes (base64 with line breaks, a store without a size): read it whole.
			multipart = await buildMultipart(
				partsWith(await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName)),
			);
		}

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
		const answer = parseJsonAnswer(response.body);
		const base = (answer._links as IDataObject | undefined)?.base;
		const results = ((answer.results as IDataObject[] | undefined) ?? [answer]).map(
			(attachment) => ({
				...attachment,
				_links: {
					...((attachment._links as IDataObject | undefined) ?? {}),
					...(base ? { base } : {}),
				},
			}),
		);
		return simplify ? results.map(simplifyAttachment) : results;
	},
});
