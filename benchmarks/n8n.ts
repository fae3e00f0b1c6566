/**
 * `npm run bench:n8n`: the packed Plumaa node and n8n's HTTP Request node (v4.2, bearer credential, default
 * settings) in the same real n8n, against the same sandbox, with the same 200 API Key → Delete items: at 0 ms
 * and 50 ms of server latency, and under rate limits of 10 and 2 requests per second (429 + Retry-After).
 * Each workflow runs by `n8n execute`; the time is the node's own execution time as n8n records it.
 * Then the per-item cost of each node at 0 ms over 1 000 items. Prints a Markdown table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { N8nEnvironment } from '../dev/n8n';
import {
	SANDBOX_CREDENTIAL,
	ensureN8n,
	importJson,
	installCommunityPackage,
	n8nCommand,
	n8nVersion,
	packPackage,
	parseRawOutput,
	sandboxCredential,
} from '../dev/n8n';
import { freePort } from '../dev/ports';
import type { RateLimitShape } from '../dev/sandbox/rateLimits';
import type { PlumaaSandbox } from '../dev/sandbox/server';
import { startSandbox } from '../dev/sandbox/server';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const CPU_ITEMS = Number(process.env.BENCH_CPU_ITEMS ?? 1_000);
const HANG_RUNS = Number(process.env.BENCH_HANG_RUNS ?? 10);
const BEARER_CREDENTIAL = { id: 'plumaaBenchBearer', name: 'Plumaa sandbox (bearer)' };

interface Scenario {
	/** A run that takes longer is reported as hung. */
	timeoutMs?: number;
	name: string;
	latencyMs: number;
	perSecond?: number;
	shape?: RateLimitShape;
	items: number;
}
const SCENARIOS: Scenario[] = [
	{ name: 'answers at once', latencyMs: 0, items: ITEMS },
	{ name: 'answers in 50 ms', latencyMs: 50, items: ITEMS },
	{ name: '10 requests/s limit', latencyMs: 0, perSecond: 10, items: ITEMS },
	{
		name: '10 requests/s limit, fixed window',
		latencyMs: 0,
		perSecond: 10,
		shape: 'fixedWindow',
		items: ITEMS,
	},
	{ name: '2 requests/s limit', latencyMs: 0, perSecond: 2, items: ITEMS },
];

/** The ids the workflows' Code node makes: the same list for every run. */
function idsFor(count: number): string[] {
	return Array.from({ length: count }, (_, index) => index.toString(16).padStart(24, '0'));
}

type Node = 'plumaa' | 'http';
const NODE_NAME: Record<Node, string> = { plumaa: 'Plumaa: Delete', http: 'HTTP Request: DELETE' };

function workflow(id: string, node: Node, items: number, baseUrl: string): Record<string, unknown> {
	const target =
		node === 'plumaa'
			? {
					name: NODE_NAME.plumaa,
					type: 'n8n-nodes-plumaa.plumaa',
					typeVersion: 1,
					parameters: {
						resource: 'apiKey',
						operation: 'delete',
						apiKeyId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
						options: {},
					},
					credentials: { plumaaApi: SANDBOX_CREDENTIAL },
				}
			: {
					name: NODE_NAME.http,
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'DELETE',
						url: `={{ '${baseUrl}/api-key?id=' + $json.id }}`,
						authentication: 'genericCredentialType',
						genericAuthType: 'httpBearerAuth',
						options: {},
					},
					credentials: { httpBearerAuth: BEARER_CREDENTIAL },
				};
	return {
		id,
		name: `Bench ${id}`,
		nodes: [
			{
				id: `${id}-1`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-2`,
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { id: i.toString(16).padStart(24, '0') } }));`,
				},
			},
			// Both keep going on errors, so a run counts what got through instead of stopping at the first failure.
			{ id: `${id}-3`, position: [400, 0], onError: 'continueRegularOutput', ...target },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE_NAME[node], type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface Measured {
	ms: number;
	succeeded: number;
	requestsPerItem: number;
	secretsInOutput: number;
}

async function measure(
	bin: string,
	env: N8nEnvironment,
	sandbox: PlumaaSandbox,
	workflowId: string,
	node: Node,
	scenario: Scenario,
): Promise<Measured> {
	sandbox.reset();
	sandbox.addKeys(idsFor(scenario.items));
	sandbox.latencyMs = scenario.latencyMs;
	sandbox.limitRate(scenario.perSecond, scenario.shape);
	const result = await n8nCommand(
		bin,
		env,
		['execute', `--id=${workflowId}`, '--rawOutput'],
		scenario.timeoutMs ?? 900_000,
	);
	if (result.status !== 0)
		throw new Error(`n8n execute failed:\n${result.stdout}\n${result.stderr}`);
	const run = parseRawOutput(result.stdout) as {
		data: {
			resultData: {
				runData: Record<
					string,
					Array<{
						executionTime: number;
						data: { main: Array<Array<{ json: Record<string, unknown> }>> };
					}>
				>;
			};
		};
	};
	const [nodeRun] = run.data.resultData.runData[NODE_NAME[node]];
	const output = nodeRun.data.main[0];
	const text = JSON.stringify(output);
	return {
		ms: nodeRun.executionTime,
		succeeded: output.filter((item) => item.json.error === undefined).length,
		requestsPerItem: sandbox.apiRequests().length / scenario.items,
		// The HTTP Request node passes Plumaa's answer on, which holds the revoked key's secret.
		secretsInOutput: [...sandbox.issuedSecrets].filter((secret) => text.includes(secret)).length,
	};
}

/**
 * The hang that 0.2 had (a lost wake-up under rate limits): the same 200 deletes with default pacing
 * against a fixed-window limit of 10 requests a second, run again and again. Each run must finish,
 * delete every key, and send at most 1.15 requests per item.
 */
async function repeatFixedWindow(
	bin: string,
	env: N8nEnvironment,
	sandbox: PlumaaSandbox,
	workflowId: string,
): Promise<string> {
	const scenario: Scenario = {
		name: 'fixed window, 10 requests/s',
		latencyMs: 0,
		perSecond: 10,
		shape: 'fixedWindow',
		items: ITEMS,
		// 200 items at 10 a second take 20 s; a run still going after 2 minutes has hung.
		timeoutMs: 120_000,
	};
	const runs: string[] = [];
	let good = 0;
	for (let run = 1; run <= HANG_RUNS; run++) {
		const measured = await measure(bin, env, sandbox, workflowId, 'plumaa', scenario).catch(
			(error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)),
		);
		if (typeof measured === 'string') {
			runs.push(`run ${run}: ${measured}`);
		} else {
			const ok = measured.succeeded === ITEMS && measured.requestsPerItem <= 1.15;
			if (ok) good++;
			runs.push(
				`run ${run}: ${measured.ms} ms, ${measured.succeeded}/${ITEMS} deleted, ${measured.requestsPerItem.toFixed(2)} requests per item${ok ? '' : ' (FAILS the target)'}`,
			);
		}
		process.stderr.write(`${runs.at(-1)}\n`);
	}
	return [
		`Fixed window of 10 requests/s, default pacing, ${ITEMS} deletes per run: ${good} of ${HANG_RUNS} runs finished with every key deleted and at most 1.15 requests per item.`,
		...runs.map((line) => `- ${line}`),
	].join('\n');
}

