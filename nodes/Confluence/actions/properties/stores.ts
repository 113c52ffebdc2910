import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	apiPath,
	confluenceApi,
	confluenceRequestAllItems,
	type ApiPath,
	type ConfluenceRequest,
} from '../../transport';
import { canonicalJson, isNotFound, settle } from '../content/write';

export type PropertyLocator = { mode: 'id' | 'key'; value: string };

/**
 * Where an owner's properties live and how they are addressed: v2's `…/properties/{id}` on Cloud, v1's
 * `…/property/{key}` on Data Center. The five property operations (properties/operations.ts) are written once against
 * it; only the requests differ.
 */
export interface PropertyStore {
	/** For messages: `space 98306`, `page 123`. */
	label: string;
	/** Every property, or the first `max`. */
	list(
		ctx: IExecuteFunctions,
		itemIndex: number,
		max?: number,
		sort?: string,
	): Promise<IDataObject[]>;
	/** The property with this key, if there is one. */
	findByKey(
		ctx: IExecuteFunctions,
		itemIndex: number,
		key: string,
	): Promise<IDataObject | undefined>;
	/** The property behind a key or an ID, or a NodeOperationError naming what is missing. */
	fetch(ctx: IExecuteFunctions, itemIndex: number, locator: PropertyLocator): Promise<IDataObject>;
	/** The create request (sent through createOnce). */
	createRequest(itemIndex: number, key: string, value: unknown): ConfluenceRequest;
	/** Whether `property` is the one a create of `key` and `value` by `who` sent after `since` made. */
	isOurs(property: IDataObject, key: string, value: unknown, since: number, who: string): boolean;
	/** The PUT of a new version of `current`. */
	writeRequest(itemIndex: number, current: IDataObject, body: IDataObject): ConfluenceRequest;
	/** The DELETE of `property` (as fetched, or known by the locator when that is how the store addresses it). */
	deleteRequest(itemIndex: number, property: IDataObject): ConfluenceRequest;
	/** Whether a delete needs the property read first (the locator is not the store's address). */
	needsFetchToDelete(locator: PropertyLocator): boolean;
}

function missingKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	locator: PropertyLocator,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The parameter "Property" names the ${locator.mode === 'key' ? 'key' : 'ID'} "${locator.value.slice(0, 80)}", which the ${label} does not have`,
		{
			itemIndex,
			description:
				'Property keys are case-sensitive. List the properties (Get Many) to see which keys exist.',
		},
	);
}

/** Cloud: v2 properties by ID (`{owner}/properties/{id}`), found by key through the `key` filter. */
export function cloudPropertyStore(owner: ApiPath, label: string): PropertyStore {
	const collection = apiPath`${owner}/properties`;
	return {
		label,
		async list(ctx, itemIndex, max, sort) {
			return await confluenceRequestAllItems.call(
				ctx,
				{ method: 'GET', path: collection, qs: sort ? { sort } : {}, itemIndex },
				{ max },
			);
		},
		async findByKey(ctx, itemIndex, key) {
			const body = await confluenceApi.call(ctx, {
				method: 'GET',
				path: collection,
				qs: { key },
				itemIndex,
			});
			// The key filter is exact on Confluence; matching again guards against a server that treats it as a prefix.
			return ((body.results as IDataObject[] | undefined) ?? []).find(
				(property) => property.key === key,
			);
		},
		async fetch(ctx, itemIndex, locator) {
			if (locator.mode === 'id') {
				return await confluenceApi.call(ctx, {
					method: 'GET',
					path: apiPath`${collection}/${locator.value}`,
					itemIndex,
				});
			}
			const found = await this.findByKey(ctx, itemIndex, locator.value);
			if (!found) throw missingKey(ctx, itemIndex, label, locator);
			return found;
		},
		createRequest: (itemIndex, key, value) => ({
			method: 'POST',
			path: collection,
			body: { key, value } as IDataObject,
			itemIndex,
		}),
		isOurs(property, key, value, since, accountId) {
			const version = (property.version as IDataObject | undefined) ?? {};
			return (
				property.key === key &&
				Number(version.number) === 1 &&
				// Content property versions name the author as authorId, space property versions as createdBy.
				String(version.authorId ?? version.createdBy ?? property.createdBy ?? '') === accountId &&
				Date.parse(String(version.createdAt)) >= since &&
				canonicalJson(property.value) === canonicalJson(value)
			);
		},
		writeRequest: (itemIndex, current, body) => ({
			method: 'PUT',
			path: apiPath`${collection}/${String(current.id)}`,
			body,
			itemIndex,
		}),
		deleteRequest: (itemIndex, property) => ({
			method: 'DELETE',
			path: apiPath`${collection}/${String(property.id)}`,
			itemIndex,
		}),
		needsFetchToDelete: (locator) => locator.mode === 'key',
	};
}

/**
 * Data Center: v1 properties by key (`{owner}/property/{key}`, ContentPropertyResource and SpacePropertyResource,
 * https://docs.atlassian.com/atlassian-confluence/6.6.0/com/atlassian/confluence/plugins/restapi/resources/ContentPropertyResource.html,
 * https://docs.atlassian.com/atlassian-confluence/6.2.0/com/atlassian/confluence/plugins/restapi/resources/SpacePropertyResource.html);
 * an ID is looked up among the owner's properties. Lists cannot be sorted.
 */
export function dataCenterPropertyStore(owner: ApiPath, label: string): PropertyStore {
	const collection = apiPath`${owner}/property`;
	const all = async (ctx: IExecuteFunctions, itemIndex: number, max?: number) =>
		await confluenceRequestAllItems.call(
			ctx,
			{ method: 'GET', api: 'v1', path: collection, itemIndex },
			{ max, offsetFallback: true },
		);
	return {
		label,
		async list(ctx, itemIndex, max, sort) {
			if (sort) {
				throw new NodeOperationError(
					ctx.getNode(),
					'Sorting properties is not available on Confluence Data Center',
					{ itemIndex, description: 'Remove the Sort option.' },
				);
			}
			return await all(ctx, itemIndex, max);
		},
		async findByKey(ctx, itemIndex, key) {
			const answer = await settle(
				confluenceApi.call(ctx, {
					method: 'GET',
					api: 'v1',
					path: apiPath`${collection}/${key}`,
					itemIndex,
				}),
			);
			if (answer.ok) return answer.value;
			if (isNotFound(answer.error)) return undefined;
			throw answer.error;
		},
		async fetch(ctx, itemIndex, locator) {
			if (locator.mode === 'key') {
				return await confluenceApi.call(ctx, {
					method: 'GET',
					api: 'v1',
					path: apiPath`${collection}/${locator.value}`,
					itemIndex,
				});
			}
			const found = (await all(ctx, itemIndex)).find(
				(property) => String(property.id) === locator.value,
			);
			if (!found) throw missingKey(ctx, itemIndex, label, locator);
			return found;
		},
		createRequest: (itemIndex, key, value) => ({
			method: 'POST',
			api: 'v1',
			path: collection,
			body: { key, value } as IDataObject,
			itemIndex,
		}),
		isOurs(property, key, value, since, userKey) {
			const version = (property.version as IDataObject | undefined) ?? {};
			return (
				property.key === key &&
				Number(version.number) === 1 &&
				String((version.by as IDataObject | undefined)?.userKey ?? '') === userKey &&
				Date.parse(String(version.when)) >= since &&
				canonicalJson(property.value) === canonicalJson(value)
			);
		},
		writeRequest: (itemIndex, current, body) => ({
			method: 'PUT',
			api: 'v1',
			path: apiPath`${collection}/${String(current.key)}`,
			body,
			itemIndex,
		}),
		deleteRequest: (itemIndex, property) => ({
			method: 'DELETE',
			api: 'v1',
			path: apiPath`${collection}/${String(property.key)}`,
			itemIndex,
		}),
		needsFetchToDelete: (locator) => locator.mode === 'id',
	};
}
