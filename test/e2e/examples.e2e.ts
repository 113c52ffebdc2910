/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* The example workflows of examples/ in the pinned n8n: `npm run demo -- --once` (its function, against an
 * in-process simulator so the test can look at what the workflows left there), the knowledge agent driven by a
 * scripted chat model, and the simulator child process the demo starts. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createServer, type Server } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, INode } from 'n8n-workflow';

import { API_TOKEN_CREDENTIAL, EXAMPLES_DIR } from '../../scripts/demo/config';
import { loadExamples } from '../../scripts/demo/examples';
import { runOnce, type OnceResult } from '../../scripts/demo/once';
import type { ExampleRunReport } from '../../scripts/demo/report';
import { startSimulatorProcess } from '../../scripts/demo/simulatorProcess';
import { isPortFree } from './lib/userFolder';
import { startSimulator, type Simulator } from '../simulator';
import { execute, nodeItems, OWNER, startN8n, type N8nServer } from './lib';

const SIMULATOR_LOGIN = { email: 'demo@example.com', apiToken: 'demo-token' };
const RELEASES = [
	{
		title: 'Release 2.2.0',
		labels: ['release-notes'],
		storage: ['<h2>Fixed</h2>', '<em>Recently viewed</em>'],
	},
	{
		title: 'Release 2.3.0',
		labels: ['release-notes', 'release-2-3', 'search'],
		storage: ['<strong>Saved searches</strong>', '<li>Filters for space, label and author'],
	},
	{
		title: 'Release 2.4.0',
		labels: ['release-notes', 'release-2-4', 'export', 'api'],
		storage: [
			'<table>',
			'<strong>Markdown</strong>',
			'<code>GET /api/v2/exports/{id}</code>',
			'ac:name="code"',
		],
	},
];

/** The pages the docs-as-code example publishes from examples/docs. */
const DOCS_PAGES = [
	'Team handbook',
	'Onboarding',
	'Development',
	'Development workflow',
	'Coding standards',
];

function runOf(result: OnceResult, file: string): ExampleRunReport {
	const run = result.runs.find((candidate) => candidate.file === file);
	expect(run).toBeDefined();
	return run!;
}

function itemsOf(run: ExampleRunReport, node: string): IDataObject[] {
	return (run.nodes.find((output) => output.node === node)?.items ?? []).map((item) => item.json);
}

/** An OpenAI-compatible chat completions endpoint that plays an agent: search, read the top hit, write a page, answer. */
function scriptedChatModel(): Promise<{ url: string; requests: IDataObject[]; server: Server }> {
	const requests: IDataObject[] = [];
	const server = createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (text += chunk));
		req.on('end', () => {
			const request = JSON.parse(text || '{}') as IDataObject;
			requests.push(request);
			const messages = (request.messages as Array<{ role: string; content: string }>) ?? [];
			const toolResults = messages.filter((message) => message.role === 'tool');
			const tools = ((request.tools as Array<{ function: { name: string } }>) ?? []).map(
				(tool) => tool.function.name,
			);
			const tool = (prefix: string) =>
				tools.find((name) => name.toLowerCase().startsWith(prefix)) ?? prefix;
			let call: { name: string; args: IDataObject } | undefined;
			if (toolResults.length === 0) call = { name: tool('search'), args: { query: 'release' } };
			if (toolResults.length === 1) {
				const found = JSON.parse(toolResults[0].content) as Array<{ results: IDataObject[] }>;
				call = { name: tool('read'), args: { pageId: String(found[0].results[0].id) } };
			}
			if (toolResults.length === 2) {
				call = {
					name: tool('write'),
					args: { title: 'What changed lately', markdown: '## Summary\n\n- **Markdown** export' },
				};
			}
			const message = call
				? {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: `call_${toolResults.length}`,
								type: 'function',
								function: { name: call.name, arguments: JSON.stringify(call.args) },
							},
						],
					}
				: { role: 'assistant', content: `I wrote the page. ${toolResults[2].content}` };
			res.setHeader('content-type', 'application/json');
			res.end(
				JSON.stringify({
					id: `chatcmpl-${requests.length}`,
					object: 'chat.completion',
					created: 0,
					model: request.model,
					choices: [{ index: 0, message, finish_reason: call ? 'tool_calls' : 'stop' }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({ url: `http://127.0.0.1:${port}/v1`, requests, server });
		}),
	);
}

