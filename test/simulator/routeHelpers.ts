/* Helpers shared by the part-2 route modules (attachments, comments, whiteboards, tasks, audit, search, content
 * operations): v1 Content/Version shapes with `expand`, registration that tolerates a route the core already serves,
 * simulator settings and small formatting helpers. */
import type { SimContext } from './context';
import { errors, queryList, type Query, type SimRequest, encodeUriText } from './http';
import {
	bodyIn,
	contentLinks,
	iso,
	presentOperations,
	presentV1ContentRef,
	presentV1Label,
	presentV1Space,
	presentV1User,
	type BodyFormat,
} from './presenters';
import type { Handler, RouteOptions, Router } from './router';
import type { ContentItem, Store, UserRecord, VersionRecord } from './store';

function shape(template: string): string {
	return template.replace(/\{[^}]+\}/g, '{}');
}

/**
 * Registers a route unless another module (the core) already serves that method + path shape: some operations
 * (properties, labels of attachments/whiteboards/comments) may be implemented on either side, and a double
 * registration would stop the simulator at start-up.
 */
export function addRouteIfAbsent(
	router: Router,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	template: string,
	handler: Handler,
	options: RouteOptions = {},
): boolean {
	const wanted = shape(template);
	if (router.routes.some((r) => r.method === method && shape(r.template) === wanted)) return false;
	router.add(method, template, handler, options);
	return true;
}

