/* Shared by the page and blog post tests: locators, request filters and store reads. */
import type { IDataObject } from 'n8n-workflow';

import type { TestBed } from '../../helpers/fixtures';
import type { RunResult } from '../../helpers/n8n';
import type { ContentItem, RecordedRequest, Simulator } from '../../simulator';

export type { TestBed };

export function byId(value: string): IDataObject {
	return { __rl: true, mode: 'id', value };
}

export function byTitle(value: string): IDataObject {
	return { __rl: true, mode: 'title', value };
}

export function byKey(value: string): IDataObject {
	return { __rl: true, mode: 'key', value };
}

export const emptyLocator: IDataObject = { __rl: true, mode: 'list', value: '' };

/** Requests to the API (OAuth plumbing left out), optionally one method and a path pattern. */
export function apiRequests(sim: Simulator, method?: string, path?: RegExp): RecordedRequest[] {
	return sim.requests.filter(
		(request) =>
			/^\/wiki\/(api\/v2|rest\/api)\//.test(request.path) &&
			(!method || request.method === method) &&
			(!path || path.test(request.path)),
	);
}

export function item(sim: Simulator, id: string): ContentItem {
	const found = sim.store.get(id);
	if (!found) throw new Error(`no content ${id} in the simulator`);
	return found;
}

export function currentBody(sim: Simulator, id: string): string {
	return sim.store.current(item(sim, id)).body?.value ?? '';
}

export function versionNumber(sim: Simulator, id: string): number {
	return sim.store.current(item(sim, id)).number;
}

export function json(result: RunResult): IDataObject[] {
	return result.items.map((entry) => entry.json);
}

/** Throws the run's error so a failing expectation shows Confluence's answer. */
export function ok(result: RunResult): IDataObject[] {
	if (result.error) {
		throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	}
	return json(result);
}

/** Fails the test when a request broke Atlassian's OpenAPI contract or the simulator crashed. */
export function expectCleanExchange(sim: Simulator): void {
	expect(sim.contractViolations).toEqual([]);
	expect(sim.serverErrors.map((error) => error.message)).toEqual([]);
}
