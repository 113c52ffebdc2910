/* Attachments: v1 multipart upload (POST create-only, PUT create-or-new-version, data update, property update),
 * v1 download redirect, v2 reads (single, per container, site-wide, per label, versions, labels, operations,
 * properties), v2 delete (trash, then purge), the site's /wiki/download path and the media listener that serves the
 * bytes behind a signed, expiring URL on another origin. */
import type { SimContext } from '../context';
import {
	ApiError,
	bodyObject,
	errors,
	json,
	noContent,
	queryBoolean,
	queryEnum,
	queryEnumList,
	queryInteger,
	queryString,
	redirect,
	type SimRequest,
	type SimResponse,
	encodeUriText,
} from '../http';
import { isMultipart, MultipartError, parseMultipart, type MultipartForm } from '../multipart';
import {
	iso,
	presentLabel,
	presentOperations,
	presentProperty,
	presentVersion,
} from '../presenters';
import {
	addRouteIfAbsent,
	attachmentDownloadPath,
	attachmentWebui,
	mediaTypeDescription,
	mediaTypeFor,
	presentV1Content,
	presentVersionDetail,
	simSettings,
	versionNumberParam,
} from '../routeHelpers';
import type { Router } from '../router';
import type { ContentItem, FileVersion, Store, UserRecord, VersionRecord } from '../store';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';
const MEDIA_TOKEN_TTL_MS = 2940 * 1000;
const MEDIA_LOG_KEY = 'attachments.mediaRequests';

/** One request that reached the media listener. */
export interface MediaRequestRecord {
	fileId: string;
	/** The Authorization header exactly as it arrived (undefined = none was sent, which is what clients must do). */
	authorization?: string;
	status: number;
	at: Date;
}

/** Requests the media listener answered, oldest first (also in `sim.requests`, with every header). */
export function mediaRequests(store: Store): MediaRequestRecord[] {
	let log = store.extensions.get(MEDIA_LOG_KEY) as MediaRequestRecord[] | undefined;
	if (!log) {
		log = [];
		store.extensions.set(MEDIA_LOG_KEY, log);
	}
	return log;
}

/** Accepts `att123` and the bare `123` (both reach Confluence); anything else is not a content id. */
export function attachmentIdOf(raw: string, name = 'id'): string {
	if (/^att\d+$/.test(raw)) return raw;
	if (/^\d+$/.test(raw)) return `att${raw}`;
	throw errors.invalidParameter(
		`Provided value for '${name}' is not the correct type. Expected type is ContentId.`,
	);
}

function containerField(container: ContentItem | undefined): Record<string, string> {
	if (!container) return {};
	if (container.type === 'page') return { pageId: container.id };
	if (container.type === 'blogpost') return { blogPostId: container.id };
	if (container.type === 'custom-content') return { customContentId: container.id };
	return {};
}

/** v2 AttachmentBulk / AttachmentSingle (without include-* blocks). */
export function presentAttachment(
	ctx: SimContext,
	item: ContentItem,
	version: VersionRecord = ctx.store.current(item),
	options: { includeVersion?: boolean } = {},
): Record<string, unknown> {
	const file = version.file;
	const container = item.containerId ? ctx.store.get(item.containerId) : undefined;
	const downloadLink = attachmentDownloadPath(item, version, { encode: false });
	const webuiLink = attachmentWebui(ctx, item);
	const out: Record<string, unknown> = {
		id: item.id,
		status: item.status,
		title: version.title,
		createdAt: iso(item.createdAt),
		...containerField(container),
		mediaType: file?.mediaType ?? 'application/octet-stream',
		mediaTypeDescription: mediaTypeDescription(file?.mediaType ?? ''),
		comment: file?.comment ?? '',
		fileId: file?.fileId ?? '',
		fileSize: file?.fileSize ?? 0,
		webuiLink,
		downloadLink,
	};
	if (options.includeVersion !== false) out.version = presentVersion(version);
	out._links = { webui: webuiLink, download: downloadLink };
	return out;
}

