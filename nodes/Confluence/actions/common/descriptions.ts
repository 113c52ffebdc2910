import type { INodeProperties } from 'n8n-workflow';

export type ContentKind = 'page' | 'blogpost';

const SPACE_URL_REGEX = 'https?://[^/]+(?:/wiki)?/spaces/(?:~)?([^/?#]+)';
const PAGE_URL_REGEX = 'https?://[^/]+/.*?(?:/pages/(?:edit-v2/|edit/)?|pageId=)(\\d+)';
const BLOGPOST_URL_REGEX = 'https?://[^/]+/.*?/blog/(?:edit-v2/|\\d{4}/\\d{2}/\\d{2}/)?(\\d+)';
const CONTENT_URL_REGEX =
	'https?://[^/]+/.*?(?:/pages/(?:edit-v2/|edit/)?|pageId=|/blog/(?:edit-v2/|\\d{4}/\\d{2}/\\d{2}/)?|/whiteboard/|/whiteboards/)(\\d+)';

export interface LocatorOptions {
	name?: string;
	displayName?: string;
	description?: string;
	required?: boolean;
}

export function spaceLocator(options: LocatorOptions = {}): INodeProperties {
	return {
		displayName: options.displayName ?? 'Space',
		name: options.name ?? 'space',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description ?? 'The space to work in',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a space...',
				typeOptions: { searchListMethod: 'searchSpaces', searchable: true },
			},
			{
				displayName: 'By Key',
				name: 'key',
				type: 'string',
				placeholder: 'e.g. DOCS',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '~?[A-Za-z0-9_-]+',
							errorMessage:
								'Space keys contain letters, digits, _ or - (personal spaces start with ~)',
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/overview',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `${SPACE_URL_REGEX}.*`,
							errorMessage: 'Not a Confluence space URL',
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 98306',
				validation: [
					{ type: 'regex', properties: { regex: '\\d+', errorMessage: 'Space IDs are numeric' } },
				],
			},
		],
	};
}

const KIND_LABEL: Record<ContentKind, string> = { page: 'Page', blogpost: 'Blog Post' };

export function contentLocator(kind: ContentKind, options: LocatorOptions = {}): INodeProperties {
	const label = KIND_LABEL[kind];
	return {
		displayName: options.displayName ?? label,
		name: options.name ?? (kind === 'page' ? 'page' : 'blogPost'),
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description ?? `The ${label.toLowerCase()} to work on`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${label.toLowerCase()}...`,
				typeOptions: {
					searchListMethod: kind === 'page' ? 'searchPages' : 'searchBlogPosts',
					searchable: true,
				},
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder:
					kind === 'page'
						? 'e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/pages/123456/Title'
						: 'e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/blog/2026/01/05/123456/Title',
				extractValue: {
					type: 'regex',
					regex: kind === 'page' ? PAGE_URL_REGEX : BLOGPOST_URL_REGEX,
				},
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `${kind === 'page' ? PAGE_URL_REGEX : BLOGPOST_URL_REGEX}.*`,
							errorMessage: `Not a Confluence ${label.toLowerCase()} URL`,
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456',
				validation: [
					{ type: 'regex', properties: { regex: '\\d+', errorMessage: 'IDs are numeric' } },
				],
			},
			{
				displayName: 'By Title',
				name: 'title',
				type: 'string',
				placeholder: 'e.g. Release Notes 2026',
				hint: 'The exact title. Titles are unique within a space; when several spaces have it, pick by ID instead.',
			},
		],
	};
}

/** Any content ID (page, blog post, whiteboard, attachment parent) where the type is chosen elsewhere. */
export function contentIdParameter(
	options: LocatorOptions & { kindLabel?: string } = {},
): INodeProperties {
	return {
		displayName: options.displayName ?? 'Content ID',
		name: options.name ?? 'contentId',
		type: 'string',
		default: '',
		required: options.required ?? true,
		placeholder: 'e.g. 123456 or a page URL',
		description:
			options.description ?? 'The numeric ID of the content, or its URL (the ID is taken from it)',
	};
}

export { CONTENT_URL_REGEX };

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		"Whether to return a flat object with the useful fields (ID, title, status, space, version, body, link) instead of Confluence's raw response",
};

/** The "Options" collection of a list whose only option is the sort order. */
export function sortOptionsCollection(
	sort: Pick<INodeProperties, 'default' | 'description' | 'options'>,
): INodeProperties {
	const { default: defaultSort, ...choices } = sort;
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Sort', name: 'sort', type: 'options', default: defaultSort, ...choices },
		],
	};
}

export type BodyWriteFormat = 'storage' | 'atlas_doc_format' | 'wiki' | 'markdown' | 'plain';
export type BodyReadFormat =
	| 'none'
	| 'storage'
	| 'atlas_doc_format'
	| 'view'
	| 'markdown'
	| 'plain';

export const bodyWriteFormatProperty: INodeProperties = {
	displayName: 'Body Format',
	name: 'bodyFormat',
	type: 'options',
	default: 'markdown',
	description: 'The format the body is written in; it is converted to what Confluence stores',
	options: [
		{
			name: 'Atlas Doc Format (ADF JSON)',
			value: 'atlas_doc_format',
			description: "Atlassian's JSON document format, as a JSON string or object",
		},
		{ name: 'Markdown', value: 'markdown', description: 'CommonMark with GitHub extensions' },
		{ name: 'Plain Text', value: 'plain', description: 'Text; blank lines separate paragraphs' },
		{
			name: 'Storage (XHTML)',
			value: 'storage',
			description: "Confluence's storage format, with ac: macros",
		},
		{
			name: 'Wiki Markup',
			value: 'wiki',
			description: 'Confluence wiki markup (converted by Confluence)',
		},
	],
};

/** Which macros Markdown bodies may write (the converter's default allows only harmless ones). */
export const allowedMacrosProperty: INodeProperties = {
	displayName: 'Allowed Macros',
	name: 'allowedMacros',
	type: 'string',
	default: '',
	placeholder: 'e.g. jira, include',
	description:
		'Macros a Markdown body may write with confluence-macro fences and links, besides the harmless ones always allowed (toc, children, excerpt, panels, anchor…). Comma-separated names, or * for any macro (html, script and iframe macros never). Leave empty when the Markdown comes from outside, such as an AI model or a form.',
	displayOptions: { show: { bodyFormat: ['markdown'] } },
};

/** The same, inside a collection of fields (where the body format is a sibling field). */
export const allowedMacrosField: INodeProperties = {
	...allowedMacrosProperty,
	displayOptions: undefined,
};

export const bodyReadFormatProperty: INodeProperties = {
	displayName: 'Body Format',
	name: 'bodyFormat',
	type: 'options',
	default: 'none',
	description: 'Whether and how to include the body',
	options: [
		{ name: 'Atlas Doc Format (ADF JSON)', value: 'atlas_doc_format' },
		{ name: 'Markdown', value: 'markdown', description: 'Converted from the storage format' },
		{ name: 'None', value: 'none', description: 'Leave the body out (fastest)' },
		{ name: 'Plain Text', value: 'plain', description: 'The text only' },
		{ name: 'Storage (XHTML)', value: 'storage' },
		{ name: 'View (HTML)', value: 'view', description: 'Rendered HTML, as shown in the browser' },
	],
};

/** Lists accept fewer representations than single reads (no rendered view). */
export const bodyListFormatProperty: INodeProperties = {
	...bodyReadFormatProperty,
	options: (bodyReadFormatProperty.options ?? []).filter(
		(option) => 'value' in option && option.value !== 'view',
	),
};
