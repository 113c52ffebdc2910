import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, confluenceRequestAllItems } from '../../transport';
import { resolveDataCenterContentId } from './resolve';

/** Largest page of `/child/page` the node asks for; Data Center caps pages by its own system limits. */
const CHILD_PAGE_SIZE = 100;
/** The Cloud operation's deepest level (Confluence Cloud walks at most ten levels). */
const MAX_DEPTH = 10;

function spaceIdOf(raw: IDataObject): string | undefined {
	const id = (raw.space as IDataObject | undefined)?.id;
	return id === undefined ? undefined : String(id);
}

/** The fields Cloud's v2 tree answers carry (`id`, `status`, `title`, `type`, `spaceId`), from a v1 Content. */
function treeEntry(raw: IDataObject, extra: IDataObject = {}): IDataObject {
	const entry: IDataObject = {
		id: String(raw.id),
		status: raw.status,
		title: raw.title,
		type: raw.type,
		spaceId: spaceIdOf(raw),
		...extra,
	};
	for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
	return entry;
}

/**
 * Direct child pages through `GET /rest/api/content/{id}/child/page` (Server/DC REST:
 * https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/, "child/{type}").
 */
async function childPages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: string,
	max?: number,
): Promise<IDataObject[]> {
	return await confluenceRequestAllItems.call(
		ctx,
		{
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${id}/child/page`,
			qs: { expand: 'space' },
			itemIndex,
		},
		{ max, pageSize: CHILD_PAGE_SIZE, offsetFallback: true },
	);
}

function readMax(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

export async function getChildPages(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.sort) {
		// `child/page` takes no sort parameter on Data Center; it answers in its own order.
		throw new NodeOperationError(
			this.getNode(),
			'Sorting child pages is not available on Confluence Data Center',
			{
				itemIndex,
				description: 'Remove the Sort option; Data Center lists children in its own order.',
			},
		);
	}
	const id = await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page');
	const children = await childPages(this, itemIndex, id, readMax(this, itemIndex));
	return children.map((child) => treeEntry(child));
}

/**
 * Descendant pages, level by level through `child/page`: Data Center's `/descendant` serves only comment descendants
 * ("Currently the only supported descendants are comment descendants of non-comment Content",
 * https://docs.atlassian.com/atlassian-confluence/5.8.2/com/atlassian/confluence/plugins/restapi/resources/DescendantContentResource.html).
 */
export async function getDescendantPages(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const id = await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page');
	const depthLimit = Math.min(
		MAX_DEPTH,
		Math.max(1, Math.floor(this.getNodeParameter('depth', itemIndex, MAX_DEPTH) as number)),
	);
	const max = readMax(this, itemIndex);
	const found: IDataObject[] = [];
	const seen = new Set<string>([id]);
	let frontier = [id];
	for (let depth = 1; depth <= depthLimit && frontier.length; depth++) {
		const next: string[] = [];
		for (const parentId of frontier) {
			const remaining = max === undefined ? undefined : max - found.length;
			if (remaining !== undefined && remaining <= 0) return found;
			for (const child of await childPages(this, itemIndex, parentId, remaining)) {
				const childId = String(child.id);
				if (seen.has(childId)) continue;
				seen.add(childId);
				found.push(treeEntry(child, { parentId, depth }));
				next.push(childId);
			}
		}
		frontier = next;
	}
	return found;
}

/**
 * Ancestors from the page's own `expand=ancestors` (top of the space first, as Cloud's operation lists them); with a
 * limit, the nearest ones, as on Cloud.
 */
export async function getAncestorPages(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const id = await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page');
	const max = readMax(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const page = await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${id}`,
		qs: { expand: 'ancestors,space' },
		itemIndex,
	});
	const ancestors = (page.ancestors as IDataObject[] | undefined) ?? [];
	const spaceId = spaceIdOf(page);
	const chain = ancestors.map((ancestor, index) =>
		options.includeDetails
			? treeEntry(ancestor, {
					spaceId,
					parentId: index > 0 ? String(ancestors[index - 1].id) : undefined,
				})
			: { id: String(ancestor.id), type: ancestor.type },
	);
	return max === undefined ? chain : chain.slice(Math.max(0, chain.length - max));
}
