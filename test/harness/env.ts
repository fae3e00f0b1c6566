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
