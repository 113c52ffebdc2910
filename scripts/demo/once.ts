/* `npm run demo -- --once`: the examples run headless, one after the other, and what their nodes produced. */
import type { IRunData } from 'n8n-workflow';

import { execute } from '../../test/e2e/lib/cli';
import { startN8n } from '../../test/e2e/lib/server';
import {
	callsSubWorkflow,
	isSubWorkflow,
	reportedNodes,
	runKind,
	triggerNode,
	type ExampleWorkflow,
} from './examples';
import { formatRun, nodeOutput, type ExampleRunReport, type NodeOutput } from './report';
import { activateWorkflow, setUpDemo, type DemoSetup, type DemoSetupOptions } from './setup';

export interface OnceOptions extends DemoSetupOptions {
	/** Called with each workflow's report as soon as it ran. */
	onReport?: (report: ExampleRunReport) => void;
	/** Stops before the next workflow when aborted (Ctrl-C); what runs is cleaned up. */
	signal?: AbortSignal;
}

export interface OnceResult {
	/** Every example workflow that runs on its own ran and succeeded. */
	ok: boolean;
	setup: Omit<DemoSetup, 'close'>;
	runs: ExampleRunReport[];
	timings: Array<{ step: string; ms: number }>;
}

function outputs(workflow: ExampleWorkflow, runData: IRunData): NodeOutput[] {
	return reportedNodes(workflow)
		.map((node) => nodeOutput(runData, node.name, node.type))
		.filter((output): output is NodeOutput => output !== undefined);
}

async function executeExample(
	setup: DemoSetup,
	workflow: ExampleWorkflow,
): Promise<ExampleRunReport> {
	const started = Date.now();
	const base = {
		file: workflow.file,
		workflowId: String(workflow.id),
		name: workflow.name,
		via: 'n8n execute' as const,
	};
	try {
		const outcome = await execute(setup.folder, String(workflow.id), setup.cliOptions);
		return {
			...base,
			status: outcome.status,
			durationMs: Date.now() - started,
			error: outcome.error
				? `${outcome.error.node ? `${outcome.error.node}: ` : ''}${outcome.error.message}`
				: undefined,
			nodes: outputs(workflow, outcome.runData),
			runData: outcome.runData,
		};
	} catch (error) {
		return {
			...base,
			status: 'error',
			durationMs: Date.now() - started,
			error: (error as Error).message,
			nodes: [],
			runData: {},
		};
	}
}

/**
 * The part of `--once` that needs a running n8n, started for it and stopped after:
 * - sub-workflows are published (activated): outside the editor n8n 2.x runs only the published version of a
 *   called workflow, and `n8n execute` cannot publish;
 * - a Confluence Trigger polls only in manual mode (the editor's "Execute workflow"/"Fetch test event") or when
 *   its workflow is active, and `n8n execute` runs in neither: a manual run from the trigger returns the newest
 *   matching event.
 */
async function serverPhase(
	setup: DemoSetup,
	triggered: ExampleWorkflow[],
	log: (line: string) => void,
	report: (run: ExampleRunReport) => void,
): Promise<void> {
	const started = Date.now();
	const server = await startN8n({
		install: setup.install,
		folder: setup.folder,
		env: setup.n8nEnv,
		name: 'demo-once',
	});
	log(`  n8n server started (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	try {
		for (const workflow of setup.examples.filter(isSubWorkflow)) {
			await activateWorkflow(server, String(workflow.id));
			log(`  "${workflow.name}" published`);
		}
		for (const workflow of triggered) {
			const runStarted = Date.now();
			const base = {
				file: workflow.file,
				workflowId: String(workflow.id),
				name: workflow.name,
				via: 'n8n server (manual trigger run)' as const,
			};
			try {
				const trigger = triggerNode(workflow);
				if (!trigger) throw new Error('no Confluence Trigger in the workflow');
				const executionId = await server.runWorkflow(String(workflow.id), trigger.name);
				const execution = await server.waitForExecution(executionId, 120000);
				const runData = execution.data.resultData.runData;
				const error = execution.data.resultData.error;
				report({
					...base,
					status: execution.status,
					durationMs: Date.now() - runStarted,
					error: error ? error.message : undefined,
					nodes: outputs(workflow, runData),
					runData,
				});
			} catch (error) {
				report({
					...base,
					status: 'error',
					durationMs: Date.now() - runStarted,
					error: (error as Error).message,
					nodes: [],
					runData: {},
				});
			}
		}
	} finally {
		await server.stop({ keepFolder: true });
	}
}

export async function runOnce(options: OnceOptions = {}): Promise<OnceResult> {
	const log = options.log ?? (() => undefined);
	const setup = await setUpDemo(options);
	const timings = [...setup.timings];
	const runs: ExampleRunReport[] = [];
	const report = (run: ExampleRunReport) => {
		runs.push(run);
		timings.push({ step: `${run.file} (${run.via})`, ms: run.durationMs });
		options.onReport?.(run);
	};
	try {
		const triggered = setup.examples.filter((example) => runKind(example) === 'trigger');
		let serverDone = false;
		for (const workflow of setup.examples) {
			const kind = runKind(workflow);
			if (kind === 'none') continue;
			if (options.signal?.aborted) break;
			if (!serverDone && (kind === 'trigger' || callsSubWorkflow(workflow))) {
				const phaseStarted = Date.now();
				await serverPhase(setup, triggered, log, report);
				timings.push({
					step: 'n8n server phase (start, publish, trigger runs, stop)',
					ms: Date.now() - phaseStarted,
				});
				serverDone = true;
			}
			if (kind === 'execute') report(await executeExample(setup, workflow));
		}
	} finally {
		await setup.close();
	}
	return {
		ok:
			!options.signal?.aborted && runs.length > 0 && runs.every((run) => run.status === 'success'),
		setup,
		runs,
		timings,
	};
}

export { formatRun };
