/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* issue 18: Confluence as an AI agent's tool, in real n8n 2.x. One workflow holds seven AI Agent nodes (n8n's tools
 * agent), each with a task; all share one OpenAI Chat Model node whose credential's Base URL points at a scripted,
 * OpenAI-compatible model (lib/scriptedModel.ts: it records every request and answers from a script: tool calls,
 * then a final answer) and six Confluence tool nodes (`confluenceTool`) whose parameters the model fills through
 * `$fromAI`. Asserted: the tool names and JSON schemas the model received, what each tool handed back (sizes, error
 * texts a model can act on), and what the simulator stored. */
import type { IDataObject, INode } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../simulator';
import {
	createUserFolder,
	execute,
	importCredentials,
	importWorkflows,
	isInstalled,
	locateN8n,
	manualTrigger,
	n8nId,
	nodeItems,
	simulatorCredentials,
	type ExecutionOutcome,
	type N8nInstall,
	type UserFolder,
	type WorkflowInput,
} from './lib';
import { confluenceToolNodes, FROM_AI, TOOLS } from './lib/confluenceTools';
import {
	startScriptedModel,
	textOf,
	type ChatRequest,
	type ScriptStep,
	type ScriptedModel,
} from './lib/scriptedModel';

const BASIC = { id: n8nId('e2eAgentBasic'), name: 'Confluence API token (simulator)' };
const OPENAI = { id: n8nId('e2eAgentOpenAi'), name: 'Scripted model' };
const WORKFLOW_ID = n8nId('e2eAgentTasks');

const NEW_PAGE_TITLE = 'Incident 42 write-up';
const NEW_PAGE_MARKDOWN =
	'## Summary\n\nThe **deploy** failed at 09:12.\n\n- Rolled back\n- Root cause: expired token';
const APPENDED_MARKDOWN = '## Agent update\n\nMilestone 2 is *done*.';
const DUPLICATE_NOTE = 'Checked again by the agent.';

/** The first JSON array or object in a tool result, parsed. */
function parsed(result: string): IDataObject[] {
	try {
		const value = JSON.parse(result) as unknown;
		if (Array.isArray(value)) return value as IDataObject[];
		if (value && typeof value === 'object') return [value as IDataObject];
	} catch {
		// not JSON
	}
	return [];
}

const last = (results: string[]) => results[results.length - 1] ?? '';

/** Each task: its prompt, the model's script, and the final answer that proves the agent finished. */
interface Task {
	name: string;
	prompt: string;
	steps: ScriptStep[];
}

