/* Row 11: what an AI agent reads. Characters per page of each read operation's tool output (the node as n8n hands it to
 * an agent, with its default "Output for the Model") beside Confluence's raw JSON for the same pages (the node with
 * Simplify off). Issue 18's goal is at most half. */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { Confluence } from '../nodes/Confluence/Confluence.node';
import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { registerNodeType, runNode, type RunResult } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { log, type BenchResult } from './lib';

const TOOL_TYPE = 'n8n-nodes-confluence.confluenceTool';

/** n8n offers a `usableAsTool` node to an agent under its name with "Tool" appended; `@tool` parameters show there. */
function registerToolVariant(): void {
	const node = new Confluence();
	const tool = Object.create(node) as INodeType;
	tool.description = { ...node.description, name: `${node.description.name}Tool` };
	registerNodeType(TOOL_TYPE, tool);
}

const charsOf = (result: RunResult): number =>
	result.items.reduce((total, item) => total + JSON.stringify(item.json).length, 0);

export async function toolOutputRows(sim: Simulator): Promise<BenchResult[]> {
	fastRetries();
	registerToolVariant();
	sim.reset('demo');
	const credentials = credentialsFor(sim);
	const demo = sim.demo!;
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const space = { __rl: true, mode: 'key', value: 'DEMO' };
	const cases: Array<{ name: string; runs: IDataObject[] }> = [
		{
			name: 'Page → Get (body)',
			runs: Object.values(demo.pages).map((id) => ({
				resource: 'page',
				operation: 'get',
				page: byId(id),
			})),
		},
		{
			name: 'Page → Get Many',
			runs: [{ resource: 'page', operation: 'getMany', space, limit: 10 }],
		},
		{
			name: 'Blog Post → Get (body)',
			runs: demo.blogPosts.map((id) => ({
				resource: 'blogPost',
				operation: 'get',
				blogPost: byId(id),
			})),
		},
		{
			name: 'Blog Post → Get Many',
			runs: [{ resource: 'blogPost', operation: 'getMany', space, limit: 10 }],
		},
		{
			name: 'Search → Query (CQL)',
			runs: [
				{
					resource: 'search',
					operation: 'query',
					mode: 'cql',
					cql: 'space = DEMO AND type = page',
					limit: 10,
				},
			],
		},
	];
	const results: BenchResult[] = [];
	for (const { name, runs } of cases) {
		let toolChars = 0;
		let rawChars = 0;
		let pages = 0;
		for (const parameters of runs) {
			const raw = await runNode({
				parameters: { ...parameters, simplify: false, bodyFormat: 'storage' },
				credentials,
			});
			const tool = await runNode({ nodeType: TOOL_TYPE, parameters, credentials });
			if (raw.error) throw raw.error;
			if (tool.error) throw tool.error;
			if (tool.items.length !== raw.items.length) {
				throw new Error(
					`${name}: the tool gave ${tool.items.length} items, the node ${raw.items.length}`,
				);
			}
			toolChars += charsOf(tool);
			rawChars += charsOf(raw);
			pages += raw.items.length;
		}
		const ours = Math.round(toolChars / pages);
		const rawPerPage = Math.round(rawChars / pages);
		log(
			`row 11 ${name}: ${ours} characters per page as a tool, ${rawPerPage} raw (${pages} pages)`,
		);
		results.push({
			row: 11,
			case: `${name}, ${pages} of the demo space's pages and blog posts`,
			metric: 'characters per page or post',
			unit: 'chars',
			ours,
			alternative: { name: "Confluence's JSON (Simplify off)", value: rawPerPage },
			check: { label: 'tool output ≤ half the raw JSON', ok: ours * 2 <= rawPerPage },
		});
	}
	return results;
}
