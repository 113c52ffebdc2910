/* CQL search (v1): GET /wiki/rest/api/search (SearchResult entries for content and spaces, excerpts with
 * Confluence's @@@hl@@@ highlight markers, cursor paging in `_links.next`/`prev`, deprecated `start`) and
 * GET /wiki/rest/api/content/search (Content results). Matching and ordering come from cql.ts.
 * Search reads an index that lags behind writes by `searchIndexLagMs` (sim clock): new content shows up, and edits
 * replace the indexed title and text, only once that much time has passed since the version was written. */
import { createHash } from 'node:crypto';

import type { SimContext } from '../context';
import {
	compareByCqlOrder,
	CqlSyntaxError,
	matchesCql,
	parseCql,
	type CqlEntity,
	type CqlNode,
	type CqlQuery,
} from '../cql';
import { storageToText } from '../convert';
import {
	ApiError,
	queryBoolean,
	queryEnum,
	queryInteger,
	queryString,
	type SimRequest,
} from '../http';
import { bodyIn, contentLinks, iso, presentV1Space } from '../presenters';
import {
	attachmentWebui,
	commentWebui,
	friendlyDate,
	parseExpand,
	presentV1Content,
	simSettings,
	v1Type,
} from '../routeHelpers';
import type { Router } from '../router';
import type {
	BodyRecord,
	ContentItem,
	SpaceRecord,
	Store,
	UserRecord,
	VersionRecord,
} from '../store';

const V1 = '/wiki/rest/api';

const SEARCHABLE_TYPES = [
	'page',
	'blogpost',
	'comment',
	'attachment',
	'whiteboard',
	'database',
	'embed',
	'folder',
	'custom-content',
] as const;

const EXCERPT_MODES = [
	'highlight',
	'indexed',
	'none',
	'highlight_unescaped',
	'indexed_unescaped',
] as const;
type ExcerptMode = (typeof EXCERPT_MODES)[number];

const HL_START = '@@@hl@@@';
const HL_END = '@@@endhl@@@';
const MAX_LIMIT = 250;
/** Documented: expanding body.export_view or body.styled_view caps the page size at 25. */
const HEAVY_EXPAND_LIMIT = 25;
const EXCERPT_LENGTH = 200;

interface Hit {
	entity: CqlEntity;
	item?: ContentItem;
	space?: SpaceRecord;
	version?: VersionRecord;
	/** Matched, but restricted from the caller: dropped after the page is cut (variant searchPermissionFilter). */
	hidden?: boolean;
}

const textCache = new WeakMap<BodyRecord, string>();

function bodyText(store: Store, body: BodyRecord | undefined): string {
	if (!body) return '';
	let text = textCache.get(body);
	if (text === undefined) {
		text = storageToText(bodyIn(store, body, 'storage'));
		textCache.set(body, text);
	}
	return text;
}

function mentions(store: Store, body: BodyRecord | undefined): string[] {
	if (!body) return [];
	const storage = bodyIn(store, body, 'storage');
	return [...storage.matchAll(/ri:account-id="([^"]+)"/g)].map((m) => m[1]);
}

