import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { canonicalJson } from '../actions/content/write';
import { cqlIn } from '../helpers/cql';
import {
	apiPath,
	confluenceApi,
	confluencePages,
	type ConfluenceRequest,
	confluenceRequestAllItems,
	type PageOptions,
} from '../transport';
import type { FeedEntry } from './state';

/** Every event the trigger can emit; the content events are all but the audit log's (which needs a site admin). */
export const TRIGGER_EVENTS = [
	'pageCreated',
	'pageUpdated',
	'blogPostCreated',
	'blogPostUpdated',
	'commentCreated',
	'attachmentCreated',
	'auditRecord',
] as const;

export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export const CONTENT_EVENTS: readonly TriggerEvent[] = TRIGGER_EVENTS.filter(
	(event) => event !== 'auditRecord',
);

export type FeedName =
	| 'pages'
	| 'blogposts'
	| 'footerComments'
	| 'inlineComments'
	| 'attachments'
	| 'audit';

export interface EventEntry extends FeedEntry {
	event: TriggerEvent;
	/** The object the event is about (page, blog post, comment, attachment, audit record). */
	object: IDataObject;
	contentType?: 'page' | 'blogpost';
	contentId?: string;
	version?: IDataObject;
	/** Account that caused the event. */
	authorId?: string;
}

/**
 * Confluence's "now" as its answers' Date headers tell it (RFC 9110 §6.6.1), never n8n's clock: the earliest one seen,
 * so it is never ahead of the moment the feed was read, whatever timestamps the content carries.
 */
export class ServerClock {
	private earliest?: number;

	note(headers: Record<string, string> | undefined): void {
		const at = Date.parse(String(headers?.date ?? ''));
		if (!Number.isNaN(at)) this.earliest = Math.min(this.earliest ?? at, at);
	}

	get now(): number | undefined {
		return this.earliest;
	}
}

export interface FeedContext {
	ctx: IPollFunctions;
	/** Notes Confluence's time from every list answer of the feed. */
	clock?: ServerClock;
	/** Start of the rescan window (ISO). */
	from: string;
	spaceIds: string[];
	/** Every version, or only the newest of each page edited since the last poll. */
	everyVersion: boolean;
	/** Only for the first look at a feed: stop after the first page, nothing will be emitted. */
	peek?: boolean;
}

const PAGE_SIZE = 250;

/**
 * Whether a read failed because the object is no longer there for this account: trashed (Confluence answers 404 for
 * trashed content unless asked for that status: gkoos/confluence2md#62), purged, deleted, or restricted since it was
 * listed (v2 answers 404 for content the account may not see, some endpoints 403).
 */
export function isGone(error: unknown): boolean {
	const status = String((error as { httpCode?: unknown } | undefined)?.httpCode ?? '');
	return status === '404' || status === '403' || status === '410';
}

/** The read's answer, or undefined when the object disappeared since it was listed; every other failure fails the poll. */
export async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
	return await read.catch(async (error: unknown) =>
		isGone(error) ? undefined : await Promise.reject(error),
	);
}

function ms(value: unknown): number {
	if (typeof value === 'number') return value;
	const parsed = Date.parse(String(value ?? ''));
	return Number.isNaN(parsed) ? 0 : parsed;
}

function pageOptions(feed: FeedContext): PageOptions {
	return { pageSize: PAGE_SIZE, onPage: (_body, headers) => feed.clock?.note(headers) };
}

/** Reads a list sorted newest first, page by page, until entries are older than the window. */
async function readWindow(
	feed: FeedContext,
	request: ConfluenceRequest,
	timeOf: (item: IDataObject) => number | undefined,
): Promise<IDataObject[]> {
	const from = ms(feed.from);
	const items: IDataObject[] = [];
	for await (const page of confluencePages.call(feed.ctx, request, pageOptions(feed))) {
		let reachedOlder = false;
		for (const item of page) {
			const at = timeOf(item);
			if (at !== undefined && at < from) {
				reachedOlder = true;
				continue;
			}
			items.push(item);
		}
		if (reachedOlder || feed.peek) break;
	}
	return items;
}

function iso(value: number): string {
	return new Date(value).toISOString();
}

const CONTENT: Record<
	'pages' | 'blogposts',
	{ type: 'page' | 'blogpost'; created: TriggerEvent; updated: TriggerEvent }
> = {
	pages: { type: 'page', created: 'pageCreated', updated: 'pageUpdated' },
	blogposts: { type: 'blogpost', created: 'blogPostCreated', updated: 'blogPostUpdated' },
};

/**
 * Pages or blog posts, newest modification first. One list gives both events: version 1 is a creation, every later
 * version an update. Trashed and archived content is listed too, so content deleted before the poll is not missed.
 */
