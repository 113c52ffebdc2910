/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Every operation, read from the node's description, with each required parameter missing, empty, of the wrong type
 * and pointing at something that does not exist. Values arrive through expressions, as they do at run time from
 * mapped input (values typed in the editor are checked by n8n before the node runs, which is tested too).
 * Expected: a NodeOperationError/NodeApiError naming the parameter, for the item; nothing sent to Confluence when the
 * input alone is invalid; with Continue On Fail the other items go on. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { credentialsFor, fastRetries } from '../helpers/fixtures';
import { runNode, type RunResult } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';
import { operationVariants, resources, type OperationVariant } from './catalog';
import {
	inputItem,
	nonexistentValue,
	PARAMETER_VALUES,
	prepareFixtures,
	validParameters,
	type Fixtures,
} from './values';

type Case = 'missing' | 'empty' | 'wrongType' | 'nonexistent';

const totals = { cases: 0, operations: new Set<string>(), requestsSentForInvalidInput: 0 };

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	// Validated like every other exchange: the 400s and 404s these cases provoke must be ones Atlassian documents.
	sim = await startSimulator({ seed: 'demo' });
});

afterAll(async () => {
	await sim?.close();
	process.stdout.write(
		[
			'',
			'bad input totals:',
			`operations with required parameters: ${totals.operations.size}`,
			`cases: ${totals.cases}`,
			`requests sent for invalid input: ${totals.requestsSentForInvalidInput}`,
			'',
		].join('\n'),
	);
});

function fresh(): Fixtures {
	sim.reset('demo');
	return prepareFixtures(sim);
}

/** The raw value an expression should produce for this case ('={{ $json.bad }}' reads it from the item). */
function badValue(kind: Case, property: INodeProperties, variant: OperationVariant): unknown {
	const unwrap = (value: unknown) =>
		value && typeof value === 'object' && '__rl' in value
			? (value as IDataObject).value
			: value === '={{ { "not": "text" } }}'
				? { not: 'text' }
				: value;
	if (kind === 'missing') return undefined;
	if (kind === 'empty') return '  ';
	if (kind === 'wrongType') return unwrap(PARAMETER_VALUES[property.name].wrongType);
	return unwrap(nonexistentValue(property.name, variant));
}

/** The parameter set to read this parameter from the item (`$json.bad`), keeping a locator's mode. */
function fromItem(
	property: INodeProperties,
	kind: Case,
	variant: OperationVariant,
	valid: unknown,
): unknown {
	if (property.type !== 'resourceLocator') return '={{ $json.bad }}';
	const sample =
		kind === 'nonexistent'
			? nonexistentValue(property.name, variant)
			: kind === 'wrongType'
				? PARAMETER_VALUES[property.name].wrongType
				: valid;
	return { __rl: true, mode: (sample as IDataObject).mode, value: '={{ $json.bad }}' };
}

function errorText(error: RunResult['error']): string {
	return `${error?.message ?? ''} ${error?.description ?? ''}`.toLowerCase();
}

function cases(): Array<[string, OperationVariant, INodeProperties, Case]> {
	const list: Array<[string, OperationVariant, INodeProperties, Case]> = [];
	for (const variant of operationVariants()) {
		for (const property of variant.required) {
			for (const kind of ['missing', 'empty', 'wrongType', 'nonexistent'] as Case[]) {
				if (kind === 'nonexistent' && nonexistentValue(property.name, variant) === undefined)
					continue;
				list.push([`${variant.label}: "${property.displayName}" ${kind}`, variant, property, kind]);
			}
		}
	}
	return list;
}

describe('the catalog drives the suite', () => {
	it('has values for every required parameter of every operation', () => {
		const unknown = operationVariants().flatMap((variant) =>
			variant.required
				.filter((property) => !PARAMETER_VALUES[property.name])
				.map((property) => `${variant.label}: ${property.name}`),
		);
		expect(unknown).toEqual([]);
	});

	it('covers every resource and operation', () => {
		const covered = new Set(
			operationVariants().map((variant) => `${variant.resource}.${variant.operation}`),
		);
		const offered = resources().flatMap(({ resource, operations }) =>
			operations.map((operation) => `${resource}.${operation}`),
		);
		expect(offered.length).toBeGreaterThan(60);
		expect(offered.filter((operation) => !covered.has(operation))).toEqual([]);
	});
});

