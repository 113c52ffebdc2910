import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { contentLocator, limitProperty, returnAllProperty } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';

const PAGE_MAX = 250;

/**
 * The ancestors endpoint has no cursor: it returns the nearest ancestors (top to bottom), and the ones above them come
 * from asking again with the topmost ancestor returned.
 */
async function ancestors(
	ctx: IExecuteFunctions,
	itemIndex: number,
	id: string,
	max: number,
): Promise<IDataObject[]> {
	let chain: IDataObject[] = [];
	let from = id;
	const seen = new Set<string>([id]);
	while (chain.length < max) {
		const limit = Math.min(PAGE_MAX, max - chain.length);
		const body = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/pages/${from}/ancestors`,
			qs: { limit },
			itemIndex,
		});
		const batch = ((body.results as IDataObject[] | undefined) ?? []).filter(
			(ancestor) => !seen.has(String(ancestor.id)),
		);
		for (const ancestor of batch) seen.add(String(ancestor.id));
		chain = [...batch, ...chain];
		if (batch.length < limit) break;
		from = String(batch[0].id);
	}
	return chain;
}

export const { description, execute } = defineOperation({
	resource: 'page',
	operation: 'getAncestors',
	properties: [
		contentLocator('page', { description: 'The page whose ancestors to list' }),
		{
			...returnAllProperty,
			description:
				'Whether to return every ancestor up to the top of the space, or only the nearest ones up to a limit',
		},
		limitProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Include Page Details',
					name: 'includeDetails',
					type: 'boolean',
					default: false,
					description:
						'Whether to add the title, status and space of each ancestor page (one extra request)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const max = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const chain = await ancestors(this, itemIndex, id, max);
		if (!options.includeDetails) return chain;
		const pageIds = chain
			.filter((ancestor) => ancestor.type === 'page')
			.map((ancestor) => String(ancestor.id));
		const details = new Map<string, IDataObject>();
		for (let start = 0; start < pageIds.length; start += PAGE_MAX) {
			const body = await confluenceApi.call(this, {
				method: 'GET',
				path: apiPath`/pages`,
				qs: { id: pageIds.slice(start, start + PAGE_MAX), limit: PAGE_MAX },
				itemIndex,
			});
			for (const page of (body.results as IDataObject[] | undefined) ?? [])
				details.set(String(page.id), page);
		}
		return chain.map((ancestor) => {
			const page = details.get(String(ancestor.id));
			return page
				? {
						...ancestor,
						title: page.title,
						status: page.status,
						spaceId: page.spaceId,
						parentId: page.parentId,
					}
				: ancestor;
		});
	},
});
