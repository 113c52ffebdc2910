/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* `npm run schemas`: writes the output schemas n8n's editor previews before a node has run (and AI tools read), one per
 * resource/operation of the Confluence node and one for the trigger, inferred from what the nodes really output against
 * the simulator's demo seed with their default options.
 *
 * Where n8n 2.41 looks (n8n-core's output-schema-resolver): `<node's folder>/__schema__/v<x.y.z>/<resource>/<operation>.json`
 * for a node with resource/operation parameters, `<node's folder>/__schema__/v<x.y.z>.json` for one without. Both node
 * classes live in nodes/Confluence, so the trigger's schema is __schema__/v1.0.0.json and the action node's are the
 * files under __schema__/v1.0.0/.
 *
 *   npm run schemas            regenerate the files
 *   npm run schemas -- --check exit 1 (listing the files) when the committed files differ from what the nodes output */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { operationVariants, resources } from '../test/badInput/catalog';
import {
	inputItem,
	prepareFixtures,
	validParameters,
	type Fixtures,
} from '../test/badInput/values';
import { AUTH_KINDS, credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runNode, runPoll } from '../test/helpers/n8n';
import { startSimulator, type Simulator } from '../test/simulator';
import { TRIGGER_EVENTS } from '../nodes/Confluence/trigger/feeds';

export const SCHEMA_DIR = join(__dirname, '..', 'nodes', 'Confluence', '__schema__');
/** Both nodes are at typeVersion 1; n8n pads the version to three parts. */
export const SCHEMA_VERSION = 'v1.0.0';
export const TRIGGER_KEY = 'trigger';

/** The JSON Schema subset n8n's editor reads (type, properties, items); draft-07 compatible. */
export interface OutputSchema {
	type?: string | string[];
	properties?: Record<string, OutputSchema>;
	items?: OutputSchema;
}

export type JsonValue = IDataObject[string];

// ------------------------------------------------------------------------------------------------
// Inference

function typeOf(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'object') return 'object';
	return typeof value;
}

/** Non-null types first (the editor shows a union as its first type), then alphabetical. */
function typeOrder(a: string, b: string): number {
	if (a === 'null' || b === 'null') return a === 'null' ? (b === 'null' ? 0 : 1) : -1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A schema every one of `values` satisfies: the union of their types; for objects the union of their properties
 * (none required: an operation leaves fields out when Confluence does); for arrays one schema for all elements.
 */
export function inferSchema(values: unknown[]): OutputSchema {
	const types = new Set(values.map(typeOf));
	const schema: OutputSchema = {};
	const typeList = [...types].sort(typeOrder);
	if (typeList.length > 0) schema.type = typeList.length === 1 ? typeList[0] : typeList;
	if (types.has('object')) {
		const byKey = new Map<string, unknown[]>();
		for (const value of values) {
			if (typeOf(value) !== 'object') continue;
			for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
				// An undefined field is absent from the JSON n8n stores and shows.
				if (field === undefined) continue;
				if (!byKey.has(key)) byKey.set(key, []);
				byKey.get(key)!.push(field);
			}
		}
		if (byKey.size > 0) {
			schema.properties = {};
			for (const key of [...byKey.keys()].sort()) {
				schema.properties[key] = inferSchema(byKey.get(key)!);
			}
		}
	}
	if (types.has('array')) {
		const elements = values.filter(Array.isArray).flat();
		if (elements.length > 0) schema.items = inferSchema(elements);
	}
	return schema;
}

/** The file's text: keys in a fixed order (type, properties, items; properties sorted), tabs, final newline. */
export function renderSchema(schema: OutputSchema): string {
	return `${JSON.stringify(schema, null, '\t')}\n`;
}

// ------------------------------------------------------------------------------------------------
// Running the nodes

/** `<resource>/<operation>` → the json of every item the operation output (all its variants, both credentials). */
export type Outputs = Map<string, IDataObject[]>;

/** What some operations need beside the bad-input fixtures to output anything: a page with children. */
function prepareOutputs(sim: Simulator, fx: Fixtures, operationKey: string): void {
	if (operationKey === 'page/getChildren' || operationKey === 'page/getDescendants') {
		const child = sim.store.createPage({
			spaceId: fx.spaceId,
			title: 'Child',
			parentId: fx.pageId,
		});
		sim.store.createPage({ spaceId: fx.spaceId, title: 'Grandchild', parentId: child.id });
	}
}

