/**
 * The pacer on a fake clock: every pacing behaviour, the lost wake-up of a clock that moves between two
 * reads, the watchdog, and thousands of random runs in which every request must start and limits hold.
 * Nothing here reads the wall clock.
 */
import type { Judgement, PacerSettings, Sent } from '../../nodes/shared/pacer';
import {
	AUTO_CAP,
	AUTO_START,
	PacerStalledError,
	RequestPacer,
	RunStoppedError,
} from '../../nodes/shared/pacer';
import { fixedWindow, tokenBucket } from '../../dev/sandbox/rateLimits';
import { FakeTime, settle } from '../support/fake-time';

interface Answer {
	status: number;
	retryAfter?: number;
}

interface Reply extends Answer {
	latencyMs?: number;
}

const judge = (answer: Answer): Judgement =>
	answer.status === 429
		? { outcome: 'rateLimited', retryAfterSeconds: answer.retryAfter }
		: answer.status >= 502 && answer.status <= 504
			? { outcome: 'overloaded' }
			: answer.status >= 500
				? { outcome: 'other' }
				: { outcome: 'ok' };

/** A Plumaa on the fake clock: answers each call after its latency, as `reply` says; records sends. */
class FakePlumaa {
	readonly sends: Array<{ at: number; itemsRunning: number; inFlight: number; status?: number }> =
		[];
	inFlight = 0;
	maxInFlight = 0;

	constructor(
		private readonly time: FakeTime,
		private readonly pacer: RequestPacer,
		private readonly reply: (call: number, inFlight: number) => Reply = () => ({ status: 200 }),
	) {}

	async call(): Promise<Answer> {
		const at = this.time.peek;
		const record: (typeof this.sends)[number] = {
			at,
			itemsRunning: this.pacer.itemsRunning,
			inFlight: ++this.inFlight,
		};
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		this.sends.push(record);
		const { latencyMs = 0, ...answer } = this.reply(this.sends.length - 1, this.inFlight);
		if (latencyMs > 0) await this.time.sleep(latencyMs);
		this.inFlight--;
		record.status = answer.status;
		return answer;
	}

	/** One item that sends `requests` requests one after another, as an operation does. */
	async item(requests = 1): Promise<Array<Sent<Answer>>> {
		return await this.pacer.runItem(async () => {
			const sent: Array<Sent<Answer>> = [];
			for (let request = 0; request < requests; request++)
				sent.push(
					await this.pacer.send(
						() => this.call(),
						judge,
						() => 'other',
					),
				);
			return sent;
		});
	}
}

function setUp(
	settings: Partial<PacerSettings> = {},
	reply?: (call: number, inFlight: number) => Reply,
	time = new FakeTime(),
) {
	const pacer = new RequestPacer(
		{ concurrency: 'auto', rateLimitBudgetMs: 300_000, ...settings },
		time,
	);
	return { time, pacer, plumaa: new FakePlumaa(time, pacer, reply) };
}

/** Starts `count` items at once, as the router does, and collects how each ended. */
function startItems(plumaa: FakePlumaa, count: number, requests = 1) {
	const ended: Array<
		{ ok: true; sent: Array<Sent<Answer>> } | { ok: false; error: Error } | undefined
	> = new Array(count).fill(undefined);
	for (let index = 0; index < count; index++) {
		plumaa.item(requests).then(
			(sent) => (ended[index] = { ok: true, sent }),
			(error: Error) => (ended[index] = { ok: false, error }),
		);
	}
	return ended;
}

