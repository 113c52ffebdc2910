/** Unit and integration tests: everything under test/ named *.test.ts (end-to-end tests use test/e2e/jest.config.js). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }],
	},
	testTimeout: 60000,
};
