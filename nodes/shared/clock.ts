/**
 * Time as the node's time-dependent code sees it: one clock to read and one sleeper to wait with,
 * both injected so that tests prove that code on a fake clock.
 */
import { sleep } from 'n8n-workflow';

/** Milliseconds since some fixed point; only differences matter. */
export type Clock = () => number;

/** Resolves once at least `ms` milliseconds have passed (it may not be called off). */
export type Sleeper = (ms: number) => Promise<void>;

export interface Time {
	now: Clock;
	sleep: Sleeper;
}

/** The real time: the wall clock and n8n's `sleep` (community nodes may not call setTimeout). */
export const realTime: Time = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };
