import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { cqlString, cqlTitlePrefix } from '../helpers/cql';
import { apiPath, confluenceApi, isDataCenter, MAX_EMPTY_PAGES_IN_A_ROW } from '../transport';

const PAGE_SIZE = 50;

/**
 * The token to the next page: Cloud's `cursor`, or, on Data Center, whose lists and search page by `start`
 * (REALITY.md dc-start-limit-next), `start=N`.
 */
function cursorOf(body: IDataObject): string | undefined {
	const next = (body._links as IDataObject | undefined)?.next;
	if (typeof next !== 'string') return undefined;
	const query = new URL(next, 'http://placeholder').searchParams;
	const cursor = query.get('cursor');
	if (cursor) return cursor;
	const start = query.get('start');
	return start && /^\d+$/.test(start) ? `start=${start}` : undefined;
}

function webLink(base: unknown, webui: unknown): string | undefined {
	return typeof base === 'string' && typeof webui === 'string' ? `${base}${webui}` : undefined;
}

function cursorQuery(paginationToken?: string): IDataObject {
	if (!paginationToken) return {};
	const start = /^start=(\d+)$/.exec(paginationToken)?.[1];
	return start ? { start } : { cursor: paginationToken };
}

/** The list entries of a response page, with each entry's web link and the cursor to the next page. */
function listResult(
	body: IDataObject,
	items: IDataObject[],
	name: (item: IDataObject) => string,
	value: (item: IDataObject) => string = (item) => String(item.id),
): INodeListSearchResult {
	const base = (body._links as IDataObject | undefined)?.base;
	return {
		results: items.map((item) => ({
			name: name(item),
			value: value(item),
			url: webLink(base, (item._links as IDataObject | undefined)?.webui),
		})),
		paginationToken: cursorOf(body),
	};
}

function listedItems(body: IDataObject): IDataObject[] {
	return (body.results as IDataObject[]) ?? [];
}

/** CQL search results wrap the space or content they found. */
function foundItems(body: IDataObject, key: 'space' | 'content'): IDataObject[] {
	return listedItems(body)
		.map((result) => result[key] as IDataObject | undefined)
		.filter((item): item is IDataObject => !!item);
}

const spaceName = (space: IDataObject) => `${String(space.name)} (${String(space.key)})`;
const contentTitle = (content: IDataObject) => String(content.title);

/**
 * One page of CQL search results for a picker. Confluence drops results the caller may not see after cutting the page,
 * so a page can be empty while `next` is present (REALITY.md search-pages-filtered-after-paging): an empty page is
 * skipped (up to a bound), as the picker would otherwise show no entries and offer no more.
 */
async function cqlSearch(
	ctx: ILoadOptionsFunctions,
	cql: string,
	paginationToken?: string,
): Promise<IDataObject> {
	let cursor = paginationToken;
	for (let page = 1; ; page++) {
		const body = await confluenceApi.call(ctx, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/search`,
			qs: { cql, limit: PAGE_SIZE, ...cursorQuery(cursor) },
		});
		const next = cursorOf(body);
		if (
			listedItems(body).length > 0 ||
			!next ||
			next === cursor ||
			page >= MAX_EMPTY_PAGES_IN_A_ROW
		) {
			return body;
		}
		cursor = next;
	}
}

/** Data Center finds spaces by key only, so its picker gives keys (REALITY.md dc-no-v2: no `/spaces` list either). */
async function searchDataCenterSpaces(
	ctx: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const spaceKey = (space: IDataObject) => String(space.key);
	if (filter?.trim()) {
		const body = await cqlSearch(
			ctx,
			`type = space AND (${cqlTitlePrefix(filter)} OR space.key = ${cqlString(filter.trim())})`,
			paginationToken,
		);
		return listResult(body, foundItems(body, 'space'), spaceName, spaceKey);
	}
	const body = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/space`,
		qs: { limit: PAGE_SIZE, ...cursorQuery(paginationToken) },
	});
	return listResult(body, listedItems(body), spaceName, spaceKey);
}

