import type { INodePropertyOptions } from 'n8n-workflow';

import type { ResourceModule } from './types';
import * as attachment from './attachment';
import * as blogPost from './blogPost';
import * as comment from './comment';
import * as page from './page';
import * as search from './search';

/** Every resource the node offers; the router dispatches through this map. */
export const resources: Record<string, ResourceModule> = {
	attachment,
	blogPost,
	comment,
	page,
	search,
};

/** The Resource selector's options, alphabetical by name as n8n's lint requires. */
export const resourceOptions: INodePropertyOptions[] = [
	{ name: 'Attachment', value: 'attachment' },
	{ name: 'Comment', value: 'comment' },
	{ name: 'Search', value: 'search' },
	{ name: 'Blog Post', value: 'blogPost' },
	{ name: 'Page', value: 'page' },
].sort((a, b) => a.name.localeCompare(b.name));
