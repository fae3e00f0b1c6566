/**
 * How fast one node run calls Plumaa. Every request of the run passes through one pacer, which
 * - in Auto mode, finds how many requests may be in flight: it starts moderate, grows while Plumaa
 *   answers quickly and fine, and cuts back on 429, on overload answers (502/503/504, timeouts) and on
 *   rising latency, never above a hard cap; a fixed Concurrency keeps the limit where the user set it;
 * - on a 429, pauses every request of the run until Retry-After (not only the one that got it), then
 *   sends no faster than the rate Plumaa let through, probing upwards each second, so items wait in line
 *   instead of burning requests;
 * - keeps the run's rate-limit budget: a 429 fails an item only once waiting longer would exceed it.
 */
import { sleep } from 'n8n-workflow';

/** Thrown to requests still waiting when the run stops (a failure without continue-on-fail): never sent. */
export class RunStoppedError extends Error {
	constructor() {
		super('Not sent: the run stopped at an earlier failure');
	}
}

/** A request's turn: when it started, and its place in the order of starts. */
export interface Turn {
	startedAt: number;
	sequence: number;
}

/** How a request ended, as far as pacing cares. */
export type RequestOutcome = 'ok' | 'overloaded' | 'rateLimited' | 'other';

export interface PacerSettings {
	/** 'auto', or a fixed number of requests in flight. */
	concurrency: 'auto' | number;
	/** How long the run may wait for rate limits in all, in milliseconds. */
	rateLimitBudgetMs: number;
	now?: () => number;
}

export const AUTO_START = 8;
export const AUTO_CAP = 50;
/** Latency counts as rising once the recent average exceeds both twice the best seen and the best plus this. */
const RISING_LATENCY_MARGIN_MS = 250;
/** Answers quicker than this do not make Auto send more at once. */
const QUICK_ANSWER_MS = 10;
/** Auto at most doubles per this much time (or per round trip, when that is longer). */
const GROWTH_WINDOW_MS = 20;
/** While paced, the rate goes up each second without a 429, first by this much, to find out whether the limit rose. */
const FIRST_RATE_PROBE_STEP = 1.2;
const RATE_PROBE_EVERY_MS = 1_000;
/** Waits when a 429 gives no usable Retry-After: 1 s, doubled per 429 in a row, at most 60 s. */
const FALLBACK_WAIT_MS = 1_000;
const MAX_FALLBACK_WAIT_MS = 60_000;

export class RequestPacer {
	readonly auto: boolean;
	private limit: number;
	private inFlight = 0;
	private readonly waiting: Array<{ resolve: (turn: Turn) => void; reject: (error: Error) => void }> = [];
	private started = 0;
	private stopped = false;
	private readonly now: () => number;
	private readonly deadline: number;
	private readonly startedAt: number;

	/** Until when every request waits (a 429's Retry-After). */
	private pausedUntil = 0;
	/** How many requests had started when the current pause began. */
	private startedBeforePause = 0;
	/** Whether a wake-up is pending (n8n's sleep cannot be called off: a late one finds nothing to do). */
	private sleeping = false;
	private rateLimitedInARow = 0;
	/** Once rate-limited: the least time between two requests, from the rate Plumaa let through. */
	private minIntervalMs = 0;
	private lastStartAt = -Infinity;
	private okSinceResume = 0;
	private resumedAt = -Infinity;
	private lastProbeAt = 0;
	private probeStep = FIRST_RATE_PROBE_STEP;

	/** Auto: doubling per round trip until the first sign of trouble, then one more per round trip. */
	private slowStart = true;
	private bestLatencyMs = Infinity;
	private averageLatencyMs: number | undefined;
	private okSinceCut = 0;
	private growthWindowStartedAt: number;
	private limitAtGrowthWindowStart: number;

	/** What the run saw, for tests and benchmarks. */
	readonly stats = { highestLimit: 0, lowestLimitAfterStart: Infinity, rateLimited: 0, waitedMs: 0 };

