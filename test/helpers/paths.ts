/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { existsSync } from 'fs';
import { join, resolve } from 'path';

/** The repository root. */
export const repoRoot = resolve(__dirname, '../..');

/**
 * The team's shared folder (OpenAPI files, reference documents, corpus): beside the clone in CI (`../shared`),
 * or wherever SHARED_DIR points.
 */
export function sharedPath(...parts: string[]): string {
	const candidates = [
		process.env.SHARED_DIR,
		join(repoRoot, '..', 'shared'),
		'/work/shared',
	].filter((candidate): candidate is string => !!candidate);
	const base = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
	return join(base, ...parts);
}
