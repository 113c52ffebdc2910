/* Spaces: v2 reads (+ experimental v2 create), v1 create / _private / update / delete (202 long task), long tasks,
 * space labels (v2 reads, v1 experimental writes). */
import type { SimContext } from '../context';
import {
	bodyObject,
	errors,
	json,
	queryBoolean,
	queryEnum,
	queryList,
	queryString,
	type SimRequest,
} from '../http';
import {
	presentLabel,
	presentSpace,
	presentSpaceProperty,
	presentV1Label,
	presentV1Space,
} from '../presenters';
import type { Router } from '../router';
import {
	SPACE_PERMISSION_GRANTS,
	validateLabelName,
	type LabelRecord,
	type LongTaskRecord,
	type SpaceRecord,
	type UserRecord,
} from '../store';
import { listLabels } from './content';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const visibleSpace = (req: SimRequest, id: string): SpaceRecord => {
		if (!/^\d+$/.test(id)) {
			throw errors.invalidParameter(
				"Provided value for 'id' is not the correct type. Expected type is long.",
			);
		}
		const space = store.getSpace(id);
		if (!space || !store.canViewSpace(ctx.user(req).accountId, space)) throw errors.notFound();
		return space;
	};

	const visibleSpaceByKey = (req: SimRequest, key: string): SpaceRecord => {
		const space = store.spaceByKey(key);
		if (!space || !store.canViewSpace(ctx.user(req).accountId, space)) {
			throw errors.notFound(
				'Not Found',
				`com.atlassian.confluence.api.service.exceptions.NotFoundException: No space with key : ${key}`,
			);
		}
		return space;
	};

	const spaceOperations = (user: UserRecord, space: SpaceRecord) => {
		const ops = [{ operation: 'read', targetType: 'space' }];
		for (const p of space.permissions) {
			const applies =
				(p.principal.type === 'user' && p.principal.id === user.accountId) ||
				(p.principal.type === 'group' && user.groups.includes(p.principal.id));
			if (!applies || (p.operation.key === 'read' && p.operation.targetType === 'space')) continue;
			if (
				!ops.some((o) => o.operation === p.operation.key && o.targetType === p.operation.targetType)
			) {
				ops.push({ operation: p.operation.key, targetType: p.operation.targetType });
			}
		}
		return ops;
	};

	const descriptionFormat = (req: SimRequest) =>
		queryEnum(req.query, 'description-format', ['plain', 'view'] as const);

	router.get(`${V2}/spaces`, (req) => {
		const user = ctx.user(req);
		const ids = queryList(req.query, 'ids');
		const keys = queryList(req.query, 'keys').map((k) => k.toUpperCase());
		if (ids.length > 250 || keys.length > 250) {
			throw errors.invalidParameter(
				'Provided value for ids/keys has too many items. Maximum is 250.',
			);
		}
		const type = queryEnum(req.query, 'type', [
			'global',
			'collaboration',
			'knowledge_base',
			'personal',
			'system',
			'onboarding',
			'xflow_sample_space',
		] as const);
		const status = queryEnum(req.query, 'status', ['current', 'archived'] as const);
		const labels = queryList(req.query, 'labels').map((l) => l.toLowerCase());
		const format = descriptionFormat(req);
		const includeIcon = queryBoolean(req.query, 'include-icon');
		queryString(req.query, 'not-favorited-by');
		const favoritedBy = queryString(req.query, 'favorited-by');
		const spaces = [...store.spaces.values()].filter(
			(space) =>
				store.canViewSpace(user.accountId, space) &&
				(ids.length === 0 || ids.includes(space.id)) &&
				(keys.length === 0 || keys.includes(space.key.toUpperCase())) &&
				(!type || space.type === type) &&
				(!status || space.status === status) &&
				(labels.length === 0 || store.labelsOf(space).some((l) => labels.includes(l.name))) &&
				// nobody favourites spaces in the simulator
				!favoritedBy,
		);
		return ctx.paginateV2(req, spaces, {
			sorts: { id: (s) => Number(s.id), key: (s) => s.key, name: (s) => s.name },
			defaultSort: 'id',
			map: (space) => presentSpace(space, { descriptionFormat: format, includeIcon }),
		});
	});

	router.get(`${V2}/spaces/{id}`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpace(req, req.params.id);
		const out = presentSpace(space, {
			descriptionFormat: descriptionFormat(req),
			includeIcon: queryBoolean(req.query, 'include-icon'),
		});
		const block = <T>(items: T[], map: (t: T) => unknown, self: string) => ({
			results: items.slice(0, 50).map(map),
			meta: { hasMore: items.length > 50 },
			_links: { self },
		});
		const base = `${V2}/spaces/${space.id}`;
		if (queryBoolean(req.query, 'include-operations'))
			out.operations = block(spaceOperations(user, space), (o) => o, `${base}/operations`);
		if (queryBoolean(req.query, 'include-properties')) {
			out.properties = block(
				store.propertiesOf('space', space.id),
				presentSpaceProperty,
				`${base}/properties`,
			);
		}
		if (queryBoolean(req.query, 'include-permissions'))
			out.permissions = block(space.permissions, (p) => p, `${base}/permissions`);
		if (queryBoolean(req.query, 'include-labels'))
			out.labels = block(store.labelsOf(space), presentLabel, `${base}/labels`);
		if (queryBoolean(req.query, 'include-role-assignments'))
			out.roleAssignments = block([], (r) => r, `${base}/role-assignments`);
		out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
		return json(out);
	});

	router.post(`${V2}/spaces`, (req) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		if (typeof body.name !== 'string' || body.name.trim() === '')
			throw errors.badRequest('name is required.');
		const key =
			typeof body.key === 'string'
				? body.key
				: typeof body.alias === 'string'
					? body.alias.replace(/[^A-Za-z0-9]/g, '').toUpperCase()
					: '';
		if (!key) throw errors.badRequest('key or alias is required.');
		const description = body.description as { value?: unknown } | undefined;
		const space = store.createSpace(
			{
				key,
				name: body.name,
				description: description && typeof description.value === 'string' ? description.value : '',
				authorId: user.accountId,
				private: body.createPrivateSpace === true,
			},
			ctx.write(req),
		);
		return json(
			{
				...presentSpace(space, {}),
				_links: { webui: `/spaces/${space.key}`, base: `${ctx.baseUrl}/wiki` },
			},
			201,
			{
				location: `${ctx.baseUrl}${V2}/spaces/${space.id}`,
			},
		);
	});

	router.get(`${V2}/spaces/{id}/permissions`, (req) => {
		const space = visibleSpace(req, req.params.id);
		return ctx.paginateV2(req, space.permissions, { map: (p) => p });
	});

	router.get(`${V2}/spaces/{id}/operations`, (req) => {
		const space = visibleSpace(req, req.params.id);
		return json({ operations: spaceOperations(ctx.user(req), space) });
	});

	router.get(`${V2}/spaces/{id}/labels`, (req) => {
		const space = visibleSpace(req, req.params.id);
		return listLabels(ctx, req, store.labelsOf(space), ['my', 'team']);
	});

	router.get(`${V2}/spaces/{id}/content/labels`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpace(req, req.params.id);
		const labels = new Map<string, LabelRecord>();
		for (const item of store.content.values()) {
			if (
				item.spaceId !== space.id ||
				item.status !== 'current' ||
				!store.canView(user.accountId, item)
			)
				continue;
			for (const label of store.labelsOf(item)) labels.set(label.id, label);
		}
		return listLabels(ctx, req, [...labels.values()], ['my', 'team']);
	});

	router.get(`${V2}/space-permissions`, (req) => {
		const permissions = SPACE_PERMISSION_GRANTS.map(([key, target]) => ({
			id: `${key}-${target}`,
			displayName: `${key} ${target}`,
			description: `Allows ${key} on ${target}`,
			requiredPermissionIds: key === 'read' ? [] : ['read-space'],
		}));
		return ctx.paginateV2(req, permissions, { map: (p) => p });
	});

	// ------------------------------------------------------------------ v1 space writes

	const createV1 = (isPrivate: boolean) => (req: SimRequest) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		if (typeof body.name !== 'string' || body.name.trim() === '')
			throw errors.badRequest('The space name is required.');
		if (body.name.length > 200)
			throw errors.badRequest('Space name must be 200 characters or fewer.');
		const key =
			typeof body.key === 'string' && body.key !== ''
				? body.key
				: typeof body.alias === 'string'
					? body.alias
					: undefined;
		if (!key) throw errors.badRequest('A space key (or alias) is required.');
		if (!/^[A-Za-z0-9]+$/.test(key)) {
			throw errors.badRequest(
				`Space key '${key}' is invalid. Space keys may only contain letters and numbers.`,
			);
		}
		if (store.spaceByKey(key)) throw errors.badRequest(`A space already exists with key ${key}`);
		const description = (body.description as { plain?: { value?: unknown } } | undefined)?.plain
			?.value;
		const space = store.createSpace(
			{
				key,
				name: body.name,
				description: typeof description === 'string' ? description : '',
				authorId: user.accountId,
				private: isPrivate,
			},
			ctx.write(req),
		);
		return json(presentV1Space(ctx.baseUrl, store, space));
	};
	router.post(`${V1}/space`, createV1(false));
	router.post(`${V1}/space/_private`, createV1(true));

	router.put(`${V1}/space/{spaceKey}`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpaceByKey(req, req.params.spaceKey);
		if (!store.hasSpacePermission(user.accountId, space, 'administer', 'space'))
			throw errors.forbidden('You do not have permission to edit this space.');
		const body = bodyObject(req);
		const old = space.name;
		if (typeof body.name === 'string' && body.name.trim() !== '') space.name = body.name;
		const description = (body.description as { plain?: { value?: unknown } } | undefined)?.plain
			?.value;
		if (typeof description === 'string') space.description = description;
		if (body.homepage && typeof body.homepage === 'object') {
			const homepageId = String((body.homepage as { id?: unknown }).id ?? '');
			const homepage = store.get(homepageId);
			if (!homepage || homepage.spaceId !== space.id || homepage.type !== 'page')
				throw errors.badRequest('Homepage must be a page in this space.');
			space.homepageId = homepage.id;
		}
		store.recordAudit(
			{
				summary: 'Space details updated',
				category: 'Spaces',
				affectedObject: { name: space.name, objectType: 'Space' },
				changedValues:
					old !== space.name ? [{ name: 'Name', oldValue: old, newValue: space.name }] : [],
			},
			ctx.write(req),
		);
		return json(presentV1Space(ctx.baseUrl, store, space));
	});

	router.delete(`${V1}/space/{spaceKey}`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpaceByKey(req, req.params.spaceKey);
		if (!store.hasSpacePermission(user.accountId, space, 'administer', 'space')) {
			throw errors.notFound(
				'Not Found',
				`com.atlassian.confluence.api.service.exceptions.NotFoundException: No space with key : ${space.key}`,
			);
		}
		const write = ctx.write(req);
		const task = store.createLongTask({
			key: 'com.atlassian.confluence.space.delete.task',
			args: [space.name],
			onFinish: () => {
				if (store.getSpace(space.id)) store.deleteSpace(space.id, write);
			},
		});
		return json(
			{
				ari: `ari:cloud:confluence::task/${task.id}`,
				id: task.id,
				links: { status: `/rest/api/longtask/${task.id}` },
			},
			202,
		);
	});

	const presentTask = (task: LongTaskRecord) => ({
		ari: `ari:cloud:confluence::task/${task.id}`,
		id: task.id,
		// the spec types message args as objects
		name: { key: task.name.key, args: task.name.args.map((value) => ({ value })) },
		elapsedTime: Math.max(0, store.now().getTime() - task.createdAt.getTime()),
		percentageComplete: store.longTaskPercentage(task),
		successful: task.successful,
		finished: task.finished,
		messages: task.messages,
		errors: task.errors,
		status: task.finished ? (task.successful ? 'COMPLETED' : 'FAILED') : 'IN_PROGRESS',
		_links: { self: `${ctx.baseUrl}/wiki/rest/api/longtask/${task.id}` },
	});

	router.get(`${V1}/longtask/{id}`, (req) => {
		ctx.user(req);
		const task = store.longTasks.get(req.params.id);
		if (!task)
			throw errors.notFound(
				'Not Found',
				`com.atlassian.confluence.api.service.exceptions.NotFoundException: No long task with id ${req.params.id}`,
			);
		store.pollLongTask(task);
		return json(presentTask(task));
	});

	router.get(`${V1}/longtask`, (req) => {
		ctx.user(req);
		const tasks = [...store.longTasks.values()].reverse();
		return ctx.paginateV1(req, tasks, { defaultLimit: 100, map: presentTask });
	});

	// ------------------------------------------------------------------ v1 space labels (EXPERIMENTAL in the spec)

	router.get(`${V1}/space/{spaceKey}/label`, (req) => {
		const space = visibleSpaceByKey(req, req.params.spaceKey);
		const prefix = queryEnum(req.query, 'prefix', ['global', 'my', 'team'] as const);
		const labels = store.labelsOf(space).filter((l) => !prefix || l.prefix === prefix);
		return ctx.paginateV1(req, labels, { defaultLimit: 200, map: presentV1Label });
	});

	router.post(`${V1}/space/{spaceKey}/label`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpaceByKey(req, req.params.spaceKey);
		if (!store.hasSpacePermission(user.accountId, space, 'administer', 'space'))
			throw errors.forbidden();
		const raw = Array.isArray(req.body) ? req.body : [req.body];
		for (const entry of raw) {
			const label = entry as { prefix?: unknown; name?: unknown };
			if (!label || typeof label.name !== 'string')
				throw errors.badRequest('Each label needs a name.');
			validateLabelName(label.name);
			const prefix = label.prefix === undefined ? 'global' : String(label.prefix);
			if (!['global', 'my', 'team'].includes(prefix))
				throw errors.badRequest(`Invalid label prefix '${prefix}'.`);
			store.addSpaceLabel(space.id, label.name, prefix as LabelRecord['prefix']);
		}
		return ctx.paginateV1(req, store.labelsOf(space), { defaultLimit: 200, map: presentV1Label });
	});

	router.delete(`${V1}/space/{spaceKey}/label`, (req) => {
		const user = ctx.user(req);
		const space = visibleSpaceByKey(req, req.params.spaceKey);
		if (!store.hasSpacePermission(user.accountId, space, 'administer', 'space'))
			throw errors.forbidden();
		const name = (queryString(req.query, 'name') ?? '').toLowerCase();
		const prefix = queryString(req.query, 'prefix');
		const index = space.labelIds.findIndex((id) => {
			const label = store.labels.get(id);
			return label?.name === name && (!prefix || label.prefix === prefix);
		});
		if (index < 0) throw errors.notFound();
		space.labelIds.splice(index, 1);
		return { status: 204 };
	});
}
