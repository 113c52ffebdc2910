import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { PAGE } from '../content/shared';
import { writeDataCenterContent } from './content';
import { resolveDataCenterContentId } from './resolve';

async function spaceKeyOf(ctx: IExecuteFunctions, itemIndex: number, id: string): Promise<string> {
	const raw = await confluenceApi.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/content/${id}`,
		qs: { expand: 'space' },
		itemIndex,
	});
	return String((raw.space as IDataObject | undefined)?.key ?? '');
}

/**
 * Moving a page on Data Center: its REST API has no move endpoint (Cloud's `PUT /content/{id}/move/{position}/{targetId}`
 * was asked for as CONFSERVER-39042, https://jira.atlassian.com/browse/CONFCLOUD-39042), so the page gets a new parent
 * through an update, `PUT /rest/api/content/{id}` with `ancestors` and the next version number, its title and body
 * unchanged (the Data Center move in iljasorokin/confluence-dc-advops-mcp,
 * https://glama.ai/mcp/servers/iljasorokin/confluence-dc-advops-mcp/tools/confluence_movePage). An update sets the
 * parent, not the place among siblings, nor the space: those moves are refused.
 */
export async function movePage(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const position = this.getNodeParameter('position', itemIndex, 'append') as string;
	if (position !== 'append') {
		throw new NodeOperationError(
			this.getNode(),
			`Moving a page ${position === 'before' ? 'before' : 'after'} a sibling is not available on Confluence Data Center`,
			{
				itemIndex,
				description:
					'Data Center\'s REST API moves a page by giving it a new parent: choose Position "Inside Target (Last Child)" and the new parent as Target Page.',
			},
		);
	}
	const id = await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page');
	const targetId = await resolveDataCenterContentId(
		this,
		itemIndex,
		'page',
		'targetPage',
		'Target Page',
	);
	if (id === targetId) {
		throw new NodeOperationError(
			this.getNode(),
			'The parameters "Page" and "Target Page" are the same page',
			{ itemIndex, description: 'A page cannot be moved next to or into itself.' },
		);
	}
	const [spaceKey, targetSpaceKey] = [
		await spaceKeyOf(this, itemIndex, id),
		await spaceKeyOf(this, itemIndex, targetId),
	];
	if (spaceKey !== targetSpaceKey) {
		throw new NodeOperationError(
			this.getNode(),
			'Moving a page to another space is not available on Confluence Data Center',
			{
				itemIndex,
				description: `The page is in the space ${spaceKey} and the target page in ${targetSpaceKey}; Data Center's REST API moves a page only within its space.`,
			},
		);
	}
	// No body change: the update sends the body it read back, and reads again when someone saved in between (409).
	await writeDataCenterContent(
		this,
		itemIndex,
		PAGE,
		id,
		{ bodyMode: 'replace', parentId: targetId },
		{ overwriteOnConflict: true },
	);
	return { id, moved: true, position, targetId };
}
