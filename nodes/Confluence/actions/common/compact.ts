import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { renderBody } from './body';
import { dropNullish } from './values';

/**
 * Shown only where the node is an AI agent's tool: n8n gives the tool variant a type name ending in "Tool" and
 * evaluates `@tool` from it (n8n-workflow node-helpers). Workflows that use the node as a node never see or read it.
 */
export const toolOutputProperty: INodeProperties = {
	displayName: 'Output for the Model',
	name: 'toolOutput',
	type: 'options',
	default: 'compact',
	description:
		'What the AI model receives. Compact costs the model far fewer tokens than Confluence JSON.',
	options: [
		{
			name: 'Compact (Markdown)',
			value: 'compact',
			description:
				'Title, space key, URL, last modified, author name and an excerpt; a single page or blog post with its body as Markdown',
		},
		{
			name: 'As in Workflows',
			value: 'standard',
			description: 'The output the node gives in a workflow, with the parameters above',
		},
	],
	displayOptions: { show: { '@tool': [true] } },
};

const EXCERPT_LENGTH = 200;

/** Whether the node runs as an AI agent's tool (n8n names the tool variant's type `…Tool`). */
export function isToolVariant(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** Whether this run is the node's tool variant and its output should be the compact one. */
export function wantsCompactOutput(ctx: IExecuteFunctions, itemIndex: number): boolean {
	if (!isToolVariant(ctx)) return false;
	return ctx.getNodeParameter('toolOutput', itemIndex, 'compact') === 'compact';
}

const lookups = new WeakMap<object, Map<string, string | undefined>>();

function lookupCache(ctx: IExecuteFunctions): Map<string, string | undefined> {
	let cache = lookups.get(ctx);
	if (!cache) {
		cache = new Map();
		lookups.set(ctx, cache);
	}
	return cache;
}

/**
 * Space keys and author names are what a model (and its reader) recognises; v2 content carries only numeric space IDs
 * and account IDs. Both are looked up once per execution, and only as a courtesy: an app without the scope to read
 * users still gets its results, with the account ID in place of the name.
 */
async function resolveNames(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spaceIds: string[],
	accountIds: string[],
): Promise<Map<string, string | undefined>> {
	const cache = lookupCache(ctx);
	const missingSpaces = [...new Set(spaceIds)].filter((id) => !cache.has(`space:${id}`));
	if (missingSpaces.length) {
		for (const id of missingSpaces) cache.set(`space:${id}`, undefined);
		try {
			const body = await confluenceApi.call(ctx, {
				method: 'GET',
				path: apiPath`/spaces`,
				qs: { ids: missingSpaces.slice(0, 250), limit: 250 },
				itemIndex,
			});
			for (const space of (body.results as IDataObject[] | undefined) ?? []) {
				cache.set(`space:${String(space.id)}`, String(space.key));
			}
		} catch {
			// The results stand without space keys.
		}
	}
	const missingUsers = [...new Set(accountIds)].filter((id) => !cache.has(`user:${id}`));
	if (missingUsers.length) {
		for (const id of missingUsers) cache.set(`user:${id}`, undefined);
		try {
			const body = await confluenceApi.call(ctx, {
				method: 'POST',
				path: apiPath`/users-bulk`,
				body: { accountIds: missingUsers.slice(0, 100) },
				idempotent: true,
				itemIndex,
			});
			for (const user of (body.results as IDataObject[] | undefined) ?? []) {
				const name = user.displayName ?? user.publicName;
				if (typeof name === 'string') cache.set(`user:${String(user.accountId)}`, name);
			}
		} catch {
			// The results stand with account IDs.
		}
	}
	return cache;
}

function webUrl(raw: IDataObject): string | undefined {
	const links = (raw._links ?? {}) as IDataObject;
	if (typeof links.webui !== 'string') return undefined;
	return typeof links.base === 'string' ? `${links.base}${links.webui}` : links.webui;
}

function excerptOf(raw: IDataObject): string | undefined {
	const text = renderBody(raw, 'plain');
	if (typeof text !== 'string') return undefined;
	const flat = text.replace(/\s+/g, ' ').trim();
	if (!flat) return undefined;
	return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/**
 * Pages and blog posts (v2 objects, with their storage body) as the records a model reads: title, space key, URL,
 * last modified, author name, and an excerpt, or the whole body as Markdown for a single read.
 */
export async function compactContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raws: IDataObject[],
	body: 'excerpt' | 'markdown',
): Promise<IDataObject[]> {
	const authorOf = (raw: IDataObject) =>
		String(((raw.version ?? {}) as IDataObject).authorId ?? raw.authorId ?? '');
	const names = await resolveNames(
		ctx,
		itemIndex,
		raws.map((raw) => String(raw.spaceId ?? '')).filter(Boolean),
		raws.map(authorOf).filter(Boolean),
	);
	return raws.map((raw) => {
		const version = (raw.version ?? {}) as IDataObject;
		const author = authorOf(raw);
		const record: IDataObject = {
			id: raw.id,
			title: raw.title,
			spaceKey: names.get(`space:${String(raw.spaceId)}`) ?? raw.spaceId,
			url: webUrl(raw),
			lastModified: version.createdAt,
			author: names.get(`user:${author}`) ?? (author || undefined),
			version: version.number,
		};
		if (raw.status !== 'current') record.status = raw.status;
		if (body === 'markdown') record.markdown = renderBody(raw, 'markdown');
		else record.excerpt = excerptOf(raw);
		return dropNullish(record);
	});
}
