/** The fault soak: 1 000 items with 10 % faults, and held heap over repeated runs (`npm run soak`, its own CI stage). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/*.soak.ts'], testTimeout: 300000 };
