/**
 * Rate limits as an API gateway applies them, in both shapes Plumaa's may have: a token bucket that
 * refills evenly, and a fixed window counted per clock second. Both answer how many seconds to put in
 * Retry-After when a call is over the limit.
 */
export type RateLimitShape = 'tokenBucket' | 'fixedWindow';

export interface RateLimiter {
	readonly perSecond: number;
	readonly shape: RateLimitShape;
	/** Takes one call: undefined when it is within the limit, else the Retry-After seconds. */
	take(now: number): number | undefined;
}

/** `perSecond` calls a second, refilled evenly; a burst of `perSecond` is allowed after a quiet second. */
export function tokenBucket(perSecond: number, now: number): RateLimiter {
	let tokens = perSecond;
	let refilledAt = now;
	return {
		perSecond,
		shape: 'tokenBucket',
		take(at) {
			tokens = Math.min(perSecond, tokens + ((at - refilledAt) / 1000) * perSecond);
			refilledAt = at;
			if (tokens >= 1) {
				tokens -= 1;
				return undefined;
			}
			return Math.max(1, Math.ceil((1 - tokens) / perSecond));
		},
	};
}

/**
 * `perSecond` calls per clock second (counted from the start of each second), then 429 with
 * `Retry-After: 1` until the second turns: bursts at a window's edge get through twice.
 */
export function fixedWindow(perSecond: number): RateLimiter {
	let window = -1;
	let used = 0;
	return {
		perSecond,
		shape: 'fixedWindow',
		take(at) {
			const second = Math.floor(at / 1000);
			if (second !== window) {
				window = second;
				used = 0;
			}
			if (used < perSecond) {
				used++;
				return undefined;
			}
			return 1;
		},
	};
}

export function rateLimiter(perSecond: number, shape: RateLimitShape, now: number): RateLimiter {
	return shape === 'fixedWindow' ? fixedWindow(perSecond) : tokenBucket(perSecond, now);
}