	constructor(settings: PacerSettings) {
		this.auto = settings.concurrency === 'auto';
		this.limit = settings.concurrency === 'auto' ? AUTO_START : settings.concurrency;
		this.now = settings.now ?? Date.now;
		this.startedAt = this.now();
		this.growthWindowStartedAt = this.startedAt;
		this.limitAtGrowthWindowStart = this.limit;
		this.deadline = this.startedAt + settings.rateLimitBudgetMs;
		this.stats.highestLimit = this.limit;
	}

	/** Requests allowed in flight now. */
	get currentLimit(): number {
		return Math.floor(this.limit);
	}

	/**
	 * Waits for this request's turn. Requests start in the order they asked; a request sent again
	 * after a 429 goes first, as it asked before the others.
	 */
	async acquire(again = false): Promise<Turn> {
		if (this.stopped) throw new RunStoppedError();
		if (this.waiting.length === 0 && this.canStartNow()) return this.start();
		return await new Promise<Turn>((resolve, reject) => {
			if (again) this.waiting.unshift({ resolve, reject });
			else this.waiting.push({ resolve, reject });
			this.pump();
		});
	}

	/** The request that had its turn has ended. */
	release(outcome: RequestOutcome, latencyMs: number): void {
		this.inFlight--;
		if (outcome === 'ok') this.onOk(latencyMs);
		// At most one cut per round of requests: the answers of one round all saw the same trouble.
		else if (outcome === 'overloaded' && this.okSinceCut >= this.currentLimit) this.cut(0.5);
		this.pump();
	}

	/**
	 * A 429 for the request that had `turn`: pauses the whole run until Retry-After, and, when
	 * it comes soon after the last pause, paces the run at the rate that got through in between. Call
	 * before `release`. Returns false when waiting would go past the run's rate-limit budget: the item
	 * then fails with the 429.
	 */
	rateLimited(retryAfterSeconds: number | undefined, turn: Turn): boolean {
		const now = this.now();
		this.stats.rateLimited++;
		// Sent before the current pause began: the same burst, already paid for by that pause.
		if (turn.sequence < this.startedBeforePause) return this.pausedUntil <= this.deadline;

		this.rateLimitedInARow++;
		const fallback = Math.min(FALLBACK_WAIT_MS * 2 ** (this.rateLimitedInARow - 1), MAX_FALLBACK_WAIT_MS);
		const waitMs = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : fallback;
		const until = now + waitMs;
		if (until > this.deadline) return false;

		// What got through since the run began or the last pause ended, spread until this pause ends, is
		// a pace Plumaa accepts (a rate limit refills while the run waits).
		const since = Math.max(this.startedAt, this.resumedAt);
		if (this.okSinceResume > 0) this.minIntervalMs = (until - since) / this.okSinceResume;
		this.probeStep = FIRST_RATE_PROBE_STEP;
		this.stats.waitedMs += waitMs;
		this.startedBeforePause = this.started;
		this.pausedUntil = until;
		this.resumedAt = until;
		this.lastProbeAt = until;
		this.okSinceResume = 0;
		this.cut(0.5);
		return true;
	}

	/** No request that is still waiting will be sent. */
	stop(): void {
		this.stopped = true;
		for (const waiter of this.waiting.splice(0)) waiter.reject(new RunStoppedError());
	}

	/** The earliest time the next request may start: after the pause, and at the pace. */
	private nextStartAt(): number {
		return Math.max(this.pausedUntil, this.lastStartAt + this.minIntervalMs);
	}

	private canStartNow(): boolean {
		return this.inFlight < this.currentLimit && this.now() >= this.nextStartAt();
	}

	private start(): Turn {
		this.inFlight++;
		this.lastStartAt = this.now();
		return { startedAt: this.lastStartAt, sequence: this.started++ };
	}

