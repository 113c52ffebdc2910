import type { INodePropertyOptions } from 'n8n-workflow';

import type { ContentKind } from '../common/descriptions';
import { apiPath, type ApiPath } from '../../transport';

/** What differs between pages and blog posts: the resource value, v2 path, locator parameter and wording. */
export interface ContentSpec {
	kind: ContentKind;
	resource: 'page' | 'blogPost';
	path: ApiPath;
	locatorName: 'page' | 'blogPost';
	label: 'Page' | 'Blog Post';
	lower: 'page' | 'blog post';
	plural: 'pages' | 'blog posts';
	/** The `type` v1 endpoints use for this content. */
	v1Type: 'page' | 'blogpost';
	/** `sort` values the v2 list endpoints accept (blog posts cannot be sorted by title). */
	sortOptions: INodePropertyOptions[];
	/** `status` values the v2 list endpoints accept (blog posts are never archived). */
	listStatuses: INodePropertyOptions[];
}

const COMMON_SORT: INodePropertyOptions[] = [
	{ name: 'Created (Newest First)', value: '-created-date' },
	{ name: 'Created (Oldest First)', value: 'created-date' },
	{ name: 'ID (Ascending)', value: 'id' },
	{ name: 'ID (Descending)', value: '-id' },
	{ name: 'Modified (Newest First)', value: '-modified-date' },
	{ name: 'Modified (Oldest First)', value: 'modified-date' },
];

const STATUS_OPTIONS: Record<string, INodePropertyOptions> = {
	archived: { name: 'Archived', value: 'archived' },
	current: { name: 'Current', value: 'current', description: 'Published' },
	deleted: {
		name: 'Deleted',
		value: 'deleted',
		description: 'Purged from the trash, kept for history',
	},
	trashed: { name: 'Trashed', value: 'trashed', description: 'In the trash, restorable' },
};

export const PAGE: ContentSpec = {
	kind: 'page',
	resource: 'page',
	path: apiPath`/pages`,
	locatorName: 'page',
	label: 'Page',
	lower: 'page',
	plural: 'pages',
	v1Type: 'page',
	sortOptions: [
		...COMMON_SORT,
		{ name: 'Title (A to Z)', value: 'title' },
		{ name: 'Title (Z to A)', value: '-title' },
	],
	listStatuses: [
		STATUS_OPTIONS.archived,
		STATUS_OPTIONS.current,
		STATUS_OPTIONS.deleted,
		STATUS_OPTIONS.trashed,
	],
};

export const BLOG_POST: ContentSpec = {
	kind: 'blogpost',
	resource: 'blogPost',
	path: apiPath`/blogposts`,
	locatorName: 'blogPost',
	label: 'Blog Post',
	lower: 'blog post',
	plural: 'blog posts',
	v1Type: 'blogpost',
	sortOptions: COMMON_SORT,
	listStatuses: [STATUS_OPTIONS.current, STATUS_OPTIONS.deleted, STATUS_OPTIONS.trashed],
};
