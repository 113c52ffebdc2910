import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import { versionNumberProperty } from '../content/versions';

export const { description, execute } = defineOperation({
	resource: 'page',
	operation: 'restoreVersion',
	properties: [
		contentLocator('page', { description: 'The page to restore an earlier version of' }),
		versionNumberProperty(
			'The earlier version to restore. Its content becomes a new, current version; the history is kept.',
		),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Restore Title',
					name: 'restoreTitle',
					type: 'boolean',
					default: false,
					description: 'Whether to also bring back the title the page had in that version',
				},
				{
					displayName: 'Version Message',
					name: 'message',
					type: 'string',
					default: '',
					description: 'A note stored with the new version (default: "Restored version N")',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		const versionNumber = this.getNodeParameter('versionNumber', itemIndex) as number;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const message = options.message ? String(options.message) : `Restored version ${versionNumber}`;
		// v2 has no restore; the v1 endpoint requires a message.
		const version = await createOnce(
			this,
			{
				method: 'POST',
				api: 'v1',
				path: apiPath`/content/${id}/version`,
				body: {
					operationKey: 'restore',
					params: { versionNumber, message, restoreTitle: options.restoreTitle === true },
				},
				itemIndex,
			},
			{
				// A restore adds a version: ours is a newest one with our message, by the connected account, made after we sent
				// ours. Answered in v1's version shape.
				find: async (since, accountId) => {
					const list = await confluenceApi.call(this, {
						method: 'GET',
						path: apiPath`/pages/${id}/versions`,
						qs: { sort: '-modified-date', limit: 10 },
						itemIndex,
					});
					const found = ((list.results as IDataObject[] | undefined) ?? []).find(
						(candidate) =>
							candidate.message === message &&
							String(candidate.authorId ?? '') === accountId &&
							Date.parse(String(candidate.createdAt)) >= since,
					);
					return found
						? {
								number: found.number,
								message: found.message,
								when: found.createdAt,
								by: { accountId: found.authorId },
							}
						: undefined;
				},
			},
		);
		return {
			id,
			restoredVersion: versionNumber,
			version: version.number,
			message: version.message,
			when: version.when,
			by: ((version.by as IDataObject | undefined)?.accountId as string | undefined) ?? undefined,
		};
	},
});
