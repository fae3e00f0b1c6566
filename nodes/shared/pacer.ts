/**
 * How fast one run calls Plumaa. One pacer per run decides
 * - how many requests are in flight: Auto starts at 8, grows while Plumaa answers quickly and fine, and
 *   cuts back on 429, on overload answers (502/503/504, timeouts) and on rising latency, never above 50;
 *   a fixed Concurrency keeps the number where the user set it;
 * - how many items run at once: as many as requests may be in flight at most (50 for Auto), so that
 *   the next items' own work (parameters, files) overlaps the requests that are waiting for answers;
 * - when the next request may be sent: a 429 pauses every request of the run until its Retry-After,
 *   then the run sends no faster than the rate Plumaa let through, a little faster each second
 *   without a 429;
 * - how long the run may wait for rate limits in all: a 429 fails its item once waiting would go past it.
 *
 * Every decision reads the clock once and acts on that one reading, so a request that cannot be sent
 * yet always has a wake-up armed (see `pump`). Should that ever fail, the watchdog fails the waiting
 * items with a defect message instead of letting the run hang.
 */
import type { Time } from './clock';
import { realTime } from './clock';

/** Thrown to items and requests still waiting when the run stops (a failure without continue-on-fail): never sent. */
export class RunStoppedError extends Error {
	constructor() {
		super('Not sent: the run stopped at an earlier failure');
	}
}

/** Thrown to what was waiting when the watchdog found nothing left that would wake it: a defect, reported. */
export class PacerStalledError extends Error {
	readonly description =
		'Nothing was left that would send it, so the node stopped waiting instead of hanging. The request was not sent. Run the workflow again, and please report this to the maintainers of n8n-nodes-plumaa with this message.';

	constructor(state: string) {
		super(`Not sent: the node's request pacing stalled (${state})`);
	}
}

/** A request's turn: when it was sent, and its place in the order of sends. */
export interface Turn {
	startedAt: number;
	sequence: number;
}

/** How a request ended, as far as pacing cares. */
export type RequestOutcome = 'ok' | 'overloaded' | 'rateLimited' | 'other';

/** What an answer means for pacing; a 429 may say when to try again. */
export type Judgement =
	| { outcome: Exclude<RequestOutcome, 'rateLimited'> }
	| { outcome: 'rateLimited'; retryAfterSeconds?: number };

export interface PacerSettings {
	/** 'auto', or a fixed number of items at once. */
	concurrency: 'auto' | number;
	/** How long the run may wait for rate limits in all, in milliseconds. */
	rateLimitBudgetMs: number;
}

/**
 * A request sent through the pacer: its answer, how many times it was sent, and whether a 429 was given
 * up on; or, when it got no answer, why (the caller turns that into the node's error).
 */
export type Sent<R> =
	| { answer: R; attempts: number; rateLimitGaveUp: boolean }
	| { unanswered: unknown; attempts: number };

export const AUTO_START = 8;
export const AUTO_CAP = 50;
/** Latency counts as rising once the recent average exceeds both twice the best seen and the best plus this. */
const RISING_LATENCY_MARGIN_MS = 250;
/** Answers quicker than this do not make Auto run more at once: the node's own work is then the bottleneck. */
const QUICK_ANSWER_MS = 10;
/** While paced, the rate goes up after a while without a 429, first by this much, to find out whether the limit rose. */
const FIRST_RATE_PROBE_STEP = 1.2;
/** How long at the pace before going faster: 1 s, doubled each time going faster met a 429 (the limit had not risen), at most 30 s. */
const RATE_PROBE_EVERY_MS = 1_000;
const MAX_RATE_PROBE_EVERY_MS = 30_000;
/** Waits when a 429 gives no usable Retry-After: 1 s, doubled per 429 in a row, at most 60 s. */
const FALLBACK_WAIT_MS = 1_000;
const MAX_FALLBACK_WAIT_MS = 60_000;

interface Waiter<T> {
	resolve: (value: T) => void;
	reject: (error: Error) => void;
}

