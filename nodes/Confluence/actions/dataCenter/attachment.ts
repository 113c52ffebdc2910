import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ApiPath,
	apiPath,
	confluenceApi,
	confluenceDownload,
	confluenceRequest,
	confluenceRequestAllItems,
} from '../../transport';
import {
	attachmentItem,
	parseJsonAnswer,
	readAttachmentId,
	readBinaryPropertyName,
	simplifyAttachment,
} from '../attachment/shared';
import { readUpload, sendUpload, uploadOutput } from '../attachment/upload.operation';
import { createOnce } from '../../transport/landed';
import { isNotFound, settle } from '../content/write';
import { executionItems, type OperationOutput } from '../types';
import { resolveDataCenterContentId } from './resolve';

const ATTACHMENT_EXPAND = 'version,container';
const ATTACHMENT_PAGE_SIZE = 100;

async function resolveAttachmentContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<string> {
	const type = ctx.getNodeParameter('contentType', itemIndex, 'page') as string;
	return type === 'blogPost'
		? await resolveDataCenterContentId(ctx, itemIndex, 'blogpost', 'blogPost', 'Blog Post')
		: await resolveDataCenterContentId(ctx, itemIndex, 'page', 'page', 'Page');
}

/**
 * Uploads on Data Center: it has no create-or-update `PUT` on `child/attachment` (405,
 * atlassian-api/atlassian-python-api#1660), so a file whose name the page already has becomes a new version through
 * `POST …/child/attachment/{attachmentId}/data`, and a new one is created with `POST …/child/attachment`
 * (sooperset/mcp-atlassian#1378). Sent once through createOnce: when the outcome is unknown, the v1 list by file name
 * says whether our version landed before anything is sent again.
 */
export async function uploadAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput> {
	const upload = readUpload(this, itemIndex);
	const containerId = await resolveAttachmentContainer(this, itemIndex);
	const sameName = async (): Promise<{ found?: IDataObject; links: IDataObject }> => {
		const existing = await confluenceApi.call(this, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${containerId}/child/attachment`,
			qs: { filename: upload.fileName, expand: ATTACHMENT_EXPAND },
			itemIndex,
		});
		const found = ((existing.results as IDataObject[] | undefined) ?? []).find(
			(attachment) => attachment.title === upload.fileName,
		);
		return { found, links: (existing._links as IDataObject | undefined) ?? {} };
	};
	const { found: match } = await sameName();
	const versionBefore = Number((match?.version as IDataObject | undefined)?.number ?? 0);
	const comment = upload.options.comment ? String(upload.options.comment) : '';
	const answer = await sendUpload(
		this,
		itemIndex,
		upload,
		async (multipart) =>
			await createOnce(
				this,
				{
					method: 'POST',
					api: 'v1',
					path: match
						? apiPath`/content/${containerId}/child/attachment/${String(match.id)}/data`
						: apiPath`/content/${containerId}/child/attachment`,
					body: multipart.body,
					// The spelling of Atlassian's XSRF bypass that Data Center reads (sooperset/mcp-atlassian#1378).
					headers: { 'Content-Type': multipart.contentType, 'X-Atlassian-Token': 'no-check' },
					itemIndex,
				},
				{
					identity: [
						upload.fileName,
						comment,
						upload.options.minorEdit === true,
						multipart.identity,
					].join('\u0000'),
					send: async (request) =>
						parseJsonAnswer((await confluenceRequest.call(this, request)).body),
					// One name per page: ours is a newer version of that name than the one we saw, by the connected user (its
					// user key), made after we sent it, with our file's size and comment.
					find: async (since, userKey) => {
						const { found, links } = await sameName();
						const version = (found?.version as IDataObject | undefined) ?? {};
						const extensions = (found?.extensions as IDataObject | undefined) ?? {};
						const landed =
							found !== undefined &&
							Number(version.number ?? 0) > versionBefore &&
							String((version.by as IDataObject | undefined)?.userKey ?? '') === userKey &&
							Date.parse(String(version.when)) >= since &&
							Number(extensions.fileSize) === multipart.fileSize &&
							String(extensions.comment ?? '') === comment;
						return landed ? { results: [found], size: 1, _links: links } : undefined;
					},
				},
			),
	);
	return uploadOutput(answer, upload.simplify);
}

/** The attachment's content (`GET /rest/api/content/{id}`), refused when the ID names other content. */
async function readAttachment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	attachmentId: string,
): Promise<IDataObject> {
	const raw = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${attachmentId}`,
		qs: { expand: ATTACHMENT_EXPAND },
		itemIndex,
	});
	if (raw.type !== undefined && raw.type !== 'attachment') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The content ${attachmentId} is not an attachment`,
			{
				itemIndex,
				description: `Confluence says it is a ${String(raw.type)}. Give the ID of an attachment (Attachment → Get Many lists them).`,
			},
		);
	}
	return raw;
}

/**
 * An attachment's bytes on Data Center: its REST API has no download endpoint (CONFSERVER-94115,
 * https://jira.atlassian.com/browse/CONFSERVER-94115); they are at the attachment's `_links.download`, under the
 * site's context path, where a personal access token is accepted too (CONFSERVER-61519).
 */
async function attachmentBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: IDataObject,
): Promise<IBinaryData> {
	const link = (raw._links as IDataObject | undefined)?.download;
	if (typeof link !== 'string' || !link.startsWith('/')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Confluence gave no download link for the attachment ${String(raw.id)}`,
			{ itemIndex, description: 'The ID may name other content than an attachment.' },
		);
	}
	const { data, contentType } = await confluenceDownload.call(
		ctx,
		ApiPath.fromServer(link),
		itemIndex,
		'site',
	);
	const extensions = (raw.extensions ?? {}) as IDataObject;
	const mimeType =
		(typeof extensions.mediaType === 'string' ? extensions.mediaType : undefined) ?? contentType;
	return await ctx.helpers.prepareBinaryData(
		data,
		typeof raw.title === 'string' ? raw.title : undefined,
		mimeType?.split(';')[0].trim(),
	);
}

