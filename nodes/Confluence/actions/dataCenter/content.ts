import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiPath } from '../../transport';
import { apiPath, confluenceApi, confluenceRequestAllItems } from '../../transport';
import { bodyForWrite, mergeBodies, type BodyWrite } from '../common/body';
import type { BodyReadFormat, BodyWriteFormat } from '../common/descriptions';
import { readLocator, requireValue } from '../common/resolve';
import { shapeContent, simplifyContent } from '../common/simplify';
import { addLabels, parseLabels } from '../content/properties';
import type { ContentSpec } from '../content/shared';
import { readChanges } from '../content/update';
import { upsertContent, type UpsertWriter } from '../content/createOrUpdate';
import { createOnce } from '../../transport/landed';
import { isConflict, isNotFound, MAX_CONFLICT_RETRIES, sameBody, settle } from '../content/write';
import type { OperationExecute } from '../types';
import {
	asCloudShape,
	checkDataCenterReadFormat,
	checkDataCenterWriteFormat,
	contentExpand,
	findByTitle,
	resolveDataCenterContentId,
	resolveDataCenterSpaceKey,
} from './resolve';

/** Largest page of `GET /rest/api/content` the node asks for; Data Center caps pages by its own system limits. */
const CONTENT_PAGE_SIZE = 100;

/** Simplified output is the Cloud operation's (plus the space key Data Center addresses spaces by); raw is Data Center's answer. */
export function dataCenterOutput(
	raw: IDataObject,
	format: BodyReadFormat,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	if (!simplify) return { ...shapeContent(raw, format, false), ...extra };
	const spaceKey = (raw.space as IDataObject | undefined)?.key;
	return {
		...simplifyContent(asCloudShape(raw), format),
		...(typeof spaceKey === 'string' ? { spaceKey } : {}),
		...extra,
	};
}

function contentPath(id: string): ApiPath {
	return apiPath`/content/${id}`;
}

async function readContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: string,
	expand: string,
	qs: IDataObject = {},
): Promise<IDataObject> {
	return await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: contentPath(id),
		qs: { ...qs, expand },
		itemIndex,
	});
}

/** The page or blog post the operation's locator names. */
async function resolveSpecContentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
): Promise<string> {
	return await resolveDataCenterContentId(
		ctx,
		itemIndex,
		spec.v1Type,
		spec.locatorName,
		spec.label,
	);
}

function storageBody(body: BodyWrite): IDataObject {
	return { storage: { value: body.value, representation: 'storage' } };
}

function currentStorage(raw: IDataObject): string {
	const storage = (raw.body as IDataObject | undefined)?.storage as IDataObject | undefined;
	return typeof storage?.value === 'string' ? storage.value : '';
}

export function getOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat;
		checkDataCenterReadFormat(this, itemIndex, format);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const id = await resolveSpecContentId(this, itemIndex, spec);
		const qs: IDataObject = {};
		if (options.getDraft) qs.status = 'draft';
		if (options.version) qs.version = options.version;
		const extra = [];
		if (options.includeLabels) extra.push('metadata.labels');
		const raw = await readContent(this, itemIndex, id, contentExpand(format, extra), qs);
		const shaped = dataCenterOutput(raw, format, simplify);
		if (simplify && options.includeLabels) {
			const labels = ((raw.metadata as IDataObject | undefined)?.labels as IDataObject | undefined)
				?.results as IDataObject[] | undefined;
			shaped.labels = (labels ?? []).map((label) => label.name);
		}
		return shaped;
	};
}

export function getManyOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'none') as BodyReadFormat;
		checkDataCenterReadFormat(this, itemIndex, format);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const unsupported = ['authorId', 'labelId', 'label', 'depth'].find(
			(name) => filters[name] !== undefined && filters[name] !== '',
		);
		if (unsupported) {
			throw new NodeOperationError(
				this.getNode(),
				`The filter "${unsupported}" is not available on Confluence Data Center`,
				{
					itemIndex,
					description:
						'Use the Search resource with a CQL query (e.g. label = "x" AND type = page) to filter by label or author on Data Center.',
				},
			);
		}
		const qs: IDataObject = { type: spec.v1Type, expand: contentExpand(format) };
		if (readLocator(this, itemIndex, 'space').value) {
			qs.spaceKey = await resolveDataCenterSpaceKey(this, itemIndex);
		}
		if (typeof filters.title === 'string' && filters.title !== '') qs.title = filters.title;
		const statuses = Array.isArray(filters.status) ? (filters.status as string[]) : [];
		if (statuses.length > 1) {
			throw new NodeOperationError(
				this.getNode(),
				'Confluence Data Center lists one status at a time',
				{
					itemIndex,
					description: 'Choose one status in the Status filter, or run the node once per status.',
				},
			);
		}
		if (statuses.length) qs.status = statuses[0];
		const items = await confluenceRequestAllItems.call(
			this,
			{ method: 'GET', api: 'v1', path: apiPath`/content`, qs, itemIndex },
			{ max: limit, pageSize: CONTENT_PAGE_SIZE, offsetFallback: true },
		);
		return items.map((raw) => dataCenterOutput(raw, format, simplify));
	};
}

