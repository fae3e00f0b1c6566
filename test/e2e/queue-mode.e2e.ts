/**
 * The package in n8n's queue mode, as teams scale out: a main process and one `n8n worker`, each
 * with the packed package installed in its own user folder as users install it, sharing Redis and
 * PostgreSQL (Debian's packages, started here on their own ports). The main process receives the
 * webhook and the editor's "Execute workflow"; the worker runs them (its log says so, per execution).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

import type { N8nEnvironment, RunningN8n } from '../../dev/n8n';
import {
	N8N_API_CREDENTIAL,
	SANDBOX_CREDENTIAL,
	createN8nApiKey,
	ensureN8n,
	ensureOwner,
	importJson,
	installCommunityPackage,
	n8nApiCredential,
	n8nCommand,
	n8nVersion,
	packPackage,
	readExample,
	sandboxCredential,
	seededSandboxCredential,
	startN8n,
} from '../../dev/n8n';
import { freePort } from '../../dev/ports';
import type { PostgresServer, RedisServer } from '../harness/services';
import { startPostgres, startRedis } from '../harness/services';
import type { PlumaaSandbox } from '../../dev/sandbox/server';
import { SEED, startSandbox } from '../../dev/sandbox/server';
import type { RunData, WorkflowJson } from './support';
import {
	NIGHTLY,
	NIGHTLY_WRONG_KEY,
	NOT_FOUND_ANSWER,
	REVOKED_ANSWER,
	WEBHOOK,
	WRONG_KEY,
	WRONG_KEY_CREDENTIAL,
	WRONG_KEY_MESSAGE,
	callRevokeWebhook,
	closeChromium,
	outputJson,
	runDataOf,
	signedInEditor,
	variant,
} from './support';

/** Runs that users start from the editor are kept (the examples' own settings may drop them). */
function keepingManualRuns(workflow: WorkflowJson): void {
	workflow.settings = {
		...workflow.settings,
		saveManualExecutions: true,
		saveDataSuccessExecution: 'all',
		saveDataErrorExecution: 'all',
	};
}
const NIGHTLY_KEPT = variant(NIGHTLY, 'plumaaQueueNightly', keepingManualRuns);
const WRONG_KEY_KEPT = variant(NIGHTLY_WRONG_KEY, 'plumaaQueueWrongKey', keepingManualRuns);
/** Rotation gets a credential of its own: the other runs keep the seeded key. */
const ROTATION_CREDENTIAL = { id: 'plumaaQueueRotatedCred', name: 'Plumaa rotated in queue mode' };
function onRotationCredential(workflow: WorkflowJson): void {
	keepingManualRuns(workflow);
	for (const node of workflow.nodes)
		if (node.credentials?.plumaaApi) node.credentials.plumaaApi = ROTATION_CREDENTIAL;
}
const ROTATE_OWN = variant(
	readExample('rotate-own-credential'),
	'plumaaQueueRotate',
	onRotationCredential,
);
const NIGHTLY_ON_ROTATED = variant(NIGHTLY, 'plumaaQueueNightlyRotated', onRotationCredential);

let bin: string;
let workDir: string;
let redis: RedisServer;
let postgres: PostgresServer;
let sandbox: PlumaaSandbox;
let mainEnv: N8nEnvironment;
let main: RunningN8n | undefined;
let worker: RunningN8n | undefined;
let monitor: ChildProcess | undefined;
/** Every command Redis received during the suite, with its arguments (`redis-cli monitor`). */
let redisTraffic = '';
/** An n8n API key of the owner that may read executions. */
let executionsKey: string;
let editor: Page | undefined;
/** What puts an n8n process into queue mode on this Redis and PostgreSQL. */
let queue: NodeJS.ProcessEnv;

