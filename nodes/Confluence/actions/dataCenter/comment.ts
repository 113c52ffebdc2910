import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, confluenceRequestAllItems } from '../../transport';
import { createOnce } from '../../transport/landed';
import { bodyForWrite, type BodyWrite } from '../common/body';
import type { BodyReadFormat, BodyWriteFormat } from '../common/descriptions';
import { requireValue } from '../common/resolve';
import { shapeContent } from '../common/simplify';
import {
	readCommentId,
	readCommentType,
	simplifyComment,
	type CommentType,
} from '../comment/shared';
import { isConflict, MAX_CONFLICT_RETRIES, sameBody, settle } from '../content/write';
import type { OperationExecute } from '../types';
import {
	asCloudShape,
	checkDataCenterReadFormat,
	checkDataCenterWriteFormat,
	resolveDataCenterContentId,
} from './resolve';

/**
 * Comments on Data Center are content of type `comment` under `/rest/api/content`: their page or blog post is the
 * `container`, a reply's parent comment is in `ancestors` (sooperset/mcp-atlassian#1414), and
 * `extensions.location` says footer or inline (omar16100/atlassian-cli#122). Inline comments are served by a plugin
 * outside the REST API, so they can be read and deleted here but not created or resolved
 * (atlassian-api/atlassian-python-api#1675).
 */
const COMMENT_EXPAND = 'container,ancestors,version,history,extensions.inlineProperties';
const COMMENT_PAGE_SIZE = 100;
const NO_INLINE_API =
	'Data Center makes inline comments and their resolution through its editor, not its REST API.';

function refuse(ctx: IExecuteFunctions, itemIndex: number, what: string, description: string) {
	return new NodeOperationError(
		ctx.getNode(),
		`${what} is not available on Confluence Data Center`,
		{
			itemIndex,
			description,
		},
	);
}

function commentExpand(format: BodyReadFormat): string {
	if (format === 'view') return `${COMMENT_EXPAND},body.view`;
	return format === 'none' ? COMMENT_EXPAND : `${COMMENT_EXPAND},body.storage`;
}

function locationOf(raw: IDataObject): CommentType {
	return (raw.extensions as IDataObject | undefined)?.location === 'inline' ? 'inline' : 'footer';
}

/** The Cloud operation's simplified comment (`pageId` or `blogPostId`, `parentCommentId`) from a v1 comment. */
function commentOutput(raw: IDataObject, format: BodyReadFormat, simplify: boolean): IDataObject {
	if (!simplify) return shapeContent(raw, format, false);
	const shape = asCloudShape(raw);
	const container = raw.container as IDataObject | undefined;
	const ancestors = (raw.ancestors as IDataObject[] | undefined) ?? [];
	const inline = (raw.extensions as IDataObject | undefined)?.inlineProperties as
		| IDataObject
		| undefined;
	return simplifyComment(
		{
			...shape,
			parentId: undefined,
			spaceId: undefined,
			pageId: container?.type === 'page' ? String(container.id) : undefined,
			blogPostId: container?.type === 'blogpost' ? String(container.id) : undefined,
			parentCommentId: ancestors.length ? String(ancestors[ancestors.length - 1].id) : undefined,
			properties: { inlineOriginalSelection: inline?.originalSelection },
		},
		format,
		locationOf(raw),
	);
}

