/* The simulator's in-memory Confluence: the single source of truth for every route module and for tests.
 * Records use JS types (Date, arrays of ids); route modules shape them into API JSON. Store methods enforce the data
 * rules that hold no matter how a change arrives (unique titles, trash before purge, ...) and throw ApiError, so HTTP
 * routes can let those errors through and direct callers see the same rules. */
import type { SimClock } from './clock';
import { ApiError, errors } from './http';
import { compareIds } from './pagination';

export type ContentType =
	| 'page'
	| 'blogpost'
	| 'whiteboard'
	| 'database'
	| 'embed'
	| 'folder'
	| 'attachment'
	| 'comment'
	| 'custom-content';

/** Content types that live in the page tree (parentId/ancestors/descendants/direct-children). */
export const HIERARCHY_TYPES: readonly ContentType[] = [
	'page',
	'whiteboard',
	'database',
	'embed',
	'folder',
];

export type ContentStatus = 'current' | 'draft' | 'trashed' | 'deleted' | 'historical' | 'archived';

export type BodyRepresentation = 'storage' | 'atlas_doc_format' | 'wiki' | 'raw';

/** A body exactly as it was written (conversion happens when it is read: see convert.ts / presenters.ts). */
export interface BodyRecord {
	representation: BodyRepresentation;
	value: string;
}

export interface FileVersion {
	data: Buffer;
	mediaType: string;
	fileSize: number;
	/** Version comment (`comment` multipart field). */
	comment?: string;
	/** Media-services file id (UUID-like). */
	fileId: string;
}

export interface VersionRecord {
	number: number;
	createdAt: Date;
	authorId: string;
	message: string;
	minorEdit: boolean;
	title: string;
	body?: BodyRecord;
	/** Attachment bytes of this version. */
	file?: FileVersion;
	collaborators: string[];
}

export interface RestrictionSet {
	/** account ids */
	users: string[];
	/** group ids */
	groups: string[];
}

export interface LikeRecord {
	accountId: string;
	at: Date;
}

export interface CommentInfo {
	location: 'footer' | 'inline';
	/** inline: open | reopened | resolved | dangling */
	resolutionStatus?: 'open' | 'reopened' | 'resolved' | 'dangling';
	textSelection?: string;
	textSelectionMatchCount?: number;
	textSelectionMatchIndex?: number;
	markerRef?: string;
}

export interface ContentItem {
	id: string;
	type: ContentType;
	status: ContentStatus;
	/** Title of the current version (kept in sync with the last version record). */
	title: string;
	spaceId: string;
	/** Tree parent for hierarchy types; the parent comment for comment replies. */
	parentId?: string;
	/** Owning page/blog post/... of an attachment, comment or custom content. */
	containerId?: string;
	position: number;
	authorId: string;
	ownerId: string;
	lastOwnerId?: string;
	createdAt: Date;
	/** History, oldest first; the last entry is the current version. */
	versions: VersionRecord[];
	/** Unpublished edit draft of a published item (status stays `current`). */
	draft?: VersionRecord;
	labelIds: string[];
	likes: LikeRecord[];
	restrictions: { read: RestrictionSet; update: RestrictionSet };
	subtype?: string;
	/** Status before trashing (restored on restore). */
	statusBeforeTrash?: ContentStatus;
	/** comments only */
	comment?: CommentInfo;
	/** custom content type key, whiteboard template, embed URL, ... */
	extra: Record<string, unknown>;
}

export interface SpacePermissionRecord {
	id: string;
	principal: { type: 'user' | 'group' | 'role'; id: string };
	operation: { key: string; targetType: string };
}

export interface SpaceRecord {
	id: string;
	key: string;
	name: string;
	type: 'global' | 'collaboration' | 'knowledge_base' | 'personal';
	status: 'current' | 'archived';
	authorId: string;
	ownerId: string;
	createdAt: Date;
	homepageId?: string;
	description: string;
	labelIds: string[];
	permissions: SpacePermissionRecord[];
	/** Created through `/space/_private`: only the creator can see it. */
	private: boolean;
}

export interface UserRecord {
	accountId: string;
	email: string;
	displayName: string;
	publicName: string;
	/** API token for Basic auth (none = the user cannot use Basic auth). */
	apiToken?: string;
	admin: boolean;
	timeZone: string;
	accountType: 'atlassian' | 'app';
	accountStatus: 'active' | 'inactive' | 'closed';
	/** group ids */
	groups: string[];
	isGuest: boolean;
	isExternalCollaborator: boolean;
	personalSpaceId?: string;
}

export interface GroupRecord {
	id: string;
	name: string;
}

export interface LabelRecord {
	id: string;
	name: string;
	prefix: 'global' | 'my' | 'team' | 'system';
	createdAt: Date;
	/** owner of a `my:` label */
	ownerId?: string;
}

export interface PropertyRecord {
	id: string;
	ownerKind: 'content' | 'space';
	ownerId: string;
	key: string;
	value: unknown;
	createdAt: Date;
	createdBy: string;
	version: {
		number: number;
		createdAt: Date;
		authorId: string;
		message: string;
		minorEdit: boolean;
	};
}

export interface TaskRecord {
	id: string;
	localId: string;
	spaceId: string;
	pageId?: string;
	blogPostId?: string;
	status: 'complete' | 'incomplete';
	/** storage-format body of the task item */
	body: string;
	createdBy: string;
	assignedTo?: string;
	completedBy?: string;
	createdAt: Date;
	updatedAt: Date;
	dueAt?: Date;
	completedAt?: Date;
}

/** v1 AuditRecord shape (author is resolved when stored). */
export interface AuditRecord {
	author: {
		type: 'user';
		displayName: string;
		operations: Array<{ operation: string; targetType: string }>;
		username: string;
		userKey: string;
		accountId: string;
		accountType: string;
		externalCollaborator: boolean;
		isExternalCollaborator: boolean;
		isGuest: boolean;
		publicName: string;
	};
	remoteAddress: string;
	creationDate: number;
	summary: string;
	description: string;
	category: string;
	sysAdmin: boolean;
	superAdmin: boolean;
	affectedObject: { name: string; objectType: string };
	changedValues: Array<{
		name: string;
		oldValue: string;
		hiddenOldValue?: string;
		newValue: string;
		hiddenNewValue?: string;
	}>;
	associatedObjects: Array<{ name: string; objectType: string }>;
}

export interface LongTaskRecord {
	id: string;
	name: { key: string; args: string[] };
	createdAt: Date;
	/** Status polls answered so far. */
	polls: number;
	/** Polls until finished (the task also finishes once `durationMs` of sim clock has passed). */
	pollsToFinish: number;
	durationMs: number;
	finished: boolean;
	successful: boolean;
	messages: Array<{ translation: string; args: string[] }>;
	errors: Array<{ translation: string; args: string[] }>;
	/** Applied once when the task finishes (e.g. the space is removed). */
	onFinish?: () => void;
	status?: string;
}

export interface WriteContext {
	/** The acting user (defaults to the item's author or the demo user). */
	actorId?: string;
	remoteAddress?: string;
}

