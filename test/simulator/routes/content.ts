/* v2 pages and blog posts (one shared implementation): CRUD, drafts, trash/purge/restore, versions, likes,
 * operations, labels, tree (ancestors, descendants, children, direct-children), per-space and per-label lists. */
import type { SimContext } from '../context';
import { adfToStorage, parseAdf, wikiToStorage } from '../convert';
import {
	bodyObject,
	errors,
	json,
	noContent,
	queryBoolean,
	queryEnum,
	queryEnumList,
	queryInteger,
	queryList,
	type SimRequest,
} from '../http';
import {
	BULK_BODY_FORMATS,
	SINGLE_BODY_FORMATS,
	presentBody,
	presentChild,
	presentLabel,
	presentOperations,
	presentPageLike,
	presentProperty,
	presentVersion,
	type BodyFormat,
} from '../presenters';
import { presentVersionDetail } from '../routeHelpers';
import type { Router } from '../router';
import {
	HIERARCHY_TYPES,
	type BodyRepresentation,
	type ContentItem,
	type ContentStatus,
	type LabelRecord,
	type VersionRecord,
} from '../store';

type Kind = 'page' | 'blogpost';

const V2 = '/wiki/api/v2';

export interface ParsedBody {
	representation: BodyRepresentation;
	value: string;
}

/**
 * Reads a v2 write body: `{representation, value}` or nested `{storage|atlas_doc_format|wiki: {value}}`.
 * wiki is converted to storage on the way in (it is a write-only representation); ADF is validated.
 */
export function parseWriteBody(
	raw: unknown,
	allowed: readonly string[] = ['storage', 'atlas_doc_format', 'wiki'],
): ParsedBody | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw))
		throw errors.badRequest('Invalid body: expected an object.');
	const record = raw as Record<string, unknown>;
	let representation: string | undefined;
	let value: unknown;
	if ('representation' in record || 'value' in record) {
		representation = String(record.representation ?? '');
		value = record.value;
	} else {
		const keys = Object.keys(record).filter((k) => record[k] !== undefined && record[k] !== null);
		if (keys.length === 0) return undefined;
		if (keys.length > 1) throw errors.badRequest('Only one body format can be specified.');
		representation = keys[0];
		const nested = record[keys[0]] as Record<string, unknown> | undefined;
		if (!nested || typeof nested !== 'object') throw errors.badRequest('Invalid body.');
		value = nested.value;
		if (nested.representation !== undefined && nested.representation !== representation) {
			throw errors.badRequest('Body representation does not match its property name.');
		}
	}
	if (!allowed.includes(representation)) {
		throw errors.badRequest(
			`Unsupported body representation '${representation}'. Expected one of: ${allowed.join(', ')}.`,
		);
	}
	if (typeof value !== 'string') throw errors.badRequest('Body value must be a string.');
	if (representation === 'atlas_doc_format') {
		try {
			parseAdf(value);
			adfToStorage(parseAdf(value));
		} catch {
			throw errors.badRequest(
				'Error converting ADF to storage format',
				'The atlas_doc_format value is not a valid ADF document.',
			);
		}
		return { representation: 'atlas_doc_format', value };
	}
	if (representation === 'wiki') return { representation: 'storage', value: wikiToStorage(value) };
	return { representation: representation as BodyRepresentation, value };
}

function kindPath(kind: Kind): string {
	return kind === 'page' ? 'pages' : 'blogposts';
}

/** 404 unless the item exists with that type and the user may view it. */
export function visible(
	ctx: SimContext,
	req: SimRequest,
	id: string,
	types: ContentItem['type'] | readonly ContentItem['type'][],
): ContentItem {
	if (!/^\d+$/.test(id)) {
		throw errors.invalidParameter(
			`Provided value for 'id' is not the correct type. Expected type is ContentId.`,
		);
	}
	const item = ctx.store.require(id, types);
	if (!ctx.store.canView(ctx.user(req).accountId, item)) throw errors.notFound();
	return item;
}

