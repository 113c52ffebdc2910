import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ApiPath,
	apiPath,
	confluenceApi,
	confluenceDownload,
	confluenceRequest,
} from '../../transport';
import {
	attachmentItem,
	parseJsonAnswer,
	readAttachmentId,
	readBinaryPropertyName,
	simplifyAttachment,
} from '../attachment/shared';
import { readUpload, sendUpload, uploadOutput } from '../attachment/upload.operation';
import { executionItems, type OperationOutput } from '../types';
import { resolveDataCenterContentId } from './resolve';

/**
 * Uploads on Data Center: it has no create-or-update `PUT` on `child/attachment` (405,
 * atlassian-api/atlassian-python-api#1660), so a file whose name the page already has becomes a new version through
 * `POST …/child/attachment/{attachmentId}/data`, and a new one is created with `POST …/child/attachment`
 * (sooperset/mcp-atlassian#1378). Not retried on a dropped connection: the file may have been stored already.
 */
export async function uploadAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput> {
	const upload = readUpload(this, itemIndex);
	const type = this.getNodeParameter('contentType', itemIndex, 'page') as string;
	const containerId =
		type === 'blogPost'
			? await resolveDataCenterContentId(this, itemIndex, 'blogpost', 'blogPost', 'Blog Post')
			: await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page');
	const existing = await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${containerId}/child/attachment`,
		qs: { filename: upload.fileName },
		itemIndex,
	});
	const match = ((existing.results as IDataObject[] | undefined) ?? []).find(
		(attachment) => attachment.title === upload.fileName,
	);
	const response = await sendUpload(
		this,
		itemIndex,
		upload,
		async (multipart) =>
			await confluenceRequest.call(this, {
				method: 'POST',
				api: 'v1',
				path: match
					? apiPath`/content/${containerId}/child/attachment/${String(match.id)}/data`
					: apiPath`/content/${containerId}/child/attachment`,
				body: multipart.body,
				// The spelling of Atlassian's XSRF bypass that Data Center reads (sooperset/mcp-atlassian#1378).
				headers: { 'Content-Type': multipart.contentType, 'X-Atlassian-Token': 'no-check' },
				idempotent: false,
				itemIndex,
			}),
	);
	return uploadOutput(parseJsonAnswer(response.body), upload.simplify);
}

/**
 * Downloads on Data Center: its REST API has no download endpoint (CONFSERVER-94115,
 * https://jira.atlassian.com/browse/CONFSERVER-94115); the bytes are at the attachment's `_links.download`, under the
 * site's context path, where a personal access token is accepted too (CONFSERVER-61519).
 */
export async function downloadAttachment(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput> {
	const attachmentId = readAttachmentId(this, itemIndex);
	const binaryPropertyName = readBinaryPropertyName(this, itemIndex, 'Put Output File in Field');
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const raw = await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${attachmentId}`,
		qs: { expand: 'version,container' },
		itemIndex,
	});
	const link = (raw._links as IDataObject | undefined)?.download;
	if (typeof link !== 'string' || !link.startsWith('/')) {
		throw new NodeOperationError(
			this.getNode(),
			`Confluence gave no download link for the attachment ${attachmentId}`,
			{ itemIndex, description: 'The ID may name other content than an attachment.' },
		);
	}
	const { data, contentType } = await confluenceDownload.call(
		this,
		ApiPath.fromServer(link),
		itemIndex,
		'site',
	);
	const extensions = (raw.extensions ?? {}) as IDataObject;
	const mimeType =
		(typeof extensions.mediaType === 'string' ? extensions.mediaType : undefined) ?? contentType;
	const binary = await this.helpers.prepareBinaryData(
		data,
		typeof raw.title === 'string' ? raw.title : undefined,
		mimeType?.split(';')[0].trim(),
	);
	return executionItems([
		attachmentItem(itemIndex, simplify ? simplifyAttachment(raw) : raw, binaryPropertyName, binary),
	]);
}
