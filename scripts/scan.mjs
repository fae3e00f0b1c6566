#!/usr/bin/env node
// Runs n8n's own package scanner, as n8n verification runs it, on both of its legs:
//   source:  package.json, nodes/, credentials/ (icons beside them), with the scanner's full rule set;
//   tarball: the packed package's compiled .js and its package.json.
// No rule is turned off here, and the scanner ignores inline eslint-disable comments.
//
//   node scripts/scan.mjs                       both legs on this repository (packs it, which builds)
//   node scripts/scan.mjs --source DIR          the source leg on another checkout
//   node scripts/scan.mjs --tarball DIR         the tarball leg on an unpacked package
//
// The scanner lives in tools/n8n-scanner, installed with scripts off: its dependency
// eslint-plugin-n8n-nodes-base has `preinstall: npx only-allow pnpm`, which fails under npm.
// It is written in JavaScript because the scanner is an ES module that tests spawn as a process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scannerDir = path.join(root, 'tools', 'n8n-scanner');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function ensureScannerInstalled() {
	const lockfile = path.join(scannerDir, 'package-lock.json');
	const installed = path.join(scannerDir, 'node_modules', '.package-lock.json');
	if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
	console.log("Installing n8n's scanner into tools/n8n-scanner (scripts off)...");
	execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: scannerDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

/** Packs this repository as `npm publish` would (prepack builds it) and unpacks it. */
function packedPackage(workDir) {
	const packDir = path.join(workDir, 'pack');
	const unpacked = path.join(workDir, 'package');
	mkdirSync(packDir);
	mkdirSync(unpacked);
	execFileSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack wrote no tarball');
	execFileSync('tar', [
		'-xzf',
		path.join(packDir, tarball),
		'-C',
		unpacked,
		'--strip-components=1',
	]);
	return unpacked;
}

function readArguments(argv) {
	const legs = [];
	for (let index = 0; index < argv.length; index += 2) {
		const [flag, dir] = [argv[index], argv[index + 1]];
		if ((flag !== '--source' && flag !== '--tarball') || !dir) {
			throw new Error(
				`Usage: node scripts/scan.mjs [--source DIR] [--tarball DIR]; got "${argv.join(' ')}"`,
			);
		}
		legs.push({ leg: flag.slice(2), dir: path.resolve(dir) });
	}
	return legs;
}

async function main() {
	const requested = readArguments(process.argv.slice(2));
	ensureScannerInstalled();
	// eslint-plugin-n8n-nodes-base skips its file-name rules when NODE_ENV is "test" (as under jest):
	// scan as n8n does, whatever the caller's environment.
	delete process.env.NODE_ENV;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		pathToFileURL(
			path.join(scannerDir, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs'),
		).href
	);

	const workDir = mkdtempSync(path.join(tmpdir(), 'plumaa-scan-'));
	try {
		const legs =
			requested.length > 0
				? requested
				: [
						{ leg: 'source', dir: root },
						{ leg: 'tarball', dir: packedPackage(workDir) },
					];
		let passed = true;
		for (const { leg, dir } of legs) {
			const patterns = leg === 'source' ? SOURCE_FILE_PATTERNS : TARBALL_PATTERNS;
			const result = await analyzePackage(dir, patterns);
			if (result.passed && result.message === 'No files found to analyze') {
				console.log(`✗ ${leg}: no files matched ${patterns.join(', ')} in ${dir}`);
				passed = false;
			} else if (result.passed) {
				console.log(`✓ ${leg} (${patterns.join(', ')}): n8n's scanner found no problems`);
			} else {
				console.log(`✗ ${leg} (${patterns.join(', ')}): ${result.message}`);
				if (result.details) console.log(result.details);
				passed = false;
			}
		}
		process.exitCode = passed ? 0 : 1;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

await main();
