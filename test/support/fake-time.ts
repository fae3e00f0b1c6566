/**
 * A fake clock and sleeper for time-dependent code: time moves only when the test says so (or, to
 * prove code that reads the clock more than once, by a chosen amount on every read).
 */
import type { Time } from '../../nodes/shared/clock';

interface Timer {
	due: number;
	order: number;
	resolve: () => void;
}

/** Lets every promise callback that is ready run (the fake world has no other way for time to pass). */
export async function settle(): Promise<void> {
	for (let round = 0; round < 5; round++)
		await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeTime implements Time {
	private current: number;
	private timers: Timer[] = [];
	private order = 0;
	/** Every `sleep` asked for, in milliseconds. */
	readonly sleeps: number[] = [];

	/** `driftPerRead` returns how far the clock moves after each read (0: it stands still). */
	constructor(
		start = 1_000_000,
		private readonly driftPerRead: () => number = () => 0,
	) {
		this.current = start;
	}

	readonly now = (): number => {
		const reading = this.current;
		this.current += this.driftPerRead();
		return reading;
	};

	readonly sleep = async (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		await new Promise<void>((resolve) =>
			this.timers.push({ due: this.current + ms, order: this.order++, resolve }),
		);
	};

	/** The time without moving it. */
	get peek(): number {
		return this.current;
	}

	get pendingTimers(): number {
		return this.timers.length;
	}

	/** Moves the clock forward by `ms`, firing every timer that falls due on the way, in order. */
	async advance(ms: number): Promise<void> {
		const target = this.current + ms;
		await settle();
		for (;;) {
			const next = this.earliest();
			if (!next || next.due > target) break;
			this.current = Math.max(this.current, next.due);
			this.fire(next);
			await settle();
		}
		this.current = Math.max(this.current, target);
		await settle();
	}

	/** Fires timers one after another (moving the clock to each) until none is left; returns how many. */
	async runUntilIdle(maxTimers = 1_000_000): Promise<number> {
		await settle();
		let fired = 0;
		for (let next = this.earliest(); next; next = this.earliest()) {
			if (++fired > maxTimers) throw new Error(`still busy after ${maxTimers} timers`);
			this.current = Math.max(this.current, next.due);
			this.fire(next);
			await settle();
		}
		return fired;
	}

	private earliest(): Timer | undefined {
		let best: Timer | undefined;
		for (const timer of this.timers)
			if (!best || timer.due < best.due || (timer.due === best.due && timer.order < best.order))
				best = timer;
		return best;
	}

	private fire(timer: Timer): void {
		this.timers = this.timers.filter((candidate) => candidate !== timer);
		timer.resolve();
	}
}
