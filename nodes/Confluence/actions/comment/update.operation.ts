import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyForWrite, type BodyWrite } from '../common/body';
import {
	allowedMacrosProperty,
	bodyWriteFormatProperty,
	type BodyWriteFormat,
} from '../common/descriptions';
import {
	COMMENT_PATH,
	commentIdProperty,
	commentSimplifyProperty,
	commentTypeProperty,
	readCommentId,
	readCommentType,
	simplifyComment,
} from './shared';

type Resolution = 'keep' | 'resolve' | 'reopen';

/** How often a version race (409) is retried with a fresh read, when retrying cannot lose anyone's edit. */
const CONFLICT_RETRIES = 2;

function currentStorageBody(raw: IDataObject): BodyWrite {
	const storage = (raw.body as IDataObject | undefined)?.storage as IDataObject | undefined;
	return {
		representation: 'storage',
		value: typeof storage?.value === 'string' ? storage.value : '',
	};
}

export const { description, execute } = defineOperation({
	resource: 'comment',
	operation: 'update',
	properties: [
		commentTypeProperty,
		commentIdProperty,
		{
			displayName: 'Comment',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. Updated: the totals are fixed.',
			description:
				'The new text of the comment, replacing the old one. Leave empty to keep the text (e.g. to only resolve an inline comment).',
		},
		bodyWriteFormatProperty,
		allowedMacrosProperty,
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			default: 'keep',
			description: 'Whether to resolve or reopen the inline comment',
			displayOptions: { show: { commentType: ['inline'] } },
			options: [
				{ name: 'Keep As Is', value: 'keep' },
				{ name: 'Reopen', value: 'reopen' },
				{ name: 'Resolve', value: 'resolve' },
			],
		},
		commentSimplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Overwrite on Conflict',
					name: 'overwrite',
					type: 'boolean',
					default: false,
					description:
						'Whether to write the new text anyway when someone else edited the comment between reading and writing. Off: the item fails and nothing is overwritten.',
				},
				{
					displayName: 'Version Message',
					name: 'versionMessage',
					type: 'string',
					default: '',
					description: 'A note stored with the new version of the comment',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const commentType = readCommentType(this, itemIndex);
		const id = readCommentId(this, itemIndex);
		const content = String(this.getNodeParameter('body', itemIndex, '') ?? '');
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
		const resolution: Resolution =
			commentType === 'inline'
				? (this.getNodeParameter('resolution', itemIndex, 'keep') as Resolution)
				: 'keep';
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const changesBody = content.trim() !== '';
		if (!changesBody && resolution === 'keep') {
			throw new NodeOperationError(
				this.getNode(),
				'The parameter "Comment" is empty and there is nothing else to change',
				{
					itemIndex,
					description:
						commentType === 'inline'
							? `Item ${itemIndex}: give the new text in "Comment", or choose Resolve or Reopen under "Resolution".`
							: `Item ${itemIndex}: give the new text of the comment in "Comment".`,
				},
			);
		}
		const newBody = changesBody
			? bodyForWrite(this, itemIndex, format, content, 'Comment')
			: undefined;
		const path = apiPath`${COMMENT_PATH[commentType]}/${id}`;

		// Re-reading and writing again is safe when the text is kept (resolve/reopen) or the user chose to overwrite.
		const retries = !changesBody || options.overwrite ? CONFLICT_RETRIES : 0;
		for (let attempt = 0; ; attempt++) {
			const current = await confluenceApi.call(this, {
				method: 'GET',
				path,
				qs: { 'body-format': 'storage' },
				itemIndex,
			});
			const currentVersion = Number((current.version as IDataObject | undefined)?.number ?? 0);
			const version: IDataObject = { number: currentVersion + 1 };
			if (options.versionMessage) version.message = String(options.versionMessage);
			// An update replaces the comment as a whole, so a resolve-only update re-sends the current text to keep it.
			const body: IDataObject = { version, body: { ...(newBody ?? currentStorageBody(current)) } };
			if (resolution !== 'keep') body.resolved = resolution === 'resolve';
			let failure: unknown;
			try {
				const updated = await confluenceApi.call(this, { method: 'PUT', path, body, itemIndex });
				return simplify ? simplifyComment(updated, 'none', commentType) : updated;
			} catch (error) {
				failure = error;
			}
			const status = failure instanceof NodeApiError ? String(failure.httpCode) : undefined;
			if (status === '404') {
				// The comment was just read, so a 404 on the write is Confluence refusing it: only authors edit their comments.
				throw new NodeOperationError(
					this.getNode(),
					`Confluence refused to update the comment ${id}`,
					{
						itemIndex,
						description: `Item ${itemIndex}: the comment can be read but not changed by this account. In Confluence only the author of a comment can edit, resolve or reopen it.`,
					},
				);
			}
			if (status !== '409') throw failure;
			if (newBody?.representation === 'storage' && resolution === 'keep') {
				// A PUT repeated after a dropped connection meets its own applied write as 409: that version is ours.
				const after = await confluenceApi.call(this, {
					method: 'GET',
					path,
					qs: { 'body-format': 'storage' },
					itemIndex,
				});
				const landed =
					Number((after.version as IDataObject | undefined)?.number) === version.number &&
					currentStorageBody(after).value.trim() === newBody.value.trim();
				if (landed) return simplify ? simplifyComment(after, 'none', commentType) : after;
			}
			if (attempt < retries) continue;
			throw new NodeOperationError(
				this.getNode(),
				`The comment ${id} was changed by someone else while it was being updated`,
				{
					itemIndex,
					description: changesBody
						? `Item ${itemIndex}: nothing was changed. Get the comment to see the other edit and run the update again, or turn on the option "Overwrite on Conflict".`
						: `Item ${itemIndex}: the comment kept changing; run the update again.`,
				},
			);
		}
	},
});
