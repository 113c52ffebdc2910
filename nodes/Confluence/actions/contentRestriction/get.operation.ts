import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { parseContentId } from '../common/resolve';
import { RESTRICTION_EXPAND, restrictionContentIdProperty, simplifyRestrictions } from './shared';

export const { description, execute } = defineOperation({
	resource: 'contentRestriction',
	operation: 'get',
	properties: [
		restrictionContentIdProperty,
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				"Whether to return one flat item per restriction (view, edit) listing its users and groups, instead of Confluence's raw response",
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const contentId = parseContentId(
			this,
			itemIndex,
			'Content ID',
			this.getNodeParameter('contentId', itemIndex, ''),
		);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const body = await confluenceApi.call(this, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/content/${contentId}/restriction`,
			qs: { expand: RESTRICTION_EXPAND },
			itemIndex,
		});
		if (!simplify) return body;
		return simplifyRestrictions(contentId, body);
	},
});