/** Runs every variant of every resource/operation with valid values, with each credential, on a fresh demo seed. */
export async function collectActionOutputs(sim: Simulator): Promise<Outputs> {
	const outputs: Outputs = new Map();
	for (const { resource, operations } of resources()) {
		for (const operation of operations) outputs.set(`${resource}/${operation}`, []);
	}
	for (const variant of operationVariants()) {
		for (const auth of AUTH_KINDS) {
			sim.reset('demo');
			const fx = prepareFixtures(sim);
			prepareOutputs(sim, fx, `${variant.resource}/${variant.operation}`);
			const result = await runNode({
				parameters: validParameters(variant, fx),
				inputItems: [inputItem(variant)],
				credentials: credentialsFor(sim),
				auth,
			});
			if (result.error) {
				throw new Error(`${variant.label} (${auth}) failed: ${result.error.message}`);
			}
			outputs
				.get(`${variant.resource}/${variant.operation}`)!
				.push(...result.items.map((item: INodeExecutionData) => item.json));
		}
	}
	// A variant may find nothing (no attachments on the demo blog post); the operation as a whole may not.
	const empty = [...outputs].filter(([, items]) => items.length === 0).map(([key]) => key);
	if (empty.length > 0) throw new Error(`no items to infer a schema from: ${empty.join(', ')}`);
	return outputs;
}

/** Every event kind of the trigger once after activation, polled with the trigger's default options. */
export async function collectTriggerOutputs(sim: Simulator): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (const auth of AUTH_KINDS) {
		sim.reset('empty');
		sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = { events: TRIGGER_EVENTS };
		await runPoll({ parameters, credentials, staticData, auth });
		sim.clock.advance(10_000);
		const space = sim.store.createSpace({ key: 'ENG', name: 'Engineering' });
		const page = sim.store.createPage({
			spaceId: space.id,
			title: 'Release notes',
			body: '<p>v1</p>',
		});
		sim.store.updateContent(page.id, { body: '<p>v2</p>' });
		const post = sim.store.createBlogPost({ spaceId: space.id, title: 'News', body: '<p>n1</p>' });
		sim.store.updateContent(post.id, { body: '<p>n2</p>' });
		sim.store.addComment({ containerId: page.id, location: 'footer', body: '<p>Looks good</p>' });
		sim.store.addAttachment({ containerId: page.id, fileName: 'notes.txt', data: 'notes' });
		sim.clock.advance(10_000);
		const emitted = (await runPoll({ parameters, credentials, staticData, auth })) ?? [];
		const kinds = new Set(emitted.map((item) => String(item.json.event)));
		const missing = TRIGGER_EVENTS.filter((event) => !kinds.has(event));
		if (missing.length > 0) {
			throw new Error(`the trigger (${auth}) emitted no ${missing.join(', ')} event`);
		}
		items.push(...emitted.map((item) => item.json));
	}
	return items;
}

/** Path (relative to SCHEMA_DIR) → file text, for every schema file. */
export function schemaFiles(actions: Outputs, trigger: IDataObject[]): Map<string, string> {
	const files = new Map<string, string>();
	for (const key of [...actions.keys()].sort()) {
		files.set(`${SCHEMA_VERSION}/${key}.json`, renderSchema(inferSchema(actions.get(key)!)));
	}
	files.set(`${SCHEMA_VERSION}.json`, renderSchema(inferSchema(trigger)));
	return files;
}

/** Runs both nodes against a simulator of its own and returns the schema files. */
export async function generateSchemaFiles(): Promise<Map<string, string>> {
	fastRetries();
	const sim = await startSimulator({ seed: 'demo' });
	try {
		const actions = await collectActionOutputs(sim);
		const trigger = await collectTriggerOutputs(sim);
		return schemaFiles(actions, trigger);
	} finally {
		await sim.close();
	}
}

/** The .json files under SCHEMA_DIR, as paths relative to it. */
export function committedSchemaFiles(): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (directory: string) => {
		let entries: string[];
		try {
			entries = readdirSync(directory).sort();
		} catch {
			return;
		}
		for (const entry of entries) {
			const path = join(directory, entry);
			if (statSync(path).isDirectory()) walk(path);
			else if (entry.endsWith('.json'))
				files.set(relative(SCHEMA_DIR, path).split('\\').join('/'), readFileSync(path, 'utf8'));
		}
	};
	walk(SCHEMA_DIR);
	return files;
}

/** Paths that differ, are missing or are left over, compared with `expected`. */
export function staleSchemaFiles(expected: Map<string, string>): string[] {
	const committed = committedSchemaFiles();
	const paths = new Set([...expected.keys(), ...committed.keys()]);
	return [...paths].sort().filter((path) => expected.get(path) !== committed.get(path));
}

async function main(): Promise<void> {
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const check = process.argv.includes('--check');
	const files = await generateSchemaFiles();
	if (check) {
		const stale = staleSchemaFiles(files);
		if (stale.length > 0) {
			process.stdout.write(
				`output schemas out of date (run npm run schemas):\n${stale.join('\n')}\n`,
			);
			process.exitCode = 1;
		} else process.stdout.write(`${files.size} output schemas up to date\n`);
		return;
	}
	rmSync(SCHEMA_DIR, { recursive: true, force: true });
	for (const [path, text] of files) {
		const target = join(SCHEMA_DIR, path);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, text);
	}
	process.stdout.write(
		`${files.size} output schemas written to ${relative(process.cwd(), SCHEMA_DIR)}\n`,
	);
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