beforeAll(async () => {
	bin = await ensureN8n((line) => process.stderr.write(`${line}\n`));
	workDir = mkdtempSync(join(tmpdir(), 'plumaa-queue-'));
	[redis, postgres, sandbox] = await Promise.all([
		startRedis(join(workDir, 'redis')),
		startPostgres(join(workDir, 'postgres')),
		startSandbox(),
	]);
	monitor = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), 'monitor'], {
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	monitor.stdout?.on('data', (chunk: Buffer) => (redisTraffic += chunk.toString()));

	queue = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Runs started in the editor go to workers too (n8n runs them in the main process otherwise).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
	const tarball = packPackage(join(workDir, 'pack'));
	mainEnv = {
		userFolder: join(workDir, 'main'),
		port: await freePort(),
		brokerPort: await freePort(),
		extra: queue,
	};
	const workerEnv: N8nEnvironment = {
		userFolder: join(workDir, 'worker'),
		port: await freePort(),
		brokerPort: await freePort(),
		extra: queue,
	};
	installCommunityPackage(mainEnv.userFolder, tarball);
	installCommunityPackage(workerEnv.userFolder, tarball);

	await importJson(bin, mainEnv, 'credentials', [
		seededSandboxCredential(SANDBOX_CREDENTIAL, sandbox),
		sandboxCredential(WRONG_KEY_CREDENTIAL, sandbox.baseUrl, WRONG_KEY),
	]);
	for (const workflow of [WEBHOOK, NIGHTLY_KEPT, WRONG_KEY_KEPT, ROTATE_OWN, NIGHTLY_ON_ROTATED])
		await importJson(bin, mainEnv, 'workflow', workflow);
	expect(
		(await n8nCommand(bin, mainEnv, ['publish:workflow', `--id=${WEBHOOK.id as string}`])).status,
	).toBe(0);

	main = await startN8n(bin, mainEnv, { timeoutMs: 120_000 });
	worker = await startN8n(bin, workerEnv, { command: 'worker', timeoutMs: 120_000 });
	await ensureOwner(main.url);
	executionsKey = await createN8nApiKey(main.url, 'Plumaa e2e executions', [
		'execution:read',
		'execution:list',
	]);
	const rotationKey = await createN8nApiKey(main.url, 'Plumaa e2e rotation');
	await importJson(bin, { ...mainEnv, brokerPort: await freePort() }, 'credentials', [
		n8nApiCredential(N8N_API_CREDENTIAL, main.url, rotationKey),
	]);
}, 1_200_000);

