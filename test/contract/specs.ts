/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* Loads Atlassian's OpenAPI descriptions once, compiles validators lazily per operation (openapi-backend + ajv),
 * and matches request paths to operations faster than openapi-backend's router (which rebuilds its operation
 * list and regular expressions on every call). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import addFormats from 'ajv-formats';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import {
	OpenAPIRouter,
	OpenAPIValidator,
	ValidationContext,
	type Document,
	type Operation,
} from 'openapi-backend';

export type SpecName = 'v2' | 'v1';

/** The parts of an OpenAPI 3.0 document read here (after dereferencing, so no `$ref` objects remain). */
export interface MediaTypeObject {
	schema?: object;
}
export interface ResponseObject {
	content?: Record<string, MediaTypeObject>;
}
export interface RequestBodyObject {
	required?: boolean;
	content?: Record<string, MediaTypeObject>;
}
export interface OperationObject {
	responses?: Record<string, ResponseObject>;
	requestBody?: RequestBodyObject;
	parameters?: Array<{
		name: string;
		in: string;
		schema?: { type?: string };
		style?: string;
		explode?: boolean;
		description?: string;
	}>;
}
interface ApiDocument {
	paths?: Record<string, Record<string, unknown>>;
}

export interface SpecOperation {
	spec: SpecName;
	file: string;
	operation: Operation;
	operationId: string;
	/** Path template as written in the spec file (v2 relative to /wiki/api/v2). */
	template: string;
}

export type OperationMatch =
	| { kind: 'operation'; match: SpecOperation; pathParams: Record<string, string> }
	| { kind: 'unknownPath'; file: string }
	| { kind: 'unknownMethod'; file: string; template: string; methods: string[] };

interface Route {
	template: string;
	/** Matches the whole path; one capture group per template parameter, in `parameterNames` order. */
	pattern: RegExp;
	parameterNames: string[];
	literalLength: number;
	byMethod: Map<string, SpecOperation>;
}

export interface LoadedSpec {
	name: SpecName;
	file: string;
	/** Prefix of request paths this spec covers; stripped before matching v2 templates. */
	apiRoot: string;
	definition: Document;
	router: OpenAPIRouter;
	validator: OpenAPIValidator;
	/** Routes keyed by first path segment after apiRoot ('*' when a template starts with a parameter). */
	routes: Map<string, Route[]>;
	exact: Map<string, Route>;
	/**
	 * Multipart body schemas as published, copied before openapi-backend compiles them: it deletes binary parts
	 * from `required` in place, yet Confluence demands `file` and `minorEdit`.
	 */
	multipartSchemas: Map<string, object>;
	multipartValidators: Map<string, ValidateFunction | null>;
	/** Where each component schema object sits in the file, to name it in violations. */
	schemaLocations: WeakMap<object, string>;
}

const SPEC_FILES: Record<SpecName, { file: string; apiRoot: string }> = {
	v2: { file: 'confluence-v2.json', apiRoot: '/wiki/api/v2' },
	v1: { file: 'confluence-v1.json', apiRoot: '/' },
};

export function specDirectory(): string {
	const override = process.env.CONFLUENCE_OPENAPI_DIR;
	if (override) return resolve(override);
	// CI clones the repository next to shared/: <parent>/main and <parent>/shared.
	return resolve(__dirname, '..', '..', '..', 'shared', 'confluence-openapi');
}

/**
 * Inlines the structural `$ref`s openapi-backend reads as plain objects (parameters, request bodies, responses) and
 * points schema `$ref`s at `schemaBase`, where the components are registered once per ajv instance. Inlining the
 * schemas too would make ajv generate code for every expansion of Confluence's deeply nested (and cyclic) content
 * models: over a second per operation instead of milliseconds.
 */
