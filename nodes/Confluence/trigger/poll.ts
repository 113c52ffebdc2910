import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { addRenderedBody, bodyFormatQuery } from '../actions/common/body';
import type { BodyReadFormat } from '../actions/common/descriptions';
import { dropNullish } from '../actions/common/values';
import { apiPath, confluenceApi, confluenceRequestAllItems, isDataCenter } from '../transport';
import {
	checkDataCenterSpaceKeys,
	DATA_CENTER_UNSUPPORTED_EVENTS,
	dataCenterEntries,
	dataCenterReads,
} from './dataCenter';
import {
	attachmentEntries,
	auditEntries,
	commentEntries,
	contentEntries,
	idsMatchingCql,
	ServerClock,
	unlessGone,
	type EventEntry,
	type FeedContext,
	type FeedName,
	type TriggerEvent,
} from './feeds';
import {
	advance,
	initialState,
	undecided,
	windowStart,
	type Decision,
	type FeedState,
} from './state';

export const FEEDS_BY_EVENT: Record<TriggerEvent, FeedName[]> = {
	pageCreated: ['pages'],
	pageUpdated: ['pages'],
	blogPostCreated: ['blogposts'],
	blogPostUpdated: ['blogposts'],
	commentCreated: ['footerComments', 'inlineComments'],
	attachmentCreated: ['attachments'],
	auditRecord: ['audit'],
};

export interface TriggerSettings {
	events: TriggerEvent[];
	spaceKeys: string[];
	labels: string[];
	ancestorId?: string;
	authorIds: string[];
	cql?: string;
	auditSearch: string;
	everyVersion: boolean;
	bodyFormat: BodyReadFormat;
	/** Rescan window: how far behind the newest decided event each poll looks again. */
	overlapMs: number;
	/** How long an event may wait for the search index before a CQL filter rules it out. */
	indexLagMs: number;
	startFrom?: string;
	now: () => number;
}

export interface TriggerState {
	feeds: Partial<Record<FeedName, FeedState>>;
	spaces?: { keys: string; ids: string[] };
	/** The CQL filter Confluence accepted last (checked again when it changes). */
	checkedCql?: string;
}

const CQL_FILTER = 'Filters → CQL';

/** Confluence's 400 for a CQL filter, as an error that names the parameter; any other failure stays as it is. */
function cqlFilterError(ctx: IPollFunctions, cql: string, error: unknown): unknown {
	const failure = error as { httpCode?: unknown; message?: unknown };
	if (String(failure?.httpCode) !== '400') return error;
	// The transport's message starts with its own headline; what Confluence said follows the status.
	const said = String(failure.message ?? '').replace(/^.*?\(400[^)]*\):?\s*/, '');
	return new NodeOperationError(
		ctx.getNode(),
		`Confluence rejected the CQL Filter (400)${said ? `: ${said}` : ''}`,
		{ description: `Correct "${CQL_FILTER}": ${cql}` },
	);
}

