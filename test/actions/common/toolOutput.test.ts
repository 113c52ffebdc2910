/* issue 18 point 3: the node's tool variant (what an AI agent calls) answers with compact records by default (title,
 * space key, URL, last modified, author name, an excerpt; one page's body as Markdown), at most half the characters of
 * Confluence's JSON for the same data. The parameter that chooses it shows only in the tool variant (`@tool`), so
 * workflows that use the node as a node get what they always got. */
import type { IDataObject, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Confluence } from '../../../nodes/Confluence/Confluence.node';
import { useTestBed } from '../../helpers/fixtures';
import { registerNodeType } from '../../helpers/n8n';

const TOOL_TYPE = 'n8n-nodes-confluence.confluenceTool';

/** The node as n8n hands it to an agent: the same node under a type name ending in "Tool". */
function toolVariant(): INodeType {
	const node = new Confluence();
	const tool = Object.create(node) as INodeType;
	tool.description = { ...node.description, name: `${node.description.name}Tool` };
	return tool;
}

registerNodeType(TOOL_TYPE, toolVariant());

const chars = (items: Array<{ json: IDataObject }>) =>
	items.reduce((total, item) => total + JSON.stringify(item.json).length, 0);

describe('the tool variant', () => {
	const bed = useTestBed('demo', { shared: true });
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });

	it('shows "Output for the Model" only in the tool variant', () => {
		const node = new Confluence();
		const property = node.description.properties.find(
			(candidate) =>
				candidate.name === 'toolOutput' &&
				(candidate.displayOptions?.show?.operation as string[] | undefined)?.includes('get') &&
				(candidate.displayOptions?.show?.resource as string[] | undefined)?.includes('page'),
		)!;
		expect(property.displayOptions?.show?.['@tool']).toEqual([true]);
		const parameters = { resource: 'page', operation: 'get' };
		const shown = (name: string) =>
			NodeHelpers.displayParameter(parameters, property, null, {
				...node.description,
				name,
			});
		expect(shown('confluence')).toBe(false);
		expect(shown('confluenceTool')).toBe(true);
	});

	it('Page → Get: a compact record with the body as Markdown, at most half the raw JSON', async () => {
		const id = bed.sim.demo!.pages.projectPlan;
		const raw = await bed.run({
			parameters: { resource: 'page', operation: 'get', page: byId(id), simplify: false },
		});
		const tool = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: { resource: 'page', operation: 'get', page: byId(id) },
		});
		expect(tool.error).toBeUndefined();
		const [record] = tool.items.map((item) => item.json);
		expect(Object.keys(record).sort()).toEqual(
			['author', 'id', 'lastModified', 'markdown', 'spaceKey', 'title', 'url', 'version'].sort(),
		);
		expect(record).toMatchObject({
			id,
			title: 'Project plan',
			spaceKey: 'DEMO',
			author: 'Demo User',
		});
		expect(String(record.url)).toMatch(new RegExp(`/wiki/spaces/DEMO/pages/${id}/`));
		expect(String(record.markdown)).toMatch(/^#|\|/m);
		expect(String(record.markdown)).not.toContain('<ac:');
		expect(chars(tool.items)).toBeLessThanOrEqual(chars(raw.items) / 2);
	});

	it('Page → Get Many: compact records with excerpts, at most half the raw JSON of the same pages', async () => {
		const parameters = {
			resource: 'page',
			operation: 'getMany',
			space: { __rl: true, mode: 'key', value: 'DEMO' },
			limit: 5,
		};
		const raw = await bed.run({
			parameters: { ...parameters, simplify: false, bodyFormat: 'storage' },
		});
		const tool = await bed.run({ nodeType: TOOL_TYPE, parameters });
		expect(tool.error).toBeUndefined();
		expect(tool.items.map((item) => item.json.id)).toEqual(raw.items.map((item) => item.json.id));
		for (const { json } of tool.items) {
			expect(json.spaceKey).toBe('DEMO');
			expect(typeof json.author).toBe('string');
			expect(String(json.author)).not.toMatch(/^\d+:/);
			expect(String(json.excerpt ?? '').length).toBeLessThanOrEqual(200);
			expect(json).not.toHaveProperty('body');
		}
		expect(chars(tool.items)).toBeLessThanOrEqual(chars(raw.items) / 2);
	});

	it('Search → Query: flat results, Markdown bodies, at most half the raw JSON', async () => {
		const parameters = {
			resource: 'search',
			operation: 'query',
			mode: 'cql',
			cql: 'space = DEMO AND type = page',
			limit: 5,
		};
		const raw = await bed.run({ parameters: { ...parameters, simplify: false } });
		const tool = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: { ...parameters, simplify: false },
		});
		expect(tool.items.length).toBe(raw.items.length);
		expect(tool.items[0].json).toEqual(
			expect.objectContaining({ spaceKey: 'DEMO', title: expect.any(String) }),
		);
		expect(chars(tool.items)).toBeLessThanOrEqual(chars(raw.items) / 2);

		const withBody = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: { ...parameters, bodyFormat: 'storage' },
		});
		expect(withBody.items[0].json.bodyFormat).toBe('markdown');
	});

	it('"As in Workflows" gives the tool exactly what the node gives a workflow', async () => {
		const id = bed.sim.demo!.pages.gettingStarted;
		const parameters = { resource: 'page', operation: 'get', page: byId(id) };
		const node = await bed.run({ parameters });
		const tool = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: { ...parameters, toolOutput: 'standard' },
		});
		expect(tool.items.map((item) => item.json)).toEqual(node.items.map((item) => item.json));
		// A workflow's node keeps its storage body by default.
		expect(node.items[0].json.bodyFormat).toBe('storage');
	});
});

