import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { readLocator, requireNumericId, requireSpaceKey, requireValue } from '../common/resolve';
import type { BodyReadFormat, BodyWriteFormat } from '../common/descriptions';

export type DataCenterContentType = 'page' | 'blogpost';

const TYPE_LABEL: Record<DataCenterContentType, string> = { page: 'page', blogpost: 'blog post' };

/**
 * The URL forms Data Center's own links take: `/pages/viewpage.action?pageId=123` and `/display/KEY/Title` (the
 * `_links.webui` and `tinyui` of its REST answers, https://developer.atlassian.com/server/confluence/confluence-rest-api-examples/),
 * and the Cloud-style `/spaces/KEY/pages/123/Title`; the title form needs a lookup.
 */
function idFromUrl(url: string): string | { spaceKey: string; title: string } | undefined {
	const byParameter = /[?&]pageId=(\d+)/.exec(url)?.[1];
	if (byParameter) return byParameter;
	const byPath = /\/(?:pages|blog\/\d{4}\/\d{2}\/\d{2})\/(\d+)(?:[/?#]|$)/.exec(url)?.[1];
	if (byPath) return byPath;
	const display = /\/display\/([^/?#]+)\/([^?#]+)/.exec(url);
	if (display && !/^\d{4}$/.test(display[2].split('/')[0])) {
		return {
			spaceKey: decodeURIComponent(display[1]),
			title: decodeURIComponent(display[2].replace(/\+/g, ' ')),
		};
	}
	return undefined;
}

/** Current content of a type with exactly this title, optionally in one space (`GET /rest/api/content?title=`). */
export async function findByTitle(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: DataCenterContentType,
	title: string,
	spaceKey?: string,
	expand?: string,
	extraQuery: IDataObject = {},
): Promise<IDataObject[]> {
	const body = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content`,
		qs: {
			...extraQuery,
			type,
			title,
			...(spaceKey ? { spaceKey } : {}),
			...(expand ? { expand } : {}),
			limit: 25,
		},
		itemIndex,
	});
	return ((body.results as IDataObject[] | undefined) ?? []).filter((item) => item.title === title);
}

function onlyOne(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: DataCenterContentType,
	title: string,
	found: IDataObject[],
): string {
	if (found.length === 1) return String(found[0].id);
	throw new NodeOperationError(
		ctx.getNode(),
		found.length
			? `Several ${TYPE_LABEL[type]}s are titled "${title}" (IDs ${found.map((item) => item.id).join(', ')})`
			: `No ${TYPE_LABEL[type]} titled "${title}" exists, or the account cannot see it`,
		{ itemIndex, description: `Pick the ${TYPE_LABEL[type]} by ID instead.` },
	);
}

/** The content ID behind a page or blog post locator on Data Center (ID, list, URL or title). */
export async function resolveDataCenterContentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: DataCenterContentType,
	name: string,
	displayName: string,
): Promise<string> {
	const locator = readLocator(ctx, itemIndex, name);
	const value = requireValue(ctx, itemIndex, displayName, locator.value);
	if (locator.mode === 'url' || /^https?:\/\//i.test(value)) {
		const found = idFromUrl(value);
		if (found === undefined) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" is not a Confluence ${TYPE_LABEL[type]} URL`,
				{
					itemIndex,
					description: `Expected something like https://wiki.example.com/pages/viewpage.action?pageId=123456, got "${value.slice(0, 120)}".`,
				},
			);
		}
		if (typeof found === 'string') return found;
		const key = requireSpaceKey(ctx, itemIndex, displayName, found.spaceKey);
		return onlyOne(
			ctx,
			itemIndex,
			type,
			found.title,
			await findByTitle(ctx, itemIndex, type, found.title, key),
		);
	}
	if (locator.mode === 'title') {
		return onlyOne(ctx, itemIndex, type, value, await findByTitle(ctx, itemIndex, type, value));
	}
	return requireNumericId(ctx, itemIndex, displayName, value);
}

function spaceKeyFromUrl(url: string): string | undefined {
	return /\/spaces\/([^/?#]+)/.exec(url)?.[1] ?? /\/display\/([^/?#]+)/.exec(url)?.[1];
}

/**
 * The space key behind a space locator: Data Center's REST API addresses spaces by key. A numeric ID (what the Cloud
 * picker stores) is looked up among the spaces the account sees.
 */
export async function resolveDataCenterSpaceKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'space',
	displayName = 'Space',
): Promise<string> {
	const locator = readLocator(ctx, itemIndex, name);
	const value = requireValue(ctx, itemIndex, displayName, locator.value);
	if (locator.mode === 'url') {
		const key = spaceKeyFromUrl(value);
		if (!key) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" is not a Confluence space URL`,
				{ itemIndex },
			);
		}
		return requireSpaceKey(ctx, itemIndex, displayName, decodeURIComponent(key));
	}
	if (/^\d+$/.test(value) && locator.mode !== 'key') {
		// Data Center's REST API finds spaces by key only; a numeric ID is what a Cloud workflow stored.
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" is a space ID (${value}), but Confluence Data Center needs a space key`,
			{ itemIndex, description: 'Give the space by key, e.g. DOCS, or pick it from the list.' },
		);
	}
	return requireSpaceKey(ctx, itemIndex, displayName, value);
}

