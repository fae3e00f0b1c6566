/**
 * A real, pinned n8n for `npm start` and the end-to-end suite: installed once into a git-ignored
 * folder of the repo, given the package the way n8n's "Community nodes" installer does, and run
 * headless on 127.0.0.1 with telemetry, version checks and templates off.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { N8nApiCredentials, PlumaaCredentials } from '../nodes/shared/api.types';
import type { Platform } from './platform';
import { SEED } from './sandbox/server';
import {
	binScript,
	hostPlatform,
	nodeBinaryPackage,
	pathDelimiter,
	scriptSpawnOptions,
} from './platform';
import { groupStopper, stoppableSpawnOptions, stopGroupWhenGone } from './processes';

export const REPO_ROOT = resolve(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-plumaa';
/** The newest n8n that runs on Node 20; the engine the jest suite pins (n8n-core 2.8.1). */
export const DEFAULT_N8N_VERSION = '2.8.4';

export function n8nVersion(): string {
	return process.env.N8N_VERSION ?? DEFAULT_N8N_VERSION;
}

export function n8nInstallDir(version = n8nVersion()): string {
	return join(REPO_ROOT, '.n8n-runtime', version);
}

/**
 * n8n versions that need a newer Node.js than 20, with the Node.js they run on. Unless this machine's
 * Node.js is that new, it comes from the npm registry (`node-<os>-<arch>` holds the binary and the
 * headers native modules build with; see ./platform for where there is none).
 */
const NODE_FOR_N8N: Record<string, string> = { '2.40.7': '24.21.0' };

/** The Node.js this machine must fetch to run `version` of n8n, or undefined when its own will do. */
export function nodeToFetch(version: string, ownNode = process.versions.node): string | undefined {
	const needed = NODE_FOR_N8N[version];
	const major = (nodeVersion: string) => Number(nodeVersion.split('.')[0]);
	return needed && major(ownNode) < major(needed) ? needed : undefined;
}

/** The Node.js version that runs `version` of n8n here. */
export function nodeVersionFor(version = n8nVersion()): string {
	return nodeToFetch(version) ?? process.versions.node;
}

/**
 * The folder whose `bin/node` runs `version` of n8n, or undefined for this machine's Node.js; throws, saying
 * what to do, where the npm registry has no Node.js binary for this platform.
 */
export function nodeHome(
	version = n8nVersion(),
	platform: Platform = hostPlatform,
): string | undefined {
	const node = nodeToFetch(version);
	if (!node) return undefined;
	const binary = nodeBinaryPackage(node, platform);
	if ('problem' in binary) throw new Error(binary.problem);
	return join(REPO_ROOT, '.n8n-runtime', `node-${node}`, 'node_modules', binary.name);
}

/** PATH with the Node.js that runs `version` of n8n first (its `n8n` starts with `#!/usr/bin/env node`). */
function pathFor(version = n8nVersion()): string | undefined {
	const home = nodeHome(version);
	return home
		? `${join(home, 'bin')}${pathDelimiter()}${process.env.PATH ?? ''}`
		: process.env.PATH;
}

function n8nBin(version: string): string {
	return join(n8nInstallDir(version), 'node_modules', '.bin', binScript('n8n'));
}

/**
 * Installs the pinned n8n on first use and reuses it afterwards. n8n-nodes-base fetches `xlsx`
 * from a CDN tarball that is not a registry; the override takes it from the npm registry.
 * In a terminal npm shows its own progress; elsewhere (CI) a line every 30 s says it is going on,
 * and npm's output goes to install.log in the install folder.
 */