function modifiedAt(ctx: SimContext, item: ContentItem): number {
	return ctx.store.current(item).createdAt.getTime();
}

export function contentSorts(
	ctx: SimContext,
): Record<string, (item: ContentItem) => string | number> {
	return {
		id: (item) => Number(item.id.replace(/\D/g, '')),
		'created-date': (item) => item.createdAt.getTime(),
		'modified-date': (item) => modifiedAt(ctx, item),
		title: (item) => item.title,
	};
}

function includeBlock<T>(
	ctx: SimContext,
	items: T[],
	map: (t: T) => unknown,
	selfPath: string,
): Record<string, unknown> {
	const limit = 50;
	return {
		results: items.slice(0, limit).map(map),
		meta: { hasMore: items.length > limit, ...(items.length > limit ? { cursor: '' } : {}) },
		_links: { self: selfPath },
	};
}

function labelSorts(): Record<string, (label: LabelRecord) => string | number> {
	return {
		'created-date': (l) => l.createdAt.getTime(),
		id: (l) => Number(l.id),
		name: (l) => l.name,
	};
}

export function listLabels(
	ctx: SimContext,
	req: SimRequest,
	labels: LabelRecord[],
	prefixes: readonly string[],
) {
	const prefix = queryEnum(req.query, 'prefix', prefixes as readonly string[]);
	const filtered = prefix ? labels.filter((l) => l.prefix === prefix) : labels;
	return ctx.paginateV2(req, filtered, { sorts: labelSorts(), map: presentLabel });
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const bodyFormat = (req: SimRequest, single: boolean): BodyFormat | undefined =>
		queryEnum(req.query, 'body-format', single ? SINGLE_BODY_FORMATS : BULK_BODY_FORMATS) as
			| BodyFormat
			| undefined;

	const listStatuses = (req: SimRequest, kind: Kind): ContentStatus[] => {
		const allowed =
			kind === 'page'
				? (['current', 'archived', 'deleted', 'trashed'] as const)
				: (['current', 'deleted', 'trashed'] as const);
		const statuses = queryEnumList(req.query, 'status', allowed);
		return statuses.length > 0 ? statuses : kind === 'page' ? ['current', 'archived'] : ['current'];
	};

	const listContent = (
		req: SimRequest,
		kind: Kind,
		items: ContentItem[],
		extraFilter?: (item: ContentItem) => boolean,
	) => {
		const user = ctx.user(req);
		const statuses = listStatuses(req, kind);
		const ids = queryList(req.query, 'id');
		const spaceIds = queryList(req.query, 'space-id');
		if (ids.length > 250)
			throw errors.invalidParameter("Provided value for 'id' has too many items. Maximum is 250.");
		if (spaceIds.length > 100)
			throw errors.invalidParameter(
				"Provided value for 'space-id' has too many items. Maximum is 100.",
			);
		const title =
			req.query.title === undefined
				? undefined
				: String(Array.isArray(req.query.title) ? req.query.title[0] : req.query.title);
		const subtype =
			kind === 'page' ? queryEnum(req.query, 'subtype', ['live', 'page'] as const) : undefined;
		const format = bodyFormat(req, false);
		const idSet = ids.length > 0 ? new Set(ids) : undefined;
		const spaceSet = spaceIds.length > 0 ? new Set(spaceIds) : undefined;
		const filtered = items.filter(
			(item) =>
				statuses.includes(item.status) &&
				(!idSet || idSet.has(item.id)) &&
				(!spaceSet || spaceSet.has(item.spaceId)) &&
				(title === undefined || item.title === title) &&
				(!subtype || (subtype === 'live' ? item.subtype === 'live' : item.subtype !== 'live')) &&
				(!extraFilter || extraFilter(item)) &&
				store.canView(user.accountId, item),
		);
		return ctx.paginateV2(req, filtered, {
			sorts: kind === 'page' ? contentSorts(ctx) : blogSorts(ctx),
			defaultSort: 'id',
			map: (item) => presentPageLike(store, item, { bodyFormat: format }),
		});
	};

	const single = (
		req: SimRequest,
		item: ContentItem,
		options: { version?: VersionRecord; statusOverride?: ContentStatus } = {},
	) => {
		const user = ctx.user(req);
		const format = bodyFormat(req, true);
		const includeVersion = queryBoolean(req.query, 'include-version', true);
		const out = presentPageLike(store, item, {
			bodyFormat: format,
			version: options.version,
			includeVersion,
			statusOverride: options.statusOverride,
		});
		const base = `${V2}/${kindPath(item.type as Kind)}/${item.id}`;
		if (queryBoolean(req.query, 'include-labels')) {
			out.labels = includeBlock(ctx, store.labelsOf(item), presentLabel, `${base}/labels`);
		}
		if (queryBoolean(req.query, 'include-properties')) {
			out.properties = includeBlock(
				ctx,
				store.propertiesOf('content', item.id),
				presentProperty,
				`${base}/properties`,
			);
		}
		if (queryBoolean(req.query, 'include-operations')) {
			out.operations = includeBlock(
				ctx,
				presentOperations(store, user.accountId, item),
				(o) => o,
				`${base}/operations`,
			);
		}
		if (queryBoolean(req.query, 'include-likes')) {
			out.likes = includeBlock(
				ctx,
				item.likes,
				(l) => ({ accountId: l.accountId }),
				`${base}/likes/users`,
			);
		}
		if (queryBoolean(req.query, 'include-versions')) {
			out.versions = includeBlock(
				ctx,
				[...item.versions].reverse(),
				presentVersion,
				`${base}/versions`,
			);
		}
		if (queryBoolean(req.query, 'include-favorited-by-current-user-status'))
			out.isFavoritedByCurrentUser = false;
		if (queryBoolean(req.query, 'include-collaborators')) {
			const collaborators = [...new Set(item.versions.map((v) => v.authorId))];
			out.collaborators = includeBlock(
				ctx,
				collaborators,
				(accountId) => ({ accountId }),
				`${base}/collaborators`,
			);
		}
		if (item.type === 'page' && queryBoolean(req.query, 'include-direct-children')) {
			const children = store
				.treeChildren(item.id)
				.filter(
					(c) => store.canView(user.accountId, c) && c.status !== 'trashed' && c.status !== 'draft',
				);
			out.directChildren = includeBlock(ctx, children, presentChild, `${base}/direct-children`);
		}
		queryBoolean(req.query, 'include-webresources');
		out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
		return out;
	};

	const getById = (kind: Kind) => (req: SimRequest) => {
		const item = visible(ctx, req, req.params.id, kind);
		const allowedStatuses =
			kind === 'page'
				? (['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const)
				: (['current', 'trashed', 'deleted', 'historical', 'draft'] as const);
		const requested = queryEnumList(req.query, 'status', allowedStatuses);
		const getDraft = queryBoolean(req.query, 'get-draft');
		const versionNumber = queryInteger(req.query, 'version', { min: 1 });
		if (getDraft) {
			if (item.status === 'draft') return json(single(req, item));
			if (item.draft)
				return json(single(req, item, { version: item.draft, statusOverride: 'draft' }));
			throw errors.notFound();
		}
		const statuses: readonly string[] = requested.length > 0 ? requested : ['current', 'archived'];
		if (versionNumber !== undefined) {
			const version = item.versions.find((v) => v.number === versionNumber);
			if (!version) throw errors.notFound();
			const isCurrent = version === store.current(item);
			const status = isCurrent ? item.status : 'historical';
			if (!isCurrent && requested.length > 0 && !statuses.includes('historical'))
				throw errors.notFound();
			if (isCurrent && !statuses.includes(status)) throw errors.notFound();
			return json(single(req, item, { version, statusOverride: status }));
		}
		// Whether a never-published draft is served without asking for it is undocumented (REALITY.md
		// draft-get-without-get-draft).
		const draftServed = item.status === 'draft' && ctx.settings.draftWithoutGetDraft === 'served';
		if (!statuses.includes(item.status) && !(draftServed && requested.length === 0)) {
			throw errors.notFound();
		}
		return json(single(req, item));
	};

	const create = (kind: Kind) => (req: SimRequest) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		const isPrivate = queryBoolean(req.query, 'private');
		const rootLevel = kind === 'page' ? queryBoolean(req.query, 'root-level') : false;
		if (kind === 'page') queryBoolean(req.query, 'embedded');
		if (body.spaceId === undefined || body.spaceId === null || body.spaceId === '') {
			throw errors.badRequest('spaceId is required.');
		}
		const spaceId = String(body.spaceId);
		const space = store.getSpace(spaceId);
		if (!space || !store.canViewSpace(user.accountId, space)) throw errors.notFound();
		if (!store.hasSpacePermission(user.accountId, space, 'create', kind)) throw errors.notFound();
		const status = body.status === undefined ? 'current' : String(body.status);
		if (status !== 'current' && status !== 'draft')
			throw errors.badRequest(`Invalid status '${status}'. Expected current or draft.`);
		const title = body.title === undefined || body.title === null ? undefined : String(body.title);
		if (status !== 'draft' && (title === undefined || title.trim() === '')) {
			throw errors.badRequest('Title is required when creating published content.');
		}
		const parentId =
			kind === 'page' && body.parentId !== undefined && body.parentId !== null
				? String(body.parentId)
				: undefined;
		if (rootLevel && parentId)
			throw errors.badRequest("'root-level' cannot be true when a parentId is given.");
		if (parentId) {
			const parent = store.get(parentId);
			if (!parent || !store.canView(user.accountId, parent))
				throw errors.notFound('Parent not found');
		}
		const parsed = parseWriteBody(body.body);
		let createdAt: Date | undefined;
		if (kind === 'blogpost' && body.createdAt !== undefined) {
			createdAt = new Date(String(body.createdAt));
			if (Number.isNaN(createdAt.getTime()))
				throw errors.badRequest('createdAt is not a valid date-time.');
		}
		const subtype =
			kind === 'page' && body.subtype !== undefined ? String(body.subtype) : undefined;
		if (subtype !== undefined && subtype !== 'live')
			throw errors.badRequest("subtype must be 'live'.");
		const item = store.createContent(
			kind,
			{
				spaceId,
				title: title ?? '',
				body: parsed?.value ?? '',
				representation: parsed?.representation ?? 'storage',
				parentId,
				rootLevel: kind === 'blogpost' || rootLevel,
				authorId: user.accountId,
				status: status as 'current' | 'draft',
				private: isPrivate,
				subtype,
				createdAt,
			},
			ctx.write(req),
		);
		return json(single(req, item));
	};

	const update = (kind: Kind) => (req: SimRequest) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, kind);
		const body = bodyObject(req);
		if (body.id !== undefined && String(body.id) !== item.id)
			throw errors.badRequest('The id in the body does not match the id in the path.');
		const status = String(body.status ?? '');
		if (status !== 'current' && status !== 'draft')
			throw errors.badRequest("status is required and must be 'current' or 'draft'.");
		if (
			body.spaceId !== undefined &&
			body.spaceId !== null &&
			String(body.spaceId) !== item.spaceId
		) {
			throw errors.badRequest('Moving content to a different space is not supported.');
		}
		// Restore from trash: only the status changes, the content and version number stay.
		if ((item.status === 'trashed' || item.status === 'deleted') && status === 'current') {
			if (!store.canEdit(user.accountId, item)) throw errors.notFound();
			store.restore(item.id, ctx.write(req));
			return json(single(req, item));
		}
		if (item.status === 'trashed' || item.status === 'deleted' || item.status === 'historical')
			throw errors.notFound();
		if (!store.canEdit(user.accountId, item)) throw errors.notFound();
		const version = body.version as
			| { number?: unknown; message?: unknown; minorEdit?: unknown }
			| undefined;
		if (!version || typeof version !== 'object' || typeof version.number !== 'number') {
			throw errors.badRequest('version.number is required.');
		}
		if (body.title === undefined || body.title === null)
			throw errors.badRequest('title is required.');
		const title = String(body.title);
		if (status === 'current' && title.trim() === '')
			throw errors.badRequest('Title must not be empty.');
		const parsed = parseWriteBody(body.body);
		if (body.body === undefined) throw errors.badRequest('body is required.');
		const message = version.message === undefined ? '' : String(version.message);
		const minorEdit = version.minorEdit === true;
		const parentId =
			kind === 'page' && body.parentId !== undefined && body.parentId !== null
				? String(body.parentId)
				: undefined;
		if (parentId) {
			const parent = store.get(parentId);
			if (!parent || !store.canView(user.accountId, parent))
				throw errors.notFound('Parent not found');
		}
		const ownerId =
			kind === 'page' && body.ownerId !== undefined && body.ownerId !== null
				? String(body.ownerId)
				: undefined;
		const input = {
			title,
			body: parsed?.value,
			representation: parsed?.representation,
			message,
			minorEdit,
			authorId: user.accountId,
			parentId,
			ownerId,
		};
		const current = store.current(item);
		if (status === 'draft') {
			if (version.number !== 1) {
				throw errors.conflict(
					`Version must be 1 when saving a draft. Provided version: [${version.number}]`,
				);
			}
			store.saveDraft(item.id, input, ctx.write(req));
			if (item.status === 'draft') return json(single(req, item));
			return json(single(req, item, { version: item.draft, statusOverride: 'draft' }));
		}
		if (item.status === 'draft') {
			// Publishing a never-published draft: Confluence accepts the draft's number (1) or the next one.
			if (version.number !== 1 && version.number !== 2) {
				throw errors.conflict(
					`Version must be incremented when updating a page. Current Version: [1]. Provided version: [${version.number}]`,
				);
			}
			store.publishDraft(item.id, input, ctx.write(req));
			// Which createdAt a page published from a draft keeps is undocumented (REALITY.md draft-published-created-at).
			if (ctx.settings.publishedDraftCreatedAt === 'published') item.createdAt = store.now();
			return json(single(req, item));
		}
		if (version.number !== current.number + 1) {
			throw errors.conflict(
				`Version must be incremented when updating a page. Current Version: [${current.number}]. Provided version: [${version.number}]`,
			);
		}
		if (kind === 'blogpost' && body.createdAt !== undefined) {
			const createdAt = new Date(String(body.createdAt));
			if (!Number.isNaN(createdAt.getTime())) item.createdAt = createdAt;
		}
		store.updateContent(item.id, input, ctx.write(req));
		return json(single(req, item));
	};

	const remove = (kind: Kind) => (req: SimRequest) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, kind);
		const purge = queryBoolean(req.query, 'purge');
		const draft = queryBoolean(req.query, 'draft');
		const space = store.requireSpace(item.spaceId);
		if (!store.canEdit(user.accountId, item)) throw errors.notFound();
		if (draft) {
			store.discardDraft(item.id, ctx.write(req));
			return noContent();
		}
		if (purge) {
			if (item.status !== 'trashed') throw errors.notFound();
			if (
				!store.hasSpacePermission(user.accountId, space, 'purge', 'space') &&
				!store.hasSpacePermission(user.accountId, space, 'administer', 'space')
			) {
				throw errors.notFound();
			}
			store.purge(item.id, ctx.write(req));
			return noContent();
		}
		if (item.status === 'draft') {
			throw errors.badRequest('A draft can only be deleted with draft=true.');
		}
		if (item.status !== 'current' && item.status !== 'archived') throw errors.notFound();
		if (!store.hasSpacePermission(user.accountId, space, 'delete', kind)) throw errors.notFound();
		store.trash(item.id, ctx.write(req));
		return noContent();
	};

	for (const kind of ['page', 'blogpost'] as const) {
		const base = `${V2}/${kindPath(kind)}`;
		router.get(base, (req) => listContent(req, kind, store.list(kind)));
		router.post(base, create(kind));
		router.get(`${base}/{id}`, getById(kind));
		router.put(`${base}/{id}`, update(kind));
		router.delete(`${base}/{id}`, remove(kind));

		router.get(`${base}/{id}/versions`, (req) => {
			const item = visible(ctx, req, req.params.id, kind);
			const format = bodyFormat(req, false);
			return ctx.paginateV2(req, item.versions, {
				sorts: { 'modified-date': (v) => v.number },
				defaultSort: '-modified-date',
				key: (v) => String(v.number),
				map: (v) => ({
					...presentVersion(v),
					[kind]: {
						id: item.id,
						title: v.title,
						...(format ? { body: presentBody(store, v.body, format) } : {}),
					},
				}),
			});
		});
		const versionParam = kind === 'page' ? 'page-id' : 'blogpost-id';
		router.get(`${base}/{${versionParam}}/versions/{version-number}`, (req) => {
			const item = visible(ctx, req, req.params[versionParam], kind);
			const number = Number(req.params['version-number']);
			if (!Number.isInteger(number)) {
				throw errors.invalidParameter(
					"Provided value for 'version-number' is not the correct type. Expected type is integer.",
				);
			}
			return json(presentVersionDetail(item.versions, number));
		});

		router.get(`${base}/{id}/likes/count`, (req) => {
			const item = visible(ctx, req, req.params.id, kind);
			return json({ count: item.likes.length });
		});
		router.get(`${base}/{id}/likes/users`, (req) => {
			const item = visible(ctx, req, req.params.id, kind);
			return ctx.paginateV2(req, item.likes, {
				key: (l) => l.accountId,
				minLimit: 0,
				map: (l) => ({ accountId: l.accountId }),
			});
		});
		router.get(`${base}/{id}/operations`, (req) => {
			const item = visible(ctx, req, req.params.id, kind);
			return json({ operations: presentOperations(store, ctx.user(req).accountId, item) });
		});
		router.get(`${base}/{id}/labels`, (req) => {
			const item = visible(ctx, req, req.params.id, kind);
			return listLabels(ctx, req, store.labelsOf(item), ['my', 'team', 'global', 'system']);
		});
	}

	router.put(`${V2}/pages/{id}/title`, (req) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, 'page');
		const body = bodyObject(req);
		const status = String(body.status ?? '');
		if (status !== 'current' && status !== 'draft')
			throw errors.badRequest("status is required and must be 'current' or 'draft'.");
		if (typeof body.title !== 'string' || body.title.trim() === '')
			throw errors.badRequest('title is required.');
		if (
			!store.canEdit(user.accountId, item) ||
			(item.status !== 'current' && item.status !== 'draft')
		)
			throw errors.notFound();
		if (status === 'draft' || item.status === 'draft') {
			store.saveDraft(item.id, { title: body.title, authorId: user.accountId }, ctx.write(req));
		} else {
			store.updateContent(item.id, { title: body.title, authorId: user.accountId }, ctx.write(req));
		}
		return json(single(req, item));
	});

	// ------------------------------------------------------------------ tree

	router.get(`${V2}/pages/{id}/ancestors`, (req) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, 'page');
		const limit = queryInteger(req.query, 'limit', { min: 1, max: 250 }) ?? 25;
		const ancestors = store.ancestors(item).filter((a) => store.canView(user.accountId, a));
		// Nearest `limit` ancestors, still top-to-bottom; callers page upwards with the first one's id.
		const slice = ancestors.slice(Math.max(0, ancestors.length - limit));
		return json({
			results: slice.map((a) => ({ id: a.id, type: a.type })),
			_links: { base: `${ctx.baseUrl}/wiki` },
		});
	});

	router.get(`${V2}/pages/{id}/descendants`, (req) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, 'page');
		const depth = queryInteger(req.query, 'depth', { min: 1, max: 10 }) ?? 2;
		const descendants = store
			.descendants(item, depth)
			.filter(
				(d) =>
					(d.item.status === 'current' || d.item.status === 'archived') &&
					store.canView(user.accountId, d.item),
			);
		return ctx.paginateV2(req, descendants, {
			key: (d) => d.item.id,
			map: (d) => ({
				id: d.item.id,
				status: d.item.status === 'archived' ? 'archived' : 'current',
				title: d.item.title,
				type: d.item.type,
				parentId: d.item.parentId,
				depth: d.depth,
				childPosition: d.item.position,
			}),
		});
	});

	const childSorts = {
		'created-date': (item: ContentItem) => item.createdAt.getTime(),
		id: (item: ContentItem) => Number(item.id),
		'modified-date': (item: ContentItem) => modifiedAt(ctx, item),
		'child-position': (item: ContentItem) => item.position,
	};

	router.get(`${V2}/pages/{id}/direct-children`, (req) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, 'page');
		const children = store
			.treeChildren(item.id, HIERARCHY_TYPES)
			.filter(
				(c) =>
					(c.status === 'current' || c.status === 'archived') && store.canView(user.accountId, c),
			);
		return ctx.paginateV2(req, children, {
			sorts: { ...childSorts, title: (c: ContentItem) => c.title },
			defaultSort: 'child-position',
			map: presentChild,
		});
	});

	router.get(`${V2}/pages/{id}/children`, (req) => {
		const user = ctx.user(req);
		const item = visible(ctx, req, req.params.id, 'page');
		const children = store
			.treeChildren(item.id, ['page'])
			.filter(
				(c) =>
					(c.status === 'current' || c.status === 'archived') && store.canView(user.accountId, c),
			);
		return ctx.paginateV2(req, children, {
			sorts: childSorts,
			defaultSort: 'child-position',
			map: (c) => ({
				id: c.id,
				status: c.status === 'archived' ? 'archived' : 'current',
				title: c.title,
				spaceId: c.spaceId,
				childPosition: c.position,
			}),
		});
	});

	// ------------------------------------------------------------------ per space / per label lists

	router.get(`${V2}/spaces/{id}/pages`, (req) => {
		const user = ctx.user(req);
		const space = store.getSpace(req.params.id);
		if (!space || !store.canViewSpace(user.accountId, space)) throw errors.notFound();
		const depth = queryEnum(req.query, 'depth', ['all', 'root'] as const) ?? 'all';
		return listContent(
			req,
			'page',
			store.list('page').filter((p) => p.spaceId === space.id),
			depth === 'root' ? (p) => !p.parentId : undefined,
		);
	});

	router.get(`${V2}/spaces/{id}/blogposts`, (req) => {
		const user = ctx.user(req);
		const space = store.getSpace(req.params.id);
		if (!space || !store.canViewSpace(user.accountId, space)) throw errors.notFound();
		return listContent(
			req,
			'blogpost',
			store.list('blogpost').filter((p) => p.spaceId === space.id),
		);
	});

	for (const kind of ['page', 'blogpost'] as const) {
		router.get(`${V2}/labels/{id}/${kindPath(kind)}`, (req) => {
			const label = store.labels.get(req.params.id);
			if (!label) throw errors.notFound();
			return listContent(
				req,
				kind,
				store.list(kind).filter((item) => item.labelIds.includes(label.id)),
			);
		});
	}
}

function blogSorts(ctx: SimContext): Record<string, (item: ContentItem) => string | number> {
	const sorts = contentSorts(ctx);
	delete sorts.title;
	return sorts;
}
