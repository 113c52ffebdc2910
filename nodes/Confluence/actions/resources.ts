import type { INodePropertyOptions } from 'n8n-workflow';

import type { ResourceModule } from './types';
import * as attachment from './attachment';
import * as blogPost from './blogPost';
import * as comment from './comment';
import * as page from './page';
import * as auditLog from './auditLog';
import * as contentProperty from './contentProperty';
import * as contentRestriction from './contentRestriction';
import * as label from './label';
import * as space from './space';
import * as spaceProperty from './spaceProperty';
import * as task from './task';
import * as user from './user';
import * as whiteboard from './whiteboard';
import * as search from './search';

/** Every resource the node offers; the router dispatches through this map. */
export const resources: Record<string, ResourceModule> = {
	attachment,
	blogPost,
	comment,
	page,
	auditLog,
	contentProperty,
	contentRestriction,
	label,
	space,
	spaceProperty,
	task,
	user,
	whiteboard,
	search,
};

/** The Resource selector's options, alphabetical by name as n8n's lint requires. */
export const resourceOptions: INodePropertyOptions[] = [
	{ name: 'Attachment', value: 'attachment' },
	{ name: 'Comment', value: 'comment' },
	{ name: 'Search', value: 'search' },
	{ name: 'Blog Post', value: 'blogPost' },
	{ name: 'Page', value: 'page' },
	{ name: 'Audit Log', value: 'auditLog' },
	{ name: 'Content Property', value: 'contentProperty' },
	{ name: 'Content Restriction', value: 'contentRestriction' },
	{ name: 'Label', value: 'label' },
	{ name: 'Space', value: 'space' },
	{ name: 'Space Property', value: 'spaceProperty' },
	{ name: 'Task', value: 'task' },
	{ name: 'User', value: 'user' },
	{ name: 'Whiteboard', value: 'whiteboard' },
].sort((a, b) => a.name.localeCompare(b.name));