function prepareDocument(document: Record<string, unknown>, schemaBase: string): void {
	const resolvePointer = (ref: string): unknown =>
		ref
			.slice(2)
			.split('/')
			.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce<unknown>((node, key) => {
				const next = (node as Record<string, unknown> | undefined)?.[key];
				if (next === undefined) throw new Error(`unresolvable $ref ${ref}`);
				return next;
			}, document);
	const seen = new Set<object>();
	const walk = (node: unknown): void => {
		if (node === null || typeof node !== 'object' || seen.has(node)) return;
		seen.add(node);
		const record = node as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			let value = record[key];
			for (let hops = 0; ; hops++) {
				const ref = (value as { $ref?: unknown } | null)?.$ref;
				if (typeof ref !== 'string') break;
				if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
				if (ref.startsWith('#/components/schemas/')) {
					value = { ...(value as object), $ref: `${schemaBase}${ref}` };
					break;
				}
				if (hops > 20) throw new Error(`$ref chain too long at ${ref}`);
				value = resolvePointer(ref);
			}
			record[key] = value;
			walk(value);
		}
	};
	walk(document);
}

/** Confluence's copy-page response is declared as `application/json;charset=UTF-8`; openapi-backend only reads `application/json`. */
function aliasJsonMediaTypes(document: ApiDocument): void {
	for (const pathItem of Object.values(document.paths ?? {})) {
		for (const operation of Object.values(pathItem ?? {})) {
			const responses = (operation as OperationObject | undefined)?.responses;
			if (!responses || typeof responses !== 'object') continue;
			for (const response of Object.values(responses)) {
				const content = response?.content;
				if (!content || content['application/json']) continue;
				const json = Object.keys(content).find((type) => /^application\/json\s*;/i.test(type));
				if (json) content['application/json'] = content[json];
			}
		}
	}
}

function ajvSetup(components: object, schemaBase: string) {
	return (ajv: Ajv): Ajv => {
		// Only the formats the two files use; openapi-backend already registers int32/int64/binary/byte.
		addFormats(ajv, ['date-time', 'uuid']);
		// v2 writes `format: string` on a few update-body properties (a spec slip meaning "a string").
		ajv.addFormat('string', true);
		ajv.addSchema({ components }, schemaBase);
		return ajv;
	};
}

function componentSchemaLocations(components: { schemas?: Record<string, unknown> }) {
	const locations = new WeakMap<object, string>();
	const walk = (node: unknown, location: string): void => {
		if (node === null || typeof node !== 'object' || locations.has(node)) return;
		locations.set(node, location);
		for (const [key, value] of Object.entries(node)) {
			if (key !== '$ref') walk(value, `${location}/${key}`);
		}
	};
	for (const [name, schema] of Object.entries(components.schemas ?? {})) {
		walk(schema, `#/components/schemas/${name}`);
	}
	return locations;
}

function templatePattern(template: string): RegExp {
	const source = template
		.split(/\{[^}]+\}/)
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('([^/]+)');
	return new RegExp(`^${source}$`);
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function pathParams(route: Route, path: string): Record<string, string> {
	const values = route.pattern.exec(path) ?? [];
	const params: Record<string, string> = {};
	route.parameterNames.forEach((name, index) => {
		params[name] = decodeSegment(values[index + 1] ?? '');
	});
	return params;
}

function firstSegment(path: string): string {
	const segment = path.split('/')[1] ?? '';
	return segment.startsWith('{') ? '*' : segment;
}

function buildRoutes(spec: LoadedSpec): void {
	const byTemplate = new Map<string, Route>();
	for (const operation of spec.router.getOperations()) {
		if (!operation.operationId) continue;
		let route = byTemplate.get(operation.path);
		if (!route) {
			route = {
				template: operation.path,
				pattern: templatePattern(operation.path),
				parameterNames: [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
				literalLength: operation.path.replace(/\{[^}]+\}/g, '').length,
				byMethod: new Map(),
			};
			byTemplate.set(operation.path, route);
		}
		route.byMethod.set(operation.method.toLowerCase(), {
			spec: spec.name,
			file: spec.file,
			operation,
			operationId: operation.operationId,
			template: operation.path,
		});
	}
	for (const route of byTemplate.values()) {
		if (!route.template.includes('{')) spec.exact.set(route.template, route);
		const key = firstSegment(route.template);
		const bucket = spec.routes.get(key) ?? [];
		bucket.push(route);
		spec.routes.set(key, bucket);
	}
	// Same precedence as openapi-backend: the template with the most literal characters wins.
	for (const bucket of spec.routes.values())
		bucket.sort((a, b) => b.literalLength - a.literalLength);
}