export class RequestPacer {
	readonly auto: boolean;
	/** Requests allowed in flight (Auto moves it). */
	private limit: number;
	/** Items allowed to run at once. */
	private readonly itemLimit: number;
	/** Items holding a place. */
	private running = 0;
	/** Requests sent and not answered yet. */
	private inFlight = 0;
	private readonly waitingItems: Array<Waiter<void>> = [];
	private readonly waitingRequests: Array<Waiter<Turn>> = [];
	private sent = 0;
	private stoppedWith: Error | undefined;
	/** When the armed wake-up is due; undefined: none armed. */
	private wakeUpDue: number | undefined;
	private readonly deadline: number;
	private readonly startedAt: number;

	/** Until when every request waits (a 429's Retry-After). */
	private pausedUntil = 0;
	/** How many requests had been sent when the current pause began: their 429s belong to it. */
	private sentBeforePause = 0;
	private rateLimitedInARow = 0;
	/** Once rate-limited: the least time between two sends, from the rate Plumaa let through. */
	private minIntervalMs = 0;
	private lastSentAt = -Infinity;
	private okSinceResume = 0;
	private resumedAt = -Infinity;
	private lastProbeAt = 0;
	private probeStep = FIRST_RATE_PROBE_STEP;
	private probeEveryMs = RATE_PROBE_EVERY_MS;
	/** Whether the pace went up since the last pause ended. */
	private probedSinceResume = false;

	/** Auto: one more per good answer (doubling per round trip) until the first sign of trouble, then one more per round trip. */
	private slowStart = true;
	private bestLatencyMs = Infinity;
	private averageLatencyMs: number | undefined;
	/** Requests sent before the last cut saw the trouble that caused it: their answers cause no further cut. */
	private sentBeforeCut = 0;

	/** What the run saw, for tests and benchmarks. */
	readonly stats = {
		highestLimit: 0,
		lowestLimitAfterStart: Infinity,
		rateLimited: 0,
		waitedMs: 0,
		stalls: 0,
	};

	constructor(
		settings: PacerSettings,
		private readonly time: Time = realTime,
	) {
		this.auto = settings.concurrency === 'auto';
		this.limit = settings.concurrency === 'auto' ? AUTO_START : settings.concurrency;
		this.itemLimit = settings.concurrency === 'auto' ? AUTO_CAP : settings.concurrency;
		this.startedAt = time.now();
		this.deadline = this.startedAt + settings.rateLimitBudgetMs;
		this.stats.highestLimit = this.limit;
	}

	/** Requests allowed in flight now. */
	get currentLimit(): number {
		return Math.floor(this.limit);
	}

	/** The earliest time the next request may be sent (for tests). */
	get nextSendAt(): number {
		return this.openAt();
	}

	/** Items running now (for tests). */
	get itemsRunning(): number {
		return this.running;
	}

	/** Requests in flight now (for tests). */
	get requestsInFlight(): number {
		return this.inFlight;
	}

	/** Runs one item's work once there is room; items start in the order they asked. */
	async runItem<T>(work: () => Promise<T>): Promise<T> {
		await this.enqueue(this.waitingItems, false);
		try {
			return await work();
		} finally {
			this.running--;
			this.pump();
		}
	}

	/**
	 * Sends one request: waits for its turn, sends it, and after a 429 waits with the whole run and
	 * sends it again (first in line), as long as the run's rate-limit budget allows.
	 */
	async send<R>(
		attempt: () => Promise<R>,
		judge: (answer: R) => Judgement,
		judgeFailure: (reason: unknown) => RequestOutcome,
	): Promise<Sent<R>> {
		for (let attempts = 1; ; attempts++) {
			const turn = await this.enqueue(this.waitingRequests, attempts > 1);
			const result = await attempt().then(
				(answer) => ({ answer }),
				(unanswered: unknown) => ({ unanswered }),
			);
			if ('unanswered' in result) {
				this.finished(turn, judgeFailure(result.unanswered));
				return { unanswered: result.unanswered, attempts };
			}
			const { answer } = result;
			const judged = judge(answer);
			if (judged.outcome !== 'rateLimited') {
				this.finished(turn, judged.outcome);
				return { answer, attempts, rateLimitGaveUp: false };
			}
			const waits = this.rateLimited(judged.retryAfterSeconds, turn);
			this.finished(turn, 'rateLimited');
			if (!waits) return { answer, attempts, rateLimitGaveUp: true };
		}
	}

