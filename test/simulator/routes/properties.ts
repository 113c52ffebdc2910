/* Content properties for every v2 content type (one implementation) and space properties. Keys are unique per
 * owner; updates need version.number = current + 1. */
import type { SimContext } from '../context';
import { bodyObject, errors, json, noContent, queryString, type SimRequest } from '../http';
import { presentProperty, presentSpaceProperty } from '../presenters';
import type { Router } from '../router';
import type { ContentItem, ContentType, PropertyRecord } from '../store';

const V2 = '/wiki/api/v2';

export interface PropertyRouteSpec {
	/** Collection template, e.g. `/wiki/api/v2/pages/{page-id}/properties`. */
	collection: string;
	/** Item template, e.g. `/wiki/api/v2/pages/{page-id}/properties/{property-id}`. */
	item: string;
	types: readonly ContentType[];
}

export const CONTENT_PROPERTY_ROUTES: PropertyRouteSpec[] = [
	{
		collection: `${V2}/pages/{page-id}/properties`,
		item: `${V2}/pages/{page-id}/properties/{property-id}`,
		types: ['page'],
	},
	{
		collection: `${V2}/blogposts/{blogpost-id}/properties`,
		item: `${V2}/blogposts/{blogpost-id}/properties/{property-id}`,
		types: ['blogpost'],
	},
	{
		collection: `${V2}/whiteboards/{id}/properties`,
		item: `${V2}/whiteboards/{whiteboard-id}/properties/{property-id}`,
		types: ['whiteboard'],
	},
	{
		collection: `${V2}/databases/{id}/properties`,
		item: `${V2}/databases/{database-id}/properties/{property-id}`,
		types: ['database'],
	},
	{
		collection: `${V2}/embeds/{id}/properties`,
		item: `${V2}/embeds/{embed-id}/properties/{property-id}`,
		types: ['embed'],
	},
	{
		collection: `${V2}/folders/{id}/properties`,
		item: `${V2}/folders/{folder-id}/properties/{property-id}`,
		types: ['folder'],
	},
	{
		collection: `${V2}/attachments/{attachment-id}/properties`,
		item: `${V2}/attachments/{attachment-id}/properties/{property-id}`,
		types: ['attachment'],
	},
	{
		collection: `${V2}/comments/{comment-id}/properties`,
		item: `${V2}/comments/{comment-id}/properties/{property-id}`,
		types: ['comment'],
	},
	{
		collection: `${V2}/custom-content/{custom-content-id}/properties`,
		item: `${V2}/custom-content/{custom-content-id}/properties/{property-id}`,
		types: ['custom-content'],
	},
];

function ownerParam(template: string): string {
	const params = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
	return params[0];
}

interface VersionInput {
	number: number;
	message: string;
	minorEdit: boolean;
}

function readUpdate(
	req: SimRequest,
	current: PropertyRecord,
): { key?: string; value: unknown; version: VersionInput } {
	const body = bodyObject(req);
	const version = body.version as
		| { number?: unknown; message?: unknown; minorEdit?: unknown }
		| undefined;
	if (!version || typeof version !== 'object' || typeof version.number !== 'number') {
		throw errors.badRequest('version.number is required.');
	}
	if (!('value' in body)) throw errors.badRequest('value is required.');
	if (version.number !== current.version.number + 1) {
		throw errors.conflict(
			`Version must be incremented when updating a property. Current Version: [${current.version.number}]. Provided version: [${version.number}]`,
		);
	}
	if (body.key !== undefined && typeof body.key !== 'string')
		throw errors.badRequest('key must be a string.');
	return {
		key: body.key as string | undefined,
		value: body.value,
		version: {
			number: version.number,
			message: version.message === undefined ? '' : String(version.message),
			minorEdit: version.minorEdit === true,
		},
	};
}

function readCreate(req: SimRequest): { key: string; value: unknown } {
	const body = bodyObject(req);
	if (typeof body.key !== 'string' || body.key.trim() === '')
		throw errors.badRequest('key is required.');
	if (!('value' in body)) throw errors.badRequest('value is required.');
	return { key: body.key, value: body.value };
}

function filterAndList(
	ctx: SimContext,
	req: SimRequest,
	properties: PropertyRecord[],
	map: (p: PropertyRecord) => unknown,
) {
	const key = queryString(req.query, 'key');
	const filtered = key === undefined ? properties : properties.filter((p) => p.key === key);
	return ctx.paginateV2(req, filtered, { sorts: { key: (p) => p.key }, map });
}

