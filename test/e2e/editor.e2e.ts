/* The n8n 2.x editor in a real browser: sign in, add the Confluence nodes through the node creator, open their
 * parameter panels for a sample of resources and operations, load resource locator lists and options from the
 * simulator, preview a node's output from the package's output schemas before it has run; no console or page errors
 * (a missing output schema included); screenshots in artifacts/screenshots/. */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Confluence } from '../../nodes/Confluence/Confluence.node';
import PAGE_GET_SCHEMA from '../../nodes/Confluence/__schema__/v1.0.0/page/get.json';
import { ConfluenceTrigger } from '../../nodes/Confluence/ConfluenceTrigger.node';
import { startSimulator, type Simulator } from '../simulator';
import { openEditor, type EditorSession } from './lib/browser';
import { operationActions, shownParameters } from './lib/displayOptions';
import {
	CONFLUENCE_API_CREDENTIAL_TYPE,
	CONFLUENCE_NODE_TYPE,
	confluenceNode,
	manualTrigger,
	startN8n,
	workflow,
	type N8nServer,
	type WorkflowInput,
} from './lib';

const NODE_PROPERTIES = new Confluence().description.properties;
const TRIGGER_DESCRIPTION = new ConfluenceTrigger().description;

function withoutId(definition: WorkflowInput): WorkflowInput {
	const copy: Partial<WorkflowInput> = { ...definition };
	delete copy.id;
	return copy as WorkflowInput;
}

/**
 * What the panel must list for these parameter values: the description's shown top-level parameters, minus
 * `authentication` (the editor folds it into the credential selector) and notices (no label; see `expectedNotices`).
 */
function expectedParameterNames(properties: INodeProperties[], values: INodeParameters): string[] {
	return shownParameters(properties, values)
		.filter((property) => property.name !== 'authentication' && property.type !== 'notice')
		.map((property) => property.name);
}

function expectedNotices(properties: INodeProperties[], values: INodeParameters): string[] {
	return shownParameters(properties, values)
		.filter((property) => property.type === 'notice')
		.map((property) => property.displayName);
}

function optionsOf(properties: INodeProperties[], name: string, values: INodeParameters) {
	const property = shownParameters(properties, values).find((candidate) => candidate.name === name);
	return (property?.options ?? []) as Array<INodePropertyOptions | INodeProperties>;
}

/** The label the editor shows for an options parameter's chosen value. */
function optionLabel(properties: INodeProperties[], name: string, values: INodeParameters): string {
	const option = optionsOf(properties, name, values).find(
		(candidate) => 'value' in candidate && candidate.value === values[name],
	);
	if (!option) throw new Error(`no option ${String(values[name])} for ${name}`);
	return option.name;
}

/** Reads until `done` holds or the time is up, and returns the last reading (the assertion that follows reports it). */
async function settled<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 30000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await sleep(250);
	}
}

const trimmedSorted = (texts: string[]) => texts.map((text) => text.trim()).sort();

interface Panel {
	resource: string;
	operation: string;
	/** Parameter values besides resource and operation, as a user would have filled them in. */
	values?: INodeParameters;
}

