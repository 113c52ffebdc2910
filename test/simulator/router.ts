/* Path-template router. Templates are written exactly as in Atlassian's OpenAPI files, e.g.
 * `/wiki/api/v2/pages/{id}` or `/wiki/rest/api/content/{id}/label/{label}`, so the matched template doubles as the
 * key for the operation's OAuth scopes. */
import type { SimRequest, SimResponse } from './http';

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RouteOptions {
	/** No authentication required (OAuth endpoints, media downloads, tenant info). */
	public?: boolean;
	/**
	 * Request bodies are not JSON-parsed (multipart uploads); the handler reads `req.rawBody`.
	 * JSON bodies are still parsed when the content type is application/json.
	 */
	rawBody?: boolean;
}

export interface Route {
	method: string;
	template: string;
	handler: Handler;
	options: RouteOptions;
}

interface TrieNode {
	literal: Map<string, TrieNode>;
	param?: { name: string; node: TrieNode };
	/** A trailing `{name+}` param that swallows the rest of the path (download URLs). */
	rest?: { name: string; routes: Map<string, Route> };
	routes: Map<string, Route>;
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

export type MatchResult = RouteMatch | { methodNotAllowed: true; allowed: string[] } | undefined;

function newNode(): TrieNode {
	return { literal: new Map(), routes: new Map() };
}

function splitPath(path: string): string[] {
	return path.split('/').filter((segment) => segment !== '');
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

export class Router {
	private readonly root = newNode();
	private readonly all: Route[] = [];

	get routes(): readonly Route[] {
		return this.all;
	}

	get(template: string, handler: Handler, options: RouteOptions = {}): void {
		this.add('GET', template, handler, options);
	}

	post(template: string, handler: Handler, options: RouteOptions = {}): void {
		this.add('POST', template, handler, options);
	}

	put(template: string, handler: Handler, options: RouteOptions = {}): void {
		this.add('PUT', template, handler, options);
	}

	delete(template: string, handler: Handler, options: RouteOptions = {}): void {
		this.add('DELETE', template, handler, options);
	}

	/** Registers a route; registering the same method + path shape twice throws so module clashes surface at start-up. */
	add(method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
		const upper = method.toUpperCase();
		let node = this.root;
		const segments = splitPath(template);
		for (let i = 0; i < segments.length; i++) {
			const segment = segments[i];
			const restParam = /^\{([^}]+)\+\}$/.exec(segment);
			if (restParam) {
				if (i !== segments.length - 1) throw new Error(`Rest parameter must be last: ${template}`);
				node.rest ??= { name: restParam[1], routes: new Map() };
				if (node.rest.routes.has(upper))
					throw new Error(`Route registered twice: ${upper} ${template}`);
				const route = { method: upper, template, handler, options };
				node.rest.routes.set(upper, route);
				this.all.push(route);
				return;
			}
			const param = /^\{([^}]+)\}$/.exec(segment);
			if (param) {
				// Spec templates name the same position differently (`{id}` vs `{page-id}`); values are
				// bound per route template in bindParams, so the node only records that a param sits here.
				node.param ??= { name: param[1], node: newNode() };
				node = node.param.node;
			} else {
				let next = node.literal.get(segment);
				if (!next) {
					next = newNode();
					node.literal.set(segment, next);
				}
				node = next;
			}
		}
		if (node.routes.has(upper)) throw new Error(`Route registered twice: ${upper} ${template}`);
		const route = { method: upper, template, handler, options };
		node.routes.set(upper, route);
		this.all.push(route);
	}

	/** True when a route with this method and path shape exists (parameter names ignored). */
	has(method: string, template: string): boolean {
		const shape = (t: string) => t.replace(/\{[^}]+\}/g, '{}');
		return this.all.some(
			(r) => r.method === method.toUpperCase() && shape(r.template) === shape(template),
		);
	}

	match(method: string, path: string): MatchResult {
		const segments = splitPath(path);
		const upper = method.toUpperCase();
		let firstFound: { routes: Map<string, Route> } | undefined;
		const found = this.walk(this.root, segments, 0, [], upper, (routes) => {
			firstFound ??= { routes };
		});
		if (found) {
			const route = found.routes.get(upper) as Route;
			return { route, params: bindParams(route.template, found.values, found.restValue) };
		}
		if (firstFound) return { methodNotAllowed: true, allowed: [...firstFound.routes.keys()] };
		return undefined;
	}

	/** Depth-first, literals before params before rest; returns the first terminal node serving `method`. */
	private walk(
		node: TrieNode,
		segments: string[],
		index: number,
		values: string[],
		method: string,
		sawPath: (routes: Map<string, Route>) => void,
	): { routes: Map<string, Route>; values: string[]; restValue?: string } | undefined {
		if (index === segments.length) {
			if (node.routes.size === 0) return undefined;
			sawPath(node.routes);
			return node.routes.has(method) ? { routes: node.routes, values } : undefined;
		}
		const segment = segments[index];
		const literal = node.literal.get(segment);
		if (literal) {
			const found = this.walk(literal, segments, index + 1, values, method, sawPath);
			if (found) return found;
		}
		if (node.param) {
			const found = this.walk(
				node.param.node,
				segments,
				index + 1,
				[...values, segment],
				method,
				sawPath,
			);
			if (found) return found;
		}
		if (node.rest) {
			sawPath(node.rest.routes);
			if (node.rest.routes.has(method)) {
				return { routes: node.rest.routes, values, restValue: segments.slice(index).join('/') };
			}
		}
		return undefined;
	}
}

function bindParams(
	template: string,
	values: string[],
	restValue?: string,
): Record<string, string> {
	const params: Record<string, string> = {};
	let i = 0;
	for (const segment of splitPath(template)) {
		const rest = /^\{([^}]+)\+\}$/.exec(segment);
		if (rest) {
			params[rest[1]] = (restValue ?? '').split('/').map(decodeSegment).join('/');
			continue;
		}
		const param = /^\{([^}]+)\}$/.exec(segment);
		if (param) params[param[1]] = decodeSegment(values[i++]);
	}
	return params;
}
