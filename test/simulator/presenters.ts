/* Store records → API JSON (v2 and v1 shapes). Bodies are kept as written and converted here on read:
 * storage written → ADF/view derived; ADF written → returned verbatim as atlas_doc_format, storage/view derived. */
import { encodeUriText } from './http';
import { adfToStorage, parseAdf, storageToAdf, storageToText, storageToView } from './convert';
import {
	HIERARCHY_TYPES,
	type BodyRecord,
	type ContentItem,
	type LabelRecord,
	type PropertyRecord,
	type SpaceRecord,
	type Store,
	type UserRecord,
	type VersionRecord,
} from './store';

export type BodyFormat =
	| 'storage'
	| 'atlas_doc_format'
	| 'view'
	| 'export_view'
	| 'anonymous_export_view'
	| 'styled_view'
	| 'editor'
	| 'raw';

export const BULK_BODY_FORMATS = ['storage', 'atlas_doc_format'] as const;
export const SINGLE_BODY_FORMATS = [
	'storage',
	'atlas_doc_format',
	'view',
	'export_view',
	'anonymous_export_view',
	'styled_view',
	'editor',
] as const;

const conversionCache = new WeakMap<BodyRecord, Map<string, string>>();

/** The body in the requested representation. */
export function bodyIn(store: Store, body: BodyRecord | undefined, format: BodyFormat): string {
	if (!body)
		return format === 'atlas_doc_format'
			? JSON.stringify({ type: 'doc', version: 1, content: [] })
			: '';
	if (body.representation === format) return body.value;
	let cache = conversionCache.get(body);
	if (!cache) {
		cache = new Map();
		conversionCache.set(body, cache);
	}
	const cached = cache.get(format);
	if (cached !== undefined) return cached;
	const storage = (): string => {
		if (
			body.representation === 'storage' ||
			body.representation === 'raw' ||
			body.representation === 'wiki'
		) {
			return body.value;
		}
		try {
			return adfToStorage(parseAdf(body.value));
		} catch {
			return '';
		}
	};
	let value: string;
	switch (format) {
		case 'storage':
		case 'editor':
		case 'raw':
			value = storage();
			break;
		case 'atlas_doc_format':
			value = JSON.stringify(storageToAdf(storage()));
			break;
		default:
			value = storageToView(storage(), (accountId) => store.getUser(accountId)?.displayName);
	}
	cache.set(format, value);
	return value;
}

export function plainText(store: Store, body: BodyRecord | undefined): string {
	return storageToText(bodyIn(store, body, 'storage'));
}

export function presentBody(
	store: Store,
	body: BodyRecord | undefined,
	format: BodyFormat | undefined,
): Record<string, { representation: string; value: string }> {
	if (!format) return {};
	return { [format]: { representation: format, value: bodyIn(store, body, format) } };
}

export function iso(date: Date): string {
	return date.toISOString();
}

export function presentVersion(version: VersionRecord): {
	createdAt: string;
	message: string;
	number: number;
	minorEdit: boolean;
	authorId: string;
} {
	return {
		createdAt: iso(version.createdAt),
		message: version.message,
		number: version.number,
		minorEdit: version.minorEdit,
		authorId: version.authorId,
	};
}

export function presentLabel(label: LabelRecord): { id: string; name: string; prefix: string } {
	return { id: label.id, name: label.name, prefix: label.prefix };
}

/** v1 Label (`label` is the prefixed form for non-global labels). */
export function presentV1Label(label: LabelRecord): {
	prefix: string;
	name: string;
	id: string;
	label: string;
} {
	return { prefix: label.prefix, name: label.name, id: label.id, label: label.name };
}

export function presentProperty(property: PropertyRecord): {
	id: string;
	key: string;
	value: unknown;
	version: ReturnType<typeof presentVersion>;
} {
	return {
		id: property.id,
		key: property.key,
		value: property.value,
		version: {
			createdAt: iso(property.version.createdAt),
			message: property.version.message,
			number: property.version.number,
			minorEdit: property.version.minorEdit,
			authorId: property.version.authorId,
		},
	};
}

export function presentSpaceProperty(property: PropertyRecord): Record<string, unknown> {
	return {
		id: property.id,
		key: property.key,
		value: property.value,
		createdAt: iso(property.createdAt),
		createdBy: property.createdBy,
		version: {
			createdAt: iso(property.version.createdAt),
			createdBy: property.version.authorId,
			message: property.version.message,
			number: property.version.number,
		},
	};
}

