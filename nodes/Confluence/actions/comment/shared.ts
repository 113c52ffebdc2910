import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, type ApiPath } from '../../transport';

import { contentLocator, type BodyReadFormat, type ContentKind } from '../common/descriptions';
import { requireNumericId, resolveContentId } from '../common/resolve';
import { shapeContent, simplifyContent } from '../common/simplify';

export type CommentType = 'footer' | 'inline';

/** v2 collection of each comment type. */
export const COMMENT_PATH: Record<CommentType, ApiPath> = {
	footer: apiPath`/footer-comments`,
	inline: apiPath`/inline-comments`,
};

export function readCommentType(ctx: IExecuteFunctions, itemIndex: number): CommentType {
	return ctx.getNodeParameter('commentType', itemIndex, 'footer') === 'inline'
		? 'inline'
		: 'footer';
}

export const commentTypeProperty: INodeProperties = {
	displayName: 'Comment Type',
	name: 'commentType',
	type: 'options',
	default: 'footer',
	description:
		'Footer comments sit below the content; inline comments are attached to a piece of its text',
	options: [
		{
			name: 'Footer',
			value: 'footer',
			description: 'A comment at the bottom of the page or blog post',
		},
		{
			name: 'Inline',
			value: 'inline',
			description: 'A comment on a text selection, which can be resolved and reopened',
		},
	],
};

export const commentIdProperty: INodeProperties = {
	displayName: 'Comment ID',
	name: 'commentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 622593',
	description: 'The numeric ID of the comment. Comment → Get Many lists them.',
};

export function readCommentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'commentId',
	displayName = 'Comment ID',
): string {
	return requireNumericId(ctx, itemIndex, displayName, ctx.getNodeParameter(name, itemIndex, ''));
}

export type CommentContainer = 'page' | 'blogPost';

interface ContainerSpec {
	kind: ContentKind;
	locatorName: 'page' | 'blogPost';
	label: string;
	lower: string;
	path: ApiPath;
	idField: 'pageId' | 'blogPostId';
}

export const COMMENT_CONTAINERS: Record<CommentContainer, ContainerSpec> = {
	blogPost: {
		kind: 'blogpost',
		locatorName: 'blogPost',
		label: 'Blog Post',
		lower: 'blog post',
		path: apiPath`/blogposts`,
		idField: 'blogPostId',
	},
	page: {
		kind: 'page',
		locatorName: 'page',
		label: 'Page',
		lower: 'page',
		path: apiPath`/pages`,
		idField: 'pageId',
	},
};

/** The page and blog post locators, each shown when `parameter` has that value. */
export function containerLocators(
	parameter: string,
	describe: (lower: string) => string,
): INodeProperties[] {
	return [
		{
			...contentLocator('page', { description: describe('page') }),
			displayOptions: { show: { [parameter]: ['page'] } },
		},
		{
			...contentLocator('blogpost', { description: describe('blog post') }),
			displayOptions: { show: { [parameter]: ['blogPost'] } },
		},
	];
}

export async function resolveCommentContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	container: CommentContainer,
): Promise<{ spec: ContainerSpec; id: string }> {
	const spec = COMMENT_CONTAINERS[container];
	const id = await resolveContentId(ctx, itemIndex, spec.kind, spec.locatorName, spec.label);
	return { spec, id };
}

export const commentSimplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		"Whether to return a flat object (ID, type, page or blog post, parent, resolution, version, body, link) instead of Confluence's raw response",
};

/** A footer or inline comment as a flat object, the body in the chosen format. */
export function simplifyComment(
	raw: IDataObject,
	format: BodyReadFormat,
	commentType: CommentType,
): IDataObject {
	const properties = (raw.properties ?? {}) as IDataObject;
	const simplified: IDataObject = {
		...simplifyContent(raw, format),
		commentType,
		pageId: raw.pageId,
		blogPostId: raw.blogPostId,
		attachmentId: raw.attachmentId,
		parentCommentId: raw.parentCommentId,
		resolutionStatus: raw.resolutionStatus,
		textSelection: properties.inlineOriginalSelection,
	};
	for (const key of Object.keys(simplified)) {
		if (simplified[key] === undefined || simplified[key] === null || simplified[key] === '') {
			delete simplified[key];
		}
	}
	return simplified;
}

/** Simplified, or raw with the body converted when Markdown or plain text was asked for. */
export function shapeComment(
	raw: IDataObject,
	format: BodyReadFormat,
	simplify: boolean,
	commentType: CommentType,
): IDataObject {
	return simplify ? simplifyComment(raw, format, commentType) : shapeContent(raw, format, false);
}
