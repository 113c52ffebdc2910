/** End-to-end tests in a real n8n (and a real browser): test/e2e/**\/*.e2e.ts, run by `npm run test:e2e`. */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
	},
	// Each test file starts its own n8n processes; on two cores running files one at a time is faster than contending.
	maxWorkers: 1,
	testTimeout: 240000,
	slowTestThreshold: 60,
	verbose: true,
};