describe('a clock that moves between two reads never loses a wake-up', () => {
	// The production hang: the pacer decided "not yet" on one reading and computed the wait on a later
	// one; when the millisecond turned in between, the wait was <= 0 and no wake-up was set.
	test.each([1, 2, 3])(
		'the clock moves %i ms on every read: 300 paced requests all go, none stalls',
		async (drift) => {
			const time = new FakeTime(1_000_000, () => drift);
			// Ten calls get through, then one 429 (Retry-After 1): from then on the run is paced.
			const { pacer, plumaa } = setUp(
				{ concurrency: 1 },
				(call) => (call === 10 ? { status: 429, retryAfter: 1 } : { status: 200 }),
				time,
			);
			const ended = startItems(plumaa, 300);

			await time.runUntilIdle();

			expect(ended.filter((end) => end?.ok === true)).toHaveLength(300);
			expect(plumaa.sends).toHaveLength(301);
			expect(pacer.stats.stalls).toBe(0);
		},
	);

	test('the reading that said "not yet" is the one the wake-up is set from: the turn at openAt - 1 → openAt', async () => {
		// Paced: a request asks 1 ms before it may go, and the clock turns to that millisecond on the next read.
		// How far the clock moves after each coming read (then it stands still).
		const moves: number[] = [];
		const time = new FakeTime(1_000_000, () => moves.shift() ?? 0);
		const { pacer, plumaa } = setUp(
			{ concurrency: 1 },
			(call) => (call === 1 ? { status: 429, retryAfter: 1 } : { status: 200 }),
			time,
		);
		startItems(plumaa, 3);
		await time.runUntilIdle();
		expect(plumaa.sends.map((send) => send.status)).toEqual([200, 429, 200, 200]);

		expect(plumaa.sends[3].at - plumaa.sends[2].at).toBeGreaterThan(1);
		// Next request 1 ms before it may go; the clock turns by 1 ms right after the pacer reads it.
		await time.advance(pacer.nextSendAt - 1 - time.peek);
		// The item's turn reads the clock first, then the request's: the millisecond turns right after that read.
		moves.push(0, 1);
		const ended = startItems(plumaa, 1);
		await time.runUntilIdle();

		expect(ended[0]).toMatchObject({ ok: true });
		expect(pacer.stats.stalls).toBe(0);
	});
});