describe('the expected side: which parameters a description shows', () => {
	const properties: INodeProperties[] = [
		{ displayName: 'Mode', name: 'mode', type: 'options', default: 'a', options: [] },
		{
			displayName: 'Only A',
			name: 'onlyA',
			type: 'string',
			default: '',
			displayOptions: { show: { mode: ['a'] } },
		},
		{
			displayName: 'Not B',
			name: 'notB',
			type: 'boolean',
			default: true,
			displayOptions: { hide: { mode: ['b'] } },
		},
		{
			displayName: 'Needs Not B',
			name: 'needsNotB',
			type: 'string',
			default: '',
			displayOptions: { show: { notB: [false] } },
		},
		{
			displayName: 'Tagged',
			name: 'tagged',
			type: 'string',
			default: '',
			displayOptions: { show: { tags: ['x'] } },
		},
		{ displayName: 'Tags', name: 'tags', type: 'multiOptions', default: [], options: [] },
	];
	const names = (values: INodeParameters) =>
		shownParameters(properties, values).map((property) => property.name);

	it('follows show and hide, with defaults for what is not set', () => {
		expect(names({})).toEqual(['mode', 'onlyA', 'notB', 'tags']);
		expect(names({ mode: 'b' })).toEqual(['mode', 'tags']);
		expect(names({ mode: 'c', notB: false })).toEqual(['mode', 'notB', 'needsNotB', 'tags']);
		// A hidden parameter has no value: what depends on it stays hidden, whatever was saved for it.
		expect(names({ mode: 'b', notB: false })).toEqual(['mode', 'tags']);
	});

	it('reads conditions on parameters declared later, and matches any value of a list', () => {
		expect(names({ tags: ['y', 'x'] })).toEqual(['mode', 'onlyA', 'notB', 'tagged', 'tags']);
		expect(names({ tags: ['y'] })).not.toContain('tagged');
	});

	it('refuses conditions it does not evaluate', () => {
		const versioned: INodeProperties = {
			...properties[1],
			displayOptions: { show: { '@version': [2] } },
		};
		expect(() => shownParameters([versioned], {})).toThrow(/not supported/);
	});

	it("lists every operation's action per resource", () => {
		const actions = operationActions(NODE_PROPERTIES);
		expect(Object.keys(actions).sort()).toEqual(
			optionsOf(NODE_PROPERTIES, 'resource', {})
				.map((option) => ('value' in option ? String(option.value) : ''))
				.sort(),
		);
		expect(actions.page).toEqual(
			expect.arrayContaining([
				'Create a page in a space from markdown or another format',
				'Update a page title or body by replacing or appending or prepending',
			]),
		);
		expect(Object.values(actions).flat()).not.toContain('');
	});
});

