/* Whiteboards (v2): create (spaceId, title, parentId, templateKey, ?private), get with include-*, delete (trash),
 * ancestors, direct children, descendants and operations. Content properties of whiteboards are served by the core's
 * shared property implementation (routes/properties.ts). */
import type { SimContext } from '../context';
import {
	bodyObject,
	errors,
	json,
	noContent,
	queryBoolean,
	queryInteger,
	type SimRequest,
} from '../http';
import {
	contentLinks,
	iso,
	presentChild,
	presentOperations,
	presentProperty,
	presentVersion,
} from '../presenters';
import { addRouteIfAbsent } from '../routeHelpers';
import type { Router } from '../router';
import { HIERARCHY_TYPES, type ContentItem } from '../store';

const V2 = '/wiki/api/v2';

/** `templateKey` values of the v2 spec (WhiteboardCreateRequest). */
export const WHITEBOARD_TEMPLATES: readonly string[] = [
	'2x2-prioritization',
	'4ls-retro',
	'annual-calendar',
	'brainwriting',
	'concept-map',
	'crazy-8s',
	'daily-sync',
	'disruptive-brainstorm',
	'dot-voting',
	'elevator-pitch',
	'flow-chart',
	'gap-analysis',
	'ice-breakers',
	'incident-postmortem',
	'journey-mapping-kit',
	'kanban-board',
	'lean-coffee',
	'network-of-teams',
	'org-chart',
	'pi-planning',
	'prioritization',
	'prioritization-experiment',
	'product-roadmap',
	'product-vision-board',
	'rice',
	'sailboat-retro',
	'service-blueprint',
	'simple-retrospective',
	'sprint-planning',
	'sticky-note-pack',
	'swimlanes',
	'team-formation-guide',
	'timeline',
	'timeline-workflow',
	'user-story-map',
	'workflow',
	'vision-board',
	'venn-diagram',
	'storyboard',
	'action-plan',
	'root-cause-analysis',
	'executive-summary',
	'stakeholder-mapping',
	'annual-calendar-2025-2026',
	'health-monitor',
	'okr-planning',
	'swot-analysis',
	'poker-planning',
	'fishbone-diagram',
	'risk-assessment',
	'bounded-context',
	'hopes-and-fears',
	'swimlane-vertical',
];

/** `locale` values of the v2 spec (WhiteboardCreateRequest). */
export const WHITEBOARD_LOCALES: readonly string[] = [
	'de-DE',
	'cs-CZ',
	'ko-KR',
	'fr-FR',
	'it-IT',
	'ja-JP',
	'nl-NL',
	'nb-NO',
	'da-DK',
	'sv-SE',
	'fi-FI',
	'ru-RU',
	'pl-PL',
	'tr-TR',
	'hu-HU',
	'en-GB',
	'en-US',
	'pt-BR',
	'zh-CN',
	'zh-TW',
	'es-ES',
];