/** The newest version the index has seen: written at least `lagMs` ago (sim clock). */
function indexedVersion(item: ContentItem, cutoff: number): VersionRecord | undefined {
	for (let i = item.versions.length - 1; i >= 0; i--) {
		if (item.versions[i].createdAt.getTime() <= cutoff) return item.versions[i];
	}
	return undefined;
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** Words of the query's CONTAINS (`~`) values, the terms Confluence highlights. */
function highlightTerms(query: CqlQuery): string[] {
	const terms: string[] = [];
	const walk = (node: CqlNode | undefined, negated: boolean) => {
		if (!node) return;
		if (node.kind === 'and' || node.kind === 'or') node.operands.forEach((n) => walk(n, negated));
		else if (node.kind === 'not') walk(node.operand, !negated);
		else if (
			!negated &&
			node.operator === '~' &&
			(node.field === 'text' || node.field === 'title')
		) {
			for (const value of node.values) {
				if (value.kind !== 'literal') continue;
				for (const word of value.value.split(/[\s"]+/)) {
					const clean = word.replace(/[?~^!()[\]{}+\-\\:]/g, '');
					if (clean.replace(/\*/g, '') !== '') terms.push(clean.toLowerCase());
				}
			}
		}
	};
	walk(query.where, false);
	return [...new Set(terms)];
}

function termPattern(terms: string[]): RegExp | undefined {
	if (terms.length === 0) return undefined;
	const parts = terms.map((term) => {
		const prefix = term.endsWith('*');
		const core = term.replace(/\*/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return prefix ? `${core}[\\p{L}\\p{N}]*` : core;
	});
	return new RegExp(`(?<![\\p{L}\\p{N}])(${parts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

function highlight(text: string, pattern: RegExp | undefined, escape: boolean): string {
	const safe = (s: string) => (escape ? escapeHtml(s) : s);
	if (!pattern) return safe(text);
	let out = '';
	let last = 0;
	for (const match of text.matchAll(pattern)) {
		const at = match.index ?? 0;
		out += safe(text.slice(last, at)) + HL_START + safe(match[0]) + HL_END;
		last = at + match[0].length;
	}
	return out + safe(text.slice(last));
}

function excerptOf(text: string, pattern: RegExp | undefined, mode: ExcerptMode): string {
	if (mode === 'none') return '';
	const escape = !mode.endsWith('_unescaped');
	if (mode.startsWith('indexed')) {
		const window = text.slice(0, EXCERPT_LENGTH);
		return escape ? escapeHtml(window) : window;
	}
	let start = 0;
	if (pattern) {
		pattern.lastIndex = 0;
		const first = pattern.exec(text);
		pattern.lastIndex = 0;
		if (first && first.index > EXCERPT_LENGTH / 2) {
			start = text.lastIndexOf(' ', first.index - EXCERPT_LENGTH / 4) + 1;
		}
	}
	const window = text.slice(start, start + EXCERPT_LENGTH);
	return highlight(window, pattern, escape);
}

interface SearchParams {
	cql: string;
	query: CqlQuery;
	statuses: string[];
	spaceKey?: string;
	contentId?: string;
	includeArchivedSpaces: boolean;
	excludeCurrentSpaces: boolean;
}

function cursorFingerprint(cql: string, context: string): string {
	return createHash('sha1').update(`${cql}\u0000${context}`).digest('base64url').slice(0, 16);
}

/** Opaque cursor in the shape Confluence uses (`_f_<base64 offset>_sa_<...>`); `=` padding and all. */
function encodeCursor(offset: number, fingerprint: string): string {
	return `_f_${Buffer.from(String(offset)).toString('base64')}_sa_${fingerprint}`;
}

function decodeCursor(cursor: string, fingerprint: string): number {
	const match = /^_f_([A-Za-z0-9+/=]+)_sa_([A-Za-z0-9_-]+)$/.exec(cursor);
	const offset = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	if (!match || !/^\d+$/.test(offset) || match[2] !== fingerprint) {
		throw new ApiError(400, 'Invalid cursor', {
			v1Message:
				'com.atlassian.confluence.api.service.exceptions.BadRequestException: The cursor is invalid or does not belong to this query.',
		});
	}
	return Number(offset);
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const cqlError = (message: string) =>
		new ApiError(400, message, {
			v1Message: `com.atlassian.confluence.api.service.exceptions.BadRequestException: ${message}`,
		});

	const parseParams = (req: SimRequest): SearchParams & { contextRaw: string } => {
		const cql = queryString(req.query, 'cql');
		if (cql === undefined || cql.trim() === '') throw cqlError('CQL query parameter is required');
		let query: CqlQuery;
		try {
			query = parseCql(cql);
		} catch (error) {
			if (error instanceof CqlSyntaxError) throw cqlError(error.message);
			// Anything else is a simulator bug: the server answers 500 and records it in sim.serverErrors.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
		const contextRaw = queryString(req.query, 'cqlcontext') ?? '';
		let context: { spaceKey?: unknown; contentId?: unknown; contentStatuses?: unknown } = {};
		if (contextRaw !== '') {
			try {
				context = JSON.parse(contextRaw) as typeof context;
			} catch {
				throw cqlError(`Could not parse cqlcontext : ${contextRaw}`);
			}
			if (!context || typeof context !== 'object')
				throw cqlError(`Could not parse cqlcontext : ${contextRaw}`);
		}
		const statuses = Array.isArray(context.contentStatuses)
			? context.contentStatuses.map(String)
			: ['current'];
		return {
			cql,
			query,
			statuses,
			spaceKey: typeof context.spaceKey === 'string' ? context.spaceKey : undefined,
			contentId: context.contentId !== undefined ? String(context.contentId) : undefined,
			includeArchivedSpaces: queryBoolean(req.query, 'includeArchivedSpaces'),
			excludeCurrentSpaces: queryBoolean(req.query, 'excludeCurrentSpaces'),
			contextRaw,
		};
	};

	const entityOf = (item: ContentItem, version: VersionRecord, space: SpaceRecord): CqlEntity => {
		const container = item.containerId
			? store.get(item.containerId)
			: item.type === 'comment'
				? store.commentContainer(item)
				: undefined;
		const treeNode = container ?? item;
		const ancestors = store.ancestors(treeNode).map((a) => a.id);
		if (container) ancestors.push(container.id);
		const versionsSoFar = item.versions.filter((v) => v.number <= version.number);
		let text = bodyText(store, version.body);
		if (item.type === 'attachment') text = [version.title, version.file?.comment ?? ''].join(' ');
		return {
			type: v1Type(item),
			id: item.id,
			title: version.title,
			text,
			spaceKey: space.key,
			spaceId: space.id,
			labels: store.labelsOf(item).map((l) => l.name),
			ancestorIds: ancestors,
			parentId:
				item.type === 'comment' || item.type === 'attachment' ? container?.id : item.parentId,
			creatorAccountId: item.authorId,
			contributorAccountIds: [...new Set(versionsSoFar.map((v) => v.authorId))],
			mentionAccountIds: mentions(store, version.body),
			created: item.createdAt,
			lastModified: version.createdAt,
		};
	};

	const spaceEntity = (space: SpaceRecord): CqlEntity => ({
		type: 'space',
		id: space.id,
		title: space.name,
		text: space.description,
		spaceKey: space.key,
		spaceId: space.id,
		labels: store.labelsOf(space).map((l) => l.name),
		ancestorIds: [],
		creatorAccountId: space.authorId,
		contributorAccountIds: [space.authorId],
		created: space.createdAt,
		lastModified: space.createdAt,
	});

	/** Everything the user may see that the (lagging) index holds and the query matches, in CQL order. */
	const search = (user: UserRecord, params: SearchParams, withSpaces: boolean): Hit[] => {
		// Confluence checks item permissions on the page it cut from the index, so a page can be short or empty while
		// `next` is still there (REALITY.md search-pages-filtered-after-paging).
		const filterAfterPaging = ctx.settings.searchPermissionFilter === 'after-paging';
		const now = store.now();
		const cutoff = now.getTime() - simSettings(store).searchIndexLagMs;
		const spaceAllowed = (space: SpaceRecord | undefined): space is SpaceRecord =>
			!!space &&
			(space.status !== 'archived' || params.includeArchivedSpaces) &&
			(space.status !== 'current' || !params.excludeCurrentSpaces) &&
			(!params.spaceKey || space.key === params.spaceKey) &&
			store.canViewSpace(user.accountId, space);
		const cqlContext = {
			now,
			currentUserAccountId: user.accountId,
			timeZone: ctx.cqlTimeZone?.() ?? user.timeZone,
		};
		const hits: Hit[] = [];
		for (const item of store.list(SEARCHABLE_TYPES)) {
			if (!params.statuses.includes(item.status)) continue;
			const space = store.getSpace(item.spaceId);
			if (!spaceAllowed(space)) continue;
			if (params.contentId) {
				const related =
					item.id === params.contentId ||
					item.containerId === params.contentId ||
					store.ancestors(item).some((a) => a.id === params.contentId);
				if (!related) continue;
			}
			const version = indexedVersion(item, cutoff);
			if (!version) continue;
			const container = item.type === 'comment' ? store.commentContainer(item) : undefined;
			const hidden =
				!store.canView(user.accountId, item) ||
				(!!container && !store.canView(user.accountId, container));
			if (hidden && !filterAfterPaging) continue;
			const entity = entityOf(item, version, space);
			if (matchesCql(params.query, entity, cqlContext)) {
				hits.push({ entity, item, version, hidden });
			}
		}
		if (withSpaces) {
			for (const space of store.spaces.values()) {
				if (!spaceAllowed(space) || space.createdAt.getTime() > cutoff) continue;
				const entity = spaceEntity(space);
				if (matchesCql(params.query, entity, cqlContext)) hits.push({ entity, space });
			}
		}
		const order = compareByCqlOrder(params.query);
		return hits.sort((a, b) => order(a.entity, b.entity));
	};

	const visibleOnPage = (hits: Hit[], offset: number, limit: number): Hit[] =>
		hits.slice(offset, offset + limit).filter((hit) => !hit.hidden);

	/** Offset + limit from cursor/start/limit, and the links to the neighbouring pages. */
	const page = (
		req: SimRequest,
		params: SearchParams & { contextRaw: string },
		total: number,
		heavyExpand: boolean,
	) => {
		const requested = queryInteger(req.query, 'limit', { min: 0 }) ?? 25;
		const limit = Math.min(requested, heavyExpand ? HEAVY_EXPAND_LIMIT : MAX_LIMIT);
		const fingerprint = cursorFingerprint(params.cql, params.contextRaw);
		const cursor = queryString(req.query, 'cursor');
		queryBoolean(req.query, 'next');
		queryBoolean(req.query, 'prev');
		const offset =
			cursor !== undefined && cursor !== ''
				? decodeCursor(cursor, fingerprint)
				: (queryInteger(req.query, 'start', { min: 0 }) ?? 0);
		const relative = req.path.replace(/^\/wiki/, '');
		const link = (direction: 'next' | 'prev', target: number) => {
			const query = new URLSearchParams();
			query.set(direction, 'true');
			query.set('cursor', encodeCursor(target, fingerprint));
			for (const [name, value] of Object.entries(req.query)) {
				if (['cursor', 'next', 'prev', 'start', 'limit'].includes(name)) continue;
				for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
			}
			query.set('limit', String(limit));
			query.set('start', String(target));
			return `${relative}?${query.toString()}`;
		};
		const links: Record<string, string> = {
			base: `${ctx.baseUrl}/wiki`,
			context: '/wiki',
		};
		if (limit > 0 && offset + limit < total) links.next = link('next', offset + limit);
		// Data Center's envelope varies by version and endpoint (REALITY.md dc-search-next-link).
		const dataCenterNext =
			ctx.flavor === 'datacenter' ? ctx.settings.dataCenterSearchNext : 'cursor';
		if (links.next && dataCenterNext === 'absent') delete links.next;
		if (links.next && dataCenterNext === 'start-limit') {
			const query = new URLSearchParams();
			for (const [name, value] of Object.entries(req.query)) {
				if (['cursor', 'next', 'prev', 'start', 'limit'].includes(name)) continue;
				for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
			}
			query.set('limit', String(limit));
			query.set('start', String(offset + limit));
			links.next = `${relative}?${query.toString()}`;
		}
		if (limit > 0 && offset > 0) links.prev = link('prev', Math.max(0, offset - limit));
		const selfQuery = new URLSearchParams();
		for (const [name, value] of Object.entries(req.query)) {
			for (const v of Array.isArray(value) ? value : [value]) selfQuery.append(name, v);
		}
		links.self = `${ctx.baseUrl}${req.path}?${selfQuery.toString()}`;
		return { offset, limit, links };
	};

	const isHeavy = (expand: Set<string>, prefix: string) =>
		expand.has(`${prefix}body.export_view`) || expand.has(`${prefix}body.styled_view`);

	router.get(`${V1}/search`, (req) => {
		const started = Date.now();
		const user = ctx.user(req);
		const params = parseParams(req);
		const mode = (queryEnum(req.query, 'excerpt', EXCERPT_MODES) ?? 'highlight') as ExcerptMode;
		queryEnum(req.query, 'sitePermissionTypeFilter', [
			'all',
			'externalCollaborator',
			'none',
		] as const);
		const expand = parseExpand(req.query);
		const contentExpand = [...expand]
			.filter((e) => e.startsWith('content.'))
			.map((e) => e.slice('content.'.length));
		const hits = search(user, params, true);
		const { offset, limit, links } = page(req, params, hits.length, isHeavy(expand, 'content.'));
		const pattern = termPattern(highlightTerms(params.query));
		const highlightTitles = mode.startsWith('highlight');
		const escape = !mode.endsWith('_unescaped');
		const now = store.now();
		const results = visibleOnPage(hits, offset, limit).map((hit, index) => {
			const title = highlightTitles
				? highlight(hit.entity.title, pattern, escape)
				: hit.entity.title;
			const common = {
				title,
				excerpt: excerptOf(hit.entity.text, pattern, mode),
				breadcrumbs: [] as unknown[],
				lastModified: iso(hit.entity.lastModified),
				friendlyLastModified: friendlyDate(now, hit.entity.lastModified),
				score: Number((hits.length - offset - index).toFixed(1)),
			};
			if (hit.space) {
				return {
					space: presentV1Space(ctx.baseUrl, store, hit.space),
					...common,
					url: `/spaces/${hit.space.key}`,
					entityType: 'space',
					iconCssClass: 'aui-icon content-type-space',
				};
			}
			const item = hit.item as ContentItem;
			const space = store.getSpace(item.spaceId) as SpaceRecord;
			const container =
				item.type === 'comment'
					? store.commentContainer(item)
					: item.containerId
						? store.get(item.containerId)
						: undefined;
			const url =
				item.type === 'attachment'
					? attachmentWebui(ctx, item)
					: item.type === 'comment'
						? commentWebui(ctx, item)
						: contentLinks(store, item).webui;
			return {
				content: presentV1Content(ctx, item, { expand: contentExpand, viewer: user }),
				...common,
				url,
				...(container
					? {
							resultParentContainer: {
								title: container.title,
								displayUrl: contentLinks(store, container).webui,
							},
						}
					: {}),
				resultGlobalContainer: { title: space.name, displayUrl: `/spaces/${space.key}` },
				entityType: 'content',
				iconCssClass:
					item.type === 'attachment'
						? 'icon-file-generic'
						: `aui-icon content-type-${v1Type(item)}`,
			};
		});
		return {
			status: 200,
			body: {
				results,
				start: offset,
				limit,
				size: results.length,
				totalSize: hits.length,
				cqlQuery: params.cql,
				searchDuration: Date.now() - started,
				archivedResultCount: 0,
				_links: links,
			},
		};
	});

	router.get(`${V1}/content/search`, (req) => {
		const user = ctx.user(req);
		const params = parseParams(req);
		const expand = parseExpand(req.query);
		const hits = search(user, params, false);
		const { offset, limit, links } = page(req, params, hits.length, isHeavy(expand, ''));
		const results = visibleOnPage(hits, offset, limit).map((hit) =>
			presentV1Content(ctx, hit.item as ContentItem, { expand, viewer: user }),
		);
		return {
			status: 200,
			body: { results, start: offset, limit, size: results.length, _links: links },
		};
	});
}
