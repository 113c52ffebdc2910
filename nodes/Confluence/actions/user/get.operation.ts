import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { splitList } from '../common/values';

// The v2 spec allows 250 IDs per lookup; smaller batches stay inside the lower caps seen on bulk user endpoints.
const BULK_MAX = 100;

export const { description, execute } = defineOperation({
	resource: 'user',
	operation: 'get',
	properties: [
		{
			displayName: 'Account IDs',
			name: 'accountIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5b10ac8d82e05b22cc7d4ef5, 557058:f6f9d3c1-…',
			description:
				'One or more Atlassian account IDs, separated by commas (or a list from an expression). Returns one item per user found.',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const accountIds = splitList(this.getNodeParameter('accountIds', itemIndex, ''));
		if (!accountIds.length) {
			throw new NodeOperationError(this.getNode(), 'The parameter "Account IDs" is empty', {
				itemIndex,
				description: `Give at least one Atlassian account ID for item ${itemIndex}.`,
			});
		}
		const users: IDataObject[] = [];
		for (let start = 0; start < accountIds.length; start += BULK_MAX) {
			const body = await confluenceApi.call(this, {
				method: 'POST',
				path: apiPath`/users-bulk`,
				body: { accountIds: accountIds.slice(start, start + BULK_MAX) },
				// A lookup reads only, so repeating it is safe.
				idempotent: true,
				itemIndex,
			});
			for (const user of (body.results as IDataObject[] | undefined) ?? []) users.push(user);
		}
		if (!users.length) {
			throw new NodeOperationError(
				this.getNode(),
				`No Confluence user has the account ID${accountIds.length > 1 ? 's' : ''} in "Account IDs"`,
				{
					itemIndex,
					description: `Item ${itemIndex} asked for ${accountIds.slice(0, 5).join(', ')}${accountIds.length > 5 ? ', …' : ''}. Account IDs look like 557058:f6f9d3c1-… or 5b10ac8d82e05b22cc7d4ef5; User → Search finds them by name.`,
				},
			);
		}
		return users;
	},
});
