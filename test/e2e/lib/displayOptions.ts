/* Which top-level parameters a node description shows for given parameter values: the expected side of the editor
 * tests, computed from the description itself rather than from n8n's own helpers (which the editor also uses). */
import type { INodeParameters, INodeProperties, NodeParameterValueType } from 'n8n-workflow';

type Condition = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>[string];

function matches(condition: Condition, value: unknown): boolean {
	const allowed = (condition ?? []) as unknown[];
	for (const entry of allowed) {
		// Keep the evaluator small: conditions such as { _cnd: { gte: 2 } } are not needed by this package.
		if (entry !== null && typeof entry === 'object') {
			throw new Error(`displayOptions condition not supported here: ${JSON.stringify(entry)}`);
		}
	}
	const values = Array.isArray(value) ? value : [value];
	return values.some((candidate) => allowed.includes(candidate));
}

function isShown(property: INodeProperties, current: Record<string, unknown>): boolean {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	// `@tool` is true only in the variant n8n hands an AI agent; the editor tests open the node as a node.
	const valueOf = (name: string) => (name === '@tool' ? (current[name] ?? false) : current[name]);
	const check = (name: string) => {
		if ((name.startsWith('@') && name !== '@tool') || name.startsWith('/')) {
			throw new Error(`displayOptions key not supported here: ${name}`);
		}
	};
	for (const [name, condition] of Object.entries(show)) {
		check(name);
		if (!matches(condition, valueOf(name))) return false;
	}
	for (const [name, condition] of Object.entries(hide)) {
		check(name);
		if (matches(condition, valueOf(name))) return false;
	}
	return true;
}

/**
 * The top-level parameters shown for `values` (the node's parameters as saved), in description order. A shown
 * parameter has its value from `values`, else its default; a hidden one has no value, so conditions on it hide what
 * depends on it (as in n8n). The first shown parameter of a name wins. Each pass reads the values the previous pass
 * showed, until the set no longer changes, so declaration order does not matter.
 */
export function shownParameters(
	properties: INodeProperties[],
	values: INodeParameters,
): INodeProperties[] {
	let known: Record<string, NodeParameterValueType | undefined> = {};
	let previous = '';
	for (let pass = 0; pass < 20; pass++) {
		const current: typeof known = {};
		const shown: INodeProperties[] = [];
		for (const property of properties) {
			if (property.name in current || !isShown(property, known)) continue;
			current[property.name] = property.name in values ? values[property.name] : property.default;
			shown.push(property);
		}
		const names = shown.map((property) => property.name).join(',');
		if (names === previous) return shown;
		previous = names;
		known = current;
	}
	throw new Error('displayOptions do not settle (conditions that depend on each other in a cycle)');
}

/** Every operation's `action` text (what n8n's node creator lists), per resource value. */
export function operationActions(properties: INodeProperties[]): Record<string, string[]> {
	const actions: Record<string, string[]> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		// The Data Center form of a selector lists a subset of the same actions; the editor opens with a Cloud credential.
		if (property.displayOptions?.show?.authentication) continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const resource of resources) {
			actions[resource] = (property.options ?? []).map((option) =>
				'action' in option && typeof option.action === 'string' ? option.action : '',
			);
		}
	}
	return actions;
}
