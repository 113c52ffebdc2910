/* Contract validation: every exchange between the package and the simulator, checked against Atlassian's OpenAPI
 * descriptions of Confluence Cloud (v2 under /wiki/api/v2, v1 under /wiki/rest/api) with openapi-backend/ajv. */
import type { ErrorObject } from 'ajv';
import type { Operation } from 'openapi-backend';

import {
	loadSpec,
	matchOperation,
	multipartValidator,
	type LoadedSpec,
	type OperationObject,
	type SpecName,
	type SpecOperation,
} from './specs';
import { contractState, recordBeyondSpec, recordExchange, type ContractTotals } from './state';

export { flushContractTotals, recordBeyondSpec } from './state';
export type { ContractTotals } from './state';

export interface ContractExchange {
	method: string;
	/** Site-relative, without any /ex/confluence/{cloudId} prefix, e.g. /wiki/api/v2/pages/123. */
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, a Buffer for multipart/binary bodies, or undefined. */
	requestBody: unknown;
	status: number;
	responseHeaders: Record<string, string | string[] | undefined>;
	/** Parsed JSON, or undefined for binary bodies and redirects. */
	responseBody: unknown;
}

const V2_ROOT = '/wiki/api/v2';
const V1_ROOT = '/wiki/rest/api';

// The one documented quirk (shared/confluence-openapi/README.md): v2 write bodies of pages, blog posts and comments
// are a `oneOf` of {representation, value} and {storage|atlas_doc_format|wiki: {...}}; neither branch has required
// properties, so every object matches both. Only that "matches more than one branch" failure is ignored.
const BODY_ONE_OF_QUIRK_OPERATIONS = new Set([
	'createPage',
	'updatePage',
	'createBlogPost',
	'updateBlogPost',
	'createFooterComment',
	'updateFooterComment',
	'createInlineComment',
	'updateInlineComment',
]);

/**
 * Statuses Atlassian documents for every REST operation outside the per-operation OpenAPI responses: missing, invalid
 * or expired credentials (401, answered by authentication before any operation runs; many v1 operations omit it),
 * rate limiting (429, developer.atlassian.com/cloud/confluence/rate-limiting) and transient server/gateway failures
 * (5xx, which may carry Retry-After). Their presence is accepted; their bodies are not part of any operation's contract.
 */
function isPlatformStatus(status: number): boolean {
	return status === 401 || status === 429 || (status >= 500 && status <= 504);
}

/**
 * The one undocumented status Confluence really answers on purpose: a versioned v2 update whose `version.number` is
 * not the current one + 1 gets 409 CONFLICT (api-contract.md, "409 stale version on PUT"; the v1 attachment update
 * documents the same 409). Atlassian's v2 OpenAPI lists only 200/400/401/404 for these PUTs. Accepted only for these
 * operations, and only with the v2 error envelope of a conflict, so any other 409 is still a finding.
 */
export const STALE_VERSION_CONFLICT_OPERATIONS: ReadonlySet<string> = new Set([
	'updatePage',
	'updateBlogPost',
	'updateFooterComment',
	'updateInlineComment',
	'updatePagePropertyById',
	'updateBlogpostPropertyById',
	'updateSpacePropertyById',
	'updateCommentPropertyById',
	'updateAttachmentPropertyById',
	'updateWhiteboardPropertyById',
]);

function isStaleVersionConflict(operationId: string | undefined, ex: ContractExchange): boolean {
	if (ex.status !== 409 || !operationId || !STALE_VERSION_CONFLICT_OPERATIONS.has(operationId))
		return false;
	const errors = (ex.responseBody as { errors?: unknown } | undefined)?.errors;
	return (
		Array.isArray(errors) &&
		errors.length > 0 &&
		errors.every(
			(error: { status?: unknown; code?: unknown; title?: unknown }) =>
				error?.status === 409 && error.code === 'CONFLICT' && typeof error.title === 'string',
		)
	);
}

function specFor(path: string): SpecName | undefined {
	if (path === V2_ROOT || path.startsWith(`${V2_ROOT}/`)) return 'v2';
	if (path === V1_ROOT || path.startsWith(`${V1_ROOT}/`)) return 'v1';
	return undefined;
}

