import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { storageToText } from '../../format';
import { apiPath, confluenceApi, type ApiPath } from '../../transport';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { bodyForWrite, type BodyWrite } from '../common/body';
import { bodyValue, sameBody } from '../content/write';
import {
	allowedMacrosProperty,
	bodyWriteFormatProperty,
	type BodyWriteFormat,
} from '../common/descriptions';
import { requireValue } from '../common/resolve';
import {
	COMMENT_PATH,
	commentSimplifyProperty,
	commentTypeProperty,
	containerLocators,
	readCommentId,
	readCommentType,
	resolveCommentContainer,
	simplifyComment,
	type CommentContainer,
} from './shared';

function countOccurrences(text: string, selection: string): number {
	let count = 0;
	for (
		let at = text.indexOf(selection);
		at !== -1;
		at = text.indexOf(selection, at + selection.length)
	) {
		count++;
	}
	return count;
}

/** The comment a create whose outcome is unknown left in the list at `listPath`, newest first (see createOnce). */
async function findLandedComment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	listPath: ApiPath,
	written: BodyWrite,
	since: number,
	accountId: string,
): Promise<IDataObject | undefined> {
	const list = await confluenceApi.call(ctx, {
		method: 'GET',
		path: listPath,
		qs: { 'body-format': written.representation, sort: '-created-date', limit: 50 },
		itemIndex,
	});
	return ((list.results as IDataObject[] | undefined) ?? []).find((comment) => {
		const version = (comment.version as IDataObject | undefined) ?? {};
		return (
			String(version.authorId ?? '') === accountId &&
			Date.parse(String(version.createdAt)) >= since &&
			sameBody(bodyValue(comment, written.representation), written)
		);
	});
}

export const { description, execute } = defineOperation({
	resource: 'comment',
	operation: 'create',
	properties: [
		commentTypeProperty,
		{
			displayName: 'Comment On',
			name: 'commentOn',
			type: 'options',
			default: 'page',
			description:
				'Where the comment goes: on a page, on a blog post, or as a reply to an existing comment',
			options: [
				{ name: 'Blog Post', value: 'blogPost' },
				{
					name: 'Comment (Reply)',
					value: 'comment',
					description: 'Reply to an existing comment of the chosen comment type',
				},
				{ name: 'Page', value: 'page' },
			],
		},
		...containerLocators('commentOn', (lower) => `The ${lower} to comment on`),
		{
			displayName: 'Parent Comment ID',
			name: 'parentCommentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 622593',
			description:
				'The numeric ID of the comment to reply to. It must be of the chosen comment type (footer or inline).',
			displayOptions: { show: { commentOn: ['comment'] } },
		},
		{
			displayName: 'Text Selection',
			name: 'textSelection',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. quarterly revenue',
			description:
				'The exact text of the page or blog post to attach the comment to, as it reads on the page (without formatting)',
			displayOptions: { show: { commentType: ['inline'], commentOn: ['page', 'blogPost'] } },
		},
		{
			displayName: 'Match Index',
			name: 'textSelectionMatchIndex',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Which occurrence of the text to comment on when it appears more than once, counting from 0 (the first)',
			displayOptions: { show: { commentType: ['inline'], commentOn: ['page', 'blogPost'] } },
		},
		{
			displayName: 'Comment',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'e.g. Looks good, but please double-check the **totals**.',
			description: 'The text of the comment, in the chosen body format',
		},
		bodyWriteFormatProperty,
		allowedMacrosProperty,
		commentSimplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const commentOn = this.getNodeParameter('commentOn', itemIndex, 'page') as
			| CommentContainer
			| 'comment';
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const content = requireValue(
			this,
			itemIndex,
			'Comment',
			this.getNodeParameter('body', itemIndex, ''),
		);
		const body: IDataObject = {
			body: { ...bodyForWrite(this, itemIndex, format, content, 'Comment') },
		};

		let listPath: ApiPath;
		if (commentOn === 'comment') {
			body.parentCommentId = readCommentId(this, itemIndex, 'parentCommentId', 'Parent Comment ID');
			listPath = apiPath`${COMMENT_PATH[commentType]}/${String(body.parentCommentId)}/children`;
		} else {
			let selection = '';
			let matchIndex = 0;
			if (commentType === 'inline') {
				selection = requireValue(
					this,
					itemIndex,
					'Text Selection',
					this.getNodeParameter('textSelection', itemIndex, ''),
				);
				matchIndex = Number(this.getNodeParameter('textSelectionMatchIndex', itemIndex, 0));
				if (!Number.isInteger(matchIndex) || matchIndex < 0) {
					throw new NodeOperationError(
						this.getNode(),
						'The parameter "Match Index" must be 0 or a positive whole number',
						{
							itemIndex,
						},
					);
				}
			}
			const { spec, id } = await resolveCommentContainer(this, itemIndex, commentOn);
			body[spec.idField] = id;
			listPath = apiPath`${spec.path}/${id}/${commentType}-comments`;
			if (commentType === 'inline') {
				// Confluence anchors the comment by (text, how many times it occurs, which occurrence): count it on the
				// current version so a selection that is not on the page fails here with a clear message.
				const current = await confluenceApi.call(this, {
					method: 'GET',
					path: apiPath`${spec.path}/${id}`,
					qs: { 'body-format': 'storage' },
					itemIndex,
				});
				const storage = (
					(current.body as IDataObject | undefined)?.storage as IDataObject | undefined
				)?.value;
				const matchCount = countOccurrences(storageToText(String(storage ?? '')), selection);
				if (matchCount === 0) {
					throw new NodeOperationError(
						this.getNode(),
						`The parameter "Text Selection" does not appear in the ${spec.lower} ${id}: "${selection.slice(0, 80)}"`,
						{
							itemIndex,
							description: `Item ${itemIndex}: inline comments attach to text that is on the ${spec.lower}. Copy the text exactly as it reads (case and spacing matter), without Markdown or HTML.`,
						},
					);
				}
				if (matchIndex >= matchCount) {
					throw new NodeOperationError(
						this.getNode(),
						`The parameter "Match Index" is ${matchIndex}, but the text appears ${matchCount} time${matchCount === 1 ? '' : 's'} in the ${spec.lower} ${id}`,
						{
							itemIndex,
							description: `Item ${itemIndex}: use a Match Index from 0 to ${matchCount - 1}.`,
						},
					);
				}
				body.inlineCommentProperties = {
					textSelection: selection,
					textSelectionMatchCount: matchCount,
					textSelectionMatchIndex: matchIndex,
				};
			}
		}

		const written = body.body as BodyWrite;
		const created = await createOnce(
			this,
			{ method: 'POST', path: COMMENT_PATH[commentType], body, itemIndex },
			{
				// Comments have no unique name: ours is the one on this page, blog post or comment with exactly our body, by the
				// connected account, created after we sent it. Confluence converts wiki markup, so such a body cannot be
				// recognised.
				find:
					written.representation === 'wiki'
						? undefined
						: async (since, accountId) =>
								await findLandedComment(this, itemIndex, listPath, written, since, accountId),
			},
		);
		return simplify ? simplifyComment(created, 'none', commentType) : created;
	},
});
