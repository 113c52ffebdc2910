import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyForWrite } from '../common/body';
import {
	allowedMacrosField,
	bodyWriteFormatProperty,
	contentLocator,
	simplifyProperty,
	type BodyWriteFormat,
} from '../common/descriptions';
import { parseContentId, resolveContentId } from '../common/resolve';
import type { OperationModule } from '../types';
import {
	bodyInputProperty,
	overwriteOnConflictProperty,
	statusWriteProperty,
	versionMessageProperty,
	writeOutput,
} from './properties';
import { explainTitleTaken } from './duplicateTitle';
import type { ContentSpec } from './shared';
import { settle, writeContent, type BodyMode, type ContentChanges } from './write';

function updateFields(spec: ContentSpec): INodeProperties {
	const options: INodeProperties[] = [
		bodyInputProperty({
			description:
				'The new content, in the chosen Body Format. With Body Mode "Replace" it replaces the whole body.',
		}),
		{ ...bodyWriteFormatProperty },
		allowedMacrosField,
		{
			displayName: 'Body Mode',
			name: 'bodyMode',
			type: 'options',
			default: 'replace',
			description: 'How the new body combines with the current one',
			options: [
				{
					name: 'Append',
					value: 'append',
					description:
						'Add after the current content (retried automatically if someone edits meanwhile)',
				},
				{
					name: 'Prepend',
					value: 'prepend',
					description:
						'Add before the current content (retried automatically if someone edits meanwhile)',
				},
				{ name: 'Replace', value: 'replace', description: 'Replace the current content' },
			],
		},
		statusWriteProperty(spec),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			description: `The new title of the ${spec.lower}`,
		},
		versionMessageProperty(),
	];
	if (spec.kind === 'page') {
		options.push(
			{
				displayName: 'Owner Account ID',
				name: 'ownerId',
				type: 'string',
				default: '',
				description: 'Transfer ownership of the page to this Atlassian account ID',
			},
			{
				displayName: 'Parent Page ID',
				name: 'parentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 123456 or a page URL',
				description: 'Move the page under this page (in the same space)',
			},
		);
	}
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Reads and validates Update Fields into changes, before anything is sent. */
export function readChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
): ContentChanges {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const bodyMode = (fields.bodyMode as BodyMode | undefined) ?? 'replace';
	const changes: ContentChanges = { bodyMode };
	if (fields.title !== undefined) {
		const title = String(fields.title).trim();
		if (!title) {
			throw new NodeOperationError(ctx.getNode(), 'The parameter "Title" is empty', {
				itemIndex,
				description: `Set a title for item ${itemIndex}, or remove the Title field to keep the current one.`,
			});
		}
		changes.title = title;
	}
	if (fields.body !== undefined) {
		const format = (fields.bodyFormat as BodyWriteFormat | undefined) ?? 'markdown';
		if (format === 'wiki' && bodyMode !== 'replace') {
			throw new NodeOperationError(
				ctx.getNode(),
				'The parameter "Body Mode" cannot append or prepend Wiki Markup',
				{
					itemIndex,
					description:
						'Confluence converts wiki markup only as a whole body. Use Markdown or Storage to append or prepend, or Body Mode "Replace".',
				},
			);
		}
		changes.body = bodyForWrite(
			ctx,
			itemIndex,
			format,
			fields.body,
			'Body',
			fields.allowedMacros ?? '',
		);
	}
	if (fields.status !== undefined) changes.status = fields.status as 'current' | 'draft';
	if (fields.versionMessage) changes.versionMessage = String(fields.versionMessage);
	if (spec.kind === 'page') {
		if (fields.parentId !== undefined && String(fields.parentId).trim() !== '') {
			changes.parentId = parseContentId(ctx, itemIndex, 'Parent Page ID', fields.parentId);
		}
		if (fields.ownerId !== undefined && String(fields.ownerId).trim() !== '') {
			changes.ownerId = String(fields.ownerId).trim();
		}
	}
	const asked = Object.keys(changes).filter(
		(key) => key !== 'bodyMode' && key !== 'versionMessage',
	);
	if (!asked.length) {
		throw new NodeOperationError(ctx.getNode(), 'The parameter "Update Fields" is empty', {
			itemIndex,
			description: `Add at least one field to change (Title, Body, Status${spec.kind === 'page' ? ', Parent Page ID' : ''}) for item ${itemIndex}.`,
		});
	}
	return changes;
}

function isTitleOnly(changes: ContentChanges): boolean {
	return (
		changes.title !== undefined &&
		!changes.body &&
		!changes.status &&
		!changes.parentId &&
		!changes.ownerId &&
		!changes.versionMessage
	);
}

export function updateContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		contentLocator(spec.kind, { description: `The ${spec.lower} to update` }),
		simplifyProperty,
		updateFields(spec),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [overwriteOnConflictProperty],
		},
	];
	return defineOperation({
		resource: spec.resource,
		operation: 'update',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const changes = readChanges(this, itemIndex, spec);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			try {
				return await applyUpdate(this, itemIndex, spec, id, changes, options, simplify);
			} catch (error) {
				return await explainTitleTaken(
					this,
					itemIndex,
					error,
					spec,
					typeof changes.title === 'string' ? changes.title : '',
					{ ownId: id, operation: 'update' },
				);
			}
		},
	});
}

async function applyUpdate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	id: string,
	changes: ReturnType<typeof readChanges>,
	options: IDataObject,
	simplify: boolean,
): Promise<IDataObject> {
	if (spec.kind === 'page' && isTitleOnly(changes)) {
		// A rename needs no body round trip and no version number: the title endpoint only wants the status.
		const current = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`${spec.path}/${id}`,
			itemIndex,
		});
		// Each rename adds a version, so a dropped connection is not repeated blindly: a re-read tells whether it landed.
		const renamed = await settle(
			confluenceApi.call(ctx, {
				method: 'PUT',
				path: apiPath`${spec.path}/${id}/title`,
				body: {
					status: current.status === 'draft' ? 'draft' : 'current',
					title: changes.title,
				},
				idempotent: false,
				itemIndex,
			}),
		);
		if (renamed.ok) return writeOutput(renamed.value, simplify);
		if (!(renamed.error instanceof NodeApiError) || renamed.error.httpCode) throw renamed.error;
		const after = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`${spec.path}/${id}`,
			itemIndex,
		});
		if (after.title !== changes.title) throw renamed.error;
		return writeOutput(after, simplify);
	}

	const result = await writeContent(ctx, itemIndex, spec, id, changes, {
		overwriteOnConflict: options.overwriteOnConflict === true,
	});
	return writeOutput(result.raw, simplify);
}
