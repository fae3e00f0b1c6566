/**
 * `npm start`: n8n with the Plumaa node and a local Plumaa sandbox, in one command.
 * Builds and packs the package, installs the pinned n8n on first run, installs the package as a
 * community package, starts the sandbox, imports the "Plumaa sandbox" credential and the example
 * workflows, creates the owner account and starts n8n on 127.0.0.1:5678. Whatever ends it (Ctrl-C,
 * a closed terminal, a kill, npm killed) stops n8n and the sandbox; taken ports stop it before it starts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SEED, startSandbox } from '../dev/sandbox/server';
import {
	N8N_API_CREDENTIAL,
	OWNER,
	REPO_ROOT,
	SANDBOX_CREDENTIAL,
	createN8nApiKey,
	ensureN8n,
	ensureOwner,
	importJson,
	installCommunityPackage,
	n8nApiCredential,
	n8nApiKeyWorks,
	n8nCommand,
	n8nVersion,
	packPackage,
	readExample,
	seededSandboxCredential,
	startN8n,
} from '../dev/n8n';
import { scriptSpawnOptions } from '../dev/platform';
import { ancestorsUpToNpm, isAlive, isPortTaken, portHolder } from '../dev/processes';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.PLUMAA_SANDBOX_PORT ?? 4010);
const USER_FOLDER = process.env.PLUMAA_N8N_DATA ?? join(REPO_ROOT, '.n8n-data');
/** n8n's editor, its task broker, the broker of CLI commands run next to it, and the sandbox. */
const PORTS: Array<[number, string]> = [
	[N8N_PORT, 'n8n (N8N_PORT)'],
	[N8N_PORT + 1, "n8n's task broker (N8N_PORT + 1)"],
	[N8N_PORT + 2, 'the task broker of n8n commands run next to it (N8N_PORT + 2)'],
	[SANDBOX_PORT, 'the Plumaa sandbox (PLUMAA_SANDBOX_PORT)'],
];
const EXAMPLES = [
	'revoke-on-webhook',
	'scheduled-cleanup',
	'rotate-own-credential',
	'rotate-key-for-another-system',
	'certify-invoice',
	'send-contract-when-signed',
	'archive-completed-contract',
	'verify-document',
	'ask-about-a-document',
];

function step(text: string): void {
	console.log(`\n▸ ${text}`);
}

/** What to stop on Ctrl-C or on a failure half-way: nothing is left running. */
const cleanups: Array<() => Promise<void>> = [];
let stopping: Promise<never> | undefined;

/** Stops everything once, however often it is asked (a second Ctrl-C waits for the first). */
function shutdown(code: number): Promise<never> {
	stopping ??= (async () => {
		if (cleanups.length > 0) console.log('\nStopping n8n and the sandbox...');
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
		process.exit(code);
	})();
	return stopping;
}

/** Refuses to start when a port is taken: a readiness check would otherwise reach what holds it. */
async function checkPortsFree(): Promise<void> {
	const taken: string[] = [];
	for (const [port, what] of PORTS) {
		if (!(await isPortTaken(port))) continue;
		taken.push(`  • ${port}, for ${what}: ${portHolder(port)}`);
	}
	if (taken.length > 0) {
		console.error(
			`Cannot start: these ports are taken.\n${taken.join('\n')}\n` +
				`Stop what holds them (an earlier npm start?), or choose other ports, e.g. N8N_PORT=${N8N_PORT + 10} PLUMAA_SANDBOX_PORT=${SANDBOX_PORT + 10} npm start`,
		);
		process.exit(1);
	}
}

/** Ends npm start when the npm that started it is gone (killed, or its terminal closed). */
function stopWithNpm(): void {
	const owners = ancestorsUpToNpm();
	const timer = setInterval(() => {
		if (owners.some((pid) => !isAlive(pid))) void shutdown(1);
	}, 500);
	timer.unref();
}

/** Where npm start keeps its n8n API key, next to n8n's own database in the (git-ignored) user folder. */
const N8N_API_KEY_FILE = join(USER_FOLDER, '.plumaa-n8n-api-key');

/**
 * The n8n API key Rotate's credential holds: the one an earlier npm start created, while n8n still
 * accepts it, else a new one (scope credential:update), kept for the next start.
 */
