/** The end-to-end suite: the packed package inside a real n8n. Installs n8n on first run. */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	// The first run installs n8n (about 5 minutes); every step below has its own, shorter bound.
	testTimeout: 180000,
	// One file at a time: they share the n8n install (made by the first) and start n8n processes.
	maxWorkers: 1,
};