function slug(title: string): string {
	return encodeUriText(title.replace(/\s+/g, '+')).replace(/%2B/g, '+');
}

/** Tiny link id: base64 of the little-endian id, as Confluence's /x/ links. */
function tinyId(id: string): string {
	let n = Number(id.replace(/\D/g, '') || '0');
	const bytes: number[] = [];
	while (n > 0) {
		bytes.push(n % 256);
		n = Math.floor(n / 256);
	}
	return Buffer.from(bytes).toString('base64url');
}

export function contentLinks(
	store: Store,
	item: ContentItem,
): { webui: string; editui: string; tinyui: string } {
	const space = store.getSpace(item.spaceId);
	const key = space?.key ?? '';
	let webui: string;
	if (item.type === 'blogpost') {
		const d = item.createdAt;
		const date = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
		webui = `/spaces/${key}/blog/${date}/${item.id}/${slug(item.title)}`;
	} else if (item.type === 'page') {
		webui = `/spaces/${key}/pages/${item.id}/${slug(item.title)}`;
	} else {
		webui = `/spaces/${key}/${item.type}/${item.id}`;
	}
	return {
		webui,
		editui: `/pages/resumedraft.action?draftId=${item.id}`,
		tinyui: `/x/${tinyId(item.id)}`,
	};
}

export function presentOperations(
	store: Store,
	accountId: string,
	item: ContentItem,
): Array<{ operation: string; targetType: string }> {
	const targetType = item.type === 'custom-content' ? 'custom_content' : item.type;
	const ops = [{ operation: 'read', targetType }];
	const space = store.getSpace(item.spaceId);
	if (store.canEdit(accountId, item)) {
		ops.push({ operation: 'update', targetType });
		if (space && store.hasSpacePermission(accountId, space, 'delete', item.type))
			ops.push({ operation: 'delete', targetType });
	}
	return ops;
}

export interface PageView {
	/** The version to render (historical reads); default current (or the draft for drafts). */
	version?: VersionRecord;
	bodyFormat?: BodyFormat;
	/** Single-object GET (PageSingle/BlogPostSingle); bulk lists omit parent fields for blog posts anyway. */
	includeVersion?: boolean;
	statusOverride?: ContentItem['status'];
}

/** v2 Page/BlogPost (bulk or single, without the include-* blocks). */
export function presentPageLike(
	store: Store,
	item: ContentItem,
	view: PageView = {},
): Record<string, unknown> {
	const version = view.version ?? store.current(item);
	const out: Record<string, unknown> = {
		id: item.id,
		status: view.statusOverride ?? item.status,
		title: version.title,
		spaceId: item.spaceId,
	};
	if (item.type === 'page') {
		const parent = item.parentId ? store.get(item.parentId) : undefined;
		if (parent) {
			out.parentId = parent.id;
			out.parentType = parent.type;
		}
		out.position = item.position;
	}
	out.authorId = item.authorId;
	if (item.type === 'page') {
		out.ownerId = item.ownerId;
		if (item.lastOwnerId) out.lastOwnerId = item.lastOwnerId;
		if (item.subtype) out.subtype = item.subtype;
	}
	out.createdAt = iso(item.createdAt);
	if (view.includeVersion !== false) out.version = presentVersion(version);
	out.body = presentBody(store, version.body, view.bodyFormat);
	out._links = contentLinks(store, item);
	return out;
}

/** Children/descendants item shapes (types other than page are reported by their own type). */
export function presentChild(item: ContentItem): Record<string, unknown> {
	return {
		id: item.id,
		status: item.status === 'archived' ? 'archived' : 'current',
		title: item.title,
		type: item.type,
		spaceId: item.spaceId,
		childPosition: item.position,
	};
}

export function isHierarchy(item: ContentItem): boolean {
	return HIERARCHY_TYPES.includes(item.type);
}

export function spaceLinks(space: SpaceRecord): { webui: string } {
	return { webui: `/spaces/${space.key}` };
}