/** Data Center stores and serves storage format; Atlas Doc Format is Cloud's editor format only. */
export function checkDataCenterReadFormat(
	ctx: IExecuteFunctions,
	itemIndex: number,
	format: BodyReadFormat,
): void {
	if (format !== 'atlas_doc_format') return;
	throw new NodeOperationError(
		ctx.getNode(),
		'The body format "Atlas Doc Format" does not exist on Confluence Data Center',
		{ itemIndex, description: 'Choose Markdown, Storage, View or Plain Text.' },
	);
}

export function checkDataCenterWriteFormat(
	ctx: IExecuteFunctions,
	itemIndex: number,
	format: BodyWriteFormat,
): void {
	if (format !== 'atlas_doc_format' && format !== 'wiki') return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The body format "${format === 'wiki' ? 'Wiki Markup' : 'Atlas Doc Format'}" cannot be written to Confluence Data Center by this node`,
		{
			itemIndex,
			description:
				'Write Markdown, Storage or Plain Text: they become storage format, which Data Center stores.',
		},
	);
}

/** `expand` values that bring what the simplified output shows, plus the body when one is read. */
export function contentExpand(format: BodyReadFormat, extra: string[] = []): string {
	const expand = ['space', 'version', 'history', 'ancestors', ...extra];
	if (format === 'view') expand.push('body.view');
	else if (format !== 'none') expand.push('body.storage');
	return expand.join(',');
}

function userIdOf(user: unknown): string | undefined {
	const record = user as IDataObject | undefined;
	const id = record?.userKey ?? record?.username ?? record?.accountId;
	return typeof id === 'string' ? id : undefined;
}

/**
 * A Data Center v1 Content object in the shape the Cloud operations simplify (v2's field names), so simplified output
 * is the same on both: `spaceId`, `parentId`, `authorId`, `createdAt`, `version.{number,message,createdAt,authorId}`.
 * Users are named by user key (Data Center has no account IDs).
 */
export function asCloudShape(raw: IDataObject): IDataObject {
	const version = raw.version as IDataObject | undefined;
	const ancestors = raw.ancestors as IDataObject[] | undefined;
	const space = raw.space as IDataObject | undefined;
	const history = raw.history as IDataObject | undefined;
	return {
		id: raw.id,
		type: raw.type,
		status: raw.status,
		title: raw.title,
		spaceId: space?.id === undefined ? undefined : String(space.id),
		parentId: ancestors?.length ? String(ancestors[ancestors.length - 1].id) : undefined,
		authorId: userIdOf(history?.createdBy),
		createdAt: history?.createdDate,
		version: version
			? {
					number: version.number,
					message: version.message,
					createdAt: version.when,
					authorId: userIdOf(version.by),
				}
			: undefined,
		body: raw.body,
		_links: raw._links,
	};
}
