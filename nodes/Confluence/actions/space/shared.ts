import type { IDataObject } from 'n8n-workflow';
import { dropNullish } from '../common/values';

function descriptionText(description: unknown): string | undefined {
	if (!description || typeof description !== 'object') return undefined;
	const record = description as IDataObject;
	for (const representation of ['plain', 'view']) {
		const value = (record[representation] as IDataObject | undefined)?.value;
		if (typeof value === 'string') return value;
	}
	return undefined;
}

function results(field: unknown): IDataObject[] | undefined {
	const list = (field as IDataObject | undefined)?.results;
	return Array.isArray(list) ? (list as IDataObject[]) : undefined;
}

/**
 * A space as a flat object. Works for both shapes: v2 (`homepageId`, string IDs) and v1 (`homepage{}`, numeric IDs,
 * `_expandable` noise), so create (v1) and get (v2) give the same fields.
 */
export function simplifySpace(raw: IDataObject): IDataObject {
	const links = (raw._links ?? {}) as IDataObject;
	const homepage = raw.homepage as IDataObject | undefined;
	const simplified: IDataObject = {
		id: raw.id === undefined || raw.id === null ? undefined : String(raw.id),
		key: raw.key,
		name: raw.name,
		type: raw.type,
		status: raw.status,
		description: descriptionText(raw.description),
		homepageId: raw.homepageId ?? (homepage?.id === undefined ? undefined : String(homepage.id)),
		authorId: raw.authorId,
		spaceOwnerId: raw.spaceOwnerId,
		createdAt: raw.createdAt,
		alias: raw.currentActiveAlias,
		url:
			typeof links.webui === 'string'
				? `${typeof links.base === 'string' ? links.base : ''}${links.webui}`
				: undefined,
	};
	const labels = results(raw.labels);
	if (labels) simplified.labels = labels.map((label) => label.name);
	const properties = results(raw.properties);
	if (properties) {
		simplified.properties = Object.fromEntries(
			properties.map((property) => [String(property.key), property.value]),
		) as IDataObject;
	}
	const permissions = results(raw.permissions);
	if (permissions) simplified.permissions = permissions;
	const operations = results(raw.operations);
	if (operations) simplified.operations = operations;
	return dropNullish(simplified);
}

export function shapeSpace(raw: IDataObject, simplify: boolean): IDataObject {
	return simplify ? simplifySpace(raw) : raw;
}

export const SPACE_TYPES = [
	{ name: 'Collaboration', value: 'collaboration' },
	{ name: 'Global', value: 'global' },
	{ name: 'Knowledge Base', value: 'knowledge_base' },
	{ name: 'Onboarding', value: 'onboarding' },
	{ name: 'Personal', value: 'personal' },
	{ name: 'System', value: 'system' },
];