async function readComment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: string,
	format: BodyReadFormat,
): Promise<IDataObject> {
	const raw = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${id}`,
		qs: { expand: commentExpand(format) },
		itemIndex,
	});
	if (raw.type !== 'comment') {
		throw new NodeOperationError(ctx.getNode(), `The content ${id} is not a comment`, {
			itemIndex,
			description: `Confluence says it is a ${String(raw.type)}. Give the ID of a comment.`,
		});
	}
	return raw;
}

async function resolveContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	container: string,
): Promise<{ id: string; type: 'page' | 'blogpost' }> {
	if (container === 'blogPost') {
		return {
			id: await resolveDataCenterContentId(ctx, itemIndex, 'blogpost', 'blogPost', 'Blog Post'),
			type: 'blogpost',
		};
	}
	return {
		id: await resolveDataCenterContentId(ctx, itemIndex, 'page', 'page', 'Page'),
		type: 'page',
	};
}

function storageOf(raw: IDataObject): string {
	const storage = (raw.body as IDataObject | undefined)?.storage as IDataObject | undefined;
	return typeof storage?.value === 'string' ? storage.value : '';
}

/** Every comment on a page or blog post, replies included, newest last: where a create whose outcome is unknown landed. */
async function commentsOn(
	ctx: IExecuteFunctions,
	itemIndex: number,
	containerId: string,
): Promise<IDataObject[]> {
	return await confluenceRequestAllItems.call(
		ctx,
		{
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${containerId}/child/comment`,
			qs: { depth: 'all', expand: `${COMMENT_EXPAND},body.storage` },
			itemIndex,
		},
		{ pageSize: COMMENT_PAGE_SIZE, offsetFallback: true },
	);
}

export const createComment: OperationExecute = async function (
	this: IExecuteFunctions,
	itemIndex: number,
) {
	const commentType = readCommentType(this, itemIndex);
	const commentOn = this.getNodeParameter('commentOn', itemIndex, 'page') as string;
	if (commentType === 'inline' && commentOn !== 'comment') {
		throw refuse(
			this,
			itemIndex,
			'Creating an inline comment',
			`${NO_INLINE_API} Create a footer comment instead.`,
		);
	}
	const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
	checkDataCenterWriteFormat(this, itemIndex, format);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const content = requireValue(
		this,
		itemIndex,
		'Comment',
		this.getNodeParameter('body', itemIndex, ''),
	);
	const written: BodyWrite = bodyForWrite(this, itemIndex, format, content, 'Comment');
	let container: { id: string; type: string };
	let parentCommentId: string | undefined;
	if (commentOn === 'comment') {
		parentCommentId = readCommentId(this, itemIndex, 'parentCommentId', 'Parent Comment ID');
		const parent = await readComment(this, itemIndex, parentCommentId, 'none');
		if (locationOf(parent) === 'inline') {
			throw refuse(this, itemIndex, 'Replying to an inline comment', NO_INLINE_API);
		}
		const parentContainer = parent.container as IDataObject | undefined;
		container = {
			id: String(parentContainer?.id ?? ''),
			type: String(parentContainer?.type ?? 'page'),
		};
	} else {
		container = await resolveContainer(this, itemIndex, commentOn);
	}
	const payload: IDataObject = {
		type: 'comment',
		container,
		body: { storage: { value: written.value, representation: 'storage' } },
	};
	if (parentCommentId) payload.ancestors = [{ id: parentCommentId }];
	const created = await createOnce(
		this,
		{
			method: 'POST',
			api: 'v1',
			path: apiPath`/content`,
			qs: { expand: COMMENT_EXPAND },
			body: payload,
			itemIndex,
		},
		{
			// Ours is the comment on this page with exactly our body, by the connected user (Data Center names users by
			// user key), created after we sent it.
			find: async (since, userKey) =>
				(await commentsOn(this, itemIndex, container.id)).reverse().find((comment) => {
					const history = (comment.history as IDataObject | undefined) ?? {};
					const author = (history.createdBy as IDataObject | undefined)?.userKey;
					const ancestors = (comment.ancestors as IDataObject[] | undefined) ?? [];
					const parent = ancestors.length ? String(ancestors[ancestors.length - 1].id) : undefined;
					return (
						String(author ?? '') === userKey &&
						parent === parentCommentId &&
						Date.parse(String(history.createdDate)) >= since &&
						sameBody(storageOf(comment), written)
					);
				}),
		},
	);
	return commentOutput(created, 'none', simplify);
};

export const getComment: OperationExecute = async function (
	this: IExecuteFunctions,
	itemIndex: number,
) {
	const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
	checkDataCenterReadFormat(this, itemIndex, format);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const id = readCommentId(this, itemIndex);
	return commentOutput(await readComment(this, itemIndex, id, format), format, simplify);
};