/** `expand` as a set (comma-separated and repeated forms). */
export function parseExpand(query: Query, name = 'expand'): Set<string> {
	return new Set(queryList(query, name));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Confluence's relative "friendly" dates (`friendlyWhen`, `friendlyLastModified`). */
export function friendlyDate(now: Date, date: Date): string {
	const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
	if (seconds < 60) return 'just a moment ago';
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
	const hours = Math.round(minutes / 60);
	if (hours < 24) return hours === 1 ? 'about an hour ago' : `about ${hours} hours ago`;
	if (hours < 48) return 'yesterday';
	return `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, '0')}, ${date.getUTCFullYear()}`;
}

/** v1 type name of a content item (custom content reports its type key). */
export function v1Type(item: ContentItem): string {
	return item.type === 'custom-content' ? String(item.extra.customType ?? 'custom') : item.type;
}

/** v1 Version object. */
export function presentV1Version(
	ctx: SimContext,
	item: ContentItem,
	version: VersionRecord,
): Record<string, unknown> {
	const author = ctx.store.getUser(version.authorId);
	return {
		...(author ? { by: presentV1User(ctx.baseUrl, author) } : {}),
		when: iso(version.createdAt),
		friendlyWhen: friendlyDate(ctx.clock.now(), version.createdAt),
		message: version.message,
		number: version.number,
		minorEdit: version.minorEdit,
		contentTypeModified: false,
		_expandable: { collaborators: '', content: `/rest/api/content/${item.id}` },
		_links: { self: `${ctx.baseUrl}/wiki/rest/api/content/${item.id}/version/${version.number}` },
	};
}

const V1_BODY_FORMATS: readonly BodyFormat[] = [
	'storage',
	'view',
	'export_view',
	'styled_view',
	'editor',
	'atlas_doc_format',
	'anonymous_export_view',
];

export interface V1ContentOptions {
	expand?: Iterable<string>;
	/** Version to render (historical); default current. */
	version?: VersionRecord;
	/** Account the response is for (operations). */
	viewer?: UserRecord;
}

/** v1 Content with Confluence's `_expandable` map and the requested expansions. */
export function presentV1Content(
	ctx: SimContext,
	item: ContentItem,
	options: V1ContentOptions = {},
): Record<string, unknown> {
	const { store, baseUrl } = ctx;
	const expand = new Set(options.expand ?? []);
	const has = (name: string) =>
		expand.has(name) || [...expand].some((e) => e.startsWith(`${name}.`));
	const version = options.version ?? store.current(item);
	const space = store.getSpace(item.spaceId);
	const spaceKey = space?.key ?? '';
	const out: Record<string, unknown> = {
		id: item.id,
		type: v1Type(item),
		status: options.version && options.version !== store.current(item) ? 'historical' : item.status,
		title: version.title,
	};
	const expandable: Record<string, string> = {};

	if (item.type === 'comment') {
		// Where a v1 comment sits (REALITY.md v1-comment-extensions-location): the only field that tells footer from inline.
		out.extensions = { location: item.comment?.location ?? 'footer' };
	}
	if (item.type === 'attachment') {
		const file = version.file;
		out.macroRenderedOutput = {};
		out.metadata = {
			...(file?.comment ? { comment: file.comment } : {}),
			mediaType: file?.mediaType ?? 'application/octet-stream',
			...(has('metadata.labels') ? { labels: labelArray(ctx, item) } : {}),
			_expandable: { currentuser: '', properties: '', frontend: '', editorHtml: '' },
		};
		out.extensions = {
			mediaType: file?.mediaType ?? 'application/octet-stream',
			fileSize: file?.fileSize ?? 0,
			comment: file?.comment ?? '',
			mediaTypeDescription: mediaTypeDescription(file?.mediaType ?? ''),
			fileId: file?.fileId ?? '',
			collectionName: `contentId-${item.containerId ?? ''}`,
		};
	} else if (has('metadata')) {
		out.metadata = {
			...(has('metadata.labels') ? { labels: labelArray(ctx, item) } : {}),
			_expandable: { currentuser: '', comments: '', simple: '', properties: '', frontend: '' },
		};
	} else {
		expandable.metadata = '';
	}

	if (has('space') && space) out.space = presentV1Space(baseUrl, store, space);
	else expandable.space = `/rest/api/space/${spaceKey}`;

	if (has('history')) {
		const creator = store.getUser(item.authorId);
		const history: Record<string, unknown> = {
			latest: version === store.current(item),
			...(creator ? { createdBy: presentV1User(baseUrl, creator) } : {}),
			createdDate: iso(item.createdAt),
			_expandable: {
				lastUpdated: '',
				previousVersion: '',
				contributors: '',
				nextVersion: '',
			},
			_links: { self: `${baseUrl}/wiki/rest/api/content/${item.id}/history` },
		};
		if (expand.has('history.lastUpdated')) {
			history.lastUpdated = presentV1Version(ctx, item, store.current(item));
			delete (history._expandable as Record<string, string>).lastUpdated;
		}
		out.history = history;
	} else {
		expandable.history = `/rest/api/content/${item.id}/history`;
	}

	if (has('version')) out.version = presentV1Version(ctx, item, version);
	else expandable.version = '';

	if (has('ancestors')) {
		out.ancestors = store
			.ancestors(item)
			.map((ancestor) => presentV1ContentRef(baseUrl, store, ancestor));
	} else {
		expandable.ancestors = '';
	}

	if (has('container')) {
		const container = item.containerId ? store.get(item.containerId) : undefined;
		if (container) out.container = presentV1ContentRef(baseUrl, store, container);
		else if (space) out.container = presentV1Space(baseUrl, store, space);
	} else {
		expandable.container = item.containerId ? `/rest/api/content/${item.containerId}` : '';
	}

	if (has('body')) {
		const body: Record<string, unknown> = {};
		const bodyExpandable: Record<string, string> = {};
		for (const format of V1_BODY_FORMATS) {
			if (expand.has(`body.${format}`)) {
				body[format] = {
					value: bodyIn(store, version.body, format),
					representation: format,
					embeddedContent: [],
					_expandable: { content: `/rest/api/content/${item.id}` },
				};
			} else {
				bodyExpandable[format] = '';
			}
		}
		body._expandable = bodyExpandable;
		out.body = body;
	} else {
		expandable.body = '';
	}

	if (has('children')) {
		const children: Record<string, unknown> = {};
		const childExpandable: Record<string, string> = {};
		for (const type of ['page', 'attachment', 'comment'] as const) {
			if (!expand.has(`children.${type}`)) {
				childExpandable[type] = `/rest/api/content/${item.id}/child/${type}`;
				continue;
			}
			const items =
				type === 'page'
					? store.treeChildren(item.id, ['page'])
					: store.contained(item.id, type).filter((c) => c.status === 'current');
			children[type] = {
				results: items.map((child) => presentV1ContentRef(baseUrl, store, child)),
				start: 0,
				limit: 25,
				size: items.length,
				_links: { self: `${baseUrl}/wiki/rest/api/content/${item.id}/child/${type}` },
			};
		}
		children._expandable = childExpandable;
		out.children = children;
	} else {
		expandable.children = `/rest/api/content/${item.id}/child`;
	}

	if (has('operations') && options.viewer) {
		out.operations = presentOperations(store, options.viewer.accountId, item);
	} else {
		expandable.operations = '';
	}

	expandable.childTypes = '';
	expandable.restrictions = `/rest/api/content/${item.id}/restriction/byOperation`;
	expandable.descendants = `/rest/api/content/${item.id}/descendant`;
	out._expandable = expandable;

	const links: Record<string, string> = {};
	if (item.type === 'attachment') {
		links.webui = attachmentWebui(ctx, item);
		links.download = attachmentDownloadPath(item, version, { encode: true });
	} else if (item.type === 'comment') {
		links.webui = commentWebui(ctx, item);
	} else {
		const webLinks = contentLinks(store, item);
		links.webui = webLinks.webui;
		if (item.type === 'page' || item.type === 'blogpost') links.edit = webLinks.editui;
		links.tinyui = webLinks.tinyui;
	}
	links.self = `${baseUrl}/wiki/rest/api/content/${item.id}`;
	out._links = links;
	return out;
}

function labelArray(ctx: SimContext, item: ContentItem): Record<string, unknown> {
	const labels = ctx.store.labelsOf(item).map(presentV1Label);
	return {
		results: labels,
		start: 0,
		limit: 200,
		size: labels.length,
		_links: { self: `${ctx.baseUrl}/wiki/rest/api/content/${item.id}/label` },
	};
}

/** The numeric part of an attachment id (`att123` → `123`), as the web UI uses it. */
export function attachmentNumber(id: string): string {
	return id.replace(/^att/, '');
}

/**
 * `/download/attachments/{containerId}/{fileName}?version=N&modificationDate=...&cacheVersion=1&api=v2`.
 * v2 embeds the file name raw (clients must percent-encode `#`, `%`, `?` themselves: n8n-io/n8n#36713); v1 encodes it.
 */
export function attachmentDownloadPath(
	item: ContentItem,
	version: VersionRecord,
	options: { encode: boolean },
): string {
	const name = options.encode ? encodeUriText(version.title) : version.title;
	return `/download/attachments/${item.containerId ?? ''}/${name}?version=${version.number}&modificationDate=${version.createdAt.getTime()}&cacheVersion=1&api=v2`;
}

export function attachmentWebui(ctx: SimContext, item: ContentItem): string {
	const containerId = item.containerId ?? '';
	const preview = encodeUriText(`/${containerId}/${attachmentNumber(item.id)}/${item.title}`);
	return `/pages/viewpageattachments.action?pageId=${containerId}&preview=${preview}`;
}

export function commentWebui(ctx: SimContext, comment: ContentItem): string {
	const container = ctx.store.commentContainer(comment);
	if (!container) return `/spaces/${ctx.store.getSpace(comment.spaceId)?.key ?? ''}`;
	return `${contentLinks(ctx.store, container).webui}?focusedCommentId=${comment.id}`;
}

const MEDIA_TYPES: Record<string, string> = {
	txt: 'text/plain',
	csv: 'text/csv',
	md: 'text/markdown',
	html: 'text/html',
	htm: 'text/html',
	xml: 'application/xml',
	json: 'application/json',
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	svg: 'image/svg+xml',
	webp: 'image/webp',
	zip: 'application/zip',
	gz: 'application/gzip',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	mp4: 'video/mp4',
	mp3: 'audio/mpeg',
};

/**
 * Media type Confluence stores: the part's declared type, except that a generic or missing one is replaced by the
 * type of the file extension (Confluence sniffs uploads sent as application/octet-stream).
 */
export function mediaTypeFor(fileName: string, declared: string | undefined): string {
	const bare = (declared ?? '').split(';')[0].trim().toLowerCase();
	if (bare !== '' && bare !== 'application/octet-stream') return bare;
	const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
	return (extension && MEDIA_TYPES[extension]) || 'application/octet-stream';
}

export function mediaTypeDescription(mediaType: string): string {
	if (mediaType === 'application/pdf') return 'PDF Document';
	if (mediaType === 'application/zip' || mediaType === 'application/gzip') return 'Zip Archive';
	if (mediaType.startsWith('image/')) return `${mediaType.slice(6).toUpperCase()} Image`;
	if (mediaType.startsWith('text/')) return 'Text File';
	if (mediaType.includes('word')) return 'Microsoft Word Document';
	if (mediaType.includes('sheet') || mediaType.includes('excel'))
		return 'Microsoft Excel Spreadsheet';
	if (mediaType.includes('presentation') || mediaType.includes('powerpoint')) {
		return 'Microsoft PowerPoint Presentation';
	}
	if (mediaType.startsWith('video/')) return 'Video';
	if (mediaType.startsWith('audio/')) return 'Audio';
	return 'File';
}

/** Epoch-ms query value (`created-at-from=...`); 400 when it is not an integer. */
export function queryEpochMs(query: Query, name: string): number | undefined {
	const raw = query[name];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === '') return undefined;
	if (!/^-?\d+$/.test(value)) {
		throw errors.invalidParameter(
			`Provided value for '${name}' is not the correct type. Expected type is long.`,
		);
	}
	return Number(value);
}