/** Registers the four property operations for a content type (skips operations another module registered). */
export function registerContentPropertyRoutes(
	router: Router,
	ctx: SimContext,
	spec: PropertyRouteSpec,
): void {
	const { store } = ctx;
	const collectionParam = ownerParam(spec.collection);
	const itemParam = ownerParam(spec.item);

	const owner = (req: SimRequest, param: string, write: boolean): ContentItem => {
		const user = ctx.user(req);
		const item = store.get(req.params[param]);
		if (!item || !spec.types.includes(item.type) || !store.canView(user.accountId, item))
			throw errors.notFound();
		if (write && !store.canEdit(user.accountId, item)) throw errors.notFound();
		return item;
	};
	const property = (req: SimRequest, item: ContentItem): PropertyRecord => {
		const record = store.properties.get(req.params['property-id']);
		if (!record || record.ownerKind !== 'content' || record.ownerId !== item.id)
			throw errors.notFound();
		return record;
	};

	const add = (
		method: 'get' | 'post' | 'put' | 'delete',
		template: string,
		handler: (req: SimRequest) => ReturnType<typeof json>,
	) => {
		if (!router.has(method, template)) router[method](template, handler);
	};

	add('get', spec.collection, (req) => {
		const item = owner(req, collectionParam, false);
		return filterAndList(ctx, req, store.propertiesOf('content', item.id), presentProperty);
	});
	add('post', spec.collection, (req) => {
		const item = owner(req, collectionParam, true);
		const input = readCreate(req);
		return json(
			presentProperty(
				store.createProperty('content', item.id, input.key, input.value, ctx.write(req)),
			),
		);
	});
	add('get', spec.item, (req) => {
		const item = owner(req, itemParam, false);
		return json(presentProperty(property(req, item)));
	});
	add('put', spec.item, (req) => {
		const item = owner(req, itemParam, true);
		const record = property(req, item);
		const input = readUpdate(req, record);
		return json(
			presentProperty(
				store.updateProperty(
					record.id,
					{
						key: input.key,
						value: input.value,
						message: input.version.message,
						minorEdit: input.version.minorEdit,
					},
					ctx.write(req),
				),
			),
		);
	});
	add('delete', spec.item, (req) => {
		const item = owner(req, itemParam, true);
		store.deleteProperty(property(req, item).id, ctx.write(req));
		return noContent();
	});
}

/** After all modules: content properties for every type whose module did not register its own. */
export function registerLate(router: Router, ctx: SimContext): void {
	for (const spec of CONTENT_PROPERTY_ROUTES) registerContentPropertyRoutes(router, ctx, spec);
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const space = (req: SimRequest, write: boolean) => {
		const user = ctx.user(req);
		const record = store.getSpace(req.params['space-id']);
		if (!record || !store.canViewSpace(user.accountId, record)) throw errors.notFound();
		if (write && !store.hasSpacePermission(user.accountId, record, 'administer', 'space'))
			throw errors.notFound();
		return record;
	};
	const spaceProperty = (req: SimRequest, spaceId: string) => {
		const record = store.properties.get(req.params['property-id']);
		if (!record || record.ownerKind !== 'space' || record.ownerId !== spaceId)
			throw errors.notFound();
		return record;
	};
	const base = `${V2}/spaces/{space-id}/properties`;
	router.get(base, (req) =>
		filterAndList(
			ctx,
			req,
			store.propertiesOf('space', space(req, false).id),
			presentSpaceProperty,
		),
	);
	router.post(base, (req) => {
		const record = space(req, true);
		const input = readCreate(req);
		const created = store.createProperty(
			'space',
			record.id,
			input.key,
			input.value,
			ctx.write(req),
		);
		return json(presentSpaceProperty(created), 201, {
			location: `${ctx.baseUrl}${V2}/spaces/${record.id}/properties/${created.id}`,
		});
	});
	router.get(`${base}/{property-id}`, (req) =>
		json(presentSpaceProperty(spaceProperty(req, space(req, false).id))),
	);
	router.put(`${base}/{property-id}`, (req) => {
		const record = spaceProperty(req, space(req, true).id);
		const input = readUpdate(req, record);
		return json(
			presentSpaceProperty(
				store.updateProperty(
					record.id,
					{ key: input.key, value: input.value, message: input.version.message },
					ctx.write(req),
				),
			),
		);
	});
	router.delete(`${base}/{property-id}`, (req) => {
		const record = spaceProperty(req, space(req, true).id);
		store.deleteProperty(record.id, ctx.write(req));
		return noContent();
	});
}