describe('each operation works with its valid values, with both credentials (the baseline the bad cases differ from)', () => {
	it.each(
		operationVariants().flatMap((variant) =>
			(['apiToken', 'oAuth2'] as const).map((auth) => [variant.label, auth, variant] as const),
		),
	)('%s (%s)', async (_label, auth, variant) => {
		const fx = fresh();
		const result = await runNode({
			parameters: validParameters(variant, fx),
			inputItems: [inputItem(variant)],
			credentials: credentialsFor(sim),
			auth,
		});
		expect(result.error?.message).toBeUndefined();
	});
});

describe('bad values for required parameters', () => {
	it.each(cases())('%s', async (_label, variant, property, kind) => {
		const fx = fresh();
		const parameters = validParameters(variant, fx);
		parameters[property.name] = fromItem(
			property,
			kind,
			variant,
			parameters[property.name],
		) as IDataObject[string];
		const before = sim.requests.length;
		const result = await runNode({
			parameters,
			inputItems: [
				inputItem(variant, { bad: badValue(kind, property, variant) as IDataObject[string] }),
			],
			credentials: credentialsFor(sim),
		});
		const sent = sim.requests.length - before;
		totals.cases++;
		totals.operations.add(`${variant.resource}.${variant.operation}`);

		expect(result.error).toBeDefined();
		expect(['NodeOperationError', 'NodeApiError']).toContain(result.error?.name);
		expect(errorText(result.error)).toContain(property.displayName.toLowerCase());
		expect(result.error?.context?.itemIndex).toBe(0);
		if (kind !== 'nonexistent') {
			totals.requestsSentForInvalidInput += sent;
			expect(
				sim.requests.slice(before).map((request) => `${request.method} ${request.path}`),
			).toEqual([]);
		}
	});
});

describe('Continue On Fail: a bad item fails alone', () => {
	const rows = operationVariants().flatMap((variant) =>
		variant.required.map(
			(property) => [`${variant.label}: "${property.displayName}"`, variant, property] as const,
		),
	);

	it.each(rows)('%s', async (_label, variant, property) => {
		const fx = fresh();
		const parameters = validParameters(variant, fx);
		const valid = parameters[property.name];
		parameters[property.name] = fromItem(property, 'empty', variant, valid) as IDataObject[string];
		const validRaw =
			valid && typeof valid === 'object' && '__rl' in valid ? (valid as IDataObject).value : valid;
		const result = await runNode({
			parameters,
			inputItems: [
				inputItem(variant, { bad: validRaw as IDataObject[string] }),
				inputItem(variant, { bad: '' }),
			],
			credentials: credentialsFor(sim),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const byItem = (index: number) =>
			result.items.filter(
				(item) => (item.pairedItem as { item: number } | undefined)?.item === index,
			);
		// The good item's own result (possibly no items, e.g. a page without children), never an error.
		expect(byItem(0).every((item) => item.json.error === undefined)).toBe(true);
		expect(result.items.filter((item) => item.json.error !== undefined)).toHaveLength(1);
		expect(byItem(1)).toHaveLength(1);
		const [failed] = byItem(1);
		expect(
			`${String(failed.json.error)} ${String(failed.json.description ?? '')}`.toLowerCase(),
		).toContain(property.displayName.toLowerCase());
	});
});

describe('values typed in the editor: an empty required parameter is refused before anything is sent', () => {
	const rows = operationVariants().flatMap((variant) =>
		variant.required
			.filter((property) => property.type !== 'number')
			.map(
				(property) => [`${variant.label}: "${property.displayName}"`, variant, property] as const,
			),
	);

	it.each(rows)('%s', async (_label, variant, property) => {
		const fx = fresh();
		const parameters = validParameters(variant, fx);
		parameters[property.name] =
			property.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: '' } : '';
		const before = sim.requests.length;
		// n8n itself refuses most of these ("Parameter … is required"); what it lets through, the node refuses.
		const outcome = await runNode({
			parameters,
			inputItems: [inputItem(variant)],
			credentials: credentialsFor(sim),
		}).then(
			(result) => errorText(result.error),
			(error: Error) => error.message.toLowerCase(),
		);
		expect(outcome).toContain(property.displayName.toLowerCase());
		expect(outcome).toMatch(/is required|is empty/);
		expect(sim.requests.length).toBe(before);
	});
});