export function presentWhiteboard(ctx: SimContext, item: ContentItem): Record<string, unknown> {
	const parent = item.parentId ? ctx.store.get(item.parentId) : undefined;
	const links = contentLinks(ctx.store, item);
	return {
		id: item.id,
		type: 'whiteboard',
		status: item.status,
		title: item.title,
		...(parent ? { parentId: parent.id, parentType: parent.type } : {}),
		position: item.position,
		authorId: item.authorId,
		ownerId: item.ownerId,
		createdAt: iso(item.createdAt),
		spaceId: item.spaceId,
		version: presentVersion(ctx.store.current(item)),
		_links: { webui: links.webui, editui: links.webui },
	};
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const visibleWhiteboard = (req: SimRequest, raw: string): ContentItem => {
		if (!/^\d+$/.test(raw)) {
			throw errors.invalidParameter(
				"Provided value for 'id' is not the correct type. Expected type is ContentId.",
			);
		}
		const item = store.get(raw);
		if (!item || item.type !== 'whiteboard') throw errors.notFound();
		if (item.status !== 'current' && item.status !== 'archived') throw errors.notFound();
		if (!store.canView(ctx.user(req).accountId, item)) throw errors.notFound();
		return item;
	};

	router.post(`${V2}/whiteboards`, (req) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		const isPrivate = queryBoolean(req.query, 'private');
		if (body.spaceId === undefined || body.spaceId === null || body.spaceId === '') {
			throw errors.badRequest('spaceId is required.');
		}
		const space = store.getSpace(String(body.spaceId));
		if (!space || !store.canViewSpace(user.accountId, space)) throw errors.notFound();
		if (!store.hasSpacePermission(user.accountId, space, 'create', 'page')) throw errors.notFound();
		if (
			body.templateKey !== undefined &&
			!WHITEBOARD_TEMPLATES.includes(String(body.templateKey))
		) {
			throw errors.badRequest(`Invalid templateKey '${String(body.templateKey)}'.`);
		}
		if (body.locale !== undefined && !WHITEBOARD_LOCALES.includes(String(body.locale))) {
			throw errors.badRequest(`Invalid locale '${String(body.locale)}'.`);
		}
		if (body.title !== undefined && typeof body.title !== 'string') {
			throw errors.badRequest('title must be a string.');
		}
		let parentId: string | undefined;
		if (body.parentId !== undefined && body.parentId !== null && body.parentId !== '') {
			const parent = store.get(String(body.parentId));
			if (
				!parent ||
				!HIERARCHY_TYPES.includes(parent.type) ||
				parent.status === 'trashed' ||
				!store.canView(user.accountId, parent)
			) {
				throw errors.notFound();
			}
			if (parent.spaceId !== space.id) {
				throw errors.badRequest('The parent must be in the same space as the whiteboard.');
			}
			parentId = parent.id;
		}
		const item = store.createContent(
			'whiteboard',
			{
				spaceId: space.id,
				title: (body.title as string | undefined) ?? 'Untitled whiteboard',
				parentId,
				authorId: user.accountId,
				private: isPrivate,
				extra: {
					...(body.templateKey !== undefined ? { templateKey: String(body.templateKey) } : {}),
					...(typeof body.locale === 'string' ? { locale: body.locale } : {}),
				},
			},
			ctx.write(req),
		);
		return json({
			...presentWhiteboard(ctx, item),
			_links: { ...whiteboardLinks(item), base: `${ctx.baseUrl}/wiki` },
		});
	});

	const whiteboardLinks = (item: ContentItem) =>
		presentWhiteboard(ctx, item)._links as Record<string, string>;

	const block = <T>(items: T[], map: (item: T) => unknown, self: string) => ({
		results: items.slice(0, 50).map(map),
		meta: { hasMore: items.length > 50 },
		_links: { self },
	});

	router.get(`${V2}/whiteboards/{id}`, (req) => {
		const user = ctx.user(req);
		const item = visibleWhiteboard(req, req.params.id);
		const out = presentWhiteboard(ctx, item);
		const self = `${V2}/whiteboards/${item.id}`;
		if (queryBoolean(req.query, 'include-collaborators')) {
			const collaborators = [...new Set(item.versions.map((v) => v.authorId))];
			out.collaborators = block(
				collaborators,
				(accountId) => ({ accountId }),
				`${self}/collaborators`,
			);
		}
		if (queryBoolean(req.query, 'include-direct-children')) {
			out.directChildren = block(
				visibleChildren(user.accountId, item),
				presentChild,
				`${self}/direct-children`,
			);
		}
		if (queryBoolean(req.query, 'include-operations')) {
			out.operations = block(
				presentOperations(store, user.accountId, item),
				(o) => o,
				`${self}/operations`,
			);
		}
		if (queryBoolean(req.query, 'include-properties')) {
			out.properties = block(
				store.propertiesOf('content', item.id),
				presentProperty,
				`${self}/properties`,
			);
		}
		out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
		return json(out);
	});

	router.delete(`${V2}/whiteboards/{id}`, (req) => {
		const user = ctx.user(req);
		const item = visibleWhiteboard(req, req.params.id);
		const space = store.getSpace(item.spaceId);
		if (
			!store.canEdit(user.accountId, item) ||
			!space ||
			!store.hasSpacePermission(user.accountId, space, 'delete', 'page')
		) {
			throw errors.notFound();
		}
		store.trash(item.id, ctx.write(req));
		return noContent();
	});

	const visibleChildren = (accountId: string, item: ContentItem) =>
		store
			.treeChildren(item.id)
			.filter(
				(c) => (c.status === 'current' || c.status === 'archived') && store.canView(accountId, c),
			);

	addRouteIfAbsent(router, 'GET', `${V2}/whiteboards/{id}/ancestors`, (req) => {
		const item = visibleWhiteboard(req, req.params.id);
		const limit = queryInteger(req.query, 'limit', { min: 1, max: 250 }) ?? 25;
		// The nearest `limit` ancestors, top first; callers page upwards with the first ancestor's id.
		const ancestors = store.ancestors(item).slice(-limit);
		return json({ results: ancestors.map((a) => ({ id: a.id, type: a.type })) });
	});

	addRouteIfAbsent(router, 'GET', `${V2}/whiteboards/{id}/direct-children`, (req) => {
		const user = ctx.user(req);
		const item = visibleWhiteboard(req, req.params.id);
		return ctx.paginateV2(req, visibleChildren(user.accountId, item), {
			sorts: {
				'created-date': (c) => c.createdAt.getTime(),
				id: (c) => Number(c.id),
				'child-position': (c) => c.position,
				'modified-date': (c) => store.current(c).createdAt.getTime(),
				title: (c) => c.title,
			},
			defaultSort: 'child-position',
			map: presentChild,
		});
	});

	addRouteIfAbsent(router, 'GET', `${V2}/whiteboards/{id}/descendants`, (req) => {
		const user = ctx.user(req);
		const item = visibleWhiteboard(req, req.params.id);
		const depth = queryInteger(req.query, 'depth', { min: 1, max: 10 }) ?? 2;
		const found = store
			.descendants(item, depth)
			.filter(
				({ item: d }) =>
					(d.status === 'current' || d.status === 'archived') && store.canView(user.accountId, d),
			)
			.map((entry, index) => ({ ...entry, order: index }));
		return ctx.paginateV2(req, found, {
			sorts: { order: (d) => d.order },
			defaultSort: 'order',
			key: (d) => d.item.id,
			map: ({ item: d, depth: level }) => ({
				id: d.id,
				status: d.status === 'archived' ? 'archived' : 'current',
				title: d.title,
				type: d.type,
				parentId: d.parentId,
				depth: level,
				childPosition: d.position,
			}),
		});
	});

	addRouteIfAbsent(router, 'GET', `${V2}/whiteboards/{id}/operations`, (req) => {
		const item = visibleWhiteboard(req, req.params.id);
		return json({ operations: presentOperations(store, ctx.user(req).accountId, item) });
	});
}
