/** Unit and integration tests: everything under test/ named *.test.ts (end-to-end tests use test/e2e/jest.config.js). */
const { existsSync } = require('fs');
const { join } = require('path');

// The contract reporter sums what every worker validated against Atlassian's OpenAPI files and fails the run on a violation.
const contractReporter = join(__dirname, 'test/contract/reporter.js');
// After each test file, every worker writes its contract totals where the reporter collects them.
const contractSetup = join(__dirname, 'test/contract/setup.ts');
// Prints the reality ledger's totals (test/simulator/REALITY.md): behaviours, sourced, tested.
const realityReporter = join(__dirname, 'test/simulator/realityReporter.js');
// Prints how many catalog operations work on Confluence Data Center and how many of those the run tested.
const dataCenterReporter = join(__dirname, 'test/dataCenter/dataCenterReporter.js');

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
	},
	testTimeout: 60000,
	setupFiles: [join(__dirname, 'test/setupEnv.ts')],
	reporters: ['default', contractReporter, realityReporter, dataCenterReporter].filter(
		(reporter) => reporter === 'default' || existsSync(reporter),
	),
	setupFilesAfterEnv: existsSync(contractSetup) ? [contractSetup] : [],
};
