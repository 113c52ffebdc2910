import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { defineOperation, listOperation } from '../common/builder';
import { contentLocator } from '../common/descriptions';
import { resolveContentId } from '../common/resolve';
import type { OperationModule } from '../types';
import type { ContentSpec } from './shared';

/** `POST /users-bulk` takes at most 250 account IDs per call. */
const USERS_BULK_MAX = 250;

export function getLikeCountContentOperation(spec: ContentSpec): OperationModule {
	return defineOperation({
		resource: spec.resource,
		operation: 'getLikeCount',
		properties: [contentLocator(spec.kind)],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			const body = await confluenceApi.call(this, {
				method: 'GET',
				path: apiPath`${spec.path}/${id}/likes/count`,
				itemIndex,
			});
			return { id, count: Number(body.count ?? 0) };
		},
	});
}

async function lookUpUsers(
	ctx: IExecuteFunctions,
	itemIndex: number,
	accountIds: string[],
): Promise<Map<string, IDataObject>> {
	const users = new Map<string, IDataObject>();
	for (let start = 0; start < accountIds.length; start += USERS_BULK_MAX) {
		const body = await confluenceApi.call(ctx, {
			method: 'POST',
			path: apiPath`/users-bulk`,
			body: { accountIds: accountIds.slice(start, start + USERS_BULK_MAX) },
			// A lookup changes nothing, so it may be repeated after a dropped connection.
			idempotent: true,
			itemIndex,
		});
		for (const user of (body.results as IDataObject[] | undefined) ?? []) {
			users.set(String(user.accountId), user);
		}
	}
	return users;
}

export function getLikesContentOperation(spec: ContentSpec): OperationModule {
	return listOperation({
		resource: spec.resource,
		operation: 'getLikes',
		properties: [contentLocator(spec.kind)],
		after: [
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Include User Details',
						name: 'resolveUsers',
						type: 'boolean',
						default: false,
						description:
							"Whether to return each user's details (display name, email where visible, time zone) instead of only the account ID",
					},
				],
			},
		],
		async request(this: IExecuteFunctions, itemIndex: number) {
			const id = await resolveContentId(this, itemIndex, spec.kind, spec.locatorName, spec.label);
			return { method: 'GET', path: apiPath`${spec.path}/${id}/likes/users` };
		},
		async output(this: IExecuteFunctions, items: IDataObject[], itemIndex: number) {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			if (!options.resolveUsers || !items.length) return items;
			const accountIds = [...new Set(items.map((item) => String(item.accountId)))];
			const users = await lookUpUsers(this, itemIndex, accountIds);
			return items.map((item) => users.get(String(item.accountId)) ?? item);
		},
	});
}
