import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataCenter } from '../../transport';
import { readLocator, requireValue } from '../common/resolve';
import type { PropertyLocator, PropertyStore } from './stores';

/** Whatever a property hangs off (a space, a page, a blog post, a whiteboard), resolved from the item's parameters. */
export interface PropertyOwnerRef {
	/** Where its properties are, on the credential's platform. */
	store: PropertyStore;
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
	/** Validates the owner parameters (before any request where the input alone decides) and says where it is on Cloud. */
	resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef>;
	/** The same on Data Center, whose v1 API addresses owners (spaces by key) and properties (by key) otherwise. */
	resolveDataCenter(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef>;
	/** Content property lists accept `sort=key`; space property lists do not. */
	sortable: boolean;
}

/** The owner on the platform the item's credential reaches. */
export async function resolvePropertyOwner(
	owner: PropertyOwner,
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<PropertyOwnerRef> {
	return isDataCenter(ctx)
		? await owner.resolveDataCenter(ctx, itemIndex)
		: await owner.resolve(ctx, itemIndex);
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

/** The property object behind a key or ID. */
export async function fetchProperty(
	ctx: IExecuteFunctions,
	itemIndex: number,
	owner: PropertyOwnerRef,
	locator: PropertyLocator,
): Promise<IDataObject> {
	return await owner.store.fetch(ctx, itemIndex, locator);
}
