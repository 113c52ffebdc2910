/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

import { PACKAGE_NAME, REPO_ROOT, type N8nInstall } from './install';

/** A fresh N8N_USER_FOLDER: its own SQLite database, encryption key and installed community packages. */
export interface UserFolder {
	/** The value of N8N_USER_FOLDER; n8n keeps its state in `${root}/.n8n`. */
	root: string;
	n8nDir: string;
	/** Where the package is linked, when it is. */
	packageLink?: string;
	/** Deletes the folder (unless E2E_KEEP=1, for looking at it after a failure). */
	remove(): void;
}

export interface UserFolderOptions {
	/** Link this repository as the installed community package (default true). */
	linkPackage?: boolean;
	/** The package folder to link (default: the repository root, whose package.json points n8n at dist/). */
	packageDir?: string;
}

/**
 * Creates a user folder and links the package where n8n keeps installed community packages
 * (`.n8n/nodes/node_modules/<name>`). n8n loads packages found there with their package name as prefix, so the
 * node types are `n8n-nodes-confluence.confluence` exactly as for a user who installed the package from npm.
 * (`.n8n/custom/` would load the same files under the prefix `CUSTOM.`.)
 */
export function createUserFolder(options: UserFolderOptions = {}): UserFolder {
	const root = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const n8nDir = join(root, '.n8n');
	mkdirSync(n8nDir, { recursive: true });
	let packageLink: string | undefined;
	if (options.linkPackage ?? true) {
		packageLink = linkPackage(n8nDir, options.packageDir ?? REPO_ROOT);
	}
	return {
		root,
		n8nDir,
		packageLink,
		remove: () => {
			if (process.env.E2E_KEEP !== '1') rmSync(root, { recursive: true, force: true });
		},
	};
}

/** Symlinks a package into `<n8nDir>/nodes/node_modules/`; its own node_modules resolve through the link's target. */
export function linkPackage(
	n8nDir: string,
	packageDir: string = REPO_ROOT,
	packageName: string = PACKAGE_NAME,
): string {
	const link = join(n8nDir, 'nodes', 'node_modules', packageName);
	mkdirSync(dirname(link), { recursive: true });
	symlinkSync(packageDir, link, 'dir');
	return link;
}

/** Whether `port` can be listened on at 127.0.0.1 right now. */
export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `preferred` when it is free, else a port the OS picks (0 or undefined: always the OS's pick). */
export async function preferredPortOrFree(preferred?: number): Promise<number> {
	if (preferred && (await isPortFree(preferred))) return preferred;
	return await freePort();
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
		});
	});
}

export interface N8nEnvOptions {
	/** Port of the n8n HTTP server (n8n start). */
	port?: number;
	/** Port of the task broker every n8n process opens (fixed 5679 by default, so parallel processes would clash). */
	brokerPort: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	extra?: Record<string, string>;
}

/** The environment for an n8n process in `folder`: quiet, offline, loopback only, JSON logs. */
export function n8nEnv(
	install: N8nInstall,
	folder: UserFolder,
	options: N8nEnvOptions,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		// n8n starts child processes (task runners) with `node` from PATH: it must be the Node that runs n8n.
		PATH: `${dirname(install.nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: folder.root,
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		// No network but the npm registry here: everything that phones home is switched off.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// The editor is served over plain http on 127.0.0.1.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// The simulator listens on 127.0.0.1; SSRF protection (off by default) would block it.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_COLOR: '1',
		...options.extra,
	};
	if (options.port !== undefined) env.N8N_PORT = String(options.port);
	// Our own tooling's variables must not leak into n8n's Node: jest sets NODE_ENV=test and JEST_WORKER_ID, which
	// n8n and its libraries read as "inside a unit test"; a user's n8n runs with NODE_ENV=production.
	env.NODE_ENV = 'production';
	delete env.JEST_WORKER_ID;
	delete env.NODE_OPTIONS;
	delete env.TS_NODE_PROJECT;
	return env;
}