export async function searchSpaces(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	if (isDataCenter(this)) return await searchDataCenterSpaces(this, filter, paginationToken);
	if (filter?.trim()) {
		const body = await cqlSearch(
			this,
			`type = space AND (${cqlTitlePrefix(filter)} OR space.key = ${cqlString(filter.trim())})`,
			paginationToken,
		);
		return listResult(body, foundItems(body, 'space'), spaceName);
	}
	const body = await confluenceApi.call(this, {
		method: 'GET',
		path: apiPath`/spaces`,
		qs: { sort: 'name', limit: PAGE_SIZE, ...cursorQuery(paginationToken) },
	});
	return listResult(body, listedItems(body), spaceName);
}

function selectedSpaceId(ctx: ILoadOptionsFunctions): string | undefined {
	try {
		const value = ctx.getCurrentNodeParameter('space', { extractValue: true });
		return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function selectedSpaceKey(ctx: ILoadOptionsFunctions): string | undefined {
	try {
		const value = ctx.getCurrentNodeParameter('space', { extractValue: true });
		return typeof value === 'string' && /^~?[A-Za-z0-9_-]+$/.test(value) && !/^\d+$/.test(value)
			? value
			: undefined;
	} catch {
		return undefined;
	}
}

/** Data Center has no v2 lists: its content pickers are CQL searches, newest first when unfiltered. */
async function searchDataCenterContent(
	ctx: ILoadOptionsFunctions,
	type: 'page' | 'blogpost',
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const clauses = [`type = ${type}`];
	if (filter?.trim()) clauses.push(cqlTitlePrefix(filter));
	const spaceKey = selectedSpaceKey(ctx);
	if (spaceKey) clauses.push(`space = ${cqlString(spaceKey)}`);
	const cql = `${clauses.join(' AND ')}${filter?.trim() ? '' : ' ORDER BY lastmodified DESC'}`;
	const body = await cqlSearch(ctx, cql, paginationToken);
	return listResult(body, foundItems(body, 'content'), contentTitle);
}

async function searchContent(
	ctx: ILoadOptionsFunctions,
	type: 'page' | 'blogpost',
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	if (isDataCenter(ctx)) return await searchDataCenterContent(ctx, type, filter, paginationToken);
	const spaceId = selectedSpaceId(ctx);
	if (filter?.trim()) {
		const clauses = [`type = ${type}`, cqlTitlePrefix(filter)];
		if (spaceId) clauses.push(`space.id = ${spaceId}`);
		const body = await cqlSearch(ctx, clauses.join(' AND '), paginationToken);
		return listResult(body, foundItems(body, 'content'), contentTitle);
	}
	const body = await confluenceApi.call(ctx, {
		method: 'GET',
		path: spaceId
			? apiPath`/spaces/${spaceId}/${type === 'page' ? 'pages' : 'blogposts'}`
			: type === 'page'
				? apiPath`/pages`
				: apiPath`/blogposts`,
		qs: { sort: '-modified-date', limit: PAGE_SIZE, ...cursorQuery(paginationToken) },
	});
	return listResult(body, listedItems(body), contentTitle);
}

export async function searchPages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchContent(this, 'page', filter, paginationToken);
}

export async function searchBlogPosts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchContent(this, 'blogpost', filter, paginationToken);
}

export async function searchWhiteboards(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// v2 has no whiteboard list endpoint; CQL search finds them by type, newest first when unfiltered.
	const clauses = ['type = whiteboard'];
	if (filter?.trim()) clauses.push(cqlTitlePrefix(filter));
	const cql = `${clauses.join(' AND ')}${filter?.trim() ? '' : ' ORDER BY lastmodified DESC'}`;
	const body = await cqlSearch(this, cql, paginationToken);
	return listResult(body, foundItems(body, 'content'), contentTitle);
}
