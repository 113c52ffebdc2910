/* Data Center's own answers where its REST API differs from what Cloud's v1 still serves: content and spaces (removed
 * from Cloud's v1, 410 there), the current user (usernames, no account IDs) and the server information. Templates carry
 * the internal `/wiki` prefix the flavour's requests are rewritten to (server.ts), so every v1 presenter works unchanged. */
import type { SimContext } from '../context';
import {
	ApiError,
	bodyObject,
	errors,
	json,
	noContent,
	queryInteger,
	queryList,
	queryString,
	type SimRequest,
} from '../http';
import { parseExpand, presentV1Content } from '../routeHelpers';
import type { Router } from '../router';
import { parseWriteBody } from '../routes/content';
import type { ContentItem, PropertyRecord, UserRecord } from '../store';
import { presentV1ContentRef, presentV1Label, presentV1Space } from '../presenters';
import { DATA_CENTER_DEMO, type DataCenterLogins } from './state';

const V1 = '/wiki/rest/api';
type Kind = 'page' | 'blogpost';

function kindOf(value: unknown): Kind {
	const type = value === undefined ? 'page' : String(value);
	if (type !== 'page' && type !== 'blogpost') {
		throw errors.badRequest(`Content type ${type} is not supported here.`);
	}
	return type;
}

/** Data Center's v1 User: a username and a user key, no account ID (https://developer.atlassian.com/server/confluence/rest/v1000/api-group-user/). */
export function presentDataCenterUser(
	ctx: SimContext,
	logins: DataCenterLogins,
	user: UserRecord,
): Record<string, unknown> {
	const username = logins.usernameOf(user.accountId) ?? user.email.split('@')[0];
	return {
		type: 'known',
		username,
		userKey: user.accountId,
		profilePicture: {
			path: '/images/icons/profilepics/default.svg',
			width: 48,
			height: 48,
			isDefault: true,
		},
		displayName: user.displayName,
		_links: { self: `${ctx.baseUrl}${V1}/user?key=${encodeURIComponent(user.accountId)}` },
		_expandable: { status: '' },
	};
}