describe('the example files', () => {
	const examples = loadExamples(EXAMPLES_DIR);
	const readme = readFileSync(join(EXAMPLES_DIR, 'README.md'), 'utf8');

	it('are workflows with their own ids, each described in examples/README.md', () => {
		expect(examples.map((workflow) => workflow.file).sort()).toEqual([
			'ai-knowledge-agent.json',
			'ai-knowledge-tools.json',
			'docs-as-code-publisher.json',
			'new-page-announcement.json',
			'nightly-space-export.json',
			'release-notes-publisher.json',
		]);
		const ids = examples.map((workflow) => String(workflow.id));
		expect(new Set(ids).size).toBe(ids.length);
		for (const workflow of examples) {
			expect(String(workflow.id)).toMatch(/^[A-Za-z0-9]{16}$/);
			expect(readme).toContain(`\`${workflow.file}\``);
		}
	});

	it.each(examples.map((workflow) => [workflow.file, workflow] as const))(
		'%s: unique node names and ids, connections only between its nodes',
		(_file, workflow) => {
			const names = workflow.nodes.map((node) => node.name);
			expect(new Set(names).size).toBe(names.length);
			expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(names.length);
			for (const [from, byType] of Object.entries(workflow.connections)) {
				expect(names).toContain(from);
				for (const targets of Object.values(byType).flat()) {
					for (const target of targets ?? []) expect(names).toContain(target.node);
				}
			}
			expect(workflow.pinData ?? {}).toEqual({});
		},
	);

	it('use the API token credential the demo creates, by its id and name', () => {
		const confluenceNodes = examples.flatMap((workflow) =>
			workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-confluence.')),
		);
		expect(confluenceNodes).toHaveLength(11);
		for (const node of confluenceNodes) {
			expect(node.parameters.authentication).toBe('apiToken');
			expect(node.credentials).toEqual({ confluenceApi: { ...API_TOKEN_CREDENTIAL } });
		}
	});

	it('reach no service outside n8n and Confluence, except from the disabled chat webhook node', () => {
		const urls = examples.flatMap((workflow) =>
			workflow.nodes
				.filter((node) => !node.disabled && node.type !== 'n8n-nodes-base.stickyNote')
				.flatMap((node) => JSON.stringify(node.parameters).match(/https?:\/\/[^"\s)]+/g) ?? [])
				.map((url) => `${workflow.file}: ${url}`),
		);
		expect(urls).toEqual([]);
	});

	it('let the agent and its model-free path call the tools sub-workflow by its id', () => {
		const tools = examples.find((workflow) => workflow.file === 'ai-knowledge-tools.json')!;
		const agent = examples.find((workflow) => workflow.file === 'ai-knowledge-agent.json')!;
		const callers = agent.nodes.filter((node) =>
			['@n8n/n8n-nodes-langchain.toolWorkflow', 'n8n-nodes-base.executeWorkflow'].includes(
				node.type,
			),
		);
		expect(callers).toHaveLength(6);
		for (const node of callers) {
			expect(node.parameters.workflowId).toMatchObject({ __rl: true, value: tools.id });
		}
	});
});

describe('the example workflows in n8n 2.x (npm run demo -- --once)', () => {
	let sim: Simulator;
	let demoDir: string;
	let result: OnceResult;
	let requestsBefore: number;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'demo' });
		demoDir = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
		requestsBefore = sim.requests.length;
		result = await runOnce({
			demoDir,
			site: { siteUrl: sim.baseUrl, ...SIMULATOR_LOGIN },
			siteIsSimulator: true,
		});
	}, 900000);

	afterAll(async () => {
		await sim?.close();
		if (demoDir && process.env.E2E_KEEP !== '1') rmSync(demoDir, { recursive: true, force: true });
	});

	it('runs every example that runs on its own, and each succeeds', () => {
		const summary = result.runs.map(
			(run) => `${run.file}: ${run.status}${run.error ? ` (${run.error})` : ''}`,
		);
		expect(summary).toEqual([
			'release-notes-publisher.json: success',
			'new-page-announcement.json: success',
			'nightly-space-export.json: success',
			'ai-knowledge-agent.json: success',
			'docs-as-code-publisher.json: success',
		]);
		expect(result.ok).toBe(true);
		// Every workflow talked to this simulator through the imported credential, and it had no reason to complain.
		expect(sim.requests.length).toBeGreaterThan(requestsBefore);
		expect(sim.serverErrors).toEqual([]);
		expect(sim.contractViolations).toEqual([]);
	});

	it('publishes each Markdown release note as a page under "Release notes", in storage format, with its labels', () => {
		const space = sim.store.spaceByKey('DEMO')!;
		const parent = sim.store.findByTitle(space.id, 'page', 'Release notes')!;
		for (const release of RELEASES) {
			const page = sim.store.findByTitle(space.id, 'page', release.title);
			expect(page).toBeDefined();
			expect(page!.parentId).toBe(parent.id);
			const body = sim.store.current(page!).body!;
			expect(body.representation).toBe('storage');
			for (const fragment of release.storage) expect(body.value).toContain(fragment);
			// Converted, not pasted: no Markdown syntax is left in the storage body.
			expect(body.value).not.toMatch(/^#+ |\*\*|^---$/m);
			expect(
				sim.store
					.labelsOf(page!)
					.map((label) => label.name)
					.sort(),
			).toEqual([...release.labels].sort());
		}
		const created = itemsOf(runOf(result, 'release-notes-publisher.json'), 'Create or update page');
		expect(created.map((item) => [item.title, item.operation])).toEqual(
			RELEASES.map((release) => [release.title, 'created']),
		);
	});

	it('leaves the pages alone when the unchanged release notes are published again', async () => {
		const space = sim.store.spaceByKey('DEMO')!;
		const versions = () =>
			RELEASES.map(
				(release) => sim.store.findByTitle(space.id, 'page', release.title)!.versions.length,
			);
		const before = versions();

		const outcome = await execute(result.setup.folder, 'cfxReleaseNotes1', result.setup.cliOptions);

		expect(outcome.error).toBeUndefined();
		expect(
			nodeItems(outcome.runData, 'Create or update page').map((item) => item.operation),
		).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(versions()).toEqual(before);
	}, 240000);

	it('publishes the docs folder as a page tree under the space homepage: attachments, page links, labels', () => {
		const space = sim.store.spaceByKey('DEMO')!;
		const page = (title: string) => {
			const found = sim.store.findByTitle(space.id, 'page', title);
			expect(found).toBeDefined();
			return found!;
		};
		const handbook = page('Team handbook');
		expect(handbook.parentId).toBe(space.homepageId);
		expect(page('Onboarding').parentId).toBe(handbook.id);
		expect(page('Development').parentId).toBe(handbook.id);
		expect(page('Development workflow').parentId).toBe(page('Development').id);
		expect(page('Coding standards').parentId).toBe(page('Development').id);
		const attachments = (title: string) =>
			sim.store
				.contained(page(title).id, 'attachment')
				.map((attachment) => attachment.title)
				.sort();
		expect(attachments('Team handbook')).toEqual(['team.png']);
		expect(attachments('Onboarding')).toEqual(['checklist.pdf', 'desk.jpg']);
		expect(attachments('Development workflow')).toEqual(['flow.svg']);
		const body = (title: string) => sim.store.current(page(title)).body!.value;
		expect(body('Team handbook')).toContain(
			'<ac:link ac:anchor="Reviews"><ri:page ri:content-title="Development workflow" />',
		);
		expect(body('Onboarding')).toContain('<ri:attachment ri:filename="desk.jpg" />');
		expect(body('Onboarding')).not.toMatch(/title:|^---$/m);
		expect(
			sim.store
				.labelsOf(page('Onboarding'))
				.map((label) => label.name)
				.sort(),
		).toEqual(['handbook', 'onboarding']);
		const published = itemsOf(runOf(result, 'docs-as-code-publisher.json'), 'Publish docs');
		expect(
			published
				.filter((item) => String(item.file ?? '').endsWith('.md'))
				.map((item) => [item.file, item.action])
				.sort(),
		).toEqual([
			['handbook/dev/index.md', 'created'],
			['handbook/dev/standards.md', 'created'],
			['handbook/dev/workflow.md', 'created'],
			['handbook/index.md', 'created'],
			['handbook/onboarding.md', 'created'],
		]);
	});

	it('writes nothing when the unchanged docs folder is published again', async () => {
		const before = sim.requests.length;
		const outcome = await execute(result.setup.folder, 'cfxDocsAsCode001', result.setup.cliOptions);
		expect(outcome.error).toBeUndefined();
		const items = nodeItems(outcome.runData, 'Publish docs');
		// One item per file (9), all unchanged; the demo's own pages under the homepage are only listed as orphans.
		const files = items.filter((item) => item.file !== undefined);
		expect(files).toHaveLength(9);
		expect(new Set(files.map((item) => item.action))).toEqual(new Set(['unchanged']));
		expect(items.filter((item) => item.file === undefined).map((item) => item.action)).toContain(
			'orphaned',
		);
		const writes = sim.requests.slice(before).filter((request) => request.method !== 'GET');
		expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
	}, 240000);

	it('announces the newest page of the space with its author, link and summary', () => {
		const run = runOf(result, 'new-page-announcement.json');
		const events = itemsOf(run, 'New page in space');
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			event: 'pageCreated',
			type: 'page',
			title: 'Release 2.4.0',
			bodyFormat: 'markdown',
		});
		const [message] = itemsOf(run, 'Build message');
		expect(message).toMatchObject({
			title: 'Release 2.4.0',
			author: 'Demo User',
			link: events[0].url,
		});
		expect(String(message.summary)).toMatch(/^Release 2\.4\.0 brings Markdown export/);
		expect(String(message.text)).toContain(String(events[0].url));
	});

	it('exports every page of the space to a Markdown file and writes the attachment bytes next to it', () => {
		const exportDir = result.setup.settings.exportFolder;
		const space = sim.store.spaceByKey('DEMO')!;
		const pages = sim.store
			.list('page')
			.filter((page) => page.spaceId === space.id && page.status === 'current')
			// The agent's summary page and the docs example's pages are written after the export ran.
			.filter((page) => !page.title.startsWith('Summary of'))
			.filter((page) => !DOCS_PAGES.includes(page.title));
		const files = readdirSync(exportDir);
		expect(files.filter((file) => file.endsWith('.md'))).toHaveLength(pages.length);

		const gettingStarted = readFileSync(join(exportDir, 'getting-started.md'), 'utf8');
		expect(gettingStarted).toMatch(/^---\ntitle: "Getting started"\nid: "\d+"\nspace: "DEMO"\n/);
		expect(gettingStarted).toContain('# Getting started');
		expect(gettingStarted).toContain('This page explains **how to use** the *demo space*.');

		const release = readFileSync(join(exportDir, 'release-2-4-0.md'), 'utf8');
		expect(release).toContain('| Exports | HTML only | HTML and Markdown |');
		expect(release).toContain('```bash');

		const page = sim.store.findByTitle(space.id, 'page', 'Getting started')!;
		const attachment = sim.store
			.contained(page.id, 'attachment')
			.find((item) => item.title === 'hello.txt')!;
		const written = readFileSync(join(exportDir, 'getting-started--hello.txt'));
		expect(written.equals(sim.store.current(attachment).file!.data)).toBe(true);
	});

	it('runs the agent tools without a model: search, the top page as Markdown, a page written from it', () => {
		const run = runOf(result, 'ai-knowledge-agent.json');
		const [search] = itemsOf(run, 'Search like the agent');
		const results = search.results as IDataObject[];
		expect(results.length).toBeGreaterThan(0);
		expect(results.every((hit) => hit.type === 'page')).toBe(true);

		const [page] = itemsOf(run, 'Read the top page');
		expect(page).toMatchObject({ id: results[0].id, bodyFormat: 'markdown' });
		expect(String(page.body)).toMatch(/^## /m);
		expect(String(page.body)).not.toContain('<');

		const [written] = itemsOf(run, 'Write a summary page');
		expect(written).toMatchObject({ title: `Summary of ${String(page.title)}`, result: 'created' });
		const space = sim.store.spaceByKey('DEMO')!;
		const summary = sim.store.findByTitle(space.id, 'page', String(written.title))!;
		expect(sim.store.labelsOf(summary).map((label) => label.name)).toEqual(['ai-generated']);
		expect(sim.store.current(summary).body!.value).toContain(`<a href="${String(page.url)}">`);
	});

	describe('the knowledge agent example with a chat model', () => {
		let server: N8nServer;
		let model: Awaited<ReturnType<typeof scriptedChatModel>>;

		beforeAll(async () => {
			model = await scriptedChatModel();
			// The headless run left a user folder with the credentials, the workflows and the published tools.
			const root = join(demoDir, 'n8n');
			server = await startN8n({
				folder: { root, n8nDir: join(root, '.n8n'), remove: () => undefined },
				setupOwner: false,
				name: 'examples-agent',
			});
			await server.restRaw('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
		}, 900000);

		afterAll(async () => {
			await server?.stop({ keepFolder: true });
			model?.server.close();
		});

		it('knows every node type and version the example files use', async () => {
			const response = await server.restRaw<Array<{ name: string; version: number | number[] }>>(
				'GET',
				'/types/nodes.json',
			);
			const known = new Map<string, number[]>();
			for (const type of response.body) {
				const versions = Array.isArray(type.version) ? type.version : [type.version];
				known.set(type.name, [...(known.get(type.name) ?? []), ...versions]);
			}
			const unknown = loadExamples(EXAMPLES_DIR)
				.flatMap((workflow) => workflow.nodes.map((node) => ({ file: workflow.file, node })))
				.filter(({ node }) => !(known.get(node.type) ?? []).includes(node.typeVersion))
				.map(({ file, node }) => `${file}: ${node.name} (${node.type} v${node.typeVersion})`);
			expect(unknown).toEqual([]);
		});

		it('calls the Confluence tools when the model asks for them and answers with the page it wrote', async () => {
			const credential = await server.rest<{ id: string }>('POST', '/rest/credentials', {
				name: 'Scripted chat model',
				type: 'openAiApi',
				data: { apiKey: 'sk-scripted', url: model.url },
			});
			const example = loadExamples(EXAMPLES_DIR).find(
				(workflow) => workflow.file === 'ai-knowledge-agent.json',
			)!;
			const agentSide = [
				'Knowledge agent',
				'OpenAI Chat Model',
				'Chat memory',
				'Search Confluence',
				'Read page',
				'Write page',
			];
			const nodes: INode[] = example.nodes
				.filter((node) => agentSide.includes(node.name))
				.map((node) =>
					node.name === 'OpenAI Chat Model'
						? {
								...node,
								credentials: { openAiApi: { id: credential.id, name: 'Scripted chat model' } },
							}
						: node,
				);
			// The chat trigger needs the chat window; a manual trigger with the same fields (chatInput, sessionId) stands in.
			nodes.push(
				{
					id: 'chat-start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [-440, 0],
					parameters: {},
				},
				{
					id: 'chat-message',
					name: 'Chat message',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [-220, 0],
					parameters: {
						assignments: {
							assignments: [
								{
									id: 'chat-input',
									name: 'chatInput',
									value: 'What changed in the latest release?',
									type: 'string',
								},
								{ id: 'chat-session', name: 'sessionId', value: 'e2e', type: 'string' },
							],
						},
						options: {},
					},
				},
			);
			const connections = Object.fromEntries(
				Object.entries(example.connections).filter(([from]) => agentSide.includes(from)),
			);
			connections.Start = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
			connections['Chat message'] = {
				main: [[{ node: 'Knowledge agent', type: 'main', index: 0 }]],
			};
			const workflowId = await server.createWorkflow({
				name: 'e2e: knowledge agent',
				nodes,
				connections,
			});

			const execution = await server.waitForExecution(
				await server.runWorkflow(workflowId, 'Start'),
				180000,
			);

			expect(execution.data.resultData.error?.message).toBeUndefined();
			expect(execution.status).toBe('success');
			// The model saw the three tools with the parameters the example asks it to fill in.
			const offered = (
				(model.requests[0].tools as Array<{
					function: { name: string; parameters: { properties: IDataObject } };
				}>) ?? []
			)
				.map(
					(tool) =>
						`${tool.function.name}(${Object.keys(tool.function.parameters.properties).sort().join(',')})`,
				)
				.sort();
			expect(offered).toEqual([
				'Read_page(pageId)',
				'Search_Confluence(query)',
				'Write_page(markdown,title)',
			]);
			expect(model.requests).toHaveLength(4);
			const [answer] = nodeItems(execution.data.resultData.runData, 'Knowledge agent');
			expect(String(answer.output)).toContain('What changed lately');

			const space = sim.store.spaceByKey('DEMO')!;
			const page = sim.store.findByTitle(space.id, 'page', 'What changed lately')!;
			expect(page).toBeDefined();
			expect(sim.store.current(page).body).toEqual({
				representation: 'storage',
				value: '<h2>Summary</h2><ul><li><strong>Markdown</strong> export</li></ul>',
			});
			// The page the agent read came back to it as Markdown.
			const readResult = (
				model.requests[2].messages as Array<{ role: string; content: string }>
			).filter((message) => message.role === 'tool')[1].content;
			expect(readResult).toContain('"bodyFormat": "markdown"');
		});
	});
});

describe('the simulator child process of the demo', () => {
	it('starts on the requested port, or on another one when that port is busy, and stops', async () => {
		const blocker = createServer();
		await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
		const address = blocker.address();
		const busyPort = typeof address === 'object' && address ? address.port : 0;
		try {
			const simulator = await startSimulatorProcess(busyPort);
			try {
				expect(simulator.port).not.toBe(busyPort);
				const response = await fetch(`${simulator.baseUrl}/wiki/api/v2/spaces?keys=DEMO`, {
					headers: {
						authorization: `Basic ${Buffer.from(`${SIMULATOR_LOGIN.email}:${SIMULATOR_LOGIN.apiToken}`).toString('base64')}`,
					},
				});
				expect(response.status).toBe(200);
				expect(
					((await response.json()) as { results: IDataObject[] }).results.map((space) => space.key),
				).toEqual(['DEMO']);
			} finally {
				await simulator.stop();
			}
			expect(await isPortFree(simulator.port)).toBe(true);
		} finally {
			blocker.close();
		}
	}, 120000);
});
