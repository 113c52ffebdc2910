/* The output schemas under nodes/Confluence/__schema__ (what n8n's editor previews before a node has run): committed
 * files match what the nodes output today, one exists for every resource/operation, and every item validates. */
import Ajv from 'ajv';
import type { IDataObject } from 'n8n-workflow';

import {
	collectActionOutputs,
	collectTriggerOutputs,
	committedSchemaFiles,
	inferSchema,
	schemaFiles,
	SCHEMA_VERSION,
	staleSchemaFiles,
	type OutputSchema,
	type Outputs,
} from '../../scripts/output-schemas';
import { TRIGGER_EVENTS } from '../../nodes/Confluence/trigger/feeds';
import { resources } from '../badInput/catalog';
import { fastRetries } from '../helpers/fixtures';
import { startSimulator, type Simulator } from '../simulator';

const ajv = new Ajv({ strict: true, allowUnionTypes: true });

let sim: Simulator;
let actions: Outputs;
let trigger: IDataObject[];

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
	actions = await collectActionOutputs(sim);
	trigger = await collectTriggerOutputs(sim);
}, 180_000);

afterAll(async () => {
	await sim?.close();
});

const committed = () => committedSchemaFiles();
const committedSchema = (path: string): OutputSchema =>
	JSON.parse(committed().get(path) ?? 'null') as OutputSchema;

describe('committed output schemas', () => {
	it('are what `npm run schemas` generates from the nodes today', () => {
		expect(staleSchemaFiles(schemaFiles(actions, trigger))).toEqual([]);
	});

	it('exist for every resource/operation of the node description and for the trigger, and nothing else', () => {
		const expected = resources().flatMap(({ resource, operations }) =>
			operations.map((operation) => `${SCHEMA_VERSION}/${resource}/${operation}.json`),
		);
		expect(expected.length).toBeGreaterThan(60);
		expect([...committed().keys()].sort()).toEqual([...expected, `${SCHEMA_VERSION}.json`].sort());
	});

	it('are what the editor accepts as a preview: an object schema with properties', () => {
		// n8n's editor discards a schema without `type` and non-empty `properties` ("Invalid JSON schema").
		const rejected = [...committed()].filter(([, text]) => {
			const schema = JSON.parse(text) as OutputSchema;
			return schema.type !== 'object' || Object.keys(schema.properties ?? {}).length === 0;
		});
		expect(rejected.map(([path]) => path)).toEqual([]);
	});

	it('each validates every item its operation outputs (all variants, both credentials)', () => {
		const failures: string[] = [];
		for (const [key, items] of actions) {
			const validate = ajv.compile(committedSchema(`${SCHEMA_VERSION}/${key}.json`));
			items.forEach((item, index) => {
				if (!validate(item)) failures.push(`${key}[${index}]: ${ajv.errorsText(validate.errors)}`);
			});
		}
		expect(failures).toEqual([]);
		expect([...actions.values()].every((items) => items.length > 0)).toBe(true);
	});

	it('the trigger schema validates an item of every event kind', () => {
		const validate = ajv.compile(committedSchema(`${SCHEMA_VERSION}.json`));
		const failures = trigger.filter((item) => !validate(item));
		expect(failures).toEqual([]);
		expect(new Set(trigger.map((item) => item.event))).toEqual(new Set(TRIGGER_EVENTS));
		const properties = committedSchema(`${SCHEMA_VERSION}.json`).properties ?? {};
		// Fields of content events and of audit records side by side.
		expect(Object.keys(properties)).toEqual(
			expect.arrayContaining(['event', 'id', 'title', 'spaceId', 'summary', 'category']),
		);
	});

	it('were produced by runs Confluence would have answered the same way', () => {
		expect(sim.serverErrors).toEqual([]);
		expect(sim.contractViolations).toEqual([]);
	});

	it('describe the simplified output: Page → Get has the id, title, version number and Markdown body', () => {
		const page = committedSchema(`${SCHEMA_VERSION}/page/get.json`).properties ?? {};
		expect(page.id).toEqual({ type: 'string' });
		expect(page.title).toEqual({ type: 'string' });
		expect(page.version).toEqual({ type: 'number' });
		expect(page.body).toEqual({ type: 'string' });
		expect(page._links).toBeUndefined();
	});
});

describe('inferSchema', () => {
	it('merges the properties of every item, none required', () => {
		expect(inferSchema([{ a: 1 }, { b: 'x' }])).toEqual({
			type: 'object',
			properties: { a: { type: 'number' }, b: { type: 'string' } },
		});
	});

	it('unites types, nulls last, and leaves out undefined fields', () => {
		expect(inferSchema([{ a: null, c: undefined }, { a: 'x' }, { a: 2 }])).toEqual({
			type: 'object',
			properties: { a: { type: ['number', 'string', 'null'] } },
		});
	});

	it('describes array elements with one schema for all of them, and empty arrays without items', () => {
		expect(inferSchema([{ list: [{ id: '1' }, { id: '2', extra: true }], none: [] }])).toEqual({
			type: 'object',
			properties: {
				list: {
					type: 'array',
					items: {
						type: 'object',
						properties: { extra: { type: 'boolean' }, id: { type: 'string' } },
					},
				},
				none: { type: 'array' },
			},
		});
	});

	it('sorts properties, so the files do not depend on the order Confluence answers in', () => {
		const forward = inferSchema([{ b: { y: 1, x: 2 }, a: 1 }]);
		const backward = inferSchema([{ a: 1, b: { x: 2, y: 1 } }]);
		expect(JSON.stringify(forward)).toBe(JSON.stringify(backward));
		expect(Object.keys(forward.properties!)).toEqual(['a', 'b']);
	});

	it('gives a schema that rejects an item of another shape', () => {
		const validate = ajv.compile(inferSchema([{ id: '1', version: { number: 1 } }]));
		expect(validate({ id: '2', version: { number: 3 } })).toBe(true);
		expect(validate({ id: 2 })).toBe(false);
		expect(validate({ id: '2', version: { number: 'three' } })).toBe(false);
	});
});
