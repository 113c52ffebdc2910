import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiPath } from '../../transport';
import { apiPath, confluenceApi, confluenceRequestAllItems } from '../../transport';
import { parseContentId } from '../common/resolve';
import { parseJsonParameter } from '../common/values';
import { readPropertyKey, readPropertyLocator } from '../properties/shared';
import { isConflict, settle } from '../content/write';

/**
 * Content properties on Data Center live under `/rest/api/content/{id}/property` and are addressed by key
 * (https://docs.atlassian.com/atlassian-confluence/6.6.0/com/atlassian/confluence/plugins/restapi/resources/ContentPropertyResource.html); an ID is looked up among the
 * content's properties.
 */
function contentPath(ctx: IExecuteFunctions, itemIndex: number): ApiPath {
	const type = ctx.getNodeParameter('contentType', itemIndex, 'page') as string;
	if (type === 'whiteboard') {
		throw new NodeOperationError(ctx.getNode(), 'Whiteboards exist only in Confluence Cloud', {
			itemIndex,
			description: 'On Data Center, content properties belong to pages and blog posts.',
		});
	}
	const id = parseContentId(
		ctx,
		itemIndex,
		'Content ID',
		ctx.getNodeParameter('contentId', itemIndex, ''),
	);
	return apiPath`/content/${id}/property`;
}

async function propertyKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: ApiPath,
): Promise<string> {
	const locator = readPropertyLocator(ctx, itemIndex);
	if (locator.mode === 'key') return locator.value;
	const all = await confluenceRequestAllItems.call(ctx, {
		method: 'GET',
		api: 'v1',
		path,
		itemIndex,
	});
	const found = all.find((property) => String(property.id) === locator.value);
	if (!found) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The content has no property with the ID ${locator.value}`,
			{
				itemIndex,
				description:
					'List the properties (Get Many) to see which exist; on Data Center, keys are the surer way.',
			},
		);
	}
	return String(found.key);
}

function keyPath(path: ApiPath, key: string): ApiPath {
	return apiPath`${path}/${key}`;
}

export async function createContentProperty(this: IExecuteFunctions, itemIndex: number) {
	const key = readPropertyKey(this, itemIndex);
	const value = parseJsonParameter(
		this,
		itemIndex,
		'Value',
		this.getNodeParameter('value', itemIndex),
	);
	return await confluenceApi.call(this, {
		method: 'POST',
		api: 'v1',
		path: contentPath(this, itemIndex),
		body: { key, value } as IDataObject,
		itemIndex,
	});
}

export async function getContentProperty(this: IExecuteFunctions, itemIndex: number) {
	const path = contentPath(this, itemIndex);
	const key = await propertyKey(this, itemIndex, path);
	return await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: keyPath(path, key),
		itemIndex,
	});
}

export async function getManyContentProperties(this: IExecuteFunctions, itemIndex: number) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.sort) {
		throw new NodeOperationError(
			this.getNode(),
			'Sorting properties is not available on Confluence Data Center',
			{
				itemIndex,
				description: 'Remove the Sort option.',
			},
		);
	}
	return await confluenceRequestAllItems.call(
		this,
		{ method: 'GET', api: 'v1', path: contentPath(this, itemIndex), itemIndex },
		{ max: limit, offsetFallback: true },
	);
}

export async function deleteContentProperty(this: IExecuteFunctions, itemIndex: number) {
	const path = contentPath(this, itemIndex);
	const key = await propertyKey(this, itemIndex, path);
	await confluenceApi.call(this, {
		method: 'DELETE',
		api: 'v1',
		path: keyPath(path, key),
		itemIndex,
	});
	return { contentId: this.getNodeParameter('contentId', itemIndex, ''), key, deleted: true };
}

/** A new version with the next number; on 409 (someone wrote in between) read again, when overwriting is allowed. */
export async function updateContentProperty(this: IExecuteFunctions, itemIndex: number) {
	const value = parseJsonParameter(
		this,
		itemIndex,
		'Value',
		this.getNodeParameter('value', itemIndex),
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const path = contentPath(this, itemIndex);
	const key = await propertyKey(this, itemIndex, path);
	const attempts = options.overwrite ? 3 : 1;
	for (let attempt = 1; ; attempt++) {
		const current = await confluenceApi.call(this, {
			method: 'GET',
			api: 'v1',
			path: keyPath(path, key),
			itemIndex,
		});
		const version = Number((current.version as IDataObject | undefined)?.number ?? 0);
		const written = await settle(
			confluenceApi.call(this, {
				method: 'PUT',
				api: 'v1',
				path: keyPath(path, key),
				body: {
					key,
					value,
					version: {
						number: version + 1,
						...(options.versionMessage ? { message: options.versionMessage } : {}),
					},
				} as IDataObject,
				itemIndex,
			}),
		);
		if (written.ok) return written.value;
		if (!isConflict(written.error)) throw written.error;
		if (attempt >= attempts) {
			throw new NodeOperationError(
				this.getNode(),
				`The property "${key}" changed while it was being updated`,
				{
					itemIndex,
					description: options.overwrite
						? `It kept changing over ${attempts} attempts. Run the item again later.`
						: 'Someone wrote a newer version between reading and writing, so nothing was overwritten. Run it again, or turn on "Overwrite on Conflict".',
				},
			);
		}
	}
}
