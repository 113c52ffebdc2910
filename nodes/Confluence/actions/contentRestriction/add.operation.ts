import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { parseContentId } from '../common/resolve';
import { splitList } from '../common/values';
import {
	RESTRICTION_EXPAND,
	restrictionContentIdProperty,
	restrictionOperationProperty,
	simplifyRestrictions,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'contentRestriction',
	operation: 'add',
	properties: [
		restrictionContentIdProperty,
		{
			...restrictionOperationProperty,
			description: 'Whether to restrict who may view or who may edit the content',
		},
		{
			displayName: 'User Account IDs',
			name: 'accountIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5b10ac8d82e05b22cc7d4ef5',
			description:
				'Atlassian account IDs of the users to allow, separated by commas. Once restricted, only the listed users and groups have access.',
		},
		{
			displayName: 'Group IDs',
			name: 'groupIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9a1b2c3d-1234-5678-9abc-def012345678',
			description: 'IDs of the groups to allow, separated by commas',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const contentId = parseContentId(
			this,
			itemIndex,
			'Content ID',
			this.getNodeParameter('contentId', itemIndex, ''),
		);
		const operation = this.getNodeParameter('restriction', itemIndex, 'read') as string;
		const accountIds = splitList(this.getNodeParameter('accountIds', itemIndex, ''));
		const groupIds = splitList(this.getNodeParameter('groupIds', itemIndex, ''));
		if (!accountIds.length && !groupIds.length) {
			throw new NodeOperationError(
				this.getNode(),
				'The parameters "User Account IDs" and "Group IDs" are both empty',
				{
					itemIndex,
					description: `Give at least one user account ID or group ID for item ${itemIndex}.`,
				},
			);
		}
		// Confluence wants empty principal lists left out rather than sent as [].
		const restrictions: IDataObject = {};
		if (accountIds.length)
			restrictions.user = accountIds.map((accountId) => ({ type: 'known', accountId }));
		if (groupIds.length) restrictions.group = groupIds.map((id) => ({ type: 'group', id }));
		const body = await confluenceApi.call(this, {
			method: 'POST',
			api: 'v1',
			path: apiPath`/content/${contentId}/restriction`,
			qs: { expand: RESTRICTION_EXPAND },
			body: [{ operation, restrictions }],
			// Adding a principal that is already allowed changes nothing.
			idempotent: true,
			itemIndex,
		});
		return simplifyRestrictions(contentId, body);
	},
});
