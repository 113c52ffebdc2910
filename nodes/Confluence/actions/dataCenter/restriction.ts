import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { parseContentId } from '../common/resolve';
import { splitList } from '../common/values';
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

interface PrincipalSets {
	userKeys: string[];
	groupNames: string[];
}

const PARAMETERS = {
	user: ['accountIds', 'User Account IDs'],
	group: ['groupIds', 'Group IDs'],
} as const;

function readNames(ctx: IExecuteFunctions, itemIndex: number, kind: 'user' | 'group'): string[] {
	return splitList(ctx.getNodeParameter(PARAMETERS[kind][0], itemIndex, ''));
}

/**
 * Data Center's `/rest/api` sets restrictions only as a whole: `PUT /rest/api/content/{id}/restriction` "sets all the
 * restrictions specified ... replacing any existing permissions", taking what `GET` answers (ContentRestrictionResource,
 * https://docs.atlassian.com/ConfluenceServer/javadoc/8.8.0/com/atlassian/confluence/plugins/restapi/resources/ContentRestrictionResource.html);
 * per-user and per-group endpoints exist only in its experimental API. So adding and removing read what is there, change
 * it, and send both operations back. Users are named by user key (Data Center has no account IDs), groups by name.
 */
async function changeRestrictions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contentId: string,
	change: (operation: string, current: PrincipalSets) => PrincipalSets,
): Promise<void> {
	const byOperation = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${contentId}/restriction/byOperation`,
		qs: { expand: RESTRICTION_EXPAND },
		itemIndex,
	});
	const body = OPERATIONS.map((operation) => {
		const restrictions = ((byOperation[operation] as IDataObject | undefined)?.restrictions ??
			{}) as IDataObject;
		const current: PrincipalSets = {
			userKeys: principals(restrictions.user).map((user) => String(user.userKey)),
			groupNames: principals(restrictions.group).map((group) => String(group.name)),
		};
		const next = change(operation, current);
		return {
			operation,
			restrictions: {
				user: [...new Set(next.userKeys)].map((userKey) => ({ type: 'known', userKey })),
				group: [...new Set(next.groupNames)].map((name) => ({ type: 'group', name })),
			},
		};
	});
	await confluenceApi.call(ctx, {
		method: 'PUT',
		api: 'v1',
		path: apiPath`/content/${contentId}/restriction`,
		body,
		// The same restrictions sent twice leave the same restrictions.
		idempotent: true,
		itemIndex,
	});
}

function readContentId(ctx: IExecuteFunctions, itemIndex: number): string {
	return parseContentId(
		ctx,
		itemIndex,
		'Content ID',
		ctx.getNodeParameter('contentId', itemIndex, ''),
	);
}

/** Adds users (by user key) and groups (by name) to a restriction on Data Center; answers as Restriction → Get. */
export async function addRestrictions(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	const contentId = readContentId(this, itemIndex);
	const restriction = this.getNodeParameter('restriction', itemIndex, 'read') as string;
	const userKeys = readNames(this, itemIndex, 'user');
	const groupNames = readNames(this, itemIndex, 'group');
	if (!userKeys.length && !groupNames.length) {
		throw new NodeOperationError(
			this.getNode(),
			'The parameters "User Account IDs" and "Group IDs" are both empty',
			{
				itemIndex,
				description: `On Data Center give user keys in "User Account IDs" or group names in "Group IDs" for item ${itemIndex}.`,
			},
		);
	}
	await changeRestrictions(this, itemIndex, contentId, (operation, current) =>
		operation === restriction
			? {
					userKeys: [...current.userKeys, ...userKeys],
					groupNames: [...current.groupNames, ...groupNames],
				}
			: current,
	);
	return await getRestrictions.call(this, itemIndex);
}

/** Takes users (by user key) or groups (by name) off a restriction, or lifts all restrictions, on Data Center. */
export async function removeRestrictions(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const contentId = readContentId(this, itemIndex);
	const remove = this.getNodeParameter('remove', itemIndex, 'user') as 'all' | 'user' | 'group';
	if (remove === 'all') {
		await changeRestrictions(this, itemIndex, contentId, () => ({ userKeys: [], groupNames: [] }));
		return { contentId, removed: 'all', deleted: true };
	}
	const restriction = this.getNodeParameter('restriction', itemIndex, 'read') as string;
	const names = readNames(this, itemIndex, remove);
	if (!names.length) {
		throw new NodeOperationError(
			this.getNode(),
			`The parameter "${PARAMETERS[remove][1]}" is empty`,
			{
				itemIndex,
				description: `On Data Center give ${remove === 'user' ? 'user keys' : 'group names'} for item ${itemIndex}.`,
			},
		);
	}
	const gone = new Set(names);
	await changeRestrictions(this, itemIndex, contentId, (operation, current) =>
		operation !== restriction
			? current
			: remove === 'user'
				? { ...current, userKeys: current.userKeys.filter((key) => !gone.has(key)) }
				: { ...current, groupNames: current.groupNames.filter((name) => !gone.has(name)) },
	);
	return { contentId, operation: restriction, deleted: true, [PARAMETERS[remove][0]]: names };
}
