/**
 * Throughput of API Key → Delete through n8n-core's engine against the sandbox answering in 50 ms,
 * next to plain axios calls (one at a time, and all at once as the HTTP Request node sends them).
 * Run: npm run bench. Prints a table; asserts nothing about speed (machines differ).
 */
import axios from 'axios';

import { deleteKeys } from '../test/harness/plumaa';
import type { PlumaaSandbox } from '../dev/sandbox/server';
import { startSandbox } from '../dev/sandbox/server';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

let sandbox: PlumaaSandbox;
const rows: string[] = [];

function ids(): string[] {
	return Array.from({ length: ITEMS }, (_, index) => sandbox.createKey(`bench ${index}`).id);
}

async function measure(label: string, run: () => Promise<void>): Promise<void> {
	sandbox.reset();
	sandbox.latencyMs = LATENCY_MS;
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
	rows.push(
		`| ${label} | ${ms.toFixed(0)} ms | ${(ms / ITEMS).toFixed(2)} ms | ${sandbox.maxInFlight} | ${heapMb.toFixed(1)} MB |`,
	);
}

beforeAll(async () => {
	sandbox = await startSandbox();
	// The first execution in a process pays for loading n8n-core; keep it out of the numbers.
	await deleteKeys(sandbox, { ids: [sandbox.createKey('warm-up').id] });
});

afterAll(async () => {
	await sandbox.stop();
	console.log(
		[
			`${ITEMS} deletes, sandbox answering in ${LATENCY_MS} ms`,
			'| run | total | per item | max in flight | heap growth |',
			'|---|---|---|---|---|',
			...rows,
		].join('\n'),
	);
});

test('throughput', async () => {
	for (const concurrency of [1, 5, 10, 20]) {
		await measure(`Plumaa node, Concurrency ${concurrency}`, async () => {
			const { output } = await deleteKeys(sandbox, { ids: ids(), options: { concurrency } });
			expect(output).toHaveLength(ITEMS);
		});
	}
	const client = axios.create({
		baseURL: sandbox.baseUrl,
		headers: { Authorization: `Bearer ${sandbox.apiKey}` },
	});
	await measure('axios, one at a time', async () => {
		for (const id of ids()) await client.delete('/api-key', { params: { id } });
	});
	await measure('axios, all at once', async () => {
		await Promise.all(ids().map(async (id) => await client.delete('/api-key', { params: { id } })));
	});
}, 120_000);
