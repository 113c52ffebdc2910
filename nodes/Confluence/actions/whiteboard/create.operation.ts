import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { cqlString } from '../../helpers/cql';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { simplifyProperty, spaceLocator } from '../common/descriptions';
import { parseContentId, resolveSpaceId } from '../common/resolve';
import { shapeContent } from '../common/simplify';
import { WHITEBOARD_LOCALES, WHITEBOARD_TEMPLATE_KEYS, templateName } from './shared';

export const { description, execute } = defineOperation({
	resource: 'whiteboard',
	operation: 'create',
	properties: [
		spaceLocator({ description: 'The space to create the whiteboard in' }),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			placeholder: 'e.g. Sprint 42 Retro',
			description: 'The whiteboard title. Leave empty for an untitled whiteboard.',
		},
		simplifyProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Locale',
					name: 'locale',
					type: 'options',
					default: 'en-US',
					options: WHITEBOARD_LOCALES.map((locale) => ({ name: locale, value: locale })),
					description: "The language of the template's text (default: your Confluence language)",
				},
				{
					displayName: 'Parent ID',
					name: 'parentId',
					type: 'string',
					default: '',
					placeholder: 'e.g. 123456 or a page URL',
					description:
						'The page, folder or whiteboard to create it under (ID or URL). Leave empty to place it at the top of the space.',
				},
				{
					displayName: 'Private',
					name: 'private',
					type: 'boolean',
					default: false,
					description: 'Whether only you can see the new whiteboard',
				},
				{
					displayName: 'Template',
					name: 'templateKey',
					type: 'options',
					default: 'kanban-board',
					options: WHITEBOARD_TEMPLATE_KEYS.map((key) => ({
						name: templateName(key),
						value: key,
					})).sort((a, b) => a.name.localeCompare(b.name)),
					description: 'A Confluence template to start the whiteboard from',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const title = String(this.getNodeParameter('title', itemIndex, '') ?? '').trim();
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		if (title) body.title = title;
		if (typeof fields.parentId === 'string' && fields.parentId.trim()) {
			body.parentId = parseContentId(this, itemIndex, 'Parent ID', fields.parentId);
		}
		if (fields.templateKey) {
			if (!WHITEBOARD_TEMPLATE_KEYS.includes(String(fields.templateKey))) {
				throw new NodeOperationError(
					this.getNode(),
					`The field "Template" has an unknown template key "${String(fields.templateKey).slice(0, 80)}"`,
					{
						itemIndex,
						description: `Known keys: ${WHITEBOARD_TEMPLATE_KEYS.join(', ')}.`,
					},
				);
			}
			body.templateKey = fields.templateKey;
			if (fields.locale) body.locale = fields.locale;
		}
		body.spaceId = await resolveSpaceId(this, itemIndex);
		const spaceId = String(body.spaceId);
		const parentId = body.parentId === undefined ? undefined : String(body.parentId);
		const whiteboard = await createOnce(
			this,
			{
				method: 'POST',
				path: apiPath`/whiteboards`,
				qs: fields.private ? { private: true } : undefined,
				body,
				itemIndex,
			},
			{
				// Whiteboard titles are not unique and v2 lists no whiteboards of a space, so ours is found through CQL
				// search: the one with our title, in our space and under our parent, by the connected account, created after
				// we sent ours. An untitled whiteboard cannot be told apart from another one.
				find: title
					? async (since, accountId) => {
							const search = await confluenceApi.call(this, {
								method: 'GET',
								api: 'v1',
								path: apiPath`/search`,
								qs: {
									cql: `type = whiteboard AND space.id = ${cqlString(spaceId)} AND title = ${cqlString(title)} AND creator = ${cqlString(accountId)}`,
									limit: 25,
								},
								itemIndex,
							});
							const ids = ((search.results as IDataObject[] | undefined) ?? [])
								.map((result) => (result.content as IDataObject | undefined)?.id)
								.filter((id) => id !== undefined && id !== null)
								.map(String);
							for (const id of ids) {
								const candidate = await confluenceApi.call(this, {
									method: 'GET',
									path: apiPath`/whiteboards/${id}`,
									itemIndex,
								});
								if (
									candidate.title === title &&
									String(candidate.authorId ?? '') === accountId &&
									String(candidate.spaceId ?? '') === spaceId &&
									(parentId === undefined || String(candidate.parentId ?? '') === parentId) &&
									Date.parse(String(candidate.createdAt)) >= since
								) {
									return candidate;
								}
							}
							return undefined;
						}
					: undefined,
				mayMissRecent: true,
			},
		);
		return shapeContent(whiteboard, 'none', simplify);
	},
});
