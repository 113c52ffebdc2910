import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CONTENT_CQL_EXAMPLE, cqlIn, cqlString, explainCqlError } from '../../helpers/cql';
import { apiPath, confluenceRequestAllItems } from '../../transport';
import { defineOperation } from '../common/builder';
import { addRenderedBody, renderBody, withConvertedBody } from '../common/body';
import {
	bodyReadFormatProperty,
	limitProperty,
	returnAllProperty,
	type BodyReadFormat,
} from '../common/descriptions';
import { toolOutputProperty, wantsCompactOutput } from '../common/compact';
import { requireValue } from '../common/resolve';
import { dropNullish } from '../common/values';

/** Search pages are capped by Confluence below what other lists allow; the cursor in `_links.next` covers the rest. */
const SEARCH_PAGE_SIZE = 100;

const BODY_EXPAND: Partial<Record<BodyReadFormat, string>> = {
	atlas_doc_format: 'content.body.atlas_doc_format',
	markdown: 'content.body.storage',
	plain: 'content.body.storage',
	storage: 'content.body.storage',
	view: 'content.body.view',
};

const HIGHLIGHT_MARKERS = /@@@(?:end)?hl@@@/g;

/** Comma- or newline-separated text, or an array from an expression, as trimmed non-empty entries. */
function listOf(value: unknown): string[] {
	const entries = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[,\n]/)
			: [];
	return [...new Set(entries.map((entry) => String(entry).trim()).filter((entry) => entry !== ''))];
}

export interface TextSearch {
	text: string;
	searchIn?: 'text' | 'title';
	spaceKeys?: string[];
	types?: string[];
	labels?: string[];
	orderBy?: string;
}

/** Plain text and filters as CQL; every user value is one quoted literal, so it cannot change the query's structure. */
export function textSearchCql(search: TextSearch): string {
	const clauses = [`${search.searchIn === 'title' ? 'title' : 'text'} ~ ${cqlString(search.text)}`];
	if (search.spaceKeys?.length) clauses.push(cqlIn('space', search.spaceKeys));
	if (search.types?.length) clauses.push(cqlIn('type', search.types));
	if (search.labels?.length) clauses.push(cqlIn('label', search.labels));
	const order = search.orderBy ? ` ORDER BY ${search.orderBy}` : '';
	return `${clauses.join(' AND ')}${order}`;
}

