#!/usr/bin/env node
/* Installs the project's dev dependencies from package-lock.json (`npm ci`) when node_modules is missing or was
 * installed from another lockfile, so that `npm test`, `npm run demo` and the other scripts work as the very first
 * command on a fresh clone. Plain Node with no dependencies: it runs before anything is installed.
 *
 *   node scripts/ensure-deps.js           install only when missing or stale (about 0.1 s otherwise)
 *   node scripts/ensure-deps.js --always  install in any case (CI)
 *
 * Not an npm `pre` script: .npmrc sets ignore-scripts (see there), under which npm runs no pre/post scripts. */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stampFile = join(root, 'node_modules', '.installed-from-lockfile');

/** What the install depends on: the lockfile, npm's settings and package.json's dependency fields (not its scripts). */
function lockHash() {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
	const hash = createHash('sha256');
	hash.update(JSON.stringify(fields.map((field) => manifest[field] ?? null)));
	for (const file of ['package-lock.json', '.npmrc']) {
		hash
			.update(file)
			.update('\0')
			.update(readFileSync(join(root, file)))
			.update('\0');
	}
	return hash.digest('hex');
}

const wanted = lockHash();
const always = process.argv.includes('--always');
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : undefined;
if (!always && installed === wanted) process.exit(0);

const reason = always
	? 'installing'
	: installed === undefined
		? 'node_modules is missing or was not installed from package-lock.json: installing'
		: 'package-lock.json changed since node_modules was installed: reinstalling';
console.error(
	`[deps] ${reason} the dev dependencies with \`npm ci\` (1,200 packages: about a minute with a warm npm cache, up to 10 on a loaded machine with an empty one; no install scripts run, see .npmrc)`,
);
const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
	console.error(
		`[deps] npm ci failed (exit ${result.status ?? result.signal}). ` +
			'If package.json changed, refresh the lockfile as the README says ("Refreshing the lockfile").',
	);
	process.exit(result.status || 1);
}
writeFileSync(stampFile, `${wanted}\n`);
console.error(`[deps] installed in ${Math.round((Date.now() - started) / 1000)} s`);
