/** Benchmarks: timings and memory, printed, never asserted. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/benchmarks'],
	testMatch: ['**/*.bench.ts'],
	testTimeout: 300000,
};
