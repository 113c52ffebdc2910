#!/usr/bin/env node
/* `npm run release`: the steps of n8n's `n8n-node release`, without release-it (which would need packages from
 * outside the lockfile) and with this package's own build and checks.
 *
 * On a maintainer's machine:  npm run release -- <patch|minor|major|x.y.z> [--dry-run]
 *   checks: on main, clean working tree, tag not taken, CHANGELOG.md has an "## Unreleased" section with entries;
 *   runs lint, build and n8n's scanner on the packed tarball; sets the version in package.json and package-lock.json;
 *   turns "## Unreleased" into "## <version> (<date>)"; commits "Release <version>" and tags <version>.
 *   Pushing the tag (`git push --follow-tags`) starts .github/workflows/publish.yml. --dry-run prints every step,
 *   the version and the CHANGELOG entry, and changes nothing.
 *
 * In GitHub Actions (GITHUB_ACTIONS is set; publish.yml):  npm run release
 *   lint, build, scan, then `npm publish` with a provenance statement (NPM_CONFIG_PROVENANCE=true). Never publish from
 *   a laptop: n8n refuses community packages without provenance since 1 May 2026. */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const bump = args.find((arg) => !arg.startsWith('--'));
const inCi = !!process.env.GITHUB_ACTIONS;

function fail(message) {
	console.error(`release: ${message}`);
	process.exit(1);
}

function step(description, command, commandArgs, env = {}) {
	console.log(`\n▶ ${description}: ${[command, ...commandArgs].join(' ')}`);
	if (dryRun) return;
	const result = spawnSync(command, commandArgs, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	});
	if (result.status !== 0) fail(`${description} failed (exit ${result.status ?? result.signal})`);
}

function git(...gitArgs) {
	return execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8' }).trim();
}

function nextVersion(current, wanted) {
	if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(wanted)) return wanted;
	const [major, minor, patch] = current.split('-')[0].split('.').map(Number);
	if (wanted === 'major') return `${major + 1}.0.0`;
	if (wanted === 'minor') return `${major}.${minor + 1}.0`;
	if (wanted === 'patch') return `${major}.${minor}.${patch + 1}`;
	return fail(`the version must be patch, minor, major or x.y.z, got "${wanted ?? ''}"`);
}

/** The CHANGELOG with "## Unreleased" renamed to the version, and that section's text. */
function changelogFor(version, date) {
	const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
	const heading = /^## Unreleased[^\n]*\n/m.exec(text);
	if (!heading)
		fail(
			'CHANGELOG.md has no "## Unreleased" section: write what this version changes for users first',
		);
	const rest = text.slice(heading.index + heading[0].length);
	const next = /^## /m.exec(rest);
	const entry = (next ? rest.slice(0, next.index) : rest).trim();
	if (!entry)
		fail(
			'the "## Unreleased" section of CHANGELOG.md is empty: say what this version changes for users',
		);
	const updated = `${text.slice(0, heading.index)}## Unreleased\n\n## ${version} (${date})\n${rest}`;
	return { updated, entry };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

if (inCi) {
	step('lint', 'npm', ['run', 'lint']);
	step('build', 'npm', ['run', 'build']);
	step("n8n's scanner on the packed tarball", 'node', ['scripts/scan-package.mjs']);
	step('publish with provenance', 'npm', ['publish', '--access', 'public'], {
		NPM_CONFIG_PROVENANCE: 'true',
	});
	process.exit(0);
}

const version = nextVersion(manifest.version, bump);
const date = new Date().toISOString().slice(0, 10);
/** A failed precondition stops a release; a dry run reports it and goes on showing the steps. */
const precondition = (ok, message) => {
	if (ok) return;
	if (!dryRun) fail(message);
	console.log(`(a real release would stop here: ${message})`);
};
const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
precondition(branch === 'main', `releases are cut from main, this is ${branch}`);
precondition(!git('status', '--porcelain'), 'the working tree has uncommitted changes');
precondition(!git('tag', '--list', version), `the tag ${version} exists already`);
const { updated, entry } = changelogFor(version, date);

console.log(
	`release ${manifest.name} ${manifest.version} → ${version}${dryRun ? ' (dry run: nothing is changed)' : ''}`,
);
console.log(`\nCHANGELOG.md entry for ${version} (${date}):\n\n${entry}\n`);
step('lint', 'npm', ['run', 'lint']);
step('build', 'npm', ['run', 'build']);
step("n8n's scanner on the packed tarball", 'node', ['scripts/scan-package.mjs']);
if (version !== manifest.version) {
	step('set the version', 'npm', ['version', version, '--no-git-tag-version', '--ignore-scripts']);
}
console.log(`\n▶ CHANGELOG.md: "## Unreleased" becomes "## ${version} (${date})"`);
if (!dryRun) writeFileSync(join(root, 'CHANGELOG.md'), updated);
step('commit', 'git', [
	'commit',
	'-m',
	`Release ${version}`,
	'--',
	'package.json',
	'package-lock.json',
	'CHANGELOG.md',
]);
step('tag', 'git', ['tag', '-a', version, '-m', `${manifest.name} ${version}\n\n${entry}`]);
console.log(
	`\nNext: git push --follow-tags (the tag starts .github/workflows/publish.yml, which publishes ${version} with provenance).`,
);
