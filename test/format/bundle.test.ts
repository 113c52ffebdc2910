/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The published package has no runtime dependencies: `gulp build:bundle` puts the converter and the
 * parsers it uses into one file. This runs the real gulp task (into a temporary directory) and loads the
 * result where no node_modules can be found.
 */

const REPOSITORY = path.resolve(__dirname, '..', '..');
const GULP = path.join(REPOSITORY, 'node_modules', 'gulp', 'bin', 'gulp.js');

function buildBundle(directory: string): string {
	execFileSync(process.execPath, [GULP, 'build:bundle'], {
		cwd: REPOSITORY,
		env: { ...process.env, FORMAT_BUNDLE_DIR: directory },
		stdio: 'pipe',
	});
	return path.join(directory, 'index.js');
}

/** @n8n/eslint-plugin-community-nodes, wherever npm put it (it comes with @n8n/node-cli). */
function communityNodesPlugin(): string {
	const candidates = [
		path.join(
			REPOSITORY,
			'node_modules',
			'@n8n',
			'node-cli',
			'node_modules',
			'@n8n',
			'eslint-plugin-community-nodes',
		),
		path.join(REPOSITORY, 'node_modules', '@n8n', 'eslint-plugin-community-nodes'),
	];
	const directory = candidates.find((candidate) =>
		fs.existsSync(path.join(candidate, 'package.json')),
	);
	if (!directory) throw new Error('@n8n/eslint-plugin-community-nodes is not installed');
	return path.join(directory, 'dist', 'plugin.js');
}

/** The plugin is an ES module jest cannot load, so ESLint runs in its own Node process. */
const LINT_SCRIPT = `
const [eslintPath, pluginPath, ...files] = process.argv.slice(1);
const { pathToFileURL } = await import('node:url');
const { ESLint } = await import(pathToFileURL(eslintPath).href);
const imported = await import(pathToFileURL(pluginPath).href);
const plugin = imported.n8nCommunityNodesPlugin ?? imported.default?.n8nCommunityNodesPlugin ?? imported.default;
const eslint = new ESLint({
	overrideConfigFile: true,
	overrideConfig: [{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		plugins: { '@n8n/community-nodes': plugin },
		rules: { ...plugin.configs.recommended.rules, 'no-console': 'error' },
	}],
});
const results = await eslint.lintFiles(files);
process.stdout.write(JSON.stringify(results.map((result) => result.messages.map((m) => m.ruleId))));
`;

function hasNodeModulesAbove(directory: string): boolean {
	for (let current = directory; ; current = path.dirname(current)) {
		if (fs.existsSync(path.join(current, 'node_modules'))) return true;
		if (path.dirname(current) === current) return false;
	}
}

describe('the converter bundle (gulp build:bundle)', () => {
	let workspace: string;
	let bundle: string;
	let source: string;

	beforeAll(() => {
		workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'confluence-format-bundle-'));
		bundle = buildBundle(path.join(workspace, 'first'));
		source = fs.readFileSync(bundle, 'utf8');
	}, 180000);

	afterAll(() => {
		if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
	});

	it('loads and converts in a directory with no node_modules, from a process that resolves nothing', () => {
		const isolated = path.join(workspace, 'isolated');
		fs.mkdirSync(isolated);
		fs.copyFileSync(bundle, path.join(isolated, 'index.js'));
		expect(hasNodeModulesAbove(isolated)).toBe(false);
		const script = [
			"const f = require('./index.js');",
			"const adf = f.markdownToAdf('**hi**');",
			'process.stdout.write(JSON.stringify([',
			"  f.markdownToStorage('# hi'),",
			"  f.storageToMarkdown('<p>a &amp; <strong>b</strong></p>'),",
			"  f.adfToMarkdown(adf), f.storageToText('<p>x</p>'), f.adfToText(adf), f.textToStorage('t'),",
			']));',
		].join('\n');
		const output = execFileSync(process.execPath, ['-e', script], {
			cwd: isolated,
			env: { PATH: process.env.PATH ?? '', HOME: isolated, NODE_PATH: '' },
			encoding: 'utf8',
		});
		expect(JSON.parse(output)).toEqual([
			'<h1>hi</h1>',
			'a & **b**\n',
			'**hi**\n',
			'x',
			'hi',
			'<p>t</p>',
		]);
	});

	it('requires no module at all and uses none of the globals n8n forbids community nodes', () => {
		expect(source).not.toMatch(/\brequire\(/);
		expect(source).not.toMatch(
			/\bprocess\.|\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b|\bglobalThis\b|\b__dirname\b|\b__filename\b|\beval\(|new Function\(/,
		);
	});

	it("passes the n8n community-node lint rules that apply to code (those n8n's package scan uses)", () => {
		// A file that breaks the rules shows the check is live.
		const offender = path.join(path.dirname(bundle), 'offender.js');
		fs.writeFileSync(offender, 'setTimeout(() => eval("1"), process.env.X);\n');
		const output = execFileSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				LINT_SCRIPT,
				require.resolve('eslint'),
				communityNodesPlugin(),
				bundle,
				offender,
			],
			{ cwd: path.dirname(bundle), encoding: 'utf8' },
		);
		fs.rmSync(offender);
		const [bundleRules, offenderRules] = JSON.parse(output) as string[][];
		expect(offenderRules).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-dangerous-functions',
			]),
		);
		expect(bundleRules).toEqual([]);
	}, 120000);

	it('is reproducible: building again gives the same bytes', () => {
		const again = buildBundle(path.join(workspace, 'second'));
		expect(fs.readFileSync(again, 'utf8')).toBe(source);
	}, 180000);

	it('stays reasonably small and ships the licences of what it bundles', () => {
		expect(source.length).toBeLessThan(600_000);
		const licences = fs.readFileSync(
			path.join(path.dirname(bundle), 'THIRD_PARTY_LICENSES.md'),
			'utf8',
		);
		for (const name of ['markdown-it@', 'htmlparser2@', 'entities@', 'linkify-it@'])
			expect(licences).toContain(`## ${name}`);
		expect(licences).toMatch(/Permission is hereby granted/);
	});
});
