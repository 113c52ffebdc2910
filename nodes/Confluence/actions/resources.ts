import type { INodePropertyOptions } from 'n8n-workflow';

import type { ResourceModule } from './types';
import * as blogPost from './blogPost';
import * as page from './page';

/** Every resource the node offers; the router dispatches through this map. */
export const resources: Record<string, ResourceModule> = {
	blogPost,
	page,
};

/** The Resource selector's options, alphabetical by name as n8n's lint requires. */
export const resourceOptions: INodePropertyOptions[] = [
	{ name: 'Blog Post', value: 'blogPost' },
	{ name: 'Page', value: 'page' },
].sort((a, b) => a.name.localeCompare(b.name));