describe('the tool descriptions n8n builds from the actions', () => {
	// n8n's own rule (n8n-workflow makeDescription): the action, then " in " and the node's default name.
	const toolDescription = (resource: string, operation: string) => {
		const node = new Confluence();
		const selector = node.description.properties.find(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
		)!;
		const option = (selector.options as Array<{ value: string; action?: string }>).find(
			(candidate) => candidate.value === operation,
		)!;
		return `${option.action} in ${node.description.defaults.name}`;
	};

	it.each([
		['page', 'get', /by id or link or exact title/],
		['page', 'getMany', /of one space or all filtered by title or status or label/],
		['page', 'create', /from markdown/],
		['page', 'update', /appending/],
		['search', 'query', /cql query or plain text/],
		['comment', 'create', /on a page or blog post/],
		['label', 'add', /to a page or blog post/],
	])('%s → %s says what a model needs to choose it', (resource, operation, says) => {
		const text = toolDescription(resource, operation);
		expect(text).toMatch(says);
		expect(text).toMatch(/ in Confluence$/);
	});
});

describe('errors the tool variant hands the model (n8n passes it the message alone)', () => {
	const bed = useTestBed('demo', { shared: true });

	it("bad CQL: Confluence's words, the shape of valid CQL, and no blamed Limit", async () => {
		const result = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: {
				resource: 'search',
				operation: 'query',
				mode: 'cql',
				cql: 'type = = page',
				limit: 3,
			},
		});
		expect(result.error?.message).toMatch(
			/^Confluence rejected the request as invalid \(400\): Could not parse cql : type = = page\. CQL is field, operator, value, joined with AND\/OR, values in double quotes, e\.g\. type = page AND space = "DOCS" AND text ~ "release notes" ORDER BY lastmodified DESC\. /,
		);
		expect(result.error?.message).not.toContain('"Limit"');
	});

	it('a missing page: the message itself names the parameter and the ID', async () => {
		const result = await bed.run({
			nodeType: TOOL_TYPE,
			parameters: {
				resource: 'page',
				operation: 'get',
				page: { __rl: true, mode: 'list', value: '987654' },
			},
		});
		expect(result.error?.message).toMatch(
			/^Confluence found nothing at this ID, or the account cannot see it \(404\): Not Found\. Item 0: "Page" \(987654\) points at nothing this account can see in Confluence\./,
		);
	});

	it('the node in a workflow keeps message and description apart', async () => {
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'get',
				page: { __rl: true, mode: 'list', value: '987654' },
			},
		});
		expect(result.error?.message).toBe(
			'Confluence found nothing at this ID, or the account cannot see it (404): Not Found',
		);
	});
});
