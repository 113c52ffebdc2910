import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { singleRequestOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';
import { apiPath } from '../../transport';

export function getOperationsContentOperation(spec: ContentSpec): OperationModule {
	return singleRequestOperation({
		resource: spec.resource,
		operation: 'getOperations',
		properties: [contentLocator(spec.kind)],
		async request(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			return { method: 'GET', path: apiPath`${spec.path}/${id}/operations` };
		},
		output(body: IDataObject) {
			return (body.operations as IDataObject[] | undefined) ?? [];
		},
	});
}
