/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* issue 18 (MCP): the Confluence tool variant behind n8n's MCP Server Trigger in a running n8n 2.x, driven by the
 * official MCP TypeScript SDK client (@modelcontextprotocol/sdk, the copy n8n itself ships and uses for this trigger,
 * loaded from the n8n install: no new dependency). The client lists the tools, calls each as an external agent would,
 * and reads the results; the simulator shows what was written. */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
	CONFLUENCE_API_CREDENTIAL_TYPE,
	isInstalled,
	locateN8n,
	startN8n,
	type N8nServer,
} from './lib';
import { confluenceToolNodes, FROM_AI, TOOLS } from './lib/confluenceTools';

interface ToolResult {
	content: Array<{ type: string; text?: string }>;
	isError?: boolean;
}
interface McpClient {
	connect(transport: unknown): Promise<void>;
	listTools(): Promise<{
		tools: Array<{ name: string; description?: string; inputSchema: IDataObject }>;
	}>;
	callTool(request: { name: string; arguments: IDataObject }): Promise<ToolResult>;
	close(): Promise<void>;
}

const MCP_PATH = 'confluence-mcp';

const text = (result: ToolResult) => result.content.map((part) => part.text ?? '').join('');

function parsed(value: string): IDataObject[] {
	try {
		const json = JSON.parse(value) as unknown;
		return Array.isArray(json) ? (json as IDataObject[]) : [json as IDataObject];
	} catch {
		return [];
	}
}

const run = isInstalled('n8n') ? describe : describe.skip;