function v1Error(status: number, message: string): ApiError {
	return new ApiError(status, message, { v1Message: message });
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const viewableAttachment = (req: SimRequest, rawId: string, name = 'id'): ContentItem => {
		const item = store.get(attachmentIdOf(rawId, name));
		if (!item || item.type !== 'attachment') throw errors.notFound();
		if (!store.canView(ctx.user(req).accountId, item)) throw errors.notFound();
		return item;
	};

	const findByName = (container: ContentItem, name: string): ContentItem | undefined =>
		store
			.contained(container.id, 'attachment')
			.find((a) => a.title === name && a.status !== 'trashed' && a.status !== 'deleted');

	// ------------------------------------------------------------------------------------------ v1 upload

	/** Multipart writes need `X-Atlassian-Token: nocheck` (the v1 narrative spells it `no-check`; both pass). */
	const xsrfRejection = (req: SimRequest): SimResponse | undefined => {
		const token = String(req.headers['x-atlassian-token'] ?? '')
			.trim()
			.toLowerCase();
		if (token === 'nocheck' || token === 'no-check') return undefined;
		return { status: 403, raw: 'XSRF check failed', contentType: 'text/plain;charset=UTF-8' };
	};

	/** The content an upload goes to: 404 when missing, invisible or not in the requested status. */
	const uploadContainer = (req: SimRequest, user: UserRecord): ContentItem => {
		const status = queryEnum(req.query, 'status', ['current', 'draft'] as const) ?? 'current';
		const notFound = () => errors.notFound(`No content found with id: ${req.params.id}`);
		const container = store.get(req.params.id);
		if (!container || !['page', 'blogpost', 'custom-content'].includes(container.type)) {
			throw notFound();
		}
		if (!store.canView(user.accountId, container)) throw notFound();
		const matches =
			status === 'draft'
				? container.status === 'draft' || container.draft !== undefined
				: container.status === 'current' || container.status === 'archived';
		if (!matches) throw notFound();
		const space = store.getSpace(container.spaceId);
		if (
			!store.canEdit(user.accountId, container) ||
			!space ||
			!store.hasSpacePermission(user.accountId, space, 'create', 'attachment')
		) {
			throw errors.forbidden('You do not have permission to add attachments to this content.');
		}
		return container;
	};

	const readForm = (req: SimRequest): MultipartForm => {
		const contentType = String(req.headers['content-type'] ?? '');
		if (!isMultipart(contentType)) {
			throw errors.badRequest(
				'The request is not a multipart/form-data request (Content-Type must be multipart/form-data).',
			);
		}
		try {
			return parseMultipart(req.rawBody, contentType, ctx.settings.multipartFilenameStar);
		} catch (error) {
			if (error instanceof MultipartError) throw errors.badRequest(error.message);
			// Anything else is a simulator bug: the server answers 500 and records it in sim.serverErrors.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	};

	interface UploadFile {
		name: string;
		data: Buffer;
		mediaType: string;
		comment?: string;
	}

	/** The `file` parts with their comments, validated as Confluence does before anything is stored. */
	const uploadFiles = (form: MultipartForm): { files: UploadFile[]; minorEdit: boolean } => {
		const parts = form.all('file');
		if (parts.length === 0)
			throw errors.badRequest('At least one file must be given in the "file" field.');
		const minorEditValue = form.text('minorEdit');
		if (minorEditValue === undefined) throw errors.badRequest('The "minorEdit" field is required.');
		const comments = form.all('comment').map((part) => form.decode(part));
		if (comments.length > 0 && comments.length !== parts.length) {
			throw errors.badRequest(
				'If comments are given, every file must have a comment, in the same order as the files.',
			);
		}
		const { maxAttachmentBytes } = simSettings(store);
		const { oversizeStatus } = ctx.settings;
		const files = parts.map((part, index) => {
			if (part.filename === undefined || part.filename === '') {
				throw errors.badRequest(
					'Every "file" part needs a file name (Content-Disposition filename).',
				);
			}
			if (part.data.length > maxAttachmentBytes) {
				throw v1Error(
					oversizeStatus,
					`The field file exceeds its maximum permitted size of ${maxAttachmentBytes} bytes.`,
				);
			}
			return {
				name: part.filename,
				data: part.data,
				mediaType: mediaTypeFor(part.filename, part.contentType),
				comment: comments[index],
			};
		});
		const names = new Set<string>();
		for (const file of files) {
			if (names.has(file.name)) {
				throw errors.badRequest(`The file name ${file.name} is given more than once.`);
			}
			names.add(file.name);
		}
		return { files, minorEdit: minorEditValue.trim().toLowerCase() === 'true' };
	};

	const contentArray = (items: ContentItem[], viewer: UserRecord) => ({
		results: items.map((item) =>
			presentV1Content(ctx, item, { expand: ['version', 'container'], viewer }),
		),
		size: items.length,
		_links: { base: `${ctx.baseUrl}/wiki`, context: '/wiki' },
	});

	const upload =
		(mode: 'create' | 'upsert') =>
		(req: SimRequest): SimResponse => {
			const rejected = xsrfRejection(req);
			if (rejected) return rejected;
			const user = ctx.user(req);
			const container = uploadContainer(req, user);
			const { files, minorEdit } = uploadFiles(readForm(req));
			const plan = files.map((file) => ({ file, existing: findByName(container, file.name) }));
			if (mode === 'create') {
				const clash = plan.find((p) => p.existing);
				if (clash) {
					throw errors.badRequest(
						`Cannot add a new attachment with same file name as an existing attachment: ${clash.file.name}`,
					);
				}
			}
			const write = ctx.write(req);
			const stored = plan.map(({ file, existing }) => {
				if (existing) {
					return store.updateAttachmentData(
						existing.id,
						{
							data: file.data,
							mediaType: file.mediaType,
							comment: file.comment,
							minorEdit,
							authorId: user.accountId,
						},
						write,
					);
				}
				const item = store.addAttachment(
					{
						containerId: container.id,
						fileName: file.name,
						mediaType: file.mediaType,
						data: file.data,
						comment: file.comment,
						authorId: user.accountId,
					},
					write,
				);
				item.versions[0].minorEdit = minorEdit;
				return item;
			});
			return json(contentArray(stored, user));
		};

	router.post(`${V1}/content/{id}/child/attachment`, upload('create'), { rawBody: true });
	router.put(`${V1}/content/{id}/child/attachment`, upload('upsert'), { rawBody: true });

	const attachmentInContainer = (req: SimRequest, user: UserRecord): ContentItem => {
		const container = store.get(req.params.id);
		if (!container || !store.canView(user.accountId, container)) {
			throw errors.notFound(`No content found with id: ${req.params.id}`);
		}
		const raw = req.params.attachmentId;
		const attachment = /^(att)?\d+$/.test(raw) ? store.get(attachmentIdOf(raw)) : undefined;
		if (
			!attachment ||
			attachment.type !== 'attachment' ||
			attachment.containerId !== container.id
		) {
			throw errors.notFound(`No attachment found with id: ${raw}`);
		}
		return attachment;
	};

	router.post(
		`${V1}/content/{id}/child/attachment/{attachmentId}/data`,
		(req) => {
			const rejected = xsrfRejection(req);
			if (rejected) return rejected;
			const user = ctx.user(req);
			const attachment = attachmentInContainer(req, user);
			const container = store.get(attachment.containerId ?? '') as ContentItem;
			if (!store.canEdit(user.accountId, container)) {
				throw errors.forbidden('You do not have permission to update this attachment.');
			}
			const { files, minorEdit } = uploadFiles(readForm(req));
			if (files.length !== 1) throw errors.badRequest('Exactly one file must be given.');
			const [file] = files;
			if (file.name !== attachment.title) {
				const clash = findByName(container, file.name);
				if (clash && clash.id !== attachment.id) {
					throw errors.badRequest(
						`Cannot rename the attachment: an attachment named ${file.name} already exists.`,
					);
				}
			}
			store.updateAttachmentData(
				attachment.id,
				{
					data: file.data,
					mediaType: file.mediaType,
					comment: file.comment,
					minorEdit,
					authorId: user.accountId,
				},
				ctx.write(req),
			);
			if (file.name !== attachment.title) renameCurrentVersion(attachment, file.name);
			return json(
				presentV1Content(ctx, attachment, { expand: ['version', 'container'], viewer: user }),
			);
		},
		{ rawBody: true },
	);

	/** Renames the latest version in place (the rename is part of the version just written). */
	const renameCurrentVersion = (attachment: ContentItem, name: string) => {
		store.current(attachment).title = name;
		attachment.title = name;
	};

	router.put(`${V1}/content/{id}/child/attachment/{attachmentId}`, (req) => {
		const user = ctx.user(req);
		const attachment = attachmentInContainer(req, user);
		const container = store.get(attachment.containerId ?? '') as ContentItem;
		if (!store.canEdit(user.accountId, container)) {
			throw errors.forbidden('You do not have permission to update this attachment.');
		}
		const body = bodyObject(req);
		const version = body.version as { number?: unknown; message?: unknown } | undefined;
		if (body.id === undefined || body.type === undefined || !version) {
			throw errors.badRequest('id, type and version are required.');
		}
		if (String(body.id) !== attachment.id && attachmentIdOf(String(body.id)) !== attachment.id) {
			throw errors.badRequest('The id in the body does not match the attachment id.');
		}
		if (body.type !== 'attachment') throw errors.badRequest("type must be 'attachment'.");
		const current = store.current(attachment);
		if (version.number !== current.number + 1) {
			throw new ApiError(
				409,
				`Version must be incremented on update. Current version is: ${current.number}`,
				{ code: 'CONFLICT' },
			);
		}
		const requestedContainer = (body.container as { id?: unknown } | undefined)?.id;
		if (requestedContainer !== undefined && String(requestedContainer) !== container.id) {
			throw errors.badRequest(
				'Moving an attachment to other content is not supported by the simulator.',
			);
		}
		const title =
			typeof body.title === 'string' && body.title !== '' ? body.title : attachment.title;
		if (title !== attachment.title) {
			const clash = findByName(container, title);
			if (clash && clash.id !== attachment.id) {
				throw errors.badRequest(`An attachment named ${title} already exists on this content.`);
			}
		}
		const metadata = (body.metadata ?? {}) as { mediaType?: unknown; comment?: unknown };
		const file = current.file as FileVersion;
		store.updateContent(
			attachment.id,
			{
				title,
				message: typeof version.message === 'string' ? version.message : undefined,
				authorId: user.accountId,
				file: {
					...file,
					mediaType: typeof metadata.mediaType === 'string' ? metadata.mediaType : file.mediaType,
					comment: typeof metadata.comment === 'string' ? metadata.comment : file.comment,
				},
			},
			ctx.write(req),
		);
		return json(
			presentV1Content(ctx, attachment, { expand: ['version', 'container'], viewer: user }),
		);
	});

	// ------------------------------------------------------------------------------------------ downloads

	const mediaLocation = (attachment: ContentItem, version: VersionRecord): string => {
		const file = version.file as FileVersion;
		const expires = store.now().getTime() + MEDIA_TOKEN_TTL_MS;
		const token = `${expires}.${ctx.signMedia(`${file.fileId}.${expires}`)}`;
		const params = new URLSearchParams({
			token,
			client: ctx.oauth.clientId,
			collection: `contentId-${attachment.containerId ?? ''}`,
			dl: 'true',
			name: version.title,
			'max-age': String(MEDIA_TOKEN_TTL_MS / 1000),
		});
		return `${ctx.mediaUrl}/file/${file.fileId}/binary?${params.toString()}`;
	};

	const versionOf = (
		attachment: ContentItem,
		raw: string | undefined,
	): VersionRecord | undefined => {
		if (raw === undefined || raw === '') return store.current(attachment);
		if (!/^\d+$/.test(raw)) return undefined;
		return attachment.versions.find((v) => v.number === Number(raw));
	};

	router.get(`${V1}/content/{id}/child/attachment/{attachmentId}/download`, (req) => {
		const user = ctx.user(req);
		const attachment = attachmentInContainer(req, user);
		const raw = queryString(req.query, 'version');
		const version = versionOf(attachment, raw);
		if (!version) {
			throw errors.badRequest(
				`Version ${raw ?? ''} is not a valid version of attachment ${attachment.id}.`,
			);
		}
		return redirect(mediaLocation(attachment, version));
	});

	// Web path of v2 `downloadLink` (relative to `_links.base`): Atlassian removed it for API calls (CHANGE-3007), it
	// answers 401 with an OAuth challenge to API tokens and OAuth tokens alike (REALITY.md legacy-download-refused).
	router.get(
		'/wiki/download/attachments/{containerId}/{fileName+}',
		() => ({
			status: 401,
			headers: { 'www-authenticate': `OAuth realm="${ctx.baseUrl}/wiki"` },
			raw: '',
		}),
		{ public: true },
	);

	const findFile = (
		fileId: string,
	): { attachment: ContentItem; version: VersionRecord } | undefined => {
		for (const attachment of store.list('attachment')) {
			for (const version of attachment.versions) {
				if (version.file?.fileId === fileId) return { attachment, version };
			}
		}
		return undefined;
	};

	ctx.media.get(
		'/file/{fileId}/binary',
		(req) => {
			const fileId = req.params.fileId;
			const authorization = req.headers.authorization;
			const log = (status: number) =>
				mediaRequests(store).push({ fileId, authorization, status, at: store.now() });
			const token = queryString(req.query, 'token') ?? '';
			const [expires, signature] = token.split('.');
			const valid =
				/^\d+$/.test(expires ?? '') &&
				signature !== undefined &&
				ctx.verifyMedia(`${fileId}.${expires}`, signature) &&
				Number(expires) > store.now().getTime();
			if (!valid) {
				log(401);
				throw new ApiError(401, 'Unauthorized', {
					rawBody: {
						error: { code: 'Unauthorized', title: 'The token is missing, invalid or expired.' },
					},
				});
			}
			const found = findFile(fileId);
			if (!found) {
				log(404);
				throw new ApiError(404, 'Not Found', {
					rawBody: { error: { code: 'NotFound', title: 'The file does not exist.' } },
				});
			}
			const file = found.version.file as FileVersion;
			log(200);
			const asciiName = found.version.title.replace(/[^\x20-\x7e]|["\\]/g, '_');
			return {
				status: 200,
				raw: file.data,
				contentType: file.mediaType,
				headers: {
					'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeUriText(found.version.title)}`,
					'cache-control': 'private, max-age=2940',
				},
			};
		},
		{ public: true },
	);

	// ------------------------------------------------------------------------------------------ v2 reads

	const attachmentSorts = {
		'created-date': (a: ContentItem) => a.createdAt.getTime(),
		'modified-date': (a: ContentItem) => store.current(a).createdAt.getTime(),
	};

	const listAttachments = (req: SimRequest, items: ContentItem[], defaultLimit = 50) => {
		const user = ctx.user(req);
		const requested = queryEnumList(req.query, 'status', [
			'current',
			'archived',
			'trashed',
		] as const);
		const statuses: readonly string[] = requested.length > 0 ? requested : ['current', 'archived'];
		const mediaType = queryString(req.query, 'mediaType');
		const filename = queryString(req.query, 'filename');
		const filtered = items.filter(
			(a) =>
				statuses.includes(a.status) &&
				(mediaType === undefined || store.current(a).file?.mediaType === mediaType) &&
				(filename === undefined || a.title === filename) &&
				store.canView(user.accountId, a),
		);
		return ctx.paginateV2(req, filtered, {
			sorts: attachmentSorts,
			defaultSort: 'created-date',
			defaultLimit,
			map: (a) => presentAttachment(ctx, a),
		});
	};

	router.get(`${V2}/attachments`, (req) => listAttachments(req, store.list('attachment')));

	const containerList = (type: 'page' | 'blogpost' | 'custom-content') => (req: SimRequest) => {
		if (!/^\d+$/.test(req.params.id)) {
			throw errors.invalidParameter(
				"Provided value for 'id' is not the correct type. Expected type is ContentId.",
			);
		}
		const container = store.require(req.params.id, type);
		const user = ctx.user(req);
		if (!store.canView(user.accountId, container) || container.status === 'deleted') {
			throw errors.notFound();
		}
		return listAttachments(req, store.contained(container.id, 'attachment'));
	};
	router.get(`${V2}/pages/{id}/attachments`, containerList('page'));
	router.get(`${V2}/blogposts/{id}/attachments`, containerList('blogpost'));
	addRouteIfAbsent(
		router,
		'GET',
		`${V2}/custom-content/{id}/attachments`,
		containerList('custom-content'),
	);

	addRouteIfAbsent(router, 'GET', `${V2}/labels/{id}/attachments`, (req) => {
		if (!/^\d+$/.test(req.params.id)) {
			throw errors.invalidParameter(
				"Provided value for 'id' is not the correct type. Expected type is long.",
			);
		}
		const label = store.labels.get(req.params.id);
		if (!label) throw errors.notFound();
		return listAttachments(
			req,
			store.list('attachment').filter((a) => a.labelIds.includes(label.id)),
			// Unlike the container lists, this one pages 25 at a time (getLabelAttachments).
			25,
		);
	});

	const includeBlock = <T>(items: T[], map: (item: T) => unknown, self: string) => ({
		results: items.slice(0, 50).map(map),
		meta: { hasMore: items.length > 50 },
		_links: { self },
	});

	router.get(`${V2}/attachments/{id}`, (req) => {
		const user = ctx.user(req);
		const attachment = viewableAttachment(req, req.params.id);
		const number = queryInteger(req.query, 'version', { min: 1 });
		const version =
			number === undefined
				? store.current(attachment)
				: attachment.versions.find((v) => v.number === number);
		if (!version) throw errors.notFound();
		const out = presentAttachment(ctx, attachment, version, {
			includeVersion: queryBoolean(req.query, 'include-version', true),
		});
		const self = `${V2}/attachments/${attachment.id}`;
		if (queryBoolean(req.query, 'include-labels')) {
			out.labels = includeBlock(store.labelsOf(attachment), presentLabel, `${self}/labels`);
		}
		if (queryBoolean(req.query, 'include-properties')) {
			out.properties = includeBlock(
				store.propertiesOf('content', attachment.id),
				presentProperty,
				`${self}/properties`,
			);
		}
		if (queryBoolean(req.query, 'include-operations')) {
			out.operations = includeBlock(
				presentOperations(store, user.accountId, attachment),
				(o) => o,
				`${self}/operations`,
			);
		}
		if (queryBoolean(req.query, 'include-versions')) {
			out.versions = includeBlock(
				[...attachment.versions].reverse(),
				presentVersion,
				`${self}/versions`,
			);
		}
		if (queryBoolean(req.query, 'include-collaborators')) {
			const collaborators = [...new Set(attachment.versions.map((v) => v.authorId))];
			out.collaborators = includeBlock(
				collaborators,
				(accountId) => ({ accountId }),
				`${self}/collaborators`,
			);
		}
		out._links = { ...(out._links as Record<string, string>), base: `${ctx.baseUrl}/wiki` };
		return json(out);
	});

	router.delete(`${V2}/attachments/{id}`, (req) => {
		const user = ctx.user(req);
		const attachment = viewableAttachment(req, req.params.id);
		const purge = queryBoolean(req.query, 'purge');
		const space = store.getSpace(attachment.spaceId);
		if (!space || !store.hasSpacePermission(user.accountId, space, 'delete', 'attachment')) {
			throw errors.notFound();
		}
		if (purge) {
			// Purging needs space admin and only works on an attachment already in the trash.
			if (attachment.status !== 'trashed') throw errors.notFound();
			if (!store.hasSpacePermission(user.accountId, space, 'administer', 'space')) {
				throw errors.notFound();
			}
			store.purge(attachment.id, ctx.write(req));
		} else {
			if (attachment.status !== 'current' && attachment.status !== 'archived') {
				throw errors.notFound();
			}
			store.trash(attachment.id, ctx.write(req));
		}
		return noContent();
	});

	router.get(`${V2}/attachments/{id}/versions`, (req) => {
		const attachment = viewableAttachment(req, req.params.id);
		return ctx.paginateV2(req, attachment.versions, {
			sorts: { 'modified-date': (v) => v.number },
			defaultSort: '-modified-date',
			key: (v) => String(v.number),
			map: (v) => ({
				...presentVersion(v),
				attachment: { id: attachment.id, title: v.title },
			}),
		});
	});

	router.get(`${V2}/attachments/{attachment-id}/versions/{version-number}`, (req) => {
		const attachment = viewableAttachment(req, req.params['attachment-id'], 'attachment-id');
		const number = versionNumberParam(req.params['version-number']);
		return json(presentVersionDetail(attachment.versions, number));
	});

	router.get(`${V2}/attachments/{id}/operations`, (req) => {
		const attachment = viewableAttachment(req, req.params.id);
		return json({ operations: presentOperations(store, ctx.user(req).accountId, attachment) });
	});

	router.get(`${V2}/attachments/{id}/thumbnail/download`, (req) => {
		const attachment = viewableAttachment(req, req.params.id);
		const number = queryInteger(req.query, 'version', { min: 1 });
		queryInteger(req.query, 'width', { min: 1 });
		queryInteger(req.query, 'height', { min: 1 });
		const version =
			number === undefined
				? store.current(attachment)
				: attachment.versions.find((v) => v.number === number);
		if (!version) throw errors.notFound();
		return redirect(mediaLocation(attachment, version));
	});
	// Labels and content properties of attachments are served by the core (routes/labels.ts, routes/properties.ts).
}
