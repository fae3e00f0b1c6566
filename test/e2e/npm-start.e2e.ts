/**
 * `npm start` as a user runs it in a terminal: whatever ends it (Ctrl-C at any moment, a closed
 * terminal, a kill, npm itself killed), n8n and the sandbox end too and their ports are free within
 * seconds; a taken port stops it before anything starts. Ctrl-C and a closed terminal signal the
 * whole process group, as a terminal does; the others signal npm alone.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, ensureN8n } from '../../dev/n8n';
import { isPortTaken } from '../../dev/processes';
import { freePort } from '../../dev/ports';

const READY_BANNER = 'n8n is running with the Plumaa node';
/** What n8n itself prints the moment its editor answers: the start-up is not over for npm start then. */
const N8N_READY_LINE = 'Editor is now accessible via';
const FREED_WITHIN_MS = 6_000;

interface Ports {
	n8n: number;
	sandbox: number;
}

interface NpmStart {
	child: ChildProcess;
	printed: () => string;
	exited: Promise<number | null>;
}

let userFolder: string;
/** How many starts of this file got as far as the ready banner. */
let startsReady = 0;

beforeAll(async () => {
	await ensureN8n((line) => process.stderr.write(`${line}\n`));
	// One n8n user folder for the file: the first start imports the examples, later ones reuse them.
	userFolder = mkdtempSync(join(tmpdir(), 'plumaa-npm-start-'));
}, 1_200_000);

afterAll(() => {
	rmSync(userFolder, { recursive: true, force: true });
});

/** A free port whose next two are free too (n8n's task brokers use them). */
async function freePorts(): Promise<Ports> {
	for (;;) {
		const n8n = await freePort();
		const next = await Promise.all([n8n + 1, n8n + 2].map((port) => isPortTaken(port)));
		if (!next.some(Boolean)) return { n8n, sandbox: await freePort() };
	}
}

function npmStart(ports: Ports): NpmStart {
	// Its own process group, like a job in a terminal: the group is what Ctrl-C and a closed terminal signal.
	const child = spawn('npm', ['start'], {
		cwd: REPO_ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			N8N_PORT: String(ports.n8n),
			PLUMAA_SANDBOX_PORT: String(ports.sandbox),
			PLUMAA_N8N_DATA: userFolder,
		},
	});
	let printed = '';
	child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
	const exited = new Promise<number | null>((resolveExit) =>
		child.once('exit', (code) => resolveExit(code)),
	);
	return { child, printed: () => printed, exited };
}

async function printedSoon(started: NpmStart, text: string, timeoutMs = 240_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!started.printed().includes(text)) {
		if (started.child.exitCode !== null)
			throw new Error(`npm start ended before printing "${text}":\n${started.printed()}`);
		if (Date.now() > deadline)
			throw new Error(
				`npm start did not print "${text}" within ${timeoutMs / 1000} s:\n${started.printed()}`,
			);
		await new Promise((resolveWait) => setTimeout(resolveWait, 100));
	}
}

/** Processes started for this test's n8n user folder (n8n, its task runners, CLI commands). */
function processesOfUserFolder(): string[] {
	const found: string[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (
				readFileSync(`/proc/${entry}/environ`, 'utf8')
					.split('\0')
					.includes(`N8N_USER_FOLDER=${userFolder}`)
			) {
				found.push(
					`${entry} ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ')}`,
				);
			}
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return found;
}

/** Waits until no port of npm start is taken and no process of its n8n is left; returns how long that took. */
async function nothingLeft(ports: Ports, since: number): Promise<number> {
	const all = [ports.n8n, ports.n8n + 1, ports.n8n + 2, ports.sandbox];
	for (;;) {
		const taken = (
			await Promise.all(all.map(async (port) => ((await isPortTaken(port)) ? port : undefined)))
		).filter(Boolean);
		const left = processesOfUserFolder();
		if (taken.length === 0 && left.length === 0) return Date.now() - since;
		if (Date.now() - since > FREED_WITHIN_MS) {
			throw new Error(
				`${Date.now() - since} ms after the signal: ports still taken [${taken.join(', ')}], processes left:\n${left.join('\n')}`,
			);
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, 200));
	}
}

describe('npm start ends everything it started', () => {
	test.each([
		[
			'Ctrl-C once it is ready',
			READY_BANNER,
			(child: ChildProcess) => process.kill(-child.pid!, 'SIGINT'),
		],
		[
			'Ctrl-C right when n8n’s editor comes up, before npm start is done',
			N8N_READY_LINE,
			(child: ChildProcess) => process.kill(-child.pid!, 'SIGINT'),
		],
		[
			'a closed terminal (SIGHUP to the group)',
			READY_BANNER,
			(child: ChildProcess) => process.kill(-child.pid!, 'SIGHUP'),
		],
		['SIGTERM to npm', READY_BANNER, (child: ChildProcess) => process.kill(child.pid!, 'SIGTERM')],
		[
			'npm killed (SIGKILL to npm, which can clean up nothing)',
			READY_BANNER,
			(child: ChildProcess) => process.kill(child.pid!, 'SIGKILL'),
		],
	])(
		'%s',
		async (_label, moment, signal) => {
			const ports = await freePorts();
			const started = npmStart(ports);
			await printedSoon(started, moment);

			// Every start after the first reuses the n8n API key the first created (one user folder).
			if (moment === READY_BANNER && startsReady++ > 0)
				expect(started.printed()).toContain('Reusing the n8n API key of an earlier npm start');

			const signalledAt = Date.now();
			signal(started.child);
			await started.exited;
			const tookMs = await nothingLeft(ports, signalledAt);

			process.stderr.write(`${_label}: everything stopped ${tookMs} ms after the signal\n`);
			expect(tookMs).toBeLessThanOrEqual(FREED_WITHIN_MS);
		},
		300_000,
	);

	test('a taken port: named with the process that holds it, nothing started, no ready banner', async () => {
		const ports = await freePorts();
		const holder = createServer();
		await new Promise<void>((resolveListen) =>
			holder.listen(ports.n8n, '127.0.0.1', resolveListen),
		);
		try {
			const started = npmStart(ports);
			const code = await started.exited;

			expect(code).not.toBe(0);
			expect(started.printed()).toContain(
				`${ports.n8n}, for n8n (N8N_PORT): in use by process ${process.pid}`,
			);
			expect(started.printed()).not.toContain(READY_BANNER);
			expect(started.printed()).not.toContain('Building the package');
			expect(await isPortTaken(ports.sandbox)).toBe(false);
		} finally {
			await new Promise((resolveClose) => holder.close(resolveClose));
		}
	}, 120_000);
});
