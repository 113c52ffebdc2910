import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asCloudShape } from '../actions/dataCenter/resolve';
import { cqlIn } from '../helpers/cql';
import { apiPath, confluenceApi, confluencePages, confluenceRequestAllItems } from '../transport';
import {
	ServerClock,
	unlessGone,
	type EventEntry,
	type FeedContext,
	type FeedName,
	type TriggerEvent,
} from './feeds';

/**
 * Trigger events Data Center cannot serve, with the reason the poll gives. Its audit log is not part of the REST API
 * the trigger reads (Cloud's `/wiki/rest/api/audit`); every other event has a CQL search behind it.
 */
export const DATA_CENTER_UNSUPPORTED_EVENTS: Partial<Record<TriggerEvent, string>> = {
	auditRecord:
		'Remove "Audit Record" from "Events", or use a Confluence Cloud credential. Data Center keeps its audit log in its administration console.',
};

/**
 * Confluence Data Center has no v2 lists sorted by date: every feed is a CQL search on `/rest/api/content/search`
 * (start/limit paging, `_links.next`), newest first.
 *
 * CQL compares dates at minute precision, and reads a date literal ("2026/11/23 09:00") in the server's time zone, which
 * the REST API does not reveal (REALITY.md dc-cql-date-server-time-zone). The feeds therefore never write a date:
 * `now("-Nm")` is relative to the server's own clock, whatever its zone, and the exact window (milliseconds, from the
 * UTC timestamps of the answers) is cut on this side. The answer's Date header tells whether N reached back far enough;
 * if the server's clock ran ahead of n8n's estimate, the search is asked again with a larger N.
 */
const PAGE_SIZE = 100;
const MINUTE = 60_000;

function ms(value: unknown): number {
	const parsed = Date.parse(String(value ?? ''));
	return Number.isNaN(parsed) ? 0 : parsed;
}

function iso(value: number): string {
	return new Date(value).toISOString();
}

function floorMinute(value: number): number {
	return Math.floor(value / MINUTE) * MINUTE;
}

export interface DataCenterFeedContext extends FeedContext {
	/** Space keys the user chose (Data Center addresses spaces by key). */
	spaceKeys: string[];
	/** n8n's clock: only a first estimate of Confluence's, checked against the answer's Date header. */
	now: number;
}

/**
 * Everything of one CQL type whose `field` is at or after the window start, newest first. `timeOf` gives an entry's
 * exact time; entries before the window start (same minute, earlier second) are left out here.
 */
async function searchWindow(
	feed: DataCenterFeedContext,
	type: string,
	field: 'lastmodified' | 'created',
	expand: string,
	timeOf: (item: IDataObject) => number,
): Promise<IDataObject[]> {
	const from = ms(feed.from);
	const restrictions = [`type = ${type}`];
	if (feed.spaceKeys.length) restrictions.push(cqlIn('space', feed.spaceKeys));
	let serverNow = feed.clock?.now ?? feed.now;
	for (let attempt = 1; ; attempt++) {
		// One minute more than the window: the search's lower bound is cut to the minute.
		const minutes = Math.max(1, Math.ceil((serverNow - from) / MINUTE) + 1);
		const clauses = feed.peek ? restrictions : [...restrictions, `${field} >= now("-${minutes}m")`];
		const answered = new ServerClock();
		const items: IDataObject[] = [];
		for await (const page of confluencePages.call(
			feed.ctx,
			{
				method: 'GET',
				api: 'v1',
				path: apiPath`/content/search`,
				qs: { cql: `${clauses.join(' AND ')} ORDER BY ${field} DESC`, expand },
			},
			{
				pageSize: PAGE_SIZE,
				// Some Data Center versions answer a search without `_links.next` (REALITY.md dc-search-next-link).
				offsetFallback: true,
				onPage: (_body, headers) => {
					feed.clock?.note(headers);
					answered.note(headers);
				},
			},
		)) {
			let reachedOlder = false;
			for (const item of page) {
				if (timeOf(item) < from) {
					reachedOlder = true;
					continue;
				}
				items.push(item);
			}
			if (reachedOlder || feed.peek) break;
		}
		// The Date header is cut to the second and written after the search ran: the search's "now" was before its end.
		const latestSearchTime = (answered.now ?? serverNow) + 999;
		if (feed.peek || floorMinute(latestSearchTime - minutes * MINUTE) <= from) return items;
		if (attempt >= 3) {
			throw new NodeOperationError(
				feed.ctx.getNode(),
				"Confluence's clock moved by more than a minute between two requests of one poll",
				{ description: 'The poll is repeated at the next interval; nothing was emitted or lost.' },
			);
		}
		serverNow = latestSearchTime;
	}
}

