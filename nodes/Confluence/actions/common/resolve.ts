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
			`The parameter "${displayName}" is not a space key: "${key.slice(0, 80)}". It accepts ${ACCEPTED_FORMS.space}`,
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

export type LocatorKind = 'space' | ContentKind | 'whiteboard' | 'content';

/** What each kind of locator takes, said so that a person or a model reading only the error knows what to send. */
export const ACCEPTED_FORMS: Record<LocatorKind, string> = {
	space:
		'a space key (e.g. DOCS), a numeric space ID (e.g. 98306) or a space URL (e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/overview)',
	page: 'a numeric page ID (e.g. 123456), a page URL (…/wiki/spaces/DOCS/pages/123456/Title, …?pageId=123456 or a …/wiki/x/AbCd tiny link) or the exact page title',
	blogpost:
		'a numeric blog post ID (e.g. 123456), a blog post URL (…/wiki/spaces/DOCS/blog/2026/01/05/123456/Title) or the exact blog post title',
	whiteboard:
		'a numeric whiteboard ID (e.g. 123456) or a whiteboard URL (…/wiki/spaces/DOCS/whiteboard/123456)',
	content:
		'a numeric content ID (e.g. 123456) or the URL of a page, blog post or whiteboard (…/wiki/spaces/DOCS/pages/123456/Title, …?pageId=123456 or a …/wiki/x/AbCd tiny link)',
};

