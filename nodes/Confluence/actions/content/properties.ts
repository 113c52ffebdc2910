import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { readLocator, resolveContentId } from '../common/resolve';
import { shapeContent } from '../common/simplify';
import type { ContentSpec } from './shared';

/** The text parameter holding a body, written in the format chosen by a Body Format parameter. */
export function bodyInputProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		description:
			'The content, written in the chosen Body Format. Markdown and plain text are converted to Confluence storage format.',
		...overrides,
	};
}

export const overwriteOnConflictProperty: INodeProperties = {
	displayName: 'Overwrite on Conflict',
	name: 'overwriteOnConflict',
	type: 'boolean',
	default: false,
	description:
		'Whether to replace the body even when someone saved a newer version while this node was writing. Off: the item fails and nothing is overwritten.',
};

export function statusWriteProperty(spec: ContentSpec, name = 'status'): INodeProperties {
	return {
		displayName: 'Status',
		name,
		type: 'options',
		default: 'current',
		description: `Whether the ${spec.lower} is published or kept as a draft`,
		options: [
			{ name: 'Draft', value: 'draft', description: 'Saved but not published' },
			{
				name: 'Published',
				value: 'current',
				description: 'Visible to everyone who can see the space',
			},
		],
	};
}

export function versionMessageProperty(): INodeProperties {
	return {
		displayName: 'Version Message',
		name: 'versionMessage',
		type: 'string',
		default: '',
		description: 'A note stored with the new version, shown in the page history',
	};
}

/** Label names as Confluence accepts them: lower case, no spaces. */
export function parseLabels(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	displayName = 'Labels',
): string[] {
	const list = Array.isArray(value)
		? value.map((entry) => String(entry))
		: String(value ?? '').split(',');
	const labels = list.map((entry) => entry.trim()).filter((entry) => entry !== '');
	const invalid = labels.find((label) => /\s/.test(label) || label.length > 255);
	if (invalid !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" contains the label "${invalid.slice(0, 80)}", which Confluence does not accept`,
			{
				itemIndex,
				description:
					'Labels cannot contain spaces and are at most 255 characters long. Separate several labels with commas, e.g. "release,2026".',
			},
		);
	}
	return [...new Set(labels.map((label) => label.toLowerCase()))];
}

/** Adds labels to content through the v1 endpoint (v2 has no label writes). */
export async function addLabels(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contentId: string,
	labels: string[],
): Promise<string[]> {
	if (!labels.length) return [];
	const response = await confluenceApi.call(ctx, {
		method: 'POST',
		api: 'v1',
		path: apiPath`/content/${contentId}/label`,
		body: labels.map((name) => ({ prefix: 'global', name })),
		itemIndex,
	});
	const results = (response.results as IDataObject[] | undefined) ?? [];
	return results.length ? results.map((label) => String(label.name)) : labels;
}

/** The optional page locator used for a parent; undefined when left empty. */
export async function resolveOptionalPage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	displayName: string,
	spaceId?: string,
): Promise<string | undefined> {
	const locator = readLocator(ctx, itemIndex, name);
	if (!locator.value) return undefined;
	return await resolveContentId(ctx, itemIndex, 'page', name, displayName, spaceId);
}

/** The output of a write: the simplified object (or the raw answer) plus what the node did. */
export function writeOutput(
	raw: IDataObject,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	return { ...shapeContent(raw, 'none', simplify), ...extra };
}