function historyTime(item: IDataObject): number {
	return ms((item.history as IDataObject | undefined)?.createdDate);
}

function versionTime(item: IDataObject): number {
	return ms((item.version as IDataObject | undefined)?.when);
}

/** A Data Center content object as the Cloud feeds shape it (v2 field names), with the space key beside its ID. */
function shaped(raw: IDataObject): IDataObject {
	const spaceKey = (raw.space as IDataObject | undefined)?.key;
	return { ...asCloudShape(raw), ...(typeof spaceKey === 'string' ? { spaceKey } : {}) };
}

function containerOf(raw: IDataObject): { contentType?: 'page' | 'blogpost'; contentId?: string } {
	const container = raw.container as IDataObject | undefined;
	const type = container?.type;
	if ((type !== 'page' && type !== 'blogpost') || container?.id === undefined) return {};
	return { contentType: type, contentId: String(container.id) };
}

const CONTENT = {
	pages: { type: 'page', created: 'pageCreated', updated: 'pageUpdated' },
	blogposts: { type: 'blogpost', created: 'blogPostCreated', updated: 'blogPostUpdated' },
} as const;

/**
 * Pages or blog posts modified in the window: version 1 is a creation, every later version an update, as on Cloud.
 * CQL search finds current content only, so content trashed before the poll that would have seen it is not emitted.
 */
async function contentEntries(
	feed: DataCenterFeedContext,
	name: 'pages' | 'blogposts',
	isDecided: (key: string) => boolean,
): Promise<EventEntry[]> {
	const spec = CONTENT[name];
	const from = ms(feed.from);
	const raws = await searchWindow(
		feed,
		spec.type,
		'lastmodified',
		'space,version,history',
		versionTime,
	);
	const entries: EventEntry[] = [];
	for (const raw of raws) {
		const item = shaped(raw);
		const id = String(item.id);
		const version = (item.version ?? {}) as IDataObject;
		const number = Number(version.number ?? 1);
		const base = { object: item, contentType: spec.type, contentId: id };
		const createdAt = number === 1 ? versionTime(raw) : historyTime(raw);
		if (createdAt >= from) {
			entries.push({
				...base,
				key: `${spec.type}:${id}:v1`,
				at: iso(createdAt),
				event: spec.created,
				version: number === 1 ? version : { number: 1, createdAt: item.createdAt },
				authorId: String(item.authorId ?? version.authorId ?? ''),
			});
		}
		if (number <= 1) continue;
		const currentKey = `${spec.type}:${id}:v${number}`;
		entries.push({
			...base,
			key: currentKey,
			at: iso(versionTime(raw)),
			event: spec.updated,
			version,
			authorId: String(version.authorId ?? ''),
		});
		if (!feed.everyVersion || isDecided(currentKey) || feed.peek) continue;
		// Several edits between two polls: the search shows the newest; each older version is read by number, newest
		// first, until one is older than the window (or the content is gone since it was listed).
		for (let older = number - 1; older >= 2; older--) {
			const read = await unlessGone(
				confluenceApi.call(feed.ctx, {
					method: 'GET',
					api: 'v1',
					path: apiPath`/content/${id}`,
					qs: { version: older, expand: 'version' },
				}),
			);
			const olderVersion = read ? (shaped(read).version as IDataObject | undefined) : undefined;
			if (!olderVersion || ms(olderVersion.createdAt) < from) break;
			entries.push({
				...base,
				key: `${spec.type}:${id}:v${older}`,
				at: iso(ms(olderVersion.createdAt)),
				event: spec.updated,
				version: olderVersion,
				authorId: String(olderVersion.authorId ?? ''),
			});
		}
	}
	return entries;
}