export async function contentEntries(
	feed: FeedContext,
	name: 'pages' | 'blogposts',
	isDecided: (key: string) => boolean,
): Promise<EventEntry[]> {
	const spec = CONTENT[name];
	const from = ms(feed.from);
	const qs: IDataObject = {
		sort: '-modified-date',
		status: name === 'pages' ? ['current', 'archived', 'trashed'] : ['current', 'trashed'],
	};
	if (feed.spaceIds.length) qs['space-id'] = feed.spaceIds;
	const items = await readWindow(feed, { method: 'GET', path: apiPath`/${name}`, qs }, (item) =>
		ms((item.version as IDataObject | undefined)?.createdAt),
	);
	const entries: EventEntry[] = [];
	for (const item of items) {
		const id = String(item.id);
		const version = (item.version ?? {}) as IDataObject;
		const number = Number(version.number ?? 1);
		const base = { object: item, contentType: spec.type, contentId: id };
		// A page published from an old draft may keep the draft's createdAt (REALITY.md draft-published-created-at):
		// while it is at version 1, it was created, for a reader, when that version was published.
		const createdAt =
			number === 1 ? Math.max(ms(item.createdAt), ms(version.createdAt)) : ms(item.createdAt);
		if (createdAt >= from) {
			entries.push({
				...base,
				key: `${spec.type}:${id}:v1`,
				at: iso(createdAt),
				event: spec.created,
				version:
					number === 1
						? version
						: { number: 1, createdAt: item.createdAt, authorId: item.authorId },
				authorId: String(item.authorId ?? version.authorId ?? ''),
			});
		}
		if (number <= 1) continue;
		const currentKey = `${spec.type}:${id}:v${number}`;
		entries.push({
			...base,
			key: currentKey,
			at: iso(ms(version.createdAt)),
			event: spec.updated,
			version,
			authorId: String(version.authorId ?? ''),
		});
		if (!feed.everyVersion || isDecided(currentKey) || feed.peek) continue;
		// Several edits between two polls: the list shows only the newest, the version history has the others.
		// Content purged or restricted since it was listed has no history to read: its listed version is all there is.
		const versions =
			(await unlessGone(
				readWindow(
					feed,
					{ method: 'GET', path: apiPath`/${name}/${id}/versions`, qs: { sort: '-modified-date' } },
					(entry) => ms(entry.createdAt),
				),
			)) ?? [];
		for (const older of versions) {
			const olderNumber = Number(older.number);
			if (olderNumber <= 1 || olderNumber >= number) continue;
			entries.push({
				...base,
				key: `${spec.type}:${id}:v${olderNumber}`,
				at: iso(ms(older.createdAt)),
				event: spec.updated,
				version: older,
				authorId: String(older.authorId ?? ''),
			});
		}
	}
	return entries;
}

/**
 * Footer or inline comments, newest first. The list is sorted by creation but shows only the newest version, so the
 * creation time of an edited comment comes from its first version.
 */
export async function commentEntries(
	feed: FeedContext,
	name: 'footerComments' | 'inlineComments',
	isDecided: (key: string) => boolean,
): Promise<EventEntry[]> {
	const path = name === 'footerComments' ? apiPath`/footer-comments` : apiPath`/inline-comments`;
	const from = ms(feed.from);
	const creationTimes = new Map<string, number>();
	const items: IDataObject[] = [];
	for await (const page of confluencePages.call(
		feed.ctx,
		{ method: 'GET', path, qs: { sort: '-created-date' } },
		pageOptions(feed),
	)) {
		let reachedOlder = false;
		for (const item of page) {
			const id = String(item.id);
			const version = (item.version ?? {}) as IDataObject;
			let createdAt = Number(version.number ?? 1) === 1 ? ms(version.createdAt) : undefined;
			if (createdAt === undefined && !isDecided(`comment:${id}`) && !feed.peek) {
				// A comment deleted since it was listed has no known creation time: like the comments deleted before the
				// poll, which the list no longer shows, it is left out.
				const first = await unlessGone(
					confluenceApi.call(feed.ctx, { method: 'GET', path: apiPath`${path}/${id}/versions/1` }),
				);
				if (!first) continue;
				createdAt = ms(first.createdAt);
			}
			if (createdAt !== undefined && createdAt < from) {
				reachedOlder = true;
				continue;
			}
			if (createdAt !== undefined) creationTimes.set(id, createdAt);
			items.push(item);
		}
		if (reachedOlder || feed.peek) break;
	}
	return items
		.filter((item) => creationTimes.has(String(item.id)))
		.map((item) => {
			const id = String(item.id);
			const version = (item.version ?? {}) as IDataObject;
			return {
				key: `comment:${id}`,
				at: iso(creationTimes.get(id)!),
				event: 'commentCreated' as const,
				object: { ...item, commentType: name === 'footerComments' ? 'footer' : 'inline' },
				contentType: item.pageId
					? ('page' as const)
					: item.blogPostId
						? ('blogpost' as const)
						: undefined,
				contentId: String(item.pageId ?? item.blogPostId ?? ''),
				version,
				authorId: String(version.authorId ?? ''),
			};
		});
}