function tasks(): Task[] {
	const list: Task[] = [
		{
			name: 'find-read',
			prompt: 'Find the getting started page and tell me what it says.',
			steps: [
				{
					toolCalls: [
						{ name: 'Search_Confluence', arguments: { cql: 'title ~ "Getting started"' } },
					],
				},
				(_request, results) => {
					const url = parsed(last(results)).find((hit) => hit.type === 'page')?.url;
					return { toolCalls: [{ name: 'Read_page', arguments: { page: String(url) } }] };
				},
				{ content: 'done: find-read' },
			],
		},
		{
			name: 'cql-summary',
			prompt: 'What pages are in space DEMO? Summarise.',
			steps: [
				{
					toolCalls: [
						{
							name: 'Search_Confluence',
							arguments: { cql: 'space = "DEMO" AND type = page ORDER BY lastmodified DESC' },
						},
					],
				},
				(_request, results) => ({
					content: `done: cql-summary (${parsed(last(results)).length} pages)`,
				}),
			],
		},
		{
			name: 'create-label',
			prompt: 'Write up incident 42 in space DEMO and label it.',
			steps: [
				{
					toolCalls: [
						{
							name: 'Create_page',
							arguments: { space: 'DEMO', title: NEW_PAGE_TITLE, markdown: NEW_PAGE_MARKDOWN },
						},
					],
				},
				(_request, results) => ({
					toolCalls: [
						{
							name: 'Label_page',
							arguments: { page: String(parsed(last(results))[0]?.id), labels: 'incident,agent' },
						},
					],
				}),
				{ content: 'done: create-label' },
			],
		},
		{
			name: 'append',
			prompt: 'Add a status update to the end of the project plan.',
			steps: [
				{
					toolCalls: [
						{
							name: 'Append_to_page',
							arguments: { page: 'Project plan', markdown: APPENDED_MARKDOWN },
						},
					],
				},
				{ content: 'done: append' },
			],
		},
		{
			name: 'comment',
			prompt: 'Comment on the getting started page that it looks good.',
			steps: [
				{
					toolCalls: [
						{
							name: 'Comment_on_page',
							arguments: { page: 'Getting started', comment: 'Looks **good** to the agent.' },
						},
					],
				},
				{ content: 'done: comment' },
			],
		},
		{
			name: 'bad-cql',
			prompt: 'Search for pages about the demo.',
			steps: [
				{ toolCalls: [{ name: 'Search_Confluence', arguments: { cql: 'type = = page' } }] },
				{
					toolCalls: [
						{ name: 'Search_Confluence', arguments: { cql: 'type = page AND text ~ "demo"' } },
					],
				},
				{ content: 'done: bad-cql' },
			],
		},
		{
			name: 'duplicate',
			prompt: 'Create a getting started page in DEMO.',
			steps: [
				{
					toolCalls: [
						{
							name: 'Create_page',
							arguments: { space: 'DEMO', title: 'Getting started', markdown: 'A second one' },
						},
					],
				},
				(_request, results) => {
					const id = /\(id (\d+)\)/.exec(last(results))?.[1] ?? 'none';
					return {
						toolCalls: [
							{ name: 'Append_to_page', arguments: { page: id, markdown: DUPLICATE_NOTE } },
						],
					};
				},
				{ content: 'done: duplicate' },
			],
		},
	];
	return list.map((task) => ({ ...task, prompt: `[task:${task.name}] ${task.prompt}` }));
}