describe('the n8n 2.x editor in Chromium', () => {
	let server: N8nServer;
	let editor: EditorSession;
	let simulator: Simulator;
	let credential: { id: string; name: string };
	/** Every `/schemas/…` answer the editor got: the output-schema previews it asked for. */
	const schemaAnswers: Array<{ path: string; status: number }> = [];

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 'demo' });
		// A second space, so that the space list and its search have something to tell apart.
		simulator.store.createSpace({
			key: 'ENG',
			name: 'Engineering handbook',
			authorId: simulator.users.demo.accountId,
		});
		server = await startN8n({ name: 'editor-e2e' });
		editor = await openEditor(server.baseUrl, { viewport: { width: 1440, height: 1100 } });
		editor.page.on('response', (response) => {
			const path = new URL(response.url()).pathname;
			if (path.startsWith('/schemas/')) schemaAnswers.push({ path, status: response.status() });
		});
		await editor.login();
		credential = await server.rest<{ id: string; name: string }>('POST', '/rest/credentials', {
			name: 'Confluence (simulator)',
			type: CONFLUENCE_API_CREDENTIAL_TYPE,
			data: { siteUrl: simulator.baseUrl, email: 'demo@example.com', apiToken: 'demo-token' },
		});
	});

	afterAll(async () => {
		await editor?.close();
		await server?.stop();
		await simulator?.close();
	});

	afterEach(() => {
		// Every test leaves the simulator without contract violations or handler crashes, and n8n without complaints.
		expect(simulator.contractViolations).toEqual([]);
		expect(simulator.serverErrors).toEqual([]);
		expect(server.log.packageProblems()).toEqual([]);
		// The package ships an output schema for the trigger and for every resource/operation of the node
		// (nodes/Confluence/__schema__), so no preview the editor asks for may be missing.
		expect(editor.schemaPreviewMisses).toEqual([]);
	});

	it("opens a workflow and a node's parameters (n8n's own nodes)", async () => {
		const workflowId = await server.createWorkflow(
			withoutId(
				workflow('unused', 'e2e editor: own nodes', [
					manualTrigger(),
					{
						id: 'e2e-set',
						name: 'Set fields',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [0, 0],
						parameters: {},
					},
				]),
			),
		);

		await editor.openWorkflow(workflowId);
		await expect(editor.page.locator('[data-test-id="canvas-node"]').count()).resolves.toBe(2);
		await editor.openNode('Set fields');
		expect(await editor.parameterNames()).toEqual(
			expect.arrayContaining(['mode', 'includeOtherFields']),
		);
		await editor.screenshot('editor-own-nodes-ndv');
		await editor.closeNode();

		expect(editor.problems).toEqual([]);
	});

	it('shows the parameters the description asks for, for a sample of resources and operations', async () => {
		const demo = simulator.demo!;
		const pageId = demo.pages.gettingStarted;
		// Resource locators as "From list" leaves them: the id and the name the list showed.
		const demoSpace = {
			__rl: true,
			mode: 'list',
			value: demo.spaceId,
			cachedResultName: 'Demo space (DEMO)',
		};
		const gettingStarted = {
			__rl: true,
			mode: 'list',
			value: pageId,
			cachedResultName: 'Getting started',
		};
		const panels: Panel[] = [
			{
				resource: 'page',
				operation: 'create',
				values: {
					space: demoSpace,
					title: 'Release 2.5',
					bodyFormat: 'markdown',
					body: '## What changed\n\n- **Markdown** bodies\n- [Docs](https://example.com)',
				},
			},
			{
				resource: 'page',
				operation: 'update',
				values: { page: gettingStarted },
			},
			{
				resource: 'blogPost',
				operation: 'get',
				values: { blogPost: { __rl: true, mode: 'id', value: demo.blogPosts[0] } },
			},
			{ resource: 'space', operation: 'getMany' },
			{
				resource: 'attachment',
				operation: 'upload',
				values: { page: gettingStarted, binaryPropertyName: 'report' },
			},
			{
				resource: 'label',
				operation: 'add',
				values: { contentId: pageId, labels: 'release, docs' },
			},
			{
				resource: 'contentProperty',
				operation: 'create',
				values: { contentId: pageId, key: 'review-state', value: '{ "approved": true }' },
			},
			{
				resource: 'comment',
				operation: 'create',
				values: { page: gettingStarted, body: 'Looks good to me.' },
			},
			{
				resource: 'contentRestriction',
				operation: 'add',
				values: { contentId: pageId, accountIds: demo.secondUser.accountId },
			},
			{
				resource: 'search',
				operation: 'query',
				values: { mode: 'cql', cql: 'type = page AND label = "howto"' },
			},
			{ resource: 'user', operation: 'search', values: { name: 'Alex' } },
			{ resource: 'auditLog', operation: 'getMany' },
			{
				resource: 'task',
				operation: 'update',
				values: { taskId: demo.taskId, status: 'complete' },
			},
			{
				resource: 'whiteboard',
				operation: 'create',
				values: { space: demoSpace, title: 'Team retro' },
			},
		];
		const nodes: INode[] = panels.map((panel, index) => ({
			id: `e2e-panel-${index}`,
			name: `${panel.resource} ${panel.operation}`,
			type: CONFLUENCE_NODE_TYPE,
			typeVersion: 1,
			position: [(index % 5) * 260, Math.floor(index / 5) * 260],
			parameters: {
				authentication: 'apiToken',
				resource: panel.resource,
				operation: panel.operation,
				...panel.values,
			},
			credentials: { confluenceApi: { id: credential.id, name: credential.name } },
		}));
		// Not connected: each panel stands alone (no input panel asking for a parent's output).
		const workflowId = await server.createWorkflow({
			name: 'e2e editor: Confluence panels',
			nodes,
			connections: {},
		});
		await editor.openWorkflow(workflowId);

		for (const node of nodes) {
			const { resource, operation } = node.parameters as { resource: string; operation: string };
			await editor.openNode(node.name);
			const shown = await editor.parameterNames();
			const notices = await editor.notices();
			const fields = await editor.fieldValues();
			await editor.screenshot(`editor-${resource}-${operation}`);

			expect({ panel: node.name, shown }).toEqual({
				panel: node.name,
				shown: expectedParameterNames(NODE_PROPERTIES, node.parameters),
			});
			expect(notices).toEqual(expectedNotices(NODE_PROPERTIES, node.parameters));
			expect(fields).toEqual(
				expect.arrayContaining([
					'Confluence (simulator)',
					optionLabel(NODE_PROPERTIES, 'resource', node.parameters),
					optionLabel(NODE_PROPERTIES, 'operation', node.parameters),
				]),
			);
			// Resource locators picked from a list show the name the list gave.
			for (const value of Object.values(node.parameters)) {
				if (value && typeof value === 'object' && 'cachedResultName' in value) {
					expect(fields).toContain(value.cachedResultName);
				}
			}
			if (resource === 'page' && operation === 'create') {
				// The Markdown body input: the format select says Markdown, the text area holds the Markdown as typed.
				expect(fields).toContain('Markdown');
				await expect(
					editor.page.locator('[data-test-id="parameter-input-body"] textarea').inputValue(),
				).resolves.toBe(node.parameters.body);
			}
			if (resource === 'attachment') {
				expect(fields).toContain('report');
			}
			await editor.closeNode();
			expect({ panel: node.name, problems: editor.problems }).toEqual({
				panel: node.name,
				problems: [],
			});
		}
	});

	it('adds the trigger and the node through the node creator and loads lists from the simulator', async () => {
		const { page } = editor;
		const creator = page.locator('[data-test-id="node-creator"]');
		const ourApp = creator.locator('[data-keyboard-nav-id^="n8n-nodes-confluence.confluence-"]');

		await page.goto(`${server.baseUrl}/workflow/new`);
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor({ state: 'visible' });
		await page.keyboard.type('Confluence');
		await ourApp.waitFor({ state: 'visible' });
		await editor.screenshot('editor-node-creator-search');
		// n8n 2.41 has a Confluence node of its own; ours is the one from the package (its icon is served from it).
		await expect(ourApp.locator('img').first().getAttribute('src')).resolves.toMatch(
			/^\/icons\/n8n-nodes-confluence\//,
		);

		await ourApp.click();
		const eventOptions = (TRIGGER_DESCRIPTION.properties.find((p) => p.name === 'events')
			?.options ?? []) as INodePropertyOptions[];
		const triggerItems = creator.locator(
			'[data-keyboard-nav-id^="n8n-nodes-confluence.confluenceTrigger-"]',
		);
		await triggerItems.first().waitFor({ state: 'visible' });
		// The creator offers one "On …" action per value of the trigger's Events parameter.
		const triggerNames = await settled(
			async () => trimmedSorted(await triggerItems.allTextContents()),
			(names) => names.length >= eventOptions.length,
		);
		expect(triggerNames).toEqual(
			eventOptions.map((option) => `On ${option.name.toLowerCase()}`).sort(),
		);
		await editor.screenshot('editor-node-creator-triggers');

		await triggerItems.filter({ hasText: /^\s*On page updated\s*$/ }).click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
		await page.locator('[data-test-id="parameter-input-events"]').waitFor({ state: 'visible' });
		// Polling nodes get n8n's Poll Times parameter first.
		expect(TRIGGER_DESCRIPTION.polling).toBe(true);
		expect(await editor.parameterNames()).toEqual([
			'pollTimes',
			...expectedParameterNames(TRIGGER_DESCRIPTION.properties, { events: ['pageUpdated'] }),
		]);
		expect(await editor.visibleTexts('[data-test-id="parameter-input-events"] .el-tag')).toEqual([
			'Page Updated',
		]);
		const triggerFields = await settled(
			async () => await editor.fieldValues(),
			(values) => values.includes('Confluence (simulator)'),
		);
		expect(triggerFields).toEqual(
			expect.arrayContaining(['Confluence (simulator)', 'Every Minute']),
		);
		await editor.screenshot('editor-trigger');
		const filterOptions = (TRIGGER_DESCRIPTION.properties.find((p) => p.name === 'filters')
			?.options ?? []) as INodeProperties[];
		await editor.openDropdown(
			page
				.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]')
				.filter({ has: page.locator('label[for="filters"]') })
				.locator('[data-test-id="collection-parameter-add"]'),
			page.locator('[data-test-id="collection-parameter-option"]:visible'),
		);
		expect(
			(await editor.visibleTexts('[data-test-id="collection-parameter-option"]')).sort(),
		).toEqual(filterOptions.map((option) => option.displayName).sort());
		await editor.screenshot('editor-trigger-filters');
		await page.keyboard.press('Escape');
		await editor.closeNode();
		expect(editor.problems).toEqual([]);

		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor({ state: 'visible' });
		await page.keyboard.type('Confluence');
		await ourApp.click();
		const actionItems = creator.locator(
			'[data-test-id="item-iterator-item"][data-keyboard-nav-id^="n8n-nodes-confluence.confluence-"]',
		);
		await actionItems.first().waitFor({ state: 'visible' });
		const actions = Object.values(operationActions(NODE_PROPERTIES)).flat();
		expect(actions).toHaveLength(72);
		// The list fills in as it renders.
		// The list fills in as it renders. Each action once: a second `resource` property (once added for Data Center)
		// made n8n's node creator list its resources' actions twice.
		const actionNames = await settled(
			async () => trimmedSorted(await actionItems.allTextContents()),
			(names) => names.length >= actions.length,
		);
		expect(actionNames).toEqual([...actions].sort());
		await editor.screenshot('editor-node-creator-actions');

		await actionItems
			.filter({ hasText: /^\s*Create a page in a space from markdown or another format\s*$/ })
			.click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
		await page.locator('[data-test-id="resource-locator-space"]').waitFor({ state: 'visible' });
		expect(await editor.parameterNames()).toEqual(
			expectedParameterNames(NODE_PROPERTIES, { resource: 'page', operation: 'create' }),
		);
		// The editor picks the only Confluence credential for a new node, a moment after the panel opens.
		const createFields = await settled(
			async () => await editor.fieldValues(),
			(values) => values.includes('Confluence (simulator)'),
		);
		expect(createFields).toEqual(
			expect.arrayContaining(['Confluence (simulator)', 'Page', 'Create', 'Markdown']),
		);
		await creator.waitFor({ state: 'hidden' });
		await editor.screenshot('editor-node-creator-page-create');
		expect(editor.problems).toEqual([]);

		// Space: "From list" loads the simulator's spaces, its search box asks Confluence's search.
		const demo = simulator.demo!;
		const listed = simulator.requests.length;
		const spaceNames = [...simulator.store.spaces.values()]
			.map((space) => `${space.name} (${space.key})`)
			.sort((a, b) => a.localeCompare(b));
		expect(spaceNames).toEqual(['Demo space (DEMO)', 'Engineering handbook (ENG)']);
		expect(await editor.openResourceLocatorList('space')).toEqual(spaceNames);
		await editor.screenshot('editor-page-create-space-list');
		expect(await editor.searchResourceLocatorList('Eng')).toEqual(['Engineering handbook (ENG)']);
		await editor.screenshot('editor-page-create-space-search');
		expect(await editor.searchResourceLocatorList('Demo')).toEqual(['Demo space (DEMO)']);
		await page
			.locator('[data-test-id="rlc-item"]:visible')
			.filter({ hasText: 'Demo space' })
			.click();

		// Parent page: the pages of the chosen space, then a title search within it.
		const demoPages = simulator.store
			.list('page')
			.filter((item) => item.spaceId === demo.spaceId && item.status === 'current')
			.map((item) => simulator.store.current(item).title ?? '');
		expect(demoPages).toContain('Project plan');
		expect((await editor.openResourceLocatorList('parentPage')).sort()).toEqual(demoPages.sort());
		expect(await editor.searchResourceLocatorList('Pro')).toEqual(['Project plan']);
		await editor.screenshot('editor-page-create-parent-page-search');
		await page.keyboard.press('Escape');

		const calls = simulator.requests.slice(listed).map((request) => ({
			call: `${request.method} ${request.path}`,
			cql: request.query.cql,
			status: request.status,
			accountId: request.accountId,
		}));
		const demoUser = simulator.users.demo.accountId;
		expect(calls).toEqual(
			expect.arrayContaining([
				{ call: 'GET /wiki/api/v2/spaces', cql: undefined, status: 200, accountId: demoUser },
				{
					call: 'GET /wiki/rest/api/search',
					cql: 'type = space AND (title ~ "Eng*" OR space.key = "Eng")',
					status: 200,
					accountId: demoUser,
				},
				{
					call: `GET /wiki/api/v2/spaces/${demo.spaceId}/pages`,
					cql: undefined,
					status: 200,
					accountId: demoUser,
				},
				{
					call: 'GET /wiki/rest/api/search',
					cql: `type = page AND title ~ "Pro*" AND space.id = ${demo.spaceId}`,
					status: 200,
					accountId: demoUser,
				},
			]),
		);
		expect(calls.every((call) => call.status === 200)).toBe(true);
		await editor.closeNode();
		expect(editor.problems).toEqual([]);
		// The page node's input panel previewed the trigger's output from its schema (__schema__/v1.0.0.json).
		expect(schemaAnswers).toEqual(
			expect.arrayContaining([
				{ path: '/schemas/n8n-nodes-confluence.confluenceTrigger/1.0.0.json', status: 200 },
			]),
		);
	});

	it('loads the label options of Space → Get Many from the simulator', async () => {
		const { page } = editor;
		const workflowId = await server.createWorkflow({
			name: 'e2e editor: label options',
			nodes: [
				{
					id: 'e2e-spaces',
					name: 'Spaces',
					type: CONFLUENCE_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { authentication: 'apiToken', resource: 'space', operation: 'getMany' },
					credentials: { confluenceApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {},
		});
		await editor.openWorkflow(workflowId);
		await editor.openNode('Spaces');
		const listed = simulator.requests.length;
		const collectionOptions = page.locator('[data-test-id="collection-parameter-option"]:visible');
		await editor.openDropdown(
			page
				.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]')
				.filter({ has: page.locator('label[for="filters"]') })
				.locator('[data-test-id="collection-parameter-add"]'),
			collectionOptions,
		);
		await collectionOptions.filter({ hasText: 'Label Names or IDs' }).click();
		const option = '.el-select-dropdown__item .option-headline';
		await editor.openDropdown(
			page.locator('[data-test-id="parameter-input-labels"]'),
			page.locator('.el-select-dropdown:visible'),
		);
		await page.locator(`${option}:visible`).first().waitFor();
		const labelNames = [
			...new Set([...simulator.store.labels.values()].map((label) => label.name)),
		];
		expect(labelNames).toEqual(expect.arrayContaining(['demo', 'howto', 'release']));
		expect(await editor.visibleTexts(option)).toEqual(
			labelNames.sort((a, b) => a.localeCompare(b)),
		);
		await editor.screenshot('editor-space-getMany-labels');
		await page.keyboard.press('Escape');
		const labelCalls = simulator.requests
			.slice(listed)
			.filter((request) => request.path === '/wiki/api/v2/labels')
			.map((request) => `${request.method} ${request.status} ${request.accountId}`);
		expect(labelCalls.length).toBeGreaterThan(0);
		expect(new Set(labelCalls)).toEqual(new Set([`GET 200 ${simulator.users.demo.accountId}`]));
		await editor.closeNode();
		expect(editor.problems).toEqual([]);
	});

	it("previews a Confluence node's output from the package's schema before the node has run", async () => {
		const { page } = editor;
		const getPage = confluenceNode(
			'Get page',
			{
				resource: 'page',
				operation: 'get',
				page: { __rl: true, mode: 'id', value: simulator.demo!.pages.gettingStarted },
			},
			credential,
		);
		const setFields: INode = {
			id: 'e2e-set-after-page',
			name: 'Set fields',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: {},
		};
		const workflowId = await server.createWorkflow(
			withoutId(
				workflow('unused', 'e2e editor: output preview', [manualTrigger(), getPage, setFields]),
			),
		);
		await editor.openWorkflow(workflowId);
		const sent = simulator.requests.length;
		const asked = schemaAnswers.length;
		await editor.openNode('Set fields');
		await page.locator('[data-test-id="schema-preview-warning"]').waitFor({ state: 'visible' });
		const expectedFields = Object.keys(PAGE_GET_SCHEMA.properties).sort();
		// The schema view renders its rows as they scroll into view, in no fixed order at first.
		const fields = await settled(
			async () => trimmedSorted(await editor.visibleTexts('[data-test-id="run-data-schema-item"]')),
			(texts) => texts.length >= expectedFields.length,
		);
		expect(fields).toEqual(expectedFields);
		expect(fields).toEqual(expect.arrayContaining(['id', 'title', 'body', 'version', 'spaceId']));
		await editor.screenshot('editor-output-schema-preview');
		expect(schemaAnswers.slice(asked)).toEqual(
			expect.arrayContaining([
				{ path: '/schemas/n8n-nodes-confluence.confluence/1.0.0/page/get.json', status: 200 },
			]),
		);
		// A preview, not a run: nothing was asked of Confluence.
		expect(simulator.requests.slice(sent)).toEqual([]);
		await editor.closeNode();
		expect(editor.problems).toEqual([]);
	});
});
