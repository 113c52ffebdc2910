import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	adfToMarkdown,
	adfToText,
	markdownToStorage,
	storageToMarkdown,
	storageToText,
	textToStorage,
} from '../../format';
import type { BodyReadFormat, BodyWriteFormat } from './descriptions';

export interface BodyWrite {
	representation: 'storage' | 'atlas_doc_format' | 'wiki';
	value: string;
}

function parseAdf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	content: unknown,
): IDataObject {
	let document: unknown = content;
	if (typeof content === 'string') {
		try {
			document = JSON.parse(content);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${displayName}" is not valid JSON: ${(error as Error).message}`,
				{
					itemIndex,
					description:
						'Atlas Doc Format bodies are JSON documents like {"type":"doc","version":1,"content":[…]}.',
				},
			);
		}
	}
	if (!document || typeof document !== 'object' || (document as IDataObject).type !== 'doc') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" is not an Atlas Doc Format document`,
			{
				itemIndex,
				description: 'The top level must be {"type":"doc","version":1,"content":[…]}.',
			},
		);
	}
	return document as IDataObject;
}

/** The names in the Allowed Macros parameter (comma- or space-separated). */
function macroNames(value: unknown): string[] {
	return String(value ?? '')
		.split(/[\s,]+/)
		.filter((name) => name !== '');
}

/**
 * Converts what the user wrote into a body Confluence accepts. `allowedMacros` is the Allowed Macros value
 * where it sits in a collection; otherwise it is read from the node's parameter of that name.
 */
export function bodyForWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	format: BodyWriteFormat,
	content: unknown,
	displayName = 'Body',
	allowedMacros?: unknown,
): BodyWrite {
	switch (format) {
		case 'atlas_doc_format':
			return {
				representation: 'atlas_doc_format',
				value: JSON.stringify(parseAdf(ctx, itemIndex, displayName, content)),
			};
		case 'markdown':
			return {
				representation: 'storage',
				value: markdownToStorage(String(content ?? ''), {
					allowedMacros: macroNames(
						allowedMacros ?? ctx.getNodeParameter('allowedMacros', itemIndex, ''),
					),
				}),
			};
		case 'plain':
			return { representation: 'storage', value: textToStorage(String(content ?? '')) };
		case 'wiki':
			return { representation: 'wiki', value: String(content ?? '') };
		default:
			return { representation: 'storage', value: String(content ?? '') };
	}
}

/** The `body-format` to ask Confluence for, to render the body in the chosen format. */
export function bodyFormatQuery(format: BodyReadFormat): string | undefined {
	if (format === 'none') return undefined;
	if (format === 'atlas_doc_format' || format === 'view') return format;
	return 'storage';
}

function bodyValue(raw: IDataObject, representation: string): string | undefined {
	const body = raw.body as IDataObject | undefined;
	const entry = body?.[representation] as IDataObject | undefined;
	return typeof entry?.value === 'string' ? entry.value : undefined;
}

/** The body of a Confluence object in the format the user chose (ADF as an object, the rest as text). */
export function renderBody(
	raw: IDataObject,
	format: BodyReadFormat,
): string | IDataObject | undefined {
	switch (format) {
		case 'none':
			return undefined;
		case 'atlas_doc_format': {
			const value = bodyValue(raw, 'atlas_doc_format');
			if (value === undefined) return undefined;
			try {
				return JSON.parse(value) as IDataObject;
			} catch {
				return value;
			}
		}
		case 'view':
			return bodyValue(raw, 'view');
		case 'storage':
			return bodyValue(raw, 'storage');
		case 'markdown': {
			const storage = bodyValue(raw, 'storage');
			if (storage !== undefined) return storageToMarkdown(storage);
			const adf = bodyValue(raw, 'atlas_doc_format');
			return adf === undefined ? undefined : adfToMarkdown(adf);
		}
		case 'plain': {
			const storage = bodyValue(raw, 'storage');
			if (storage !== undefined) return storageToText(storage);
			const adf = bodyValue(raw, 'atlas_doc_format');
			return adf === undefined ? undefined : adfToText(adf);
		}
	}
	return undefined;
}

/** Sets `body` and `bodyFormat` on simplified output when `raw` has a body in `format`. */
export function addRenderedBody(
	target: IDataObject,
	raw: IDataObject,
	format: BodyReadFormat,
): void {
	const body = renderBody(raw, format);
	if (body !== undefined) {
		target.body = body;
		target.bodyFormat = format;
	}
}

/** Raw output with the body converted to Markdown or plain text beside Confluence's own representations. */
export function withConvertedBody(
	raw: IDataObject,
	format: 'markdown' | 'plain',
	converted: unknown,
): IDataObject {
	return {
		...raw,
		body: { ...(raw.body as IDataObject), [format]: { representation: format, value: converted } },
	};
}

/** Joins an addition onto an existing body of the same representation. */
export function mergeBodies(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mode: 'append' | 'prepend',
	current: BodyWrite,
	addition: BodyWrite,
): BodyWrite {
	if (current.representation !== addition.representation) {
		throw new NodeOperationError(ctx.getNode(), 'Cannot join bodies of different formats', {
			itemIndex,
		});
	}
	if (addition.representation === 'atlas_doc_format') {
		const before = JSON.parse(
			current.value || '{"type":"doc","version":1,"content":[]}',
		) as IDataObject;
		const added = JSON.parse(addition.value) as IDataObject;
		const beforeContent = (before.content as IDataObject[] | undefined) ?? [];
		const addedContent = (added.content as IDataObject[] | undefined) ?? [];
		return {
			representation: 'atlas_doc_format',
			value: JSON.stringify({
				...before,
				content:
					mode === 'append'
						? [...beforeContent, ...addedContent]
						: [...addedContent, ...beforeContent],
			}),
		};
	}
	return {
		representation: addition.representation,
		value:
			mode === 'append' ? `${current.value}${addition.value}` : `${addition.value}${current.value}`,
	};
}
