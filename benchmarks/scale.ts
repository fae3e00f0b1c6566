/**
 * `npm run bench:scale`: large documents and large accounts in a real n8n (the packed package, binary data
 * on the filesystem as n8n 2 keeps it), against the sandbox, with n8n's own nodes doing the same jobs side by side.
 *
 * - Documents of 20 MB and 200 MB read by n8n's Read/Write Files from Disk: peak RSS of `n8n execute` over the
 *   same workflow without the node that uses the file (n8n's own), median of BENCH_RUNS runs. Witness → Create
 *   against n8n's Crypto node (SHA-256 of the file); Signature Request → Create against the HTTP Request node
 *   uploading the file to the same storage.
 * - Get Many with Return All over 20 000 witnesses: time, peak RSS, requests, items; n8n's own cost of as many
 *   items of the same JSON (a Code node makes them); the HTTP Request node paging through the same list.
 * - The Plumaa Trigger of an active workflow (`n8n start`) with 5 000 finalized requests for one poll: emitted
 *   once each, none again or lost at the next poll; peak RSS of n8n during the poll over its RSS before.
 * Peak RSS comes from the process itself (`process.resourceUsage().maxRSS`, written at exit by a preload), or
 * for the running n8n from /proc (VmHWM after resetting it). Prints Markdown tables.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { N8nEnvironment } from '../dev/n8n';
import {
	SANDBOX_CREDENTIAL,
	createN8nApiKey,
	ensureN8n,
	ensureOwner,
	importJson,
	installCommunityPackage,
	n8nCommand,
	n8nVersion,
	nodeVersionFor,
	packPackage,
	parseRawOutput,
	sandboxCredential,
	startN8n,
} from '../dev/n8n';
import { freePort } from '../dev/ports';
import { listenerOf } from '../dev/processes';
import type { PlumaaSandbox } from '../dev/sandbox/server';
import { SEED, startSandbox } from '../dev/sandbox/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES_MB = (process.env.BENCH_SIZES_MB ?? '20,200').split(',').map(Number);
const WITNESSES = Number(process.env.BENCH_WITNESSES ?? 20_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'documents,lists,trigger').split(','));
const BEARER_CREDENTIAL = { id: 'plumaaScaleBearer', name: 'Plumaa sandbox (bearer)' };
const ORGANIZATION = { __rl: true, mode: 'id', value: SEED.organization.id };
const PLUMAA = { plumaaApi: SANDBOX_CREDENTIAL };

type WorkflowNode = Record<string, unknown> & { name: string };

/** A workflow of nodes run one after the other. */
function chain(id: string, nodes: WorkflowNode[]): Record<string, unknown> {
	return {
		id,
		name: `Scale ${id}`,
		nodes: nodes.map((node, index) => ({
			id: `${id}-${index}`,
			typeVersion: 1,
			position: [index * 200, 0],
			parameters: {},
			...node,
		})),
		connections: Object.fromEntries(
			nodes
				.slice(0, -1)
				.map((node, index) => [
					node.name,
					{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
				]),
		),
		settings: { executionOrder: 'v1' },
	};
}

const START: WorkflowNode = { name: 'Start', type: 'n8n-nodes-base.manualTrigger' };

function readFile(path: string): WorkflowNode {
	return {
		name: 'Read document',
		type: 'n8n-nodes-base.readWriteFile',
		parameters: { operation: 'read', fileSelector: path, options: {} },
	};
}

/** Plumaa's answer to a workflow's run: what the node under test output, and how long n8n says it took. */
interface Executed {
	peakMb: number;
	ms: number;
	items: Array<{ json: Record<string, unknown> }>;
}

interface Bench {
	bin: string;
	env: N8nEnvironment;
	sandbox: PlumaaSandbox;
	rssDir: string;
}

/** Runs a workflow by `n8n execute` and reads the peak RSS the process had. */
async function execute(
	bench: Bench,
	workflowId: string,
	nodeName?: string,
	parse = true,
): Promise<Executed> {
	rmSync(bench.rssDir, { recursive: true, force: true });
	mkdirSync(bench.rssDir, { recursive: true });
	const result = await n8nCommand(
		bench.bin,
		bench.env,
		['execute', `--id=${workflowId}`, '--rawOutput'],
		900_000,
	);
	if (result.status !== 0)
		throw new Error(
			`n8n execute ${workflowId} failed:\n${result.stdout.slice(0, 4000)}\n${result.stderr}`,
		);
	const peaks = readdirSync(bench.rssDir)
		.map(
			(file) =>
				JSON.parse(readFileSync(join(bench.rssDir, file), 'utf8')) as {
					argv: string[];
					maxRssKb: number;
				},
		)
		.filter((entry) => entry.argv.includes('execute'));
	if (peaks.length !== 1)
		throw new Error(`Expected one n8n execute process, found ${peaks.length}`);
	// Output too large to print whole (the HTTP Request node's pages): the run finished, its data is not read.
	if (!parse) return { peakMb: peaks[0].maxRssKb / 1024, ms: 0, items: [] };
	const run = parseRawOutput(result.stdout) as {
		data: {
			resultData: {
				error?: { message: string };
				runData: Record<
					string,
					Array<{
						executionTime: number;
						error?: { message: string };
						data?: { main: Array<Array<{ json: Record<string, unknown> }>> };
					}>
				>;
			};
		};
	};
	const resultData = run.data.resultData;
	const nodeRun = nodeName ? resultData.runData[nodeName]?.[0] : undefined;
	const failure = resultData.error ?? nodeRun?.error;
	if (failure) throw new Error(`${workflowId}: ${failure.message}`);
	return {
		peakMb: peaks[0].maxRssKb / 1024,
		ms: nodeRun?.executionTime ?? 0,
		items: nodeRun?.data?.main[0] ?? [],
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a workflow BENCH_RUNS times (the sandbox reset before each) and keeps the medians. */
async function medianOf(
	bench: Bench,
	workflowId: string,
	nodeName: string | undefined,
	prepare: () => void,
	check: (executed: Executed) => void = () => undefined,
	parse = true,
): Promise<{ peakMb: number; ms: number; runs: number[] }> {
	const runs: Executed[] = [];
	for (let run = 0; run < RUNS; run++) {
		prepare();
		const executed = await execute(bench, workflowId, nodeName, parse);
		check(executed);
		runs.push(executed);
		process.stderr.write(
			`  ${workflowId}: ${executed.peakMb.toFixed(0)} MB peak, ${executed.ms} ms\n`,
		);
	}
	return {
		peakMb: median(runs.map((run) => run.peakMb)),
		ms: median(runs.map((run) => run.ms)),
		runs: runs.map((run) => run.peakMb),
	};
}

/** A PDF of `megabytes` MB (random content after the header), and its MD5. */
function writePdf(path: string, megabytes: number): { md5: Buffer } {
	const md5 = createHash('md5');
	const file = openSync(path, 'w');
	const header = Buffer.from('%PDF-1.7\n');
	writeSync(file, header);
	md5.update(header);
	let left = megabytes * 1024 * 1024 - header.length;
	while (left > 0) {
		const chunk = randomBytes(Math.min(left, 4 * 1024 * 1024));
		writeSync(file, chunk);
		md5.update(chunk);
		left -= chunk.length;
	}
	closeSync(file);
	return { md5: md5.digest() };
}

/** A peak and how far it is over n8n's own (below it, within the runs' noise, shows as −). */
function over(value: number, own: number): string {
	const difference = Math.round(value - own);
	return `${value.toFixed(0)} MB (${difference < 0 ? '−' : '+'}${Math.abs(difference)})`;
}

async function documents(bench: Bench, filesDir: string): Promise<string[]> {
	const { sandbox, bin, env } = bench;
	const rows: string[] = [];
	for (const megabytes of SIZES_MB) {
		const path = join(filesDir, `document-${megabytes}mb.pdf`);
		const { md5 } = writePdf(path, megabytes);
		const flows = {
			own: chain(`readOnly${megabytes}`, [START, readFile(path)]),
			witness: chain(`witness${megabytes}`, [
				START,
				readFile(path),
				{
					name: 'Plumaa',
					type: 'n8n-nodes-plumaa.plumaa',
					parameters: {
						resource: 'witness',
						operation: 'create',
						source: 'binary',
						binaryPropertyName: 'data',
						organizationId: ORGANIZATION,
					},
					credentials: PLUMAA,
				},
			]),
			crypto: chain(`crypto${megabytes}`, [
				START,
				readFile(path),
				{
					name: 'Crypto',
					type: 'n8n-nodes-base.crypto',
					typeVersion: 2,
					parameters: {
						action: 'hash',
						type: 'SHA256',
						binaryData: true,
						binaryPropertyName: 'data',
						dataPropertyName: 'hash',
					},
				},
			]),
			request: chain(`request${megabytes}`, [
				START,
				readFile(path),
				{
					name: 'Plumaa',
					type: 'n8n-nodes-plumaa.plumaa',
					parameters: {
						resource: 'signatureRequest',
						operation: 'create',
						name: `Escritura ${megabytes} MB`,
						organizationId: ORGANIZATION,
						content: 'pdf',
						binaryPropertyName: 'data',
					},
					credentials: PLUMAA,
				},
			]),
			upload: chain(`upload${megabytes}`, [
				START,
				{
					name: 'Get upload URL',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						url: `${sandbox.baseUrl}/sign-file-url`,
						authentication: 'genericCredentialType',
						genericAuthType: 'httpBearerAuth',
						sendQuery: true,
						queryParameters: {
							parameters: [
								{ name: 'filePath', value: `/free/bench-${megabytes}.pdf` },
								{ name: 'md5Checksum', value: md5.toString('hex') },
							],
						},
						options: {},
					},
					credentials: { httpBearerAuth: BEARER_CREDENTIAL },
				},
				readFile(path),
				{
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'PUT',
						url: "={{ $('Get upload URL').item.json.url }}",
						sendHeaders: true,
						headerParameters: {
							parameters: [{ name: 'Content-MD5', value: md5.toString('base64') }],
						},
						sendBody: true,
						contentType: 'binaryData',
						inputDataFieldName: 'data',
						options: {},
					},
				},
			]),
		};
		for (const flow of Object.values(flows)) await importJson(bin, env, 'workflow', flow);
		const reset = () => sandbox.reset();
		const uploaded = (what: string) => () => {
			const put = sandbox.requests.find((request) => request.method === 'PUT');
			if (put?.status !== 200)
				throw new Error(`${what}: the upload was not stored (${put?.status})`);
		};
		process.stderr.write(`${megabytes} MB:\n`);
		const own = await medianOf(bench, `readOnly${megabytes}`, 'Read document', reset);
		const witness = await medianOf(bench, `witness${megabytes}`, 'Plumaa', reset, (run) => {
			if (run.items.length !== 1) throw new Error('Witness → Create gave no witness');
		});
		const crypto = await medianOf(bench, `crypto${megabytes}`, 'Crypto', reset);
		const request = await medianOf(
			bench,
			`request${megabytes}`,
			'Plumaa',
			reset,
			uploaded('Signature Request → Create'),
		);
		const upload = await medianOf(
			bench,
			`upload${megabytes}`,
			'HTTP Request',
			reset,
			uploaded('HTTP Request'),
		);
		rows.push(
			`| ${megabytes} MB | ${own.peakMb.toFixed(0)} MB | ${over(witness.peakMb, own.peakMb)} · ${witness.ms} ms | ${over(crypto.peakMb, own.peakMb)} · ${crypto.ms} ms | ${over(request.peakMb, own.peakMb)} · ${request.ms} ms | ${over(upload.peakMb, own.peakMb)} · ${upload.ms} ms |`,
		);
		process.stderr.write(`${rows.at(-1)}\n`);
		rmSync(path, { force: true });
	}
	return [
		`Documents (binary data on the filesystem; peak RSS of \`n8n execute\`, median of ${RUNS}; in brackets, over n8n's own: the same workflow with only Read/Write Files from Disk):`,
		'',
		"| Document | n8n's own | Plumaa Witness → Create | Crypto node (SHA-256 of the file) | Plumaa Signature Request → Create | HTTP Request node (PUT of the file) |",
		'|---|---|---|---|---|---|',
		...rows,
	];
}

async function lists(bench: Bench): Promise<string[]> {
	const { sandbox, bin, env } = bench;
	const fill = () => {
		sandbox.reset();
		for (let index = 0; index < WITNESSES; index++)
			sandbox.esign.storeWitness(
				createHash('sha256').update(`invoice ${index}`).digest('hex'),
				SEED.organization.id,
			);
		sandbox.requests.length = 0;
	};
	const getMany = chain('getMany', [
		START,
		{
			name: 'Plumaa',
			type: 'n8n-nodes-plumaa.plumaa',
			parameters: {
				resource: 'witness',
				operation: 'getAll',
				organizationId: ORGANIZATION,
				returnAll: true,
			},
			credentials: PLUMAA,
		},
	]);
	const pages = chain('httpPages', [
		START,
		{
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${sandbox.baseUrl}/witnesses`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBearerAuth',
				sendQuery: true,
				queryParameters: {
					parameters: [
						{ name: 'organization', value: JSON.stringify({ eq: SEED.organization.id }) },
					],
				},
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [
									{
										type: 'qs',
										name: 'pagination',
										value: '={{ JSON.stringify({ page: $pageCount + 1, size: 100 }) }}',
									},
								],
							},
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.body.results.length < 100 }}',
						},
					},
				},
			},
			credentials: { httpBearerAuth: BEARER_CREDENTIAL },
		},
	]);
	await importJson(bin, env, 'workflow', getMany);
	await importJson(bin, env, 'workflow', pages);
	await importJson(bin, env, 'workflow', chain('startOnly', [START]));

	process.stderr.write(`Get Many over ${WITNESSES} witnesses:\n`);
	const own = await medianOf(bench, 'startOnly', undefined, fill);
	let requests = 0;
	let sample: Record<string, unknown> = {};
	const plumaa = await medianOf(bench, 'getMany', 'Plumaa', fill, (run) => {
		const ids = new Set(run.items.map((item) => item.json.id));
		if (run.items.length !== WITNESSES || ids.size !== WITNESSES)
			throw new Error(
				`Get Many gave ${run.items.length} items (${ids.size} different), not ${WITNESSES}`,
			);
		requests = sandbox.apiRequests().length;
		sample = run.items[0].json;
	});
	// n8n's own cost of as many items of the same JSON: a Code node makes them.
	await importJson(
		bin,
		env,
		'workflow',
		chain('codeItems', [
			START,
			{
				name: 'Code',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode: `const sample = ${JSON.stringify(sample)};\nreturn Array.from({ length: ${WITNESSES} }, (_, i) => ({ json: { ...sample, id: i.toString(16).padStart(24, '0'), hash: i.toString(16).padStart(64, '0') } }));`,
				},
			},
		]),
	);
	const code = await medianOf(bench, 'codeItems', 'Code', fill);
	let httpRequests = 0;
	// Its output (every page whole) is too large for n8n to print: the run is not read back, its requests are counted.
	const http = await medianOf(
		bench,
		'httpPages',
		'HTTP Request',
		fill,
		() => {
			httpRequests = sandbox.apiRequests().length;
			if (sandbox.apiRequests().some((request) => request.status !== 200))
				throw new Error('The HTTP Request node got an error answer');
		},
		false,
	);
	const perItemKb = (peak: number) => (((peak - own.peakMb) * 1024) / WITNESSES).toFixed(2);
	return [
		`Get Many with Return All over ${WITNESSES} witnesses (median of ${RUNS}; n8n's own: a workflow with only its trigger, ${own.peakMb.toFixed(0)} MB):`,
		'',
		'| Job | time | peak RSS (over n8n’s own) | per item | requests | items |',
		'|---|---|---|---|---|---|',
		`| Plumaa Witness → Get Many, Return All | ${plumaa.ms} ms | ${over(plumaa.peakMb, own.peakMb)} | ${perItemKb(plumaa.peakMb)} KB | ${requests} | ${WITNESSES} |`,
		`| n8n's own item cost: a Code node making ${WITNESSES} items of the same JSON | ${code.ms} ms | ${over(code.peakMb, own.peakMb)} | ${perItemKb(code.peakMb)} KB | 0 | ${WITNESSES} |`,
		`| HTTP Request node, pagination (one item per page of 100, not per witness) | — | ${over(http.peakMb, own.peakMb)} | — | ${httpRequests} | ${httpRequests} pages |`,
	];
}

function procStatus(pid: number, field: string): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${field}:`));
	return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function waitFor<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline)
			throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
	}
}

async function trigger(bench: Bench): Promise<string[]> {
	const { sandbox, bin } = bench;
	// Its own n8n: `n8n start` with the trigger's workflow active.
	const env: N8nEnvironment = {
		...bench.env,
		port: await freePort(),
		brokerPort: await freePort(),
	};
	const workflowId = 'scaleTrigger';
	await importJson(
		bin,
		env,
		'workflow',
		chain(workflowId, [
			{
				name: 'Contract signed',
				type: 'n8n-nodes-plumaa.plumaaTrigger',
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					resource: 'signatureRequest',
					operation: 'finalized',
				},
				credentials: PLUMAA,
			},
		]),
	);
	await n8nCommand(bin, env, ['publish:workflow', `--id=${workflowId}`]);
	sandbox.reset();
	const server = await startN8n(bin, env);
	try {
		await ensureOwner(server.url);
		const key = await createN8nApiKey(server.url, 'Plumaa scale bench', [
			'execution:read',
			'execution:list',
		]);
		const pid = listenerOf(env.port)?.pid;
		if (pid === undefined) throw new Error('No process listens on n8n’s port');
		interface Stored {
			id: string;
			status: string;
			data: {
				resultData: {
					runData: Record<
						string,
						Array<{ data: { main: Array<Array<{ json: { id: string } }>> } }>
					>;
				};
			};
		}
		const executions = async (): Promise<Stored[]> => {
			const response = await fetch(
				`${server.url}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=5`,
				{
					headers: { 'X-N8N-API-KEY': key },
				},
			);
			return ((await response.json()) as { data: Stored[] }).data.filter(
				(execution) => execution.status === 'success',
			);
		};
		const polled = () =>
			sandbox.apiRequests().filter((request) => request.path.endsWith('/signature-requests'))
				.length;
		const finalize = (count: number, prefix: string) => {
			for (let index = 0; index < count; index++) {
				sandbox.esign.finalize(
					sandbox.esign.textRequest(`${prefix} ${index}`, SEED.organization.id),
				);
			}
		};
		process.stderr.write('Trigger: waiting for the first poll after activation\n');
		await waitFor('The first poll', 90_000, async () => (polled() > 0 ? true : undefined));
		await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
		finalize(EVENTS, 'bulk');
		const requestsBefore = sandbox.apiRequests().length;
		const rssBefore = procStatus(pid, 'VmRSS');
		// Peak RSS from here on (Linux: writing 5 to clear_refs resets VmHWM).
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		const first = await waitFor(
			'The poll of the 5 000 events',
			120_000,
			async () => (await executions())[0],
		);
		const peak = procStatus(pid, 'VmHWM');
		const pollRequests = sandbox.apiRequests().length - requestsBefore;
		const emitted = first.data.resultData.runData['Contract signed'][0].data.main[0].map(
			(item) => item.json.id,
		);
		finalize(3, 'later');
		const second = await waitFor('The next poll', 120_000, async () => {
			const [newest] = await executions();
			return newest && newest.id !== first.id ? newest : undefined;
		});
		const next = second.data.resultData.runData['Contract signed'][0].data.main[0].map(
			(item) => item.json.id,
		);
		const all = new Set([...emitted, ...next]);
		const finalizedIds = [...sandbox.esign.requests.keys()];
		const lost = finalizedIds.filter((id) => !all.has(id)).length;
		return [
			`Plumaa Trigger (Signature Request → Finalized) of an active workflow in \`n8n start\`, ${EVENTS} requests finalized before one poll:`,
			'',
			'| Poll | emitted | different | emitted before | requests | RSS before → peak during the poll |',
			'|---|---|---|---|---|---|',
			`| the ${EVENTS} | ${emitted.length} | ${new Set(emitted).size} | — | ${pollRequests} | ${rssBefore.toFixed(0)} → ${peak.toFixed(0)} MB (+${(peak - rssBefore).toFixed(0)}) |`,
			`| the next (3 more) | ${next.length} | ${new Set(next).size} | ${next.filter((id) => emitted.includes(id)).length} | — | — |`,
			'',
			`Lost across the two polls: ${lost} of ${finalizedIds.length}.`,
		];
	} finally {
		await server.stop();
	}
}

async function main(): Promise<void> {
	const bin = await ensureN8n();
	const workDir = mkdtempSync(join(tmpdir(), 'plumaa-scale-'));
	const filesDir = join(workDir, 'files');
	mkdirSync(filesDir);
	const rssDir = join(workDir, 'rss');
	const preload = join(workDir, 'peak-rss.cjs');
	writeFileSync(
		preload,
		// VmHWM is this process's own peak since exec; getrusage's maxRSS would also count the bench's own
		// memory, which a spawned child inherits as its starting peak on Linux.
		`process.on('exit', () => { try { const fs = require('node:fs'); const peak = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]; fs.writeFileSync(require('node:path').join(${JSON.stringify(rssDir)}, process.pid + '.json'), JSON.stringify({ argv: process.argv, maxRssKb: Number(peak) })); } catch {} });\n`,
	);
	const sandbox = await startSandbox();
	try {
		const env: N8nEnvironment = {
			userFolder: join(workDir, 'user'),
			port: await freePort(),
			brokerPort: await freePort(),
			extra: {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
				NODE_OPTIONS: `--require ${preload}`,
				EXECUTIONS_DATA_PRUNE: 'false',
			},
		};
		installCommunityPackage(env.userFolder, packPackage(join(workDir, 'pack')));
		await importJson(bin, env, 'credentials', [
			sandboxCredential(SANDBOX_CREDENTIAL, sandbox.baseUrl, sandbox.apiKey, {
				organizationId: SEED.organization.id,
			}),
			{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: sandbox.apiKey } },
		]);
		const bench: Bench = { bin, env, sandbox, rssDir };
		const sections: string[][] = [];
		if (PARTS.has('documents')) sections.push(await documents(bench, filesDir));
		if (PARTS.has('lists')) sections.push(await lists(bench));
		if (PARTS.has('trigger')) sections.push(await trigger(bench));
		const memory = Math.round(
			Number(execFileSync('awk', ['/MemTotal/ {print $2}', '/proc/meminfo']).toString().trim()) /
				1024 /
				1024,
		);
		console.log(
			[
				`n8n ${n8nVersion()} on Node.js ${nodeVersionFor()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${memory} GB.`,
				'',
				...sections.flatMap((section) => [...section, '']),
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
