import type { IExecuteFunctions } from 'n8n-workflow';

import { spaceLocator } from '../common/descriptions';
import { resolveSpaceId } from '../common/resolve';
import type { PropertyOwner, PropertyOwnerRef } from '../properties/shared';
import { apiPath } from '../../transport';

export const SPACE_PROPERTY_OWNER: PropertyOwner = {
	resource: 'spaceProperty',
	noun: 'space',
	sortable: false,
	ownerProperties: [spaceLocator({ description: 'The space the property belongs to' })],
	async resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef> {
		const spaceId = await resolveSpaceId(ctx, itemIndex);
		return { path: apiPath`/spaces/${spaceId}`, label: `space ${spaceId}`, context: { spaceId } };
	},
};
