import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { bodyFormatQuery } from '../common/body';
import { defineOperation } from '../common/builder';
import type { BodyReadFormat } from '../common/descriptions';
import {
	readTaskId,
	shapeTask,
	taskBodyFormatProperty,
	taskIdProperty,
	taskSimplifyProperty,
} from './shared';

export const { description, execute } = defineOperation({
	resource: 'task',
	operation: 'get',
	properties: [taskIdProperty, taskBodyFormatProperty, taskSimplifyProperty],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readTaskId(this, itemIndex);
		const format = this.getNodeParameter('bodyFormat', itemIndex, 'plain') as BodyReadFormat;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const qs: IDataObject = {};
		const bodyFormat = bodyFormatQuery(format);
		if (bodyFormat) qs['body-format'] = bodyFormat;
		const task = await confluenceApi.call(this, {
			method: 'GET',
			path: apiPath`/tasks/${id}`,
			qs,
			itemIndex,
		});
		return shapeTask(task, format, simplify);
	},
});
