/**
 * Processes `npm start` and the end-to-end suite run: who listens on a port, whether a process is
 * alive, and a watchdog that stops a process group once the process that owns it is gone (even
 * when that process was killed and could run no clean-up of its own).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
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
export function commandLine(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
	} catch {
		return undefined;
	}
}

/** The process listening on TCP `port`, found through /proc (Linux); undefined when it cannot be told. */
export function listenerOf(port: number): { pid: number; command: string } | undefined {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let lines: string[];
		try {
			lines = readFileSync(table, 'utf8').split('\n').slice(1);
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
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			let target: string;
			try {
				target = readlinkSync(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
			if (inode && inodes.has(inode))
				return { pid: Number(entry), command: commandLine(Number(entry)) ?? '?' };
		}
	}
	return undefined;
}

/** This process's ancestors, nearest first, up to and including the first whose command is npm. */
export function ancestorsUpToNpm(): number[] {
	const ancestors: number[] = [];
	let pid = process.ppid;
	while (pid > 1 && ancestors.length < 10) {
		ancestors.push(pid);
		if (/(^|[/\s])npm(-cli\.js)?(\s|$)/.test(commandLine(pid) ?? '')) return ancestors;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
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
 * Starts a small detached process that sends SIGTERM (then SIGKILL after `graceMs`) to the process
 * group `group` as soon as process `owner` is gone, and ends by itself once that group is gone.
 */
export function stopGroupWhenGone(owner: number, group: number, graceMs = 5_000): void {
	const watchdog = `
		const [owner, group, graceMs] = process.argv.slice(1).map(Number);
		const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; } };
		const timer = setInterval(() => {
			if (!alive(-group)) process.exit(0);
			if (alive(owner)) return;
			clearInterval(timer);
			try { process.kill(-group, 'SIGTERM'); } catch {}
			setTimeout(() => { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); }, graceMs);
		}, 300);`;
	const child = spawn(
		process.execPath,
		['-e', watchdog, String(owner), String(group), String(graceMs)],
		{
			detached: true,
			stdio: 'ignore',
		},
	);
	child.unref();
}

/**
 * The stop of `child`, spawned detached so that it leads its own process group: `signal` to the group,
 * SIGKILL after `graceMs`; resolves once the child has exited. Call right after spawning.
 */
export function groupStopper(
	child: ChildProcess,
	graceMs: number,
	signal: NodeJS.Signals = 'SIGTERM',
): () => Promise<void> {
	let exited = false;
	child.once('exit', () => (exited = true));
	return async (): Promise<void> => {
		if (exited || child.pid === undefined) return;
		const done = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
		try {
			process.kill(-child.pid, signal);
		} catch {
			return;
		}
		const killer = setTimeout(() => {
			try {
				process.kill(-(child.pid as number), 'SIGKILL');
			} catch {
				// already gone
			}
		}, graceMs);
		await done;
		clearTimeout(killer);
	};
}
