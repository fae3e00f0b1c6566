/**
 * `npm run start:check`: starts `npm start`, waits until n8n is ready (its readiness endpoint, then the
 * ready banner), stops it with everything it started, and checks that n8n's port is free again. What CI
 * runs on macOS and Windows, where the end-to-end suite does not (.github/workflows/ci.yml).
 */
import { spawn } from 'node:child_process';

import { REPO_ROOT } from '../dev/n8n';
import { hostPlatform, scriptSpawnOptions } from '../dev/platform';
import { groupStopper, isPortTaken, stoppableSpawnOptions } from '../dev/processes';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const READY_BANNER = 'n8n is running with the Plumaa node';
/** The first start installs n8n (about 5 minutes on a CI runner, more on Windows). */
const READY_WITHIN_MS = 30 * 60_000;
const STOP_GRACE_MS = 10_000;

async function main(): Promise<void> {
	console.log(`npm start on ${hostPlatform.os} ${hostPlatform.arch}, Node.js ${process.version}`);
	const child = spawn('npm', ['start'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		...stoppableSpawnOptions(),
		...scriptSpawnOptions(),
	});
	const stop = groupStopper(child, STOP_GRACE_MS);
	let printed = '';
	for (const stream of [child.stdout, child.stderr])
		stream?.on('data', (chunk: Buffer) => {
			printed += chunk.toString();
			process.stdout.write(chunk);
		});

	const deadline = Date.now() + READY_WITHIN_MS;
	let ready = false;
	while (!ready) {
		if (child.exitCode !== null)
			throw new Error(`npm start ended (exit ${child.exitCode}) before n8n was ready`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n was not ready within ${READY_WITHIN_MS / 60_000} minutes`);
		}
		const readiness = await fetch(`http://127.0.0.1:${N8N_PORT}/healthz/readiness`).catch(
			() => undefined,
		);
		ready = readiness?.ok === true && printed.includes(READY_BANNER);
		if (!ready) await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
	}
	console.log('\n✓ n8n answered its readiness check and npm start printed its banner; stopping it');

	await stop();
	for (let attempt = 0; await isPortTaken(N8N_PORT); attempt++) {
		if (attempt > 30) throw new Error(`port ${N8N_PORT} is still taken after npm start stopped`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
	}
	console.log(`✓ npm start stopped, port ${N8N_PORT} is free`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
