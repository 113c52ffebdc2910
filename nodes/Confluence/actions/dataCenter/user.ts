import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { settle } from '../content/write';
import { splitList } from '../common/values';

/**
 * Users on Data Center have no account IDs: the node names them by user key (as in `authorId`), and people know them
 * by username. Each value is looked up as a key (`GET /rest/api/user?key=`), then as a username (`?username=`)
 * (https://developer.atlassian.com/server/confluence/rest/v910/api-group-user).
 */
export async function getUsers(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const ids = splitList(this.getNodeParameter('accountIds', itemIndex, ''));
	if (!ids.length) {
		throw new NodeOperationError(this.getNode(), 'The parameter "Account IDs" is empty', {
			itemIndex,
			description: `Give at least one user key or username for item ${itemIndex}.`,
		});
	}
	const users: IDataObject[] = [];
	const seen = new Set<string>();
	for (const id of ids) {
		for (const by of ['key', 'username'] as const) {
			const answer = await settle(
				confluenceApi.call(this, {
					method: 'GET',
					api: 'v1',
					path: apiPath`/user`,
					qs: { [by]: id },
					itemIndex,
				}),
			);
			if (answer.ok) {
				const key = String(answer.value.userKey ?? answer.value.username ?? id);
				if (!seen.has(key)) users.push(answer.value);
				seen.add(key);
				break;
			}
			const status = answer.error instanceof NodeApiError ? String(answer.error.httpCode) : '';
			if (status !== '404') throw answer.error;
		}
	}
	if (!users.length) {
		throw new NodeOperationError(
			this.getNode(),
			`No Confluence user has the user key or username${ids.length > 1 ? 's' : ''} in "Account IDs"`,
			{
				itemIndex,
				description: `Item ${itemIndex} asked for ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}. On Data Center give user keys (the authorId of other operations) or usernames.`,
			},
		);
	}
	return users;
}