export async function ensureN8n(log: (line: string) => void = console.log): Promise<string> {
	const version = n8nVersion();
	const dir = n8nInstallDir(version);
	const marker = join(dir, '.installed');
	if (existsSync(marker) && existsSync(n8nBin(version))) return n8nBin(version);

	log(`Installing n8n ${version} into ${dir} (first run only: about 5 minutes and 2.3 GB)...`);
	const home = nodeHome(version);
	if (home && !existsSync(join(home, 'bin', 'node'))) {
		log(`Installing Node.js ${NODE_FOR_N8N[version]} for it from the npm registry...`);
		const prefix = resolve(home, '../..');
		const binaryPackage = home.split(/[\\/]/).at(-1) as string;
		mkdirSync(prefix, { recursive: true });
		execFileSync(
			'npm',
			[
				'install',
				'--prefix',
				prefix,
				'--no-audit',
				'--no-fund',
				'--no-save',
				`${binaryPackage}@${NODE_FOR_N8N[version]}`,
			],
			{ stdio: 'ignore', ...scriptSpawnOptions() },
		);
	}
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		`${JSON.stringify(
			{
				name: 'plumaa-n8n-runtime',
				private: true,
				description: 'The n8n that npm start and the end-to-end suite run (git-ignored).',
				dependencies: { n8n: version },
				overrides: { xlsx: '0.18.5' },
			},
			null,
			2,
		)}\n`,
	);
	const interactive = process.stdout.isTTY === true;
	const logFile = join(dir, 'install.log');
	const started = Date.now();
	const heartbeat = interactive
		? undefined
		: setInterval(
				() =>
					log(
						`  still installing n8n ${version} (${Math.round((Date.now() - started) / 1000)} s)...`,
					),
				30_000,
			);
	try {
		await new Promise<void>((resolveInstall, rejectInstall) => {
			// On another Node.js, install scripts would build native modules for the wrong one (and some fetch
			// prebuilt binaries from outside the registry): sqlite3, the one n8n needs, is built below instead.
			const child = spawn(
				'npm',
				['install', '--no-audit', '--no-fund', ...(home ? ['--ignore-scripts'] : [])],
				{
					...scriptSpawnOptions(),
					cwd: dir,
					stdio: interactive
						? 'inherit'
						: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
				},
			);
			child.once('error', rejectInstall);
			child.once('close', (code) =>
				code === 0
					? resolveInstall()
					: rejectInstall(
							new Error(
								`Installing n8n ${version} failed (npm exit ${code}).${interactive ? '' : ` See ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`}`,
							),
						),
			);
		});
		if (home) {
			log(`  building sqlite3 for Node.js ${NODE_FOR_N8N[version]} (about 3 minutes)...`);
			await new Promise<void>((resolveBuild, rejectBuild) => {
				const child = spawn('npx', ['--no', 'node-gyp', 'rebuild', '-j', '2'], {
					...scriptSpawnOptions(),
					cwd: join(dir, 'node_modules', 'sqlite3'),
					env: { ...process.env, PATH: pathFor(version), npm_config_nodedir: home },
					stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
				});
				child.once('error', rejectBuild);
				child.once('close', (code) =>
					code === 0
						? resolveBuild()
						: rejectBuild(new Error(`Building sqlite3 failed. See ${logFile}`)),
				);
			});
		}
	} finally {
		if (heartbeat) clearInterval(heartbeat);
	}
	writeFileSync(marker, `${new Date().toISOString()}\n`);
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	return n8nBin(version);
}

/** `npm pack`s the built package into `into` and returns the tarball's path. */
export function packPackage(into: string): string {
	mkdirSync(into, { recursive: true });
	const output = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', into],
		{
			cwd: REPO_ROOT,
			encoding: 'utf8',
			...scriptSpawnOptions(),
		},
	);
	const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
	return join(into, filename);
}

/**
 * Installs a packed tarball as n8n's UI installer does: unpacked into
 * `<user folder>/.n8n/nodes/node_modules/<name>`, dev and peer dependencies dropped, `npm install`
 * for runtime dependencies (there are none), and recorded in the nodes folder's package.json.
 * The node type is then `n8n-nodes-plumaa.plumaa`, as for users.
 */
export function installCommunityPackage(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const packageJsonPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[field];
	writeFileSync(packageJsonPath, JSON.stringify(manifest, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--offline',
		],
		{ cwd: packageDir, stdio: 'ignore', ...scriptSpawnOptions() },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: manifest.version },
			},
			null,
			2,
		),
	);
}

export interface N8nEnvironment {
	userFolder: string;
	port: number;
	/** Port of n8n's task broker; each concurrently running n8n process needs its own. */
	brokerPort: number;
	/** More settings, e.g. queue mode's Redis and PostgreSQL; they win over the defaults below. */
	extra?: NodeJS.ProcessEnv;
}

