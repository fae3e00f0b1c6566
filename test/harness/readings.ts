/**
 * Rows for `describe.each` / `test.each`: one per reading of a question where Plumaa's documents
 * disagree (dev/sandbox/readings). A test that uses them runs under every reading, and
 * test/sandbox/readings.test.ts checks that each question has such a test.
 */
import type { ReadingSwitch, ReadingValue } from '../../dev/sandbox/readings';
import { READINGS, setReading } from '../../dev/sandbox/readings';
import type { PlumaaSandbox } from '../../dev/sandbox/server';

export interface ReadingRow<N extends ReadingSwitch> {
	/** For the test's name: "subjectsScope = members (the OpenAPI file: …)". */
	reading: string;
	value: ReadingValue<N>;
	/** Puts the sandbox under this reading. */
	apply: (sandbox: PlumaaSandbox) => void;
}

export function readingsOf<N extends ReadingSwitch>(name: N): Array<ReadingRow<N>> {
	const readings = READINGS[name].readings as ReadonlyArray<{
		value: ReadingValue<N>;
		says: string;
	}>;
	return readings.map(({ value, says }) => ({
		reading: `${name} = ${String(value)} (${says})`,
		value,
		apply: (sandbox) => setReading(sandbox, name, value),
	}));
}
