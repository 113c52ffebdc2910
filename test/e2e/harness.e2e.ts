/* The harness itself, proven with n8n's own nodes and two throw-away community packages, so that its results can be
 * trusted whatever state the Confluence package is in. */
import {
	BROKEN_PACKAGE,
	createUserFolder,
	entryText,
	execute,
	importWorkflows,
	installedVariants,
	linkPackage,
	locateN8n,
	manualTrigger,
	MANUAL_TRIGGER_NAME,
	n8nId,
	nodeItems,
	PROBE_NODE_TYPE,
	PROBE_PACKAGE,
	startN8n,
	workflow,
	writeBrokenPackage,
	writeProbePackage,
	type N8nInstall,
	type N8nServer,
	type UserFolder,
	type WorkflowInput,
} from './lib';

const SUM_WORKFLOW_ID = n8nId('e2eHarnessSum');
const FAILING_WORKFLOW_ID = n8nId('e2eHarnessFail');

/** Manual trigger → Set (an expression, so n8n's expression engine runs) → the probe package's node. */
function sumWorkflow(id: string): WorkflowInput {
	return workflow(id, 'e2e harness: sum', [
		manualTrigger(),
		{
			id: 'e2e-set',
			name: 'Sum',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: {
				assignments: {
					assignments: [{ id: 'sum', name: 'sum', value: '={{ 1 + 2 }}', type: 'number' }],
				},
				options: {},
			},
		},
		{
			id: 'e2e-probe',
			name: 'Probe',
			type: PROBE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { marker: '={{ $json.sum * 2 }}' },
		},
	]);
}

function failingWorkflow(id: string): WorkflowInput {
	return workflow(id, 'e2e harness: fails', [
		manualTrigger(),
		{
			id: 'e2e-stop',
			name: 'Fail',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [0, 0],
			parameters: { errorMessage: 'failing on purpose' },
		},
	]);
}

describe('e2e harness', () => {
	describe.each(installedVariants())('CLI of %s: import and execute', (variant) => {
		let folder: UserFolder;
		let install: N8nInstall;

		beforeAll(async () => {
			install = locateN8n(variant);
			folder = createUserFolder({ linkPackage: false });
			linkPackage(folder.n8nDir, writeProbePackage(), PROBE_PACKAGE);
			await importWorkflows(
				folder,
				[sumWorkflow(SUM_WORKFLOW_ID), failingWorkflow(FAILING_WORKFLOW_ID)],
				{ install },
			);
		});

		afterAll(() => folder?.remove());

		it('returns the items of every node, through a community package node addressed by its package name', async () => {
			const outcome = await execute(folder, SUM_WORKFLOW_ID, { install });

			expect(outcome.error).toBeUndefined();
			expect(outcome.status).toBe('success');
			expect(nodeItems(outcome.runData, 'Sum')).toEqual([{ sum: 3 }]);
			expect(nodeItems(outcome.runData, 'Probe')).toEqual([{ sum: 3, marker: 6 }]);
		});

		it('reports a failed run with the failing node and its message', async () => {
			const outcome = await execute(folder, FAILING_WORKFLOW_ID, { install });

			expect(outcome.status).toBe('error');
			expect(outcome.error).toMatchObject({ message: 'failing on purpose', node: 'Fail' });
		});
	});

	describe('server of n8n 2.x: log, REST API and executions', () => {
		let server: N8nServer;

		beforeAll(async () => {
			const folder = createUserFolder({ linkPackage: false });
			linkPackage(folder.n8nDir, writeProbePackage(), PROBE_PACKAGE);
			linkPackage(folder.n8nDir, writeBrokenPackage(), BROKEN_PACKAGE);
			server = await startN8n({ folder, name: 'harness-e2e' });
		});

		afterAll(async () => {
			await server?.stop();
			server?.folder.remove();
		});

		it('finds load errors of a broken package in the log and none for a sound one', () => {
			const broken = server.log.packageProblems(new RegExp(BROKEN_PACKAGE));
			expect(broken.map(entryText).join('\n')).toMatch(
				/Cannot find module '\.\/helpers\/not-built'/,
			);
			expect(server.log.packageProblems(new RegExp(PROBE_PACKAGE))).toEqual([]);
		});

		it('serves the probe node type to the editor', async () => {
			const { nodes } = await server.knownTypes();
			expect(nodes).toContain(PROBE_NODE_TYPE);
			expect(nodes).toContain('n8n-nodes-base.manualTrigger');
		});

		it('runs a workflow like the editor does and reads its items back from the executions API', async () => {
			const definition: Partial<WorkflowInput> = sumWorkflow('unused');
			delete definition.id;
			const workflowId = await server.createWorkflow(definition as WorkflowInput);

			const executionId = await server.runWorkflow(workflowId, MANUAL_TRIGGER_NAME);
			const execution = await server.waitForExecution(executionId);

			expect(execution).toMatchObject({ status: 'success', finished: true, workflowId });
			expect(nodeItems(execution.data.resultData.runData, 'Probe')).toEqual([
				{ sum: 3, marker: 6 },
			]);
		});

		it('rejects REST calls without the owner session', async () => {
			const response = await fetch(`${server.baseUrl}/rest/workflows`);
			expect(response.status).toBe(401);
		});
	});
});
