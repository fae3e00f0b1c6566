/** The sandbox's fault switches: ways the next calls misbehave, for tests and benchmarks. */

/** Which calls a fault hits: by method and path below /rest/v1 (e.g. POST /api-key); any call by default. */
export interface FaultTarget {
	method?: string;
	path?: string;
	/** Matching calls to let through before the fault hits (e.g. the second PUT of a rotation). */
	skip?: number;
	/** Only calls for this id (the `id` query parameter): the fault hits one chosen item. */
	id?: string;
}

/**
 * A way the next call(s) to the API (or those that match `on`) misbehave. `times` defaults to 1;
 * `forMs` instead hits every matching call for that long after the first (a burst).
 */
export type Fault = { times?: number; forMs?: number; on?: FaultTarget } & (
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'html'; status?: number }
	| { kind: 'empty'; status: number }
	| { kind: 'drop' }
	| { kind: 'hang' }
	/**
	 * Holds the call: `before` handling it (nothing changes), or `after` (Plumaa's state changes, the answer
	 * is never sent), until releaseHeld(). A test kills the caller meanwhile: a process stopped inside a step.
	 */
	| { kind: 'hold'; stage: 'before' | 'after' }
	| { kind: 'rateLimit'; retryAfter?: string }
);

/** Faults waiting for the calls they hit, in the order they were added. */
export class FaultList {
	private faults: Fault[] = [];

	constructor(private readonly apiPrefix: string) {}

	add(fault: Fault): void {
		this.faults.push({
			...fault,
			times: fault.times ?? 1,
			...(fault.on ? { on: { ...fault.on } } : {}),
		});
	}

	clear(): void {
		this.faults = [];
	}

	/** The fault that hits this call, if any (counting it down, or keeping a burst until it ends). */
	take(method: string, path: string, id: string | null): Fault | undefined {
		const index = this.faults.findIndex(
			({ on }) =>
				(on?.method === undefined || on.method === method) &&
				(on?.path === undefined || this.apiPrefix + on.path === path) &&
				(on?.id === undefined || on.id === id),
		);
		const fault = this.faults[index];
		if (!fault) return undefined;
		if (fault.on?.skip) {
			fault.on.skip--;
			return undefined;
		}
		if (fault.forMs !== undefined) {
			const burst = fault as Fault & { endsAt?: number };
			burst.endsAt ??= Date.now() + fault.forMs;
			if (Date.now() < burst.endsAt) return fault;
			this.faults.splice(index, 1);
			return this.take(method, path, id);
		}
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}
}
