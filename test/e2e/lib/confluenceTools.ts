/* The six Confluence tool nodes (`confluenceTool`) an AI agent (agent.e2e.ts) and an MCP client (mcp.e2e.ts) use, their
 * parameters filled through `$fromAI` and described as the README advises a workflow author to. */
import type { INode, INodeParameters } from 'n8n-workflow';

import { CONFLUENCE_NODE_TYPE, type CredentialRef } from './workflows';

/** How a workflow author should describe each $fromAI parameter (the README's advice, used as it says). */
export const FROM_AI = {
	cql: 'A Confluence CQL query: field operator value, joined with AND/OR, values in double quotes, e.g. type = page AND space = "DOCS" AND text ~ "runbook" ORDER BY lastmodified DESC',
	page: 'The page: its numeric ID (e.g. 123456), its URL, or its exact title',
	space: 'The space key, e.g. DOCS',
	title: 'The page title; titles are unique within a space',
	markdown: 'The content in Markdown (headings, lists, tables, code blocks)',
	labels: 'Labels to add, comma-separated, lowercase without spaces, e.g. runbook,incident',
	comment: 'The comment in Markdown',
};

export const fromAi = (key: keyof typeof FROM_AI, name = key): string =>
	`={{ $fromAI('${name}', '${FROM_AI[key].replace(/'/g, "\\'")}', 'string') }}`;

const locator = (key: keyof typeof FROM_AI) => ({ __rl: true, mode: 'list', value: fromAi(key) });

export interface ToolSpec {
	name: string;
	/** The name a model or MCP client sees (n8n: the node name, spaces as underscores). */
	toolName: string;
	parameters: INodeParameters;
	/** The $fromAI keys its schema must list. */
	keys: string[];
}

export const TOOLS: ToolSpec[] = [
	{
		name: 'Search Confluence',
		toolName: 'Search_Confluence',
		parameters: {
			resource: 'search',
			operation: 'query',
			mode: 'cql',
			cql: fromAi('cql'),
			limit: 5,
		},
		keys: ['cql'],
	},
	{
		name: 'Read page',
		toolName: 'Read_page',
		parameters: { resource: 'page', operation: 'get', page: locator('page') },
		keys: ['page'],
	},
	{
		name: 'Create page',
		toolName: 'Create_page',
		parameters: {
			resource: 'page',
			operation: 'create',
			space: locator('space'),
			title: fromAi('title'),
			bodyFormat: 'markdown',
			body: fromAi('markdown'),
		},
		keys: ['space', 'title', 'markdown'],
	},
	{
		name: 'Label page',
		toolName: 'Label_page',
		parameters: {
			resource: 'label',
			operation: 'add',
			contentId: fromAi('page'),
			labels: fromAi('labels'),
		},
		keys: ['page', 'labels'],
	},
	{
		name: 'Append to page',
		toolName: 'Append_to_page',
		parameters: {
			resource: 'page',
			operation: 'update',
			page: locator('page'),
			updateFields: { body: fromAi('markdown'), bodyFormat: 'markdown', bodyMode: 'append' },
		},
		keys: ['page', 'markdown'],
	},
	{
		name: 'Comment on page',
		toolName: 'Comment_on_page',
		parameters: {
			resource: 'comment',
			operation: 'create',
			commentOn: 'page',
			page: locator('page'),
			bodyFormat: 'markdown',
			body: fromAi('comment'),
		},
		keys: ['page', 'comment'],
	},
];

/** The tool nodes with the API token credential, placed in a row at height `y`. */
export function confluenceToolNodes(credential: CredentialRef, y: number): INode[] {
	return TOOLS.map((tool, index) => ({
		id: `e2e-tool-${tool.toolName.toLowerCase()}`,
		name: tool.name,
		type: `${CONFLUENCE_NODE_TYPE}Tool`,
		typeVersion: 1,
		position: [220 * (index + 1), y],
		parameters: { descriptionType: 'auto', authentication: 'apiToken', ...tool.parameters },
		credentials: { confluenceApi: { id: credential.id, name: credential.name } },
	}));
}
