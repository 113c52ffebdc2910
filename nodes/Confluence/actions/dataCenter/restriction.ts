import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { parseContentId } from '../common/resolve';
import { RESTRICTION_EXPAND, simplifyRestrictions } from '../contentRestriction/shared';

const OPERATIONS = ['read', 'update'];

function principals(field: unknown): IDataObject[] {
	if (Array.isArray(field)) return field as IDataObject[];
	const list = (field as IDataObject | undefined)?.results;
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * The restrictions of a page or blog post on Data Center: `GET /rest/api/content/{id}/restriction/byOperation`, a map
 * from operation to its restriction (ContentRestrictionResource.byOperation,
 * https://docs.atlassian.com/atlassian-confluence/5.7.4/com/atlassian/confluence/plugins/restapi/resources/ContentRestrictionResource.html),
 * read here as the list Cloud answers. Users are named by user key and username (Data Center has no account IDs).
 */
export async function getRestrictions(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	const contentId = parseContentId(
		this,
		itemIndex,
		'Content ID',
		this.getNodeParameter('contentId', itemIndex, ''),
	);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const byOperation = await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${contentId}/restriction/byOperation`,
		qs: { expand: RESTRICTION_EXPAND },
		itemIndex,
	});
	if (!simplify) return byOperation;
	const entries = OPERATIONS.map(
		(operation) => byOperation[operation] as IDataObject | undefined,
	).filter((entry): entry is IDataObject => entry !== undefined && entry !== null);
	return simplifyRestrictions(contentId, { results: entries }).map((simplified, index) => {
		const restrictions = (entries[index].restrictions ?? {}) as IDataObject;
		const users = principals(restrictions.user);
		return {
			...simplified,
			users: users.map((user) => ({
				userKey: user.userKey,
				username: user.username,
				displayName: user.displayName,
			})),
		};
	});
}
