/* The n8n 2.x editor in a real browser: sign in, open a workflow, open node parameter panels, no page errors. */
import { startSimulator, type Simulator } from '../simulator';
import { openEditor, type EditorSession } from './lib/browser';
import {
	CONFLUENCE_API_CREDENTIAL_TYPE,
	confluenceNode,
	manualTrigger,
	startN8n,
	workflow,
	type N8nServer,
	type WorkflowInput,
} from './lib';

function withoutId(definition: WorkflowInput): WorkflowInput {
	const copy: Partial<WorkflowInput> = { ...definition };
	delete copy.id;
	return copy as WorkflowInput;
}

describe('the n8n 2.x editor in Chromium', () => {
	let server: N8nServer;
	let editor: EditorSession;

	beforeAll(async () => {
		server = await startN8n({ name: 'editor-e2e' });
		editor = await openEditor(server.baseUrl);
		await editor.login();
	});

	afterAll(async () => {
		await editor?.close();
		await server?.stop();
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

	describe('with the Confluence node', () => {
		let simulator: Simulator;

		beforeAll(async () => {
			simulator = await startSimulator({ seed: 'demo' });
		});

		afterAll(async () => {
			await simulator?.close();
		});

		it('shows its parameters and the credential without errors', async () => {
			const credential = await server.rest<{ id: string; name: string }>(
				'POST',
				'/rest/credentials',
				{
					name: 'Confluence (simulator)',
					type: CONFLUENCE_API_CREDENTIAL_TYPE,
					data: { siteUrl: simulator.baseUrl, email: 'demo@example.com', apiToken: 'demo-token' },
				},
			);
			const workflowId = await server.createWorkflow(
				withoutId(
					workflow('unused', 'e2e editor: Confluence', [
						manualTrigger(),
						confluenceNode(
							'Confluence',
							{ resource: 'page', operation: 'getMany', returnAll: true },
							credential,
						),
					]),
				),
			);

			await editor.openWorkflow(workflowId);
			await editor.openNode('Confluence');
			const shown = await editor.parameterNames();
			await editor.screenshot('editor-confluence-ndv');

			// The editor folds `authentication` into the credential selector above the parameters.
			expect(shown).toEqual(
				expect.arrayContaining(['resource', 'operation', 'space', 'returnAll', 'simplify']),
			);
			expect(await editor.fieldValues()).toEqual(
				expect.arrayContaining(['Confluence (simulator)', 'Page', 'Get Many']),
			);
			await editor.closeNode();
			expect(editor.problems).toEqual([]);
			expect(server.log.packageProblems()).toEqual([]);
		});
	});
});
