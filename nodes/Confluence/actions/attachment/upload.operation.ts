import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	apiPath,
	buildMultipart,
	confluenceApi,
	confluenceRequest,
	MultipartSizeMismatch,
	type MultipartFile,
} from '../../transport';
import { createOnce, digestOf } from '../../transport/landed';
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
): Promise<{ body: Buffer; contentType: string; data: Buffer }> {
	const partsWith = (file: Buffer | MultipartFile) => {
		const parts = [
			formField('file', file, { fileName: upload.fileName, contentType: upload.mimeType }),
			formField('minorEdit', upload.options.minorEdit ? 'true' : 'false'),
		];
		if (upload.options.comment) parts.push(formField('comment', String(upload.options.comment)));
		return parts;
	};
	const wholeFile = async () =>
		await ctx.helpers.getBinaryDataBuffer(itemIndex, upload.binaryPropertyName);
	const binary = ctx.helpers.assertBinaryData(itemIndex, upload.binaryPropertyName);
	let multipart;
	try {
		multipart = await buildMultipart(
			partsWith((await fileSource(ctx, binary)) ?? (await wholeFile())),
		);
	} catch (error) {
		if (!(error instanceof MultipartSizeMismatch)) {
			throw new NodeOperationError(ctx.getNode(), error as Error, {
				itemIndex,
				description: `Item ${itemIndex}: the file in the binary field "${upload.binaryPropertyName}" could not be read.`,
			});
		}
		// The stored size did not match the bytes (base64 with line breaks, a store without a size): read it whole.
		multipart = await buildMultipart(partsWith(await wholeFile()));
	}
	// The file's bytes are a view into the body: the landed check's digest reads them without a second copy.
	return { body: multipart.body, contentType: multipart.contentType, data: multipart.values[0] };
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

		const { fileName, options } = upload;
		const data = multipart.data;
		const comment = options.comment ? String(options.comment) : undefined;
		// PUT (not POST) so a file of the same name becomes a new version instead of a 400. Sent again after it landed, it
		// would add a second version: createOnce looks first.
		const answer = await createOnce(
			this,
			{
				method: 'PUT',
				api: 'v1',
				path: apiPath`/content/${container.id}/child/attachment`,
				body: multipart.body,
				headers: { 'Content-Type': multipart.contentType, 'X-Atlassian-Token': 'nocheck' },
				itemIndex,
			},
			{
				identity: [fileName, comment ?? '', options.minorEdit === true, digestOf(data)].join(
					'\u0000',
				),
				send: async (request) =>
					parseJsonAnswer((await confluenceRequest.call(this, request)).body),
				// One name per container: ours is the attachment of that name whose newest version is by the connected
				// account, made after we sent ours, with our file's size and our comment. (v2 answers, with the fields simplify
				// keeps.)
				find: async (since, accountId) => {
					const list = await confluenceApi.call(this, {
						method: 'GET',
						path: apiPath`${container.path}/attachments`,
						qs: { filename: fileName, limit: 25 },
						itemIndex,
					});
					const found = ((list.results as IDataObject[] | undefined) ?? []).find((attachment) => {
						const version = (attachment.version as IDataObject | undefined) ?? {};
						return (
							attachment.title === fileName &&
							String(version.authorId ?? '') === accountId &&
							Date.parse(String(version.createdAt)) >= since &&
							Number(attachment.fileSize) === data.length &&
							String(attachment.comment ?? '') === (comment ?? '')
						);
					});
					return found ? { results: [found], _links: list._links ?? {} } : undefined;
				},
			},
		);
		return uploadOutput(answer, upload.simplify);
	},
});
