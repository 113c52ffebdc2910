import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiPath } from '../../transport';
import { apiPath, confluenceRequestAllItems } from '../../transport';
import { readAttachmentId } from '../attachment/shared';
import { resolveDataCenterContentId, resolveDataCenterSpaceKey } from './resolve';

/**
 * Labels of one page, blog post or attachment (`/rest/api/content/{id}/label`) or of a space
 * (`/rest/api/space/{spaceKey}/label`). Data Center has no site-wide label list and no labels of a space's content.
 */
export async function getManyLabels(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const of = this.getNodeParameter('of', itemIndex, 'site') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const refuse = (what: string, description: string) =>
		new NodeOperationError(this.getNode(), `${what} is not available on Confluence Data Center`, {
			itemIndex,
			description,
		});
	if (options.sort) throw refuse('Sorting labels', 'Remove the Sort option.');
	let path: ApiPath;
	switch (of) {
		case 'page':
			path = apiPath`/content/${await resolveDataCenterContentId(this, itemIndex, 'page', 'page', 'Page')}/label`;
			break;
		case 'blogPost':
			path = apiPath`/content/${await resolveDataCenterContentId(this, itemIndex, 'blogpost', 'blogPost', 'Blog Post')}/label`;
			break;
		case 'attachment':
			path = apiPath`/content/${readAttachmentId(this, itemIndex)}/label`;
			break;
		case 'space':
			path = apiPath`/space/${await resolveDataCenterSpaceKey(this, itemIndex)}/label`;
			break;
		default:
			throw refuse(
				of === 'spaceContent'
					? "Listing the labels of a space's content"
					: 'Listing every label of the site',
				'Get the labels of one page, blog post, attachment or space, or search with CQL (label = "…").',
			);
	}
	return await confluenceRequestAllItems.call(
		this,
		{
			method: 'GET',
			api: 'v1',
			path,
			qs: options.prefix ? { prefix: options.prefix } : {},
			itemIndex,
		},
		{ max: limit, pageSize: 200, offsetFallback: true },
	);
}
