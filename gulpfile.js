/* Build steps that run after `tsc`: `gulp build` = icons, output schemas, then the converter bundle. */
const fs = require('fs');
const path = require('path');
const { src, dest, series } = require('gulp');

// ------------------------------------------------------------------------------------------------
// build:icons — SVG icons next to the compiled nodes and credentials, at the same relative paths.

function buildIcons() {
	return src(['icons/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
		allowEmpty: true,
	}).pipe(dest('dist'));
}

// ------------------------------------------------------------------------------------------------
// build:schemas — the output schemas (`npm run schemas`) n8n serves to the editor's preview, read from
// `<node's folder>/__schema__/` next to the compiled node.

function buildSchemas() {
	return src(['nodes/**/__schema__/**/*.json'], { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

// ------------------------------------------------------------------------------------------------
// build:bundle — the Markdown converter (nodes/Confluence/format) with its parsers, in one file.
//
// The published package has no runtime dependencies, so markdown-it and htmlparser2 (devDependencies)
// are bundled into dist/nodes/Confluence/format/index.js, replacing the module tsc compiled there.
// FORMAT_BUNDLE_DIR writes the bundle somewhere else (the bundle test uses it).

const FORMAT_SOURCE = 'nodes/Confluence/format';

/**
 * domutils, dom-serializer and entities have no side effects, but do not say so in their package.json;
 * saying it here lets esbuild drop the serialiser and encoding tables htmlparser2's index re-exports.
 */
const pureModules = {
	name: 'pure-modules',
	setup(build) {
		build.onResolve({ filter: /^(domutils|dom-serializer|entities)(\/.*)?$/ }, async (args) => {
			if (args.pluginData === 'pure-modules') return undefined;
			const resolved = await build.resolve(args.path, {
				kind: args.kind,
				importer: args.importer,
				resolveDir: args.resolveDir,
				pluginData: 'pure-modules',
			});
			return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
		});
	},
};

/** The bundled packages' licences, which their MIT/BSD terms ask to ship along. */
function writeLicenses(metafile, outfile) {
	const packages = new Map();
	for (const input of Object.keys(metafile.inputs)) {
		const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
		if (match && !packages.has(match[1])) packages.set(match[1], path.resolve(__dirname, match[1]));
	}
	const sections = [];
	const seen = new Set();
	for (const directory of [...packages.values()].sort()) {
		const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8'));
		const id = `${manifest.name}@${manifest.version}`;
		if (seen.has(id)) continue;
		seen.add(id);
		const licenseFile = fs
			.readdirSync(directory)
			.sort()
			.find((file) => /^licen[cs]e/i.test(file));
		const text = licenseFile
			? fs.readFileSync(path.join(directory, licenseFile), 'utf8').trim()
			: '';
		sections.push(`## ${id} (${manifest.license ?? 'see text'})\n\n${text}\n`);
	}
	const header =
		'# Third-party software in index.js\n\nThe Markdown converter bundles these packages. Their licences follow.\n\n';
	fs.writeFileSync(outfile, header + sections.sort().join('\n'));
}

async function buildBundle() {
	const esbuild = require('esbuild');
	const outdir = process.env.FORMAT_BUNDLE_DIR
		? path.resolve(process.env.FORMAT_BUNDLE_DIR)
		: path.join(__dirname, 'dist', FORMAT_SOURCE);
	fs.mkdirSync(outdir, { recursive: true });
	const result = await esbuild.build({
		absWorkingDir: __dirname,
		entryPoints: [path.join(FORMAT_SOURCE, 'index.ts')],
		outfile: path.join(outdir, 'index.js'),
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node18',
		minifySyntax: true,
		minifyWhitespace: true,
		legalComments: 'none',
		metafile: true,
		plugins: [pureModules],
		logLevel: 'warning',
	});
	// tsc also compiled every converter module here; they live in the bundle now, and they require
	// devDependencies an installed package does not have.
	for (const file of fs.readdirSync(outdir)) {
		if (
			/\.(js|js\.map|d\.ts|d\.ts\.map)$/.test(file) &&
			file !== 'index.js' &&
			file !== 'index.d.ts'
		) {
			fs.rmSync(path.join(outdir, file));
		}
	}
	writeLicenses(result.metafile, path.join(outdir, 'THIRD_PARTY_LICENSES.md'));
}

exports['build:icons'] = buildIcons;
exports['build:schemas'] = buildSchemas;
exports['build:bundle'] = buildBundle;
exports.build = series(buildIcons, buildSchemas, buildBundle);
