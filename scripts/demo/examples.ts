/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* The example workflows in examples/*.json: loading them, pointing them at the demo's site and folders, and how
 * each one is run headless. */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INode, INodeParameters } from 'n8n-workflow';

import type { WorkflowInput } from '../../test/e2e/lib/cli';
import { CONFLUENCE_NODE_TYPE, CONFLUENCE_TRIGGER_NODE_TYPE } from '../../test/e2e/lib/workflows';
import { EXAMPLES_DIR } from './config';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const EXECUTE_WORKFLOW_TRIGGER_TYPE = 'n8n-nodes-base.executeWorkflowTrigger';
export const EXECUTE_WORKFLOW_TYPE = 'n8n-nodes-base.executeWorkflow';
export const SETTINGS_NODE_NAME = 'Settings';

export interface ExampleWorkflow extends WorkflowInput {
	/** The file in examples/ it came from. */
	file: string;
}

/**
 * How `--once` runs an example: `execute` from its Manual Trigger with `n8n execute`; `trigger` through a running
 * n8n from its Confluence Trigger (a poll node only polls in manual mode, which the CLI does not use); `none` for a
 * sub-workflow that only runs when another workflow calls it.
 */
export type RunKind = 'execute' | 'trigger' | 'none';

/** The order `--once` runs them in: pages are published first, so the later examples find them. */
export const RUN_ORDER = [
	'release-notes-publisher.json',
	'new-page-announcement.json',
	'nightly-space-export.json',
	'ai-knowledge-agent.json',
	'docs-as-code-publisher.json',
];

export function loadExamples(dir: string = EXAMPLES_DIR): ExampleWorkflow[] {
	const files = readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
	return files.map((file) => {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowInput;
		return { ...workflow, file };
	});
}

function rank(file: string): number {
	const index = RUN_ORDER.indexOf(file);
	return index === -1 ? RUN_ORDER.length : index;
}

export function runKind(workflow: WorkflowInput): RunKind {
	const types = workflow.nodes.map((node) => node.type);
	if (types.includes(MANUAL_TRIGGER_TYPE)) return 'execute';
	if (types.includes(CONFLUENCE_TRIGGER_NODE_TYPE)) return 'trigger';
	return 'none';
}

export function triggerNode(workflow: WorkflowInput): INode | undefined {
	return workflow.nodes.find((node) => node.type === CONFLUENCE_TRIGGER_NODE_TYPE);
}

/** The values the examples keep in their "Settings" node (and the trigger's space filter). */
export interface ExampleSettings {
	spaceKey: string;
	releaseNotesFolder: string;
	exportFolder: string;
	/** The docs folder the docs-as-code example publishes. */
	docsFolder: string;
	/** Empty: release notes go to the top of the space. */
	parentPageTitle: string;
}

/**
 * A copy of the workflow set up for this demo: the "Settings" node's values that the demo knows replaced, the
 * Confluence Trigger's space filter set to the space key. Everything else stays as in the file.
 */
export function configureExample(
	workflow: ExampleWorkflow,
	settings: ExampleSettings,
): ExampleWorkflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleWorkflow;
	const values: Record<string, string> = { ...settings };
	for (const node of copy.nodes) {
		if (node.name === SETTINGS_NODE_NAME && node.type === 'n8n-nodes-base.set') {
			const assignments = (node.parameters.assignments as INodeParameters | undefined)
				?.assignments as Array<{ name: string; value: unknown }> | undefined;
			for (const assignment of assignments ?? []) {
				if (assignment.name in values) assignment.value = values[assignment.name];
			}
		}
		if (node.type === CONFLUENCE_TRIGGER_NODE_TYPE) {
			const filters = (node.parameters.filters ?? {}) as INodeParameters;
			if (filters.spaces !== undefined) filters.spaces = settings.spaceKey;
			node.parameters.filters = filters;
		}
	}
	return copy;
}

/** Nodes whose output `--once` prints: every Confluence node, sub-workflow calls, and the ends of each branch. */
export function reportedNodes(workflow: WorkflowInput): INode[] {
	const disabled = new Set(workflow.nodes.filter((node) => node.disabled).map((node) => node.name));
	// A disabled node passes its input on unchanged, so the node before it is where the branch really ends.
	const hasOutgoing = new Set(
		Object.entries(workflow.connections)
			.filter(([, byType]) =>
				(byType.main ?? []).some((targets) =>
					(targets ?? []).some((target) => !disabled.has(target.node)),
				),
			)
			.map(([name]) => name),
	);
	return workflow.nodes.filter(
		(node) =>
			node.type === CONFLUENCE_NODE_TYPE ||
			node.type === CONFLUENCE_TRIGGER_NODE_TYPE ||
			node.type === EXECUTE_WORKFLOW_TYPE ||
			(!hasOutgoing.has(node.name) &&
				!node.disabled &&
				node.type !== 'n8n-nodes-base.stickyNote' &&
				!isAiSubNode(workflow, node)),
	);
}

/** Sub-workflows (only an Execute Workflow Trigger) must be published before another workflow can call them outside the editor. */
export function isSubWorkflow(workflow: WorkflowInput): boolean {
	return (
		workflow.nodes.some((node) => node.type === EXECUTE_WORKFLOW_TRIGGER_TYPE) &&
		runKind(workflow) === 'none'
	);
}

/** Whether the workflow calls another one (Execute Workflow node, or a workflow tool of an agent). */
export function callsSubWorkflow(workflow: WorkflowInput): boolean {
	return workflow.nodes.some(
		(node) =>
			node.type === EXECUTE_WORKFLOW_TYPE || node.type === '@n8n/n8n-nodes-langchain.toolWorkflow',
	);
}

/** Models, memories and tools hang off an agent through ai_* connections and never run on their own. */
function isAiSubNode(workflow: WorkflowInput, node: INode): boolean {
	const byType = workflow.connections[node.name] ?? {};
	return Object.keys(byType).some((type) => type.startsWith('ai_'));
}
