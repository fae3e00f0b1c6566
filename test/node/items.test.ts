import { deleteKeys } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';
import { parseRetryAfter, rateLimitWaitSeconds } from '../../nodes/Plumaa/transport';

const sandbox = useSandbox();

/** 50 ids: 45 keys that exist, and 5 (every tenth, from index 3) that do not. */
function fiftyIds(): { ids: string[]; failing: number[] } {
	const failing = [3, 13, 23, 33, 43];
	const ids = Array.from({ length: 50 }, (_, index) =>
		failing.includes(index) ? index.toString(16).padStart(24, 'f') : sandbox.createKey(`bulk ${index}`).id,
	);
	return { ids, failing };
}

describe('many items', () => {
	test.each([1, 5])(
		'continueOnFail, Concurrency %i: 50 items with 5 failing give 50 paired items in input order',
		async (concurrency) => {
			const { ids, failing } = fiftyIds();
			sandbox.latencyMs = 5;

			const { output, error } = await deleteKeys(sandbox, { ids, continueOnFail: true, options: { concurrency } });

			expect(error).toBeUndefined();
			expect(output).toHaveLength(50);
			output!.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				if (failing.includes(index)) {
					expect(item.json).toEqual({ error: `API key ${ids[index]} was not found` });
					expect(item.error).toMatchObject({
						description: expect.stringContaining('Ignore Not Found'),
						httpCode: '404',
						context: { itemIndex: index },
					});
				} else {
					expect(item.json).toMatchObject({ id: ids[index], deleted: true });
				}
			});
			expect(sandbox.apiRequests()).toHaveLength(50);
			expect(sandbox.maxInFlight).toBeLessThanOrEqual(concurrency);
		},
	);

	test('Concurrency 5 really sends 5 at a time, never more', async () => {
		const ids = Array.from({ length: 20 }, (_, index) => sandbox.createKey(`parallel ${index}`).id);
		sandbox.latencyMs = 100;

		const { output } = await deleteKeys(sandbox, { ids, options: { concurrency: 5 } });

		expect(output).toHaveLength(20);
		expect(sandbox.maxInFlight).toBe(5);
	});

	test('the default Concurrency is 5', async () => {
		const ids = Array.from({ length: 12 }, (_, index) => sandbox.createKey(`default ${index}`).id);
		sandbox.latencyMs = 100;

		await deleteKeys(sandbox, { ids });

		expect(sandbox.maxInFlight).toBe(5);
	});

	test('Concurrency 1 sends one at a time, in input order', async () => {
		const ids = Array.from({ length: 6 }, (_, index) => sandbox.createKey(`serial ${index}`).id);
		sandbox.latencyMs = 10;

		await deleteKeys(sandbox, { ids, options: { concurrency: 1 } });

		expect(sandbox.maxInFlight).toBe(1);
		expect(sandbox.apiRequests().map((request) => request.query.id)).toEqual(ids);
	});

	test('without continueOnFail the first failure stops the run and names its item', async () => {
		const ids = Array.from({ length: 6 }, (_, index) => sandbox.createKey(`stop ${index}`).id);
		ids[2] = 'bbbbbbbbbbbbbbbbbbbbbbbb';

		const { output, error } = await deleteKeys(sandbox, { ids, options: { concurrency: 1 } });

		expect(output).toBeUndefined();
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'API key bbbbbbbbbbbbbbbbbbbbbbbb was not found',
			context: { itemIndex: 2 },
		});
		// Items after the failure were never sent.
		expect(sandbox.apiRequests().map((request) => request.query.id)).toEqual(ids.slice(0, 3));
	});

	test('"continue using error output" routes failed items to the error output, paired', async () => {
		const valid = sandbox.createKey('valid').id;
		const missing = 'cccccccccccccccccccccccc';

		const { output, errorOutput } = await deleteKeys(sandbox, { ids: [valid, missing], errorOutput: true });

		expect(output!.map((item) => item.json)).toEqual([expect.objectContaining({ id: valid, deleted: true })]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
		expect(errorOutput).toHaveLength(1);
		expect(errorOutput![0].json).toMatchObject({ error: `API key ${missing} was not found` });
		expect(errorOutput![0].pairedItem).toEqual({ item: 1 });
	});

	test('a wrong Concurrency under continueOnFail fails every item, paired, with no request sent', async () => {
		const ids = [sandbox.createKey('one').id, sandbox.createKey('two').id];

		const { output } = await deleteKeys(sandbox, { ids, continueOnFail: true, options: { concurrency: 2.5 } });

		expect(output!.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: "'Concurrency' must be a whole number from 1 to 50, not 2.5" }, { item: 0 }],
			[{ error: "'Concurrency' must be a whole number from 1 to 50, not 2.5" }, { item: 1 }],
		]);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('an invalid id under continueOnFail fails only its own item, with no request for it', async () => {
		const valid = sandbox.createKey('valid').id;

		const { output } = await deleteKeys(sandbox, { ids: ['not-an-id', valid], continueOnFail: true });

		expect(output!.map((item) => item.json)).toEqual([
			{ error: '\'API Key ID\' is not a valid Plumaa ID: "not-an-id"' },
			expect.objectContaining({ id: valid, deleted: true }),
		]);
		expect(sandbox.apiRequests().map((request) => request.query.id)).toEqual([valid]);
	});
});

describe('rate limits', () => {
	test('a 429 is retried after its Retry-After, then succeeds', async () => {
		const { id } = sandbox.createKey('rate limited');
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1' });
		const started = Date.now();

		const { output, error } = await deleteKeys(sandbox, { ids: [id] });

		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ id, deleted: true });
		expect(sandbox.apiRequests()).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('after 3 tries a 429 becomes an error that says when to retry', async () => {
		const { id } = sandbox.createKey('always limited');
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '0', times: 3 });

		const { error } = await deleteKeys(sandbox, { ids: [id] });

		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa is rate-limiting requests (HTTP 429)',
			description: expect.stringContaining('Plumaa asks to retry after 0 seconds'),
			httpCode: '429',
		});
		expect(error?.description).toContain('Gave up after 3 tries');
		expect(sandbox.apiRequests()).toHaveLength(3);
		expect(sandbox.hasKey(id)).toBe(true);
	});

	test('nothing but a 429 is retried', async () => {
		sandbox.addFault({ kind: 'html', status: 503 });

		await deleteKeys(sandbox, { ids: [sandbox.createKey('once').id] });

		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	test('Retry-After in seconds or as an HTTP date; waits capped at 60 s', () => {
		const now = Date.parse('2026-11-26T12:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7);
		expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(rateLimitWaitSeconds(3600, 1)).toBe(60);
		expect(rateLimitWaitSeconds(undefined, 2)).toBe(2);
	});
});
