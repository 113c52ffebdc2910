import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { readTaskId, shapeTask, taskIdProperty } from './shared';

export const { description, execute } = defineOperation({
	resource: 'task',
	operation: 'update',
	properties: [
		taskIdProperty,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'complete',
			options: [
				{ name: 'Complete', value: 'complete', description: 'Tick the task off' },
				{ name: 'Incomplete', value: 'incomplete', description: 'Reopen the task' },
			],
			description:
				'The new status; the status is the only thing Confluence lets you change on a task',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readTaskId(this, itemIndex);
		const status = this.getNodeParameter('status', itemIndex, 'complete') as string;
		const task = await confluenceApi.call(this, {
			method: 'PUT',
			path: apiPath`/tasks/${id}`,
			qs: { 'body-format': 'storage' },
			body: { id, status },
			itemIndex,
		});
		return shapeTask(task, 'plain', true);
	},
});
