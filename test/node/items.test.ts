import { deleteKeys } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';
import { parseRetryAfter } from '../../nodes/shared/transport/request';

const sandbox = useSandbox();

/** 50 ids: 45 keys that exist, and 5 (every tenth, from index 3) that do not. */
function fiftyIds(): { ids: string[]; failing: number[] } {
	const failing = [3, 13, 23, 33, 43];
	const ids = Array.from({ length: 50 }, (_, index) =>
		failing.includes(index)
			? index.toString(16).padStart(24, 'f')
			: sandbox.createKey(`bulk ${index}`).id,
	);
	return { ids, failing };
}

describe('many items', () => {
	test.each([1, 5])(
		'continueOnFail, Concurrency %i: 50 items with 5 failing give 50 paired items in input order',
		async (concurrency) => {
			const { ids, failing } = fiftyIds();
			sandbox.latencyMs = 5;

			const { output, error } = await deleteKeys(sandbox, {
				ids,
				continueOnFail: true,
				options: { concurrency },
			});

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

	test('without a Concurrency the node starts with 8 at a time (Auto)', async () => {
		const ids = Array.from({ length: 12 }, (_, index) => sandbox.createKey(`default ${index}`).id);
		sandbox.latencyMs = 100;

		await deleteKeys(sandbox, { ids });

		expect(
			sandbox
				.apiRequests()
				.slice(0, 8)
				.map((request) => request.inFlight),
		).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(sandbox.apiRequests()[8].inFlight).toBeLessThanOrEqual(8);
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

		const { output, errorOutput } = await deleteKeys(sandbox, {
			ids: [valid, missing],
			errorOutput: true,
		});

		expect(output!.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: valid, deleted: true }),
		]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
		expect(errorOutput).toHaveLength(1);
		expect(errorOutput![0].json).toMatchObject({ error: `API key ${missing} was not found` });
		expect(errorOutput![0].pairedItem).toEqual({ item: 1 });
	});

	test('a wrong Concurrency under continueOnFail fails every item, paired, with no request sent', async () => {
		const ids = [sandbox.createKey('one').id, sandbox.createKey('two').id];

		const { output } = await deleteKeys(sandbox, {
			ids,
			continueOnFail: true,
			options: { concurrency: 2.5 },
		});

		expect(output!.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: "'Concurrency' must be a whole number from 1 to 50, not 2.5" }, { item: 0 }],
			[{ error: "'Concurrency' must be a whole number from 1 to 50, not 2.5" }, { item: 1 }],
		]);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('an invalid id under continueOnFail fails only its own item, with no request for it', async () => {
		const valid = sandbox.createKey('valid').id;

		const { output } = await deleteKeys(sandbox, {
			ids: ['not-an-id', valid],
			continueOnFail: true,
		});

		expect(output!.map((item) => item.json)).toEqual([
			{ error: '\'API Key ID\' is not a valid Plumaa ID: "not-an-id"' },
			expect.objectContaining({ id: valid, deleted: true }),
		]);
		expect(sandbox.apiRequests().map((request) => request.query.id)).toEqual([valid]);
	});
});

