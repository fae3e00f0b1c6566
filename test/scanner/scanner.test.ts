/**
 * `npm run lint` runs n8n's own scanner. These tests show it judges: a copy of this package passes,
 * and a copy with one deliberate fault fails on the rule n8n applies, inline disables or not.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The first run installs the scanner (about 30 s); each scan takes a few seconds.
jest.setTimeout(300_000);

const root = resolve(__dirname, '../..');
const SCAN = join(root, 'scripts/scan.mjs');

/** Runs the scanner's leg on `dir`, as `npm run lint` does; installs the scanner when missing. */
function scan(leg: 'source' | 'tarball', dir: string): { passed: boolean; printed: string } {
	const result = spawnSync(process.execPath, [SCAN, `--${leg}`, dir], {
		encoding: 'utf8',
		timeout: 300_000,
	});
	return { passed: result.status === 0, printed: `${result.stdout}\n${result.stderr}` };
}

function edit(file: string, from: string, to: string): void {
	const text = readFileSync(file, 'utf8');
	if (!text.includes(from)) throw new Error(`${file} no longer holds ${from}: update this test`);
	writeFileSync(file, text.replace(from, to));
}

let workDir: string;

beforeEach(() => {
	workDir = mkdtempSync(join(tmpdir(), 'plumaa-scan-test-'));
});

afterEach(() => {
	rmSync(workDir, { recursive: true, force: true });
});

/** The files the source leg reads, as the provenance-attested checkout has them. */
function sourceCopy(): string {
	for (const path of ['package.json', 'nodes', 'credentials', 'icons'])
		cpSync(join(root, path), join(workDir, path), { recursive: true });
	return workDir;
}

/** The package as it is packed: package.json and the built dist/ (npm test builds it first). */
function tarballCopy(): string {
	for (const path of ['package.json', 'dist'])
		cpSync(join(root, path), join(workDir, path), { recursive: true });
	return workDir;
}

describe("n8n's scanner on this package", () => {
	test('the source as it is passes', () => {
		const { passed, printed } = scan('source', sourceCopy());
		expect(printed).toContain(
			"source (package.json, {nodes,credentials}/**/*.{js,ts,json}): n8n's scanner found no problems",
		);
		expect(passed).toBe(true);
	});

	test('the packed package as it is passes', () => {
		const { passed, printed } = scan('tarball', tarballCopy());
		expect(printed).toContain("tarball (**/*.js, package.json): n8n's scanner found no problems");
		expect(passed).toBe(true);
	});

	test('an action with an article and capitals fails the source leg', () => {
		const dir = sourceCopy();
		edit(
			join(dir, 'nodes/Plumaa/actions/apiKey/index.ts'),
			"action: 'Delete API key'",
			"action: 'Delete An API Key'",
		);

		const { passed, printed } = scan('source', dir);
		expect(printed).toContain('n8n-nodes-base/node-param-operation-option-action-miscased');
		expect(passed).toBe(false);
	});

	test('an unmasked credential secret fails the source leg, even with an inline eslint-disable', () => {
		const dir = sourceCopy();
		edit(
			join(dir, 'credentials/PlumaaApi.credentials.ts'),
			'\t\t\ttypeOptions: { password: true },\n\t\t\trequired: true,',
			'\t\t\t// eslint-disable-next-line\n\t\t\trequired: true,',
		);

		const { passed, printed } = scan('source', dir);
		expect(printed).toMatch(/credential-password-field/);
		expect(passed).toBe(false);
	});

	test('a timer in the shipped JavaScript fails the tarball leg', () => {
		const dir = tarballCopy();
		const nodeFile = join(dir, 'dist/nodes/Plumaa/Plumaa.node.js');
		writeFileSync(
			nodeFile,
			`${readFileSync(nodeFile, 'utf8')}\nsetTimeout(() => undefined, 1000);\n`,
		);

		const { passed, printed } = scan('tarball', dir);
		expect(printed).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(passed).toBe(false);
	});
});
