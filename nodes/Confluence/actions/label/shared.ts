import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseContentId, requireValue } from '../common/resolve';
import { splitList } from '../common/values';

export const labelContentIdProperty: INodeProperties = {
	displayName: 'Content ID',
	name: 'contentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 123456, att987654 or a page URL',
	description:
		'The ID of the page, blog post or attachment (attachment IDs start with "att"), or the page or blog post URL',
};

export const labelPrefixProperty: INodeProperties = {
	displayName: 'Prefix',
	name: 'prefix',
	type: 'options',
	default: 'global',
	options: [
		{ name: 'Global', value: 'global', description: 'A normal label, visible to everyone' },
		{ name: 'My', value: 'my', description: 'A personal label, visible only to you' },
		{ name: 'Team', value: 'team', description: 'A team label' },
	],
	description: 'The kind of label',
};

/** Page and blog post IDs are numeric; attachments keep their `att` prefix, which v1 content endpoints accept. */
export function parseLabelTargetId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
): string {
	const text = requireValue(ctx, itemIndex, 'Content ID', value);
	if (/^att\d+$/i.test(text)) return `att${text.slice(3)}`;
	return parseContentId(ctx, itemIndex, 'Content ID', text);
}

/** Characters Confluence refuses in label names. */
const FORBIDDEN_LABEL_CHARACTERS = /[:;,.?&[\]()#^*@!]/;

/** Label names from text or a list; Confluence stores them lower-case and rejects whitespace inside a name. */
export function readLabelNames(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
	/** Adding checks Confluence's character rules up front; removing must still reach labels created under older rules. */
	checkCharacters = true,
): string[] {
	const names = splitList(value).map((name) => name.toLowerCase());
	if (!names.length) {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${displayName}" is empty`, {
			itemIndex,
			description: `Give at least one label name for item ${itemIndex}, e.g. "release-notes" or "draft, review".`,
		});
	}
	for (const name of names) {
		if (/\s/.test(name)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" contains "${name.slice(0, 80)}", but label names cannot contain spaces`,
				{
					itemIndex,
					description:
						'Use hyphens instead, e.g. "release-notes", and separate labels with commas.',
				},
			);
		}
		const forbidden = FORBIDDEN_LABEL_CHARACTERS.exec(name)?.[0];
		if (checkCharacters && forbidden) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" contains "${name.slice(0, 80)}", but label names cannot contain "${forbidden}"`,
				{
					itemIndex,
					description: 'Labels may not contain spaces or any of : ; , . ? & [ ] ( ) # ^ * @ !',
				},
			);
		}
		if (name.length > 255) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" contains a label longer than 255 characters`,
				{ itemIndex },
			);
		}
	}
	return [...new Set(names)];
}

/** The content an add or remove acts on and the label names from the "Labels" parameter. */
export function readLabelTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ checkCharacters }: { checkCharacters: boolean },
): { contentId: string; names: string[] } {
	const contentId = parseLabelTargetId(
		ctx,
		itemIndex,
		ctx.getNodeParameter('contentId', itemIndex, ''),
	);
	const names = readLabelNames(
		ctx,
		itemIndex,
		'Labels',
		ctx.getNodeParameter('labels', itemIndex, ''),
		checkCharacters,
	);
	return { contentId, names };
}