export async function attachmentEntries(feed: FeedContext): Promise<EventEntry[]> {
	const items = await readWindow(
		feed,
		{ method: 'GET', path: apiPath`/attachments`, qs: { sort: '-created-date' } },
		(item) => ms(item.createdAt),
	);
	return items.map((item) => {
		const version = (item.version ?? {}) as IDataObject;
		return {
			key: `attachment:${String(item.id)}`,
			at: iso(ms(item.createdAt)),
			event: 'attachmentCreated' as const,
			object: item,
			contentType: item.pageId
				? ('page' as const)
				: item.blogPostId
					? ('blogpost' as const)
					: undefined,
			contentId: String(item.pageId ?? item.blogPostId ?? ''),
			version,
			authorId: String(version.authorId ?? ''),
		};
	});
}

/** What earlier versions of the trigger used as the key of an audit record; the start of today's key. */
function auditSummaryKey(record: IDataObject): string {
	const author = (record.author ?? {}) as IDataObject;
	const affected = (record.affectedObject ?? {}) as IDataObject;
	return [
		'audit',
		record.creationDate,
		author.accountId ?? '',
		record.category ?? '',
		record.summary ?? '',
		affected.objectType ?? '',
		affected.name ?? '',
	].join('|');
}

/** A short, stable digest (two 32-bit FNV-1a variants): keys stay small in the static data. */
function digest(text: string): string {
	let first = 0x811c9dc5;
	let second = 0x5bd1e995;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		first = Math.imul(first ^ code, 0x01000193);
		second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
	}
	return `${(first >>> 0).toString(36)}${(second >>> 0).toString(36)}`;
}

/** The rest of what Confluence says about a record: the same summary about another space or change is another record. */
function auditDetails(record: IDataObject): string {
	return digest(
		canonicalJson({
			description: record.description,
			remoteAddress: record.remoteAddress,
			affectedObject: record.affectedObject,
			associatedObjects: record.associatedObjects,
			changedValues: record.changedValues,
			sysAdmin: record.sysAdmin,
			superAdmin: record.superAdmin,
		}),
	);
}

/**
 * The audit log (site admins only): records since the window start, filtered by Confluence with the search string.
 * Records have no ID, and identical ones are distinct events (permission grants written in one millisecond): the n-th
 * copy of a record in the window gets its own key, so a copy that shows up later is emitted too, and the counts leave
 * the state with the window.
 */
export async function auditEntries(feed: FeedContext, searchString: string): Promise<EventEntry[]> {
	const qs: IDataObject = { startDate: String(ms(feed.from)) };
	if (searchString) qs.searchString = searchString;
	const records = await confluenceRequestAllItems.call(
		feed.ctx,
		{ method: 'GET', api: 'v1', path: apiPath`/audit`, qs },
		{
			pageSize: 1000,
			offsetFallback: true,
			max: feed.peek ? 1000 : undefined,
			onPage: (_body, headers) => feed.clock?.note(headers),
		},
	);
	const copies = new Map<string, number>();
	return records.map((record) => {
		const summaryKey = auditSummaryKey(record);
		const identity = `${summaryKey}|${auditDetails(record)}`;
		const copy = (copies.get(identity) ?? 0) + 1;
		copies.set(identity, copy);
		return {
			key: copy === 1 ? identity : `${identity}#${copy}`,
			formerKey: summaryKey,
			at: iso(ms(record.creationDate)),
			event: 'auditRecord' as const,
			object: record,
			authorId: String(((record.author ?? {}) as IDataObject).accountId ?? ''),
		};
	});
}

/** Content IDs that match a CQL filter, in batches; used to apply a user's CQL to candidate events only. */
export async function idsMatchingCql(
	ctx: IPollFunctions,
	ids: string[],
	cql: string,
): Promise<Set<string>> {
	const matching = new Set<string>();
	for (let start = 0; start < ids.length; start += 100) {
		const batch = ids.slice(start, start + 100);
		const results = await confluenceRequestAllItems.call(
			ctx,
			{
				method: 'GET',
				api: 'v1',
				path: apiPath`/search`,
				qs: { cql: `${cqlIn('id', batch)} AND (${cql})` },
			},
			{ pageSize: 100 },
		);
		for (const result of results) {
			const content = result.content as IDataObject | undefined;
			if (content?.id !== undefined) matching.add(String(content.id));
		}
	}
	return matching;
}
