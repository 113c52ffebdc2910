import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { confluenceDownload } from '../../transport';
import { contentLocator, type ContentKind } from '../common/descriptions';
import { requireValue, resolveContentId } from '../common/resolve';
import { dropNullish } from '../common/values';

export type AttachmentContainerType = 'page' | 'blogPost';

interface ContainerSpec {
	kind: ContentKind;
	locatorName: 'page' | 'blogPost';
	label: string;
	path: '/pages' | '/blogposts';
}

export const CONTAINERS: Record<AttachmentContainerType, ContainerSpec> = {
	blogPost: { kind: 'blogpost', locatorName: 'blogPost', label: 'Blog Post', path: '/blogposts' },
	page: { kind: 'page', locatorName: 'page', label: 'Page', path: '/pages' },
};

/** Content Type plus one locator per type, so the picker searches the right kind of content. */
export function containerProperties(describe: (lower: string) => string): INodeProperties[] {
	return [
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			default: 'page',
			description: 'Whether the attachments belong to a page or a blog post',
			options: [
				{ name: 'Blog Post', value: 'blogPost' },
				{ name: 'Page', value: 'page' },
			],
		},
		{
			...contentLocator('page', { description: describe('page') }),
			displayOptions: { show: { contentType: ['page'] } },
		},
		{
			...contentLocator('blogpost', { description: describe('blog post') }),
			displayOptions: { show: { contentType: ['blogPost'] } },
		},
	];
}

export interface ResolvedContainer {
	type: AttachmentContainerType;
	id: string;
	path: string;
}

export async function resolveContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<ResolvedContainer> {
	const raw = ctx.getNodeParameter('contentType', itemIndex, 'page') as string;
	const type: AttachmentContainerType = raw === 'blogPost' ? 'blogPost' : 'page';
	const spec = CONTAINERS[type];
	const id = await resolveContentId(ctx, itemIndex, spec.kind, spec.locatorName, spec.label);
	return { type, id, path: `${spec.path}/${id}` };
}

export const attachmentIdProperty: INodeProperties = {
	displayName: 'Attachment ID',
	name: 'attachmentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. att123456',
	description:
		'The attachment ID as Confluence shows it (att123456); a bare number is accepted too. Get it from Attachment → Get Many.',
};

/** Attachment IDs are `att`-prefixed; users often copy only the number, which v2 rejects. */
export function readAttachmentId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = requireValue(
		ctx,
		itemIndex,
		'Attachment ID',
		ctx.getNodeParameter('attachmentId', itemIndex, ''),
	);
	if (/^\d+$/.test(value)) return `att${value}`;
	if (/^att\d+$/i.test(value)) return `att${value.slice(3)}`;
	throw new NodeOperationError(
		ctx.getNode(),
		`The parameter "Attachment ID" must look like att123456, got "${value.slice(0, 80)}"`,
		{
			itemIndex,
			description: `Item ${itemIndex}: attachment IDs are "att" followed by digits. Attachment → Get Many lists them.`,
		},
	);
}

export const outputBinaryProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};

const UNRESERVED_PATH_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

/**
 * A path segment made safe to send. Confluence's v2 `downloadLink` carries the raw file name, so `#`, `?`, `%`, spaces
 * and non-ASCII characters must be encoded; escapes that are already there are kept, so an encoded link is not encoded twice.
 */
function encodePathSegment(segment: string): string {
	let result = '';
	for (let i = 0; i < segment.length; i++) {
		const char = segment[i];
		if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(segment.slice(i + 1, i + 3))) {
			result += char;
		} else if (UNRESERVED_PATH_CHAR.test(char)) {
			result += char;
		} else {
			const codePoint = segment.codePointAt(i) ?? 0;
			const full = String.fromCodePoint(codePoint);
			result += encodeURIComponent(full);
			i += full.length - 1;
		}
	}
	return result;
}

const DOWNLOAD_QUERY_START = /\?(?=(?:version|modificationDate|cacheVersion|api|status)=)/;

