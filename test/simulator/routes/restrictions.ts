/* v1 content restrictions (read/update), which the store's visibility rules enforce for every other route:
 * read restrictions hide content (404) from everyone not listed, for the item and its descendants. */
import type { SimContext } from '../context';
import { ApiError, errors, json, queryString, type SimRequest } from '../http';
import { presentV1ContentRef, presentV1User } from '../presenters';
import { v1ViewableContent } from '../routeHelpers';
import type { Router } from '../router';
import type { ContentItem, RestrictionSet } from '../store';

const BASE = '/wiki/rest/api/content/{id}/restriction';
const OPERATIONS = ['read', 'update'] as const;
type Operation = (typeof OPERATIONS)[number];

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const viewable = (req: SimRequest): ContentItem => v1ViewableContent(ctx, req);
	const manageable = (req: SimRequest): ContentItem => {
		const item = viewable(req);
		if (!store.canEdit(ctx.user(req).accountId, item)) {
			throw new ApiError(403, 'Forbidden', {
				v1Message:
					'com.atlassian.confluence.api.service.exceptions.PermissionException: Not permitted to change restrictions on this content',
			});
		}
		return item;
	};
	const operationParam = (req: SimRequest): Operation => {
		const op = req.params.operationKey;
		if (!(OPERATIONS as readonly string[]).includes(op))
			throw errors.badRequest(`Unsupported restriction operation '${op}'.`);
		return op as Operation;
	};

	const presentRestriction = (item: ContentItem, operation: Operation) => {
		const set = item.restrictions[operation];
		const users = set.users.map((id) => store.getUser(id)).filter((u) => !!u);
		const groups = set.groups.map((id) => store.groups.get(id)).filter((g) => !!g);
		return {
			operation,
			restrictions: {
				user: {
					results: users.map((u) => presentV1User(ctx.baseUrl, u!)),
					start: 0,
					limit: 200,
					size: users.length,
				},
				group: {
					results: groups.map((g) => ({
						type: 'group',
						name: g!.name,
						id: g!.id,
						usageType: 'USERBASE_GROUP',
					})),
					start: 0,
					limit: 200,
					size: groups.length,
				},
			},
			content: presentV1ContentRef(ctx.baseUrl, store, item),
			_expandable: {},
			_links: {
				self: `${ctx.baseUrl}/wiki/rest/api/content/${item.id}/restriction/byOperation/${operation}`,
			},
		};
	};

	const hash = (item: ContentItem) =>
		Buffer.from(JSON.stringify(item.restrictions)).toString('base64').slice(0, 40);

	const presentAll = (req: SimRequest, item: ContentItem) => {
		const results = OPERATIONS.map((op) => presentRestriction(item, op));
		return json({
			results,
			start: 0,
			limit: 100,
			size: results.length,
			restrictionsHash: hash(item),
			_links: {
				base: `${ctx.baseUrl}/wiki`,
				context: '/wiki',
				self: `${ctx.baseUrl}${req.path}`,
			},
		});
	};

	/** Parses the update body: an array or `{results:[...]}` of `{operation, restrictions:{user, group}}`. */
	const parseUpdates = (
		req: SimRequest,
	): Array<{ operation: Operation; users: string[]; groups: string[] }> => {
		const raw = Array.isArray(req.body)
			? req.body
			: req.body &&
				  typeof req.body === 'object' &&
				  Array.isArray((req.body as { results?: unknown }).results)
				? (req.body as { results: unknown[] }).results
				: undefined;
		if (!raw) throw errors.badRequest('Expected an array of restrictions.');
		return raw.map((entry) => {
			const update = entry as {
				operation?: unknown;
				restrictions?: { user?: unknown; group?: unknown };
			};
			if (!update || !(OPERATIONS as readonly string[]).includes(String(update.operation))) {
				throw errors.badRequest(
					`Unsupported restriction operation '${String(update?.operation)}'.`,
				);
			}
			const userList = Array.isArray(update.restrictions?.user)
				? update.restrictions?.user
				: ((update.restrictions?.user as { results?: unknown[] } | undefined)?.results ?? []);
			const users = (userList as Array<{ accountId?: unknown }>).map((u) => {
				const accountId = String(u?.accountId ?? '');
				if (!store.getUser(accountId))
					throw errors.badRequest(`No user with accountId ${accountId}.`);
				return accountId;
			});
			const groupList = Array.isArray(update.restrictions?.group)
				? (update.restrictions?.group as Array<{ id?: unknown; name?: unknown }>)
				: [];
			const groups = groupList.map((g) => {
				const group = [...store.groups.values()].find((x) => x.id === g?.id || x.name === g?.name);
				if (!group) throw errors.badRequest(`No group ${String(g?.id ?? g?.name)}.`);
				return group.id;
			});
			return { operation: update.operation as Operation, users, groups };
		});
	};

	const merge = (a: RestrictionSet, users: string[], groups: string[]): RestrictionSet => ({
		users: [...new Set([...a.users, ...users])],
		groups: [...new Set([...a.groups, ...groups])],
	});

	router.get(BASE, (req) => presentAll(req, viewable(req)));

	router.put(BASE, (req) => {
		const item = manageable(req);
		const updates = parseUpdates(req);
		for (const op of OPERATIONS) {
			const update = updates.find((u) => u.operation === op);
			store.setRestriction(
				item.id,
				op,
				{ users: update?.users ?? [], groups: update?.groups ?? [] },
				ctx.write(req),
			);
		}
		return presentAll(req, item);
	});

	router.post(BASE, (req) => {
		const item = manageable(req);
		for (const update of parseUpdates(req)) {
			store.setRestriction(
				item.id,
				update.operation,
				merge(item.restrictions[update.operation], update.users, update.groups),
				ctx.write(req),
			);
		}
		return presentAll(req, item);
	});

	router.delete(BASE, (req) => {
		const item = manageable(req);
		for (const op of OPERATIONS)
			store.setRestriction(item.id, op, { users: [], groups: [] }, ctx.write(req));
		return presentAll(req, item);
	});

	router.get(`${BASE}/byOperation`, (req) => {
		const item = viewable(req);
		return json({
			read: presentRestriction(item, 'read'),
			update: presentRestriction(item, 'update'),
			_links: { base: `${ctx.baseUrl}/wiki`, context: '/wiki' },
		});
	});

	router.get(`${BASE}/byOperation/{operationKey}`, (req) =>
		json(presentRestriction(viewable(req), operationParam(req))),
	);

	const userParam = (req: SimRequest): string => {
		const accountId = queryString(req.query, 'accountId');
		if (!accountId || !store.getUser(accountId))
			throw errors.badRequest('A valid accountId query parameter is required.');
		return accountId;
	};

	router.get(`${BASE}/byOperation/{operationKey}/user`, (req) => {
		const item = viewable(req);
		const op = operationParam(req);
		const accountId = userParam(req);
		if (!item.restrictions[op].users.includes(accountId)) throw errors.notFound();
		return { status: 200 };
	});
	router.put(`${BASE}/byOperation/{operationKey}/user`, (req) => {
		const item = manageable(req);
		const op = operationParam(req);
		store.setRestriction(
			item.id,
			op,
			merge(item.restrictions[op], [userParam(req)], []),
			ctx.write(req),
		);
		return { status: 200 };
	});
	router.delete(`${BASE}/byOperation/{operationKey}/user`, (req) => {
		const item = manageable(req);
		const op = operationParam(req);
		// removeUserFromContentRestriction documents only 200 and 404: an unknown user is "not found" here.
		const accountId = queryString(req.query, 'accountId');
		if (!accountId || !store.getUser(accountId)) throw errors.notFound();
		const set = item.restrictions[op];
		store.setRestriction(
			item.id,
			op,
			{ users: set.users.filter((u) => u !== accountId), groups: set.groups },
			ctx.write(req),
		);
		return { status: 200 };
	});

	const groupParam = (req: SimRequest): string => {
		const group = store.groups.get(req.params.groupId);
		if (!group) throw errors.notFound();
		return group.id;
	};
	router.get(`${BASE}/byOperation/{operationKey}/byGroupId/{groupId}`, (req) => {
		const item = viewable(req);
		const op = operationParam(req);
		if (!item.restrictions[op].groups.includes(groupParam(req))) throw errors.notFound();
		return { status: 200 };
	});
	router.put(`${BASE}/byOperation/{operationKey}/byGroupId/{groupId}`, (req) => {
		const item = manageable(req);
		const op = operationParam(req);
		store.setRestriction(
			item.id,
			op,
			merge(item.restrictions[op], [], [groupParam(req)]),
			ctx.write(req),
		);
		return { status: 200 };
	});
	router.delete(`${BASE}/byOperation/{operationKey}/byGroupId/{groupId}`, (req) => {
		const item = manageable(req);
		const op = operationParam(req);
		const groupId = groupParam(req);
		const set = item.restrictions[op];
		store.setRestriction(
			item.id,
			op,
			{ users: set.users, groups: set.groups.filter((g) => g !== groupId) },
			ctx.write(req),
		);
		return { status: 200 };
	});
}
