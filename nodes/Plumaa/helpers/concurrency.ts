export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task` for indexes 0..count-1 with at most `limit` running at once and returns the results
 * by index, so output order equals input order whatever order the tasks finish in.
 * With `stopOnError`, no new task starts after a failure; tasks already started still finish
 * (a request that was sent cannot be called back), and indexes never started stay empty.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	stopOnError: boolean,
	task: (index: number) => Promise<T>,
): Promise<Array<Settled<T> | undefined>> {
	const results: Array<Settled<T> | undefined> = new Array<Settled<T> | undefined>(count).fill(undefined);
	let nextIndex = 0;
	let stopped = false;

	const worker = async (): Promise<void> => {
		while (!stopped && nextIndex < count) {
			const index = nextIndex++;
			try {
				results[index] = { ok: true, value: await task(index) };
			} catch (error) {
				results[index] = { ok: false, error };
				if (stopOnError) stopped = true;
			}
		}
	};

	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}
