import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, type ApiPath } from '../../transport';
import { CONTENT_URL_REGEX, type ContentKind } from './descriptions';

interface Locator {
	mode: string;
	value: string;
}

/** Reads a resource locator, or the plain string an expression may have put in its place. */
export function readLocator(ctx: IExecuteFunctions, itemIndex: number, name: string): Locator {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as
		| INodeParameterResourceLocator
		| string
		| number;
	if (raw !== null && typeof raw === 'object') {
		return { mode: String(raw.mode ?? 'id'), value: String(raw.value ?? '').trim() };
	}
	const value = String(raw ?? '').trim();
	return { mode: /^https?:\/\//i.test(value) ? 'url' : /^\d+$/.test(value) ? 'id' : 'key', value };
}

export function requireValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${displayName}" is empty`, {
			itemIndex,
			description: `Set "${displayName}" for item ${itemIndex}, or fix the expression that fills it.`,
		});
	}
	return text;
}

export function requireNumericId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): string {
	const text = requireValue(ctx, itemIndex, displayName, value);
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" must be a numeric ID, got "${text.slice(0, 80)}"`,
			{
				itemIndex,
				description:
					'Confluence IDs are numbers, e.g. 123456. A page URL works in the "By URL" mode.',
			},
		);
	}
	return text;
}

const executionCaches = new WeakMap<object, Map<string, string>>();

async function cached(
	ctx: IExecuteFunctions,
	key: string,
	load: () => Promise<string>,
): Promise<string> {
	let cache = executionCaches.get(ctx);
	if (!cache) {
		cache = new Map();
		executionCaches.set(ctx, cache);
	}
	const hit = cache.get(key);
	if (hit !== undefined) return hit;
	const value = await load();
	cache.set(key, value);
	return value;
}

/** A URL path segment decoded (personal space keys arrive as %7E…); a stray % is kept as it is. */
function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Space keys are letters and digits (https://support.atlassian.com/confluence-cloud/docs/create-a-space/; the editor
 * also lets `_` and `-` through); personal
 * spaces are `~` followed by the account ID (or, on older sites, the user name). Anything else never names a space and
 * may, like `.` or `..`, change which endpoint a path reaches.
 */
const SPACE_KEY_SHAPE = /^(?:[A-Za-z0-9_-]+|~[A-Za-z0-9_.@:+-]+)$/;

export function requireSpaceKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	key: string,
): string {
	if (!SPACE_KEY_SHAPE.test(key)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" is not a space key: "${key.slice(0, 80)}"`,
			{
				itemIndex,
				description: `Item ${itemIndex}: space keys are letters and digits, e.g. DOCS, or ~ and an account ID for a personal space.`,
			},
		);
	}
	return key;
}

function spaceKeyFromUrl(url: string): string | undefined {
	return /\/spaces\/([^/?#]+)/.exec(url)?.[1] ?? /\/display\/([^/?#]+)/.exec(url)?.[1];
}

async function spaceIdForKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
): Promise<string> {
	return await cached(ctx, `space-key:${key}`, async () => {
		const body = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces`,
			qs: { keys: key, limit: 1 },
			itemIndex,
		});
		const space = ((body.results as IDataObject[] | undefined) ?? [])[0];
		if (!space) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No space with the key "${key}" exists, or the account cannot see it`,
				{
					itemIndex,
					description: 'Space keys are case-sensitive. Pick the space from the list to be sure.',
				},
			);
		}
		return String(space.id);
	});
}

/** The numeric space ID behind a space locator (list, ID, key or URL). */
export async function resolveSpaceId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'space',
	displayName = 'Space',
): Promise<string> {
	const locator = readLocator(ctx, itemIndex, name);
	const value = requireValue(ctx, itemIndex, displayName, locator.value);
	if (locator.mode === 'key') {
		return await spaceIdForKey(ctx, itemIndex, requireSpaceKey(ctx, itemIndex, displayName, value));
	}
	if (locator.mode === 'url') {
		const key = spaceKeyFromUrl(value);
		if (!key) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" is not a Confluence space URL`,
				{ itemIndex },
			);
		}
		const decoded = requireSpaceKey(ctx, itemIndex, displayName, decodeSegment(key));
		return await spaceIdForKey(ctx, itemIndex, decoded);
	}
	return requireNumericId(ctx, itemIndex, displayName, value);
}

