/** The sandbox's two shapes of rate limit, on given times (no clock is read). */
import { fixedWindow, tokenBucket } from '../../dev/sandbox/rateLimits';

const takeAt = (limiter: ReturnType<typeof fixedWindow>, times: number[]) =>
	times.map((at) => limiter.take(at) ?? 'ok');

describe('sandbox rate limits', () => {
	test('fixed window: 10 calls per clock second, then Retry-After 1 until the second turns', () => {
		const limiter = fixedWindow(10);
		const second = 5_000_000;
		expect(
			takeAt(
				limiter,
				Array.from({ length: 12 }, (_, index) => second + 500 + index),
			),
		).toEqual([...Array(10).fill('ok'), 1, 1]);
		expect(takeAt(limiter, [second + 999, second + 1000])).toEqual([1, 'ok']);
	});

	test('fixed window: a burst at the edge of two windows gets through twice', () => {
		const limiter = fixedWindow(10);
		const edge = 7_000_000;
		const burst = [
			...Array.from({ length: 10 }, (_, index) => edge - 10 + index),
			...Array.from({ length: 10 }, (_, index) => edge + index),
		];
		expect(takeAt(limiter, burst).filter((answer) => answer === 'ok')).toHaveLength(20);
	});

	test('token bucket: a burst of 10, then one call per 100 ms as it refills', () => {
		const limiter = tokenBucket(10, 0);
		expect(
			takeAt(
				limiter,
				Array.from({ length: 11 }, () => 0),
			),
		).toEqual([...Array(10).fill('ok'), 1]);
		expect(takeAt(limiter, [50, 100, 150])).toEqual([1, 'ok', 1]);
	});
});