export async function downloadAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput> {
	const attachmentId = readAttachmentId(this, itemIndex);
	const binaryPropertyName = readBinaryPropertyName(this, itemIndex, 'Put Output File in Field');
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const raw = await readAttachment(this, itemIndex, attachmentId);
	const binary = await attachmentBinary(this, itemIndex, raw);
	return executionItems([
		attachmentItem(itemIndex, simplify ? simplifyAttachment(raw) : raw, binaryPropertyName, binary),
	]);
}

export async function getAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const raw = await readAttachment(this, itemIndex, readAttachmentId(this, itemIndex));
	return simplify ? simplifyAttachment(raw) : raw;
}

/**
 * The attachments of a page or blog post through `GET /rest/api/content/{id}/child/attachment`, which filters by
 * `filename` and `mediaType` (https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/) but neither sorts nor
 * lists by status.
 */
export async function getManyAttachments(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const refuse = (what: string, description: string) =>
		new NodeOperationError(this.getNode(), `${what} is not available on Confluence Data Center`, {
			itemIndex,
			description,
		});
	if (options.sort) {
		throw refuse(
			'Sorting attachments',
			'Remove the Sort option; Data Center lists attachments in its own order.',
		);
	}
	const statuses = Array.isArray(filters.status) ? (filters.status as string[]) : [];
	if (statuses.some((status) => status !== 'current')) {
		throw refuse(
			'Listing archived or trashed attachments',
			'Data Center lists current attachments only: remove the Status filter.',
		);
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const containerId = await resolveAttachmentContainer(this, itemIndex);
	const qs: IDataObject = { expand: ATTACHMENT_EXPAND };
	if (filters.filename) qs.filename = String(filters.filename).trim();
	if (filters.mediaType) qs.mediaType = String(filters.mediaType).trim();
	const attachments = await confluenceRequestAllItems.call(
		this,
		{
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${containerId}/child/attachment`,
			qs,
			itemIndex,
		},
		{ max: limit, pageSize: ATTACHMENT_PAGE_SIZE, offsetFallback: true },
	);
	const shape = (raw: IDataObject) => (simplify ? simplifyAttachment(raw) : raw);
	if (!options.download) return attachments.map(shape);
	const binaryPropertyName = String(options.binaryPropertyName || 'data').trim() || 'data';
	const items = [];
	for (const raw of attachments) {
		const binary = await attachmentBinary(this, itemIndex, raw);
		items.push(attachmentItem(itemIndex, shape(raw), binaryPropertyName, binary));
	}
	return executionItems(items);
}

/**
 * Deleting an attachment on Data Center: `DELETE /rest/api/content/{id}` "trashes or purges a piece of Content, based on
 * its ContentType and ContentStatus" (https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource),
 * and content in the trash is purged with `status=trashed` (REALITY.md dc-trash-then-purge). Whether an attachment goes
 * to the trash is not documented (REALITY.md dc-attachment-delete), so the node asks where it went: `purged` says what
 * Confluence did, and Purge deletes from the trash what is there.
 */
export async function deleteAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const attachmentId = readAttachmentId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const purge = options.purge === true;
	const path = apiPath`/content/${attachmentId}`;
	const inTrash = async (): Promise<boolean> => {
		const trashed = await settle(
			confluenceApi.call(this, {
				method: 'GET',
				api: 'v1',
				path,
				qs: { status: 'trashed' },
				itemIndex,
			}),
		);
		if (trashed.ok) return trashed.value.type === undefined || trashed.value.type === 'attachment';
		if (isNotFound(trashed.error)) return false;
		throw trashed.error;
	};
	const current = await settle(readAttachment(this, itemIndex, attachmentId));
	if (current.ok) {
		await confluenceApi.call(this, { method: 'DELETE', api: 'v1', path, itemIndex });
	} else if (!(purge && isNotFound(current.error) && (await inTrash()))) {
		// Not current, and not in the trash for a purge to finish: Confluence's own answer (404) says so.
		throw current.error;
	}
	const trashed = await inTrash();
	if (trashed && purge) {
		await confluenceApi.call(this, {
			method: 'DELETE',
			api: 'v1',
			path,
			qs: { status: 'trashed' },
			itemIndex,
		});
	}
	return { id: attachmentId, deleted: true, purged: !trashed || purge };
}