export function registerDataCenterRoutes(
	router: Router,
	ctx: SimContext,
	logins: DataCenterLogins,
): void {
	const { store } = ctx;

	router.get(`${V1}/server-information`, () =>
		json({
			baseUrl: `${ctx.baseUrl}/wiki`,
			version: DATA_CENTER_DEMO.version,
			buildNumber: DATA_CENTER_DEMO.buildNumber,
			marketplaceBuildNumber: DATA_CENTER_DEMO.buildNumber,
			buildDate: '2026-01-15T00:00:00.000Z',
		}),
	);

	router.get(`${V1}/user/current`, (req) =>
		json(
			req.auth.user
				? presentDataCenterUser(ctx, logins, req.auth.user)
				: {
						type: 'anonymous',
						profilePicture: {
							path: '/images/icons/profilepics/anonymous.svg',
							width: 48,
							height: 48,
							isDefault: true,
						},
						displayName: 'Anonymous',
						_links: { self: `${ctx.baseUrl}${V1}/user/anonymous` },
					},
		),
	);

	// One user by user key or username (https://developer.atlassian.com/server/confluence/rest/v910/api-group-user).
	router.get(`${V1}/user`, (req) => {
		ctx.user(req);
		const key = queryString(req.query, 'key');
		const username = queryString(req.query, 'username');
		if (!key && !username) throw errors.badRequest('A username or a key is required.');
		const user = [...store.users.values()].find((candidate) =>
			key
				? candidate.accountId === key
				: presentDataCenterUser(ctx, logins, candidate).username === username,
		);
		if (!user) {
			throw errors.notFound(
				'Not Found',
				`No user found with ${key ? `key: ${key}` : `username: ${String(username)}`}`,
			);
		}
		return json(presentDataCenterUser(ctx, logins, user));
	});

	const viewable = (req: SimRequest, id: string): ContentItem => {
		const item = /^(?:att)?\d+$/.test(id) ? store.get(id) : undefined;
		if (!item || !store.canView(ctx.user(req).accountId, item)) {
			throw errors.notFound('Not Found', `No content found with id: ContentId{id=${id}}`);
		}
		return item;
	};

	const present = (
		req: SimRequest,
		item: ContentItem,
		version?: ContentItem['versions'][number],
	): Record<string, unknown> => {
		const expand = parseExpand(req.query);
		const content = presentV1Content(ctx, item, { expand, version, viewer: ctx.user(req) });
		if (item.type !== 'comment') return content;
		// A comment's `extensions.location` says footer or inline (omar16100/atlassian-cli#122), and a reply's container
		// is the page, its parent comment one of its `ancestors` (sooperset/mcp-atlassian#1414).
		const container = store.commentContainer(item);
		return {
			...content,
			extensions: {
				location: item.comment?.location ?? 'footer',
				...(expand.has('extensions.inlineProperties') && item.comment?.location === 'inline'
					? {
							inlineProperties: {
								originalSelection: item.comment.textSelection,
								markerRef: item.comment.markerRef,
							},
						}
					: {}),
			},
			...(expand.has('container') && container
				? { container: presentV1ContentRef(ctx.baseUrl, store, container) }
				: {}),
		};
	};

	// A single object carries the site's base and context path in its `_links`, as list envelopes do
	// (https://developer.atlassian.com/server/confluence/confluence-rest-api-examples/).
	const single = (
		req: SimRequest,
		item: ContentItem,
		version?: ContentItem['versions'][number],
	) => {
		const content = present(req, item, version);
		return {
			...content,
			_links: {
				...(content._links as Record<string, string>),
				base: `${ctx.baseUrl}/wiki`,
				context: '/wiki',
			},
		};
	};

	router.get(`${V1}/content`, (req) => {
		const user = ctx.user(req);
		const type = kindOf(queryString(req.query, 'type'));
		const status = queryString(req.query, 'status') ?? 'current';
		const title = queryString(req.query, 'title');
		const keys = queryList(req.query, 'spaceKey');
		const spaceIds = keys.map((key) => store.spaceByKey(key)?.id ?? '');
		const items = store
			.list(type)
			.filter(
				(item) =>
					(status === 'any' || item.status === status) &&
					(title === undefined || item.title === title) &&
					(!keys.length || spaceIds.includes(item.spaceId)) &&
					store.canView(user.accountId, item),
			)
			.sort((a, b) => Number(a.id) - Number(b.id));
		return ctx.paginateV1(req, items, {
			defaultLimit: 25,
			maxLimit: 200,
			map: (item) => present(req, item),
		});
	});

	router.get(`${V1}/content/{id}`, (req) => {
		const item = viewable(req, req.params.id);
		const status = queryString(req.query, 'status') ?? 'current';
		const versionNumber = queryInteger(req.query, 'version', { min: 1 });
		if (versionNumber !== undefined) {
			const version = item.versions.find((v) => v.number === versionNumber);
			if (!version)
				throw errors.notFound('Not Found', `No content found with id: ContentId{id=${item.id}}`);
			return json(single(req, item, version));
		}
		// Trashed content is found only when asked for by status (https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource/).
		if (
			status !== 'any' &&
			item.status !== status &&
			!(status === 'current' && item.status === 'archived')
		) {
			throw errors.notFound('Not Found', `No content found with id: ContentId{id=${item.id}}`);
		}
		return json(single(req, item));
	});

	/**
	 * A footer comment is content of type `comment` with its page or blog post as `container`; a reply names its parent
	 * comment in `ancestors` (sooperset/mcp-atlassian#1414). Inline comments cannot be made here: Data Center answers 400
	 * (atlassian-api/atlassian-python-api#1675).
	 */
	const createComment = (req: SimRequest, body: Record<string, unknown>) => {
		const user = ctx.user(req);
		const extensions = body.extensions as Record<string, unknown> | undefined;
		if (extensions?.location === 'inline') {
			throw errors.badRequest('Inline comments cannot be created through the REST API.');
		}
		const containerId = String((body.container as Record<string, unknown> | undefined)?.id ?? '');
		const container = viewable(req, containerId);
		if (container.type !== 'page' && container.type !== 'blogpost') {
			throw errors.badRequest(`Cannot comment on content ${containerId}.`);
		}
		const ancestors = (body.ancestors as Array<Record<string, unknown>> | undefined) ?? [];
		const parentId = ancestors.length ? String(ancestors[ancestors.length - 1].id) : undefined;
		if (parentId) {
			const parent = viewable(req, parentId);
			if (parent.type !== 'comment' || store.commentContainer(parent)?.id !== container.id) {
				throw errors.badRequest(`The comment ${parentId} is not on content ${containerId}.`);
			}
		}
		const parsed = parseWriteBody(body.body, ['storage']);
		if (!parsed?.value) throw errors.badRequest('A comment needs a body.');
		const comment = store.addComment(
			{
				containerId: parentId ? undefined : container.id,
				parentCommentId: parentId,
				body: parsed.value,
				representation: 'storage',
				authorId: user.accountId,
			},
			ctx.write(req),
		);
		return json(single(req, comment));
	};

	router.get(`${V1}/content/{id}/child/comment`, (req) => {
		const user = ctx.user(req);
		const container = viewable(req, req.params.id);
		const locations = queryList(req.query, 'location');
		const all = queryString(req.query, 'depth') === 'all';
		const comments = store
			.list('comment')
			.filter(
				(item) =>
					(all
						? store.commentContainer(item)?.id === container.id
						: item.containerId === container.id) &&
					(!locations.length || locations.includes(item.comment?.location ?? 'footer')) &&
					store.canView(user.accountId, item),
			)
			.sort((a, b) => Number(a.id) - Number(b.id));
		return ctx.paginateV1(req, comments, {
			defaultLimit: 25,
			maxLimit: 200,
			map: (item) => present(req, item),
		});
	});

	router.post(`${V1}/content`, (req) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		if (body.type === 'comment') return createComment(req, body);
		const kind = kindOf(body.type);
		const spaceKey = String((body.space as Record<string, unknown> | undefined)?.key ?? '');
		const space = store.spaceByKey(spaceKey);
		if (!space || !store.canViewSpace(user.accountId, space)) {
			throw errors.badRequest(`No space with key : ${spaceKey}`);
		}
		const ancestors = (body.ancestors as Array<Record<string, unknown>> | undefined) ?? [];
		const parentId = ancestors.length ? String(ancestors[ancestors.length - 1].id) : undefined;
		const parsed = parseWriteBody(body.body, ['storage']);
		const status = body.status === undefined ? 'current' : String(body.status);
		if (status !== 'current' && status !== 'draft')
			throw errors.badRequest(`Invalid status ${status}`);
		const item = store.createContent(
			kind,
			{
				spaceId: space.id,
				title: body.title === undefined ? '' : String(body.title),
				body: parsed?.value ?? '',
				representation: 'storage',
				parentId: kind === 'page' ? parentId : undefined,
				rootLevel: kind === 'blogpost',
				authorId: user.accountId,
				status,
			},
			ctx.write(req),
		);
		return json(single(req, item));
	});

	router.put(`${V1}/content/{id}`, (req) => {
		const user = ctx.user(req);
		const item = viewable(req, req.params.id);
		const body = bodyObject(req);
		const status = String(body.status ?? 'current');
		if (item.status === 'trashed' && status === 'current') {
			store.restore(item.id, ctx.write(req));
			return json(single(req, item));
		}
		if (item.status === 'trashed' || !store.canEdit(user.accountId, item)) {
			throw errors.notFound('Not Found', `No content found with id: ContentId{id=${item.id}}`);
		}
		const version = body.version as { number?: unknown; message?: unknown } | undefined;
		if (!version || typeof version.number !== 'number') {
			throw errors.badRequest(
				'Must supply an incremented version when updating Content. No version supplied.',
			);
		}
		const current = store.current(item);
		if (version.number !== current.number + 1) {
			throw errors.conflict(
				`Version must be incremented when updating a page. Current Version: [${current.number}]. Provided version: [${version.number}]`,
			);
		}
		const ancestors = (body.ancestors as Array<Record<string, unknown>> | undefined) ?? [];
		const parsed = parseWriteBody(body.body, ['storage']);
		store.updateContent(
			item.id,
			{
				title: body.title === undefined ? current.title : String(body.title),
				body: parsed?.value,
				representation: parsed ? 'storage' : undefined,
				message: version.message === undefined ? '' : String(version.message),
				authorId: user.accountId,
				parentId: ancestors.length ? String(ancestors[ancestors.length - 1].id) : undefined,
			},
			ctx.write(req),
		);
		return json(single(req, item));
	});

	router.delete(`${V1}/content/{id}`, (req) => {
		const user = ctx.user(req);
		const item = viewable(req, req.params.id);
		if (!store.canEdit(user.accountId, item)) throw errors.forbidden();
		const status = queryString(req.query, 'status');
		// Only pages and blog posts have a trash; other content is purged at once ("Trashes or purges a piece of Content,
		// based on its ContentType and ContentStatus", https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource).
		if (item.type === 'comment') {
			store.deleteContent(item.id, ctx.write(req));
			return noContent();
		}
		// Whether an attachment has a trash is not documented (REALITY.md dc-attachment-delete): the variant decides.
		if (
			item.type === 'attachment' &&
			item.status !== 'trashed' &&
			ctx.settings.dcAttachmentDelete === 'purge'
		) {
			store.deleteContent(item.id, ctx.write(req));
			return noContent();
		}
		// A trashed item is purged only when `status=trashed` says so; otherwise it is not found among current content.
		if (item.status === 'trashed') {
			if (status !== 'trashed') {
				throw errors.notFound('Not Found', `No content found with id: ContentId{id=${item.id}}`);
			}
			store.purge(item.id, ctx.write(req));
			return noContent();
		}
		store.trash(item.id, ctx.write(req));
		return noContent();
	});

	/**
	 * Restrictions are set as a whole: `PUT /rest/api/content/{id}/restriction` replaces both operations with what it is
	 * given, in the form `GET` answers or with the `{results}` wrappers stripped; users by `userKey` or `username`, groups
	 * by `name` (ContentRestrictionResource.updateRestrictions,
	 * https://docs.atlassian.com/ConfluenceServer/javadoc/8.8.0/com/atlassian/confluence/plugins/restapi/resources/ContentRestrictionResource.html).
	 */
	router.put(`${V1}/content/{id}/restriction`, (req) => {
		const user = ctx.user(req);
		const item = viewable(req, req.params.id);
		if (item.type !== 'page' && item.type !== 'blogpost') {
			throw errors.badRequest(
				'Setting per-content restrictions is allowed for pages or blog posts only.',
			);
		}
		if (!store.canEdit(user.accountId, item)) throw errors.forbidden();
		const raw = req.body as unknown;
		const entries = Array.isArray(raw)
			? raw
			: ((raw as { results?: unknown } | undefined)?.results as unknown[] | undefined);
		if (!Array.isArray(entries))
			throw errors.badRequest('Expected a list of content restrictions.');
		const listOf = (field: unknown): Array<Record<string, unknown>> =>
			(Array.isArray(field)
				? field
				: ((field as { results?: unknown } | undefined)?.results ?? [])) as Array<
				Record<string, unknown>
			>;
		const sets = {
			read: { users: [] as string[], groups: [] as string[] },
			update: { users: [] as string[], groups: [] as string[] },
		};
		for (const entry of entries as Array<Record<string, unknown>>) {
			const operation = String(entry?.operation);
			if (operation !== 'read' && operation !== 'update') {
				throw errors.badRequest(`Unsupported restriction operation '${operation}'.`);
			}
			const restrictions = (entry.restrictions ?? {}) as Record<string, unknown>;
			for (const principal of listOf(restrictions.user)) {
				const found = [...store.users.values()].find(
					(candidate) =>
						(principal.userKey !== undefined &&
							candidate.accountId === String(principal.userKey)) ||
						(principal.username !== undefined &&
							logins.usernameOf(candidate.accountId) === String(principal.username)),
				);
				if (!found) {
					throw errors.badRequest(
						`No user with key or username ${String(principal.userKey ?? principal.username)}.`,
					);
				}
				sets[operation].users.push(found.accountId);
			}
			for (const principal of listOf(restrictions.group)) {
				const found = [...store.groups.values()].find(
					(group) => group.name === String(principal.name),
				);
				if (!found) throw errors.badRequest(`No group ${String(principal.name)}.`);
				sets[operation].groups.push(found.id);
			}
		}
		for (const operation of ['read', 'update'] as const) {
			store.setRestriction(item.id, operation, sets[operation], ctx.write(req));
		}
		const results = (['read', 'update'] as const).map((operation) => ({
			operation,
			restrictions: {
				user: {
					results: item.restrictions[operation].users
						.map((id) => store.getUser(id))
						.filter((found): found is UserRecord => found !== undefined)
						.map((found) => presentDataCenterUser(ctx, logins, found)),
				},
				group: {
					results: item.restrictions[operation].groups
						.map((id) => store.groups.get(id))
						.filter((group) => group !== undefined)
						.map((group) => ({ type: 'group', name: group.name })),
				},
			},
		}));
		return json({ results, start: 0, limit: 100, size: results.length });
	});

	// Direct child pages in tree order (https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/, "child/{type}").
	router.get(`${V1}/content/{id}/child/page`, (req) => {
		const user = ctx.user(req);
		const parent = viewable(req, req.params.id);
		const children = store
			.treeChildren(parent.id)
			.filter(
				(item) =>
					item.type === 'page' && item.status === 'current' && store.canView(user.accountId, item),
			);
		return ctx.paginateV1(req, children, {
			defaultLimit: 25,
			maxLimit: 200,
			map: (item) => present(req, item),
		});
	});

	router.get(`${V1}/content/{id}/child/attachment`, (req) => {
		const user = ctx.user(req);
		const container = viewable(req, req.params.id);
		const filename = queryString(req.query, 'filename');
		// `filename` and `mediaType` filter the list (https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/).
		const mediaType = queryString(req.query, 'mediaType');
		const attachments = store
			.contained(container.id, 'attachment')
			.filter(
				(item) =>
					item.status === 'current' &&
					(filename === undefined || item.title === filename) &&
					(mediaType === undefined || store.current(item).file?.mediaType === mediaType) &&
					store.canView(user.accountId, item),
			);
		return ctx.paginateV1(req, attachments, {
			defaultLimit: 50,
			maxLimit: 200,
			map: (item) => present(req, item),
		});
	});

	// Data Center has no create-or-update PUT on the collection (atlassian-api/atlassian-python-api#1660).
	router.put(`${V1}/content/{id}/child/attachment`, () => {
		throw new ApiError(405, 'Method Not Allowed', { headers: { allow: 'GET, POST' } });
	});

	// The bytes behind `_links.download`, for a logged-in caller (CONFSERVER-94115: no REST download endpoint).
	router.get('/wiki/download/attachments/{containerId}/{fileName+}', (req) => {
		const user = ctx.user(req);
		const container = store.get(req.params.containerId);
		const attachment = container
			? store
					.contained(container.id, 'attachment')
					.find((item) => item.title === req.params.fileName && item.status === 'current')
			: undefined;
		if (!attachment || !store.canView(user.accountId, attachment)) {
			throw errors.notFound('Not Found', `No attachment found: ${req.params.fileName}`);
		}
		const asked = queryInteger(req.query, 'version', { min: 1 });
		const version =
			asked === undefined
				? store.current(attachment)
				: attachment.versions.find((candidate) => candidate.number === asked);
		if (!version?.file) throw errors.notFound('Not Found', `No such version: ${String(asked)}`);
		return {
			status: 200,
			raw: version.file.data,
			contentType: version.file.mediaType,
		};
	});

	router.get(`${V1}/content/{id}/label`, (req) => {
		const item = viewable(req, req.params.id);
		const prefix = queryString(req.query, 'prefix');
		const labels = store
			.labelsOf(item)
			.filter((label) => prefix === undefined || label.prefix === prefix);
		return ctx.paginateV1(req, labels, { defaultLimit: 200, maxLimit: 200, map: presentV1Label });
	});

	/** Whatever owns properties: a page or blog post (`content/{id}`), or a space (`space/{spaceKey}`). */
	interface PropertyOwnerAt {
		kind: PropertyRecord['ownerKind'];
		id: string;
		/** The owner in paths and messages: the content ID or the space key. */
		name: string;
		canEdit: boolean;
	}

	const presentProperty = (owner: PropertyOwnerAt, property: PropertyRecord) => {
		const author = store.getUser(property.version.authorId);
		return {
			id: property.id,
			key: property.key,
			value: property.value,
			version: {
				when: property.version.createdAt.toISOString(),
				message: property.version.message,
				number: property.version.number,
				minorEdit: property.version.minorEdit,
				...(author ? { by: presentDataCenterUser(ctx, logins, author) } : {}),
			},
			_links: {
				self: `${ctx.baseUrl}${V1}/${owner.kind}/${owner.name}/property/${encodeURIComponent(property.key)}`,
			},
		};
	};

	/**
	 * Properties by key under their owner (ContentPropertyResource and SpacePropertyResource): an update carries the
	 * current version number + 1, else 409.
	 */
	const registerProperties = (base: string, ownerOf: (req: SimRequest) => PropertyOwnerAt) => {
		const propertyOf = (req: SimRequest, owner: PropertyOwnerAt): PropertyRecord => {
			const found = store.propertiesOf(owner.kind, owner.id).find((p) => p.key === req.params.key);
			if (!found) {
				throw errors.notFound(
					'Not Found',
					`Cannot find property with key: ${req.params.key} for ${owner.kind}: ${owner.name}`,
				);
			}
			return found;
		};
		const editable = (req: SimRequest) => {
			const owner = ownerOf(req);
			if (!owner.canEdit) throw errors.forbidden();
			return owner;
		};
		router.get(base, (req) => {
			const owner = ownerOf(req);
			return ctx.paginateV1(req, store.propertiesOf(owner.kind, owner.id), {
				defaultLimit: 10,
				maxLimit: 200,
				map: (property) => presentProperty(owner, property),
			});
		});
		router.post(base, (req) => {
			const owner = editable(req);
			const body = bodyObject(req);
			const property = store.createProperty(
				owner.kind,
				owner.id,
				String(body.key ?? ''),
				body.value,
				ctx.write(req),
			);
			return json(presentProperty(owner, property));
		});
		router.get(`${base}/{key}`, (req) => {
			const owner = ownerOf(req);
			return json(presentProperty(owner, propertyOf(req, owner)));
		});
		router.put(`${base}/{key}`, (req) => {
			const owner = editable(req);
			const property = propertyOf(req, owner);
			const body = bodyObject(req);
			const version = body.version as { number?: unknown; message?: unknown } | undefined;
			if (typeof version?.number !== 'number') {
				throw errors.badRequest('Version number is required.');
			}
			if (version.number !== property.version.number + 1) {
				throw errors.conflict(
					`Version must be incremented on update. Current version is: ${property.version.number}`,
				);
			}
			const updated = store.updateProperty(
				property.id,
				{
					value: body.value,
					message: version.message === undefined ? '' : String(version.message),
				},
				ctx.write(req),
			);
			return json(presentProperty(owner, updated));
		});
		router.delete(`${base}/{key}`, (req) => {
			const owner = editable(req);
			store.deleteProperty(propertyOf(req, owner).id, ctx.write(req));
			return noContent();
		});
	};

	registerProperties(`${V1}/content/{id}/property`, (req) => {
		const item = viewable(req, req.params.id);
		return {
			kind: 'content',
			id: item.id,
			name: item.id,
			canEdit: store.canEdit(ctx.user(req).accountId, item),
		};
	});

	// Space properties (https://docs.atlassian.com/atlassian-confluence/6.2.0/com/atlassian/confluence/plugins/restapi/resources/SpacePropertyResource.html).
	registerProperties(`${V1}/space/{spaceKey}/property`, (req) => {
		const user = ctx.user(req);
		const space = store.spaceByKey(req.params.spaceKey);
		if (!space || !store.canViewSpace(user.accountId, space)) {
			throw errors.notFound('Not Found', `No space found with key : ${req.params.spaceKey}`);
		}
		return { kind: 'space', id: space.id, name: space.key, canEdit: true };
	});

	router.get(`${V1}/space`, (req) => {
		const user = ctx.user(req);
		const keys = queryList(req.query, 'spaceKey');
		const type = queryString(req.query, 'type');
		const status = queryString(req.query, 'status');
		const spaces = [...store.spaces.values()]
			.sort((a, b) => Number(a.id) - Number(b.id))
			.filter(
				(space) =>
					store.canViewSpace(user.accountId, space) &&
					(!keys.length || keys.includes(space.key)) &&
					(!type || (type === 'personal') === (space.type === 'personal')) &&
					(!status || space.status === status),
			);
		// `expand=metadata.labels` brings each space's labels (the Space's `metadata.labels`,
		// https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource).
		const withLabels = parseExpand(req.query).has('metadata.labels');
		return ctx.paginateV1(req, spaces, {
			defaultLimit: 25,
			maxLimit: 500,
			map: (space) => {
				const presented = presentV1Space(ctx.baseUrl, store, space);
				if (!withLabels) return presented;
				const labels = store.labelsOf(space).map(presentV1Label);
				return {
					...presented,
					metadata: { labels: { results: labels, start: 0, limit: 200, size: labels.length } },
				};
			},
		});
	});

	// A space's pages (all, or `depth=root` for the top level) or blog posts
	// (https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/, "space/{spaceKey}/content/{type}").
	router.get(`${V1}/space/{spaceKey}/content/{type}`, (req) => {
		const user = ctx.user(req);
		const space = store.spaceByKey(req.params.spaceKey);
		if (!space || !store.canViewSpace(user.accountId, space)) {
			throw errors.notFound('Not Found', `No space found with key : ${req.params.spaceKey}`);
		}
		const type = kindOf(req.params.type);
		const root = type === 'page' && queryString(req.query, 'depth') === 'root';
		const items = store
			.list(type)
			.filter(
				(item) =>
					item.spaceId === space.id &&
					item.status === 'current' &&
					(!root || !item.parentId) &&
					store.canView(user.accountId, item),
			)
			.sort((a, b) => Number(a.id) - Number(b.id));
		return ctx.paginateV1(req, items, {
			defaultLimit: 25,
			maxLimit: 200,
			map: (item) => present(req, item),
		});
	});

	router.get(`${V1}/space/{spaceKey}`, (req) => {
		const user = ctx.user(req);
		const space = store.spaceByKey(req.params.spaceKey);
		if (!space || !store.canViewSpace(user.accountId, space)) {
			throw errors.notFound('Not Found', `No space found with key : ${req.params.spaceKey}`);
		}
		return json(presentV1Space(ctx.baseUrl, store, space));
	});
}