export function presentSpace(
	space: SpaceRecord,
	options: { descriptionFormat?: 'plain' | 'view'; includeIcon?: boolean } = {},
): Record<string, unknown> {
	const out: Record<string, unknown> = {
		id: space.id,
		key: space.key,
		name: space.name,
		type: space.type,
		status: space.status,
		authorId: space.authorId,
		spaceOwnerId: space.ownerId,
		createdAt: iso(space.createdAt),
		homepageId: space.homepageId ?? '',
		description: null,
		icon: null,
		_links: spaceLinks(space),
	};
	if (!space.homepageId) delete out.homepageId;
	if (options.descriptionFormat === 'plain') {
		out.description = { plain: { representation: 'plain', value: space.description } };
	} else if (options.descriptionFormat === 'view') {
		out.description = {
			view: {
				representation: 'view',
				value: space.description ? `<p>${escapeHtml(space.description)}</p>` : '',
			},
		};
	} else {
		delete out.description;
	}
	if (options.includeIcon) {
		out.icon = {
			path: '/images/logo/default-space-logo.svg',
			apiDownloadLink: '/download/attachments/space-icon.svg',
		};
	} else {
		delete out.icon;
	}
	return out;
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function profilePicture(user: UserRecord): {
	path: string;
	width: number;
	height: number;
	isDefault: boolean;
} {
	return { path: `/wiki/aa-avatar/${user.accountId}`, width: 48, height: 48, isDefault: true };
}

/** v1 User. */
export function presentV1User(baseUrl: string, user: UserRecord): Record<string, unknown> {
	return {
		type: 'known',
		accountId: user.accountId,
		accountType: user.accountType,
		email: user.email,
		publicName: user.publicName,
		profilePicture: profilePicture(user),
		displayName: user.displayName,
		timeZone: user.timeZone,
		isExternalCollaborator: user.isExternalCollaborator,
		externalCollaborator: user.isExternalCollaborator,
		isGuest: user.isGuest,
		_expandable: { operations: '', personalSpace: '' },
		_links: {
			self: `${baseUrl}/wiki/rest/api/user?accountId=${encodeUriText(user.accountId)}`,
			base: `${baseUrl}/wiki`,
			context: '/wiki',
		},
	};
}

/** v2 User (users-bulk). */
export function presentV2User(user: UserRecord): Record<string, unknown> {
	return {
		displayName: user.displayName,
		timeZone: user.timeZone,
		...(user.personalSpaceId ? { personalSpaceId: user.personalSpaceId } : {}),
		isExternalCollaborator: user.isExternalCollaborator,
		accountStatus: user.accountStatus,
		accountId: user.accountId,
		email: user.email,
		accountType: user.accountType,
		publicName: user.publicName,
		profilePicture: profilePicture(user),
	};
}

/** v1 Space. */
export function presentV1Space(
	baseUrl: string,
	store: Store,
	space: SpaceRecord,
): Record<string, unknown> {
	const homepage = space.homepageId ? store.get(space.homepageId) : undefined;
	return {
		id: Number(space.id),
		key: space.key,
		name: space.name,
		icon: { path: '/images/logo/default-space-logo.svg', width: 48, height: 48, isDefault: true },
		description: {
			plain: { value: space.description, representation: 'plain', embeddedContent: [] },
			_expandable: { view: '' },
		},
		...(homepage
			? {
					homepage: {
						id: homepage.id,
						type: 'page',
						status: homepage.status,
						title: homepage.title,
						_expandable: { space: `/rest/api/space/${space.key}` },
						_links: {
							self: `${baseUrl}/wiki/rest/api/content/${homepage.id}`,
							webui: contentLinks(store, homepage).webui,
						},
					},
				}
			: {}),
		type: space.type === 'personal' ? 'personal' : 'global',
		status: space.status,
		_expandable: {
			settings: `/rest/api/space/${space.key}/settings`,
			metadata: '',
			operations: '',
			lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${space.key}`,
			permissions: '',
			theme: `/rest/api/space/${space.key}/theme`,
			history: '',
		},
		_links: {
			webui: `/spaces/${space.key}`,
			self: `${baseUrl}/wiki/rest/api/space/${space.key}`,
			base: `${baseUrl}/wiki`,
			context: '/wiki',
		},
	};
}

/** Minimal v1 Content for responses that embed content (restrictions, long tasks, ...). */
export function presentV1ContentRef(
	baseUrl: string,
	store: Store,
	item: ContentItem,
): Record<string, unknown> {
	return {
		id: item.id,
		type: item.type === 'custom-content' ? String(item.extra.customType ?? 'custom') : item.type,
		status: item.status,
		title: item.title,
		_expandable: { space: `/rest/api/space/${store.getSpace(item.spaceId)?.key ?? ''}` },
		_links: {
			self: `${baseUrl}/wiki/rest/api/content/${item.id}`,
			webui: contentLinks(store, item).webui,
		},
	};
}
