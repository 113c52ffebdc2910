#!/usr/bin/env node
/* n8n's community-package scanner (@n8n/scan-community-package), run offline on what would be published: the packed
 * tarball (npm pack), extracted, and the sources the tarball is built from. It calls the scanner's own exported
 * analyzePackage with the same file patterns its CLI uses for a published version (the source leg and the dist leg).
 * Any finding fails the run.
 *
 * The scanner's other checks need a published version: the npm provenance statement and the registry metadata. The
 * publish workflow (.github/workflows/publish.yml) publishes with provenance; `npx @n8n/scan-community-package
 * n8n-nodes-confluence@<version>` checks a published version end to end.
 *
 *   node scripts/scan-package.mjs [--tarball path/to/package.tgz]   (builds nothing: run `npm run build` first) */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'scan-package-'));

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) {
		console.error(result.stdout, result.stderr);
		throw new Error(`${command} ${args.join(' ')} failed with exit ${result.status}`);
	}
	return result.stdout;
}

try {
	const tarballArg = process.argv.indexOf('--tarball');
	let tarball = tarballArg > 0 ? resolve(process.argv[tarballArg + 1]) : undefined;
	if (!tarball) {
		run('npm', ['pack', '--silent', '--pack-destination', work], root);
		tarball = join(
			work,
			readdirSync(work).find((file) => file.endsWith('.tgz')),
		);
	}
	const packageDir = join(work, 'package');
	mkdirSync(packageDir);
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], work);
	const files = run('find', ['.', '-type', 'f'], packageDir).trim().split('\n');

	const legs = [
		['sources (nodes, credentials, package.json)', root, SOURCE_FILE_PATTERNS],
		['packed tarball (dist, package.json)', packageDir, ['**/*.js', 'package.json']],
	];
	let failed = false;
	for (const [name, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			console.log(`scan: ${name}: no findings${result.message ? ` (${result.message})` : ''}`);
		} else {
			failed = true;
			console.error(`scan: ${name}: ${result.message}\n${result.details ?? ''}`);
		}
	}
	console.log(`scan: ${files.length} files in the tarball ${tarball.replace(`${work}/`, '')}`);
	if (failed) process.exitCode = 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