function spec(name: SpecName): LoadedSpec {
	const state = contractState();
	let loaded = state.specs[name];
	if (!loaded) {
		loaded = loadSpec(name);
		state.specs[name] = loaded;
	}
	return loaded;
}

function cleanHeaders(
	headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
	const clean: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value !== undefined) clean[name.toLowerCase()] = value;
	}
	return clean;
}

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Array parameters as the spec reads them. Comma-separated only where the spec says so: a parameter declaring
 * `explode: false` (v1's `style: form, explode: false`), or one whose description says it takes a comma-separated list
 * (a few v2 filters). Every other array parameter has OpenAPI's default style (form, explode): repeated parameters, so
 * `status=current,archived` is the one value "current,archived" (REALITY.md v2-array-query). Repeated parameters are
 * accepted everywhere.
 */
function takesCommaList(parameter: NonNullable<OperationObject['parameters']>[number]): boolean {
	return parameter.explode === false || /comma[- ]separated/i.test(parameter.description ?? '');
}

function normalizeQuery(
	operation: OperationObject,
	query: Record<string, string | string[]>,
): Record<string, string | string[]> {
	const normalized: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(query ?? {})) {
		const parameter = operation.parameters?.find((p) => p.in === 'query' && p.name === name);
		if (parameter?.schema?.type === 'array') {
			const values = Array.isArray(value) ? value : [value];
			normalized[name] = takesCommaList(parameter) ? values.flatMap((v) => v.split(',')) : values;
		} else {
			normalized[name] = value;
		}
	}
	return normalized;
}

/** Field names and text values of a multipart/form-data body (file parts as a size placeholder). */
function readMultipartFields(
	body: Buffer,
	contentType: string | undefined,
): Record<string, string> | undefined {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const fields: Record<string, string> = {};
	let start = body.indexOf(delimiter);
	if (start < 0) return undefined;
	for (;;) {
		start += delimiter.length;
		if (body[start] === 0x2d && body[start + 1] === 0x2d) return fields;
		const next = body.indexOf(delimiter, start);
		if (next < 0) return undefined;
		const part = body.subarray(start, next);
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) return undefined;
		const head = part.subarray(0, headerEnd).toString('latin1');
		const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(head);
		const name = disposition && /\bname="([^"]*)"/i.exec(disposition[1]);
		if (!disposition || !name) return undefined;
		// A part ends with the CRLF that precedes the next delimiter.
		const content = part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2));
		if (!(name[1] in fields)) {
			fields[name[1]] = /\bfilename\*?=/i.test(disposition[1])
				? `<${content.length} bytes>`
				: content.toString('utf8');
		}
		start = next;
	}
}

function describeLocation(instancePath: string, kind: 'request' | 'response'): string {
	if (kind === 'response') return instancePath ? `body${instancePath}` : 'body';
	const [, section, ...rest] = instancePath.split('/');
	const tail = rest.join('/');
	switch (section) {
		case 'requestBody':
			return tail ? `body/${tail}` : 'body';
		case 'query':
			return tail ? `query parameter '${tail}'` : 'query';
		case 'path':
			return tail ? `path parameter '${tail}'` : 'path';
		case 'header':
			return tail ? `header '${tail}'` : 'headers';
		default:
			return 'request';
	}
}

const SHOW_DATA_FOR = new Set([
	'type',
	'enum',
	'format',
	'pattern',
	'const',
	'maximum',
	'minimum',
	'exclusiveMaximum',
	'exclusiveMinimum',
	'maxLength',
	'minLength',
	'maxItems',
	'minItems',
]);

/** The failing keyword's place in the spec file: named for component schemas, else within the compiled wrapper. */
function schemaLocation(loaded: LoadedSpec, error: ErrorObject): string {
	const parent: unknown = error.parentSchema;
	const location =
		parent !== null && typeof parent === 'object' ? loaded.schemaLocations.get(parent) : undefined;
	return location ? `${location}/${error.keyword}` : error.schemaPath;
}