/** A `downloadLink` (relative to `/wiki`, or absolute) as a path for `confluenceDownload`, its query params kept. */
export function downloadPath(link: string): string {
	let path = link.trim();
	if (/^https?:\/\//i.test(path)) {
		const url = new URL(path);
		path = path.slice(url.origin.length);
	}
	if (path.startsWith('/wiki/')) path = path.slice('/wiki'.length);
	const queryMatch = DOWNLOAD_QUERY_START.exec(path);
	const queryAt = queryMatch ? queryMatch.index : -1;
	const pathname = queryAt >= 0 ? path.slice(0, queryAt) : path;
	const query = queryAt >= 0 ? path.slice(queryAt) : '';
	return `${pathname.split('/').map(encodePathSegment).join('/')}${query}`;
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function absolute(base: unknown, link: unknown): string | undefined {
	const path = str(link);
	if (!path) return undefined;
	if (/^https?:\/\//i.test(path)) return path;
	return typeof base === 'string' ? `${base}${path}` : path;
}

/** Where the bytes are: v2 `downloadLink`, or the v1 `_links.download` of an upload's answer. */
export function attachmentDownloadLink(raw: IDataObject): string | undefined {
	return str(raw.downloadLink) ?? str((raw._links as IDataObject | undefined)?.download);
}

/** v2 attachments and the v1 attachment objects an upload returns, as one flat shape. */
export function simplifyAttachment(raw: IDataObject): IDataObject {
	const links = (raw._links ?? {}) as IDataObject;
	const version = (raw.version ?? {}) as IDataObject;
	const container = (raw.container ?? {}) as IDataObject;
	const extensions = (raw.extensions ?? {}) as IDataObject;
	const metadata = (raw.metadata ?? {}) as IDataObject;
	const containerType = str(container.type);
	const simplified: IDataObject = {
		id: raw.id,
		title: raw.title,
		status: raw.status,
		mediaType: raw.mediaType ?? extensions.mediaType ?? metadata.mediaType,
		fileSize: raw.fileSize ?? extensions.fileSize,
		comment: str(raw.comment) ?? str(extensions.comment) ?? str(metadata.comment),
		fileId: raw.fileId ?? extensions.fileId,
		pageId: raw.pageId ?? (containerType === 'page' ? container.id : undefined),
		blogPostId: raw.blogPostId ?? (containerType === 'blogpost' ? container.id : undefined),
		createdAt: raw.createdAt,
		version: version.number,
		versionMessage: str(version.message),
		lastModifiedAt: version.createdAt ?? version.when,
		downloadUrl: absolute(links.base, attachmentDownloadLink(raw)),
		url: absolute(links.base, str(raw.webuiLink) ?? links.webui),
	};
	return dropNullish(simplified);
}

/** Fetches an attachment's bytes (never sending credentials to the media host) as n8n binary data. */
export async function downloadAttachment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: IDataObject,
): Promise<IBinaryData> {
	const link = attachmentDownloadLink(raw);
	if (!link) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Confluence gave no download link for the attachment ${String(raw.id)}`,
			{
				itemIndex,
				description: 'The attachment may be trashed, or the account may not be allowed to read it.',
			},
		);
	}
	const { data, contentType } = await confluenceDownload.call(ctx, downloadPath(link), itemIndex);
	const mimeType =
		str(raw.mediaType) ??
		str((raw.extensions as IDataObject | undefined)?.mediaType) ??
		contentType;
	return await ctx.helpers.prepareBinaryData(data, str(raw.title), mimeType?.split(';')[0].trim());
}

/** An output item with the attachment's metadata as JSON and, when downloaded, its file as binary. */
export function attachmentItem(
	itemIndex: number,
	json: IDataObject,
	binaryPropertyName?: string,
	binary?: IBinaryData,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (binaryPropertyName && binary) item.binary = { [binaryPropertyName]: binary };
	return item;
}

export function readBinaryPropertyName(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
): string {
	return requireValue(
		ctx,
		itemIndex,
		displayName,
		ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
	);
}

export const attachmentSimplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		"Whether to return a flat object (ID, file name, media type, size, version, page or blog post, download URL) instead of Confluence's raw response",
};

/** JSON answers normally arrive parsed; a multipart request may leave them as text or bytes. */
export function parseJsonAnswer(body: unknown): IDataObject {
	if (Buffer.isBuffer(body)) return parseJsonAnswer(body.toString('utf8'));
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return (body ?? {}) as IDataObject;
}