function agentWorkflow(taskList: Array<{ name: string; prompt: string }>): WorkflowInput {
	const trigger = { ...manualTrigger(), position: [0, 0] as [number, number] };
	const agents: INode[] = taskList.map((task, index) => ({
		id: `e2e-agent-${task.name}`,
		name: `Agent ${task.name}`,
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		position: [220 * (index + 1), 0],
		parameters: {
			promptType: 'define',
			text: task.prompt,
			hasOutputParser: false,
			options: { maxIterations: 6 },
		},
		// A task that fails leaves the next ones to run; its own failure is asserted.
		onError: 'continueRegularOutput',
	}));
	const model: INode = {
		id: 'e2e-chat-model',
		name: 'OpenAI Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		position: [220, 300],
		parameters: {
			model: { __rl: true, mode: 'id', value: 'scripted-model' },
			responsesApiEnabled: false,
			options: {},
		},
		credentials: { openAiApi: { id: OPENAI.id, name: OPENAI.name } },
	};
	const tools = confluenceToolNodes(BASIC, 500);
	const connections: WorkflowInput['connections'] = {
		[trigger.name]: { main: [[{ node: agents[0].name, type: 'main', index: 0 }]] },
		[model.name]: {
			ai_languageModel: [
				agents.map((agent) => ({ node: agent.name, type: 'ai_languageModel', index: 0 })),
			],
		},
	};
	agents.forEach((agent, index) => {
		if (index + 1 < agents.length)
			connections[agent.name] = {
				main: [[{ node: agents[index + 1].name, type: 'main', index: 0 }]],
			};
	});
	for (const tool of tools) {
		connections[tool.name] = {
			ai_tool: [agents.map((agent) => ({ node: agent.name, type: 'ai_tool', index: 0 }))],
		};
	}
	return {
		id: WORKFLOW_ID,
		name: 'e2e agent: Confluence as an AI agent tool',
		nodes: [trigger, ...agents, model, ...tools],
		connections,
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return 0;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

const run = isInstalled('n8n') ? describe : describe.skip;

run('Confluence as an AI agent tool in n8n 2.x (scripted OpenAI-compatible model)', () => {
	let sim: Simulator;
	let model: ScriptedModel;
	let folder: UserFolder;
	let install: N8nInstall;
	let outcome: ExecutionOutcome;
	let taskList: ReturnType<typeof tasks>;

	beforeAll(async () => {
		install = locateN8n('n8n');
		sim = await startSimulator({ seed: 'demo' });
		model = await startScriptedModel();
		taskList = tasks();
		model.setScripts(Object.fromEntries(taskList.map((task) => [task.name, task.steps])));
		folder = createUserFolder();
		await importCredentials(
			folder,
			[
				...simulatorCredentials(sim, { apiToken: BASIC }),
				{
					id: OPENAI.id,
					name: OPENAI.name,
					type: 'openAiApi',
					data: { apiKey: 'sk-e2e', url: model.baseUrl },
				},
			],
			{ install },
		);
		await importWorkflows(folder, [agentWorkflow(taskList)], { install });
		// Seven agents, 13 model calls and 14 tool runs in one n8n process: minutes on a loaded two-core machine.
		outcome = await execute(folder, WORKFLOW_ID, { install, timeoutMs: 480000 });
	}, 600000);

	afterAll(async () => {
		folder?.remove();
		await model?.close();
		await sim?.close();
	});

	/** The conversation of one task, request by request. */
	const conversation = (task: string) => model.requests.filter((request) => request.task === task);
	/** The tool results the model received in a task (the last request holds them all). */
	const toolResults = (task: string): string[] => {
		const requests = conversation(task);
		const messages = requests[requests.length - 1]?.body.messages ?? [];
		return messages
			.filter((message) => message.role === 'tool')
			.map((message) => textOf(message.content));
	};

	it('every task ran to its final answer, and the summary figure is printed', () => {
		const passed = taskList.filter((task) => {
			const output = nodeItems(outcome.runData, `Agent ${task.name}`)[0]?.output;
			return typeof output === 'string' && output.startsWith(`done: ${task.name}`);
		});
		const sizes = taskList.flatMap((task) => toolResults(task.name).map((result) => result.length));
		process.stdout.write(
			`agent: ${taskList.length} tasks, ${passed.length} passed; median tool result ${median(sizes)} chars\n`,
		);
		expect(passed.map((task) => task.name)).toEqual(taskList.map((task) => task.name));
	});

	it('the model received the six tools, named after their nodes, described by their actions, with $fromAI schemas', () => {
		const first = conversation('find-read')[0].body as ChatRequest;
		const tools = first.tools ?? [];
		expect(tools.map((tool) => tool.function.name).sort()).toEqual(
			TOOLS.map((tool) => tool.toolName).sort(),
		);
		const byName = Object.fromEntries(tools.map((tool) => [tool.function.name, tool.function]));
		expect(byName.Read_page.description).toBe(
			'Get a page and its body by id or link or exact title in Confluence',
		);
		expect(byName.Search_Confluence.description).toMatch(/^Search content with a cql query/);
		for (const spec of TOOLS) {
			const schema = byName[spec.toolName].parameters as {
				type: string;
				properties: Record<string, { type: string; description?: string }>;
				required?: string[];
			};
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties).sort()).toEqual([...spec.keys].sort());
			for (const key of spec.keys) {
				expect(schema.properties[key].type).toBe('string');
				const described = FROM_AI[(key === 'page' ? 'page' : key) as keyof typeof FROM_AI];
				expect(schema.properties[key].description).toBe(described);
			}
		}
	});

	it("find and read: the search hit's URL reads the page as a compact Markdown record, at most half the raw JSON", async () => {
		const [hits, read] = toolResults('find-read');
		const hit = parsed(hits).find((entry) => entry.type === 'page')!;
		expect(hit).toEqual(
			expect.objectContaining({ id: sim.demo!.pages.gettingStarted, spaceKey: 'DEMO' }),
		);
		const [record] = parsed(read);
		expect(Object.keys(record).sort()).toEqual(
			['author', 'id', 'lastModified', 'markdown', 'spaceKey', 'title', 'url', 'version'].sort(),
		);
		// The author of the version read (later tasks add versions to this page).
		const readVersion = sim.store
			.get(sim.demo!.pages.gettingStarted)!
			.versions.find((version) => version.number === record.version)!;
		expect(record).toMatchObject({
			id: sim.demo!.pages.gettingStarted,
			spaceKey: 'DEMO',
			author: sim.store.getUser(readVersion.authorId)?.displayName,
		});
		expect(String(record.author)).not.toMatch(/^\d+:/);
		expect(String(record.markdown)).not.toMatch(/<ac:|<p>/);
		const raw = await fetch(
			`${sim.baseUrl}/wiki/api/v2/pages/${sim.demo!.pages.gettingStarted}?body-format=storage`,
			{
				headers: {
					authorization: `Basic ${Buffer.from('demo@example.com:demo-token').toString('base64')}`,
				},
			},
		).then(async (response) => await response.text());
		expect(read.length).toBeLessThanOrEqual(raw.length / 2);
	});

	it('CQL search and summary: flat results with space keys and excerpts', () => {
		const [hits] = toolResults('cql-summary');
		const results = parsed(hits);
		expect(results.length).toBeGreaterThan(1);
		expect(results.length).toBeLessThanOrEqual(5);
		for (const result of results) {
			expect(result).toEqual(expect.objectContaining({ type: 'page', spaceKey: 'DEMO' }));
			expect(result).not.toHaveProperty('content');
		}
		const request = sim.requests.find(
			(entry) =>
				entry.path === '/wiki/rest/api/search' &&
				entry.query.cql === 'space = "DEMO" AND type = page ORDER BY lastmodified DESC',
		);
		expect(request?.query.limit).toBe('5');
	});

	it('create from Markdown and label it: the simulator stores storage HTML and both labels', () => {
		const page = sim.store.findByTitle(sim.demo!.spaceId, 'page', NEW_PAGE_TITLE)!;
		expect(page).toBeDefined();
		expect(sim.store.current(page).body?.value).toBe(
			'<h2>Summary</h2><p>The <strong>deploy</strong> failed at 09:12.</p><ul><li>Rolled back</li><li>Root cause: expired token</li></ul>',
		);
		const labels = page.labelIds.map((id) => sim.store.labels.get(id)?.name).sort();
		expect(labels).toEqual(['agent', 'incident']);
	});

	it("append by title: the project plan ends with the agent's section", () => {
		const page = sim.store.get(sim.demo!.pages.projectPlan)!;
		expect(sim.store.current(page).body?.value).toMatch(
			/<h2>Agent update<\/h2><p>Milestone 2 is <em>done<\/em>\.<\/p>$/,
		);
		expect(parsed(toolResults('append')[0])[0]).toEqual(
			expect.objectContaining({ id: sim.demo!.pages.projectPlan }),
		);
	});

	it('comment by title: a footer comment on the getting started page', () => {
		const comments = sim.store
			.list('comment')
			.filter((comment) => comment.containerId === sim.demo!.pages.gettingStarted);
		expect(comments.map((comment) => sim.store.current(comment).body?.value)).toContain(
			'<p>Looks <strong>good</strong> to the agent.</p>',
		);
	});

	it('bad CQL: the model reads what was wrong and what CQL looks like, no Limit blamed, and recovers', () => {
		const [failed, recovered] = toolResults('bad-cql');
		expect(failed).toContain('Could not parse cql : type = = page');
		expect(failed).toContain('CQL is field, operator, value, joined with AND/OR');
		expect(failed).not.toContain('Limit');
		expect(parsed(recovered).length).toBeGreaterThan(0);
	});

	it('duplicate title: the model learns the space and the ID, and appends there instead', () => {
		const [failed] = toolResults('duplicate');
		const id = sim.demo!.pages.gettingStarted;
		expect(failed).toContain(
			`A page titled \\"Getting started\\" already exists in space DEMO (id ${id}): use Page → Update on it`,
		);
		const page = sim.store.get(id)!;
		expect(sim.store.current(page).body?.value).toContain(`<p>${DUPLICATE_NOTE}</p>`);
		expect(sim.store.list('page').filter((item) => item.title === 'Getting started')).toHaveLength(
			1,
		);
	});

	it('n8n called the model over Chat Completions only, and Confluence without contract violations', () => {
		const first = model.requests[0].body;
		expect(first.model).toBe('scripted-model');
		process.stdout.write(
			`agent: the OpenAI Chat Model node sent ${Object.keys(first).sort().join(', ')} (stream: ${String(first.stream ?? false)})\n`,
		);
		expect(new Set(model.requests.map((request) => request.path))).toEqual(
			new Set(['/v1/chat/completions']),
		);
		expect(sim.contractViolations).toEqual([]);
	});
});
