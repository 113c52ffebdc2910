import type { IExecuteFunctions } from 'n8n-workflow';

import { spaceLocator } from '../common/descriptions';
import { resolveSpaceId } from '../common/resolve';
import { resolveDataCenterSpaceKey } from '../dataCenter/resolve';
import type { PropertyOwner, PropertyOwnerRef } from '../properties/shared';
import { cloudPropertyStore, dataCenterPropertyStore } from '../properties/stores';
import { apiPath } from '../../transport';

export const SPACE_PROPERTY_OWNER: PropertyOwner = {
	resource: 'spaceProperty',
	noun: 'space',
	sortable: false,
	ownerProperties: [spaceLocator({ description: 'The space the property belongs to' })],
	async resolve(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef> {
		const spaceId = await resolveSpaceId(ctx, itemIndex);
		const label = `space ${spaceId}`;
		return {
			store: cloudPropertyStore(apiPath`/spaces/${spaceId}`, label),
			label,
			context: { spaceId },
		};
	},
	// Data Center addresses spaces by key (`/rest/api/space/{spaceKey}/property`).
	async resolveDataCenter(ctx: IExecuteFunctions, itemIndex: number): Promise<PropertyOwnerRef> {
		const spaceKey = await resolveDataCenterSpaceKey(ctx, itemIndex);
		const label = `space ${spaceKey}`;
		return {
			store: dataCenterPropertyStore(apiPath`/space/${spaceKey}`, label),
			label,
			context: { spaceKey },
		};
	},
};
