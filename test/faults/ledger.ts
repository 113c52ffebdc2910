/* What the fault runs check against the simulator's store: which trigger events exist, and which writes landed twice. */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest, Simulator } from '../simulator';

export function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

/** The key the trigger's output identifies an event by (matches `eventKeys`). */
export function emittedKey(json: IDataObject): string {
	if (json.event === 'commentCreated' || json.event === 'attachmentCreated') {
		return `${String(json.event)}:${String(json.id)}`;
	}
	return `${String(json.event)}:${String(json.id)}:v${String(json.version)}`;
}

/**
 * Every event the store says happened: each published version of a page or blog post, each comment and attachment on
 * content that is still current (Confluence's lists drop those of trashed content with it, a documented limit).
 */
export function eventKeys(sim: Simulator, spaceId: string): Set<string> {
	const keys = new Set<string>();
	const current = (id: string | undefined) => !!id && sim.store.get(id)?.status === 'current';
	for (const item of sim.store.list(['page', 'blogpost'])) {
		if (item.spaceId !== spaceId || item.status === 'draft') continue;
		const prefix = item.type === 'page' ? 'page' : 'blogPost';
		for (const version of item.versions) {
			keys.add(
				version.number === 1
					? `${prefix}Created:${item.id}:v1`
					: `${prefix}Updated:${item.id}:v${version.number}`,
			);
		}
	}
	for (const item of sim.store.list(['comment', 'attachment'])) {
		if (item.spaceId !== spaceId || item.status !== 'current') continue;
		const container =
			item.type === 'comment'
				? sim.store.commentContainer(item)
				: sim.store.get(item.containerId ?? '');
		if (!current(container?.id)) continue;
		keys.add(`${item.type === 'comment' ? 'commentCreated' : 'attachmentCreated'}:${item.id}`);
	}
	return keys;
}

export interface DuplicateReport {
	/** Content whose versions repeat the one before (same title and body): one write applied twice. */
	repeatedVersions: string[];
	/** Markers found in more than one place they were written to once. */
	repeatedMarkers: string[];
	/** Operations that applied the same write request more than once (from the recorded requests). */
	repeatedRequests: string[];
}

/** Content versions that repeat their predecessor exactly. Every write in the fault runs changes something. */
export function repeatedVersions(sim: Simulator): string[] {
	const found: string[] = [];
	for (const item of sim.store.list(['page', 'blogpost', 'comment'])) {
		for (let index = 1; index < item.versions.length; index++) {
			const before = item.versions[index - 1];
			const after = item.versions[index];
			if (before.title === after.title && before.body?.value === after.body?.value) {
				found.push(`${item.type} ${item.id} v${after.number} repeats v${before.number}`);
			}
		}
	}
	return found;
}

/** How often a marker (written once by one operation) occurs in the store: current bodies, titles and file comments. */
export function markerCount(sim: Simulator, marker: string): number {
	let count = 0;
	const pattern = new RegExp(marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
	for (const item of sim.store.list(['page', 'blogpost', 'comment'])) {
		count += (sim.store.current(item).body?.value ?? '').match(pattern)?.length ?? 0;
	}
	for (const item of sim.store.list('attachment')) {
		for (const version of item.versions) if (version.file?.comment === marker) count++;
	}
	return count;
}

function applied(request: RecordedRequest): boolean {
	return (request.status >= 200 && request.status < 300) || request.fault === 'dropAfterApply';
}

function versionNumber(body: unknown): number | undefined {
	const version = (body as { version?: { number?: unknown } } | undefined)?.version?.number;
	return typeof version === 'number' ? version : undefined;
}

/**
 * Versioned writes (PUT with a version number) one single-item operation applied more than once, seen in the recorded
 * requests: the same path written with two different version numbers, each answered 2xx or applied before its connection
 * dropped. Content keeps its history in the store (see `repeatedVersions`); properties keep only their current version,
 * so this is how a property written twice shows. A repeat with the same number cannot apply (Confluence answers 409).
 */
export function repeatedWrites(requests: RecordedRequest[]): string[] {
	const versions = new Map<string, Set<number>>();
	for (const request of requests) {
		const number = versionNumber(request.body);
		if (request.method !== 'PUT' || number === undefined || !applied(request)) continue;
		const numbers = versions.get(request.path) ?? new Set<number>();
		numbers.add(number);
		versions.set(request.path, numbers);
	}
	return [...versions.entries()]
		.filter(([, numbers]) => numbers.size > 1)
		.map(([path, numbers]) => `PUT ${path} as versions ${[...numbers].join(', ')}`);
}
