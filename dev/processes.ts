/**
 * Processes `npm start` and the end-to-end suite run: who listens on a port, whether a process is
 * alive, and a watchdog that stops a process (with its children) once the process that owns it is
 * gone (even when that process was killed and could run no clean-up of its own). Each takes the
 * platform (./platform): without `/proc` or process groups it does what the platform offers instead.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

import type { Platform } from './platform';
import { hostPlatform, portHolderHint } from './platform';

export function isAlive(pid: number, platform: Platform = hostPlatform): boolean {
	try {
		platform.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Whether something already listens on 127.0.0.1:`port` (also on 0.0.0.0 or ::, which cover it). */
export async function isPortTaken(port: number): Promise<boolean> {
	return await new Promise((resolveTaken) => {
		const probe = createServer();
		probe.once('error', () => resolveTaken(true));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolveTaken(false)));
	});
}

/** The command line of a process, or undefined when it cannot be read. */
export function commandLine(pid: number, platform: Platform = hostPlatform): string | undefined {
	if (!platform.procfs) return undefined;
	try {
		return platform.readText(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
	} catch {
		return undefined;
	}
}

/** How a taken port is told: the process that holds it where the platform says, else how to find it. */
export function portHolder(port: number, platform: Platform = hostPlatform): string {
	const holder = listenerOf(port, platform);
	return holder
		? `in use by process ${holder.pid} (${holder.command.slice(0, 100)})`
		: `in use (to see by what: ${portHolderHint(port, platform)})`;
}

/** The process listening on TCP `port`, found through /proc (Linux); undefined when it cannot be told. */
export function listenerOf(
	port: number,
	platform: Platform = hostPlatform,
): { pid: number; command: string } | undefined {
	if (!platform.procfs) return undefined;
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let lines: string[];
		try {
			lines = platform.readText(table).split('\n').slice(1);
		} catch {
			continue;
		}
		for (const line of lines) {
			const fields = line.trim().split(/\s+/);
			// local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the socket's inode.
			if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port)
				inodes.add(fields[9]);
		}
	}
	if (inodes.size === 0) return undefined;
	for (const entry of platform.listDir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let fds: string[];
		try {
			fds = platform.listDir(`/proc/${entry}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			let target: string;
			try {
				target = platform.readLink(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
			if (inode && inodes.has(inode))
				return { pid: Number(entry), command: commandLine(Number(entry), platform) ?? '?' };
		}
	}
	return undefined;
}

/**
 * This process's ancestors, nearest first, up to and including the first whose command is npm. Without
 * `/proc` only the direct parent can be told: npm start then ends when that parent does.
 */
export function ancestorsUpToNpm(
	parent: number = process.ppid,
	platform: Platform = hostPlatform,
): number[] {
	if (!platform.procfs) return [parent];
	const ancestors: number[] = [];
	let pid = parent;
	while (pid > 1 && ancestors.length < 10) {
		ancestors.push(pid);
		if (/(^|[/\s])npm(-cli\.js)?(\s|$)/.test(commandLine(pid, platform) ?? '')) return ancestors;
		let stat: string;
		try {
			stat = platform.readText(`/proc/${pid}/stat`);
		} catch {
			break;
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
		pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	}
	// Not started by npm: the direct parent is the one that owns this process.
	return ancestors.slice(0, 1);
}

/**
 * How a spawned child is made stoppable with everything it starts: where the platform has process
 * groups, it leads its own (detached), and its group is what gets signalled.
 */
export function stoppableSpawnOptions(
	platform: Platform = hostPlatform,
): Pick<SpawnOptions, 'detached'> {
	return { detached: platform.processGroups };
}

/**
 * Stops process `pid` with the processes it started: SIGTERM to its group (then SIGKILL), where there are
 * process groups; on Windows `taskkill /T` ends the tree (forcibly on `force`, Windows having no SIGTERM
 * for a console-less process); elsewhere the process alone.
 */
export function stopTree(
	pid: number,
	force: boolean,
	platform: Platform = hostPlatform,
	signal: NodeJS.Signals = 'SIGTERM',
): void {
	try {
		if (platform.os === 'win32')
			platform.run('taskkill', ['/PID', String(pid), '/T', ...(force ? ['/F'] : [])]);
		else platform.kill(platform.processGroups ? -pid : pid, force ? 'SIGKILL' : signal);
	} catch {
		// already gone
	}
}

/**
 * Starts a small detached process that stops process `child` and what it started (see stopTree) as
 * soon as process `owner` is gone, and ends by itself once `child` is gone.
 */
export function stopGroupWhenGone(
	owner: number,
	child: number,
	graceMs = 5_000,
	platform: Platform = hostPlatform,
): void {
	const watchdog = `
		const [owner, child, graceMs] = process.argv.slice(1, 4).map(Number);
		const [os, groups] = process.argv.slice(4);
		const target = groups === 'groups' ? -child : child;
		const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
		const stop = (force) => {
			try {
				if (os === 'win32') require('node:child_process').execFileSync('taskkill', ['/PID', String(child), '/T', ...(force ? ['/F'] : [])], { stdio: 'ignore' });
				else process.kill(target, force ? 'SIGKILL' : 'SIGTERM');
			} catch {}
		};
		const timer = setInterval(() => {
			if (!alive(target)) process.exit(0);
			if (alive(owner)) return;
			clearInterval(timer);
			stop(false);
			setTimeout(() => { stop(true); process.exit(0); }, graceMs);
		}, 300);`;
	const watcher = spawn(
		process.execPath,
		[
			'-e',
			watchdog,
			String(owner),
			String(child),
			String(graceMs),
			platform.os,
			platform.processGroups ? 'groups' : 'process',
		],
		{ detached: true, stdio: 'ignore', windowsHide: true },
	);
	watcher.unref();
}

/**
 * The stop of `child`, spawned with stoppableSpawnOptions: `signal` to it and what it started (see
 * stopTree), SIGKILL after `graceMs`; resolves once the child has exited. Call right after spawning.
 */
export function groupStopper(
	child: ChildProcess,
	graceMs: number,
	signal: NodeJS.Signals = 'SIGTERM',
	platform: Platform = hostPlatform,
): () => Promise<void> {
	let exited = false;
	child.once('exit', () => (exited = true));
	return async (): Promise<void> => {
		if (exited || child.pid === undefined) return;
		const pid = child.pid;
		const done = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
		stopTree(pid, false, platform, signal);
		const killer = setTimeout(() => stopTree(pid, true, platform), graceMs);
		await done;
		clearTimeout(killer);
	};
}
