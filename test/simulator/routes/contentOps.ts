/* v1 content operations that have no v2 form: restore a version (POST /content/{id}/version), delete a historical
 * version, move a page relative to another (before/after/append, across spaces too), copy a single page, and copy a
 * page hierarchy as a long task (202; the copy happens when the task finishes, polled via /longtask/{id}). */
import type { SimContext } from '../context';
import { ApiError, bodyObject, errors, json, noContent } from '../http';
import { parseExpand, presentV1Content, presentV1Version } from '../routeHelpers';
import type { Router } from '../router';
import {
	HIERARCHY_TYPES,
	type ContentItem,
	type SpaceRecord,
	type UserRecord,
	type WriteContext,
} from '../store';

const V1 = '/wiki/rest/api';

function v1BadRequest(message: string): ApiError {
	return new ApiError(400, message);
}

export interface CopyOptions {
	copyAttachments?: boolean;
	copyLabels?: boolean;
	copyProperties?: boolean;
	copyPermissions?: boolean;
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	/** 404 (v1 envelope) unless the content exists as one of `types` and the user can see it. */
	const viewable = (
		user: UserRecord,
		id: string,
		types: readonly ContentItem['type'][],
		notFound = () => errors.notFound(`No content found with id: ${id}`),
	): ContentItem => {
		const item = store.get(id);
		if (!item || !types.includes(item.type) || !store.canView(user.accountId, item))
			throw notFound();
		return item;
	};

	const requireEditable = (user: UserRecord, item: ContentItem) => {
		if (!store.canEdit(user.accountId, item)) {
			throw errors.forbidden('You do not have permission to edit this content.');
		}
	};

	const requireCreate = (user: UserRecord, space: SpaceRecord, type: 'page' | 'blogpost') => {
		if (
			!store.canViewSpace(user.accountId, space) ||
			!store.hasSpacePermission(user.accountId, space, 'create', type)
		) {
			throw errors.forbidden(`You do not have permission to create content in space ${space.key}.`);
		}
	};

	// ------------------------------------------------------------------------------------------ versions

	router.post(`${V1}/content/{id}/version`, (req) => {
		const user = ctx.user(req);
		const body = bodyObject(req);
		// The spec answers 400 (not 404) when the content does not exist.
		const item = viewable(user, req.params.id, ['page', 'blogpost', 'custom-content'], () =>
			v1BadRequest(`There is no content with the given id: ${req.params.id}`),
		);
		requireEditable(user, item);
		if (body.operationKey !== 'restore') throw v1BadRequest("operationKey must be 'restore'.");
		const params = (body.params ?? {}) as {
			versionNumber?: unknown;
			message?: unknown;
			restoreTitle?: unknown;
		};
		if (typeof params.versionNumber !== 'number' || !Number.isInteger(params.versionNumber)) {
			throw v1BadRequest('params.versionNumber is required.');
		}
		if (typeof params.message !== 'string') throw v1BadRequest('params.message is required.');
		const current = store.current(item);
		const old = item.versions.find((v) => v.number === params.versionNumber);
		if (!old)
			throw v1BadRequest(`There is no version ${params.versionNumber} of content ${item.id}.`);
		if (old === current) {
			throw v1BadRequest(`Version ${old.number} is the current version and cannot be restored.`);
		}
		store.updateContent(
			item.id,
			{
				title: params.restoreTitle === true ? old.title : undefined,
				body: old.body?.value ?? '',
				representation: old.body?.representation,
				message: params.message,
				authorId: user.accountId,
			},
			ctx.write(req),
		);
		const restored = store.current(item);
		const out = presentV1Version(ctx, item, restored);
		const expand = parseExpand(req.query);
		if (expand.has('content')) {
			out.content = presentV1Content(ctx, item, { viewer: user });
			delete (out._expandable as Record<string, string>).content;
		}
		return json(out);
	});

	router.delete(`${V1}/content/{id}/version/{versionNumber}`, (req) => {
		const user = ctx.user(req);
		const item = viewable(user, req.params.id, ['page', 'blogpost', 'custom-content'], () =>
			v1BadRequest(`There is no content with the given id: ${req.params.id}`),
		);
		requireEditable(user, item);
		const raw = req.params.versionNumber;
		const index = /^\d+$/.test(raw) ? item.versions.findIndex((v) => v.number === Number(raw)) : -1;
		if (index < 0) throw v1BadRequest(`There is no version ${raw} of content ${item.id}.`);
		if (index === item.versions.length - 1) {
			throw v1BadRequest('The current version cannot be deleted.');
		}
		// Every version holds the full content, so the deleted version's changes live on in the next one.
		const [removed] = item.versions.splice(index, 1);
		store.recordAudit(
			{
				summary: 'Historical version deleted',
				category: 'Content',
				affectedObject: {
					name: item.title,
					objectType: item.type === 'page' ? 'Page' : 'Blog post',
				},
				changedValues: [{ name: 'Version', oldValue: String(removed.number), newValue: '' }],
			},
			ctx.write(req),
		);
		return noContent();
	});

