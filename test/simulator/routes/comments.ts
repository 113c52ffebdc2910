/* Footer and inline comments (v2): create (201 + location), get (with version/include-*), update with version rules,
 * permanent delete, replies, versions, likes, operations, and the per-container lists. Inline comments are anchored
 * to a text selection of the page: creating one checks the selection against the page text and wraps it in an
 * `<ac:inline-comment-marker>` in the page body (as Confluence does, without a new page version); a comment whose
 * anchor has gone from the page is reported as `dangling`. */
import { randomUUID } from 'node:crypto';

import type { SimContext } from '../context';
import { parseXhtml } from '../convert';
import {
	bodyObject,
	errors,
	json,
	noContent,
	queryBoolean,
	queryEnum,
	queryEnumList,
	queryInteger,
	type SimRequest,
} from '../http';
import {
	BULK_BODY_FORMATS,
	SINGLE_BODY_FORMATS,
	bodyIn,
	iso,
	plainText,
	presentBody,
	presentOperations,
	presentProperty,
	presentVersion,
	type BodyFormat,
} from '../presenters';
import {
	addRouteIfAbsent,
	commentWebui,
	presentVersionDetail,
	versionNumberParam,
} from '../routeHelpers';
import type { Router } from '../router';
import {
	escapeXml,
	type CommentInfo,
	type ContentItem,
	type UserRecord,
	type VersionRecord,
} from '../store';
import { parseWriteBody } from './content';

const V2 = '/wiki/api/v2';

type Location = 'footer' | 'inline';
type Resolution = NonNullable<CommentInfo['resolutionStatus']>;

const COMMENT_STATUSES = [
	'current',
	'archived',
	'trashed',
	'deleted',
	'historical',
	'draft',
] as const;
const BLOG_COMMENT_STATUSES = ['current', 'deleted', 'trashed', 'historical', 'draft'] as const;
const RESOLUTIONS = ['resolved', 'open', 'dangling', 'reopened'] as const;

function containerField(container: ContentItem | undefined): Record<string, string> {
	if (!container) return {};
	switch (container.type) {
		case 'page':
			return { pageId: container.id };
		case 'blogpost':
			return { blogPostId: container.id };
		case 'attachment':
			return { attachmentId: container.id };
		case 'custom-content':
			return { customContentId: container.id };
		default:
			return {};
	}
}

/** Counts occurrences of `needle` in `text` (non-overlapping, like a browser's find). */
function occurrences(text: string, needle: string): number[] {
	const found: number[] = [];
	if (needle === '') return found;
	let from = 0;
	for (;;) {
		const at = text.indexOf(needle, from);
		if (at < 0) return found;
		found.push(at);
		from = at + needle.length;
	}
}

/**
 * Wraps the `index`-th occurrence of `selection` in an inline-comment marker when every occurrence sits inside a
 * single text run of the storage body (the common case); returns undefined otherwise (selection across formatting).
 */
function insertMarker(
	storage: string,
	selection: string,
	index: number,
	expectedCount: number,
	ref: string,
): string | undefined {
	const escaped = escapeXml(selection).replace(/&quot;/g, '"');
	const pieces = storage.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>)/);
	const hits: Array<{ piece: number; at: number }> = [];
	let insideParameter = 0;
	pieces.forEach((piece, i) => {
		if (i % 2 === 1) {
			if (/^<ac:parameter\b/.test(piece) && !piece.endsWith('/>')) insideParameter++;
			else if (/^<\/ac:parameter>/.test(piece)) insideParameter--;
			return;
		}
		if (insideParameter > 0) return;
		for (const at of occurrences(piece, escaped)) hits.push({ piece: i, at });
	});
	if (hits.length !== expectedCount || index >= hits.length) return undefined;
	const { piece, at } = hits[index];
	const text = pieces[piece];
	pieces[piece] =
		text.slice(0, at) +
		`<ac:inline-comment-marker ac:ref="${ref}">${escaped}</ac:inline-comment-marker>` +
		text.slice(at + escaped.length);
	return pieces.join('');
}