/**
 * One create through `POST /rest/api/content`, sent once (createOnce): titles are unique per space, so when the outcome
 * is unknown the content of that title in the space, by the connected user (user key), created after we sent it, is
 * ours.
 */
async function createContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	fields: { spaceKey: string; title: string; body: BodyWrite; parentId?: string; status?: string },
): Promise<IDataObject> {
	const payload: IDataObject = {
		type: spec.v1Type,
		title: fields.title,
		space: { key: fields.spaceKey },
		body: storageBody(fields.body),
	};
	if (fields.status && fields.status !== 'current') payload.status = fields.status;
	if (fields.parentId) payload.ancestors = [{ id: fields.parentId }];
	const expand = contentExpand('none');
	return await createOnce(
		ctx,
		{
			method: 'POST',
			api: 'v1',
			path: apiPath`/content`,
			qs: { expand },
			body: payload,
			itemIndex,
		},
		{
			find: async (since, userKey) =>
				(
					await findByTitle(ctx, itemIndex, spec.v1Type, fields.title, fields.spaceKey, expand, {
						status: fields.status ?? 'current',
					})
				).find((candidate) => {
					const shape = asCloudShape(candidate);
					return (
						shape.authorId === userKey &&
						Date.parse(String(shape.createdAt)) >= since &&
						(!fields.parentId || shape.parentId === fields.parentId)
					);
				}),
		},
	);
}

async function optionalParentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
): Promise<string | undefined> {
	if (spec.kind !== 'page' || readLocator(ctx, itemIndex, 'parentPage').value === '') {
		return undefined;
	}
	return await resolveDataCenterContentId(ctx, itemIndex, 'page', 'parentPage', 'Parent Page');
}

export function createOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		for (const name of ['private', 'rootLevel', 'createdAt']) {
			if (fields[name]) {
				throw new NodeOperationError(
					this.getNode(),
					`The field "${name}" is not available on Confluence Data Center`,
					{ itemIndex, description: 'Remove it from Additional Fields.' },
				);
			}
		}
		const status = (fields.status as 'current' | 'draft' | undefined) ?? 'current';
		const title = requireValue(
			this,
			itemIndex,
			'Title',
			this.getNodeParameter('title', itemIndex, ''),
		);
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
		checkDataCenterWriteFormat(this, itemIndex, format);
		const body = bodyForWrite(
			this,
			itemIndex,
			format,
			this.getNodeParameter('body', itemIndex, ''),
		);
		const labels = parseLabels(this, itemIndex, fields.labels);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const spaceKey = await resolveDataCenterSpaceKey(this, itemIndex);
		const parentId = await optionalParentId(this, itemIndex, spec);
		const raw = await createContent(this, itemIndex, spec, {
			spaceKey,
			title,
			body,
			parentId,
			status,
		});
		const added = await addLabels(this, itemIndex, String(raw.id), labels);
		return dataCenterOutput(raw, 'none', simplify, added.length ? { labels: added } : {});
	};
}

export interface DataCenterChanges {
	title?: string;
	body?: BodyWrite;
	bodyMode: 'replace' | 'append' | 'prepend';
	status?: string;
	parentId?: string;
	versionMessage?: string;
}

/**
 * One update through `PUT /rest/api/content/{id}` with the next version number. Data Center answers 409 when someone
 * saved a version in between; append and prepend (and replace when overwriting is allowed) read again and retry.
 */
export async function writeDataCenterContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	id: string,
	changes: DataCenterChanges,
	options: { overwriteOnConflict: boolean; skipIfUnchanged?: boolean },
): Promise<{ raw: IDataObject; changed: boolean }> {
	const retryable = changes.bodyMode !== 'replace' || options.overwriteOnConflict;
	for (let attempt = 1; ; attempt++) {
		const current = await readContent(ctx, itemIndex, id, contentExpand('storage'));
		const currentBody: BodyWrite = { representation: 'storage', value: currentStorage(current) };
		const body = changes.body
			? changes.bodyMode === 'replace'
				? changes.body
				: mergeBodies(ctx, itemIndex, changes.bodyMode, currentBody, changes.body)
			: currentBody;
		const title = changes.title ?? String(current.title);
		if (options.skipIfUnchanged && title === current.title && sameBody(currentBody.value, body)) {
			return { raw: current, changed: false };
		}
		const version = Number((current.version as IDataObject | undefined)?.number ?? 0) + 1;
		const payload: IDataObject = {
			id,
			type: spec.v1Type,
			title,
			status: changes.status ?? (current.status === 'draft' ? 'draft' : 'current'),
			body: storageBody(body),
			version: {
				number: version,
				...(changes.versionMessage ? { message: changes.versionMessage } : {}),
			},
		};
		if (changes.parentId) payload.ancestors = [{ id: changes.parentId }];
		const written = await settle(
			confluenceApi.call(ctx, {
				method: 'PUT',
				api: 'v1',
				path: contentPath(id),
				qs: { expand: contentExpand('none') },
				body: payload,
				itemIndex,
			}),
		);
		if (written.ok) return { raw: written.value, changed: true };
		if (!isConflict(written.error) || !retryable || attempt > MAX_CONFLICT_RETRIES) {
			throw written.error;
		}
	}
}

