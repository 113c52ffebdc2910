/* The chain end to end in real n8n 2.x: the package loads cleanly, and a workflow with the Confluence node runs
 * against the simulator both through `n8n execute` and through a running server's REST API. */
import { startSimulator, type Simulator } from '../simulator';
import {
	CONFLUENCE_API_CREDENTIAL_TYPE,
	CONFLUENCE_NODE_TYPE,
	confluenceApiCredential,
	confluenceNode,
	createUserFolder,
	entryText,
	execute,
	importCredentials,
	importWorkflows,
	installedVariants,
	locateN8n,
	manualTrigger,
	MANUAL_TRIGGER_NAME,
	n8nId,
	nodeItems,
	startN8n,
	workflow,
	type CredentialInput,
	type N8nInstall,
	type N8nServer,
	type UserFolder,
	type WorkflowInput,
} from './lib';

const CREDENTIAL_ID = n8nId('e2eConfluenceApi');
const WORKFLOW_ID = n8nId('e2ePageGetMany');

function describeProblems(problems: ReturnType<N8nServer['log']['packageProblems']>): string {
	return problems.map((entry) => `${entry.level}: ${entryText(entry)}`).join('\n');
}

function pageGetManyWorkflow(credential: CredentialInput): WorkflowInput {
	return workflow(WORKFLOW_ID, 'e2e: list pages', [
		manualTrigger(),
		confluenceNode(
			'List pages',
			{ resource: 'page', operation: 'getMany', returnAll: true },
			{ id: credential.id, name: credential.name },
		),
	]);
}

describe('the package in n8n 2.x', () => {
	let simulator: Simulator;

	beforeAll(async () => {
		simulator = await startSimulator({ seed: 'demo' });
	});

	afterAll(async () => {
		await simulator?.close();
	});

	describe('a running n8n server', () => {
		let server: N8nServer;

		beforeAll(async () => {
			server = await startN8n({ name: 'package-e2e' });
		});

		afterAll(async () => {
			await server?.stop();
		});

		it('loads the package without warnings or errors about it', () => {
			expect(describeProblems(server.log.packageProblems())).toBe('');
		});

		it('knows the Confluence node and credential types', async () => {
			const { nodes, credentials } = await server.knownTypes();
			expect(nodes).toContain(CONFLUENCE_NODE_TYPE);
			expect(credentials).toEqual(
				expect.arrayContaining([CONFLUENCE_API_CREDENTIAL_TYPE, 'confluenceOAuth2Api']),
			);
		});

		it('runs a workflow with the Confluence node from the REST API and stores its items', async () => {
			const created = await server.rest<{ id: string }>('POST', '/rest/credentials', {
				name: 'Confluence (simulator)',
				type: CONFLUENCE_API_CREDENTIAL_TYPE,
				data: { siteUrl: simulator.baseUrl, email: 'demo@example.com', apiToken: 'demo-token' },
			});
			const definition: Partial<WorkflowInput> = pageGetManyWorkflow({
				id: created.id,
				name: 'Confluence (simulator)',
				type: CONFLUENCE_API_CREDENTIAL_TYPE,
				data: {},
			});
			delete definition.id;
			const workflowId = await server.createWorkflow(definition as WorkflowInput);
			const executionId = await server.runWorkflow(workflowId, MANUAL_TRIGGER_NAME);
			const execution = await server.waitForExecution(executionId);

			expect(execution.data.resultData.error?.message).toBeUndefined();
			expect(execution.status).toBe('success');
			const titles = nodeItems(execution.data.resultData.runData, 'List pages').map(
				(item) => item.title,
			);
			expect(titles).toEqual(expect.arrayContaining(['Getting started', 'Project plan']));
			expect(describeProblems(server.log.packageProblems())).toBe('');
		});
	});

	describe.each(installedVariants())('n8n execute (CLI) of %s', (variant) => {
		let folder: UserFolder;
		let install: N8nInstall;

		beforeAll(() => {
			install = locateN8n(variant);
			folder = createUserFolder();
		});

		afterAll(() => {
			folder?.remove();
		});

		it('returns the pages of the simulator through the Confluence node', async () => {
			const credential = confluenceApiCredential(CREDENTIAL_ID, {
				siteUrl: simulator.baseUrl,
				email: 'demo@example.com',
				apiToken: 'demo-token',
			});
			await importCredentials(folder, [credential], { install });
			await importWorkflows(folder, [pageGetManyWorkflow(credential)], { install });
			const requestsBefore = simulator.requests.length;

			const outcome = await execute(folder, WORKFLOW_ID, { install });

			expect(outcome.error).toBeUndefined();
			expect(outcome.status).toBe('success');
			const pages = nodeItems(outcome.runData, 'List pages');
			expect(pages.length).toBeGreaterThanOrEqual(6);
			expect(pages.map((page) => page.title)).toEqual(
				expect.arrayContaining(['Getting started', 'Project plan', 'Release notes']),
			);
			// The items came over HTTP from the simulator, authenticated with the imported credential.
			const listCalls = simulator.requests
				.slice(requestsBefore)
				.filter((request) => request.method === 'GET' && request.path.endsWith('/api/v2/pages'));
			expect(listCalls.length).toBeGreaterThan(0);
			expect(listCalls.every((request) => request.status === 200)).toBe(true);
		});
	});
});
