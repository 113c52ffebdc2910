/* What a headless run of the examples produced, as a few lines per node a person can read at a glance. */
import type { IBinaryData, IDataObject, INodeExecutionData, IRunData } from 'n8n-workflow';

export interface NodeOutput {
	node: string;
	type: string;
	items: INodeExecutionData[];
	error?: string;
}

export interface ExampleRunReport {
	file: string;
	workflowId: string;
	name: string;
	/** How it ran: `n8n execute`, or a manual run of the trigger through the n8n server. */
	via: 'n8n execute' | 'n8n server (manual trigger run)';
	status: string;
	durationMs: number;
	error?: string;
	nodes: NodeOutput[];
	runData: IRunData;
}

/** The items every run of the node produced, binary metadata included; undefined when the node did not run. */
export function nodeOutput(runData: IRunData, name: string, type: string): NodeOutput | undefined {
	const runs = runData[name];
	if (!runs?.length) return undefined;
	const items: INodeExecutionData[] = [];
	let error: string | undefined;
	for (const run of runs) {
		for (const output of run.data?.main ?? []) items.push(...(output ?? []));
		if (run.error) error = run.error.message;
	}
	return { node: name, type, items, error };
}

const MAX_ITEMS = 8;
const MAX_TEXT = 70;

function short(value: unknown, max = MAX_TEXT): string {
	const text = (typeof value === 'string' ? value : JSON.stringify(value))
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function sizeOf(bytes: unknown): string {
	const value = Number(bytes);
	if (!Number.isFinite(value)) return String(bytes ?? '?');
	return value < 1024 ? `${value} B` : `${(value / 1024).toFixed(1)} kB`;
}

function binarySummary(binary: Record<string, IBinaryData> | undefined): string | undefined {
	if (!binary) return undefined;
	const files = Object.values(binary).map(
		(file) =>
			`${file.fileName ?? 'file'} (${file.mimeType}, ${file.fileSize ?? sizeOf(file.data ? Buffer.from(file.data, 'base64').length : undefined)})`,
	);
	return files.length ? `file ${files.join(', ')}` : undefined;
}

/** One line for an item: what happened, what it is, where it is; a body or excerpt shortened. */
export function summarizeItem(item: INodeExecutionData): string {
	const json = item.json ?? {};
	const parts: string[] = [];
	const action = json.event ?? json.operation ?? json.result;
	if (typeof action === 'string') parts.push(`[${action}]`);
	const label = json.title ?? json.displayName ?? json.name ?? json.fileName;
	if (label !== undefined) parts.push(short(label, 50));
	if (json.id !== undefined) parts.push(`id ${String(json.id)}`);
	if (Array.isArray(json.added))
		parts.push(`labels +${(json.added as string[]).join(', +')} on ${String(json.contentId)}`);
	if (Array.isArray(json.results)) {
		const titles = (json.results as IDataObject[]).map((result) => result.title).filter(Boolean);
		parts.push(`${json.results.length} results: ${short(titles.join(' | '))}`);
	}
	const link = json.url ?? json.link;
	if (typeof link === 'string') parts.push(link);
	if (typeof json.body === 'string') {
		parts.push(
			`${String(json.bodyFormat ?? 'body')} ${json.body.length} chars: "${short(json.body, 50)}"`,
		);
	}
	if (typeof json.text === 'string' && json.body === undefined) parts.push(`"${short(json.text)}"`);
	const files = binarySummary(item.binary);
	if (files) parts.push(files);
	if (typeof json.error === 'string') parts.push(`error: ${json.error}`);
	return parts.length ? parts.join('  ') : short(json, 100);
}

export function formatRun(report: ExampleRunReport): string {
	const seconds = (report.durationMs / 1000).toFixed(1);
	const lines = [
		`▶ ${report.name}  (${report.file}, ${report.via})`,
		`  ${report.status === 'success' ? '✔' : '✘'} ${report.status} in ${seconds} s`,
	];
	if (report.error) lines.push(`  error: ${report.error}`);
	for (const output of report.nodes) {
		lines.push(
			`  ${output.node}: ${output.items.length} item${output.items.length === 1 ? '' : 's'}${output.error ? ` — error: ${output.error}` : ''}`,
		);
		for (const item of output.items.slice(0, MAX_ITEMS)) lines.push(`    • ${summarizeItem(item)}`);
		if (output.items.length > MAX_ITEMS)
			lines.push(`    … ${output.items.length - MAX_ITEMS} more`);
	}
	return lines.join('\n');
}