run(
	'Confluence tools behind the MCP Server Trigger, driven by the MCP SDK client (n8n 2.x)',
	() => {
		let sim: Simulator;
		let server: N8nServer;
		let client: McpClient;
		const sizes: number[] = [];
		const calls: Array<{ tool: string; ok: boolean }> = [];

		const call = async (tool: string, args: IDataObject, expectError = false) => {
			const result = await client.callTool({ name: tool, arguments: args });
			const body = text(result);
			sizes.push(body.length);
			const failed = result.isError === true || /^\[?\{"error"/.test(body);
			calls.push({ tool, ok: failed === expectError });
			return body;
		};

		beforeAll(async () => {
			const install = locateN8n('n8n');
			sim = await startSimulator({ seed: 'demo' });
			server = await startN8n({ install, name: 'mcp-e2e' });
			const credential = await server.rest<{ id: string }>('POST', '/rest/credentials', {
				name: 'Confluence (simulator)',
				type: CONFLUENCE_API_CREDENTIAL_TYPE,
				data: { siteUrl: sim.baseUrl, email: 'demo@example.com', apiToken: 'demo-token' },
			});
			const trigger: INode = {
				id: 'e2e-mcp-trigger',
				name: 'MCP Server Trigger',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { authentication: 'none', path: MCP_PATH },
			};
			const tools = confluenceToolNodes({ id: credential.id, name: 'Confluence (simulator)' }, 300);
			const connections: IConnections = Object.fromEntries(
				tools.map((tool) => [
					tool.name,
					{ ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] },
				]),
			);
			const id = await server.createWorkflow({
				name: 'e2e mcp: Confluence tools',
				nodes: [trigger, ...tools],
				connections,
			});
			await server.activateWorkflow(id);

			// The SDK n8n ships (n8n's MCP trigger is built on it), resolved from the n8n install.
			const fromN8n = createRequire(join(install.dir, 'package.json'));
			const { Client } = fromN8n('@modelcontextprotocol/sdk/client/index.js') as {
				Client: new (info: { name: string; version: string }) => McpClient;
			};
			const { StreamableHTTPClientTransport } = fromN8n(
				'@modelcontextprotocol/sdk/client/streamableHttp.js',
			) as { StreamableHTTPClientTransport: new (url: URL) => unknown };
			client = new Client({ name: 'confluence-e2e', version: '1.0.0' });
			await client.connect(
				new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp/${MCP_PATH}`)),
			);
		}, 600000);

		afterAll(async () => {
			await client?.close().catch(() => undefined);
			await server?.stop();
			await sim?.close();
		});

		it('lists the six tools, named after their nodes, with the $fromAI parameters as their input schema', async () => {
			const { tools } = await client.listTools();
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			expect(Object.keys(byName).sort()).toEqual(TOOLS.map((tool) => tool.toolName).sort());
			expect(byName.Read_page.description).toBe(
				'Get a page and its body by id or link or exact title in Confluence',
			);
			const schema = byName.Create_page.inputSchema as {
				properties: Record<string, { type: string; description?: string }>;
			};
			expect(Object.keys(schema.properties).sort()).toEqual(['markdown', 'space', 'title']);
			expect(schema.properties.space).toEqual(
				expect.objectContaining({ type: 'string', description: FROM_AI.space }),
			);
		});

		it('calls every tool as an external agent would, and the simulator holds what they wrote', async () => {
			const demo = sim.demo!;
			const hits = parsed(await call('Search_Confluence', { cql: 'title ~ "Getting started"' }));
			const hit = hits.find((entry) => entry.type === 'page')!;
			expect(hit).toEqual(
				expect.objectContaining({ id: demo.pages.gettingStarted, spaceKey: 'DEMO' }),
			);

			const [page] = parsed(await call('Read_page', { page: String(hit.url) }));
			expect(page).toEqual(
				expect.objectContaining({ id: demo.pages.gettingStarted, spaceKey: 'DEMO' }),
			);
			expect(String(page.markdown)).not.toContain('<ac:');

			const [created] = parsed(
				await call('Create_page', {
					space: 'DEMO',
					title: 'MCP notes',
					markdown: '## From MCP\n\n- one',
				}),
			);
			const stored = sim.store.findByTitle(demo.spaceId, 'page', 'MCP notes')!;
			expect(created.id).toBe(stored.id);
			expect(sim.store.current(stored).body?.value).toBe('<h2>From MCP</h2><ul><li>one</li></ul>');

			await call('Label_page', { page: stored.id, labels: 'mcp' });
			expect(stored.labelIds.map((labelId) => sim.store.labels.get(labelId)?.name)).toEqual([
				'mcp',
			]);

			await call('Append_to_page', { page: 'Project plan', markdown: 'Appended over MCP.' });
			expect(sim.store.current(sim.store.get(demo.pages.projectPlan)!).body?.value).toMatch(
				/<p>Appended over MCP\.<\/p>$/,
			);

			await call('Comment_on_page', { page: 'Getting started', comment: 'Seen over MCP.' });
			expect(
				sim.store
					.list('comment')
					.filter((comment) => comment.containerId === demo.pages.gettingStarted)
					.map((comment) => sim.store.current(comment).body?.value),
			).toContain('<p>Seen over MCP.</p>');
		});

		it('errors reach the client with what was wrong and what would work', async () => {
			const badCql = await call('Search_Confluence', { cql: 'type = = page' }, true);
			expect(badCql).toContain('Could not parse cql : type = = page');
			expect(badCql).toContain('CQL is field, operator, value');
			expect(badCql).not.toContain('Limit');

			const duplicate = await call(
				'Create_page',
				{ space: 'DEMO', title: 'Getting started', markdown: 'again' },
				true,
			);
			expect(duplicate).toContain(
				`already exists in space DEMO (id ${sim.demo!.pages.gettingStarted}): use Page → Update on it`,
			);
		});

		it('prints the figure', () => {
			const sorted = [...sizes].sort((a, b) => a - b);
			const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
			process.stdout.write(
				`mcp: ${calls.length} tool calls, ${calls.filter((entry) => entry.ok).length} as expected; median tool result ${median} chars\n`,
			);
			expect(calls.every((entry) => entry.ok)).toBe(true);
			expect(sim.contractViolations).toEqual([]);
		});
	},
);
