import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation } from '../common/builder';
import { spaceLocator } from '../common/descriptions';
import { resolveSpaceKey } from '../common/resolve';

/** How often the long task is polled. Mutable so tests can poll in milliseconds; the decisions stay the same. */
export const LONG_TASK_POLLING = {
	firstDelayMs: 1000,
	maxDelayMs: 5000,
};

const DEFAULT_TIMEOUT_SECONDS = 60;

function taskMessages(task: IDataObject): string[] {
	const list = [
		...((task.messages as IDataObject[] | undefined) ?? []),
		...((task.errors as IDataObject[] | undefined) ?? []),
	];
	return list
		.map((message) =>
			typeof message.translation === 'string'
				? message.translation
				: typeof message.key === 'string'
					? message.key
					: '',
		)
		.filter((text) => text !== '');
}

export const { description, execute } = defineOperation({
	resource: 'space',
	operation: 'delete',
	properties: [
		{
			displayName:
				'Deleting a space is permanent: its pages, blog posts and attachments are removed and do not go to the trash',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
		},
		spaceLocator({ description: 'The space to delete' }),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeout',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 3600 },
					default: DEFAULT_TIMEOUT_SECONDS,
					description:
						"With Wait for Completion: how long to wait before returning the task's progress so far",
				},
				{
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean',
					default: false,
					description:
						'Whether to wait until Confluence has finished deleting the space (it works in the background) and report the outcome',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return await deleteSpaceByKey(this, itemIndex, await resolveSpaceKey(this, itemIndex));
	},
});

/**
 * Deletes a space by key through v1 (`DELETE /rest/api/space/{spaceKey}`, answered with a long task), on Cloud and on
 * Data Center alike; with Wait for Completion it follows the task (`/rest/api/longtask/{id}`) to its end.
 */
export async function deleteSpaceByKey(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
): Promise<IDataObject> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Space deletion has no v2 endpoint; v1 answers 202 with a long task to follow.
	const task = await confluenceApi.call(ctx, {
		method: 'DELETE',
		api: 'v1',
		path: apiPath`/space/${key}`,
		itemIndex,
	});
	const taskId = task.id === undefined ? undefined : String(task.id);
	const result: IDataObject = { key, deleted: true, finished: false };
	if (taskId) result.taskId = taskId;
	if (!options.waitForCompletion || !taskId) return result;

	const timeoutMs = Math.max(1, Number(options.timeout ?? DEFAULT_TIMEOUT_SECONDS)) * 1000;
	const startedAt = Date.now();
	let delay = LONG_TASK_POLLING.firstDelayMs;
	for (;;) {
		await sleep(Math.min(delay, Math.max(0, startedAt + timeoutMs - Date.now())));
		const status = await confluenceApi.call(ctx, {
			method: 'GET',
			api: 'v1',
			path: apiPath`/longtask/${taskId}`,
			itemIndex,
		});
		const messages = taskMessages(status);
		const progress: IDataObject = {
			...result,
			finished: status.finished === true,
			successful: status.successful === true,
			percentageComplete: status.percentageComplete,
			elapsedTime: status.elapsedTime,
			messages,
		};
		if (status.finished === true) {
			if (status.successful !== true) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Confluence could not delete the space "${key}"`,
					{
						itemIndex,
						description: messages.length
							? messages.join(' ')
							: `The deletion task ${taskId} finished without success.`,
					},
				);
			}
			return progress;
		}
		if (Date.now() - startedAt >= timeoutMs) {
			return { ...progress, timedOut: true };
		}
		delay = Math.min(LONG_TASK_POLLING.maxDelayMs, delay * 2);
	}
}