export function loadSpec(name: SpecName, directory = specDirectory()): LoadedSpec {
	const { file, apiRoot } = SPEC_FILES[name];
	const path = join(directory, file);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new Error(
			`contract: cannot read ${path} (set CONFLUENCE_OPENAPI_DIR to the folder holding Atlassian's OpenAPI files): ${
				(error as Error).message
			}`,
		);
	}
	const document = JSON.parse(text) as ApiDocument & { components?: object };
	const schemaBase = `urn:confluence-openapi:${name}`;
	prepareDocument(document as Record<string, unknown>, schemaBase);
	aliasJsonMediaTypes(document);
	const definition = document as unknown as Document;
	const multipartSchemas = new Map<string, object>();
	for (const pathItem of Object.values(document.paths ?? {})) {
		for (const operation of Object.values(pathItem ?? {}) as Array<
			OperationObject & { operationId?: string }
		>) {
			const schema = operation?.requestBody?.content?.['multipart/form-data']?.schema;
			if (schema && operation.operationId) {
				multipartSchemas.set(operation.operationId, JSON.parse(JSON.stringify(schema)) as object);
			}
		}
	}
	const router = new OpenAPIRouter({ definition, apiRoot });
	const validator = new OpenAPIValidator({
		definition,
		router,
		lazyCompileValidators: true,
		ajvOpts: { allErrors: true, strict: false, verbose: true },
		customizeAjv: ajvSetup(document.components ?? {}, schemaBase),
	});
	// openapi-backend builds a new ajv for every validator it compiles; one per validation context (each has fixed
	// coercion options) lets all operations share the compiled component schemas, which cost 10-200 ms each.
	const createAjv = validator.getAjv.bind(validator);
	const ajvByContext = new Map<ValidationContext, Ajv>();
	validator.getAjv = (context, options) => {
		let ajv = ajvByContext.get(context);
		if (!ajv) {
			ajv = createAjv(context, options);
			ajvByContext.set(context, ajv);
		}
		return ajv;
	};
	const spec: LoadedSpec = {
		name,
		file,
		apiRoot,
		definition,
		router,
		validator,
		routes: new Map(),
		exact: new Map(),
		multipartSchemas,
		multipartValidators: new Map(),
		schemaLocations: componentSchemaLocations(
			(document.components ?? {}) as { schemas?: Record<string, unknown> },
		),
	};
	buildRoutes(spec);
	return spec;
}

export function matchOperation(
	spec: LoadedSpec,
	method: string,
	requestPath: string,
): OperationMatch {
	let path = requestPath;
	if (spec.apiRoot !== '/') path = path.slice(spec.apiRoot.length) || '/';
	while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
	const verb = method.toLowerCase();

	const exact = spec.exact.get(path);
	const exactMatch = exact?.byMethod.get(verb);
	if (exactMatch) return { kind: 'operation', match: exactMatch, pathParams: {} };

	const candidates = [
		...(spec.routes.get(firstSegment(path)) ?? []),
		...(spec.routes.get('*') ?? []),
	];
	let pathMatch: Route | undefined = exact;
	for (const route of candidates) {
		if (!route.pattern.test(path)) continue;
		const match = route.byMethod.get(verb);
		if (match) return { kind: 'operation', match, pathParams: pathParams(route, path) };
		pathMatch ??= route;
	}
	if (pathMatch) {
		return {
			kind: 'unknownMethod',
			file: spec.file,
			template: pathMatch.template,
			methods: [...pathMatch.byMethod.keys()].map((m) => m.toUpperCase()),
		};
	}
	return { kind: 'unknownPath', file: spec.file };
}

/** Strict validator for a multipart body: the spec's schema as written, `required` binary parts included. */
export function multipartValidator(
	spec: LoadedSpec,
	match: SpecOperation,
): ValidateFunction | null {
	const cached = spec.multipartValidators.get(match.operationId);
	if (cached !== undefined) return cached;
	const schema = spec.multipartSchemas.get(match.operationId);
	const validate = schema
		? spec.validator.getAjv(ValidationContext.RequestBody).compile(schema)
		: null;
	spec.multipartValidators.set(match.operationId, validate);
	return validate;
}
