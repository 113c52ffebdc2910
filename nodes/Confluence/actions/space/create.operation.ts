import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { simplifyProperty } from '../common/descriptions';
import { requireValue } from '../common/resolve';
import { shapeSpace } from './shared';

export const { description, execute } = defineOperation({
	resource: 'space',
	operation: 'create',
	properties: [
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. DOCS',
			description:
				'The space key: letters and digits only, unique on the site. It appears in URLs and cannot be changed later.',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Documentation',
			description: 'The space name shown in Confluence (up to 200 characters)',
		},
		{
			...simplifyProperty,
			description:
				"Whether to return a flat object with the useful fields instead of Confluence's raw response",
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Alias',
					name: 'alias',
					type: 'string',
					default: '',
					description:
						"The identifier used in the space's URLs instead of the key (experimental in Confluence)",
				},
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'A plain-text description of the space',
				},
				{
					displayName: 'Private',
					name: 'private',
					type: 'boolean',
					default: false,
					description:
						"Whether to create a private space that only its creator can see, instead of one with the site's default permissions",
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { key, name, simplify, fields, body } = readSpaceCreate(this, itemIndex);
		// v2 POST /spaces is experimental and only on RBAC tenants; the v1 endpoints work on every Cloud site.
		const space = await createOnce(
			this,
			{
				method: 'POST',
				api: 'v1',
				path: fields.private ? apiPath`/space/_private` : apiPath`/space`,
				body,
				itemIndex,
			},
			{
				// Keys are unique on the site: the space with our key and name, by the connected account, created after we sent
				// ours, is ours. (v1 can no longer read a space: v2 answers, with the fields simplify keeps.)
				find: async (since, accountId) => {
					const list = await confluenceApi.call(this, {
						method: 'GET',
						path: apiPath`/spaces`,
						qs: { keys: key, 'description-format': 'plain' },
						itemIndex,
					});
					return ((list.results as IDataObject[] | undefined) ?? []).find(
						(candidate) =>
							String(candidate.key).toUpperCase() === key.toUpperCase() &&
							candidate.name === name &&
							String(candidate.authorId ?? '') === accountId &&
							Date.parse(String(candidate.createdAt)) >= since,
					);
				},
			},
		);
		return shapeSpace(space, simplify);
	},
});

/** The space a Create asks for, checked (key, name), and the v1 body Cloud and Data Center both take. */
export function readSpaceCreate(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { key: string; name: string; simplify: boolean; fields: IDataObject; body: IDataObject } {
	const key = requireValue(ctx, itemIndex, 'Key', ctx.getNodeParameter('key', itemIndex, ''));
	if (!/^[A-Za-z0-9]+$/.test(key)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "Key" may contain only letters and digits, got "${key.slice(0, 80)}"`,
			{
				itemIndex,
				description: 'Confluence space keys are alphanumeric, e.g. DOCS or TEAM2026.',
			},
		);
	}
	const name = requireValue(ctx, itemIndex, 'Name', ctx.getNodeParameter('name', itemIndex, ''));
	if (name.length > 200) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The parameter "Name" is longer than 200 characters',
			{ itemIndex },
		);
	}
	const simplify = ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
	const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { key, name };
	if (typeof fields.alias === 'string' && fields.alias.trim()) body.alias = fields.alias.trim();
	if (typeof fields.description === 'string' && fields.description !== '') {
		body.description = { plain: { value: fields.description, representation: 'plain' } };
	}
	return { key, name, simplify, fields, body };
}
