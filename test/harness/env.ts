/**
 * n8n-core's DI container reads its settings from the environment when first imported:
 * keep it quiet, local, and out of the user's home folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'plumaa-n8n-jest-'));
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_SSRF_PROTECTION_ENABLED = 'false';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

// n8n-core's server-side services start timers for their whole life (its SSH client manager cleans up
// every minute) that n8n stops at shutdown. Test processes have no such shutdown: no interval may keep
// one alive.
const startInterval = globalThis.setInterval;
globalThis.setInterval = ((...args: Parameters<typeof setInterval>) =>
	startInterval(...args).unref()) as typeof setInterval;