	// ------------------------------------------------------------------------------------------ move

	router.put(`${V1}/content/{pageId}/move/{position}/{targetId}`, (req) => {
		const user = ctx.user(req);
		const position = req.params.position;
		if (position !== 'before' && position !== 'after' && position !== 'append') {
			throw v1BadRequest(`Invalid position '${position}'. Expected before, after or append.`);
		}
		const page = viewable(user, req.params.pageId, ['page']);
		const target = viewable(user, req.params.targetId, HIERARCHY_TYPES);
		if (page.status !== 'current' || target.status === 'trashed' || target.status === 'deleted') {
			throw errors.notFound(
				`No content found with id: ${page.status !== 'current' ? page.id : target.id}`,
			);
		}
		requireEditable(user, page);
		const targetSpace = store.requireSpace(target.spaceId);
		requireCreate(user, targetSpace, 'page');
		const newParentId = position === 'append' ? target.id : target.parentId;
		if (
			newParentId === page.id ||
			(newParentId !== undefined &&
				store.ancestors(store.require(newParentId)).some((a) => a.id === page.id))
		) {
			throw v1BadRequest(
				'The move would create a parent-child loop: a page cannot move under itself.',
			);
		}
		if (position !== 'append' && target.id === page.id) {
			throw v1BadRequest('A page cannot be moved relative to itself.');
		}
		const write: WriteContext = ctx.write(req);
		if (targetSpace.id !== page.spaceId) {
			store.moveToSpace(page, targetSpace.id, newParentId, write);
		}
		store.moveRelative(page, position, target.id);
		return json({ pageId: page.id });
	});

	// ------------------------------------------------------------------------------------------ copy

	/** Duplicates attachments, labels, properties and restrictions of `source` onto `copy`, as requested. */
	const copyExtras = (
		source: ContentItem,
		copy: ContentItem,
		options: CopyOptions,
		write: WriteContext,
	) => {
		if (options.copyAttachments) {
			for (const attachment of store.contained(source.id, 'attachment')) {
				if (attachment.status !== 'current') continue;
				const file = store.current(attachment).file;
				if (!file) continue;
				store.addAttachment(
					{
						containerId: copy.id,
						fileName: attachment.title,
						mediaType: file.mediaType,
						data: file.data,
						comment: file.comment,
						authorId: write.actorId,
					},
					write,
				);
			}
		}
		if (options.copyLabels) {
			for (const label of store.labelsOf(source))
				store.addLabel(copy.id, label.name, label.prefix, write);
		}
		if (options.copyProperties) {
			for (const property of store.propertiesOf('content', source.id)) {
				store.createProperty(
					'content',
					copy.id,
					property.key,
					structuredClone(property.value),
					write,
				);
			}
		}
		if (options.copyPermissions) {
			for (const operation of ['read', 'update'] as const) {
				const set = source.restrictions[operation];
				if (set.users.length > 0 || set.groups.length > 0) {
					store.setRestriction(copy.id, operation, set, write);
				}
			}
		}
	};

	const flags = (body: Record<string, unknown>): CopyOptions => ({
		copyAttachments: body.copyAttachments === true,
		copyLabels: body.copyLabels === true,
		copyProperties: body.copyProperties === true,
		copyPermissions: body.copyPermissions === true,
	});