export function updateOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		if (fields.body !== undefined) {
			checkDataCenterWriteFormat(
				this,
				itemIndex,
				(fields.bodyFormat as BodyWriteFormat | undefined) ?? 'markdown',
			);
		}
		const changes = readChanges(this, itemIndex, spec);
		if (changes.ownerId) {
			throw new NodeOperationError(
				this.getNode(),
				'The field "Owner Account ID" is not available on Confluence Data Center',
				{ itemIndex, description: 'Data Center pages have no owner to transfer.' },
			);
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const id = await resolveSpecContentId(this, itemIndex, spec);
		const result = await writeDataCenterContent(this, itemIndex, spec, id, changes, {
			overwriteOnConflict: options.overwriteOnConflict === true,
		});
		return dataCenterOutput(result.raw, 'none', simplify);
	};
}

export function deleteOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (options.draft) {
			throw new NodeOperationError(
				this.getNode(),
				'The option "Draft" is not available on Confluence Data Center',
				{
					itemIndex,
					description: 'Remove the option; Data Center deletes published content only.',
				},
			);
		}
		const id = await resolveSpecContentId(this, itemIndex, spec);
		const path = contentPath(id);
		const trashed = await settle(
			confluenceApi.call(this, { method: 'DELETE', api: 'v1', path, itemIndex }),
		);
		// Purging takes `status=trashed` on content already in the trash, where a plain DELETE answers 404.
		if (!trashed.ok && !(options.purge && isNotFound(trashed.error))) throw trashed.error;
		if (!options.purge) return { id, deleted: true, trashed: true };
		await confluenceApi.call(this, {
			method: 'DELETE',
			api: 'v1',
			path,
			qs: { status: 'trashed' },
			itemIndex,
		});
		return { id, deleted: true, purged: true };
	};
}

/** Data Center: v1 content, spaces by key, created once, updated through writeDataCenterContent. */
const dataCenterUpsertWriter: UpsertWriter = {
	checkFormat: checkDataCenterWriteFormat,
	async resolveTarget(ctx, itemIndex, spec) {
		const spaceKey = await resolveDataCenterSpaceKey(ctx, itemIndex);
		return { space: spaceKey, parentId: await optionalParentId(ctx, itemIndex, spec) };
	},
	async findByTitle(ctx, itemIndex, spec, title, target) {
		return (await findByTitle(ctx, itemIndex, spec.v1Type, title, target.space, 'ancestors')).map(
			(item) => ({
				id: String(item.id),
				title: String(item.title),
				parentId: asCloudShape(item).parentId as string | undefined,
			}),
		);
	},
	async create(ctx, itemIndex, spec, { title, body, target }) {
		return await createContent(ctx, itemIndex, spec, {
			spaceKey: target.space,
			title,
			body,
			parentId: target.parentId,
		});
	},
	async update(ctx, itemIndex, spec, id, changes, options) {
		return await writeDataCenterContent(
			ctx,
			itemIndex,
			spec,
			id,
			{ ...changes, bodyMode: 'replace' },
			options,
		);
	},
	output: (raw, simplify, extra) => dataCenterOutput(raw, 'none', simplify, extra),
};

/** Create or Update on Data Center: the Cloud flow (content/createOrUpdate.ts) with Data Center's writer. */
export function createOrUpdateOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		return await upsertContent(this, itemIndex, spec, dataCenterUpsertWriter);
	};
}

/**
 * What the account may do with a page or blog post: the content's `operations` expansion (`[{operation, targetType}]`,
 * the shape Cloud's operations endpoint lists; https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource).
 */
export function getOperationsOperation(spec: ContentSpec): OperationExecute {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const id = await resolveSpecContentId(this, itemIndex, spec);
		const raw = await readContent(this, itemIndex, id, 'operations');
		return (raw.operations as IDataObject[] | undefined) ?? [];
	};
}
