import type { SandboxOptions } from '../../dev/sandbox/server';
import { PlumaaSandbox } from '../../dev/sandbox/server';

/**
 * One sandbox for the test file that calls it: listening on 127.0.0.1 before its tests, stopped
 * after them, and back to its seeded state before each test.
 */
export function useSandbox(options?: SandboxOptions): PlumaaSandbox {
	const sandbox = new PlumaaSandbox(options);
	beforeAll(async () => {
		await sandbox.start();
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.reset());
	// Whatever a test made the sandbox answer, its answers keep to Plumaa's published contract.
	afterEach(() => {
		expect(sandbox.answersOffContract()).toEqual([]);
	});
	return sandbox;
}