	router.post(`${V1}/content/{id}/copy`, (req) => {
		const user = ctx.user(req);
		const source = viewable(user, req.params.id, ['page']);
		const body = bodyObject(req);
		const destination = body.destination as { type?: unknown; value?: unknown } | undefined;
		if (!destination || typeof destination !== 'object')
			throw v1BadRequest('destination is required.');
		const type = destination.type;
		const value = destination.value === undefined ? '' : String(destination.value);
		if (!['space', 'existing_page', 'parent_page', 'parent_content'].includes(String(type))) {
			throw v1BadRequest(
				`Invalid destination type '${String(type)}'. Expected space, existing_page, parent_page or parent_content.`,
			);
		}
		if (value === '') throw v1BadRequest('destination.value is required.');
		if (
			body.pageTitle !== undefined &&
			(typeof body.pageTitle !== 'string' || body.pageTitle.trim() === '')
		) {
			throw v1BadRequest('pageTitle must be a non-empty string.');
		}
		const sourceVersion = store.current(source);
		let bodyValue = sourceVersion.body?.value ?? '';
		let representation = sourceVersion.body?.representation ?? 'storage';
		const override = body.body as Record<string, { value?: unknown } | undefined> | undefined;
		const given = override?.storage ?? override?.editor2;
		if (given !== undefined) {
			if (typeof given?.value !== 'string')
				throw v1BadRequest('body.storage.value must be a string.');
			bodyValue = given.value;
			representation = 'storage';
		}
		const write = ctx.write(req);
		const options = flags(body);
		let copy: ContentItem;
		if (type === 'existing_page') {
			const existing = viewable(user, value, ['page']);
			requireEditable(user, existing);
			copy = store.updateContent(
				existing.id,
				{
					title: typeof body.pageTitle === 'string' ? body.pageTitle : undefined,
					body: bodyValue,
					representation,
					message: `Copied from ${source.title}`,
					authorId: user.accountId,
				},
				write,
			);
		} else {
			let space: SpaceRecord;
			let parentId: string | undefined;
			if (type === 'space') {
				const found = store.spaceByKey(value);
				if (!found || !store.canViewSpace(user.accountId, found)) {
					throw errors.notFound(`No space with key : ${value}`);
				}
				space = found;
			} else {
				const parent = viewable(user, value, type === 'parent_page' ? ['page'] : HIERARCHY_TYPES);
				space = store.requireSpace(parent.spaceId);
				parentId = parent.id;
			}
			requireCreate(user, space, 'page');
			copy = store.createPage(
				{
					spaceId: space.id,
					title: typeof body.pageTitle === 'string' ? body.pageTitle : source.title,
					body: bodyValue,
					representation,
					parentId,
					rootLevel: type === 'space',
					authorId: user.accountId,
				},
				write,
			);
		}
		copyExtras(source, copy, options, write);
		const expand = new Set(['space', 'history', 'version', ...parseExpand(req.query)]);
		return json(presentV1Content(ctx, copy, { expand, viewer: user }));
	});

	router.post(`${V1}/content/{id}/pagehierarchy/copy`, (req) => {
		const user = ctx.user(req);
		const source = viewable(user, req.params.id, ['page']);
		const body = bodyObject(req);
		if (body.destinationPageId === undefined || body.destinationPageId === null) {
			throw v1BadRequest('destinationPageId is required.');
		}
		const destination = viewable(user, String(body.destinationPageId), ['page']);
		const space = store.requireSpace(destination.spaceId);
		requireCreate(user, space, 'page');
		if (
			destination.id === source.id ||
			store.ancestors(destination).some((a) => a.id === source.id)
		) {
			throw v1BadRequest('The destination page is inside the hierarchy being copied.');
		}
		const titleOptions = (body.titleOptions ?? {}) as {
			prefix?: unknown;
			replace?: unknown;
			search?: unknown;
		};
		const prefix = typeof titleOptions.prefix === 'string' ? titleOptions.prefix : '';
		const search = typeof titleOptions.search === 'string' ? titleOptions.search : '';
		const replace = typeof titleOptions.replace === 'string' ? titleOptions.replace : '';
		if (titleOptions.prefix !== undefined && prefix.trim() === '') {
			throw v1BadRequest('The title prefix must not be empty.');
		}
		const newTitle = (title: string) =>
			prefix + (search !== '' ? title.split(search).join(replace) : title);

		const copyDescendants = body.copyDescendants !== false;
		const pages: Array<{ page: ContentItem; depth: number }> = [{ page: source, depth: 0 }];
		if (copyDescendants) {
			for (const { item, depth } of store.descendants(source, 1000)) {
				if (
					item.type === 'page' &&
					item.status === 'current' &&
					store.canView(user.accountId, item)
				) {
					pages.push({ page: item, depth });
				}
			}
		}
		const titles = new Set<string>();
		for (const { page } of pages) {
			const title = newTitle(page.title);
			if (
				title.trim() === '' ||
				titles.has(title.toLowerCase()) ||
				store.findByTitle(space.id, 'page', title)
			) {
				throw v1BadRequest(
					`Copying would create a duplicate title '${title}' in space ${space.key}: use titleOptions to rename the copies.`,
				);
			}
			titles.add(title.toLowerCase());
		}
		const write = ctx.write(req);
		const options = flags(body);
		const task = store.createLongTask({
			key: 'com.atlassian.confluence.pages.copy.hierarchy.task',
			args: [source.title],
			onFinish: () => {
				const copies = new Map<string, string>();
				for (const { page } of pages) {
					const parentId = page === source ? destination.id : copies.get(page.parentId ?? '');
					if (!parentId) continue;
					const version = store.current(page);
					const copy = store.createPage(
						{
							spaceId: space.id,
							title: newTitle(page.title),
							body: version.body?.value ?? '',
							representation: version.body?.representation,
							parentId,
							authorId: user.accountId,
						},
						write,
					);
					copies.set(page.id, copy.id);
					copyExtras(page, copy, options, write);
				}
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
}