async function reusedOrNewN8nApiKey(url: string): Promise<string> {
	const kept = existsSync(N8N_API_KEY_FILE)
		? readFileSync(N8N_API_KEY_FILE, 'utf8').trim()
		: undefined;
	if (kept && (await n8nApiKeyWorks(url, kept))) {
		step('Reusing the n8n API key of an earlier npm start for the "n8n API (this n8n)" credential');
		return kept;
	}
	step(
		'Creating an n8n API key (scope credential:update) and the "n8n API (this n8n)" credential for Rotate',
	);
	const created = await createN8nApiKey(url, `npm start ${new Date().toISOString()}`);
	writeFileSync(N8N_API_KEY_FILE, `${created}\n`, { mode: 0o600 });
	return created;
}

async function main(): Promise<void> {
	// Ctrl-C, a closed terminal, or a plain kill: n8n and the sandbox stop with npm start.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
		process.on(signal, () => void shutdown(0));
	stopWithNpm();
	await checkPortsFree();

	step('Building the package');
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
		...scriptSpawnOptions(),
	});

	step(`Checking for n8n ${n8nVersion()}`);
	const bin = await ensureN8n();

	step('Installing n8n-nodes-plumaa as a community package');
	mkdirSync(USER_FOLDER, { recursive: true });
	const tarball = packPackage(join(USER_FOLDER, 'packs'));
	installCommunityPackage(USER_FOLDER, tarball);

	step(`Starting the Plumaa sandbox on 127.0.0.1:${SANDBOX_PORT}`);
	const sandbox = await startSandbox({ port: SANDBOX_PORT });
	cleanups.push(() => sandbox.stop());

	const env = { userFolder: USER_FOLDER, port: N8N_PORT, brokerPort: N8N_PORT + 1 };
	step('Importing the "Plumaa sandbox" credential and the example workflows');
	// The sandbox starts fresh, so the credential gets its seeded key (and that key's ID, for Rotate) again.
	await importJson(bin, env, 'credentials', [seededSandboxCredential(SANDBOX_CREDENTIAL, sandbox)]);
	const firstRun = !existsSync(join(USER_FOLDER, '.examples-imported'));
	if (firstRun) {
		for (const name of EXAMPLES) await importJson(bin, env, 'workflow', readExample(name));
		const published = await n8nCommand(bin, env, [
			'publish:workflow',
			`--id=${readExample('revoke-on-webhook').id as string}`,
		]);
		if (published.status !== 0)
			console.warn(`Could not publish the webhook example:\n${published.stderr}`);
		writeFileSync(
			join(USER_FOLDER, '.examples-imported'),
			'Delete this file to import the examples again.\n',
		);
	}

	if (stopping) return;
	step(`Starting n8n ${n8nVersion()} on 127.0.0.1:${N8N_PORT}`);
	const n8n = await startN8n(bin, env, {
		inheritOutput: true,
		onSpawn: (stop) => cleanups.push(stop),
	});
	n8n.process.once('exit', () => void shutdown(stopping ? 0 : 1));
	if (stopping) return;
	await ensureOwner(n8n.url);

	const n8nApiKey = await reusedOrNewN8nApiKey(n8n.url);
	// Imported next to the running n8n: the CLI needs a task-broker port of its own.
	await importJson(bin, { ...env, brokerPort: N8N_PORT + 2 }, 'credentials', [
		n8nApiCredential(N8N_API_CREDENTIAL, n8n.url, n8nApiKey),
	]);
	if (stopping) return;

	console.log(`
────────────────────────────────────────────────────────────────────
 n8n is running with the Plumaa node: ${n8n.url}
 Log in: ${OWNER.email} / ${OWNER.password}

 Try it:
  • Open "Plumaa: scheduled API key clean-up" and click "Execute workflow":
    it revokes two sandbox keys and checks the NOM-151 quota.
  • Open "Plumaa: rotate the credential's own API key" and click "Execute workflow":
    the "Plumaa sandbox" credential gets a new key; the old one is disabled.
  • Revoke a key through the webhook example:
      curl -X POST ${n8n.url}/webhook/plumaa-revoke-api-key \\
        -H 'Content-Type: application/json' -d '{"apiKeyId": "${SEED.rotationKeyIds[0]}"}'
  • Sandbox: ${sandbox.baseUrl}  (API key ${sandbox.apiKey})
    Keys you can delete: ${SEED.rotationKeyIds.join(', ')}
    It starts fresh every time npm start runs.
 Ctrl-C stops n8n and the sandbox.
────────────────────────────────────────────────────────────────────`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	void shutdown(1);
});
