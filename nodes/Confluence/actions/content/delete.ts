import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';
import { isNotFound, settle } from './write';

export function deleteContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		contentLocator(spec.kind, { description: `The ${spec.lower} to delete` }),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Draft',
					name: 'draft',
					type: 'boolean',
					default: false,
					description: `Whether to discard the unpublished draft of the ${spec.lower} (permanently) instead of trashing the published ${spec.lower}`,
				},
				{
					displayName: 'Purge',
					name: 'purge',
					type: 'boolean',
					default: false,
					description: `Whether to delete the ${spec.lower} permanently: it is moved to the trash, then purged from it. Needs space admin permission.`,
				},
			],
		},
	];
	return defineOperation({
		resource: spec.resource,
		operation: 'delete',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			if (options.purge && options.draft) {
				throw new NodeOperationError(
					this.getNode(),
					'The options "Purge" and "Draft" cannot be used together',
					{
						itemIndex,
						description:
							'Drafts are never in the trash: "Draft" already deletes them permanently. Choose one.',
					},
				);
			}
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			const path = apiPath`${spec.path}/${id}`;
			if (options.draft) {
				await confluenceApi.call(this, { method: 'DELETE', path, qs: { draft: true }, itemIndex });
				return { id, deleted: true, draft: true };
			}
			const trashed = await settle(confluenceApi.call(this, { method: 'DELETE', path, itemIndex }));
			if (!trashed.ok) {
				// Confluence only purges from the trash, and an item already there answers 404 to a plain DELETE.
				if (!options.purge || !isNotFound(trashed.error)) throw trashed.error;
				const purged = await settle(
					confluenceApi.call(this, { method: 'DELETE', path, qs: { purge: true }, itemIndex }),
				);
				if (!purged.ok) throw trashed.error;
				return { id, deleted: true, purged: true };
			}
			if (!options.purge) return { id, deleted: true, trashed: true };
			await confluenceApi.call(this, { method: 'DELETE', path, qs: { purge: true }, itemIndex });
			return { id, deleted: true, purged: true };
		},
	});
}