function spaceKeyOf(result: IDataObject): string | undefined {
	const content = result.content as IDataObject | undefined;
	const space = (content?.space ?? result.space) as IDataObject | undefined;
	if (typeof space?.key === 'string') return space.key;
	const displayUrl = (result.resultGlobalContainer as IDataObject | undefined)?.displayUrl;
	const key =
		typeof displayUrl === 'string' ? /\/spaces\/([^/?#]+)/.exec(displayUrl)?.[1] : undefined;
	return key ? decodeURIComponent(key) : undefined;
}

function stripHighlight(value: unknown): string | undefined {
	return typeof value === 'string' ? value.replace(HIGHLIGHT_MARKERS, '') : undefined;
}

function simplifyResult(
	result: IDataObject,
	base: string | undefined,
	format: BodyReadFormat,
): IDataObject {
	const content = result.content as IDataObject | undefined;
	const entity = (content ?? result.space ?? result.user) as IDataObject | undefined;
	const url = typeof result.url === 'string' ? result.url : undefined;
	const simplified: IDataObject = {
		id: entity?.id ?? entity?.accountId,
		type: content?.type ?? result.entityType,
		title: typeof content?.title === 'string' ? content.title : stripHighlight(result.title),
		spaceKey: spaceKeyOf(result),
		excerpt: stripHighlight(result.excerpt),
		url: url && base && !/^https?:\/\//i.test(url) ? `${base}${url}` : url,
		lastModified: result.lastModified,
	};
	if (content && format !== 'none') addRenderedBody(simplified, content, format);
	return dropNullish(simplified);
}

function rawResult(result: IDataObject, format: BodyReadFormat): IDataObject {
	const content = result.content as IDataObject | undefined;
	if (!content || (format !== 'markdown' && format !== 'plain')) return result;
	const converted = renderBody(content, format);
	if (converted === undefined) return result;
	return { ...result, content: withConvertedBody(content, format, converted) };
}

export const { description, execute } = defineOperation({
	resource: 'search',
	operation: 'query',
	properties: [
		{
			displayName: 'Search By',
			name: 'mode',
			type: 'options',
			default: 'text',
			description:
				'Whether to search for plain text (with optional filters) or to write a CQL query',
			options: [
				{
					name: 'CQL',
					value: 'cql',
					description: 'A Confluence Query Language query, sent as written',
				},
				{
					name: 'Text',
					value: 'text',
					description: 'Plain text; the node builds a safely quoted CQL query from it',
				},
			],
		},
		{
			displayName: 'Search Text',
			name: 'text',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. onboarding checklist',
			description:
				'The words to look for. Quotes, backslashes and words like AND or OR are searched for as text, never read as query syntax.',
			displayOptions: { show: { mode: ['text'] } },
		},
		{
			displayName: 'Search In',
			name: 'searchIn',
			type: 'options',
			default: 'text',
			displayOptions: { show: { mode: ['text'] } },
			options: [
				{ name: 'Everything', value: 'text', description: 'Title, body and labels' },
				{ name: 'Title', value: 'title', description: 'Titles only' },
			],
		},
		{
			displayName: 'CQL Query',
			name: 'cql',
			type: 'string',
			default: '',
			required: true,
			placeholder:
				'e.g. type = page AND space = DOCS AND text ~ "release notes" ORDER BY lastmodified DESC',
			description:
				'A query in Confluence Query Language (CQL). Quote values with double quotes and escape quotes inside them with a backslash.',
			displayOptions: { show: { mode: ['cql'] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			displayOptions: { show: { mode: ['text'] } },
			options: [
				{
					displayName: 'Content Types',
					name: 'types',
					type: 'multiOptions',
					default: [],
					description: 'Only results of these types (all types when empty)',
					options: [
						{ name: 'Attachment', value: 'attachment' },
						{ name: 'Blog Post', value: 'blogpost' },
						{ name: 'Comment', value: 'comment' },
						{ name: 'Page', value: 'page' },
					],
				},
				{
					displayName: 'Labels',
					name: 'labels',
					type: 'string',
					default: '',
					placeholder: 'e.g. howto, onboarding',
					description: 'Only content with at least one of these labels, comma-separated',
				},
				{
					displayName: 'Space Keys',
					name: 'spaceKeys',
					type: 'string',
					default: '',
					placeholder: 'e.g. DOCS, ENG',
					description: 'Only content in these spaces, by space key, comma-separated',
				},
			],
		},
		{
			displayName: 'Order By',
			name: 'orderBy',
			type: 'options',
			default: '',
			displayOptions: { show: { mode: ['text'] } },
			options: [
				{ name: 'Created (Newest First)', value: 'created DESC' },
				{ name: 'Last Modified (Newest First)', value: 'lastmodified DESC' },
				{ name: 'Relevance', value: '', description: "Confluence's own ranking" },
				{ name: 'Title (A to Z)', value: 'title ASC' },
			],
		},
		returnAllProperty,
		limitProperty,
		{
			...bodyReadFormatProperty,
			description:
				'Whether to include the full body of each page, blog post or comment found, and in which format',
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				"Whether to return a flat object (ID, type, title, space key, excerpt, URL, last modified) instead of Confluence's raw search result",
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Include Archived Spaces',
					name: 'includeArchivedSpaces',
					type: 'boolean',
					default: false,
					description: 'Whether to also search content in archived spaces',
				},
			],
		},
		toolOutputProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const mode = this.getNodeParameter('mode', itemIndex, 'text') as 'text' | 'cql';
		let cql: string;
		if (mode === 'cql') {
			cql = requireValue(this, itemIndex, 'CQL Query', this.getNodeParameter('cql', itemIndex, ''));
		} else {
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			cql = textSearchCql({
				text: requireValue(
					this,
					itemIndex,
					'Search Text',
					this.getNodeParameter('text', itemIndex, ''),
				),
				searchIn: this.getNodeParameter('searchIn', itemIndex, 'text') as 'text' | 'title',
				spaceKeys: listOf(filters.spaceKeys),
				types: listOf(filters.types),
				labels: listOf(filters.labels),
				orderBy: this.getNodeParameter('orderBy', itemIndex, '') as string,
			});
		}
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const compact = wantsCompactOutput(this, itemIndex);
		const chosenFormat = this.getNodeParameter('bodyFormat', itemIndex, 'none') as BodyReadFormat;
		// The tool variant's compact records: flat, and any body asked for as Markdown rather than markup or JSON.
		const format: BodyReadFormat = compact && chosenFormat !== 'none' ? 'markdown' : chosenFormat;
		const simplify = compact || (this.getNodeParameter('simplify', itemIndex, true) as boolean);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

		const qs: IDataObject = { cql };
		// One expansion on the search itself brings every body in the page of results; a GET per result would cost N calls.
		const expand = BODY_EXPAND[format];
		if (expand) qs.expand = expand;
		if (options.includeArchivedSpaces) qs.includeArchivedSpaces = true;

		let base: string | undefined;
		const results = await confluenceRequestAllItems
			.call(
				this,
				{ method: 'GET', api: 'v1', path: apiPath`/search`, qs, itemIndex },
				{
					max: limit,
					pageSize: SEARCH_PAGE_SIZE,
					onPage: (page) => {
						const link = (page._links as IDataObject | undefined)?.base;
						if (typeof link === 'string') base = link;
					},
				},
			)
			.catch((error: unknown) => {
				throw explainCqlError(error, CONTENT_CQL_EXAMPLE);
			});
		return results.map((result) =>
			simplify ? simplifyResult(result, base, format) : rawResult(result, format),
		);
	},
});