function describeError(
	loaded: LoadedSpec,
	error: ErrorObject,
	kind: 'request' | 'response',
): string {
	const params = error.params as Record<string, unknown>;
	const schema = schemaLocation(loaded, error);
	if (
		kind === 'request' &&
		error.keyword === 'required' &&
		params.missingProperty === 'requestBody'
	) {
		return `body: missing, but the operation requires one [schema ${schema}]`;
	}
	let detail = '';
	if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
		detail = ` (allowed: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
	} else if (error.keyword === 'additionalProperties') {
		detail = ` ('${String(params.additionalProperty)}')`;
	} else if (error.keyword === 'oneOf') {
		detail = params.passingSchemas
			? ` (matches branches ${JSON.stringify(params.passingSchemas)})`
			: ' (matches no branch)';
	}
	if (SHOW_DATA_FOR.has(error.keyword) && 'data' in error) {
		const data = JSON.stringify(error.data) ?? String(error.data);
		detail += ` (got ${data.length > 80 ? `${data.slice(0, 77)}...` : data})`;
	}
	const location = describeLocation(error.instancePath, kind);
	return `${location}: ${error.message ?? error.keyword}${detail} [schema ${schema}]`;
}

function isBodyOneOfQuirk(match: SpecOperation, error: ErrorObject): boolean {
	return (
		match.spec === 'v2' &&
		BODY_ONE_OF_QUIRK_OPERATIONS.has(match.operationId) &&
		error.keyword === 'oneOf' &&
		(error.instancePath === '/requestBody/body' || error.instancePath === '/requestBody') &&
		Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas)
	);
}

function requestViolations(
	loaded: LoadedSpec,
	match: SpecOperation,
	pathParams: Record<string, string>,
	ex: ContractExchange,
): string[] {
	const operation = match.operation as Operation & OperationObject;
	const headers = cleanHeaders(ex.headers);
	const declared = Object.keys(operation.requestBody?.content ?? {});
	const problems: string[] = [];

	let body = ex.requestBody;
	let multipart = false;
	if (Buffer.isBuffer(body)) {
		if (body.length === 0) {
			body = undefined;
		} else if (declared.includes('multipart/form-data')) {
			const fields = readMultipartFields(body, headerValue(headers, 'content-type'));
			if (fields) {
				body = fields;
				multipart = true;
			} else {
				problems.push(
					'body: not a well-formed multipart/form-data body (boundary from Content-Type, form-data parts)',
				);
				body = undefined;
			}
		} else if (declared.includes('application/json')) {
			try {
				body = JSON.parse(body.toString('utf8'));
			} catch {
				problems.push('body: not JSON, but the operation takes application/json');
				body = undefined;
			}
		} else if (operation.requestBody) {
			// Raw bodies (declared as `*/*`) have no schema to check against.
			body = undefined;
		}
	}
	if (body !== undefined && !operation.requestBody) {
		problems.push('body: present, but the operation takes no request body');
		body = undefined;
	}

	// The request shaped as openapi-backend's compiled validators expect it ({path, query, header, cookie,
	// requestBody}); its own validateRequest does the same shaping with lodash and per-call regular expressions,
	// ten times slower than the checks themselves.
	const request: Record<string, unknown> = {
		path: { ...pathParams },
		query: normalizeQuery(operation, ex.query),
		header: headers,
		cookie: {},
	};
	if (body !== undefined) request.requestBody = body;
	const found: ErrorObject[] = [];
	for (const validate of loaded.validator.getRequestValidatorsForOperation(match.operationId) ??
		[]) {
		if (!validate(request)) found.push(...(validate.errors ?? []));
	}
	const errors = found.filter((error) => !isBodyOneOfQuirk(match, error));

	if (multipart) {
		// openapi-backend drops binary properties from `required`; Confluence does demand `file` and `minorEdit`.
		const strict = multipartValidator(loaded, match);
		if (strict && !strict(body)) {
			for (const error of strict.errors ?? []) {
				if (error.keyword === 'required') {
					errors.push({ ...error, instancePath: `/requestBody${error.instancePath}` });
				}
			}
		}
	}

	return [...problems, ...errors.map((error) => describeError(loaded, error, 'request'))];
}

function responseViolations(
	loaded: LoadedSpec,
	match: SpecOperation,
	ex: ContractExchange,
	accepted: string[],
): string[] {
	const operation = match.operation as Operation & OperationObject;
	const responses = operation.responses ?? {};
	const status = ex.status;
	const documented =
		responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
	if (!documented) {
		const beyond = isStaleVersionConflict(operation.operationId, ex)
			? '409 stale version'
			: isPlatformStatus(status)
				? status >= 500
					? '5xx'
					: String(status)
				: undefined;
		if (beyond) {
			accepted.push(beyond);
			return [];
		}
		return [
			`status is not documented for this operation (documented: ${Object.keys(responses).join(', ')})`,
		];
	}

	const problems: string[] = [];
	const headers = loaded.validator.validateResponseHeaders(
		cleanHeaders(ex.responseHeaders),
		operation,
		{
			statusCode: status,
		},
	);
	for (const error of headers.errors ?? []) {
		problems.push(
			`header '${error.instancePath.replace(/^\/headers\//, '')}': ${error.message ?? error.keyword} [schema ${error.schemaPath}]`,
		);
	}

	const hasBody = ex.responseBody !== undefined && ex.responseBody !== '';
	if (status === 204 || (status >= 300 && status < 400)) {
		if (status === 204 && hasBody) problems.push('body: present, but a 204 response has none');
		return problems;
	}
	const schema = documented.content?.['application/json']?.schema;
	if (!schema) return problems;
	if (!hasBody) {
		problems.push('body: missing, but the operation documents a JSON body for this status');
		return problems;
	}
	const result = loaded.validator.validateResponse(ex.responseBody, operation, status);
	for (const error of result.errors ?? []) problems.push(describeError(loaded, error, 'response'));
	return problems;
}

interface CheckedExchange {
	violations: string[];
	/** Why the contract accepted a status the operation does not document (counted on a line of its own). */
	acceptedBeyondSpec?: string;
	/** False when no operation matched, so there was no response contract to check. */
	responseChecked: boolean;
}

