import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, type ApiPath } from '../../transport';
import { readLocator, requireValue } from '../common/resolve';

/** Whatever a property hangs off (a space, a page, a blog post, a whiteboard), resolved from the item's parameters. */
export interface PropertyOwnerRef {
	/** v2 path of the owner, e.g. `/spaces/98306` or `/pages/123`. */
	path: ApiPath;
	/** For messages: `space 98306`, `page 123`. */
	label: string;
	/** Identifies the owner in outputs that have no property object to return (delete). */
	context: IDataObject;
}

/** What differs between space properties and content properties; the five operations are written once against it. */
export interface PropertyOwner {
	resource: 'spaceProperty' | 'contentProperty';
	/** `space` or `content`, for descriptions. */
	noun: string;
	/** Parameters that pick the owner, shown first in every operation. */
	ownerProperties: INodeProperties[];
	/** Validates the owner parameters (before any request where the input alone decides) and returns its path. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef>;
	/** Content property lists accept `sort=key`; space property lists do not. */
	sortable: boolean;
}

export const PROPERTY_PARAMETER = 'property';
const PROPERTY_DISPLAY_NAME = 'Property';

export function propertyLocator(noun: string): INodeProperties {
	return {
		displayName: PROPERTY_DISPLAY_NAME,
		name: PROPERTY_PARAMETER,
		type: 'resourceLocator',
		default: { mode: 'key', value: '' },
		required: true,
		description: `The ${noun} property, by its key (the name it was created with) or its numeric ID`,
		modes: [
			{
				displayName: 'By Key',
				name: 'key',
				type: 'string',
				placeholder: 'e.g. release-status',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1015809',
				validation: [
					{
						type: 'regex',
						properties: { regex: '\\d+', errorMessage: 'Property IDs are numeric' },
					},
				],
			},
		],
	};
}

export const propertyKeyProperty: INodeProperties = {
	displayName: 'Key',
	name: 'key',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. release-status',
	description: 'The property key. Keys are unique per owner and at most 255 characters.',
};

export const propertyValueProperty: INodeProperties = {
	displayName: 'Value',
	name: 'value',
	type: 'json',
	default: '{}',
	required: true,
	description:
		'The property value as JSON: an object, array, number, true/false, or text in double quotes',
};

/** The property key as typed, validated before any request. */
export function readPropertyKey(ctx: IExecuteFunctions, itemIndex: number): string {
	const key = requireValue(ctx, itemIndex, 'Key', ctx.getNodeParameter('key', itemIndex, ''));
	if (key.length > 255) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The parameter "Key" is longer than 255 characters',
			{
				itemIndex,
			},
		);
	}
	return key;
}

/** How the user identified the property; validated before any request. */
export function readPropertyLocator(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { mode: 'id' | 'key'; value: string } {
	const locator = readLocator(ctx, itemIndex, PROPERTY_PARAMETER);
	const value = requireValue(ctx, itemIndex, PROPERTY_DISPLAY_NAME, locator.value);
	// A property key in the ID field (as a model filling the field would send it) is read as the key.
	if (locator.mode === 'id' && /^\d+$/.test(value)) return { mode: 'id', value };
	return { mode: 'key', value };
}

/** The property object behind a key or ID: by ID one GET, by key the list filtered by `key`. */
export async function fetchProperty(
	ctx: IExecuteFunctions,
	itemIndex: number,
	owner: PropertyOwnerRef,
	locator: { mode: 'id' | 'key'; value: string },
): Promise<IDataObject> {
	if (locator.mode === 'id') {
		return await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`${owner.path}/properties/${locator.value}`,
			itemIndex,
		});
	}
	const body = await confluenceApi.call(ctx, {
		method: 'GET',
		path: apiPath`${owner.path}/properties`,
		qs: { key: locator.value },
		itemIndex,
	});
	// The key filter is exact on Confluence; matching again guards against a server that treats it as a prefix.
	const found = ((body.results as IDataObject[] | undefined) ?? []).find(
		(property) => property.key === locator.value,
	);
	if (!found) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${PROPERTY_DISPLAY_NAME}" names the key "${locator.value.slice(0, 80)}", which the ${owner.label} does not have`,
			{
				itemIndex,
				description:
					'Property keys are case-sensitive. List the properties (Get Many) to see which keys exist.',
			},
		);
	}
	return found;
}
