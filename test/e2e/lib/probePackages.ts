/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* Two tiny community packages written on the fly, to prove the harness itself: one that loads and runs, and one
 * whose node cannot load (so a test can show that the "package load is clean" check does fail). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.probe`;
export const BROKEN_PACKAGE = 'n8n-nodes-e2e-broken';

function writePackage(name: string, files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), `${name}-`));
	const nodeFiles = Object.keys(files).filter((file) => file.endsWith('.node.js'));
	const manifest = {
		name,
		version: '0.0.1',
		main: 'index.js',
		n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: nodeFiles },
	};
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	writeFileSync(join(dir, 'index.js'), 'module.exports = {};\n');
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(join(dir, file, '..'), { recursive: true });
		writeFileSync(join(dir, file), content);
	}
	return dir;
}

/** A node that copies its input items and adds `marker` (a parameter, so expressions are evaluated too). */
export function writeProbePackage(): string {
	return writePackage(PROBE_PACKAGE, {
		'dist/Probe.node.js': `
class Probe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Adds a marker to every item',
			defaults: { name: 'E2E Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Marker', name: 'marker', type: 'string', default: 'probe' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, index) => ({
			json: { ...item.json, marker: this.getNodeParameter('marker', index) },
			pairedItem: { item: index },
		}))];
	}
}
module.exports = { Probe };
`,
	});
}

/** A package whose node requires a module that does not exist, like a build that forgot a file. */
export function writeBrokenPackage(): string {
	return writePackage(BROKEN_PACKAGE, {
		'dist/Broken.node.js': `
const missing = require('./helpers/not-built');
class Broken {
	constructor() {
		this.description = missing.description;
	}
}
module.exports = { Broken };
`,
	});
}