function check(ex: ContractExchange): CheckedExchange | undefined {
	const path = ex.path.split('?')[0];
	const name = specFor(path);
	if (!name) return undefined;
	const method = ex.method.toUpperCase();
	try {
		const loaded = spec(name);
		const found = matchOperation(loaded, method, path);
		if (found.kind === 'unknownPath') {
			return {
				violations: [`${method} ${path}: no operation in ${found.file} has this path`],
				responseChecked: false,
			};
		}
		if (found.kind === 'unknownMethod') {
			const methods = found.methods.join(', ');
			return {
				violations: [`${method} ${path}: ${found.file} has ${found.template} only for ${methods}`],
				responseChecked: false,
			};
		}
		const { match } = found;
		const label = `${method} ${path} (${match.file} ${match.operationId})`;
		const accepted: string[] = [];
		const violations = [
			...requestViolations(loaded, match, found.pathParams, ex).map(
				(v) => `${label}: request ${v}`,
			),
			...responseViolations(loaded, match, ex, accepted).map(
				(v) => `${label}: response ${ex.status} ${v}`,
			),
		];
		return { violations, responseChecked: true, acceptedBeyondSpec: accepted[0] };
	} catch (error) {
		return {
			violations: [`${method} ${path}: contract validation failed: ${(error as Error).message}`],
			responseChecked: false,
		};
	}
}

/**
 * Violations of the published contract in one exchange, each naming method, path, operationId and the failing
 * schema path; counted for the run's contract report. Paths outside /wiki/api/v2 and /wiki/rest/api (OAuth,
 * downloads, tenant info) are neither checked nor counted.
 */
export function validateExchange(ex: ContractExchange): string[] {
	const checked = check(ex);
	if (!checked) return [];
	recordExchange({ request: true, response: checked.responseChecked }, checked.violations);
	if (checked.acceptedBeyondSpec) recordBeyondSpec(checked.acceptedBeyondSpec);
	return checked.violations;
}

/** Same verdict as validateExchange without counting it: for tests of the validator that provoke violations. */
export function checkExchange(ex: ContractExchange): string[] {
	return check(ex)?.violations ?? [];
}

/** Exchanges validated by this process (all jest test files of one worker share it). */
export function contractTotals(): ContractTotals {
	const totals = contractState().totals;
	return { ...totals, beyondSpec: { ...totals.beyondSpec } };
}
