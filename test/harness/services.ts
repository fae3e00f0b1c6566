/**
 * Redis and PostgreSQL from Debian's packages (`redis-server`, `postgresql`), each started for one
 * test file on 127.0.0.1, on a free port with its own data folder, and stopped by that file. They
 * never touch a server the machine already runs, and a watchdog stops them if jest dies first.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { groupStopper, stopGroupWhenGone } from '../../dev/processes';
import { freePort } from '../../dev/ports';

const READY_WITHIN_MS = 30_000;
const STOP_GRACE_MS = 5_000;

interface Service {
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

/** Spawns a server in its own process group; `stop` ends it (SIGTERM, then SIGKILL after a grace). */
function spawnService(
	command: string,
	args: string[],
	options: { uid?: number; gid?: number; stopSignal?: NodeJS.Signals } = {},
): Service {
	const child = spawn(command, args, {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		uid: options.uid,
		gid: options.gid,
	});
	if (child.pid !== undefined) stopGroupWhenGone(process.pid, child.pid, STOP_GRACE_MS);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const stop = groupStopper(child, STOP_GRACE_MS, options.stopSignal);
	return { process: child, output: () => output, stop };
}

async function waitUntil(what: string, service: Service, isReady: () => boolean): Promise<void> {
	const deadline = Date.now() + READY_WITHIN_MS;
	while (Date.now() < deadline) {
		if (service.process.exitCode !== null)
			throw new Error(`${what} exited before it was ready:\n${service.output()}`);
		if (isReady()) return;
		await new Promise((resolveWait) => setTimeout(resolveWait, 200));
	}
	await service.stop();
	throw new Error(`${what} was not ready within ${READY_WITHIN_MS / 1000} s:\n${service.output()}`);
}

function succeeds(command: string, args: string[]): boolean {
	try {
		execFileSync(command, args, { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function missingPackage(program: string, debianPackage: string): Error {
	return new Error(
		`${program} is not installed: install Debian's ${debianPackage} package (apt-get install ${debianPackage}); .ci/run does this on CI`,
	);
}

export interface RedisServer {
	port: number;
	/** Runs `redis-cli` against this server and returns what it printed. */
	cli: (args: string[]) => string;
	/** Every key with its value, read by type, as text: what a look into Redis would find. */
	dump: () => string;
	stop: () => Promise<void>;
}

export async function startRedis(dataDir: string): Promise<RedisServer> {
	if (!succeeds('redis-server', ['--version']))
		throw missingPackage('redis-server', 'redis-server');
	mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	// No persistence: a dump of the keys is all there is to look at.
	const service = spawnService('redis-server', [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dataDir,
		'--save',
		'',
		'--appendonly',
		'no',
	]);
	const cli = (args: string[]): string =>
		execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
			encoding: 'utf8',
		});
	await waitUntil('Redis', service, () =>
		succeeds('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']),
	);

	const valueOf = (key: string): string => {
		const type = cli(['type', key]).trim();
		const read: Record<string, string[]> = {
			string: ['get', key],
			hash: ['hgetall', key],
			list: ['lrange', key, '0', '-1'],
			set: ['smembers', key],
			zset: ['zrange', key, '0', '-1', 'withscores'],
			stream: ['xrange', key, '-', '+'],
		};
		return read[type] ? cli(read[type]) : `(${type})`;
	};
	const dump = (): string =>
		cli(['--scan'])
			.split('\n')
			.filter(Boolean)
			.map((key) => `${key} => ${valueOf(key)}`)
			.join('\n');
	return { port, cli, dump, stop: service.stop };
}

export interface PostgresServer {
	port: number;
	user: string;
	database: string;
	/** Every row of every table of the database, as `pg_dump --data-only` writes them. */
	dump: () => string;
	stop: () => Promise<void>;
}

/** The newest PostgreSQL server installed from Debian's packages (its programs are not on PATH). */
function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
		: [];
	if (versions.length === 0) throw missingPackage('PostgreSQL', 'postgresql');
	return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user Debian's package creates. */
function postgresAccount(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string): number =>
		Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(dataDir: string): Promise<PostgresServer> {
	const bin = postgresBinDir();
	const account = postgresAccount();
	mkdirSync(dataDir, { recursive: true });
	if (account) {
		chownSync(dataDir, account.uid, account.gid);
		// The postgres user must be able to reach its folder inside the test's private one.
		chmodSync(join(dataDir, '..'), 0o711);
	}
	const port = await freePort();
	const user = 'n8n';
	const database = 'n8n';
	execFileSync(
		join(bin, 'initdb'),
		['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{
			stdio: 'ignore',
			...account,
		},
	);
	// Its socket goes into its own folder (Debian's /var/run/postgresql may not be writable here).
	const service = spawnService(
		join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dataDir}`,
			'-c',
			'fsync=off',
		],
		// SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
		{ ...account, stopSignal: 'SIGINT' },
	);
	const connection = ['-h', '127.0.0.1', '-p', String(port), '-U', user];
	await waitUntil('PostgreSQL', service, () =>
		succeeds(join(bin, 'pg_isready'), [...connection, '-d', 'postgres']),
	);
	execFileSync(join(bin, 'createdb'), [...connection, database]);

	const dump = (): string =>
		// Its warnings (about restoring a data-only dump) go nowhere; they are kept on failure.
		execFileSync(join(bin, 'pg_dump'), [...connection, '--data-only', database], {
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	return { port, user, database, dump, stop: service.stop };
}
