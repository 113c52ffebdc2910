import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listOperation, singleRequestOperation } from '../common/builder';
import { contentLocator, sortOptionsCollection } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';
import { apiPath } from '../../transport';

export function versionNumberProperty(description: string): INodeProperties {
	return {
		displayName: 'Version Number',
		name: 'versionNumber',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description,
	};
}

export function getVersionsContentOperation(spec: ContentSpec): OperationModule {
	return listOperation({
		resource: spec.resource,
		operation: 'getVersions',
		properties: [
			contentLocator(spec.kind, { description: `The ${spec.lower} whose history to list` }),
		],
		after: [
			sortOptionsCollection({
				default: '-modified-date',
				description: 'The order of the versions',
				options: [
					{ name: 'Newest First', value: '-modified-date' },
					{ name: 'Oldest First', value: 'modified-date' },
				],
			}),
		],
		async request(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			const options = this.getNodeParameter('options', itemIndex, {}) as { sort?: string };
			return {
				method: 'GET',
				path: apiPath`${spec.path}/${id}/versions`,
				qs: options.sort ? { sort: options.sort } : {},
			};
		},
	});
}

export function getVersionContentOperation(spec: ContentSpec): OperationModule {
	return singleRequestOperation({
		resource: spec.resource,
		operation: 'getVersion',
		properties: [
			contentLocator(spec.kind),
			versionNumberProperty('The version to get details of; 1 is the first version'),
		],
		async request(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			const version = this.getNodeParameter('versionNumber', itemIndex) as number;
			return {
				method: 'GET',
				path: apiPath`${spec.path}/${id}/versions/${version}`,
			};
		},
	});
}