export const getManyComments: OperationExecute = async function (
	this: IExecuteFunctions,
	itemIndex: number,
) {
	const commentType = readCommentType(this, itemIndex);
	const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
	checkDataCenterReadFormat(this, itemIndex, format);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	if (filters.sort) {
		throw refuse(
			this,
			itemIndex,
			'Sorting comments',
			'Remove the Sort filter; Data Center lists comments oldest first.',
		);
	}
	if (Array.isArray(filters.resolutionStatus) && filters.resolutionStatus.length) {
		throw refuse(this, itemIndex, 'Filtering comments by resolution', NO_INLINE_API);
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const container = await resolveContainer(
		this,
		itemIndex,
		this.getNodeParameter('contentType', itemIndex, 'page') as string,
	);
	// Without `depth`, `child/comment` lists the top-level comments, as Cloud's footer-comments and inline-comments do.
	const comments = await confluenceRequestAllItems.call(
		this,
		{
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${container.id}/child/comment`,
			qs: { location: commentType, expand: commentExpand(format) },
			itemIndex,
		},
		{ max: limit, pageSize: COMMENT_PAGE_SIZE, offsetFallback: true },
	);
	return comments.map((raw) => commentOutput(raw, format, simplify));
};

export const updateComment: OperationExecute = async function (
	this: IExecuteFunctions,
	itemIndex: number,
) {
	const commentType = readCommentType(this, itemIndex);
	const id = readCommentId(this, itemIndex);
	const resolution =
		commentType === 'inline' ? this.getNodeParameter('resolution', itemIndex, 'keep') : 'keep';
	if (resolution !== 'keep') {
		throw refuse(this, itemIndex, 'Resolving or reopening an inline comment', NO_INLINE_API);
	}
	const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
	checkDataCenterWriteFormat(this, itemIndex, format);
	const content = requireValue(
		this,
		itemIndex,
		'Comment',
		this.getNodeParameter('body', itemIndex, ''),
	);
	const written = bodyForWrite(this, itemIndex, format, content, 'Comment');
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	for (let attempt = 1; ; attempt++) {
		const current = await readComment(this, itemIndex, id, 'none');
		const version: IDataObject = {
			number: Number((current.version as IDataObject | undefined)?.number ?? 0) + 1,
		};
		if (options.versionMessage) version.message = String(options.versionMessage);
		const outcome = await settle(
			confluenceApi.call(this, {
				method: 'PUT',
				api: 'v1',
				path: apiPath`/content/${id}`,
				qs: { expand: COMMENT_EXPAND },
				body: {
					id,
					type: 'comment',
					version,
					body: { storage: { value: written.value, representation: 'storage' } },
				},
				itemIndex,
			}),
		);
		if (outcome.ok) return commentOutput(outcome.value, 'none', simplify);
		if (!isConflict(outcome.error)) throw outcome.error;
		if (options.overwrite && attempt <= MAX_CONFLICT_RETRIES) continue;
		throw new NodeOperationError(
			this.getNode(),
			`The comment ${id} was changed by someone else while it was being updated`,
			{
				itemIndex,
				description: `Item ${itemIndex}: nothing was changed. Get the comment to see the other edit and run the update again, or turn on the option "Overwrite on Conflict".`,
			},
		);
	}
};

export const deleteComment: OperationExecute = async function (
	this: IExecuteFunctions,
	itemIndex: number,
) {
	const commentType = readCommentType(this, itemIndex);
	const id = readCommentId(this, itemIndex);
	// Read first: `DELETE /rest/api/content/{id}` also deletes pages, and this operation deletes comments only.
	await readComment(this, itemIndex, id, 'none');
	await confluenceApi.call(this, {
		method: 'DELETE',
		api: 'v1',
		path: apiPath`/content/${id}`,
		itemIndex,
	});
	return { id, commentType, deleted: true };
};