/** Text between quotes, which may legitimately say "order by". */
function outsideQuotes(cql: string): string {
	return cql.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/**
 * Checks the CQL filter before any event depends on it (at activation, when it changes, and in Fetch Test Event) with the
 * cheapest query Confluence parses it in: the filter alone, in the parentheses the trigger puts it in, one result.
 */
async function checkCqlFilter(ctx: IPollFunctions, cql: string): Promise<void> {
	if (/\border\s+by\b/i.test(outsideQuotes(cql))) {
		throw new NodeOperationError(ctx.getNode(), 'The CQL Filter cannot contain ORDER BY', {
			description: `The trigger combines "${CQL_FILTER}" with its own query and emits events oldest first; remove "ORDER BY …" from the filter.`,
		});
	}
	await confluenceApi
		.call(ctx, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/search`,
			qs: { cql: `(${cql})`, limit: 1 },
		})
		.catch(async (error: unknown) => await Promise.reject(cqlFilterError(ctx, cql, error)));
}

class PollCache {
	private readonly containers = new Map<string, Promise<IDataObject | undefined>>();

	private readonly labelNames = new Map<string, Promise<string[]>>();

	private readonly ancestorIds = new Map<string, Promise<string[]>>();

	constructor(private readonly ctx: IPollFunctions) {}

	/** The page or blog post, or undefined when it is gone (its comments and attachments then cannot be placed). */
	container(type: 'page' | 'blogpost', id: string): Promise<IDataObject | undefined> {
		const key = `${type}:${id}`;
		if (!this.containers.has(key)) {
			this.containers.set(
				key,
				unlessGone(
					confluenceApi.call(this.ctx, {
						method: 'GET',
						path: apiPath`/${type === 'page' ? 'pages' : 'blogposts'}/${id}`,
						qs: { status: readableStatuses(type) },
					}),
				),
			);
		}
		return this.containers.get(key)!;
	}

	labels(type: 'page' | 'blogpost', id: string): Promise<string[]> {
		const key = `${type}:${id}`;
		if (!this.labelNames.has(key) && isDataCenter(this.ctx)) {
			this.labelNames.set(key, dataCenterReads.labels(this.ctx, id));
		}
		if (!this.labelNames.has(key)) {
			this.labelNames.set(
				key,
				unlessGone(
					confluenceRequestAllItems.call(this.ctx, {
						method: 'GET',
						path: apiPath`/${type === 'page' ? 'pages' : 'blogposts'}/${id}/labels`,
					}),
				).then((labels) => (labels ?? []).map((label) => String(label.name).toLowerCase())),
			);
		}
		return this.labelNames.get(key)!;
	}

	ancestors(id: string): Promise<string[]> {
		if (!this.ancestorIds.has(id) && isDataCenter(this.ctx)) {
			this.ancestorIds.set(id, dataCenterReads.ancestors(this.ctx, id));
		}
		if (!this.ancestorIds.has(id)) {
			this.ancestorIds.set(
				id,
				unlessGone(
					confluenceApi.call(this.ctx, {
						method: 'GET',
						path: apiPath`/pages/${id}/ancestors`,
						qs: { limit: 250 },
					}),
				).then((body) =>
					((body?.results as IDataObject[] | undefined) ?? []).map((ancestor) =>
						String(ancestor.id),
					),
				),
			);
		}
		return this.ancestorIds.get(id)!;
	}
}

async function resolveSpaceIds(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	state: TriggerState,
): Promise<string[]> {
	if (!settings.spaceKeys.length) return [];
	const keys = settings.spaceKeys.join(',');
	if (state.spaces?.keys === keys) return state.spaces.ids;
	if (isDataCenter(ctx)) {
		// Data Center's feeds filter by space key in their CQL; the keys are checked once, as Cloud's are looked up.
		await checkDataCenterSpaceKeys(ctx, settings.spaceKeys);
		state.spaces = { keys, ids: settings.spaceKeys };
		return state.spaces.ids;
	}
	const ids: string[] = [];
	const lookup = settings.spaceKeys.filter((key) => !/^\d+$/.test(key));
	for (const key of settings.spaceKeys) if (/^\d+$/.test(key)) ids.push(key);
	if (lookup.length) {
		const spaces = await confluenceRequestAllItems.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces`,
			qs: { keys: lookup },
		});
		const found = new Map(spaces.map((space) => [String(space.key), String(space.id)]));
		const missing = lookup.filter((key) => !found.has(key));
		if (missing.length) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No space with the key ${missing.map((key) => `"${key}"`).join(', ')} exists, or the account cannot see it`,
				{
					description: 'Check the "Spaces" filter: space keys are case-sensitive.',
				},
			);
		}
		for (const key of lookup) ids.push(found.get(key)!);
	}
	state.spaces = { keys, ids };
	return ids;
}

async function readFeed(
	feed: FeedContext,
	name: FeedName,
	settings: TriggerSettings,
	isDecided: (key: string) => boolean,
): Promise<EventEntry[]> {
	if (isDataCenter(feed.ctx)) {
		return await dataCenterEntries(
			{ ...feed, spaceKeys: feed.spaceIds, spaceIds: [], now: settings.now() },
			name,
			isDecided,
		);
	}
	switch (name) {
		case 'pages':
		case 'blogposts':
			return await contentEntries(feed, name, isDecided);
		case 'footerComments':
		case 'inlineComments':
			return await commentEntries(feed, name, isDecided);
		case 'attachments':
			return await attachmentEntries(feed);
		case 'audit':
			return await auditEntries(feed, settings.auditSearch);
	}
}

/** Whether an event passes the user's filters: emit it, rule it out, or wait (the search index may not have it yet). */
async function decide(
	ctx: IPollFunctions,
	entries: EventEntry[],
	settings: TriggerSettings,
	spaceIds: string[],
	cache: PollCache,
	now: number,
): Promise<Decision[]> {
	const selected = new Set(settings.events);
	const decisions: Decision[] = entries.map((entry) =>
		selected.has(entry.event) ? 'emit' : 'skip',
	);
	const contentOf = (entry: EventEntry) =>
		entry.contentType && entry.contentId
			? { type: entry.contentType, id: entry.contentId }
			: undefined;
	for (const [index, entry] of entries.entries()) {
		if (decisions[index] !== 'emit' || entry.event === 'auditRecord') continue;
		if (settings.authorIds.length && !settings.authorIds.includes(entry.authorId ?? '')) {
			decisions[index] = 'skip';
			continue;
		}
		const content = contentOf(entry);
		if (!content) {
			if (spaceIds.length || settings.labels.length || settings.ancestorId || settings.cql)
				decisions[index] = 'skip';
			continue;
		}
		if (
			spaceIds.length &&
			entry.event !== 'pageCreated' &&
			entry.event !== 'pageUpdated' &&
			entry.event !== 'blogPostCreated' &&
			entry.event !== 'blogPostUpdated'
		) {
			const container = await cache.container(content.type, content.id);
			if (!spaceIds.includes(String(container?.spaceId))) {
				decisions[index] = 'skip';
				continue;
			}
		}
		if (settings.labels.length) {
			const labels = await cache.labels(content.type, content.id);
			if (!settings.labels.some((label) => labels.includes(label.toLowerCase()))) {
				decisions[index] = 'skip';
				continue;
			}
		}
		if (settings.ancestorId) {
			const inSubtree =
				content.type === 'page' &&
				(content.id === settings.ancestorId ||
					(await cache.ancestors(content.id)).includes(settings.ancestorId));
			if (!inSubtree) {
				decisions[index] = 'skip';
				continue;
			}
		}
	}
	if (settings.cql) {
		const candidates = entries
			.map((entry, index) => ({ entry, index, content: contentOf(entry) }))
			.filter(({ index, content }) => decisions[index] === 'emit' && content);
		const ids = [...new Set(candidates.map(({ content }) => content!.id))];
		const cql = settings.cql;
		const matching = ids.length
			? await idsMatchingCql(ctx, ids, cql).catch(
					async (error: unknown) => await Promise.reject(cqlFilterError(ctx, cql, error)),
				)
			: new Set<string>();
		for (const { entry, index, content } of candidates) {
			if (matching.has(content!.id)) continue;
			decisions[index] = now - Date.parse(entry.at) < settings.indexLagMs ? 'defer' : 'skip';
		}
	}
	return decisions;
}

function webUrl(object: IDataObject): string | undefined {
	const links = (object._links ?? {}) as IDataObject;
	return typeof links.webui === 'string' && typeof links.base === 'string'
		? `${links.base}${links.webui}`
		: undefined;
}

async function toItem(
	ctx: IPollFunctions,
	entry: EventEntry,
	bodyFormat: BodyReadFormat,
): Promise<INodeExecutionData> {
	const object = entry.object;
	if (entry.event === 'auditRecord') return { json: { event: entry.event, ...object } };
	const json: IDataObject = {
		event: entry.event,
		id: object.id,
		type: entry.event.startsWith('comment')
			? 'comment'
			: entry.event.startsWith('attachment')
				? 'attachment'
				: entry.contentType,
		title: object.title,
		status: object.status,
		spaceId: object.spaceId,
		version: (entry.version as IDataObject | undefined)?.number,
		versionMessage: (entry.version as IDataObject | undefined)?.message || undefined,
		authorId: entry.authorId || undefined,
		at: entry.at,
		createdAt: object.createdAt,
		url: webUrl(object),
	};
	if (object.commentType) {
		json.commentType = object.commentType;
		json.pageId = object.pageId;
		json.blogPostId = object.blogPostId;
		json.parentCommentId = object.parentCommentId;
		if (object.resolutionStatus) json.resolutionStatus = object.resolutionStatus;
	}
	if (entry.event === 'attachmentCreated') {
		json.pageId = object.pageId;
		json.blogPostId = object.blogPostId;
		json.mediaType = object.mediaType;
		json.fileSize = object.fileSize;
		json.downloadLink = object.downloadLink;
	}
	if (object.spaceKey) json.spaceKey = object.spaceKey;
	const query = bodyFormatQuery(bodyFormat);
	if (query && entry.event !== 'attachmentCreated' && isDataCenter(ctx)) {
		const full = await dataCenterReads.body(
			ctx,
			String(object.id),
			query === 'view' ? 'body.view' : 'body.storage',
			object.commentType ? undefined : json.version,
		);
		if (full) addRenderedBody(json, full, bodyFormat);
		else markBodyUnavailable(json);
	} else if (query && entry.event !== 'attachmentCreated') {
		const path = object.commentType
			? apiPath`/${object.commentType === 'footer' ? 'footer-comments' : 'inline-comments'}/${String(object.id)}`
			: apiPath`/${entry.contentType === 'page' ? 'pages' : 'blogposts'}/${String(object.id)}`;
		const qs: IDataObject = { 'body-format': query };
		if (!object.commentType) {
			if (json.version) qs.version = json.version;
			qs.status = [...readableStatuses(entry.contentType ?? 'page'), 'historical'];
		}
		const full = await unlessGone(confluenceApi.call(ctx, { method: 'GET', path, qs }));
		if (full) {
			addRenderedBody(json, full, bodyFormat);
		} else {
			markBodyUnavailable(json);
		}
	}
	dropNullish(json);
	return { json };
}

/** Purged, deleted or restricted since the event: the event still happened, so it is emitted without its body. */
function markBodyUnavailable(json: IDataObject): void {
	json.bodyUnavailable = true;
	json.bodyUnavailableReason = `Confluence no longer serves this ${String(json.type)} to this account (deleted, purged or restricted since the event)`;
}

/** Every status a listed page or blog post can have by the time it is read again (blog posts cannot be archived). */
function readableStatuses(type: 'page' | 'blogpost'): string[] {
	return type === 'page' ? ['current', 'archived', 'trashed'] : ['current', 'trashed'];
}

function feedsFor(events: TriggerEvent[], dataCenter: boolean): FeedName[] {
	const feeds = [...new Set(events.flatMap((event) => FEEDS_BY_EVENT[event]))];
	// One CQL search (`type = comment`) reads footer and inline comments on Data Center.
	return dataCenter ? feeds.filter((name) => name !== 'inlineComments') : feeds;
}

/** What Data Center cannot do, refused before any request (Atlas Doc Format does not exist there). */
function checkDataCenterSettings(ctx: IPollFunctions, settings: TriggerSettings): void {
	for (const event of settings.events) {
		const reason = DATA_CENTER_UNSUPPORTED_EVENTS[event];
		if (reason === undefined) continue;
		const name = event === 'auditRecord' ? 'Audit Record' : event;
		throw new NodeOperationError(
			ctx.getNode(),
			`The event "${name}" is not available on Confluence Data Center`,
			{ description: reason },
		);
	}
	if (settings.bodyFormat === 'atlas_doc_format') {
		throw new NodeOperationError(
			ctx.getNode(),
			'The body format "Atlas Doc Format" does not exist on Confluence Data Center',
			{ description: 'Set "Options → Body Format" to Markdown, Storage or Plain Text.' },
		);
	}
}

/**
 * One poll: read each feed from its window, decide what is new, and return the new events oldest first, together with
 * the state to store. Nothing is written to the state before every event of the poll has been built, so a poll that
 * fails halfway is simply repeated.
 */
export async function pollEvents(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	stored: TriggerState,
	manual: boolean,
): Promise<{ items: INodeExecutionData[]; state: TriggerState }> {
	const state = JSON.parse(JSON.stringify(stored)) as TriggerState;
	state.feeds = state.feeds ?? {};
	const dataCenter = isDataCenter(ctx);
	if (dataCenter) checkDataCenterSettings(ctx, settings);
	// Every Data Center feed reads the search index: each poll looks back at least as far as the index may lag.
	const overlapMs = dataCenter
		? Math.max(settings.overlapMs, settings.indexLagMs)
		: settings.overlapMs;
	if (settings.cql && (manual || state.checkedCql !== settings.cql)) {
		await checkCqlFilter(ctx, settings.cql);
		state.checkedCql = settings.cql;
	}
	const spaceIds = await resolveSpaceIds(ctx, settings, state);
	// Data Center's feeds keep to the spaces in their CQL already (comments and attachments are in their page's space).
	const decideSpaceIds = dataCenter ? [] : spaceIds;
	const cache = new PollCache(ctx);
	const emitted: EventEntry[] = [];
	for (const name of feedsFor(settings.events, dataCenter)) {
		const clock = new ServerClock();
		const base = { ctx, spaceIds, everyVersion: settings.everyVersion, clock };
		// Confluence's time when it was asked (n8n's only when a proxy dropped the Date header): never read from an entry,
		// whose date may lie in the future.
		const confluenceNow = () => clock.now ?? settings.now();
		if (manual) {
			// "Fetch test event": the newest matching events, state untouched.
			const entries = await readFeed(
				{ ...base, from: new Date(0).toISOString(), peek: true },
				name,
				settings,
				() => false,
			);
			const decisions = await decide(
				ctx,
				entries,
				settings,
				decideSpaceIds,
				cache,
				confluenceNow(),
			);
			const newest = entries
				.filter((_, index) => decisions[index] === 'emit')
				.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
			if (newest.length) emitted.push(newest[0]);
			continue;
		}
		let feedState = state.feeds[name];
		const isFirstLook = !feedState;
		if (!feedState) {
			if (settings.startFrom) {
				// Watermark one window after the start, so the rescan window begins exactly at the start date.
				feedState = initialState(
					new Date(Date.parse(settings.startFrom) + overlapMs).toISOString(),
				);
			} else {
				// Activation starts from Confluence's now, even when the feed is empty (not from 1970, which would let old
				// content that becomes visible later pass as new) or its newest entry is dated in the future.
				await readFeed(
					{ ...base, from: new Date(0).toISOString(), peek: true },
					name,
					settings,
					() => false,
				);
				// On Data Center the feed is the search index, which can show content written before activation only after
				// it: the window then starts at activation, as it does at a start date.
				feedState = initialState(
					new Date(confluenceNow() + (dataCenter ? overlapMs : 0)).toISOString(),
				);
			}
		}
		const decidedKeys = new Set(feedState.seen.map(([key]) => key));
		const entries = await readFeed(
			{ ...base, from: windowStart(feedState, overlapMs) },
			name,
			settings,
			(key) => decidedKeys.has(key),
		);
		const fresh = undecided(feedState, entries, overlapMs);
		let decisions: Decision[];
		if (isFirstLook && !settings.startFrom) {
			// Activation starts from now: what exists already is history, not events.
			decisions = fresh.map(() => 'skip');
		} else {
			decisions = await decide(ctx, fresh, settings, decideSpaceIds, cache, confluenceNow());
		}
		fresh.forEach((entry, index) => {
			if (decisions[index] === 'emit') emitted.push(entry);
		});
		state.feeds[name] = advance(
			feedState,
			fresh.map((entry, index) => ({ key: entry.key, at: entry.at, decision: decisions[index] })),
			overlapMs,
			confluenceNow(),
		);
	}
	// Same timestamp: Confluence's IDs grow with creation, so they order what happened within one millisecond.
	const sequence = (entry: EventEntry) =>
		Number(String(entry.object.id ?? '').replace(/\D/g, '')) || 0;
	const versionOf = (entry: EventEntry) =>
		Number((entry.version as IDataObject | undefined)?.number ?? 0);
	emitted.sort(
		(a, b) =>
			Date.parse(a.at) - Date.parse(b.at) ||
			sequence(a) - sequence(b) ||
			versionOf(a) - versionOf(b) ||
			a.key.localeCompare(b.key),
	);
	const items: INodeExecutionData[] = [];
	for (const entry of emitted) items.push(await toItem(ctx, entry, settings.bodyFormat));
	return { items, state };
}

export function auditForbidden(ctx: IPollFunctions, error: unknown): NodeApiError | undefined {
	if (error instanceof NodeApiError && error.httpCode === '403') {
		return new NodeApiError(ctx.getNode(), { message: error.message } as never, {
			message: 'Reading the audit log needs a Confluence site administrator',
			description: `${error.message}. Use a credential of a site admin for the "Audit Record" event, or remove that event.`,
			httpCode: '403',
		});
	}
	return undefined;
}
