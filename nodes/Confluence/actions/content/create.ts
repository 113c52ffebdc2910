import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { bodyForWrite } from '../common/body';
import {
	allowedMacrosProperty,
	bodyWriteFormatProperty,
	contentLocator,
	simplifyProperty,
	spaceLocator,
	type BodyWriteFormat,
} from '../common/descriptions';
import { createOnce } from '../../transport/landed';
import { findContentByTitle, readLocator, requireValue, resolveSpaceId } from '../common/resolve';
import type { OperationModule } from '../types';
import { explainTitleTaken } from './duplicateTitle';
import {
	addLabels,
	bodyInputProperty,
	parseLabels,
	resolveOptionalPage,
	statusWriteProperty,
	writeOutput,
} from './properties';
import type { ContentSpec } from './shared';

/**
 * The look-up for a page or blog post create whose outcome is unknown (see createOnce): titles of current pages and blog
 * posts are unique in a space, so the one with our title, under our parent, by the connected account, created after we
 * sent ours, is ours.
 */
export function landedContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	created: {
		title: string;
		spaceId: string;
		parentId?: string;
		createdAt?: string;
		representation: string;
	},
): (since: number, accountId: string) => Promise<IDataObject | undefined> {
	return async (since, accountId) => {
		const found = (
			await findContentByTitle(ctx, itemIndex, spec.kind, created.title, created.spaceId)
		).find(
			(candidate) =>
				candidate.title === created.title &&
				String(candidate.authorId ?? '') === accountId &&
				(!created.parentId || String(candidate.parentId ?? '') === created.parentId) &&
				// A backdated blog post carries the date it was given.
				(created.createdAt !== undefined || Date.parse(String(candidate.createdAt)) >= since),
		);
		if (!found) return undefined;
		return await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`${spec.path}/${String(found.id)}`,
			qs: {
				'body-format': created.representation === 'wiki' ? 'storage' : created.representation,
			},
			itemIndex,
		});
	};
}

export function parentPageProperty(description: string): INodeProperties {
	return contentLocator('page', {
		name: 'parentPage',
		displayName: 'Parent Page',
		required: false,
		description,
	});
}

function additionalFields(spec: ContentSpec): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Labels',
			name: 'labels',
			type: 'string',
			default: '',
			placeholder: 'e.g. release-notes,2026',
			description: `Labels to add to the new ${spec.lower}, separated by commas (no spaces inside a label)`,
		},
		{
			displayName: 'Private',
			name: 'private',
			type: 'boolean',
			default: false,
			description: `Whether only you can see the new ${spec.lower} (Confluence restricts viewing to its creator)`,
		},
		statusWriteProperty(spec),
	];
	if (spec.kind === 'page') {
		options.push({
			displayName: 'Root Level',
			name: 'rootLevel',
			type: 'boolean',
			default: false,
			description:
				'Whether to create the page at the top of the space instead of under the space homepage. Leave Parent Page empty when this is on.',
		});
	} else {
		options.push({
			displayName: 'Created At',
			name: 'createdAt',
			type: 'dateTime',
			default: '',
			description: 'Backdate the blog post: the date it is shown as published on',
		});
	}
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export function createContentOperation(spec: ContentSpec): OperationModule {
	const properties: INodeProperties[] = [
		spaceLocator({ description: `The space to create the ${spec.lower} in` }),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			description: `The title of the new ${spec.lower}. Titles are unique within a space.`,
		},
		{ ...bodyWriteFormatProperty },
		bodyInputProperty(),
		allowedMacrosProperty,
	];
	if (spec.kind === 'page') {
		properties.push(
			parentPageProperty(
				'The page to create the new page under; leave empty to put it under the space homepage',
			),
		);
	}
	properties.push(simplifyProperty, additionalFields(spec));

	return defineOperation({
		resource: spec.resource,
		operation: 'create',
		properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const status = (fields.status as 'current' | 'draft' | undefined) ?? 'current';
			const rawTitle = this.getNodeParameter('title', itemIndex, '') as string;
			const title =
				status === 'draft' ? rawTitle.trim() : requireValue(this, itemIndex, 'Title', rawTitle);
			const format = this.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
			const body = bodyForWrite(
				this,
				itemIndex,
				format,
				this.getNodeParameter('body', itemIndex, ''),
			);
			const labels = parseLabels(this, itemIndex, fields.labels);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const hasParent =
				spec.kind === 'page' && readLocator(this, itemIndex, 'parentPage').value !== '';
			if (fields.rootLevel && hasParent) {
				throw new NodeOperationError(
					this.getNode(),
					'The parameters "Parent Page" and "Root Level" cannot be used together',
					{
						itemIndex,
						description:
							'A root-level page has no parent. Empty "Parent Page", or turn "Root Level" off.',
					},
				);
			}
			let createdAt: string | undefined;
			if (spec.kind === 'blogpost' && fields.createdAt) {
				const date = new Date(String(fields.createdAt));
				if (Number.isNaN(date.getTime())) {
					throw new NodeOperationError(
						this.getNode(),
						`The parameter "Created At" is not a date: "${String(fields.createdAt).slice(0, 80)}"`,
						{ itemIndex, description: 'Use an ISO 8601 date such as 2026-01-31T09:00:00Z.' },
					);
				}
				createdAt = date.toISOString();
			}

			const spaceId = await resolveSpaceId(this, itemIndex);
			const parentId = hasParent
				? await resolveOptionalPage(this, itemIndex, 'parentPage', 'Parent Page', spaceId)
				: undefined;
			const qs: IDataObject = {};
			if (fields.private) qs.private = true;
			if (fields.rootLevel) qs['root-level'] = true;
			const payload: IDataObject = {
				spaceId,
				status,
				body: { representation: body.representation, value: body.value },
			};
			if (title) payload.title = title;
			if (parentId) payload.parentId = parentId;
			if (createdAt) payload.createdAt = createdAt;
			const request = { method: 'POST' as const, path: spec.path, qs, body: payload, itemIndex };
			const raw = await createOnce(this, request, {
				// Drafts have no unique title to go by.
				find:
					status === 'current'
						? landedContent(this, itemIndex, spec, {
								title,
								spaceId,
								parentId,
								createdAt,
								representation: body.representation,
							})
						: undefined,
			}).catch(
				async (error: unknown) =>
					await explainTitleTaken(this, itemIndex, error, spec, title, {
						spaceId,
						operation: 'create',
					}),
			);
			const added = await addLabels(this, itemIndex, String(raw.id), labels);
			return writeOutput(raw, simplify, added.length ? { labels: added } : {});
		},
	});
}
