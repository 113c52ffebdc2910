import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
// luxon is not a dependency of this package and is not bundled: n8n resolves it for community packages from its own
// modules (n8n 2.41's load-nodes-and-credentials puts its module paths on NODE_PATH before loading packages), and
// n8n-workflow, the peer dependency, depends on it. test/e2e/tarball.e2e.ts runs the packed package installed as n8n
// installs it, so a module n8n stops providing would fail there.
import { DateTime } from 'luxon';

/**
 * A list the user may give as comma- or newline-separated text, or (from an expression) as an array.
 * Blank entries are dropped and duplicates removed, in the order given.
 */
export function splitList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
	const items = raw
		.flatMap((entry) => (typeof entry === 'string' ? entry.split(/[,\n]/) : [String(entry)]))
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	return [...new Set(items)];
}

/**
 * Deeper JSON is refused: sending it would overflow the stack while n8n serialises the request, and JSON parsers refuse
 * it too (Jackson's default StreamReadConstraints allow 1000 levels since 2.15,
 * https://github.com/FasterXML/jackson-core/issues/943).
 */
export const MAX_JSON_DEPTH = 1000;

/** How deep a value nests, counted without recursion; stops counting past `limit` (a value that refers to itself). */
function jsonDepth(value: unknown, limit: number): number {
	let deepest = 0;
	const pending: Array<[unknown, number]> = [[value, 1]];
	while (pending.length) {
		const [current, depth] = pending.pop()!;
		if (!current || typeof current !== 'object') continue;
		deepest = Math.max(deepest, depth);
		if (deepest > limit) return deepest;
		for (const child of Object.values(current as IDataObject)) pending.push([child, depth + 1]);
	}
	return deepest;
}

function checkDepth(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): unknown {
	if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" nests deeper than ${MAX_JSON_DEPTH} levels`,
			{
				itemIndex,
				description: `Item ${itemIndex}: the JSON value is nested more than ${MAX_JSON_DEPTH} objects or arrays deep (or refers to itself). Flatten it before storing it.`,
			},
		);
	}
	return value;
}

/** A JSON value the user typed (a JSON string) or passed through an expression (an object, array, number…). */
export function parseJsonParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): unknown {
	if (typeof value !== 'string') {
		if (value === undefined) {
			throw new NodeOperationError(ctx.getNode(), `The parameter "${displayName}" is empty`, {
				itemIndex,
				description: `Set "${displayName}" for item ${itemIndex} to a JSON value, e.g. {"reviewed": true}.`,
			});
		}
		return checkDepth(ctx, itemIndex, displayName, value);
	}
	const text = value.trim();
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), `The parameter "${displayName}" is empty`, {
			itemIndex,
			description: `Set "${displayName}" for item ${itemIndex} to a JSON value, e.g. {"reviewed": true}.`,
		});
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "${displayName}" is not valid JSON: ${(error as Error).message}`,
			{
				itemIndex,
				description: `Item ${itemIndex}: write a JSON value such as {"owner": "team-a"}, [1, 2] or "text" (text needs double quotes).`,
			},
		);
	}
	return checkDepth(ctx, itemIndex, displayName, parsed);
}

/**
 * Milliseconds since the epoch for a date the user picked. n8n's date picker gives a local time without an offset,
 * which is read in the workflow's time zone; expressions may also give ISO strings, Date or Luxon objects, or epoch numbers.
 */
export function toEpochMillis(
	ctx: IExecuteFunctions,
	itemIndex: number,
	displayName: string,
	value: unknown,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
	if (DateTime.isDateTime(value) && value.isValid) return value.toMillis();
	const text = String(value).trim();
	if (/^\d{10,}$/.test(text)) return Number(text);
	const parsed = DateTime.fromISO(text, { zone: ctx.getTimezone() });
	if (parsed.isValid) return parsed.toMillis();
	const fallback = Date.parse(text);
	if (!Number.isNaN(fallback)) return fallback;
	throw new NodeOperationError(
		ctx.getNode(),
		`The parameter "${displayName}" is not a date: "${text.slice(0, 60)}"`,
		{
			itemIndex,
			description: `Item ${itemIndex}: use a date like 2026-01-31 or 2026-01-31T14:00:00, or an epoch time in milliseconds.`,
		},
	);
}

/** Drops undefined, null and empty-string entries, so optional fields are left out of requests. */
export function compact(object: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (value !== undefined && value !== null && value !== '') result[key] = value;
	}
	return result;
}

/** Deletes the undefined and null fields of `object` (empty strings stay) and returns it, for simplified output. */
export function dropNullish(object: IDataObject): IDataObject {
	for (const key of Object.keys(object)) {
		if (object[key] === undefined || object[key] === null) delete object[key];
	}
	return object;
}