/** Footer and inline comments created in the window, one search (`extensions.location` tells them apart). */
async function commentEntries(feed: DataCenterFeedContext): Promise<EventEntry[]> {
	const raws = await searchWindow(
		feed,
		'comment',
		'created',
		'space,version,history,container,extensions',
		historyTime,
	);
	return raws.map((raw) => {
		const item = shaped(raw);
		const location = (raw.extensions as IDataObject | undefined)?.location;
		const container = containerOf(raw);
		const version = (item.version ?? {}) as IDataObject;
		return {
			key: `comment:${String(item.id)}`,
			at: iso(historyTime(raw)),
			event: 'commentCreated' as const,
			object: {
				...item,
				commentType: location === 'inline' ? 'inline' : 'footer',
				pageId: container.contentType === 'page' ? container.contentId : undefined,
				blogPostId: container.contentType === 'blogpost' ? container.contentId : undefined,
			},
			...container,
			version,
			authorId: String(item.authorId ?? ''),
		};
	});
}

async function attachmentEntries(feed: DataCenterFeedContext): Promise<EventEntry[]> {
	const raws = await searchWindow(
		feed,
		'attachment',
		'created',
		'space,version,history,container',
		historyTime,
	);
	return raws.map((raw) => {
		const item = shaped(raw);
		const extensions = (raw.extensions ?? {}) as IDataObject;
		const container = containerOf(raw);
		const download = ((raw._links ?? {}) as IDataObject).download;
		return {
			key: `attachment:${String(item.id)}`,
			at: iso(historyTime(raw)),
			event: 'attachmentCreated' as const,
			object: {
				...item,
				pageId: container.contentType === 'page' ? container.contentId : undefined,
				blogPostId: container.contentType === 'blogpost' ? container.contentId : undefined,
				mediaType: extensions.mediaType,
				fileSize: extensions.fileSize,
				downloadLink: download,
			},
			...container,
			version: (item.version ?? {}) as IDataObject,
			authorId: String(item.authorId ?? ''),
		};
	});
}

export async function dataCenterEntries(
	feed: DataCenterFeedContext,
	name: FeedName,
	isDecided: (key: string) => boolean,
): Promise<EventEntry[]> {
	switch (name) {
		case 'pages':
		case 'blogposts':
			return await contentEntries(feed, name, isDecided);
		case 'footerComments':
			return await commentEntries(feed);
		case 'attachments':
			return await attachmentEntries(feed);
		default:
			return [];
	}
}

/** Checks the Spaces filter's keys once: Data Center answers an unknown key in CQL with no results, not an error. */
export async function checkDataCenterSpaceKeys(ctx: IPollFunctions, keys: string[]): Promise<void> {
	const spaces = await confluenceRequestAllItems.call(
		ctx,
		{ method: 'GET', api: 'v1', path: apiPath`/space`, qs: { spaceKey: keys } },
		{ pageSize: 100, offsetFallback: true },
	);
	const found = new Set(spaces.map((space) => String(space.key)));
	const missing = keys.filter((key) => !found.has(key));
	if (missing.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No space with the key ${missing.map((key) => `"${key}"`).join(', ')} exists, or the account cannot see it`,
			{
				description:
					'Check the "Spaces" filter: on Data Center it takes space keys, which are case-sensitive.',
			},
		);
	}
}

/** The page or blog post, its labels and its ancestors, through Data Center's content API (filters of comments). */
export const dataCenterReads = {
	async labels(ctx: IPollFunctions, id: string): Promise<string[]> {
		const labels = await unlessGone(
			confluenceRequestAllItems.call(
				ctx,
				{ method: 'GET', api: 'v1', path: apiPath`/content/${id}/label` },
				{ pageSize: 200, offsetFallback: true },
			),
		);
		return (labels ?? []).map((label) => String(label.name).toLowerCase());
	},
	async ancestors(ctx: IPollFunctions, id: string): Promise<string[]> {
		const body = await unlessGone(
			confluenceApi.call(ctx, {
				method: 'GET',
				api: 'v1',
				path: apiPath`/content/${id}`,
				qs: { status: 'any', expand: 'ancestors' },
			}),
		);
		return ((body?.ancestors as IDataObject[] | undefined) ?? []).map((ancestor) =>
			String(ancestor.id),
		);
	},
	/** The content (or comment) with its body at the event's version; undefined when it is gone. */
	async body(
		ctx: IPollFunctions,
		id: string,
		expand: string,
		version: unknown,
	): Promise<IDataObject | undefined> {
		const qs: IDataObject = { expand };
		if (version !== undefined) qs.version = version;
		else qs.status = 'any';
		return await unlessGone(
			confluenceApi.call(ctx, { method: 'GET', api: 'v1', path: apiPath`/content/${id}`, qs }),
		);
	},
};
