import type { IExecuteFunctions } from 'n8n-workflow';

import { singleRequestOperation } from '../common/builder';
import { userExpandOptions, readExpand } from './shared';
import { apiPath } from '../../transport';

export const { description, execute } = singleRequestOperation({
	resource: 'user',
	operation: 'getCurrent',
	properties: [userExpandOptions(['isExternalCollaborator', 'operations', 'personalSpace'])],
	request(this: IExecuteFunctions, itemIndex: number) {
		return {
			method: 'GET',
			api: 'v1',
			path: apiPath`/user/current`,
			qs: readExpand(this, itemIndex),
		};
	},
});
