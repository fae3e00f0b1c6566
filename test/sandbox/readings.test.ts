/**
 * The sandbox as an independent judge: every question where Plumaa's documents disagree has a switch
 * (dev/sandbox/readings), each switch is settable from another process, an engine test runs the node
 * under every reading of it, and docs/plumaa-disputes.md's table names it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import { READINGS } from '../../dev/sandbox/readings';
import type { ReadingSwitch } from '../../dev/sandbox/readings';
import { CONTROL_PREFIX } from '../../dev/sandbox/server';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();
const root = join(__dirname, '../..');
const switches = Object.keys(READINGS) as ReadingSwitch[];

/** The current value of a switch, wherever the sandbox keeps it. */
function current(name: ReadingSwitch): unknown {
	return name === 'missingKeyAnswer'
		? sandbox.missingKeyAnswer
		: (sandbox.esign as unknown as Record<string, unknown>)[name];
}

function engineTestSources(folder = join(root, 'test/node')): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? engineTestSources(join(folder, entry.name))
			: entry.name.endsWith('.test.ts')
				? [readFileSync(join(folder, entry.name), 'utf8')]
				: [],
	);
}

test.each(switches)('%s: a fresh sandbox is under its first reading', (name) => {
	expect(current(name)).toBe(READINGS[name].readings[0].value);
});

test.each(switches)(
	'%s: each reading can be set through the control endpoint (tests in other processes)',
	async (name) => {
		for (const { value } of [...READINGS[name].readings].reverse()) {
			const answer = await axios.post(`${sandbox.origin}${CONTROL_PREFIX}/settings`, {
				[name]: value,
			});
			expect(answer.status).toBe(200);
			expect(current(name)).toBe(value);
		}
	},
);

test.each(switches)('%s: an engine test runs the node under every reading', (name) => {
	const sources = engineTestSources();
	expect(sources.some((source) => source.includes(`readingsOf('${name}')`))).toBe(true);
});

test.each(switches)(
	"%s: the “Where Plumaa's documents disagree” table (docs/plumaa-disputes.md) names it",
	(name) => {
		const table = readFileSync(join(root, 'docs/plumaa-disputes.md'), 'utf8');
		expect(table).toContain(`\`${name}\``);
	},
);