/** The environment that keeps n8n local and quiet. */
export function n8nEnv({ userFolder, port, brokerPort, extra }: N8nEnvironment): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: pathFor(),
		// Under jest NODE_ENV is "test", in which n8n logs and prints nothing.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY ?? 'plumaa-local-only-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...extra,
	};
}

/**
 * Runs an n8n CLI command to completion and returns what it printed. Asynchronous, so that a
 * sandbox served by the calling process keeps answering while n8n runs.
 */
export async function n8nCommand(
	bin: string,
	env: N8nEnvironment,
	args: string[],
	timeoutMs = 120_000,
): Promise<{ status: number; stdout: string; stderr: string }> {
	return await new Promise((resolveRun, rejectRun) => {
		const child = spawn(bin, args, {
			env: n8nEnv(env),
			stdio: ['ignore', 'pipe', 'pipe'],
			...scriptSpawnOptions(),
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			rejectRun(
				new Error(
					`n8n ${args[0]} did not finish within ${timeoutMs / 1000} s:\n${stdout}\n${stderr}`,
				),
			);
		}, timeoutMs);
		child.once('error', rejectRun);
		child.once('close', (code) => {
			clearTimeout(timer);
			resolveRun({ status: code ?? 1, stdout, stderr });
		});
	});
}

export async function importJson(
	bin: string,
	env: N8nEnvironment,
	kind: 'credentials' | 'workflow',
	data: unknown,
): Promise<void> {
	const file = join(env.userFolder, `import-${kind}-${Date.now()}.json`);
	writeFileSync(file, JSON.stringify(data));
	const result = await n8nCommand(bin, env, [`import:${kind}`, `--input=${file}`]);
	rmSync(file, { force: true });
	if (result.status !== 0)
		throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The JSON run data that `n8n execute --rawOutput` prints between its log lines: n8n may log
 * more (e.g. the task runner shutting down) after it, so the object is cut out where it closes.
 */
export function parseRawOutput(stdout: string): Record<string, unknown> {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`n8n printed no run data:\n${stdout}`);
	let depth = 0;
	let inString = false;
	for (let index = start; index < stdout.length; index++) {
		const character = stdout[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') inString = true;
		else if (character === '{' || character === '[') depth++;
		else if ((character === '}' || character === ']') && --depth === 0) {
			return JSON.parse(stdout.slice(start, index + 1)) as Record<string, unknown>;
		}
	}
	throw new Error(`n8n's run data was cut short:\n${stdout.slice(start, start + 2000)}`);
}

export interface RunningN8n {
	url: string;
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

export interface StartOptions {
	inheritOutput?: boolean;
	timeoutMs?: number;
	/** Called as soon as n8n is spawned, before it is ready: a stop requested meanwhile must reach it. */
	onSpawn?: (stop: () => Promise<void>) => void;
	/** `worker` starts a queue-mode worker, which serves no editor: it is ready when it says so. */
	command?: 'start' | 'worker';
}

/** How long n8n may take to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * Starts `n8n start` (or `n8n worker`) and resolves once it is ready. n8n starts task runners: `stop` ends it
 * with them (its process group, or its process tree on Windows), and so does a watchdog if this process dies
 * without stopping it.
 */
export async function startN8n(
	bin: string,
	env: N8nEnvironment,
	options: StartOptions = {},
): Promise<RunningN8n> {
	const command = options.command ?? 'start';
	const child = spawn(bin, [command], {
		// n8n's own shutdown ends well before `stop` would kill it.
		env: { ...n8nEnv(env), N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(STOP_GRACE_MS / 1000 - 2) },
		stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		...stoppableSpawnOptions(),
		...scriptSpawnOptions(),
	});
	if (child.pid !== undefined) stopGroupWhenGone(process.pid, child.pid, STOP_GRACE_MS);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	let exited = false;
	child.once('exit', () => (exited = true));

	const url = `http://127.0.0.1:${env.port}`;
	const stop = groupStopper(child, STOP_GRACE_MS);
	options.onSpawn?.(stop);

	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (exited) throw new Error(`n8n exited before it was ready:\n${output}`);
		if (command === 'worker') {
			if (output.includes('n8n worker is now ready'))
				return { url, process: child, output: () => output, stop };
			await new Promise((resolveWait) => setTimeout(resolveWait, 500));
			continue;
		}
		try {
			// Readiness comes before the REST routes are mounted: wait for both.
			const ready = await fetch(`${url}/healthz/readiness`);
			const rest = ready.ok ? await fetch(`${url}/rest/settings`) : undefined;
			if (rest?.ok) return { url, process: child, output: () => output, stop };
		} catch {
			// not listening yet
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, 500));
	}
	await stop();
	throw new Error(
		`n8n was not ready within ${(options.timeoutMs ?? 120_000) / 1000} s:\n${output}`,
	);
}