/** Tunables of a site (not open questions about Confluence: those are variants, reality.ts). */
export interface SimTunables {
	/** Uploads above this size are refused (Confluence Cloud's limit is configurable per site). */
	maxAttachmentBytes: number;
	/** Delay (sim clock) before new or edited content becomes searchable, like Confluence's index lag. */
	searchIndexLagMs: number;
}

const SETTINGS_KEY = 'part2.settings';

export const DEFAULT_SETTINGS: Readonly<SimTunables> = {
	maxAttachmentBytes: 250 * 1024 * 1024,
	searchIndexLagMs: 0,
};

/** Tunables of the part-2 routes; they live in the store so `sim.reset()` restores the defaults. */
export function simSettings(store: Store): SimTunables {
	let settings = store.extensions.get(SETTINGS_KEY) as SimTunables | undefined;
	if (!settings) {
		settings = { ...DEFAULT_SETTINGS };
		store.extensions.set(SETTINGS_KEY, settings);
	}
	return settings;
}

/** `{version-number}` of a v2 version-detail path, digits only. */
export function versionNumberParam(raw: string): number {
	if (!/^\d+$/.test(raw)) {
		throw errors.invalidParameter(
			"Provided value for 'version-number' is not the correct type. Expected type is integer.",
		);
	}
	return Number(raw);
}