/** The space key (v1 endpoints address spaces by key). */
export async function resolveSpaceKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'space',
	displayName = 'Space',
): Promise<string> {
	const locator = readLocator(ctx, itemIndex, name);
	const value = requireValue(ctx, itemIndex, displayName, locator.value);
	if (locator.mode === 'key') return requireSpaceKey(ctx, itemIndex, displayName, value);
	if (locator.mode === 'url') {
		const key = spaceKeyFromUrl(value);
		if (key) return requireSpaceKey(ctx, itemIndex, displayName, decodeSegment(key));
	}
	const id = requireNumericId(ctx, itemIndex, displayName, value);
	return await cached(ctx, `space-id:${id}`, async () => {
		const space = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces/${id}`,
			itemIndex,
		});
		return String(space.key);
	});
}

const KIND_PATH: Record<ContentKind, ApiPath> = {
	page: apiPath`/pages`,
	blogpost: apiPath`/blogposts`,
};
const KIND_LABEL: Record<ContentKind, string> = { page: 'page', blogpost: 'blog post' };

/** Finds content by its exact title; titles are unique per space, so a title found in several spaces is ambiguous. */
export async function findContentByTitle(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: ContentKind,
	title: string,
	spaceId?: string,
): Promise<IDataObject[]> {
	const body = await confluenceApi.call(ctx, {
		method: 'GET',
		path: KIND_PATH[kind],
		qs: { title, ...(spaceId ? { 'space-id': spaceId } : {}), limit: 25, status: 'current' },
		itemIndex,
	});
	return (body.results as IDataObject[] | undefined) ?? [];
}

/** The numeric ID behind a page or blog post locator (list, ID, URL or title). */
export async function resolveContentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: ContentKind,
	name: string,
	displayName: string,
	spaceId?: string,
): Promise<string> {
	const locator = readLocator(ctx, itemIndex, name);
	const value = requireValue(ctx, itemIndex, displayName, locator.value);
	if (locator.mode === 'url') {
		const id = new RegExp(CONTENT_URL_REGEX).exec(value)?.[1];
		if (!id) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" is not a Confluence ${KIND_LABEL[kind]} URL`,
				{
					itemIndex,
					description: `Expected something like https://your-domain.atlassian.net/wiki/spaces/KEY/pages/123456/Title, got "${value.slice(0, 120)}".`,
				},
			);
		}
		return id;
	}
	if (locator.mode === 'title') {
		const found = await findContentByTitle(ctx, itemIndex, kind, value, spaceId);
		if (found.length === 1) return String(found[0].id);
		throw new NodeOperationError(
			ctx.getNode(),
			found.length
				? `Several ${KIND_LABEL[kind]}s are titled "${value}" (IDs ${found.map((item) => item.id).join(', ')})`
				: `No ${KIND_LABEL[kind]} titled "${value}" exists${spaceId ? ' in the space' : ''}, or the account cannot see it`,
			{ itemIndex, description: `Pick the ${KIND_LABEL[kind]} by ID or from the list instead.` },
		);
	}
	return requireNumericId(ctx, itemIndex, displayName, value);
}

/** A content ID typed as text or pasted as a URL. */
export function parseContentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): string {
	const text = requireValue(ctx, itemIndex, displayName, value);
	if (/^https?:\/\//i.test(text)) {
		const id = new RegExp(CONTENT_URL_REGEX).exec(text)?.[1];
		if (id) return id;
	}
	return requireNumericId(ctx, itemIndex, displayName, text);
}
