/**
 * A fault soak: 1 000 items against a Plumaa that misbehaves for 10 % of them — 5xx answers, HTML from a
 * gateway, connection resets, timeouts, and bursts of 429 — then the same run again and again, watching
 * memory. Every item must come out, in order, as its key or a named error, with no secret anywhere.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { Fault } from '../../dev/sandbox/server';
import { everythingRecorded, deleteKeys } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();
const ITEMS = Number(process.env.SOAK_ITEMS ?? 1_000);
/** Each failing kind hits every 50th item, from its own offset: 20 items each, 10 % in all with the 429s. */
const FAULTS: Array<{ offset: number; fault: Fault; message: RegExp | undefined }> = [
	{
		offset: 3,
		fault: {
			kind: 'status',
			status: 500,
			body: { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
		},
		message: /^Plumaa failed to process the request \(HTTP 500\)$/,
	},
	{
		offset: 13,
		fault: { kind: 'html', status: 502 },
		message: /answered .* with an HTML page instead of JSON|HTTP 502/,
	},
	{
		offset: 23,
		fault: { kind: 'drop' },
		message: /^The connection to Plumaa closed before it answered/,
	},
	{ offset: 33, fault: { kind: 'hang' }, message: /^Plumaa did not answer within 2 s/ },
];
/** Two bursts of 429 (Retry-After: 1): every call for 300 ms, after about 40 % and 80 % of the calls. Those items wait, then succeed. */
const RATE_LIMIT_BURSTS: Fault[] = [
	{ kind: 'rateLimit', retryAfter: '1', forMs: 300, on: { skip: 0.4 * ITEMS } },
	{ kind: 'rateLimit', retryAfter: '1', forMs: 300, on: { skip: 0.4 * ITEMS } },
];

/** Garbage collection on demand, to read memory that is really held. */
function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
}

async function soakRun(): Promise<{
	ids: string[];
	result: Awaited<ReturnType<typeof deleteKeys>>;
}> {
	sandbox.reset();
	const ids = Array.from({ length: ITEMS }, (_, index) => sandbox.createKey(`soak ${index}`).id);
	for (const { offset, fault } of FAULTS) {
		for (let index = offset; index < ITEMS; index += 50)
			sandbox.addFault({ ...fault, on: { id: ids[index] } });
	}
	for (const burst of RATE_LIMIT_BURSTS) sandbox.addFault(burst);
	const result = await deleteKeys(sandbox, {
		ids,
		continueOnFail: true,
		// Long enough that a healthy request never times out on a busy machine (a full GC can stall the loop), short
		// enough that the hanging ones end soon.
		options: { timeout: 2_000 },
	});
	return { ids, result };
}

test('1 000 items, 10 % faults: 1 000 items out in input order, each its key or a named error, no secret', async () => {
	const { ids, result } = await soakRun();

	const output = result.output!;
	if (process.env.SOAK_DEBUG)
		console.log(
			sandbox.requests
				.map((r) => `${r.at - sandbox.requests[0].at}:${r.inFlight}:${r.status}`)
				.join(' '),
		);
	expect(output).toHaveLength(ITEMS);
	const failedAs = new Map(
		FAULTS.flatMap(({ offset, message }) =>
			Array.from({ length: ITEMS / 50 }, (_, step) => [offset + step * 50, message] as const),
		),
	);
	output.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		const expected = failedAs.get(index);
		if (expected) {
			expect({ index, error: item.json.error }).toEqual({
				index,
				error: expect.stringMatching(expected),
			});
		} else {
			// The error, if any, comes along so that a failure says what happened to the item.
			expect({
				index,
				id: item.json.id,
				deleted: item.json.deleted,
				error: item.json.error,
			}).toEqual({
				index,
				id: ids[index],
				deleted: true,
				error: undefined,
			});
		}
	});
	expect(failedAs.size).toBe((ITEMS / 50) * FAULTS.length);
	// Only the 429s were sent again; every other item was sent once.
	const sent = sandbox.apiRequests();
	const rateLimited = sent.filter((request) => request.status === 429).length;
	expect(rateLimited).toBeGreaterThan(0);
	expect(sent).toHaveLength(ITEMS + rateLimited);
	const recorded = everythingRecorded(result);
	for (const secret of sandbox.issuedSecrets) expect(recorded.includes(secret)).toBe(false);
}, 120_000);

test('memory does not grow with repeated runs: held heap after run 5 is within 10 MB of run 2', async () => {
	const heldMb: number[] = [];
	for (let run = 1; run <= 5; run++) {
		await soakRun();
		collectGarbage();
		heldMb.push(process.memoryUsage().heapUsed / 1024 / 1024);
	}
	console.log(`held heap after each run: ${heldMb.map((mb) => mb.toFixed(1)).join(', ')} MB`);
	expect(heldMb[4] - heldMb[1]).toBeLessThan(10);
}, 300_000);
