import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createHash } from 'crypto';

import {
	apiPath,
	buildMultipart,
	confluenceApi,
	confluenceRequest,
	MultipartSizeMismatch,
	type MultipartFile,
	type StreamedBody,
} from '../../transport';
import { createOnce, settle } from '../../transport/landed';
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

/** Characters of base64 decoded at a time: a multiple of 4, so that every slice decodes on its own. */
const BASE64_SLICE = 4 * 16 * 1024;

/** The item's file, read while it is sent, and what tells it apart from another file of that name in this item. */
interface ItemFile extends MultipartFile {
	identity: string;
}

async function sizeOf(chunks: AsyncIterable<Uint8Array>): Promise<number> {
	let size = 0;
	for await (const chunk of chunks) size += chunk.length;
	return size;
}

/**
 * The item's file as a multipart part that is read while the request is sent, so that an upload never holds the file
 * (issue 12). Stored binary data (filesystem, database or S3 mode: it has an id) is streamed from the store each time
 * the body is sent; inline data (base64 in the item) is decoded slice by slice. The id of stored data names its bytes
 * (n8n never changes stored binary data), so it tells this file apart; inline data is hashed.
 */
async function itemFile(ctx: IExecuteFunctions, binary: IBinaryData): Promise<ItemFile> {
	const binaryId = binary.id;
	if (binaryId) {
		const chunks = async function* (): AsyncGenerator<Uint8Array> {
			const stream = await ctx.helpers.getBinaryStream(binaryId);
			try {
				for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
			} finally {
				stream.destroy();
			}
		};
		const stored =
			typeof ctx.helpers.getBinaryMetadata === 'function'
				? (await ctx.helpers.getBinaryMetadata(binaryId)).fileSize
				: undefined;
		// A store that keeps no size: count the bytes once (they are read, not kept).
		const size =
			Number.isSafeInteger(stored) && (stored as number) >= 0
				? (stored as number)
				: await sizeOf(chunks());
		return { size, chunks, identity: `stored:${binaryId}` };
	}
	// Line breaks or spaces in base64 would shift every slice: drop them first (a rare copy of the text, not the bytes).
	const base64 = /[^A-Za-z0-9+/=]/.test(binary.data)
		? binary.data.replace(/[^A-Za-z0-9+/=]/g, '')
		: binary.data;
	const hash = createHash('sha256');
	for (let start = 0; start < base64.length; start += BASE64_SLICE) {
		hash.update(base64.slice(start, start + BASE64_SLICE));
	}
	return {
		size: Buffer.byteLength(base64, 'base64'),
		async *chunks() {
			for (let start = 0; start < base64.length; start += BASE64_SLICE) {
				yield Buffer.from(base64.slice(start, start + BASE64_SLICE), 'base64');
			}
		},
		identity: `inline:${hash.digest('hex')}`,
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

/** An upload's multipart body (the file, `minorEdit` and the optional comment), with the file's size and identity. */
export interface UploadForm {
	body: StreamedBody;
	contentType: string;
	fileSize: number;
	identity: string;
}

/**
 * Sends the item's file as `send` says. Should the file give another number of bytes than its store announced, that
 * send stops before its body is complete (Confluence receives no upload) and the file goes once more with its real size.
 */
export async function sendUpload<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	upload: UploadInput,
	send: (form: UploadForm) => Promise<T>,
): Promise<T> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, upload.binaryPropertyName);
	const unreadable = (error: Error) =>
		new NodeOperationError(ctx.getNode(), error, {
			itemIndex,
			description: `Item ${itemIndex}: the file in the binary field "${upload.binaryPropertyName}" could not be read.`,
		});
	let file: ItemFile;
	try {
		file = await itemFile(ctx, binary);
	} catch (error) {
		throw unreadable(error as Error);
	}
	const formOf = (size: number): UploadForm => {
		const parts = [
			formField(
				'file',
				{ ...file, size },
				{ fileName: upload.fileName, contentType: upload.mimeType },
			),
			formField('minorEdit', upload.options.minorEdit ? 'true' : 'false'),
		];
		if (upload.options.comment) parts.push(formField('comment', String(upload.options.comment)));
		const multipart = buildMultipart(parts);
		return { ...multipart, fileSize: size, identity: file.identity };
	};
	const first = await settle(send(formOf(file.size)));
	if (first.ok) return first.value;
	if (!(first.error instanceof MultipartSizeMismatch)) throw first.error;
	const second = await settle(send(formOf(first.error.actual)));
	if (second.ok) return second.value;
	throw second.error instanceof MultipartSizeMismatch ? unreadable(second.error) : second.error;
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
		const { fileName, options } = upload;
		const comment = options.comment ? String(options.comment) : undefined;
		// PUT (not POST) so a file of the same name becomes a new version instead of a 400. Sent again after it landed, it
		// would add a second version: createOnce looks first.
		const answer = await sendUpload(
			this,
			itemIndex,
			upload,
			async (multipart) =>
				await createOnce(
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
						identity: [
							fileName,
							comment ?? '',
							options.minorEdit === true,
							multipart.identity,
						].join('\u0000'),
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
							const found = ((list.results as IDataObject[] | undefined) ?? []).find(
								(attachment) => {
									const version = (attachment.version as IDataObject | undefined) ?? {};
									return (
										attachment.title === fileName &&
										String(version.authorId ?? '') === accountId &&
										Date.parse(String(version.createdAt)) >= since &&
										Number(attachment.fileSize) === multipart.fileSize &&
										String(attachment.comment ?? '') === (comment ?? '')
									);
								},
							);
							return found ? { results: [found], _links: list._links ?? {} } : undefined;
						},
					},
				),
		);
		return uploadOutput(answer, upload.simplify);
	},
});
