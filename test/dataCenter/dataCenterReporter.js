/* Jest reporter: prints `data center: N of M operations supported, K tested` at the end of a run. M is the catalog, N
 * what the capability map (nodes/Confluence/actions/dataCenter/capabilities.ts) marks as working on Data Center, K those
 * of N that a passing test tagged `[dc resource.operation]` ran in this run. */
const { join } = require('path');

function capabilities(rootDir) {
	require('ts-node').register({
		transpileOnly: true,
		project: join(rootDir, 'test/tsconfig.json'),
	});
	const { DATA_CENTER_CAPABILITIES, isSupportedOnDataCenter } = require(
		join(rootDir, 'nodes/Confluence/actions/dataCenter/capabilities.ts'),
	);
	const all = [];
	const supported = [];
	for (const [resource, operations] of Object.entries(DATA_CENTER_CAPABILITIES)) {
		for (const [operation, capability] of Object.entries(operations)) {
			all.push(`${resource}.${operation}`);
			if (isSupportedOnDataCenter(capability)) supported.push(`${resource}.${operation}`);
		}
	}
	return { all, supported };
}

function testedOperations(results) {
	const tested = new Set();
	for (const file of results.testResults ?? []) {
		for (const test of file.testResults ?? []) {
			if (test.status !== 'passed') continue;
			for (const match of String(test.fullName ?? test.title).matchAll(/\[dc ([\w]+\.[\w]+)\]/g)) {
				tested.add(match[1]);
			}
		}
	}
	return tested;
}

class DataCenterReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete(_contexts, results) {
		try {
			const { all, supported } = capabilities(this.rootDir);
			const tested = testedOperations(results);
			const untested = supported.filter((operation) => !tested.has(operation));
			const count = supported.length - untested.length;
			const rest = untested.length && count ? ` (not run here: ${untested.join(', ')})` : '';
			process.stdout.write(
				`data center: ${supported.length} of ${all.length} operations supported, ${count} tested${rest}\n`,
			);
		} catch (error) {
			process.stdout.write(`data center: capability map unreadable (${error.message})\n`);
		}
	}
}

module.exports = DataCenterReporter;
