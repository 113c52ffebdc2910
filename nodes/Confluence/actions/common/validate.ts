import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeParameterResourceLocator,
	INodeProperties,
	INodePropertyOptions,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeApiError, NodeHelpers, NodeOperationError } from 'n8n-workflow';

function isExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (raw && typeof raw === 'object' && 'value' in raw) {
		return isExpression((raw as INodeParameterResourceLocator).value);
	}
	return false;
}

function isShown(node: INode, property: INodeProperties): boolean {
	return NodeHelpers.displayParameter(node.parameters, property, node, null);
}

function preview(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value);
	} catch {
		text = String(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isPrimitive(value: unknown): boolean {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function boundsProblem(property: INodeProperties, value: number): string | undefined {
	const min = property.typeOptions?.minValue;
	const max = property.typeOptions?.maxValue;
	if (typeof min === 'number' && value < min) return `must be ${min} or more, got ${value}`;
	if (typeof max === 'number' && value > max) return `must be ${max} or less, got ${value}`;
	return undefined;
}

/** What is wrong with a value for a parameter of this type, or undefined when it fits. */
function typeProblem(property: INodeProperties, value: unknown): string | undefined {
	switch (property.type) {
		case 'string':
			// Lists given as arrays (labels, account IDs) are welcome; objects would reach Confluence as "[object Object]".
			if (Array.isArray(value))
				return value.every(isPrimitive) ? undefined : 'must be text, not a list of objects';
			return isBlank(value) || isPrimitive(value)
				? undefined
				: `must be text, not ${typeof value === 'object' ? 'an object' : typeof value}`;
		case 'number': {
			if (isBlank(value)) return undefined;
			if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number';
			if (
				typeof value !== 'number' &&
				!(typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value))
			)
				return `must be a number, got ${preview(value)}`;
			return boundsProblem(property, Number(value));
		}
		case 'boolean':
			// The text "false" is truthy: taken as it is, Return All "false" would return everything.
			return typeof value === 'boolean' || value === undefined
				? undefined
				: `must be true or false, got ${typeof value === 'string' ? `the text "${preview(value)}"` : preview(value)}`;
		case 'options': {
			const allowed = ((property.options ?? []) as INodePropertyOptions[])
				.filter((option) => option && 'value' in option)
				.map((option) => option.value);
			if (!allowed.length || property.typeOptions?.loadOptionsMethod) return undefined;
			return allowed.includes(value as string)
				? undefined
				: `must be one of ${allowed.map((option) => `"${String(option)}"`).join(', ')}, got ${preview(value)}`;
		}
		case 'resourceLocator': {
			const inner =
				value && typeof value === 'object' && !Array.isArray(value)
					? (value as IDataObject).value
					: value;
			return isBlank(inner) || isPrimitive(inner)
				? undefined
				: `must be an ID, key, URL or title, not ${preview(inner)}`;
		}
		default:
			return undefined;
	}
}

function blankValue(property: INodeProperties, value: unknown): boolean {
	if (
		property.type === 'resourceLocator' &&
		value &&
		typeof value === 'object' &&
		!Array.isArray(value)
	) {
		return isBlank((value as IDataObject).value);
	}
	return isBlank(value) || (Array.isArray(value) && value.length === 0);
}

/**
 * Checks the parameters an expression fills, before the operation sends anything: an expression may give an object
 * where text is expected, a word where a number is, or nothing at all for a required parameter. Values typed in the
 * editor are checked by n8n itself.
 */
export function checkExpressionParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: INodeProperties[],
	remember?: (name: string, value: unknown) => void,
): void {
	const node = ctx.getNode();
	for (const property of properties) {
		const raw = node.parameters[property.name];
		if (!isExpression(raw)) {
			// A workflow written outside the editor can hold a number the editor would not allow (a Limit of 0).
			const outOfBounds =
				property.type === 'number' && typeof raw === 'number' && isShown(node, property)
					? boundsProblem(property, raw)
					: undefined;
			if (outOfBounds) {
				throw new NodeOperationError(
					node,
					`The parameter "${property.displayName}" ${outOfBounds}`,
					{
						itemIndex,
						description: `Item ${itemIndex}: set "${property.displayName}" within its range.`,
					},
				);
			}
			continue;
		}
		if (!isShown(node, property)) continue;
		const value = ctx.getNodeParameter(
			property.name,
			itemIndex,
			undefined,
		) as NodeParameterValueType;
		remember?.(property.name, value);
		if (property.required && blankValue(property, value)) {
			throw new NodeOperationError(node, `The parameter "${property.displayName}" is empty`, {
				itemIndex,
				description: `Item ${itemIndex}: the expression for "${property.displayName}" gave nothing. Check that the input item has the field it reads.`,
			});
		}
		const problem = typeProblem(property, value);
		if (problem) {
			throw new NodeOperationError(node, `The parameter "${property.displayName}" ${problem}`, {
				itemIndex,
				description: `Item ${itemIndex}: the expression for "${property.displayName}" gave ${preview(value)}. Map a field of the right type, or convert it in the expression.`,
			});
		}
	}
}

/**
 * Resolving an expression is the costly part of reading a parameter (n8n builds its data proxy every time), and the
 * check above resolves exactly what the operation reads next. The item's resolved values serve the operation's plain
 * reads (no options) until the item is done, so each expression is evaluated once per item.
 */
export function reuseResolvedParameters(ctx: IExecuteFunctions): {
	remember(itemIndex: number, name: string, value: unknown): void;
	forget(itemIndex: number): void;
} {
	const resolved = new Map<number, Map<string, unknown>>();
	const read = ctx.getNodeParameter as (...args: unknown[]) => unknown;
	(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = function (
		this: IExecuteFunctions,
		name: string,
		itemIndex: number,
		...rest: unknown[]
	) {
		const known = rest[1] === undefined ? resolved.get(itemIndex) : undefined;
		if (known?.has(name)) return known.get(name);
		return read.call(this, name, itemIndex, ...rest);
	};
	return {
		remember(itemIndex, name, value) {
			if (value === undefined) return;
			const values = resolved.get(itemIndex) ?? new Map<string, unknown>();
			values.set(name, value);
			resolved.set(itemIndex, values);
		},
		forget(itemIndex) {
			resolved.delete(itemIndex);
		},
	};
}

function identifying(property: INodeProperties): boolean {
	return (
		property.type === 'resourceLocator' ||
		property.type === 'number' ||
		(property.type === 'string' && /Ids?$/.test(property.name))
	);
}

function valuesOf(value: unknown): string[] {
	const inner =
		value && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject).value
			: value;
	const list = Array.isArray(inner) ? inner : [inner];
	return (
		list
			.flatMap((entry) => (isPrimitive(entry) ? String(entry).split(',') : []))
			.map((entry) => entry.trim())
			.filter(Boolean)
			// Attachment IDs are att123 in v2 paths and 123 in v1 paths.
			.flatMap((entry) => (/^att\d+$/i.test(entry) ? [entry, entry.slice(3)] : [entry]))
	);
}

/** Confluence's own words in the error (its message and detail), without the request line the node adds. */
function answerText(error: NodeApiError): string {
	return `${error.message ?? ''} ${error.description ?? ''}`.replace(/Request: [A-Z]+ \S+\./g, ' ');
}

function mentions(text: string, word: string): boolean {
	const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^A-Za-z0-9_-])${escaped}($|[^A-Za-z0-9_-])`, 'i').test(text);
}

/** Field names too common in Confluence's sentences to show that it means this field. */
const GENERIC_FIELDS = new Set(['id', 'type', 'value', 'status', 'title', 'name', 'body']);

/** Query and body fields that reference other objects, by their names (spaceId, space-id, accountId, key, ids). */
const REFERENCE_FIELD = /(?:^|[-_.]|[a-z])(?:id|Id|ID|ids|Ids|key|Key|keys)$/;

/**
 * Confluence answers 404 (and sometimes 400) for an ID that does not exist, without always saying which of the item's
 * parameters held it. A parameter is named only where the answer points at it:
 * - Confluence's message quotes the parameter's value (a number of three digits or fewer only beside the parameter's
 *   name, as in "no version 999"), or names the field that carried it;
 * - otherwise, for a 404, the parameter's value is in the request path, or in a field that references an object
 *   (spaceId, accountId, key): the missing object is one of those.
 * A 400 about something else (a CQL syntax error, say) names no parameter: blaming the Limit that happened to be sent
 * would send the reader, or a model, the wrong way.
 */
export function nameMissingTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: INodeProperties[],
	error: NodeApiError,
): void {
	const status = String(error.httpCode ?? '');
	if (status !== '404' && status !== '400') return;
	const pathValues = (error.context?.requestPathValues as string[] | undefined) ?? [];
	const fields = (error.context?.requestFields as Record<string, string[]> | undefined) ?? {};
	const sent = new Set([...pathValues, ...Object.values(fields).flat()]);
	if (!sent.size) return;
	const text = answerText(error);
	const node = ctx.getNode();

	const candidates: Array<{ property: INodeProperties; values: string[] }> = [];
	for (const property of properties) {
		if (!identifying(property) || !(property.name in node.parameters) || !isShown(node, property))
			continue;
		let value: unknown;
		try {
			value = ctx.getNodeParameter(property.name, itemIndex, undefined);
		} catch {
			continue;
		}
		const values = valuesOf(value).filter((entry) => sent.has(entry));
		if (values.length) candidates.push({ property, values });
	}

	const namedInAnswer = (property: INodeProperties, entry: string): boolean => {
		const ownWords = property.displayName.split(/\s+/).filter((word) => word.length > 3);
		const quoted =
			mentions(text, entry) &&
			(!/^\d{1,3}$/.test(entry) || ownWords.some((word) => mentions(text, word)));
		const fieldNamed = Object.entries(fields).some(([field, values]) => {
			const name = field.split('.').pop() ?? field;
			return (
				values.includes(entry) &&
				name.length > 3 &&
				!GENERIC_FIELDS.has(name.toLowerCase()) &&
				mentions(text, name)
			);
		});
		return quoted || fieldNamed;
	};
	const referencedBy404 = (entry: string): boolean =>
		pathValues.includes(entry) ||
		Object.entries(fields).some(
			([field, values]) => values.includes(entry) && REFERENCE_FIELD.test(field),
		);

	const blame = (pointsAt: (property: INodeProperties, entry: string) => boolean) =>
		candidates
			.map(({ property, values }) => ({
				property,
				hits: values.filter((entry) => pointsAt(property, entry)),
			}))
			.filter(({ hits }) => hits.length)
			.map(({ property, hits }) => `"${property.displayName}" (${hits.join(', ')})`);
	let matches = blame(namedInAnswer);
	if (!matches.length && status === '404') matches = blame((_, entry) => referencedBy404(entry));
	if (!matches.length) return;
	const lead =
		status === '404'
			? `Item ${itemIndex}: ${matches.join(' or ')} points at nothing this account can see in Confluence.`
			: `Item ${itemIndex}: Confluence refused ${matches.join(' or ')}.`;
	error.description = [lead, error.description].filter(Boolean).join(' ');
	error.context.itemIndex ??= itemIndex;
}