	/** No item or request that is still waiting will be sent. */
	stop(): void {
		this.failWaiting(new RunStoppedError());
	}

	private async enqueue<T>(queue: Array<Waiter<T>>, first: boolean): Promise<T> {
		if (this.stoppedWith) throw this.stoppedWith;
		return await new Promise<T>((resolve, reject) => {
			if (first) queue.unshift({ resolve, reject });
			else queue.push({ resolve, reject });
			this.pump();
		});
	}

	/** The request that had `turn` has its answer (or failed without one). */
	private finished(turn: Turn, outcome: RequestOutcome): void {
		this.inFlight--;
		const now = this.time.now();
		if (outcome === 'ok') this.onOk(turn, now);
		else if (outcome === 'overloaded') this.cut(0.5, turn);
		this.pump();
	}

	/**
	 * A 429 for the request that had `turn`: pauses the whole run until Retry-After and, from then on,
	 * paces it at the rate that got through. Returns false when waiting would go past the budget.
	 */
	private rateLimited(retryAfterSeconds: number | undefined, turn: Turn): boolean {
		const now = this.time.now();
		this.stats.rateLimited++;
		// Sent before the current pause began: the same burst, already paid for by that pause.
		if (turn.sequence < this.sentBeforePause) return this.pausedUntil <= this.deadline;

		this.rateLimitedInARow++;
		const fallback = Math.min(
			FALLBACK_WAIT_MS * 2 ** (this.rateLimitedInARow - 1),
			MAX_FALLBACK_WAIT_MS,
		);
		const waitMs =
			retryAfterSeconds !== undefined && retryAfterSeconds > 0
				? retryAfterSeconds * 1000
				: fallback;
		const until = now + waitMs;
		if (until > this.deadline) return false;

		// What got through since the run began or the last pause ended, spread until this pause ends, is
		// a pace Plumaa accepts (a rate limit refills while the run waits).
		const since = Math.max(this.startedAt, this.resumedAt);
		if (this.okSinceResume > 0) this.minIntervalMs = (until - since) / this.okSinceResume;
		// Going faster met this 429: the limit has not risen, so wait longer before trying again.
		if (this.probedSinceResume)
			this.probeEveryMs = Math.min(2 * this.probeEveryMs, MAX_RATE_PROBE_EVERY_MS);
		this.probedSinceResume = false;
		this.probeStep = FIRST_RATE_PROBE_STEP;
		this.stats.waitedMs += waitMs;
		this.sentBeforePause = this.sent;
		this.pausedUntil = until;
		this.resumedAt = until;
		this.lastProbeAt = until;
		this.okSinceResume = 0;
		this.cut(0.5, turn);
		return true;
	}

	/** The earliest time the next request may be sent: after the pause, and at the pace. */
	private openAt(): number {
		return Math.max(this.pausedUntil, this.lastSentAt + this.minIntervalMs);
	}

	/**
	 * Lets waiting items and requests go while the limit, the pause and the pace allow, all judged on
	 * one reading of the clock. A request left waiting waits because `now < openAt()` on that same
	 * reading, so the wake-up armed for `openAt()` is always in the future: it cannot be lost to a
	 * clock that moved in between.
	 */
	private pump(): void {
		if (this.stoppedWith) return;
		const now = this.time.now();
		while (this.waitingItems.length > 0 && this.running < this.itemLimit) {
			this.running++;
			this.waitingItems.shift()!.resolve();
		}
		while (
			this.waitingRequests.length > 0 &&
			this.inFlight < this.currentLimit &&
			now >= this.openAt()
		) {
			this.inFlight++;
			this.lastSentAt = now;
			this.waitingRequests.shift()!.resolve({ startedAt: now, sequence: this.sent++ });
		}
		// Waiting for an answer needs no wake-up (the answer pumps); waiting for time does.
		if (this.waitingRequests.length > 0 && this.inFlight < this.currentLimit)
			this.wakeUpAt(this.openAt(), now);
		this.watchdog();
	}

