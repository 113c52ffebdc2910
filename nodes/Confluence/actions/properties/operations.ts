import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { confluenceApi } from '../../transport';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { limitProperty, returnAllProperty, sortOptionsCollection } from '../common/descriptions';
import { parseJsonParameter } from '../common/values';
import type { OperationModule } from '../types';
import {
	fetchProperty,
	propertyKeyProperty,
	propertyLocator,
	propertyValueProperty,
	readPropertyKey,
	readPropertyLocator,
	resolvePropertyOwner,
	type PropertyOwner,
} from './shared';

const MAX_OVERWRITE_ATTEMPTS = 3;

export function createPropertyOperation(owner: PropertyOwner): OperationModule {
	return defineOperation({
		resource: owner.resource,
		operation: 'create',
		properties: [...owner.ownerProperties, propertyKeyProperty, propertyValueProperty],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const key = readPropertyKey(this, itemIndex);
			const value = parseJsonParameter(
				this,
				itemIndex,
				'Value',
				this.getNodeParameter('value', itemIndex),
			);
			const ref = await resolvePropertyOwner(owner, this, itemIndex);
			return await createOnce(this, ref.store.createRequest(itemIndex, key, value), {
				// Keys are unique per owner: the property with our key and value, by the connected account, created after we
				// sent ours and never changed since, is ours.
				find: async (since, accountId) => {
					const property = await ref.store.findByKey(this, itemIndex, key);
					return property && ref.store.isOurs(property, key, value, since, accountId)
						? property
						: undefined;
				},
			});
		},
	});
}

export function deletePropertyOperation(owner: PropertyOwner): OperationModule {
	return defineOperation({
		resource: owner.resource,
		operation: 'delete',
		properties: [...owner.ownerProperties, propertyLocator(owner.noun)],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const locator = readPropertyLocator(this, itemIndex);
			const ref = await resolvePropertyOwner(owner, this, itemIndex);
			const property: IDataObject = ref.store.needsFetchToDelete(locator)
				? await fetchProperty(this, itemIndex, ref, locator)
				: { [locator.mode]: locator.value };
			await confluenceApi.call(this, ref.store.deleteRequest(itemIndex, property));
			return {
				...ref.context,
				...(property.id !== undefined ? { id: String(property.id) } : {}),
				...(property.key !== undefined ? { key: property.key } : {}),
				deleted: true,
			};
		},
	});
}

export function getPropertyOperation(owner: PropertyOwner): OperationModule {
	return defineOperation({
		resource: owner.resource,
		operation: 'get',
		properties: [...owner.ownerProperties, propertyLocator(owner.noun)],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const locator = readPropertyLocator(this, itemIndex);
			const ref = await resolvePropertyOwner(owner, this, itemIndex);
			return await fetchProperty(this, itemIndex, ref, locator);
		},
	});
}

export function getManyPropertiesOperation(owner: PropertyOwner): OperationModule {
	return defineOperation({
		resource: owner.resource,
		operation: 'getMany',
		properties: [
			...owner.ownerProperties,
			returnAllProperty,
			limitProperty,
			...(owner.sortable
				? [
						sortOptionsCollection({
							default: 'key',
							options: [
								{ name: 'Key (A to Z)', value: 'key' },
								{ name: 'Key (Z to A)', value: '-key' },
							],
							description: 'Order of the properties',
						}),
					]
				: []),
		],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? undefined
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const options = owner.sortable
				? (this.getNodeParameter('options', itemIndex, {}) as IDataObject)
				: {};
			const ref = await resolvePropertyOwner(owner, this, itemIndex);
			return await ref.store.list(
				this,
				itemIndex,
				limit,
				options.sort ? String(options.sort) : undefined,
			);
		},
	});
}

function sameJson(left: unknown, right: unknown): boolean {
	const canonical = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(canonical)
			: value && typeof value === 'object'
				? Object.fromEntries(
						Object.keys(value as IDataObject)
							.sort()
							.map((key) => [key, canonical((value as IDataObject)[key])]),
					)
				: value;
	return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}

function isConflict(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '409';
}

export function updatePropertyOperation(owner: PropertyOwner): OperationModule {
	return defineOperation({
		resource: owner.resource,
		operation: 'update',
		properties: [
			...owner.ownerProperties,
			propertyLocator(owner.noun),
			{
				...propertyValueProperty,
				description: `The new value, replacing the current one. ${propertyValueProperty.description}.`,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Overwrite on Conflict',
						name: 'overwrite',
						type: 'boolean',
						default: false,
						description:
							'Whether to write the value anyway when someone else changed the property between reading and writing. Off: the item fails and nothing is overwritten.',
					},
					{
						displayName: 'Version Message',
						name: 'versionMessage',
						type: 'string',
						default: '',
						description: 'A note stored with the new version of the property',
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const locator = readPropertyLocator(this, itemIndex);
			const value = parseJsonParameter(
				this,
				itemIndex,
				'Value',
				this.getNodeParameter('value', itemIndex),
			);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const ref = await resolvePropertyOwner(owner, this, itemIndex);
			let current = await fetchProperty(this, itemIndex, ref, locator);
			const attempts = options.overwrite ? MAX_OVERWRITE_ATTEMPTS : 1;
			for (let attempt = 1; ; attempt++) {
				const version = Number((current.version as IDataObject | undefined)?.number ?? 0);
				const outcome = await confluenceApi
					.call(
						this,
						ref.store.writeRequest(itemIndex, current, {
							key: current.key,
							value,
							version: {
								number: version + 1,
								...(options.versionMessage ? { message: options.versionMessage } : {}),
							},
						} as IDataObject),
					)
					.then(
						(updated) => ({ updated }),
						(error: unknown) => ({ error }),
					);
				if ('updated' in outcome) return outcome.updated;
				if (!isConflict(outcome.error)) throw outcome.error;
				const refreshed = await fetchProperty(
					this,
					itemIndex,
					ref,
					current.id !== undefined
						? { mode: 'id', value: String(current.id) }
						: { mode: 'key', value: String(current.key) },
				);
				// A PUT repeated after a dropped connection meets its own applied write as 409: that version is ours.
				if (
					Number((refreshed.version as IDataObject | undefined)?.number) === version + 1 &&
					sameJson(refreshed.value, value)
				) {
					return refreshed;
				}
				if (attempt >= attempts) {
					throw new NodeOperationError(
						this.getNode(),
						`The property "${String(current.key)}" on the ${ref.label} changed while it was being updated`,
						{
							itemIndex,
							description: options.overwrite
								? `It kept changing over ${attempts} attempts. Run the item again later.`
								: 'Someone wrote a newer version between reading and writing, so nothing was overwritten. Run it again, or turn on "Overwrite on Conflict".',
						},
					);
				}
				current = refreshed;
			}
		},
	});
}
