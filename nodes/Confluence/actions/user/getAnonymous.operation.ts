import type { IExecuteFunctions } from 'n8n-workflow';

import { singleRequestOperation } from '../common/builder';
import { readExpand, userExpandOptions } from './shared';
import { apiPath } from '../../transport';

export const { description, execute } = singleRequestOperation({
	resource: 'user',
	operation: 'getAnonymous',
	properties: [userExpandOptions(['operations'])],
	request(this: IExecuteFunctions, itemIndex: number) {
		return {
			method: 'GET',
			api: 'v1',
			path: apiPath`/user/anonymous`,
			qs: readExpand(this, itemIndex),
		};
	},
});
