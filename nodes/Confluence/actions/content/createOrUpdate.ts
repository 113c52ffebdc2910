import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { bodyForWrite, type BodyWrite } from '../common/body';
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
			return await upsertContent(this, itemIndex, spec, cloudUpsertWriter);
		},
	});
}

/** Content found by title, in the fields the flow compares. */
export interface UpsertCandidate {
	id: string;
	title: string;
	parentId?: string;
}

export interface UpsertTarget {
	/** What the platform addresses the space by: its ID on Cloud, its key on Data Center. */
	space: string;
	parentId?: string;
}

/**
 * How one platform reads and writes content for Create or Update: Cloud's v2 (spaces by ID, createOnce with a v2
 * look-up) or Data Center's v1 (spaces by key, its own version rules). The flow itself (find by title, refuse two
 * matches or another parent, create or update, skip when unchanged) is `upsertContent`, once for both.
 */
export interface UpsertWriter {
	checkFormat(ctx: IExecuteFunctions, itemIndex: number, format: BodyWriteFormat): void;
	resolveTarget(
		ctx: IExecuteFunctions,
		itemIndex: number,
		spec: ContentSpec,
		hasParent: boolean,
	): Promise<UpsertTarget>;
	findByTitle(
		ctx: IExecuteFunctions,
		itemIndex: number,
		spec: ContentSpec,
		title: string,
		target: UpsertTarget,
	): Promise<UpsertCandidate[]>;
	create(
		ctx: IExecuteFunctions,
		itemIndex: number,
		spec: ContentSpec,
		fields: { title: string; body: BodyWrite; target: UpsertTarget },
	): Promise<IDataObject>;
	update(
		ctx: IExecuteFunctions,
		itemIndex: number,
		spec: ContentSpec,
		id: string,
		changes: { title: string; body: BodyWrite; versionMessage?: string },
		options: { overwriteOnConflict: boolean; skipIfUnchanged: boolean },
	): Promise<{ raw: IDataObject; changed: boolean }>;
	output(raw: IDataObject, simplify: boolean, extra: IDataObject): IDataObject;
}

/** Upsert by title: Confluence titles are unique per space, so the title within the space names the content. */
export async function upsertContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	writer: UpsertWriter,
): Promise<IDataObject> {
	const title = requireValue(ctx, itemIndex, 'Title', ctx.getNodeParameter('title', itemIndex, ''));
	const format = ctx.getNodeParameter('bodyFormat', itemIndex, 'markdown') as BodyWriteFormat;
	writer.checkFormat(ctx, itemIndex, format);
	const body = bodyForWrite(ctx, itemIndex, format, ctx.getNodeParameter('body', itemIndex, ''));
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
	const hasParent = spec.kind === 'page' && readLocator(ctx, itemIndex, 'parentPage').value !== '';
	const target = await writer.resolveTarget(ctx, itemIndex, spec, hasParent);
	// Confluence compares titles case-insensitively when it enforces their uniqueness.
	const exact = (await writer.findByTitle(ctx, itemIndex, spec, title, target)).filter(
		(item) => item.title.toLowerCase() === title.toLowerCase(),
	);
	if (exact.length > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Several ${spec.plural} in the space are titled "${title}" (IDs ${exact.map((item) => item.id).join(', ')})`,
			{ itemIndex, description: `Use the Update operation with the ${spec.lower} ID instead.` },
		);
	}
	const existing = exact[0];
	if (!existing) {
		const raw = await writer.create(ctx, itemIndex, spec, { title, body, target });
		return writer.output(raw, simplify, { operation: 'created' });
	}
	if (target.parentId && (existing.parentId ?? '') !== target.parentId) {
		// Titles are unique per space, so creating beside it would fail; moving someone's page silently would surprise more.
		throw new NodeOperationError(
			ctx.getNode(),
			`A ${spec.lower} titled "${title}" already exists in the space (ID ${existing.id}) under another parent (ID ${existing.parentId || 'none'})`,
			{
				itemIndex,
				description:
					'Confluence titles are unique within a space. Pick that page as Parent Page, choose another title, or move the page first.',
			},
		);
	}
	const result = await writer.update(
		ctx,
		itemIndex,
		spec,
		existing.id,
		{
			title,
			body,
			versionMessage: options.versionMessage ? String(options.versionMessage) : undefined,
		},
		{
			overwriteOnConflict: options.overwriteOnConflict === true,
			skipIfUnchanged: options.skipIfUnchanged !== false,
		},
	);
	return writer.output(result.raw, simplify, {
		operation: result.changed ? 'updated' : 'unchanged',
	});
}

/** Cloud: v2 content, created once (createOnce with a v2 look-up), updated through writeContent. */
const cloudUpsertWriter: UpsertWriter = {
	checkFormat() {},
	async resolveTarget(ctx, itemIndex, _spec, hasParent) {
		const spaceId = await resolveSpaceId(ctx, itemIndex);
		const parentId = hasParent
			? await resolveOptionalPage(ctx, itemIndex, 'parentPage', 'Parent Page', spaceId)
			: undefined;
		return { space: spaceId, parentId };
	},
	async findByTitle(ctx, itemIndex, spec, title, target) {
		return (await findContentByTitle(ctx, itemIndex, spec.kind, title, target.space)).map(
			(item) => ({
				id: String(item.id),
				title: String(item.title),
				parentId:
					item.parentId === undefined || item.parentId === null ? undefined : String(item.parentId),
			}),
		);
	},
	async create(ctx, itemIndex, spec, { title, body, target }) {
		const payload: IDataObject = {
			spaceId: target.space,
			status: 'current',
			title,
			body: { representation: body.representation, value: body.value },
		};
		if (target.parentId) payload.parentId = target.parentId;
		return await createOnce(
			ctx,
			{ method: 'POST', path: spec.path, body: payload, itemIndex },
			{
				find: landedContent(ctx, itemIndex, spec, {
					title,
					spaceId: target.space,
					parentId: target.parentId,
					representation: body.representation,
				}),
			},
		);
	},
	async update(ctx, itemIndex, spec, id, changes, options) {
		return await writeContent(
			ctx,
			itemIndex,
			spec,
			id,
			{ ...changes, bodyMode: 'replace' },
			options,
		);
	},
	output: writeOutput,
};
