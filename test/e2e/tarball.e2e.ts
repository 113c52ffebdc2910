/* The package as a user gets it: `npm pack`ed, then installed into an empty n8n user folder by the two routes the
 * README gives, and run in a workflow against the simulator.
 *
 * - The README's command-line route: `npm install --omit=peer --omit=dev --ignore-scripts <tarball>` in ~/.n8n/nodes.
 *   Without --omit=peer npm would also install the peer n8n-workflow (with isolated-vm, 146 MB, whose build fails on
 *   Node 20); n8n provides it to community nodes itself.
 * - What n8n 2.41's Settings → Community Nodes does (community-packages.service.js, downloadPackage): extract the
 *   tarball into nodes/node_modules/<name>, drop devDependencies, peerDependencies and optionalDependencies from its
 *   package.json, run `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *   --ignore-scripts=true --package-lock=false` there, and record the package in nodes/package.json.
 *
 * Nothing is linked from the repository: n8n loads only what the tarball holds (so a missing file, or a `require` of a
 * module n8n does not provide, fails here). */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startSimulator, type Simulator } from '../simulator';
import {
	confluenceApiCredential,
	confluenceNode,
	createUserFolder,
	execute,
	importCredentials,
	importWorkflows,
	installedVariants,
	locateN8n,
	manualTrigger,
	n8nId,
	nodeItems,
	PACKAGE_NAME,
	REPO_ROOT,
	workflow,
	type N8nVariant,
	type UserFolder,
} from './lib';

/** The README's command, word for word (README "Install in n8n" → "From a tarball"). */
export const README_TARBALL_INSTALL = [
	'npm',
	'install',
	'--omit=peer',
	'--omit=dev',
	'--ignore-scripts',
	'--no-audit',
	'--no-fund',
];

const CREDENTIAL_ID = n8nId('tarballConfluenceApi');
const WORKFLOW_ID = n8nId('tarballPageGetMany');

let work: string;
let tarball: string;
let simulator: Simulator;

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'n8n-tarball-'));
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	}).trim();
	tarball = join(work, name.split('\n').at(-1)!);
	simulator = await startSimulator({ seed: 'demo' });
});

afterAll(async () => {
	await simulator?.close();
	if (process.env.E2E_KEEP !== '1' && work) rmSync(work, { recursive: true, force: true });
});

function tarballFiles(): string[] {
	return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.trim()
		.split('\n')
		.map((file) => file.replace(/^package\//, ''));
}

describe('the packed tarball', () => {
	it('holds the build, the README, the CHANGELOG and the LICENSE, and nothing that points at missing sources', () => {
		const files = tarballFiles();
		expect(files).toEqual(
			expect.arrayContaining([
				'package.json',
				'README.md',
				'CHANGELOG.md',
				'LICENSE',
				'dist/nodes/Confluence/Confluence.node.js',
				'dist/nodes/Confluence/ConfluenceTrigger.node.js',
				'dist/credentials/ConfluenceApi.credentials.js',
			]),
		);
		expect(files.filter((file) => /\.(map|d\.ts|ts)$/.test(file))).toEqual([]);
		expect(files).not.toContain('dist/package.json');
	});

	it('has a README whose links all work outside the repository (no ../shared, no repository-relative paths)', () => {
		const readme = execFileSync('tar', ['-xzOf', tarball, 'package/README.md'], {
			encoding: 'utf8',
		});
		expect(readme).not.toContain('../shared');
		const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
		expect(targets.filter((target) => !/^(https?:|mailto:|#)/.test(target))).toEqual([]);
	});
});

/** Installs by the README's command in `<userFolder>/.n8n/nodes`. */
function installByReadme(folder: UserFolder): void {
	const nodesDir = join(folder.n8nDir, 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	execFileSync(README_TARBALL_INSTALL[0], [...README_TARBALL_INSTALL.slice(1), tarball], {
		cwd: nodesDir,
		stdio: 'pipe',
	});
}

/** Installs as n8n 2.41's community-packages.service does for Settings → Community Nodes. */
function installLikeN8nUi(folder: UserFolder): void {
	const nodesDir = join(folder.n8nDir, 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[field];
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, stdio: 'pipe' },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({
			name: 'installed-nodes',
			private: true,
			dependencies: { [PACKAGE_NAME]: manifest.version },
		}),
	);
}

const routes: Array<[string, (folder: UserFolder) => void, N8nVariant[]]> = [
	["the README's command", installByReadme, installedVariants()],
	["n8n 2.41's Settings → Community Nodes", installLikeN8nUi, ['n8n']],
];

describe.each(routes)('installed by %s', (_route, install, variants) => {
	describe.each(variants)('in %s', (variant) => {
		let folder: UserFolder;

		beforeAll(() => {
			folder = createUserFolder({ linkPackage: false });
			install(folder);
		});

		afterAll(() => folder?.remove());

		it('installs the package alone: no peer n8n-workflow, no isolated-vm, no dev dependencies', () => {
			const modules = join(folder.n8nDir, 'nodes', 'node_modules');
			expect(
				existsSync(join(modules, PACKAGE_NAME, 'dist/nodes/Confluence/Confluence.node.js')),
			).toBe(true);
			expect(existsSync(join(modules, 'n8n-workflow'))).toBe(false);
			expect(existsSync(join(modules, 'isolated-vm'))).toBe(false);
			expect(existsSync(join(modules, PACKAGE_NAME, 'node_modules'))).toBe(false);
		});

		it('runs a workflow with the Confluence node against the simulator', async () => {
			const n8n = locateN8n(variant);
			const credential = confluenceApiCredential(CREDENTIAL_ID, {
				siteUrl: simulator.baseUrl,
				email: 'demo@example.com',
				apiToken: 'demo-token',
			});
			await importCredentials(folder, [credential], { install: n8n });
			await importWorkflows(
				folder,
				[
					workflow(WORKFLOW_ID, 'tarball: list pages', [
						manualTrigger(),
						confluenceNode(
							'List pages',
							{ resource: 'page', operation: 'getMany', returnAll: true },
							{ id: credential.id, name: credential.name },
						),
					]),
				],
				{ install: n8n },
			);

			const outcome = await execute(folder, WORKFLOW_ID, { install: n8n });

			expect(outcome.error).toBeUndefined();
			expect(outcome.status).toBe('success');
			expect(nodeItems(outcome.runData, 'List pages').map((page) => page.title)).toEqual(
				expect.arrayContaining(['Getting started', 'Project plan', 'Release notes']),
			);
		});
	});
});
