/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* OAuth scopes each operation needs, read from Atlassian's OpenAPI files (`x-atlassian-oauth2-scopes`). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Each inner array is one acceptable scope set (classic "Current" or granular "Beta"); a token needs all of one. */
export type ScopeAlternatives = string[][];

interface SpecOperation {
	'x-atlassian-oauth2-scopes'?: Array<{ scopes?: string[] }>;
	security?: Array<Record<string, string[]>>;
}

let table: Map<string, ScopeAlternatives> | undefined;

export function specDirectory(): string {
	const override = process.env.CONFLUENCE_OPENAPI_DIR;
	return override ?? resolve(__dirname, '..', '..', '..', 'shared', 'confluence-openapi');
}

function normalize(template: string): string {
	return template.replace(/\{[^}]+\}/g, '{}');
}

function load(): Map<string, ScopeAlternatives> {
	const result = new Map<string, ScopeAlternatives>();
	const dir = specDirectory();
	const files: Array<[string, string]> = [
		['confluence-v2.json', '/wiki/api/v2'],
		['confluence-v1.json', ''],
	];
	for (const [file, prefix] of files) {
		const path = join(dir, file);
		if (!existsSync(path)) continue;
		const spec = JSON.parse(readFileSync(path, 'utf8')) as {
			paths: Record<string, Record<string, SpecOperation>>;
		};
		for (const [template, operations] of Object.entries(spec.paths)) {
			for (const [method, operation] of Object.entries(operations)) {
				if (typeof operation !== 'object' || operation === null) continue;
				const alternatives = (operation['x-atlassian-oauth2-scopes'] ?? [])
					.map((entry) => entry.scopes ?? [])
					.filter((scopes) => scopes.length > 0);
				if (alternatives.length === 0) {
					for (const requirement of operation.security ?? []) {
						const scopes = requirement.oAuthDefinitions;
						if (scopes && scopes.length > 0) alternatives.push(scopes);
					}
				}
				result.set(`${method.toUpperCase()} ${normalize(prefix + template)}`, alternatives);
			}
		}
	}
	return result;
}

/**
 * Scope sets that satisfy the operation registered under `template` (spec-style path), or undefined when the spec
 * does not know the operation (then no scope is enforced).
 */
export function requiredScopes(method: string, template: string): ScopeAlternatives | undefined {
	table ??= load();
	return table.get(`${method.toUpperCase()} ${normalize(template)}`);
}

export function scopesSatisfy(
	granted: readonly string[],
	alternatives: ScopeAlternatives,
): boolean {
	if (alternatives.length === 0) return true;
	return alternatives.some((set) => set.every((scope) => granted.includes(scope)));
}