export interface NewContentInput {
	spaceId: string;
	title?: string;
	/** Storage XHTML by default; see `representation`. */
	body?: string;
	representation?: BodyRepresentation;
	parentId?: string;
	/** Page at the space root instead of under the homepage. */
	rootLevel?: boolean;
	authorId?: string;
	status?: 'current' | 'draft' | 'archived';
	createdAt?: Date;
	/** Restrict reading (and editing) to the author. */
	private?: boolean;
	subtype?: string;
	message?: string;
	containerId?: string;
	extra?: Record<string, unknown>;
}

export interface ContentUpdateInput {
	title?: string;
	body?: string;
	representation?: BodyRepresentation;
	message?: string;
	minorEdit?: boolean;
	authorId?: string;
	parentId?: string;
	ownerId?: string;
	file?: FileVersion;
	createdAt?: Date;
}

export const DEMO_USER = {
	accountId: '557058:f1a7c5e0-demo-4c1b-9a8e-000000000001',
	email: 'demo@example.com',
	apiToken: 'demo-token',
	displayName: 'Demo User',
} as const;

export const GROUP_USERS = { id: 'b1f0d7c4-0000-4000-8000-000000000001', name: 'confluence-users' };
export const GROUP_ADMINS = {
	id: 'b1f0d7c4-0000-4000-8000-000000000002',
	name: 'confluence-admins',
};

const EMPTY_RESTRICTIONS = (): { read: RestrictionSet; update: RestrictionSet } => ({
	read: { users: [], groups: [] },
	update: { users: [], groups: [] },
});

function titleKey(spaceId: string, type: ContentType, title: string): string {
	return `${spaceId}\u0000${type}\u0000${title.toLowerCase()}`;
}

function parentKey(item: {
	spaceId: string;
	parentId?: string;
	type: ContentType;
	containerId?: string;
}): string {
	if (item.parentId) return item.parentId;
	if (item.containerId) return `container:${item.containerId}`;
	return `space:${item.spaceId}:${HIERARCHY_TYPES.includes(item.type) ? 'tree' : item.type}`;
}

export class Store {
	users = new Map<string, UserRecord>();
	groups = new Map<string, GroupRecord>();
	spaces = new Map<string, SpaceRecord>();
	content = new Map<string, ContentItem>();
	labels = new Map<string, LabelRecord>();
	properties = new Map<string, PropertyRecord>();
	tasks = new Map<string, TaskRecord>();
	longTasks = new Map<string, LongTaskRecord>();
	audit: AuditRecord[] = [];
	/** Free-form namespaced state for route modules that need more than the records above. */
	extensions = new Map<string, unknown>();
	/** When false, writes are not audited (bulk seeding). */
	auditEnabled = true;

	private seq = 0;
	private spaceKeyIndex = new Map<string, string>();
	private titleIndex = new Map<string, string>();
	private childIndex = new Map<string, string[]>();
	private labelIndex = new Map<string, string>();
	private propertyIndex = new Map<string, string[]>();

	constructor(private readonly clock: SimClock) {
		this.clear();
	}

	/** Empties everything and re-creates the demo user and default groups. */
	clear(): void {
		this.users.clear();
		this.groups.clear();
		this.spaces.clear();
		this.content.clear();
		this.labels.clear();
		this.properties.clear();
		this.tasks.clear();
		this.longTasks.clear();
		this.audit.length = 0;
		this.extensions.clear();
		this.spaceKeyIndex.clear();
		this.titleIndex.clear();
		this.childIndex.clear();
		this.labelIndex.clear();
		this.propertyIndex.clear();
		this.seq = 0;
		this.auditEnabled = true;
		this.groups.set(GROUP_USERS.id, { ...GROUP_USERS });
		this.groups.set(GROUP_ADMINS.id, { ...GROUP_ADMINS });
		this.addUser({
			accountId: DEMO_USER.accountId,
			email: DEMO_USER.email,
			apiToken: DEMO_USER.apiToken,
			displayName: DEMO_USER.displayName,
			admin: true,
		});
	}

	/** Runs `fn` without audit records (seeding). */
	silently<T>(fn: () => T): T {
		const before = this.auditEnabled;
		this.auditEnabled = false;
		try {
			return fn();
		} finally {
			this.auditEnabled = before;
		}
	}

	now(): Date {
		return this.clock.now();
	}

	/** Next numeric id (shared by all record kinds, like Confluence's global content ids). */
	nextId(): string {
		this.seq++;
		return String(65536 + this.seq * 3);
	}

	// ---------------------------------------------------------------- users & groups

	addUser(input: {
		accountId?: string;
		email: string;
		displayName: string;
		apiToken?: string;
		admin?: boolean;
		publicName?: string;
		timeZone?: string;
		groups?: string[];
		accountType?: 'atlassian' | 'app';
		isGuest?: boolean;
	}): UserRecord {
		const accountId =
			input.accountId ??
			`557058:${Buffer.from(input.email)
				.toString('hex')
				.padEnd(32, '0')
				.slice(0, 32)
				.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`;
		if (this.users.has(accountId)) throw new Error(`User ${accountId} exists`);
		const groups = input.groups ?? [GROUP_USERS.id, ...(input.admin ? [GROUP_ADMINS.id] : [])];
		const user: UserRecord = {
			accountId,
			email: input.email,
			displayName: input.displayName,
			publicName: input.publicName ?? input.displayName,
			apiToken: input.apiToken,
			admin: input.admin ?? false,
			timeZone: input.timeZone ?? 'Etc/UTC',
			accountType: input.accountType ?? 'atlassian',
			accountStatus: 'active',
			groups,
			isGuest: input.isGuest ?? false,
			isExternalCollaborator: false,
		};
		this.users.set(accountId, user);
		return user;
	}

	getUser(accountId: string): UserRecord | undefined {
		return this.users.get(accountId);
	}

	userByEmail(email: string): UserRecord | undefined {
		const lower = email.toLowerCase();
		for (const user of this.users.values()) if (user.email.toLowerCase() === lower) return user;
		return undefined;
	}

	get demoUser(): UserRecord {
		return this.users.get(DEMO_USER.accountId) as UserRecord;
	}

	// ---------------------------------------------------------------- audit

	recordAudit(
		input: {
			summary: string;
			category: string;
			affectedObject: { name: string; objectType: string };
			description?: string;
			changedValues?: AuditRecord['changedValues'];
			associatedObjects?: AuditRecord['associatedObjects'];
		},
		ctx: WriteContext = {},
	): AuditRecord | undefined {
		if (!this.auditEnabled) return undefined;
		const actor = this.users.get(ctx.actorId ?? DEMO_USER.accountId) ?? this.demoUser;
		const record: AuditRecord = {
			author: {
				type: 'user',
				displayName: actor.displayName,
				operations: [],
				username: '',
				userKey: '',
				accountId: actor.accountId,
				accountType: actor.accountType,
				externalCollaborator: actor.isExternalCollaborator,
				isExternalCollaborator: actor.isExternalCollaborator,
				isGuest: actor.isGuest,
				publicName: actor.publicName,
			},
			remoteAddress: ctx.remoteAddress ?? '127.0.0.1',
			creationDate: this.now().getTime(),
			summary: input.summary,
			description: input.description ?? '',
			category: input.category,
			sysAdmin: actor.admin,
			superAdmin: false,
			affectedObject: input.affectedObject,
			changedValues: input.changedValues ?? [],
			associatedObjects: input.associatedObjects ?? [],
		};
		this.audit.push(record);
		return record;
	}