function hasMarker(storage: string, ref: string): boolean {
	const walk = (nodes: ReturnType<typeof parseXhtml>): boolean =>
		nodes.some(
			(node) =>
				typeof node !== 'string' &&
				((node.name === 'ac:inline-comment-marker' && node.attrs['ac:ref'] === ref) ||
					walk(node.children)),
		);
	return walk(parseXhtml(storage));
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const rootContainer = (comment: ContentItem) => store.commentContainer(comment);

	/** Resolution as Confluence reports it: an unresolved top-level comment whose anchor is gone is dangling. */
	const resolutionOf = (comment: ContentItem): Resolution | undefined => {
		const info = comment.comment;
		if (!info || info.location !== 'inline') return undefined;
		const stored = info.resolutionStatus ?? 'open';
		if (stored === 'resolved' || stored === 'dangling' || comment.parentId) return stored;
		const container = rootContainer(comment);
		if (!container || !info.textSelection) return stored;
		const body = store.current(container).body;
		const anchored =
			comment.extra.markerInBody === true && info.markerRef
				? hasMarker(bodyIn(store, body, 'storage'), info.markerRef)
				: plainText(store, body).includes(info.textSelection);
		return anchored ? stored : 'dangling';
	};

	const location = (comment: ContentItem): Location => comment.comment?.location ?? 'footer';

	const presentComment = (
		comment: ContentItem,
		options: {
			format?: BodyFormat;
			version?: VersionRecord;
			shape: 'single' | 'container' | 'child' | 'all';
			includeVersion?: boolean;
		},
	): Record<string, unknown> => {
		const version = options.version ?? store.current(comment);
		const container = rootContainer(comment);
		const out: Record<string, unknown> = {
			id: comment.id,
			status:
				options.version && options.version !== store.current(comment)
					? 'historical'
					: comment.status,
			title: version.title,
		};
		if (options.shape !== 'child') Object.assign(out, containerField(container));
		if (comment.parentId) out.parentCommentId = comment.parentId;
		if (options.includeVersion !== false) out.version = presentVersion(version);
		out.body = presentBody(store, version.body, options.format);
		if (location(comment) === 'inline') {
			const info = comment.comment as CommentInfo;
			out.resolutionStatus = resolutionOf(comment);
			out.properties = {
				inlineMarkerRef: info.markerRef ?? '',
				inlineOriginalSelection: info.textSelection ?? '',
			};
			if (options.shape === 'single' || options.shape === 'all') {
				if (comment.extra.resolutionLastModifierId) {
					out.resolutionLastModifierId = comment.extra.resolutionLastModifierId;
				}
				if (comment.extra.resolutionLastModifiedAt) {
					out.resolutionLastModifiedAt = comment.extra.resolutionLastModifiedAt;
				}
			}
		}
		out._links = { webui: commentWebui(ctx, comment) };
		return out;
	};

	const containerVisible = (user: UserRecord, container: ContentItem | undefined) =>
		!!container &&
		container.status !== 'trashed' &&
		container.status !== 'deleted' &&
		store.canView(user.accountId, container);

	/** The comment of the given location, 404 unless it exists and the user can see it and its container. */
	const visibleComment = (req: SimRequest, raw: string, where: Location): ContentItem => {
		if (!/^\d+$/.test(raw)) {
			throw errors.invalidParameter(
				"Provided value for 'comment-id' is not the correct type. Expected type is long.",
			);
		}
		const comment = store.get(raw);
		const user = ctx.user(req);
		if (!comment || comment.type !== 'comment' || location(comment) !== where)
			throw errors.notFound();
		if (!store.canView(user.accountId, comment)) throw errors.notFound();
		if (!containerVisible(user, rootContainer(comment))) throw errors.notFound();
		return comment;
	};

	const commentSorts = {
		'created-date': (c: ContentItem) => c.createdAt.getTime(),
		'modified-date': (c: ContentItem) => store.current(c).createdAt.getTime(),
	};

	const bulkFormat = (req: SimRequest) =>
		queryEnum(req.query, 'body-format', BULK_BODY_FORMATS) as BodyFormat | undefined;

	const listComments = (
		req: SimRequest,
		comments: ContentItem[],
		options: {
			shape: 'container' | 'child' | 'all';
			statuses?: readonly string[];
			resolution?: boolean;
		},
	) => {
		const user = ctx.user(req);
		const format = bulkFormat(req);
		const requested = options.statuses ? queryEnumList(req.query, 'status', options.statuses) : [];
		const statuses: readonly string[] = requested.length > 0 ? requested : ['current'];
		const resolutions = options.resolution
			? queryEnumList(req.query, 'resolution-status', RESOLUTIONS)
			: [];
		const filtered = comments.filter(
			(c) =>
				statuses.includes(c.status) &&
				store.canView(user.accountId, c) &&
				containerVisible(user, rootContainer(c)) &&
				(resolutions.length === 0 || resolutions.includes(resolutionOf(c) as Resolution)),
		);
		return ctx.paginateV2(req, filtered, {
			sorts: commentSorts,
			defaultSort: 'created-date',
			map: (c) => presentComment(c, { format, shape: options.shape }),
		});
	};

	const replies = (comment: ContentItem) =>
		store.childIds(comment.id).flatMap((id) => {
			const child = store.get(id);
			return child && child.type === 'comment' ? [child] : [];
		});

	// ------------------------------------------------------------------------------------------ lists

	const containerComments =
		(type: 'page' | 'blogpost' | 'attachment' | 'custom-content', where: Location) =>
		(req: SimRequest) => {
			const user = ctx.user(req);
			const raw = req.params.id;
			const id = type === 'attachment' && /^\d+$/.test(raw) ? `att${raw}` : raw;
			if (!/^(att)?\d+$/.test(id)) {
				throw errors.invalidParameter(
					"Provided value for 'id' is not the correct type. Expected type is ContentId.",
				);
			}
			const container = store.get(id);
			if (!container || container.type !== type || !containerVisible(user, container)) {
				throw errors.notFound();
			}
			queryInteger(req.query, 'version', { min: 1 });
			const comments = store
				.contained(container.id, 'comment')
				.filter((c) => location(c) === where);
			return listComments(req, comments, {
				shape: 'container',
				statuses: type === 'blogpost' ? BLOG_COMMENT_STATUSES : COMMENT_STATUSES,
				resolution: where === 'inline',
			});
		};

	router.get(`${V2}/pages/{id}/footer-comments`, containerComments('page', 'footer'));
	router.get(`${V2}/pages/{id}/inline-comments`, containerComments('page', 'inline'));
	router.get(`${V2}/blogposts/{id}/footer-comments`, containerComments('blogpost', 'footer'));
	router.get(`${V2}/blogposts/{id}/inline-comments`, containerComments('blogpost', 'inline'));
	router.get(`${V2}/attachments/{id}/footer-comments`, containerComments('attachment', 'footer'));
	addRouteIfAbsent(
		router,
		'GET',
		`${V2}/custom-content/{id}/footer-comments`,
		containerComments('custom-content', 'footer'),
	);

	for (const where of ['footer', 'inline'] as const) {
		const base = `${V2}/${where}-comments`;

		router.get(base, (req) =>
			listComments(
				req,
				store.list('comment').filter((c) => location(c) === where),
				{ shape: 'all' },
			),
		);

		router.post(base, (req) => {
			const user = ctx.user(req);
			const body = bodyObject(req);
			const targets = (
				['pageId', 'blogPostId', 'parentCommentId', 'attachmentId', 'customContentId'] as const
			)
				.filter((key) => where === 'footer' || !['attachmentId', 'customContentId'].includes(key))
				.filter((key) => body[key] !== undefined && body[key] !== null && body[key] !== '');
			if (targets.length !== 1) {
				throw errors.badRequest(
					where === 'footer'
						? 'Exactly one of pageId, blogPostId, parentCommentId, attachmentId or customContentId must be given.'
						: 'Exactly one of pageId, blogPostId or parentCommentId must be given.',
				);
			}
			const target = targets[0];
			const targetId = String(body[target]);
			const parsed = parseWriteBody(body.body);
			if (!parsed) throw errors.badRequest('A comment body is required.');

			let containerId: string | undefined;
			let parentCommentId: string | undefined;
			let container: ContentItem | undefined;
			if (target === 'parentCommentId') {
				const parent = visibleComment(req, targetId, where);
				parentCommentId = parent.id;
				container = rootContainer(parent);
			} else {
				const wanted = {
					pageId: 'page',
					blogPostId: 'blogpost',
					attachmentId: 'attachment',
					customContentId: 'custom-content',
				}[target];
				const id =
					target === 'attachmentId' && /^\d+$/.test(targetId) ? `att${targetId}` : targetId;
				container = store.get(id);
				if (!container || container.type !== wanted) throw errors.notFound();
				containerId = container.id;
			}
			if (!containerVisible(user, container)) throw errors.notFound();
			const space = store.getSpace((container as ContentItem).spaceId);
			if (!space || !store.hasSpacePermission(user.accountId, space, 'create', 'comment')) {
				throw errors.notFound();
			}

			let inline:
				| {
						textSelection: string;
						textSelectionMatchCount: number;
						textSelectionMatchIndex: number;
				  }
				| undefined;
			let marked: string | undefined;
			const markerRef = randomUUID();
			if (where === 'inline' && !parentCommentId) {
				const properties = body.inlineCommentProperties as Record<string, unknown> | undefined;
				const selection = properties?.textSelection;
				if (typeof selection !== 'string' || selection.trim() === '') {
					throw errors.badRequest(
						'inlineCommentProperties.textSelection is required for a top-level inline comment.',
					);
				}
				const host = container as ContentItem;
				const text = plainText(store, store.current(host).body);
				const count = occurrences(text, selection).length;
				const matchCount = properties?.textSelectionMatchCount ?? count;
				const matchIndex = properties?.textSelectionMatchIndex ?? 0;
				if (count === 0) {
					throw errors.badRequest(
						`The text selection '${selection}' was not found in the ${host.type === 'page' ? 'page' : 'blog post'}.`,
					);
				}
				if (
					typeof matchCount !== 'number' ||
					typeof matchIndex !== 'number' ||
					!Number.isInteger(matchIndex) ||
					matchIndex < 0 ||
					matchCount !== count ||
					matchIndex >= matchCount
				) {
					throw errors.badRequest(
						`The text selection occurs ${count} time(s): textSelectionMatchCount must be ${count} and textSelectionMatchIndex between 0 and ${count - 1}.`,
					);
				}
				inline = {
					textSelection: selection,
					textSelectionMatchCount: count,
					textSelectionMatchIndex: matchIndex,
				};
				const hostBody = store.current(host).body;
				if (hostBody?.representation === 'storage') {
					marked = insertMarker(hostBody.value, selection, matchIndex, count, markerRef);
				}
			}

			const comment = store.addComment(
				{
					containerId,
					parentCommentId,
					location: where,
					body: parsed.value,
					representation: parsed.representation,
					authorId: user.accountId,
					inline,
				},
				ctx.write(req),
			);
			if (inline && comment.comment) {
				comment.comment.markerRef = markerRef;
				if (marked !== undefined) {
					// The marker goes into the current version's body without a new page version.
					const version = store.current(container as ContentItem);
					version.body = { representation: 'storage', value: marked };
					comment.extra.markerInBody = true;
				}
			}
			const out = presentComment(comment, { shape: 'single' });
			out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
			return json(out, 201, { location: `${ctx.baseUrl}${base}/${comment.id}` });
		});

		router.get(`${base}/{comment-id}`, (req) => {
			const user = ctx.user(req);
			const comment = visibleComment(req, req.params['comment-id'], where);
			const format = queryEnum(req.query, 'body-format', SINGLE_BODY_FORMATS) as
				| BodyFormat
				| undefined;
			const number = queryInteger(req.query, 'version', { min: 1 });
			const version =
				number === undefined ? undefined : comment.versions.find((v) => v.number === number);
			if (number !== undefined && !version) throw errors.notFound();
			const out = presentComment(comment, {
				format,
				version,
				shape: 'single',
				includeVersion: queryBoolean(req.query, 'include-version', true),
			});
			const self = `${base}/${comment.id}`;
			const block = <T>(items: T[], map: (item: T) => unknown, path: string) => ({
				results: items.slice(0, 50).map(map),
				meta: { hasMore: items.length > 50 },
				_links: { self: `${self}/${path}` },
			});
			if (queryBoolean(req.query, 'include-properties')) {
				const properties = block(
					store.propertiesOf('content', comment.id),
					presentProperty,
					'properties',
				);
				out.properties = { ...((out.properties as object) ?? {}), ...properties };
			}
			if (queryBoolean(req.query, 'include-operations')) {
				out.operations = block(
					presentOperations(store, user.accountId, comment),
					(o) => o,
					'operations',
				);
			}
			if (queryBoolean(req.query, 'include-likes')) {
				out.likes = block(comment.likes, (l) => ({ accountId: l.accountId }), 'likes/users');
			}
			if (queryBoolean(req.query, 'include-versions')) {
				out.versions = block([...comment.versions].reverse(), presentVersion, 'versions');
			}
			out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
			return json(out);
		});

		router.put(`${base}/{comment-id}`, (req) => {
			const user = ctx.user(req);
			const comment = visibleComment(req, req.params['comment-id'], where);
			// Only the author edits a comment; Confluence reports anything it will not let you do as not found.
			if (comment.authorId !== user.accountId) throw errors.notFound();
			const body = bodyObject(req);
			const resolved = where === 'inline' ? body.resolved : undefined;
			if (resolved !== undefined && typeof resolved !== 'boolean') {
				throw errors.badRequest('resolved must be true or false.');
			}
			if (where === 'inline' && resolutionOf(comment) === 'dangling') {
				throw errors.badRequest('A dangling comment cannot be updated.');
			}
			const parsed = parseWriteBody(body.body);
			if (!parsed && resolved === undefined) throw errors.badRequest('A comment body is required.');
			if (parsed) {
				const version = body.version as { number?: unknown; message?: unknown } | undefined;
				const current = store.current(comment).number;
				if (!version || typeof version.number !== 'number') {
					throw errors.badRequest('version.number is required.');
				}
				if (version.number !== current + 1) {
					throw errors.conflict(
						`Version must be incremented when updating a comment. Current Version: [${current}]. Provided version: [${version.number}]`,
					);
				}
				store.updateContent(
					comment.id,
					{
						body: parsed.value,
						representation: parsed.representation,
						message: typeof version.message === 'string' ? version.message : undefined,
						authorId: user.accountId,
					},
					ctx.write(req),
				);
			}
			if (resolved !== undefined && comment.comment) {
				const before = resolutionOf(comment);
				const after: Resolution | undefined = resolved
					? before === 'resolved'
						? undefined
						: 'resolved'
					: before === 'resolved'
						? 'reopened'
						: undefined;
				if (after) {
					comment.comment.resolutionStatus = after;
					comment.extra.resolutionLastModifierId = user.accountId;
					comment.extra.resolutionLastModifiedAt = iso(store.now());
					store.recordAudit(
						{
							summary: after === 'resolved' ? 'Inline comment resolved' : 'Inline comment reopened',
							category: 'Content',
							affectedObject: { name: comment.title, objectType: 'Comment' },
							changedValues: [
								{ name: 'Resolution status', oldValue: before ?? '', newValue: after },
							],
						},
						ctx.write(req),
					);
				}
			}
			const out = presentComment(comment, { shape: 'single' });
			if (where === 'inline') {
				out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
			}
			return json(out);
		});

		router.delete(`${base}/{comment-id}`, (req) => {
			const user = ctx.user(req);
			const comment = visibleComment(req, req.params['comment-id'], where);
			const space = store.getSpace(comment.spaceId);
			const isAdmin =
				!!space && store.hasSpacePermission(user.accountId, space, 'administer', 'space');
			if (comment.authorId !== user.accountId && !isAdmin) throw errors.notFound();
			store.deleteContent(comment.id, ctx.write(req));
			return noContent();
		});

		router.get(`${base}/{id}/children`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			return listComments(req, replies(comment), { shape: 'child' });
		});

		router.get(`${base}/{id}/versions`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			const format = bulkFormat(req);
			return ctx.paginateV2(req, comment.versions, {
				sorts: { 'modified-date': (v) => v.number },
				defaultSort: '-modified-date',
				key: (v) => String(v.number),
				map: (v) => ({
					...presentVersion(v),
					comment: {
						id: comment.id,
						title: v.title,
						...(format ? { body: presentBody(store, v.body, format) } : {}),
					},
				}),
			});
		});

		router.get(`${base}/{id}/versions/{version-number}`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			const number = versionNumberParam(req.params['version-number']);
			return json(presentVersionDetail(comment.versions, number));
		});

		router.get(`${base}/{id}/likes/count`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			return json({ count: comment.likes.length });
		});

		router.get(`${base}/{id}/likes/users`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			return ctx.paginateV2(req, comment.likes, {
				key: (l) => l.accountId,
				minLimit: 0,
				map: (l) => ({ accountId: l.accountId }),
			});
		});

		router.get(`${base}/{id}/operations`, (req) => {
			const comment = visibleComment(req, req.params.id, where);
			return json({ operations: presentOperations(store, ctx.user(req).accountId, comment) });
		});
	}
}