export const OWNER = {
	email: 'owner@plumaa.example',
	firstName: 'Plumaa',
	lastName: 'Sandbox',
	password: 'Plumaa-sandbox-1',
};

/** Creates the owner account on a fresh instance; on an instance that has one already, does nothing. */
export async function ensureOwner(url: string): Promise<void> {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok && response.status !== 400) {
		throw new Error(`Owner setup failed: HTTP ${response.status} ${await response.text()}`);
	}
}

/** The credential that points the node at a sandbox, as n8n imports it (plain data, encrypted on import). */
export function sandboxCredential(
	credential: { id: string; name: string },
	baseUrl: string,
	apiKey: string,
	optional: { keyId?: string; organizationId?: string } = {},
): Record<string, unknown> {
	const data: PlumaaCredentials = {
		apiKey,
		environment: 'custom',
		baseUrl,
		...(optional.keyId ? { keyId: optional.keyId } : {}),
		...(optional.organizationId ? { organizationId: optional.organizationId } : {}),
	};
	return { ...credential, type: 'plumaaApi', data };
}

/**
 * A credential as npm start makes "Plumaa sandbox": the sandbox's seeded key, with its ID (for Rotate) and
 * its organization's ID (the default of every Organization ID field).
 */
export function seededSandboxCredential(
	credential: { id: string; name: string },
	sandbox: { baseUrl: string; apiKey: string },
): Record<string, unknown> {
	return sandboxCredential(credential, sandbox.baseUrl, sandbox.apiKey, {
		keyId: SEED.adminKey.id,
		organizationId: SEED.organization.id,
	});
}

/** The credential ids and names the example workflows refer to. */
export const SANDBOX_CREDENTIAL = { id: 'plumaaSandboxCred', name: 'Plumaa sandbox' };
export const N8N_API_CREDENTIAL = { id: 'plumaaN8nApiCred', name: 'n8n API (this n8n)' };

/** The package's n8n API credential for the n8n at `url`, as n8n imports it. */
export function n8nApiCredential(
	credential: { id: string; name: string },
	url: string,
	apiKey: string,
): Record<string, unknown> {
	const data: N8nApiCredentials = { baseUrl: `${url}/api/v1`, apiKey };
	return { ...credential, type: 'plumaaN8nApi', data };
}

/** Logs the owner in and returns the session cookie for n8n's internal REST API. */
export async function ownerSession(url: string): Promise<string> {
	const response = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'browser-id': 'plumaa-scripts' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!response.ok)
		throw new Error(`Owner login failed: HTTP ${response.status} ${await response.text()}`);
	return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** Whether n8n's public API accepts `apiKey` (a read-only call that the scope credential:update allows). */
export async function n8nApiKeyWorks(url: string, apiKey: string): Promise<boolean> {
	const response = await fetch(`${url}/api/v1/credentials/schema/plumaaApi`, {
		headers: { 'X-N8N-API-KEY': apiKey },
	}).catch(() => undefined);
	return response?.ok === true;
}

/** Creates an n8n API key of the owner with only the scopes given (by default the one Rotate needs), and returns it. */
export async function createN8nApiKey(
	url: string,
	label: string,
	scopes = ['credential:update'],
): Promise<string> {
	const response = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'browser-id': 'plumaa-scripts',
			cookie: await ownerSession(url),
		},
		body: JSON.stringify({ label, scopes, expiresAt: null }),
	});
	if (!response.ok)
		throw new Error(
			`Creating an n8n API key failed: HTTP ${response.status} ${await response.text()}`,
		);
	return ((await response.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
}

export function readExample(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8')) as Record<
		string,
		unknown
	>;
}
