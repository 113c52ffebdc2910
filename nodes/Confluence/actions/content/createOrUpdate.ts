import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { bodyForWrite } from '../common/body';
import {
	allowedMacrosProperty,
	bodyWriteFormatProperty,
	simplifyProperty,
	spaceLocator,
	type BodyWriteFormat,
} from '../common/descriptions';
import { findContentByTitle, readLocator, requireValue, resolveSpaceId } from '../common/resolve';
import type { OperationModule } from '../types';
import { landedContent, parentPageProperty } from './create';
import {
	bodyInputProperty,
	overwriteOnConflictProperty,
	resolveOptionalPage,
	versionMessageProperty,
	writeOutput,
} from './properties';
import type { ContentSpec } from './shared';
import { writeContent } from './write';

/** Upsert by title: Confluence titles are unique per space, so the title within the space names the content. */
export function createOrUpdateContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		spaceLocator({ description: `The space the ${spec.lower} lives in` }),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			description: `The exact title to look for. When a ${spec.lower} with this title exists in the space it is updated, otherwise one is created.`,
		},
		{ ...bodyWriteFormatProperty },
		bodyInputProperty(),
		allowedMacrosProperty,
	];
	if (spec.kind === 'page') {
		properties.push(
			parentPageProperty(
				'Create the page under this page. An existing page with the title must already be under it.',
			),
		);
	}
	properties.push(simplifyProperty, {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			overwriteOnConflictProperty,
			{
				displayName: 'Skip If Unchanged',
				name: 'skipIfUnchanged',
				type: 'boolean',
				default: true,
				description: `Whether to leave an existing ${spec.lower} alone when its body is already the same, instead of saving an identical new version`,
			},
			versionMessageProperty(),
		],
	});

	return defineOperation({
		resource: spec.resource,
		operation: 'createOrUpdate',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const title = requireValue(
				this,
				itemIndex,
				'Title',
				this.getNodeParameter('title', itemIndex, ''),
			);
			const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
			const body = bodyForWrite(
				this,
				itemIndex,
				format,
				this.getNodeParameter('body', itemIndex, ''),
			);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const hasParent =
				spec.kind === 'page' && readLocator(this, itemIndex, 'parentPage').value !== '';

			const spaceId = await resolveSpaceId(this, itemIndex);
			const parentId = hasParent
				? await resolveOptionalPage(this, itemIndex, 'parentPage', 'Parent Page', spaceId)
				: undefined;
			const found = await findContentByTitle(this, itemIndex, spec.kind, title, spaceId);
			// Confluence compares titles case-insensitively when it enforces their uniqueness.
			const exact = found.filter(
				(item) => String(item.title).toLowerCase() === title.toLowerCase(),
			);
			if (exact.length > 1) {
				throw new NodeOperationError(
					this.getNode(),
					`Several ${spec.plural} in the space are titled "${title}" (IDs ${exact.map((item) => item.id).join(', ')})`,
					{ itemIndex, description: `Use the Update operation with the ${spec.lower} ID instead.` },
				);
			}
			const existing = exact[0];

			if (!existing) {
				const payload: IDataObject = {
					spaceId,
					status: 'current',
					title,
					body: { representation: body.representation, value: body.value },
				};
				if (parentId) payload.parentId = parentId;
				const raw = await createOnce(
					this,
					{ method: 'POST', path: spec.path, body: payload, itemIndex },
					{
						find: landedContent(this, itemIndex, spec, {
							title,
							spaceId,
							parentId,
							representation: body.representation,
						}),
					},
				);
				return writeOutput(raw, simplify, { operation: 'created' });
			}

			const existingId = String(existing.id);
			if (parentId && String(existing.parentId ?? '') !== parentId) {
				// Titles are unique per space, so creating beside it would fail; moving someone's page silently would surprise more.
				throw new NodeOperationError(
					this.getNode(),
					`A ${spec.lower} titled "${title}" already exists in the space (ID ${existingId}) under another parent (ID ${String(existing.parentId ?? 'none')})`,
					{
						itemIndex,
						description:
							'Confluence titles are unique within a space. Pick that page as Parent Page, choose another title, or move the page first.',
					},
				);
			}
			const result = await writeContent(
				this,
				itemIndex,
				spec,
				existingId,
				{
					title,
					body,
					bodyMode: 'replace',
					versionMessage: options.versionMessage ? String(options.versionMessage) : undefined,
				},
				{
					overwriteOnConflict: options.overwriteOnConflict === true,
					skipIfUnchanged: options.skipIfUnchanged !== false,
				},
			);
			return writeOutput(result.raw, simplify, {
				operation: result.changed ? 'updated' : 'unchanged',
			});
		},
	});
}
