import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/description';
import { route } from './actions/router';
import { credentialTest, listSearch, loadOptions } from './methods';

export class Confluence implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confluence Community',
		name: 'confluence',
		icon: {
			light: 'file:../../icons/confluence.svg',
			dark: 'file:../../icons/confluence.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, read, update and search Confluence pages, blog posts, spaces, attachments, comments, labels and more',
		defaults: { name: 'Confluence' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'confluenceApi',
				required: true,
				displayOptions: { show: { authentication: ['apiToken'] } },
				testedBy: 'confluenceApiTokenTest',
			},
			{
				name: 'confluenceOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'confluenceServiceAccountOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['serviceAccount'] } },
			},
			{
				name: 'confluenceDataCenterApi',
				required: true,
				displayOptions: { show: { authentication: ['dataCenter'] } },
				testedBy: 'confluenceDataCenterTest',
			},
		],
		properties,
	};

	methods = { credentialTest, listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