	/** Lets waiting requests start while the limit, the pause and the pace allow. */
	private pump(): void {
		while (this.waiting.length > 0 && this.canStartNow()) {
			const turn = this.start();
			this.waiting.shift()!.resolve(turn);
		}
		this.schedule();
	}

	/** When requests wait only for time to pass (a pause, the pace), wakes them when it has. */
	private schedule(): void {
		if (this.sleeping || this.stopped || this.waiting.length === 0 || this.inFlight >= this.currentLimit) return;
		// Same test as canStartNow, so a request that cannot start always has a wake-up coming.
		const waitMs = this.nextStartAt() - this.now();
		if (waitMs <= 0) return;
		this.sleeping = true;
		void sleep(Math.ceil(waitMs)).then(() => {
			this.sleeping = false;
			this.pump();
		});
	}

	private onOk(latencyMs: number): void {
		this.rateLimitedInARow = 0;
		this.okSinceResume++;
		const now = this.now();
		if (this.minIntervalMs > 0 && now - this.lastProbeAt >= RATE_PROBE_EVERY_MS) {
			// Each second without a 429 the step grows (×1.2, ×1.44, ×2.07, ...): a limit that rose, or a
			// burst of 429 that was not a limit, stops slowing the run within seconds.
			this.lastProbeAt = now;
			this.minIntervalMs /= this.probeStep;
			this.probeStep *= this.probeStep;
			if (this.minIntervalMs < 1) this.minIntervalMs = 0;
		}
		if (!this.auto) return;

		this.bestLatencyMs = Math.min(this.bestLatencyMs, latencyMs);
		this.averageLatencyMs = this.averageLatencyMs === undefined ? latencyMs : 0.8 * this.averageLatencyMs + 0.2 * latencyMs;
		const rising = this.averageLatencyMs > Math.max(2 * this.bestLatencyMs, this.bestLatencyMs + RISING_LATENCY_MARGIN_MS);
		this.okSinceCut++;
		if (rising) {
			if (this.okSinceCut >= this.currentLimit) this.cut(0.75);
			return;
		}
		// Beyond the start, an answer this quick means more requests at once would gain nothing: the node's own
		// work per item is the bottleneck. (More would only run further ahead of a rate limit.)
		if (latencyMs >= QUICK_ANSWER_MS || this.limit < AUTO_START) this.grow(this.slowStart ? 1 : 1 / this.limit);
	}

	private grow(by: number): void {
		// At most twice as many per growth window: quick answers alone must not let a burst run ahead of a
		// rate limit whose first 429 is still on its way.
		const now = this.now();
		if (now - this.growthWindowStartedAt >= Math.max(GROWTH_WINDOW_MS, this.averageLatencyMs ?? 0)) {
			this.growthWindowStartedAt = now;
			this.limitAtGrowthWindowStart = this.limit;
		}
		this.limit = Math.min(AUTO_CAP, this.limit + by, 2 * this.limitAtGrowthWindowStart);
		this.stats.highestLimit = Math.max(this.stats.highestLimit, this.currentLimit);
	}

	private cut(factor: number): void {
		if (!this.auto) return;
		this.slowStart = false;
		this.okSinceCut = 0;
		this.limit = Math.max(1, this.limit * factor);
		this.stats.lowestLimitAfterStart = Math.min(this.stats.lowestLimitAfterStart, this.currentLimit);
	}
}

const pacers = new WeakMap<object, RequestPacer>();

/** Starts pacing the requests of one node run (`context` is the run's execute context). */
export function startPacing(context: object, settings: PacerSettings): RequestPacer {
	const pacer = new RequestPacer(settings);
	pacers.set(context, pacer);
	return pacer;
}

/** The run's pacer; a run the router did not start gets Auto with the default budget. */
export function pacerOf(context: object, defaults: () => PacerSettings): RequestPacer {
	return pacers.get(context) ?? startPacing(context, defaults());
}
