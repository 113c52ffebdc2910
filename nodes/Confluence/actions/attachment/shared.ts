import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceDownload, type ApiPath } from '../../transport';
import { contentLocator, type ContentKind } from '../common/descriptions';
import { requireValue, resolveContentId } from '../common/resolve';
import { dropNullish } from '../common/values';

export type AttachmentContainerType = 'page' | 'blogPost';

interface ContainerSpec {
	kind: ContentKind;
	locatorName: 'page' | 'blogPost';
	label: string;
	path: ApiPath;
}

export const CONTAINERS: Record<AttachmentContainerType, ContainerSpec> = {
	blogPost: {
		kind: 'blogpost',
		locatorName: 'blogPost',
		label: 'Blog Post',
		path: apiPath`/blogposts`,
	},
	page: { kind: 'page', locatorName: 'page', label: 'Page', path: apiPath`/pages` },
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
	path: ApiPath;
}

export async function resolveContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<ResolvedContainer> {
	const raw = ctx.getNodeParameter('contentType', itemIndex, 'page') as string;
	const type: AttachmentContainerType = raw === 'blogPost' ? 'blogPost' : 'page';
	const spec = CONTAINERS[type];
	const id = await resolveContentId(ctx, itemIndex, spec.kind, spec.locatorName, spec.label);
	return { type, id, path: apiPath`${spec.path}/${id}` };
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

/** The page, blog post or custom content an attachment belongs to (v2 fields, the v1 container, or its download link). */
function attachmentContainerId(raw: IDataObject): string | undefined {
	const container = (raw.container ?? {}) as IDataObject;
	const fromLink = /\/download\/attachments\/(\d+)\//.exec(attachmentDownloadLink(raw) ?? '')?.[1];
	return (
		str(raw.pageId) ??
		str(raw.blogPostId) ??
		str(raw.customContentId) ??
		str(container.id) ??
		fromLink
	);
}

/** The attachment version the metadata describes: the `version` of its download link, else its version number. */
function attachmentVersion(raw: IDataObject): string | undefined {
	const fromLink = /[?&]version=(\d+)/.exec(attachmentDownloadLink(raw) ?? '')?.[1];
	const number = ((raw.version ?? {}) as IDataObject).number;
	return fromLink ?? (typeof number === 'number' ? String(number) : undefined);
}

/**
 * Fetches an attachment's bytes (never sending credentials to the media host) as n8n binary data. Through v1's
 * `content/{id}/child/attachment/{attachmentId}/download`, not the v2 `downloadLink`: Atlassian removed that web path for
 * API calls (CHANGE-3007, https://developer.atlassian.com/cloud/confluence/changelog/#CHANGE-3007); it answers 401 to API
 * tokens (atlassian-api/atlassian-python-api#1640, sooperset/mcp-atlassian#1368, pchuri/confluence-cli#198).
 */
export async function downloadAttachment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: IDataObject,
): Promise<IBinaryData> {
	const containerId = attachmentContainerId(raw);
	if (!containerId || !str(raw.id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Confluence gave no container for the attachment ${String(raw.id)}, so it cannot be downloaded`,
			{
				itemIndex,
				description: 'The attachment may be trashed, or the account may not be allowed to read it.',
			},
		);
	}
	const version = attachmentVersion(raw);
	const path = version
		? apiPath`/content/${containerId}/child/attachment/${String(raw.id)}/download?version=${version}`
		: apiPath`/content/${containerId}/child/attachment/${String(raw.id)}/download`;
	const { data, contentType } = await confluenceDownload.call(ctx, path, itemIndex, 'v1');
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