function notAccepted(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	kind: LocatorKind,
	value: string,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The parameter "${displayName}" got "${value.slice(0, 120)}", which is not ${ACCEPTED_FORMS[kind]}`,
		{
			itemIndex,
			description: `Item ${itemIndex}: "${displayName}" accepts ${ACCEPTED_FORMS[kind]}, whichever mode the field is in.`,
		},
	);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The content ID in a tiny link (/wiki/x/AbCd). Confluence writes the ID's bytes, least significant first, in base64
 * with `+`→`_` and `/`→`-`, and drops trailing `A`s (zero bits) and padding (com.atlassian.confluence.pages.TinyUrl, as
 * described in https://community.atlassian.com/t5/Confluence-questions/What-is-the-algorithm-used-to-create-the-quot-Tiny-links-quot/qaq-p/186555).
 */
export function tinyLinkToId(code: string): string | undefined {
	if (!/^[A-Za-z0-9_-]{1,11}$/.test(code)) return undefined;
	const digits = code.replace(/_/g, '+').replace(/-/g, '/').padEnd(11, 'A');
	const bytes: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (const char of digits) {
		buffer = ((buffer << 6) | BASE64_ALPHABET.indexOf(char)) & 0xffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes.push((buffer >> bits) & 0xff);
		}
	}
	let id = BigInt(0);
	for (let index = bytes.length - 1; index >= 0; index--) {
		id = id * BigInt(256) + BigInt(bytes[index]);
	}
	return id > BigInt(0) ? id.toString() : undefined;
}

const TINY_LINK = /^https?:\/\/[^/]+(?:\/wiki)?\/x\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/i;

/** The numeric ID a Confluence content URL carries: /pages/123, ?pageId=123, /blog/…/123, /whiteboard/123, /x/tiny. */
export function idFromUrl(url: string): string | undefined {
	const id = new RegExp(CONTENT_URL_REGEX).exec(url)?.[1];
	if (id) return id;
	const tiny = TINY_LINK.exec(url)?.[1];
	return tiny ? tinyLinkToId(tiny) : undefined;
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);
const isNumericId = (value: string) => /^\d+$/.test(value);

/** A space locator's value read as what it is, whichever mode it came in: key, ID or URL. */
function spaceRef(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: string,
): { id: string } | { key: string } {
	if (isUrl(value)) {
		const key = spaceKeyFromUrl(value);
		if (!key) throw notAccepted(ctx, itemIndex, displayName, 'space', value);
		return { key: requireSpaceKey(ctx, itemIndex, displayName, decodeSegment(key)) };
	}
	// Space keys begin with a letter (or ~); a number is the space's ID, whichever mode it came in.
	if (isNumericId(value)) return { id: value };
	return { key: requireSpaceKey(ctx, itemIndex, displayName, value) };
}

async function spaceIdForKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
	displayName = 'Space',
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
				`The parameter "${displayName}": no space has the key "${key}", or this account cannot see it. Space keys are case-sensitive (e.g. DOCS); the numeric space ID or the space URL work too`,
				{
					itemIndex,
					description: `Item ${itemIndex}: pick the space from the list, or use Space → Get Many to see the keys this account can reach.`,
				},
			);
		}
		return String(space.id);
	});
}

/** The numeric space ID behind a space locator (list, ID, key or URL, whichever mode holds which). */
export async function resolveSpaceId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'space',
	displayName = 'Space',
): Promise<string> {
	const value = requireValue(ctx, itemIndex, displayName, readLocator(ctx, itemIndex, name).value);
	const ref = spaceRef(ctx, itemIndex, displayName, value);
	if ('id' in ref) return ref.id;
	return await spaceIdForKey(ctx, itemIndex, ref.key, displayName);
}

/** The space key (v1 endpoints address spaces by key). */
export async function resolveSpaceKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'space',
	displayName = 'Space',
): Promise<string> {
	const value = requireValue(ctx, itemIndex, displayName, readLocator(ctx, itemIndex, name).value);
	const ref = spaceRef(ctx, itemIndex, displayName, value);
	if ('key' in ref) return ref.key;
	return await cached(ctx, `space-id:${ref.id}`, async () => {
		const space = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces/${ref.id}`,
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

/** The numeric ID behind a page or blog post locator: an ID, a URL or tiny link, or a title, whichever mode holds it. */
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
	if (isUrl(value)) {
		const id = idFromUrl(value);
		if (!id) throw notAccepted(ctx, itemIndex, displayName, kind, value);
		return id;
	}
	if (isNumericId(value) && locator.mode !== 'title') return value;
	// Anything else is what a person or a model calls the page: its title (unique within a space).
	const found = (await findContentByTitle(ctx, itemIndex, kind, value, spaceId)).filter(
		(item) => String(item.title ?? '') === value,
	);
	if (found.length === 1) return String(found[0].id);
	// A number in the title field that no title matches is the ID it looks like.
	if (!found.length && isNumericId(value)) return value;
	throw new NodeOperationError(
		ctx.getNode(),
		found.length
			? `The parameter "${displayName}": ${found.length} ${KIND_LABEL[kind]}s are titled "${value}" (IDs ${found
					.map((item) => `${item.id} in space ${item.spaceId}`)
					.join(', ')}); give the ID of the one you mean`
			: `The parameter "${displayName}": no ${KIND_LABEL[kind]} titled "${value.slice(0, 120)}" exists${spaceId ? ` in space ${spaceId}` : ''}, or this account cannot see it. It accepts ${ACCEPTED_FORMS[kind]}`,
		{
			itemIndex,
			description: `Item ${itemIndex}: titles must match exactly. To find the ${KIND_LABEL[kind]}, search with CQL (e.g. title ~ "${value.slice(0, 40).replace(/"/g, '')}") and pass its ID.`,
		},
	);
}

/** A content ID typed as text, pasted as a URL, or a tiny link. */
export function parseContentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): string {
	const text = requireValue(ctx, itemIndex, displayName, value);
	if (isNumericId(text)) return text;
	const id = isUrl(text) ? idFromUrl(text) : undefined;
	if (id) return id;
	throw notAccepted(ctx, itemIndex, displayName, 'content', text);
}

/** A whiteboard locator's numeric ID (ID or URL, whichever mode holds it); checked before any request. */
export function resolveWhiteboardLocator(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	displayName: string,
): string {
	const value = requireValue(ctx, itemIndex, displayName, readLocator(ctx, itemIndex, name).value);
	if (isNumericId(value)) return value;
	const id = isUrl(value) ? idFromUrl(value) : undefined;
	if (id) return id;
	throw notAccepted(ctx, itemIndex, displayName, 'whiteboard', value);
}
