import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { contentIdParameter } from '../common/descriptions';

export const restrictionContentIdProperty: INodeProperties = contentIdParameter({
	description: 'The numeric ID of the page or blog post, or its URL (the ID is taken from it)',
});

export const restrictionOperationProperty: INodeProperties = {
	displayName: 'Restriction',
	name: 'restriction',
	type: 'options',
	default: 'read',
	options: [
		{ name: 'Edit', value: 'update', description: 'Who may edit the content' },
		{ name: 'View', value: 'read', description: 'Who may see the content' },
	],
	description: 'Which restriction to change',
};

export const RESTRICTION_EXPAND = ['restrictions.user', 'restrictions.group'];

/** v1 nests principals as `{results:[…]}` (or, per the spec, a bare array); both are read. */
function principals(field: unknown): IDataObject[] {
	if (Array.isArray(field)) return field as IDataObject[];
	const list = (field as IDataObject | undefined)?.results;
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/** One flat item per restriction operation: who may view (`read`) or edit (`update`) the content. */
export function simplifyRestrictions(contentId: string, body: IDataObject): IDataObject[] {
	const entries = (body.results as IDataObject[] | undefined) ?? [];
	return entries.map((entry) => {
		const restrictions = (entry.restrictions ?? {}) as IDataObject;
		return {
			contentId,
			operation: entry.operation,
			users: principals(restrictions.user).map((user) => {
				const simplified: IDataObject = {
					accountId: user.accountId,
					displayName: user.displayName,
				};
				if (user.email) simplified.email = user.email;
				return simplified;
			}),
			groups: principals(restrictions.group).map((group) => ({ id: group.id, name: group.name })),
		};
	});
}
