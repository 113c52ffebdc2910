import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { parseContentId } from '../common/resolve';
import { splitList } from '../common/values';
import { restrictionContentIdProperty, restrictionOperationProperty } from './shared';

export const { description, execute } = defineOperation({
	resource: 'contentRestriction',
	operation: 'remove',
	properties: [
		restrictionContentIdProperty,
		{
			displayName: 'Remove',
			name: 'remove',
			type: 'options',
			default: 'user',
			options: [
				{
					name: 'All Restrictions',
					value: 'all',
					description: 'Lift every view and edit restriction, so the space permissions apply again',
				},
				{ name: 'Group', value: 'group', description: 'Take groups off one restriction' },
				{ name: 'User', value: 'user', description: 'Take users off one restriction' },
			],
			description: 'What to remove',
		},
		{
			...restrictionOperationProperty,
			description: 'The restriction (view or edit) to take them off',
			displayOptions: { show: { remove: ['user', 'group'] } },
		},
		{
			displayName: 'User Account IDs',
			name: 'accountIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5b10ac8d82e05b22cc7d4ef5',
			description: 'Atlassian account IDs of the users to remove, separated by commas',
			displayOptions: { show: { remove: ['user'] } },
		},
		{
			displayName: 'Group IDs',
			name: 'groupIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 9a1b2c3d-1234-5678-9abc-def012345678',
			description: 'IDs of the groups to remove, separated by commas',
			displayOptions: { show: { remove: ['group'] } },
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const contentId = parseContentId(
			this,
			itemIndex,
			'Content ID',
			this.getNodeParameter('contentId', itemIndex, ''),
		);
		const remove = this.getNodeParameter('remove', itemIndex, 'user') as 'all' | 'user' | 'group';
		if (remove === 'all') {
			await confluenceApi.call(this, {
				method: 'DELETE',
				api: 'v1',
				path: apiPath`/content/${contentId}/restriction`,
				itemIndex,
			});
			return { contentId, removed: 'all', deleted: true };
		}
		const operation = this.getNodeParameter('restriction', itemIndex, 'read') as string;
		const [parameter, displayName] =
			remove === 'user' ? ['accountIds', 'User Account IDs'] : ['groupIds', 'Group IDs'];
		const ids = splitList(this.getNodeParameter(parameter, itemIndex, ''));
		if (!ids.length) {
			throw new NodeOperationError(this.getNode(), `The parameter "${displayName}" is empty`, {
				itemIndex,
				description: `Give at least one ID for item ${itemIndex}.`,
			});
		}
		// Group IDs are UUIDs and account IDs are `557058:…`-style tokens; a group ID goes into the path, so anything else
		// (a slash, a query, a dot segment) is refused as this parameter's error before it is sent.
		const malformed = ids.find((id) => !/^[A-Za-z0-9][A-Za-z0-9:_-]*$/.test(id));
		if (malformed !== undefined) {
			throw new NodeOperationError(
				this.getNode(),
				`The parameter "${displayName}" holds "${malformed.slice(0, 80)}", which is not an ID`,
				{
					itemIndex,
					description: `Item ${itemIndex}: IDs are made of letters, digits, "-", ":" and "_" (e.g. 9a1b2c3d-1234-5678-9abc-def012345678), separated by commas.`,
				},
			);
		}
		const base = apiPath`/content/${contentId}/restriction/byOperation/${operation}`;
		for (const id of ids) {
			await confluenceApi.call(this, {
				method: 'DELETE',
				api: 'v1',
				path: remove === 'user' ? apiPath`${base}/user` : apiPath`${base}/byGroupId/${id}`,
				qs: remove === 'user' ? { accountId: id } : undefined,
				itemIndex,
			});
		}
		const result: IDataObject = { contentId, operation, deleted: true };
		result[remove === 'user' ? 'accountIds' : 'groupIds'] = ids;
		return result;
	},
});
