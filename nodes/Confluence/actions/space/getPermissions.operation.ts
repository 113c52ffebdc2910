import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listOperation } from '../common/builder';
import { simplifyProperty, spaceLocator } from '../common/descriptions';
import { resolveSpaceId } from '../common/resolve';
import { apiPath } from '../../transport';

export const { description, execute } = listOperation({
	resource: 'space',
	operation: 'getPermissions',
	properties: [spaceLocator({ description: 'The space whose permission assignments to list' })],
	after: [
		{
			...simplifyProperty,
			description:
				"Whether to return flat objects (ID, principal type and ID, operation, target type) instead of Confluence's nested response",
		},
	],
	async request(this: IExecuteFunctions, itemIndex: number) {
		const spaceId = await resolveSpaceId(this, itemIndex);
		return { method: 'GET', path: apiPath`/spaces/${spaceId}/permissions` };
	},
	output(this: IExecuteFunctions, assignments: IDataObject[], itemIndex: number) {
		if (!(this.getNodeParameter('simplify', itemIndex, true) as boolean)) return assignments;
		// Flattened so each item reads "who may do what on which kind of thing" without digging.
		return assignments.map((assignment) => {
			const principal = (assignment.principal ?? {}) as IDataObject;
			const operation = (assignment.operation ?? {}) as IDataObject;
			return {
				id: assignment.id,
				principalType: principal.type,
				principalId: principal.id,
				operation: operation.key,
				targetType: operation.targetType,
			};
		});
	},
});