afterAll(async () => {
	await closeChromium();
	await worker?.stop();
	await main?.stop();
	monitor?.kill();
	await Promise.all([redis?.stop(), postgres?.stop(), sandbox?.stop()]);
	if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

/** The executions the worker has started, in order, from its log. */
function executionsStartedByWorker(): string[] {
	return [...worker!.output().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}

/** Waits until the worker has started one more execution than `before`, and has finished it. */
async function nextWorkerExecution(before: number): Promise<string> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const id = executionsStartedByWorker()[before];
		if (id && worker!.output().includes(`Worker finished execution ${id} `)) return id;
		await new Promise((resolveWait) => setTimeout(resolveWait, 200));
	}
	throw new Error(
		`The worker ran no new execution within 60 s. Worker log:\n${worker!.output()}\nMain log:\n${main!.output()}`,
	);
}

interface StoredExecution {
	status: string;
	mode: string;
	data: { resultData: { runData: RunData; error?: { message: string; description?: string } } };
}

/** An execution as n8n stored it, read through n8n's public API. */
async function storedExecution(id: string): Promise<StoredExecution> {
	const response = await fetch(`${main!.url}/api/v1/executions/${id}?includeData=true`, {
		headers: { 'X-N8N-API-KEY': executionsKey },
	});
	expect(response.status).toBe(200);
	return (await response.json()) as StoredExecution;
}

/** Clicks "Execute workflow" in the main process's editor, as a user does; returns the execution the worker ran. */
async function executeFromEditor(workflowId: string): Promise<StoredExecution> {
	const before = executionsStartedByWorker().length;
	// One sign-in for the file: n8n rate-limits logins.
	editor ??= (await signedInEditor(main!.url)).page;
	await editor.goto(`${main!.url}/workflow/${workflowId}`);
	await editor.locator('[data-test-id=execute-workflow-button]').first().click();
	const id = await nextWorkerExecution(before);
	expect(main!.output()).toContain(`Enqueued execution ${id} `);
	return await storedExecution(id);
}

/** The same workflow run by `n8n execute`, which n8n runs in its own process (it says so): the single-process run. */
async function executeInOneProcess(
	workflowId: string,
): Promise<{ status: number; printed: string; runData?: RunData }> {
	const result = await n8nCommand(bin, { ...mainEnv, brokerPort: await freePort() }, [
		'execute',
		`--id=${workflowId}`,
		'--rawOutput',
	]);
	const printed = `${result.stdout}\n${result.stderr}`;
	expect(printed).toContain(
		'CLI command `execute` does not support queue mode. Falling back to regular mode.',
	);
	return {
		status: result.status,
		printed,
		runData: result.status === 0 ? runDataOf(result.stdout) : undefined,
	};
}

/** Every place queue mode keeps data, as text: Redis's keys and values, and PostgreSQL's rows. */
function storedEverywhere(): string {
	return `${redis.dump()}\n${postgres.dump()}`;
}

describe(`the package in n8n ${n8nVersion()} queue mode: main, one worker, Redis and PostgreSQL`, () => {
	test('revoke on webhook: the main process enqueues it, the worker runs it, the answers are the single-process ones', async () => {
		sandbox.reset();
		const before = executionsStartedByWorker().length;

		const revoked = await callRevokeWebhook(main!.url);
		expect(revoked.status).toBe(200);
		expect(await revoked.json()).toEqual(REVOKED_ANSWER);
		const id = await nextWorkerExecution(before);
		expect(main!.output()).toContain(`Enqueued execution ${id} `);
		expect((await storedExecution(id)).mode).toBe('webhook');

		const again = await callRevokeWebhook(main!.url);
		expect(again.status).toBe(422);
		expect(await again.json()).toEqual(NOT_FOUND_ANSWER);
		expect(executionsStartedByWorker()).toHaveLength(before + 2);
		expect(
			sandbox.apiRequests().map(({ method, authorization }) => ({ method, authorization })),
		).toEqual([
			{ method: 'DELETE', authorization: `Bearer ${sandbox.apiKey}` },
			{ method: 'DELETE', authorization: `Bearer ${sandbox.apiKey}` },
		]);
	});

	test('"Execute workflow" in the editor runs the clean-up on the worker, with the output of a single-process run', async () => {
		sandbox.reset();
		sandbox.setQuota(10);
		const onWorker = await executeFromEditor(NIGHTLY_KEPT.id);
		expect(onWorker).toMatchObject({ status: 'success', mode: 'manual' });
		const workerOutput = outputJson(onWorker.data.resultData.runData, 'Revoke API keys');

		sandbox.reset();
		sandbox.setQuota(10);
		const inOneProcess = await executeInOneProcess(NIGHTLY_KEPT.id);
		expect(inOneProcess.status).toBe(0);

		expect(workerOutput).toEqual(outputJson(inOneProcess.runData!, 'Revoke API keys'));
		expect(workerOutput.map((item) => item.id)).toEqual([
			...SEED.rotationKeyIds.slice(1, 3),
			'aaaaaaaaaaaaaaaaaaaaaaaa',
		]);
		expect(workerOutput[0]).toMatchObject({
			deleted: true,
			organization: { id: SEED.organization.id, quota: { nom151: 10 } },
		});
		expect(
			outputJson(onWorker.data.resultData.runData, 'Send the low-quota warning here'),
		).toHaveLength(2);
	});

	test('a wrong key fails the worker’s run with the message a single-process run gives', async () => {
		sandbox.reset();
		const onWorker = await executeFromEditor(WRONG_KEY_KEPT.id);
		expect(onWorker.status).toBe('error');
		const workerError = onWorker.data.resultData.runData['Revoke API keys'][0].error!;
		expect(workerError.message).toBe(WRONG_KEY_MESSAGE);
		const sentByWorker = sandbox.apiRequests().length;

		const inOneProcess = await executeInOneProcess(WRONG_KEY_KEPT.id);
		expect(inOneProcess.status).not.toBe(0);
		expect(inOneProcess.printed).toContain(WRONG_KEY_MESSAGE);
		if (workerError.description) expect(inOneProcess.printed).toContain(workerError.description);
		// The same calls, all with the wrong key: the worker read the same credential.
		expect(sentByWorker).toBeGreaterThan(0);
		expect(sandbox.apiRequests().map((request) => request.authorization)).toEqual(
			Array(2 * sentByWorker).fill(`Bearer ${WRONG_KEY}`),
		);
	});

	test('Rotate on the worker stores the new key through the main process’s API; the next run on the worker uses it', async () => {
		sandbox.reset();
		const old = sandbox.createKey('n8n queue e2e');
		await importJson(bin, { ...mainEnv, brokerPort: await freePort() }, 'credentials', [
			sandboxCredential(ROTATION_CREDENTIAL, sandbox.baseUrl, old.secret, { keyId: old.id }),
		]);

		const rotation = await executeFromEditor(ROTATE_OWN.id);
		expect(rotation.status).toBe('success');
		const [rotated] = outputJson(rotation.data.resultData.runData, 'Rotated');
		expect(rotated).toMatchObject({
			oldKey: { id: old.id, action: 'disable', done: true },
			credential: ROTATION_CREDENTIAL,
		});
		const newKeyId = (rotated.newKey as { id: string }).id;

		const before = sandbox.apiRequests().length;
		expect((await executeFromEditor(NIGHTLY_ON_ROTATED.id)).status).toBe('success');
		const used = sandbox.apiRequests().slice(before)[0].authorization!.replace('Bearer ', '');
		expect(sandbox.keyIdOfSecret(used)).toBe(newKeyId);
		expect(sandbox.isEnabled(old.id)).toBe(false);
	});

	test('no Plumaa secret in Redis (its keys and values during and after a run, and every command it received) or in PostgreSQL’s rows', async () => {
		sandbox.reset();
		// A slow Plumaa keeps the webhook's run in flight while Redis is read.
		sandbox.latencyMs = 1_500;
		const before = executionsStartedByWorker().length;
		const answer = callRevokeWebhook(main!.url);
		while (executionsStartedByWorker().length === before)
			await new Promise((resolveWait) => setTimeout(resolveWait, 100));
		const duringRun = storedEverywhere();
		expect((await answer).status).toBe(200);
		const afterRuns = storedEverywhere();

		// What was searched holds what queue mode passes around: jobs, the runs' data, the encrypted credentials.
		expect(redisTraffic).toMatch(/"bull:jobs:/);
		expect(duringRun).toMatch(/bull:jobs:\d+/);
		expect(afterRuns).toContain(WRONG_KEY_MESSAGE);
		expect(afterRuns).toContain('credentials_entity');
		const secrets = [...sandbox.issuedSecrets, WRONG_KEY];
		expect(secrets.length).toBeGreaterThan(5);
		for (const secret of secrets) {
			expect({ secret, found: duringRun.includes(secret) }).toEqual({ secret, found: false });
			expect({ secret, found: afterRuns.includes(secret) }).toEqual({ secret, found: false });
			expect({ secret, found: redisTraffic.includes(secret) }).toEqual({ secret, found: false });
		}
	});

	test('a worker without the package fails the run, and the error names the node type it lacks', async () => {
		await worker!.stop();
		const bareFolder = join(workDir, 'worker-without-the-package');
		worker = await startN8n(
			bin,
			{
				userFolder: bareFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				extra: queue,
			},
			{ command: 'worker' },
		);
		sandbox.reset();

		// What a user sees: the webhook fails, and both logs name the missing node type.
		const answer = await callRevokeWebhook(main!.url);
		expect(answer.status).toBe(500);
		const deadline = Date.now() + 60_000;
		while (
			!worker!.output().includes('Worker errored while running execution') &&
			Date.now() < deadline
		) {
			await new Promise((resolveWait) => setTimeout(resolveWait, 200));
		}
		expect(worker!.output()).toMatch(
			/Worker errored while running execution \d+[^]*Unrecognized node type: n8n-nodes-plumaa\.plumaa/,
		);
		expect(main!.output()).toContain('Unrecognized node type: n8n-nodes-plumaa.plumaa');
		expect(sandbox.apiRequests()).toEqual([]);
	});
});