	// ---------------------------------------------------------------- spaces

	createSpace(
		input: {
			key: string;
			name: string;
			description?: string;
			type?: SpaceRecord['type'];
			authorId?: string;
			private?: boolean;
			createdAt?: Date;
			/** Homepage title; default `<name> Home`. */
			homepageTitle?: string;
			homepageBody?: string;
		},
		ctx: WriteContext = {},
	): SpaceRecord {
		const key = input.key;
		if (
			!/^[A-Za-z0-9]{1,255}$/.test(key) &&
			!(input.type === 'personal' && /^~[A-Za-z0-9:-]+$/.test(key))
		) {
			throw errors.badRequest(
				`Space key ${key} is invalid. Space keys can only contain alphanumeric characters (a-z, A-Z, 0-9).`,
			);
		}
		if (this.spaceKeyIndex.has(key.toUpperCase())) {
			throw errors.badRequest(`A space already exists with key ${key}`);
		}
		const authorId = ctx.actorId ?? input.authorId ?? DEMO_USER.accountId;
		const id = this.nextId();
		const space: SpaceRecord = {
			id,
			key,
			name: input.name,
			type: input.type ?? 'global',
			status: 'current',
			authorId,
			ownerId: authorId,
			createdAt: input.createdAt ?? this.now(),
			description: input.description ?? '',
			labelIds: [],
			permissions: [],
			private: input.private ?? false,
		};
		const grant = (type: 'user' | 'group', principalId: string, key: string, targetType: string) =>
			space.permissions.push({
				id: this.nextId(),
				principal: { type, id: principalId },
				operation: { key, targetType },
			});
		for (const [op, target] of SPACE_PERMISSION_GRANTS) grant('user', authorId, op, target);
		if (!space.private) {
			for (const [op, target] of SPACE_PERMISSION_GRANTS) {
				if (op === 'administer' || op === 'purge' || op === 'restrict_content') continue;
				grant('group', GROUP_USERS.id, op, target);
			}
		}
		this.spaces.set(id, space);
		this.spaceKeyIndex.set(key.toUpperCase(), id);
		const homepage = this.createContent(
			'page',
			{
				spaceId: id,
				title: input.homepageTitle ?? `${input.name} Home`,
				body: input.homepageBody ?? `<p>Welcome to ${escapeXml(input.name)}.</p>`,
				rootLevel: true,
				authorId,
				createdAt: space.createdAt,
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		space.homepageId = homepage.id;
		this.recordAudit(
			{
				summary: 'Space created',
				category: 'Spaces',
				affectedObject: { name: space.name, objectType: 'Space' },
				associatedObjects: [{ name: space.key, objectType: 'Space key' }],
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		return space;
	}

	getSpace(id: string): SpaceRecord | undefined {
		return this.spaces.get(id);
	}

	spaceByKey(key: string): SpaceRecord | undefined {
		const id = this.spaceKeyIndex.get(key.toUpperCase());
		return id ? this.spaces.get(id) : undefined;
	}

	requireSpace(id: string): SpaceRecord {
		const space = this.spaces.get(id);
		if (!space) throw errors.notFound();
		return space;
	}

	/** Permanently removes a space with all its content and properties. */
	deleteSpace(id: string, ctx: WriteContext = {}): void {
		const space = this.requireSpace(id);
		for (const item of [...this.content.values()]) {
			if (item.spaceId === id) this.removeContentRecord(item);
		}
		for (const property of [...this.properties.values()]) {
			if (property.ownerKind === 'space' && property.ownerId === id) this.removeProperty(property);
		}
		for (const task of [...this.tasks.values()])
			if (task.spaceId === id) this.tasks.delete(task.id);
		this.spaces.delete(id);
		this.spaceKeyIndex.delete(space.key.toUpperCase());
		this.recordAudit(
			{
				summary: 'Space deleted',
				category: 'Spaces',
				affectedObject: { name: space.name, objectType: 'Space' },
				associatedObjects: [{ name: space.key, objectType: 'Space key' }],
			},
			ctx,
		);
	}

	// ---------------------------------------------------------------- content

	get(id: string): ContentItem | undefined {
		return this.content.get(id);
	}

	/** The item if it exists with one of the given types, else 404. */
	require(id: string, types?: ContentType | readonly ContentType[]): ContentItem {
		const item = this.content.get(id);
		const allowed = types === undefined ? undefined : Array.isArray(types) ? types : [types];
		if (!item || (allowed && !allowed.includes(item.type))) throw errors.notFound();
		return item;
	}

	current(item: ContentItem): VersionRecord {
		return item.versions[item.versions.length - 1];
	}

	/**
	 * Creates a page, blog post, whiteboard, folder, database, embed, comment, attachment or custom content.
	 * Pages default to living under the space homepage (unless rootLevel). Titles of current pages and blog posts are
	 * unique per space (400 otherwise).
	 */
	createContent(type: ContentType, input: NewContentInput, ctx: WriteContext = {}): ContentItem {
		const space = this.requireSpace(input.spaceId);
		const status = input.status ?? 'current';
		const title = input.title ?? '';
		const authorId = input.authorId ?? ctx.actorId ?? DEMO_USER.accountId;
		if ((type === 'page' || type === 'blogpost') && status !== 'draft' && title.trim() === '') {
			throw errors.badRequest('Title is required for non-draft content.');
		}
		let parentId = input.parentId;
		if (HIERARCHY_TYPES.includes(type)) {
			if (parentId) {
				const parent = this.content.get(parentId);
				if (!parent || !HIERARCHY_TYPES.includes(parent.type) || parent.status === 'trashed') {
					throw errors.notFound('Parent not found');
				}
				if (parent.spaceId !== space.id) {
					throw errors.badRequest('The parent must be in the same space as the content.');
				}
			} else if (!input.rootLevel && space.homepageId && this.content.has(space.homepageId)) {
				parentId = space.homepageId;
			}
		}
		if (status !== 'draft') this.assertTitleFree(space.id, type, title);
		const createdAt = input.createdAt ?? this.now();
		const id = type === 'attachment' ? `att${this.nextId()}` : this.nextId();
		const item: ContentItem = {
			id,
			type,
			status,
			title,
			spaceId: space.id,
			parentId,
			containerId: input.containerId,
			position: 0,
			authorId,
			ownerId: authorId,
			createdAt,
			versions: [
				{
					number: 1,
					createdAt,
					authorId,
					message: input.message ?? '',
					minorEdit: false,
					title,
					body:
						input.body === undefined
							? undefined
							: { representation: input.representation ?? 'storage', value: input.body },
					collaborators: [authorId],
				},
			],
			labelIds: [],
			likes: [],
			restrictions: EMPTY_RESTRICTIONS(),
			subtype: input.subtype,
			extra: { ...(input.extra ?? {}) },
		};
		if (input.private) {
			item.restrictions.read.users = [authorId];
			item.restrictions.update.users = [authorId];
		}
		this.content.set(id, item);
		this.attachChild(item);
		if (status !== 'draft') this.indexTitle(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[type]} created`,
				category: 'Content',
				affectedObject: { name: title, objectType: AUDIT_NAMES[type] },
				associatedObjects: [{ name: space.name, objectType: 'Space' }],
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		return item;
	}

	createPage(input: NewContentInput, ctx?: WriteContext): ContentItem {
		return this.createContent('page', input, ctx);
	}

	createBlogPost(input: NewContentInput, ctx?: WriteContext): ContentItem {
		return this.createContent('blogpost', { ...input, rootLevel: true }, ctx);
	}

	/**
	 * Adds a new version (no version-number check: that is the HTTP contract, see routes/content.ts).
	 * Moving (parentId) and ownership transfer happen in place.
	 */
	updateContent(id: string, input: ContentUpdateInput, ctx: WriteContext = {}): ContentItem {
		const item = this.require(id);
		const previous = this.current(item);
		const authorId = input.authorId ?? ctx.actorId ?? DEMO_USER.accountId;
		const title = input.title ?? item.title;
		if (title !== item.title && item.status !== 'draft') {
			this.assertTitleFree(item.spaceId, item.type, title, item.id);
		}
		if (input.parentId !== undefined && input.parentId !== item.parentId)
			this.move(item, input.parentId);
		if (input.ownerId !== undefined && input.ownerId !== item.ownerId) {
			if (!this.users.has(input.ownerId)) throw errors.badRequest('Owner account does not exist.');
			item.lastOwnerId = item.ownerId;
			item.ownerId = input.ownerId;
		}
		const version: VersionRecord = {
			number: previous.number + 1,
			createdAt: input.createdAt ?? this.now(),
			authorId,
			message: input.message ?? '',
			minorEdit: input.minorEdit ?? false,
			title,
			body:
				input.body === undefined
					? previous.body
					: { representation: input.representation ?? 'storage', value: input.body },
			file: input.file ?? previous.file,
			collaborators: [authorId],
		};
		this.unindexTitle(item);
		item.title = title;
		item.versions.push(version);
		item.draft = undefined;
		if (item.status !== 'draft') this.indexTitle(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} updated`,
				category: 'Content',
				affectedObject: { name: title, objectType: AUDIT_NAMES[item.type] },
				changedValues:
					previous.title !== title
						? [{ name: 'Title', oldValue: previous.title, newValue: title }]
						: [],
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		return item;
	}

	/** Alias of updateContent for pages. */
	updatePage(id: string, input: ContentUpdateInput, ctx?: WriteContext): ContentItem {
		return this.updateContent(id, input, ctx);
	}

	/** Saves an edit draft of a published item, or rewrites a never-published draft in place (version 1). */
	saveDraft(id: string, input: ContentUpdateInput, ctx: WriteContext = {}): ContentItem {
		const item = this.require(id);
		const authorId = input.authorId ?? ctx.actorId ?? DEMO_USER.accountId;
		const base = item.draft ?? this.current(item);
		const draft: VersionRecord = {
			number: 1,
			createdAt: this.now(),
			authorId,
			message: input.message ?? '',
			minorEdit: input.minorEdit ?? false,
			title: input.title ?? base.title,
			body:
				input.body === undefined
					? base.body
					: { representation: input.representation ?? 'storage', value: input.body },
			collaborators: [authorId],
		};
		if (item.status === 'draft') {
			item.versions = [draft];
			item.title = draft.title;
		} else {
			item.draft = draft;
		}
		this.recordAudit(
			{
				summary: 'Draft saved',
				category: 'Content',
				affectedObject: { name: draft.title, objectType: AUDIT_NAMES[item.type] },
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		return item;
	}

	/** Publishes a never-published draft as version 1. */
	publishDraft(id: string, input: ContentUpdateInput, ctx: WriteContext = {}): ContentItem {
		const item = this.require(id);
		if (item.status !== 'draft') throw errors.badRequest('Only drafts can be published this way.');
		const title = input.title ?? item.title;
		if (title.trim() === '') throw errors.badRequest('Title is required for non-draft content.');
		this.assertTitleFree(item.spaceId, item.type, title, item.id);
		const authorId = input.authorId ?? ctx.actorId ?? DEMO_USER.accountId;
		const draft = this.current(item);
		item.versions = [
			{
				...draft,
				number: 1,
				createdAt: this.now(),
				authorId,
				title,
				message: input.message ?? draft.message,
				body:
					input.body === undefined
						? draft.body
						: { representation: input.representation ?? 'storage', value: input.body },
			},
		];
		item.title = title;
		item.status = 'current';
		if (input.parentId !== undefined && input.parentId !== item.parentId)
			this.move(item, input.parentId);
		this.indexTitle(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} published`,
				category: 'Content',
				affectedObject: { name: title, objectType: AUDIT_NAMES[item.type] },
			},
			{ actorId: authorId, remoteAddress: ctx.remoteAddress },
		);
		return item;
	}

	/** Moves a published item to the trash; its tree children move up to its parent. */
	trash(id: string, ctx: WriteContext = {}): ContentItem {
		const item = this.require(id);
		if (item.status === 'trashed' || item.status === 'draft' || item.status === 'deleted') {
			throw errors.notFound();
		}
		const children = this.childIds(item.id).map((cid) => this.content.get(cid) as ContentItem);
		for (const child of children) {
			if (!HIERARCHY_TYPES.includes(child.type)) continue;
			this.detachChild(child);
			child.parentId = item.parentId;
			this.attachChild(child);
		}
		this.unindexTitle(item);
		item.statusBeforeTrash = item.status;
		item.status = 'trashed';
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} moved to trash`,
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
			},
			ctx,
		);
		return item;
	}

	/** Trashed → previous status (content unchanged). */
	restore(id: string, ctx: WriteContext = {}): ContentItem {
		const item = this.require(id);
		if (item.status !== 'trashed' && item.status !== 'deleted') return item;
		this.assertTitleFree(item.spaceId, item.type, item.title, item.id);
		if (item.parentId) {
			const parent = this.content.get(item.parentId);
			if (!parent || parent.status === 'trashed') {
				this.detachChild(item);
				const space = this.spaces.get(item.spaceId);
				item.parentId = space?.homepageId !== item.id ? space?.homepageId : undefined;
				this.attachChild(item);
			}
		}
		item.status = item.statusBeforeTrash ?? 'current';
		item.statusBeforeTrash = undefined;
		this.indexTitle(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} restored from trash`,
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
			},
			ctx,
		);
		return item;
	}

	/** Permanently deletes a trashed item (404 unless trashed), with its attachments, comments and properties. */
	purge(id: string, ctx: WriteContext = {}): void {
		const item = this.require(id);
		if (item.status !== 'trashed') throw errors.notFound();
		this.removeContentRecord(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} purged from trash`,
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
			},
			ctx,
		);
	}

	/** Permanently deletes an item regardless of status (comments, discarded drafts, space deletion). */
	deleteContent(id: string, ctx: WriteContext = {}): void {
		const item = this.require(id);
		this.removeContentRecord(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} deleted`,
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
			},
			ctx,
		);
	}

	/** Discards a never-published draft (deleted) or the edit draft of a published item. 404 when there is none. */
	discardDraft(id: string, ctx: WriteContext = {}): void {
		const item = this.require(id);
		if (item.status === 'draft') {
			this.removeContentRecord(item);
		} else if (item.draft) {
			item.draft = undefined;
		} else {
			throw errors.notFound();
		}
		this.recordAudit(
			{
				summary: 'Draft discarded',
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
			},
			ctx,
		);
	}

	/** Ids of the item's direct children in child-position order (any type, including attachments/comments). */
	childIds(id: string): string[] {
		return [...(this.childIndex.get(id) ?? []), ...(this.childIndex.get(`container:${id}`) ?? [])];
	}

	/** Direct tree children (hierarchy types), in position order. */
	treeChildren(id: string, types: readonly ContentType[] = HIERARCHY_TYPES): ContentItem[] {
		return (this.childIndex.get(id) ?? [])
			.map((cid) => this.content.get(cid) as ContentItem)
			.filter((child) => types.includes(child.type));
	}

	/** Attachments / comments / custom content whose container is `id`. */
	contained(id: string, type?: ContentType): ContentItem[] {
		return (this.childIndex.get(`container:${id}`) ?? [])
			.map((cid) => this.content.get(cid) as ContentItem)
			.filter((child) => !type || child.type === type);
	}

	/** Root-level tree items of a space. */
	spaceRoots(spaceId: string): ContentItem[] {
		return (this.childIndex.get(`space:${spaceId}:tree`) ?? []).map(
			(cid) => this.content.get(cid) as ContentItem,
		);
	}

	/** Tree ancestors, top (root) first. */
	ancestors(item: ContentItem): ContentItem[] {
		const chain: ContentItem[] = [];
		const seen = new Set<string>();
		let parentId = item.parentId;
		while (parentId && !seen.has(parentId)) {
			seen.add(parentId);
			const parent = this.content.get(parentId);
			if (!parent) break;
			chain.unshift(parent);
			parentId = parent.parentId;
		}
		return chain;
	}

	/** Tree descendants breadth-first with their depth (1 = direct child), down to maxDepth. */
	descendants(item: ContentItem, maxDepth: number): Array<{ item: ContentItem; depth: number }> {
		const out: Array<{ item: ContentItem; depth: number }> = [];
		let frontier = [item];
		for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
			const next: ContentItem[] = [];
			for (const node of frontier) {
				for (const child of this.treeChildren(node.id)) {
					out.push({ item: child, depth });
					next.push(child);
				}
			}
			frontier = next;
		}
		return out;
	}

	/** All items of the given types (any status). */
	list(types: ContentType | readonly ContentType[]): ContentItem[] {
		const wanted = Array.isArray(types) ? types : [types];
		const out: ContentItem[] = [];
		for (const item of this.content.values()) if (wanted.includes(item.type)) out.push(item);
		return out;
	}

	/** Current page/blog post with this exact title in the space (case-insensitive, as uniqueness is). */
	findByTitle(spaceId: string, type: ContentType, title: string): ContentItem | undefined {
		const id = this.titleIndex.get(titleKey(spaceId, type, title));
		return id ? this.content.get(id) : undefined;
	}

	/** Creates `count` pages fast (no audit), e.g. for pagination tests. */
	seedPages(
		count: number,
		input: {
			spaceId: string;
			parentId?: string;
			rootLevel?: boolean;
			titlePrefix?: string;
			body?: string;
			authorId?: string;
		},
	): ContentItem[] {
		const created: ContentItem[] = [];
		this.silently(() => {
			for (let i = 0; i < count; i++) {
				created.push(
					this.createContent('page', {
						spaceId: input.spaceId,
						parentId: input.parentId,
						rootLevel: input.rootLevel,
						title: `${input.titlePrefix ?? 'Seeded page'} ${i + 1}`,
						body: input.body ?? `<p>Seeded page ${i + 1}</p>`,
						authorId: input.authorId,
					}),
				);
			}
		});
		return created;
	}

	private assertTitleFree(
		spaceId: string,
		type: ContentType,
		title: string,
		exceptId?: string,
	): void {
		if (type !== 'page' && type !== 'blogpost') return;
		const existing = this.titleIndex.get(titleKey(spaceId, type, title));
		if (existing && existing !== exceptId) {
			throw errors.badRequest(
				type === 'page'
					? 'A page with this title already exists: A page already exists with the same TITLE in this space'
					: 'A blog post with this title already exists: A blog post already exists with the same TITLE in this space',
			);
		}
	}

	private indexTitle(item: ContentItem): void {
		if (item.type !== 'page' && item.type !== 'blogpost') return;
		if (item.status !== 'current' && item.status !== 'archived') return;
		this.titleIndex.set(titleKey(item.spaceId, item.type, item.title), item.id);
	}

	private unindexTitle(item: ContentItem): void {
		const key = titleKey(item.spaceId, item.type, item.title);
		if (this.titleIndex.get(key) === item.id) this.titleIndex.delete(key);
	}

	private attachChild(item: ContentItem): void {
		const key = parentKey(item);
		const siblings = this.childIndex.get(key) ?? [];
		const last = siblings.length > 0 ? this.content.get(siblings[siblings.length - 1]) : undefined;
		item.position = last ? last.position + 1 : 0;
		siblings.push(item.id);
		this.childIndex.set(key, siblings);
	}

	private detachChild(item: ContentItem): void {
		const key = parentKey(item);
		const siblings = this.childIndex.get(key);
		if (!siblings) return;
		const index = siblings.indexOf(item.id);
		if (index >= 0) siblings.splice(index, 1);
	}

	/** Moves a tree item under another parent of the same space (no cycles). */
	move(item: ContentItem, newParentId: string | undefined): void {
		if (newParentId) {
			const parent = this.content.get(newParentId);
			if (!parent || !HIERARCHY_TYPES.includes(parent.type))
				throw errors.notFound('Parent not found');
			if (parent.spaceId !== item.spaceId) {
				throw errors.badRequest('Moving content to a different space is not supported.');
			}
			if (parent.id === item.id || this.ancestors(parent).some((a) => a.id === item.id)) {
				throw errors.badRequest('Cannot move content under itself or one of its descendants.');
			}
		}
		this.detachChild(item);
		item.parentId = newParentId;
		this.attachChild(item);
	}

	/** Reorders an item among its siblings: before/after a sibling, or appended under a new parent. */
	moveRelative(item: ContentItem, position: 'before' | 'after' | 'append', targetId: string): void {
		const target = this.require(targetId);
		if (position === 'append') {
			this.move(item, target.id);
			return;
		}
		this.move(item, target.parentId);
		const key = parentKey(item);
		const siblings = (this.childIndex.get(key) ?? []).filter((id) => id !== item.id);
		const at = siblings.indexOf(target.id);
		siblings.splice(position === 'before' ? at : at + 1, 0, item.id);
		this.childIndex.set(key, siblings);
		siblings.forEach((id, index) => {
			(this.content.get(id) as ContentItem).position = index;
		});
	}

	/**
	 * Moves a tree item with everything under it (tree descendants, their attachments, comments and tasks) to another
	 * space, under `parentId` there (the space root when undefined). Page and blog post titles must be free there.
	 */
	moveToSpace(
		item: ContentItem,
		spaceId: string,
		parentId: string | undefined,
		ctx: WriteContext = {},
	): void {
		const space = this.requireSpace(spaceId);
		if (parentId) {
			const parent = this.content.get(parentId);
			if (!parent || !HIERARCHY_TYPES.includes(parent.type) || parent.spaceId !== space.id) {
				throw errors.notFound('Parent not found');
			}
		}
		const moved: ContentItem[] = [];
		const collect = (node: ContentItem) => {
			moved.push(node);
			for (const childId of this.childIds(node.id)) {
				const child = this.content.get(childId);
				if (child) collect(child);
			}
		};
		collect(item);
		for (const node of moved) {
			if (node.status === 'current' || node.status === 'archived') {
				this.assertTitleFree(space.id, node.type, node.title);
			}
		}
		const from = this.spaces.get(item.spaceId);
		this.detachChild(item);
		const movedIds = new Set(moved.map((node) => node.id));
		for (const node of moved) {
			this.unindexTitle(node);
			node.spaceId = space.id;
			this.indexTitle(node);
		}
		for (const task of this.tasks.values()) {
			if (movedIds.has(task.pageId ?? '') || movedIds.has(task.blogPostId ?? '')) {
				task.spaceId = space.id;
			}
		}
		item.parentId = parentId;
		this.attachChild(item);
		this.recordAudit(
			{
				summary: `${AUDIT_NAMES[item.type]} moved`,
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
				changedValues: [{ name: 'Space', oldValue: from?.key ?? '', newValue: space.key }],
			},
			ctx,
		);
	}

	private removeContentRecord(item: ContentItem): void {
		for (const childId of this.childIds(item.id)) {
			const child = this.content.get(childId);
			if (!child) continue;
			if (HIERARCHY_TYPES.includes(child.type) && HIERARCHY_TYPES.includes(item.type)) {
				this.detachChild(child);
				child.parentId = item.parentId;
				this.attachChild(child);
			} else {
				this.removeContentRecord(child);
			}
		}
		for (const property of this.propertiesOf('content', item.id)) this.removeProperty(property);
		for (const task of [...this.tasks.values()]) {
			if (task.pageId === item.id || task.blogPostId === item.id) this.tasks.delete(task.id);
		}
		this.detachChild(item);
		this.unindexTitle(item);
		this.content.delete(item.id);
		this.childIndex.delete(item.id);
		this.childIndex.delete(`container:${item.id}`);
	}

	// ---------------------------------------------------------------- visibility

	userGroups(accountId: string): string[] {
		return this.users.get(accountId)?.groups ?? [];
	}

	canViewSpace(accountId: string, space: SpaceRecord): boolean {
		const groups = this.userGroups(accountId);
		return space.permissions.some(
			(p) =>
				p.operation.key === 'read' &&
				p.operation.targetType === 'space' &&
				((p.principal.type === 'user' && p.principal.id === accountId) ||
					(p.principal.type === 'group' && groups.includes(p.principal.id))),
		);
	}

	hasSpacePermission(
		accountId: string,
		space: SpaceRecord,
		key: string,
		targetType: string,
	): boolean {
		const groups = this.userGroups(accountId);
		return space.permissions.some(
			(p) =>
				p.operation.key === key &&
				p.operation.targetType === targetType &&
				((p.principal.type === 'user' && p.principal.id === accountId) ||
					(p.principal.type === 'group' && groups.includes(p.principal.id))),
		);
	}

	private restrictionAllows(accountId: string, set: RestrictionSet): boolean {
		if (set.users.length === 0 && set.groups.length === 0) return true;
		if (set.users.includes(accountId)) return true;
		const groups = this.userGroups(accountId);
		return set.groups.some((g) => groups.includes(g));
	}

	/** Space read permission plus read restrictions of the item and every ancestor/container (they inherit). */
	canView(accountId: string, item: ContentItem): boolean {
		const space = this.spaces.get(item.spaceId);
		if (!space || !this.canViewSpace(accountId, space)) return false;
		if (item.status === 'draft' && item.authorId !== accountId) return false;
		const chain: ContentItem[] = [item];
		if (item.containerId) {
			const container = this.content.get(item.containerId);
			if (container) chain.push(container, ...this.ancestors(container));
		}
		chain.push(...this.ancestors(item));
		return chain.every((node) => this.restrictionAllows(accountId, node.restrictions.read));
	}

	/** View permission plus the item's own update restriction (update restrictions do not inherit). */
	canEdit(accountId: string, item: ContentItem): boolean {
		return (
			this.canView(accountId, item) && this.restrictionAllows(accountId, item.restrictions.update)
		);
	}

	// ---------------------------------------------------------------- labels

	/** Finds or creates the label record for prefix:name. */
	label(name: string, prefix: LabelRecord['prefix'] = 'global'): LabelRecord {
		const normalized = name.trim().toLowerCase();
		const indexKey = `${prefix}:${normalized}`;
		const existing = this.labelIndex.get(indexKey);
		if (existing) return this.labels.get(existing) as LabelRecord;
		const record: LabelRecord = {
			id: this.nextId(),
			name: normalized,
			prefix,
			createdAt: this.now(),
		};
		this.labels.set(record.id, record);
		this.labelIndex.set(indexKey, record.id);
		return record;
	}

	findLabel(name: string, prefix?: LabelRecord['prefix']): LabelRecord | undefined {
		const normalized = name.trim().toLowerCase();
		for (const p of prefix ? [prefix] : (['global', 'my', 'team', 'system'] as const)) {
			const id = this.labelIndex.get(`${p}:${normalized}`);
			if (id) return this.labels.get(id);
		}
		return undefined;
	}

	/** Adds a label to content (idempotent). Names are lower-cased; spaces and some characters are invalid. */
	addLabel(
		contentId: string,
		name: string,
		prefix: LabelRecord['prefix'] = 'global',
		ctx: WriteContext = {},
	): LabelRecord {
		const item = this.require(contentId);
		validateLabelName(name);
		const record = this.label(name, prefix);
		if (!item.labelIds.includes(record.id)) {
			item.labelIds.push(record.id);
			this.recordAudit(
				{
					summary: 'Label added',
					category: 'Content',
					affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
					changedValues: [{ name: 'Label', oldValue: '', newValue: record.name }],
				},
				ctx,
			);
		}
		return record;
	}

	/** Removes a label from content; false when it was not there. */
	removeLabel(contentId: string, name: string, ctx: WriteContext = {}): boolean {
		const item = this.require(contentId);
		const normalized = name.trim().toLowerCase();
		const index = item.labelIds.findIndex((id) => this.labels.get(id)?.name === normalized);
		if (index < 0) return false;
		item.labelIds.splice(index, 1);
		this.recordAudit(
			{
				summary: 'Label removed',
				category: 'Content',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
				changedValues: [{ name: 'Label', oldValue: normalized, newValue: '' }],
			},
			ctx,
		);
		return true;
	}

	addSpaceLabel(
		spaceId: string,
		name: string,
		prefix: LabelRecord['prefix'] = 'team',
	): LabelRecord {
		const space = this.requireSpace(spaceId);
		validateLabelName(name);
		const record = this.label(name, prefix);
		if (!space.labelIds.includes(record.id)) space.labelIds.push(record.id);
		return record;
	}

	labelsOf(item: { labelIds: string[] }): LabelRecord[] {
		return item.labelIds.map((id) => this.labels.get(id)).filter((l): l is LabelRecord => !!l);
	}

	// ---------------------------------------------------------------- likes

	like(contentId: string, accountId: string): void {
		const item = this.require(contentId);
		if (!item.likes.some((l) => l.accountId === accountId))
			item.likes.push({ accountId, at: this.now() });
	}

	// ---------------------------------------------------------------- restrictions

	setRestriction(
		contentId: string,
		operation: 'read' | 'update',
		set: Partial<RestrictionSet>,
		ctx: WriteContext = {},
	): void {
		const item = this.require(contentId);
		item.restrictions[operation] = {
			users: [...(set.users ?? [])],
			groups: [...(set.groups ?? [])],
		};
		this.recordAudit(
			{
				summary: 'Content restrictions changed',
				category: 'Permissions',
				affectedObject: { name: item.title, objectType: AUDIT_NAMES[item.type] },
				changedValues: [
					{
						name: `${operation} restriction`,
						oldValue: '',
						newValue: [
							...item.restrictions[operation].users,
							...item.restrictions[operation].groups,
						].join(', '),
					},
				],
			},
			ctx,
		);
	}

	// ---------------------------------------------------------------- properties

	propertiesOf(ownerKind: PropertyRecord['ownerKind'], ownerId: string): PropertyRecord[] {
		return (this.propertyIndex.get(`${ownerKind}:${ownerId}`) ?? [])
			.map((id) => this.properties.get(id) as PropertyRecord)
			.filter((p) => !!p);
	}

	createProperty(
		ownerKind: PropertyRecord['ownerKind'],
		ownerId: string,
		key: string,
		value: unknown,
		ctx: WriteContext = {},
	): PropertyRecord {
		if (typeof key !== 'string' || key.trim() === '' || key.length > 255) {
			throw errors.badRequest('Property key must be a non-empty string of at most 255 characters.');
		}
		if (this.propertiesOf(ownerKind, ownerId).some((p) => p.key === key)) {
			throw errors.badRequest(`A property with key '${key}' already exists.`);
		}
		const actor = ctx.actorId ?? DEMO_USER.accountId;
		const now = this.now();
		const record: PropertyRecord = {
			id: this.nextId(),
			ownerKind,
			ownerId,
			key,
			value,
			createdAt: now,
			createdBy: actor,
			version: { number: 1, createdAt: now, authorId: actor, message: '', minorEdit: false },
		};
		this.properties.set(record.id, record);
		const indexKey = `${ownerKind}:${ownerId}`;
		this.propertyIndex.set(indexKey, [...(this.propertyIndex.get(indexKey) ?? []), record.id]);
		this.recordAudit(
			{
				summary: 'Property created',
				category: 'Content',
				affectedObject: {
					name: key,
					objectType: ownerKind === 'space' ? 'Space property' : 'Content property',
				},
			},
			ctx,
		);
		return record;
	}

	/** Replaces key/value with the next version number (the caller checks the requested number). */
	updateProperty(
		id: string,
		input: { key?: string; value: unknown; message?: string; minorEdit?: boolean },
		ctx: WriteContext = {},
	): PropertyRecord {
		const record = this.properties.get(id);
		if (!record) throw errors.notFound();
		if (input.key !== undefined && input.key !== record.key) {
			if (this.propertiesOf(record.ownerKind, record.ownerId).some((p) => p.key === input.key)) {
				throw errors.badRequest(`A property with key '${input.key}' already exists.`);
			}
			record.key = input.key;
		}
		const old = JSON.stringify(record.value);
		record.value = input.value;
		record.version = {
			number: record.version.number + 1,
			createdAt: this.now(),
			authorId: ctx.actorId ?? DEMO_USER.accountId,
			message: input.message ?? '',
			minorEdit: input.minorEdit ?? false,
		};
		this.recordAudit(
			{
				summary: 'Property updated',
				category: 'Content',
				affectedObject: {
					name: record.key,
					objectType: record.ownerKind === 'space' ? 'Space property' : 'Content property',
				},
				changedValues: [{ name: 'Value', oldValue: old, newValue: JSON.stringify(input.value) }],
			},
			ctx,
		);
		return record;
	}

	deleteProperty(id: string, ctx: WriteContext = {}): void {
		const record = this.properties.get(id);
		if (!record) throw errors.notFound();
		this.removeProperty(record);
		this.recordAudit(
			{
				summary: 'Property deleted',
				category: 'Content',
				affectedObject: {
					name: record.key,
					objectType: record.ownerKind === 'space' ? 'Space property' : 'Content property',
				},
			},
			ctx,
		);
	}

	private removeProperty(record: PropertyRecord): void {
		this.properties.delete(record.id);
		const indexKey = `${record.ownerKind}:${record.ownerId}`;
		this.propertyIndex.set(
			indexKey,
			(this.propertyIndex.get(indexKey) ?? []).filter((pid) => pid !== record.id),
		);
	}

	// ---------------------------------------------------------------- attachments, comments, tasks (records only;
	// their routes live in routes/attachments.ts, routes/comments.ts, routes/tasks.ts)

	/** Adds an attachment to a page/blog post/custom content (400 if the file name is already attached). */
	addAttachment(
		input: {
			containerId: string;
			fileName: string;
			mediaType?: string;
			data: Buffer | string;
			comment?: string;
			authorId?: string;
			status?: 'current' | 'draft';
		},
		ctx: WriteContext = {},
	): ContentItem {
		const container = this.require(input.containerId);
		if (
			this.contained(container.id, 'attachment').some(
				(a) => a.title === input.fileName && a.status !== 'trashed',
			)
		) {
			throw errors.badRequest(
				`Cannot add a new attachment with same file name as an existing attachment: ${input.fileName}`,
			);
		}
		const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
		const item = this.createContent(
			'attachment',
			{
				spaceId: container.spaceId,
				containerId: container.id,
				title: input.fileName,
				authorId: input.authorId ?? ctx.actorId,
				status: input.status,
				message: input.comment,
			},
			ctx,
		);
		item.versions[0].file = {
			data,
			mediaType: input.mediaType ?? 'application/octet-stream',
			fileSize: data.length,
			comment: input.comment,
			fileId: fileIdFor(item.id, 1),
		};
		return item;
	}

	/** New version of an attachment's bytes. */
	updateAttachmentData(
		attachmentId: string,
		input: {
			data: Buffer | string;
			mediaType?: string;
			comment?: string;
			minorEdit?: boolean;
			authorId?: string;
		},
		ctx: WriteContext = {},
	): ContentItem {
		const item = this.require(attachmentId, 'attachment');
		const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
		const previous = this.current(item).file;
		return this.updateContent(
			attachmentId,
			{
				message: input.comment,
				minorEdit: input.minorEdit,
				authorId: input.authorId,
				file: {
					data,
					mediaType: input.mediaType ?? previous?.mediaType ?? 'application/octet-stream',
					fileSize: data.length,
					comment: input.comment,
					fileId: fileIdFor(item.id, item.versions.length + 1),
				},
			},
			ctx,
		);
	}

	/** Footer or inline comment on a page/blog post/attachment/custom content, or a reply (parentCommentId). */
	addComment(
		input: {
			containerId?: string;
			parentCommentId?: string;
			location?: 'footer' | 'inline';
			body: string;
			representation?: BodyRepresentation;
			authorId?: string;
			inline?: {
				textSelection: string;
				textSelectionMatchCount?: number;
				textSelectionMatchIndex?: number;
			};
			resolutionStatus?: CommentInfo['resolutionStatus'];
		},
		ctx: WriteContext = {},
	): ContentItem {
		let containerId = input.containerId;
		let location = input.location ?? 'footer';
		if (input.parentCommentId) {
			const parent = this.require(input.parentCommentId, 'comment');
			containerId = parent.containerId;
			location = parent.comment?.location ?? location;
		}
		if (!containerId) throw errors.badRequest('A comment needs a container or a parent comment.');
		const container = this.require(containerId);
		const item = this.createContent(
			'comment',
			{
				spaceId: container.spaceId,
				containerId: input.parentCommentId ? undefined : container.id,
				parentId: input.parentCommentId,
				title: `Re: ${container.title}`,
				body: input.body,
				representation: input.representation,
				authorId: input.authorId ?? ctx.actorId,
			},
			ctx,
		);
		if (input.parentCommentId) item.extra.rootContainerId = container.id;
		item.comment = {
			location,
			resolutionStatus: location === 'inline' ? (input.resolutionStatus ?? 'open') : undefined,
			textSelection: input.inline?.textSelection,
			textSelectionMatchCount:
				input.inline?.textSelectionMatchCount ?? (input.inline ? 1 : undefined),
			textSelectionMatchIndex:
				input.inline?.textSelectionMatchIndex ?? (input.inline ? 0 : undefined),
			markerRef: location === 'inline' ? `marker-${item.id}` : undefined,
		};
		return item;
	}

	/** The page/blog post a comment belongs to (following reply chains). */
	commentContainer(comment: ContentItem): ContentItem | undefined {
		const id = comment.containerId ?? (comment.extra.rootContainerId as string | undefined);
		return id ? this.content.get(id) : undefined;
	}

	addTask(input: {
		containerId: string;
		body: string;
		status?: 'complete' | 'incomplete';
		createdBy?: string;
		assignedTo?: string;
		dueAt?: Date;
	}): TaskRecord {
		const container = this.require(input.containerId, ['page', 'blogpost']);
		const now = this.now();
		const existing = [...this.tasks.values()].filter(
			(t) => t.pageId === container.id || t.blogPostId === container.id,
		).length;
		const createdBy = input.createdBy ?? container.authorId;
		const task: TaskRecord = {
			id: this.nextId(),
			localId: String(existing + 1),
			spaceId: container.spaceId,
			pageId: container.type === 'page' ? container.id : undefined,
			blogPostId: container.type === 'blogpost' ? container.id : undefined,
			status: input.status ?? 'incomplete',
			body: input.body,
			createdBy,
			assignedTo: input.assignedTo,
			createdAt: now,
			updatedAt: now,
			dueAt: input.dueAt,
		};
		if (task.status === 'complete') {
			task.completedAt = now;
			task.completedBy = createdBy;
		}
		this.tasks.set(task.id, task);
		return task;
	}

	// ---------------------------------------------------------------- long tasks

	/** A long-running task that finishes after `pollsToFinish` status polls or `durationMs` of sim clock. */
	createLongTask(input: {
		key: string;
		args?: string[];
		pollsToFinish?: number;
		durationMs?: number;
		onFinish?: () => void;
	}): LongTaskRecord {
		const task: LongTaskRecord = {
			id: this.nextId(),
			name: { key: input.key, args: input.args ?? [] },
			createdAt: this.now(),
			polls: 0,
			pollsToFinish: input.pollsToFinish ?? 3,
			durationMs: input.durationMs ?? 5000,
			finished: false,
			successful: false,
			messages: [],
			errors: [],
			onFinish: input.onFinish,
		};
		this.longTasks.set(task.id, task);
		return task;
	}

	/** Counts a poll and advances the task; returns percentage complete. */
	pollLongTask(task: LongTaskRecord): number {
		if (!task.finished) {
			task.polls++;
			const elapsed = this.now().getTime() - task.createdAt.getTime();
			if (task.polls >= task.pollsToFinish || elapsed >= task.durationMs) this.finishLongTask(task);
		}
		return this.longTaskPercentage(task);
	}

	finishLongTask(task: LongTaskRecord): void {
		if (task.finished) return;
		try {
			task.onFinish?.();
			task.successful = true;
			task.messages.push({ translation: 'Task completed successfully', args: [] });
		} catch (error) {
			task.successful = false;
			task.errors.push({
				translation: error instanceof Error ? error.message : String(error),
				args: [],
			});
		}
		task.finished = true;
	}

	longTaskPercentage(task: LongTaskRecord): number {
		if (task.finished) return 100;
		return Math.min(99, Math.floor((task.polls / task.pollsToFinish) * 100));
	}

	/** Stable order for lists that have no explicit sort. */
	static byId(a: { id: string }, b: { id: string }): number {
		return compareIds(a.id, b.id);
	}
}

/** Every space permission (operation, target) Confluence knows; a space creator holds them all. */
export const SPACE_PERMISSION_GRANTS: Array<[string, string]> = [
	['read', 'space'],
	['create', 'page'],
	['create', 'blogpost'],
	['create', 'comment'],
	['create', 'attachment'],
	['delete', 'page'],
	['delete', 'blogpost'],
	['delete', 'comment'],
	['delete', 'attachment'],
	['restrict_content', 'space'],
	['purge', 'space'],
	['administer', 'space'],
];

const AUDIT_NAMES: Record<ContentType, string> = {
	page: 'Page',
	blogpost: 'Blog post',
	whiteboard: 'Whiteboard',
	database: 'Database',
	embed: 'Smart link',
	folder: 'Folder',
	attachment: 'Attachment',
	comment: 'Comment',
	'custom-content': 'Custom content',
};

export function validateLabelName(name: string): void {
	if (typeof name !== 'string' || name.trim() === '')
		throw errors.badRequest('Label name must not be empty.');
	if (name.length > 255)
		throw errors.badRequest('Label name is too long (maximum 255 characters).');
	if (/[\s:;,.?&[\]()#^*@!]/.test(name.trim())) {
		throw new ApiError(400, `Label '${name}' contains invalid characters.`, {
			code: 'BAD_REQUEST',
		});
	}
}

function fileIdFor(id: string, version: number): string {
	const hex = Buffer.from(`${id}:${version}`).toString('hex').padEnd(32, '0').slice(0, 32);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}
