import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyFormatQuery } from '../common/body';
import {
	bodyReadFormatProperty,
	contentLocator,
	simplifyProperty,
	type BodyReadFormat,
} from '../common/descriptions';
import { compactContent, toolOutputProperty, wantsCompactOutput } from '../common/compact';
import { resolveContentId } from '../common/resolve';
import { shapeContent } from '../common/simplify';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';

export function getContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		contentLocator(spec.kind),
		{ ...bodyReadFormatProperty, default: 'storage' },
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Draft',
					name: 'getDraft',
					type: 'boolean',
					default: false,
					description: `Whether to get the unpublished draft of the ${spec.lower} instead of the published version`,
				},
				{
					displayName: 'Include Labels',
					name: 'includeLabels',
					type: 'boolean',
					default: false,
					description: 'Whether to include the labels',
				},
				{
					displayName: 'Include Properties',
					name: 'includeProperties',
					type: 'boolean',
					default: false,
					description: 'Whether to include the content properties',
				},
				{
					displayName: 'Version',
					name: 'version',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'Get this earlier version instead of the current one',
				},
			],
		},
		toolOutputProperty,
	];
	return defineOperation({
		resource: spec.resource,
		operation: 'get',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			const compact = wantsCompactOutput(this, itemIndex);
			// A model reads Markdown best and pays for every character of storage XHTML.
			const format = compact
				? 'markdown'
				: (this.getNodeParameter('bodyFormat', itemIndex, 'storage') as BodyReadFormat);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const qs: IDataObject = {};
			const bodyFormat = bodyFormatQuery(format);
			if (bodyFormat) qs['body-format'] = bodyFormat;
			if (options.getDraft) qs['get-draft'] = true;
			if (options.version) qs.version = options.version;
			if (options.includeLabels) qs['include-labels'] = true;
			if (options.includeProperties) qs['include-properties'] = true;
			const raw = await confluenceApi.call(this, {
				method: 'GET',
				path: apiPath`${spec.path}/${id}`,
				qs,
				itemIndex,
			});
			const shaped = compact
				? (await compactContent(this, itemIndex, [raw], 'markdown'))[0]
				: shapeContent(raw, format, simplify);
			if ((simplify || compact) && options.includeLabels) {
				shaped.labels = (
					((raw.labels as IDataObject | undefined)?.results as IDataObject[] | undefined) ?? []
				).map((label) => label.name);
			}
			return shaped;
		},
	});
}