	private wakeUpAt(due: number, now: number): void {
		// One wake-up at a time is enough while it comes no later than needed (a later one finds nothing to do).
		if (this.wakeUpDue !== undefined && this.wakeUpDue <= due) return;
		this.wakeUpDue = due;
		const woke = (): void => {
			if (this.wakeUpDue === due) this.wakeUpDue = undefined;
		};
		let sleeping: Promise<void>;
		try {
			sleeping = this.time.sleep(Math.max(1, Math.ceil(due - now)));
		} catch (error) {
			sleeping = Promise.reject(error as Error);
		}
		sleeping.then(
			() => {
				woke();
				this.pump();
			},
			() => {
				woke();
				this.watchdog();
			},
		);
	}

	/** Waiting with nothing that would wake it is a defect: fail what waits, with a message, rather than hang. */
	private watchdog(): void {
		if (this.stoppedWith) return;
		const requestsStranded =
			this.waitingRequests.length > 0 && this.inFlight === 0 && this.wakeUpDue === undefined;
		const itemsStranded = this.waitingItems.length > 0 && this.running === 0;
		if (!requestsStranded && !itemsStranded) return;
		this.stats.stalls++;
		const state = `${this.waitingRequests.length} requests and ${this.waitingItems.length} items waiting, ${this.inFlight} in flight, no wake-up`;
		this.failWaiting(new PacerStalledError(state));
	}

	private failWaiting(error: Error): void {
		this.stoppedWith ??= error;
		for (const waiter of [...this.waitingItems.splice(0), ...this.waitingRequests.splice(0)])
			waiter.reject(error);
	}

	private onOk(turn: Turn, now: number): void {
		const latencyMs = now - turn.startedAt;
		this.rateLimitedInARow = 0;
		this.okSinceResume++;
		if (this.minIntervalMs > 0 && now - this.lastProbeAt >= this.probeEveryMs) {
			// Each period without a 429 the step grows (×1.2, ×1.44, ×2.07, ...): a limit that rose, or a
			// burst of 429 that was not a limit, stops slowing the run within seconds. A faster pace that
			// held for a whole period also shortens the next wait.
			if (this.probedSinceResume)
				this.probeEveryMs = Math.max(RATE_PROBE_EVERY_MS, this.probeEveryMs / 2);
			this.probedSinceResume = true;
			this.lastProbeAt = now;
			this.minIntervalMs /= this.probeStep;
			this.probeStep *= this.probeStep;
			if (this.minIntervalMs < 1) this.minIntervalMs = 0;
		}
		if (!this.auto) return;

		this.bestLatencyMs = Math.min(this.bestLatencyMs, latencyMs);
		this.averageLatencyMs =
			this.averageLatencyMs === undefined
				? latencyMs
				: 0.8 * this.averageLatencyMs + 0.2 * latencyMs;
		const rising =
			this.averageLatencyMs >
			Math.max(2 * this.bestLatencyMs, this.bestLatencyMs + RISING_LATENCY_MARGIN_MS);
		if (rising) {
			this.cut(0.75, turn);
			return;
		}
		// Quick answers leave the limit alone beyond the start: more at once would gain nothing, and would
		// only run further ahead of a rate limit whose first 429 is on its way.
		if (latencyMs >= QUICK_ANSWER_MS || this.limit < AUTO_START)
			this.grow(this.slowStart ? 1 : 1 / this.limit);
	}

	private grow(by: number): void {
		this.limit = Math.min(AUTO_CAP, this.limit + by);
		this.stats.highestLimit = Math.max(this.stats.highestLimit, this.currentLimit);
	}

	/** At most one cut per round of requests: the answers of one round all saw the same trouble. */
	private cut(factor: number, cause: Turn): void {
		if (!this.auto || cause.sequence < this.sentBeforeCut) return;
		this.slowStart = false;
		this.sentBeforeCut = this.sent;
		this.limit = Math.max(1, this.limit * factor);
		this.stats.lowestLimitAfterStart = Math.min(
			this.stats.lowestLimitAfterStart,
			this.currentLimit,
		);
	}
}
