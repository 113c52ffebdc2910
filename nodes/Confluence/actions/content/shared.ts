import type { ContentKind } from '../common/descriptions';

/** What differs between pages and blog posts: the resource value, v2 path, locator parameter and wording. */
export interface ContentSpec {
	kind: ContentKind;
	resource: 'page' | 'blogPost';
	path: '/pages' | '/blogposts';
	locatorName: 'page' | 'blogPost';
	label: 'Page' | 'Blog Post';
	lower: 'page' | 'blog post';
}

export const PAGE: ContentSpec = {
	kind: 'page',
	resource: 'page',
	path: '/pages',
	locatorName: 'page',
	label: 'Page',
	lower: 'page',
};

export const BLOG_POST: ContentSpec = {
	kind: 'blogpost',
	resource: 'blogPost',
	path: '/blogposts',
	locatorName: 'blogPost',
	label: 'Blog Post',
	lower: 'blog post',
};
