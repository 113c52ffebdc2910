/* What n8n prints and stores, turned into data: log lines, the run printed by `n8n execute`, flatted execution data. */
import type { IDataObject, IRun, IRunData, IRunExecutionData, ITaskData } from 'n8n-workflow';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'raw';

export interface LogEntry {
	/** 'raw' for lines that did not come through n8n's logger (stack traces, native crashes, plain prints). */
	level: LogLevel;
	message: string;
	metadata?: IDataObject;
	/** 'stdout' or 'stderr'. */
	stream: string;
}

const LEVELS = new Set(['error', 'warn', 'info', 'debug', 'verbose']);

/** One line of output; n8n runs with N8N_LOG_FORMAT=json, so logger lines are JSON objects. */
export function parseLogLine(line: string, stream: string): LogEntry | undefined {
	const text = line.replace(/\s+$/, '');
	if (text === '') return undefined;
	if (text.startsWith('{') && text.endsWith('}')) {
		try {
			const parsed = JSON.parse(text) as {
				level?: unknown;
				message?: unknown;
				metadata?: IDataObject;
			};
			if (typeof parsed.level === 'string' && LEVELS.has(parsed.level)) {
				return {
					level: parsed.level as LogLevel,
					message:
						typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message),
					metadata: parsed.metadata,
					stream,
				};
			}
		} catch {
			// Not a logger line: a raw line that happens to look like JSON.
		}
	}
	return { level: 'raw', message: text, stream };
}

export function parseLog(text: string, stream: string): LogEntry[] {
	return text
		.split('\n')
		.map((line) => parseLogLine(line, stream))
		.filter((entry): entry is LogEntry => entry !== undefined);
}

/** Everything an entry says, for matching: message plus metadata (errors carry the stack there). */
export function entryText(entry: LogEntry): string {
	return entry.metadata === undefined
		? entry.message
		: `${entry.message} ${JSON.stringify(entry.metadata)}`;
}

/** Mentions of this package, its node types or its credential types (module paths included). */
export const PACKAGE_PATTERN = /n8n-nodes-confluence|confluence/i;

/**
 * Warnings and errors about the package: failed loads, broken descriptions, unknown credentials, crashes in its code.
 * Raw lines count when they look like errors (a stack trace printed outside the logger).
 */
export function packageProblems(
	entries: LogEntry[],
	pattern: RegExp = PACKAGE_PATTERN,
): LogEntry[] {
	return entries.filter((entry) => {
		const serious =
			entry.level === 'error' ||
			entry.level === 'warn' ||
			(entry.level === 'raw' && /error|warn|fail|exception|cannot|unable/i.test(entry.message));
		return serious && pattern.test(entryText(entry));
	});
}

function isRun(value: unknown): value is IRun {
	const data = (value as { data?: { resultData?: unknown } } | null)?.data;
	return typeof data === 'object' && data !== null && typeof data.resultData === 'object';
}

function tryJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * The run `n8n execute --rawOutput` printed. With JSON logs, n8n prints it as a logger message (on failure too,
 * through `logger.info`); with text logs, a successful run is a bare multi-line JSON block. The last one wins.
 */
export function extractRun(output: string): IRun | undefined {
	let found: IRun | undefined;
	const lines = output.split('\n');
	for (const line of lines) {
		const entry = parseLogLine(line, 'stdout');
		if (entry && entry.level !== 'raw' && entry.message.startsWith('{')) {
			const candidate = tryJson(entry.message);
			if (isRun(candidate)) found = candidate;
		}
	}
	if (found) return found;
	// Text log format: a block that starts with a line "{" and ends with a line "}".
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start].trimEnd() !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end].trimEnd() !== '}') continue;
			const candidate = tryJson(lines.slice(start, end + 1).join('\n'));
			if (isRun(candidate)) return candidate;
		}
	}
	return undefined;
}

/**
 * Executions as n8n's internal REST API returns them: `data` is serialized with `flatted`, a JSON array where
 * index 0 is the root and every string inside an object or array is the index of the entry holding the value.
 */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	if (!Array.isArray(table)) throw new Error('flatted data must be a JSON array');
	if (table.length === 0) return undefined;
	const resolved = new Map<number, unknown>();
	const resolveIndex = (index: number): unknown => {
		if (resolved.has(index)) return resolved.get(index);
		if (!Number.isInteger(index) || index < 0 || index >= table.length) {
			throw new Error(`flatted reference ${index} is out of range (${table.length} entries)`);
		}
		const entry = table[index];
		if (entry === null || typeof entry !== 'object') {
			resolved.set(index, entry);
			return entry;
		}
		const copy: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		// Registered before the children so that cycles resolve to the same object, as flatted does.
		resolved.set(index, copy);
		for (const [key, value] of Object.entries(entry)) {
			(copy as Record<string, unknown>)[key] =
				typeof value === 'string' ? resolveIndex(Number(value)) : value;
		}
		return copy;
	};
	return resolveIndex(0);
}

export interface NodeRunSelector {
	/** Which run of the node (a node in a loop runs several times); default 0. */
	run?: number;
	/** Which output; default 0 (main). */
	output?: number;
}

function taskData(runData: IRunData, nodeName: string, run: number): ITaskData {
	const runs = runData[nodeName];
	if (!runs) {
		throw new Error(
			`node "${nodeName}" did not run; nodes that ran: ${Object.keys(runData).join(', ') || 'none'}`,
		);
	}
	if (!runs[run]) throw new Error(`node "${nodeName}" has ${runs.length} runs, not run ${run}`);
	return runs[run];
}

/** The JSON of the items a node returned. */
export function nodeItems(
	runData: IRunData,
	nodeName: string,
	{ run = 0, output = 0 }: NodeRunSelector = {},
): IDataObject[] {
	const task = taskData(runData, nodeName, run);
	const items = task.data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}

/** The error a node failed with, if it failed. */
export function nodeError(
	runData: IRunData,
	nodeName: string,
	{ run = 0 }: NodeRunSelector = {},
): { message: string; description?: string } | undefined {
	const error = taskData(runData, nodeName, run).error as
		| { message?: string; description?: string | null }
		| undefined;
	if (!error) return undefined;
	return { message: error.message ?? 'unknown error', description: error.description ?? undefined };
}

export type { IRun, IRunData, IRunExecutionData };