/** A v2 version detail (`…/versions/{version-number}`) with its neighbours' numbers; 404 for a number never written. */
export function presentVersionDetail(
	versions: VersionRecord[],
	number: number,
): Record<string, unknown> {
	const index = versions.findIndex((v) => v.number === number);
	if (index < 0) throw errors.notFound();
	const version = versions[index];
	const detail: Record<string, unknown> = {
		number: version.number,
		authorId: version.authorId,
		message: version.message,
		createdAt: iso(version.createdAt),
		minorEdit: version.minorEdit,
		contentTypeModified: false,
		collaborators: version.collaborators,
	};
	if (index > 0) detail.prevVersion = versions[index - 1].number;
	if (index < versions.length - 1) detail.nextVersion = versions[index + 1].number;
	return detail;
}

/** The content at a v1 `content/{id}/…` path, or v1's NotFoundException 404 when it is missing or hidden from the caller. */
export function v1ViewableContent(ctx: SimContext, req: SimRequest): ContentItem {
	const item = ctx.store.get(req.params.id);
	if (!item || !ctx.store.canView(ctx.user(req).accountId, item)) {
		throw errors.notFound(
			'Not Found',
			`com.atlassian.confluence.api.service.exceptions.NotFoundException: No content found with id : ${req.params.id}`,
		);
	}
	return item;
}