describe('Auto: how many items at once', () => {
	test(`starts with ${AUTO_START} at once`, async () => {
		const { time, plumaa } = setUp({}, () => ({ status: 200, latencyMs: 100 }));
		startItems(plumaa, 20);
		await settle();

		expect(plumaa.sends.map((send) => send.inFlight)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		await time.runUntilIdle();
	});

	test(`grows while answers take 10 ms or more (doubling per round trip), up to ${AUTO_CAP}`, async () => {
		const { time, pacer, plumaa } = setUp({}, () => ({ status: 200, latencyMs: 50 }));
		const ended = startItems(plumaa, 300);

		await time.advance(50);
		expect(plumaa.sends.length).toBe(8 + 16);
		await time.runUntilIdle();

		expect(ended.every((end) => end?.ok)).toBe(true);
		expect(plumaa.maxInFlight).toBe(AUTO_CAP);
		expect(pacer.stats.highestLimit).toBe(AUTO_CAP);
	});

	test('quick answers (under 10 ms) leave it at the start: the node is the bottleneck, and a rate limit may be near', async () => {
		const { time, pacer, plumaa } = setUp({}, () => ({ status: 200, latencyMs: 2 }));
		startItems(plumaa, 200);
		await time.runUntilIdle();

		expect(plumaa.maxInFlight).toBe(AUTO_START);
		expect(pacer.stats.highestLimit).toBe(AUTO_START);
	});

	test('cuts back when latency rises under load, and stays cut', async () => {
		// Each call being answered adds 25 ms: at 50 at once, 1.25 s.
		const { time, plumaa } = setUp({}, (_call, inFlight) => ({
			status: 200,
			latencyMs: 25 * inFlight,
		}));
		startItems(plumaa, 200);
		await time.runUntilIdle();

		const inFlight = plumaa.sends.map((send) => send.inFlight);
		const peak = Math.max(...inFlight);
		expect(peak).toBeGreaterThan(AUTO_START);
		expect(peak).toBeLessThan(40);
		expect(Math.min(...inFlight.slice(inFlight.indexOf(peak)))).toBeLessThanOrEqual(0.75 * peak);
	});

	test('overload answers (502/503/504, timeouts) halve it, once per round', async () => {
		// The first round of 8 all answer 503.
		const { time, pacer, plumaa } = setUp({}, (call) => ({
			status: call < 8 ? 503 : 200,
			latencyMs: 20,
		}));
		startItems(plumaa, 8);
		await time.runUntilIdle();
		expect(pacer.currentLimit).toBe(4);
		expect(pacer.stats.lowestLimitAfterStart).toBe(4);
	});

	test('a fixed Concurrency is never exceeded, and neither 429 nor overload changes it', async () => {
		const { time, pacer, plumaa } = setUp({ concurrency: 3 }, (call) => ({
			status: call === 4 ? 429 : call % 7 === 0 ? 503 : 200,
			retryAfter: 1,
			latencyMs: 30,
		}));
		const ended = startItems(plumaa, 40);
		await time.runUntilIdle();

		expect(ended.every((end) => end?.ok)).toBe(true);
		expect(Math.max(...plumaa.sends.map((send) => send.itemsRunning))).toBe(3);
		expect(plumaa.maxInFlight).toBe(3);
		expect(pacer.currentLimit).toBe(3);
	});
});

describe('rate limits: one back-off for the whole run', () => {
	test('a 429 with Retry-After pauses every request of the run until then; the limited one goes first after it', async () => {
		const { time, plumaa } = setUp({}, (call) => ({
			status: call === 5 ? 429 : 200,
			retryAfter: 1,
			latencyMs: 20,
		}));
		const ended = startItems(plumaa, 30);
		await time.runUntilIdle();

		expect(ended.every((end) => end?.ok)).toBe(true);
		expect(plumaa.sends).toHaveLength(31);
		const limited = plumaa.sends.findIndex((send) => send.status === 429);
		const answeredAt = plumaa.sends[limited].at + 20;
		// Requests sent in the same instant, before the node read the 429, still go; then nothing until Retry-After.
		const sentDuringPause = plumaa.sends.filter(
			(send) => send.at > answeredAt && send.at < answeredAt + 1000,
		);
		expect(sentDuringPause).toHaveLength(0);
		// Sent again first of all once the pause ends.
		const firstAfter = plumaa.sends.find((send) => send.at >= answeredAt + 1000)!;
		expect(ended[limited]).toMatchObject({ ok: true, sent: [{ attempts: 2 }] });
		expect(firstAfter.at).toBe(answeredAt + 1000);
	});

	test('429s of requests sent before the pause began belong to it: they do not lengthen it', async () => {
		// All of the first round of 8 get 429 (Retry-After 1): one pause of 1 s, not 8.
		const { time, pacer, plumaa } = setUp({}, (call) => ({
			status: call < 8 ? 429 : 200,
			retryAfter: 1,
			latencyMs: 5,
		}));
		const ended = startItems(plumaa, 8);
		await time.runUntilIdle();

		expect(ended.every((end) => end?.ok)).toBe(true);
		expect(pacer.stats.rateLimited).toBe(8);
		expect(pacer.stats.waitedMs).toBe(1000);
	});

	test('a 429 without Retry-After waits 1 s, then 2 s (doubling, at most 60 s)', async () => {
		const { time, plumaa } = setUp({}, (call) => ({ status: call < 2 ? 429 : 200 }));
		const ended = startItems(plumaa, 1);
		await time.runUntilIdle();

		expect(ended[0]).toMatchObject({ ok: true, sent: [{ attempts: 3 }] });
		const [first, second, third] = plumaa.sends.map((send) => send.at);
		expect([second - first, third - second]).toEqual([1000, 2000]);
	});

	test('waits stop doubling at 60 s', async () => {
		const { time, pacer, plumaa } = setUp({ rateLimitBudgetMs: 10 * 60_000 }, (call) => ({
			status: call < 8 ? 429 : 200,
		}));
		startItems(plumaa, 1);
		await time.runUntilIdle();
		const gaps = plumaa.sends.slice(1).map((send, index) => send.at - plumaa.sends[index].at);
		expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
		expect(pacer.stats.waitedMs).toBe(183000);
	});

	test('an item gives up on a 429 only once waiting would go past the budget, and says how often it was sent', async () => {
		const { time, pacer, plumaa } = setUp({ rateLimitBudgetMs: 1500 }, () => ({
			status: 429,
			retryAfter: 1,
		}));
		const ended = startItems(plumaa, 1);
		await time.runUntilIdle();

		expect(ended[0]).toMatchObject({
			ok: true,
			sent: [{ attempts: 2, rateLimitGaveUp: true, answer: { status: 429 } }],
		});
		expect(pacer.stats.waitedMs).toBe(1000);
	});

	test('a budget of 0 gives up at the first 429', async () => {
		const { time, plumaa } = setUp({ rateLimitBudgetMs: 0 }, () => ({
			status: 429,
			retryAfter: 1,
		}));
		const ended = startItems(plumaa, 1);
		await time.runUntilIdle();
		expect(ended[0]).toMatchObject({ ok: true, sent: [{ attempts: 1, rateLimitGaveUp: true }] });
	});

	test('after a pause the run keeps to the rate that got through, and speeds up each second without a 429', async () => {
		// 20 answers in the first second (50 ms each, one at a time), then a 429 with Retry-After 1.
		const { time, plumaa: limiting } = setUp({ concurrency: 1 }, (call) => ({
			status: call === 20 ? 429 : 200,
			retryAfter: 1,
			latencyMs: call < 20 ? 50 : 0,
		}));
		startItems(limiting, 60);
		await time.runUntilIdle();

		const limitedAt = limiting.sends[20].at;
		const after = limiting.sends.slice(21).map((send) => send.at);
		// 20 got through in 1 s before the 429, plus the 1 s pause: one every 100 ms from then on.
		expect(after[0]).toBe(limitedAt + 1000);
		expect(after[1] - after[0]).toBe(100);
		const gaps = after.slice(1).map((at, index) => at - after[index]);
		expect(Math.min(...gaps)).toBeLessThan(100);
		// Every gap within a second is the same; each second the pace quickens.
		expect(gaps[gaps.length - 1]).toBeLessThan(gaps[0]);
	});
});

describe('against the sandbox rate limits, on the fake clock', () => {
	test.each([
		{ shape: 'a fixed window', perSecond: 10, limiterFor: () => fixedWindow(10) },
		{
			shape: 'a token bucket',
			perSecond: 10,
			limiterFor: (time: FakeTime) => tokenBucket(10, time.peek),
		},
		{ shape: 'a fixed window', perSecond: 2, limiterFor: () => fixedWindow(2) },
	])(
		'Auto, 200 items, $shape of $perSecond requests/s: every item succeeds with at most 1.15 requests per item',
		async ({ limiterFor }) => {
			const time = new FakeTime(1_000_000_250);
			const limiter = limiterFor(time);
			const { pacer, plumaa } = setUp(
				{},
				() => {
					const retryAfter = limiter.take(time.peek);
					return retryAfter === undefined
						? { status: 200, latencyMs: 2 }
						: { status: 429, retryAfter, latencyMs: 2 };
				},
				time,
			);
			const ended = startItems(plumaa, 200);
			await time.runUntilIdle();

			expect(
				ended.every(
					(end) =>
						end?.ok && end.sent.every((sent) => 'answer' in sent && sent.answer.status === 200),
				),
			).toBe(true);
			expect(plumaa.sends.length / 200).toBeLessThanOrEqual(1.15);
			expect(pacer.stats.stalls).toBe(0);
		},
	);
});

describe('stopping and the watchdog', () => {
	test('stop: items and requests still waiting are never sent and fail with RunStoppedError; running ones finish', async () => {
		const { time, pacer, plumaa } = setUp({ concurrency: 2 }, () => ({
			status: 200,
			latencyMs: 10,
		}));
		const ended = startItems(plumaa, 5);
		await settle();
		pacer.stop();
		await time.runUntilIdle();

		expect(ended.map((end) => end?.ok)).toEqual([true, true, false, false, false]);
		expect(
			ended.slice(2).every((end) => end?.ok === false && end.error instanceof RunStoppedError),
		).toBe(true);
		expect(plumaa.sends).toHaveLength(2);
	});

	test('a wake-up that never comes (a sleeper that fails) fails the waiting items with a defect message instead of hanging', async () => {
		const time = new FakeTime();
		const broken = {
			now: time.now,
			sleep: async (): Promise<void> => await Promise.reject(new Error('timer failed')),
		};
		const pacer = new RequestPacer({ concurrency: 1, rateLimitBudgetMs: 60_000 }, broken);
		const plumaa = new FakePlumaa(time, pacer, (call) => ({
			status: call === 0 ? 429 : 200,
			retryAfter: 1,
		}));
		const ended = startItems(plumaa, 3);
		await time.runUntilIdle();

		expect(ended.every((end) => end?.ok === false && end.error instanceof PacerStalledError)).toBe(
			true,
		);
		expect((ended[0] as { error: Error }).error.message).toBe(
			"Not sent: the node's request pacing stalled (1 requests and 2 items waiting, 0 in flight, no wake-up)",
		);
		expect(pacer.stats.stalls).toBe(1);
		// Nothing waits for it any more: a request asked for later fails at once.
		await expect(plumaa.item()).rejects.toBeInstanceOf(PacerStalledError);
	});
});

/** A small seeded random source, so that a failing run can be replayed from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 2 ** 32;
	};
}

describe('random runs', () => {
	test('2 000 random runs: every request is sent eventually, every item ends, limits and the budget hold', async () => {
		for (let seed = 1; seed <= 2_000; seed++) {
			const next = random(seed);
			const pick = <T>(choices: T[]): T => choices[Math.floor(next() * choices.length)];
			const fixed = next() < 0.5 ? pick([1, 2, 3, 5, 20]) : undefined;
			const budgetMs = pick([0, 1_000, 5_000, 300_000]);
			const drift = pick([0, 0, 1, 2, 3]);
			const time = new FakeTime(1_000_000 + Math.floor(next() * 1000), () =>
				drift === 0 ? 0 : Math.floor(next() * (drift + 1)),
			);
			const faults = {
				rateLimited: pick([0, 0.05, 0.3]),
				overloaded: pick([0, 0.05]),
				other: pick([0, 0.05]),
				noRetryAfter: pick([0, 0.5]),
			};
			const pacer = new RequestPacer(
				{ concurrency: fixed ?? 'auto', rateLimitBudgetMs: budgetMs },
				time,
			);
			const plumaa = new FakePlumaa(time, pacer, () => {
				const roll = next();
				const latencyMs = pick([0, 1, 5, 20, 120]);
				if (roll < faults.rateLimited)
					return {
						status: 429,
						retryAfter: next() < faults.noRetryAfter ? undefined : pick([1, 2]),
						latencyMs,
					};
				if (roll < faults.rateLimited + faults.overloaded) return { status: 503, latencyMs };
				if (roll < faults.rateLimited + faults.overloaded + faults.other)
					return { status: 500, latencyMs };
				return { status: 200, latencyMs };
			});
			const items = 1 + Math.floor(next() * 40);
			const requestsPerItem = pick([1, 1, 2, 3]);
			const ended = startItems(plumaa, items, requestsPerItem);
			await time.runUntilIdle();

			const context = { seed, fixed, budgetMs, drift, items, requestsPerItem };
			expect({ ...context, unfinished: ended.filter((end) => end === undefined).length }).toEqual({
				...context,
				unfinished: 0,
			});
			expect({
				...context,
				failed: ended.filter((end) => end?.ok === false).length,
				stalls: pacer.stats.stalls,
			}).toEqual({ ...context, failed: 0, stalls: 0 });
			const sent = ended.flatMap((end) => (end?.ok ? end.sent : []));
			expect(sent).toHaveLength(items * requestsPerItem);
			expect(plumaa.sends).toHaveLength(sent.reduce((sum, one) => sum + one.attempts, 0));
			const mostAtOnce = Math.max(
				...plumaa.sends.map((send) => Math.max(send.itemsRunning, send.inFlight)),
			);
			expect({ ...context, mostAtOnce: mostAtOnce <= (fixed ?? AUTO_CAP) }).toEqual({
				...context,
				mostAtOnce: true,
			});
			expect({ ...context, withinBudget: pacer.stats.waitedMs <= budgetMs }).toEqual({
				...context,
				withinBudget: true,
			});
			expect(time.pendingTimers).toBe(0);
		}
	}, 60_000);
});
