import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { addRenderedBody, renderBody, withConvertedBody } from '../common/body';
import { bodyListFormatProperty, type BodyReadFormat } from '../common/descriptions';
import { requireNumericId } from '../common/resolve';

export const taskIdProperty: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1234567',
	description: "The numeric ID of the task (from Get Many, or the task's ID field)",
};

export const taskBodyFormatProperty: INodeProperties = {
	...bodyListFormatProperty,
	default: 'plain',
	description: "Whether and how to include the task's text",
};

export const taskSimplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		"Whether to return flat tasks with the text in the chosen format instead of Confluence's raw response",
};

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireNumericId(ctx, itemIndex, 'Task ID', ctx.getNodeParameter('taskId', itemIndex, ''));
}

/** A task with its body rendered in the chosen format (simplified: as `body` text; raw: added beside Confluence's). */
export function shapeTask(
	raw: IDataObject,
	format: BodyReadFormat,
	simplify: boolean,
): IDataObject {
	if (!simplify) {
		if (format !== 'markdown' && format !== 'plain') return raw;
		return withConvertedBody(raw, format, renderBody(raw, format));
	}
	const shaped: IDataObject = { ...raw };
	delete shaped.body;
	delete shaped._links;
	addRenderedBody(shaped, raw, format);
	return shaped;
}