async function main(): Promise<void> {
	const bin = await ensureN8n();
	const workDir = mkdtempSync(join(tmpdir(), 'plumaa-bench-'));
	const sandbox = await startSandbox();
	try {
		const env: N8nEnvironment = {
			userFolder: join(workDir, 'user'),
			port: await freePort(),
			brokerPort: await freePort(),
		};
		installCommunityPackage(env.userFolder, packPackage(join(workDir, 'pack')));
		await importJson(bin, env, 'credentials', [
			sandboxCredential(SANDBOX_CREDENTIAL, sandbox.baseUrl, sandbox.apiKey),
			{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: sandbox.apiKey } },
		]);
		const workflowIds = new Map<string, string>();
		for (const items of new Set([...SCENARIOS.map((scenario) => scenario.items), CPU_ITEMS])) {
			for (const node of ['plumaa', 'http'] as const) {
				const id = `bench${node}${items}`;
				await importJson(bin, env, 'workflow', workflow(id, node, items, sandbox.baseUrl));
				workflowIds.set(`${node}${items}`, id);
			}
		}

		const rows: string[] = [];
		for (const scenario of SCENARIOS) {
			const results: Record<Node, Measured> = {
				plumaa: await measure(
					bin,
					env,
					sandbox,
					workflowIds.get(`plumaa${scenario.items}`)!,
					'plumaa',
					scenario,
				),
				http: await measure(
					bin,
					env,
					sandbox,
					workflowIds.get(`http${scenario.items}`)!,
					'http',
					scenario,
				),
			};
			const cell = (measured: Measured): string =>
				`${measured.ms} ms · ${measured.succeeded}/${scenario.items} · ${measured.requestsPerItem.toFixed(2)} req/item`;
			rows.push(
				`| ${scenario.name} | ${cell(results.plumaa)} | ${cell(results.http)} | ${(results.plumaa.ms / results.http.ms).toFixed(2)}× | ${scenario.items - results.plumaa.succeeded} / ${scenario.items - results.http.succeeded} | ${results.plumaa.secretsInOutput} / ${results.http.secretsInOutput} |`,
			);
			process.stderr.write(`${rows.at(-1)}\n`);
		}
		const repeated = await repeatFixedWindow(bin, env, sandbox, workflowIds.get(`plumaa${ITEMS}`)!);
		const cpu = { latencyMs: 0, items: CPU_ITEMS, name: `${CPU_ITEMS} items, answers at once` };
		const perItem = {
			plumaa:
				(await measure(bin, env, sandbox, workflowIds.get(`plumaa${CPU_ITEMS}`)!, 'plumaa', cpu))
					.ms / CPU_ITEMS,
			http:
				(await measure(bin, env, sandbox, workflowIds.get(`http${CPU_ITEMS}`)!, 'http', cpu)).ms /
				CPU_ITEMS,
		};

		console.log(
			[
				`n8n ${n8nVersion()} on Node.js ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ${ITEMS} API Key → Delete items per run, default settings, On Error: continue.`,
				'',
				'| Plumaa sandbox | Plumaa node (Auto): time · succeeded · requests | HTTP Request node: time · succeeded · requests | time ratio | items lost (Plumaa / HTTP) | secrets in output (Plumaa / HTTP) |',
				'|---|---|---|---|---|---|',
				...rows,
				'',
				`Per item at 0 ms over ${CPU_ITEMS} items (the nodes' own work, n8n's included): Plumaa node ${perItem.plumaa.toFixed(2)} ms, HTTP Request node ${perItem.http.toFixed(2)} ms.`,
				'',
				repeated,
			].join('\n'),
		);
	} finally {
		await sandbox.stop();
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