// How long the pacer waits, and how Auto grows and cuts back, is proven on a fake clock in
// test/unit/pacer.test.ts. Through the engine against the sandbox, these tests assert what a run
// hands on and what Plumaa received: order, pairing, counts and messages, never a duration.
describe('rate limits', () => {
	test('a 429 is sent again after its Retry-After, then succeeds', async () => {
		const { id } = sandbox.createKey('rate limited');
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1' });

		const { output, error } = await deleteKeys(sandbox, { ids: [id] });

		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ id, deleted: true });
		expect(sandbox.apiRequests().map((request) => [request.query.id, request.status])).toEqual([
			[id, 429],
			[id, 200],
		]);
	});

	test('a 429 fails its item only once waiting more would go past Max Rate Limit Wait, and says how long the run waited', async () => {
		const { id } = sandbox.createKey('always limited');
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1', times: 10 });

		const { error } = await deleteKeys(sandbox, { ids: [id], options: { maxRateLimitWait: 1.5 } });

		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa is rate-limiting requests (HTTP 429)',
			description: expect.stringContaining('Plumaa asks to retry after 1 seconds'),
			httpCode: '429',
		});
		expect(error?.description).toContain(
			"Sent 2 times; the run waited 1 s for the rate limit in all, and waiting again would go past 'Max Rate Limit Wait'",
		);
		expect(sandbox.apiRequests()).toHaveLength(2);
		expect(sandbox.hasKey(id)).toBe(true);
	});

	test('Max Rate Limit Wait 0 fails an item at its first 429', async () => {
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1' });

		const { error } = await deleteKeys(sandbox, {
			ids: [sandbox.createKey('no wait').id],
			options: { maxRateLimitWait: 0 },
		});

		expect(error).toMatchObject({ httpCode: '429' });
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	test('a 429 without Retry-After is sent again until it gets through', async () => {
		const { id } = sandbox.createKey('no header');
		sandbox.addFault({ kind: 'rateLimit' });

		const { output } = await deleteKeys(sandbox, { ids: [id] });

		expect(output![0].json).toMatchObject({ id, deleted: true });
		expect(sandbox.apiRequests().map((request) => request.status)).toEqual([429, 200]);
	});

	test('nothing but a 429 is sent again', async () => {
		sandbox.addFault({ kind: 'html', status: 503 });

		await deleteKeys(sandbox, { ids: [sandbox.createKey('once').id] });

		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	test('Retry-After in seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-26T12:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7);
		expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:30 GMT', now)).toBe(30);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
});

describe('pacing (Auto, and one back-off for the whole run)', () => {
	test('a 429 pauses the whole run: every item succeeds, and only the limited request is sent again', async () => {
		const ids = Array.from({ length: 12 }, (_, index) => sandbox.createKey(`paused ${index}`).id);
		sandbox.latencyMs = 20;
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1', on: { skip: 5 } });

		const { output } = await deleteKeys(sandbox, { ids });

		expect(output!.map((item) => [item.json.id, item.json.deleted, item.pairedItem])).toEqual(
			ids.map((id, index) => [id, true, { item: index }]),
		);
		const requests = sandbox.apiRequests();
		expect(requests).toHaveLength(13);
		const limited = requests.find((request) => request.status === 429)!;
		expect(
			requests
				.filter((request) => request.query.id === limited.query.id)
				.map((request) => request.status),
		).toEqual([429, 200]);
	});

	test('Auto: 300 items at 50 ms each all succeed, in order, never more than 50 at once', async () => {
		const ids = Array.from({ length: 300 }, (_, index) => sandbox.createKey(`grow ${index}`).id);
		sandbox.latencyMs = 50;

		const { output } = await deleteKeys(sandbox, { ids });

		expect(output!.map((item) => item.json.id)).toEqual(ids);
		expect(sandbox.apiRequests()).toHaveLength(300);
		expect(sandbox.apiRequests()[0].inFlight).toBe(1);
		expect(sandbox.maxInFlight).toBeLessThanOrEqual(50);
	});

	test('Auto under a Plumaa that slows down with load: every item succeeds, sent once', async () => {
		const ids = Array.from({ length: 80 }, (_, index) => sandbox.createKey(`shrink ${index}`).id);
		sandbox.latencyPerInFlightMs = 25;

		const { output } = await deleteKeys(sandbox, { ids });

		expect(output!.map((item) => item.json.deleted)).toEqual(Array(80).fill(true));
		expect(sandbox.apiRequests()).toHaveLength(80);
	});

	test.each(['tokenBucket', 'fixedWindow'] as const)(
		'Auto under a rate limit of 10 calls per second (%s): every item succeeds, and every 429 is followed by the same call again',
		async (shape) => {
			const ids = Array.from(
				{ length: 30 },
				(_, index) => sandbox.createKey(`limited ${index}`).id,
			);
			sandbox.limitRate(10, shape);

			const { output } = await deleteKeys(sandbox, { ids });

			expect(output!.map((item) => [item.json.id, item.json.deleted])).toEqual(
				ids.map((id) => [id, true]),
			);
			const requests = sandbox.apiRequests();
			const limited = requests.filter((request) => request.status === 429);
			expect(limited.length).toBeGreaterThan(0);
			expect(requests).toHaveLength(30 + limited.length);
		},
		90_000,
	);

	test('a fixed Concurrency is never exceeded, and a 429 pauses it too: every item succeeds, the limited one sent twice', async () => {
		const ids = Array.from({ length: 10 }, (_, index) => sandbox.createKey(`fixed ${index}`).id);
		sandbox.latencyMs = 30;
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '1', on: { skip: 3 } });

		const { output } = await deleteKeys(sandbox, { ids, options: { concurrency: 3 } });

		expect(output!.map((item) => item.json.id)).toEqual(ids);
		expect(sandbox.maxInFlight).toBe(3);
		expect(sandbox.apiRequests()).toHaveLength(11);
	});
});
