/**
 * The release path: workflows that actionlint accepts, a publish workflow that checks before it
 * publishes with provenance, and the prepublishOnly guard that refuses every other way to publish.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
};

function run(
	script: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
	const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', ...options });
	return { status: result.status, printed: `${result.stdout}\n${result.stderr}` };
}

let workDir: string;

beforeEach(() => {
	workDir = mkdtempSync(join(tmpdir(), 'plumaa-release-test-'));
});

afterEach(() => {
	rmSync(workDir, { recursive: true, force: true });
});

describe('GitHub workflows', () => {
	const LINT = join(root, 'scripts/lint-workflows.mjs');

	test('actionlint accepts ci.yml and publish.yml', () => {
		const { status, printed } = run(LINT, []);
		expect(printed).toContain('✓ .github/workflows/ci.yml');
		expect(printed).toContain('✓ .github/workflows/publish.yml');
		expect(status).toBe(0);
	});

	test('actionlint rejects a broken workflow', () => {
		const broken = join(workDir, 'broken.yml');
		writeFileSync(
			broken,
			'on:\n  push:\n    tagz: ["v*"]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n',
		);
		const { status, printed } = run(LINT, [broken]);
		expect(printed).toContain('unexpected key "tagz"');
		expect(printed).toContain('property "evnt" is not defined');
		expect(status).toBe(1);
	});

	test('ci.yml starts npm start on macOS and Windows, waits for n8n’s readiness and stops it', () => {
		const ci = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
		const job = ci.slice(ci.indexOf('  npm-start:'));
		expect(job).toMatch(/os: \[macos-latest, windows-latest\]/);
		expect(job).toContain('runs-on: ${{ matrix.os }}');
		expect(job).toContain('run: npm run start:check');
		expect(packageJson.scripts['start:check']).toBe('tsx scripts/start-check.ts');
	});

	test('publish.yml runs on a version tag, checks first, then publishes with provenance and id-token: write', () => {
		const publish = readFileSync(join(root, '.github/workflows/publish.yml'), 'utf8');
		expect(publish).toMatch(/tags: \["v\*\.\*\.\*"\]/);
		expect(publish).toMatch(/^ {2}id-token: write$/m);
		const checks = publish.indexOf('run: npm run release:verify');
		const publishes = publish.indexOf('run: npm publish --provenance --access public');
		expect(checks).toBeGreaterThan(0);
		expect(publishes).toBeGreaterThan(checks);
	});

	test('ci.yml runs what .ci/run runs', () => {
		expect(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')).toContain(
			'run: bash .ci/run',
		);
	});

	test('release:verify runs build, lint (with the scanner), tests and the end-to-end suite; prepublishOnly is the guard', () => {
		expect(packageJson.scripts.prepublishOnly).toBe('node scripts/release.mjs guard');
		expect(packageJson.scripts['release:verify']).toBe('node scripts/release.mjs verify');
		expect(packageJson.scripts.lint).toContain('npm run scan');
		const release = readFileSync(join(root, 'scripts/release.mjs'), 'utf8');
		for (const step of [
			"['run', 'build']",
			"['run', 'lint']",
			"['test']",
			"['run', 'soak']",
			"['run', 'test:e2e']",
		])
			expect(release).toContain(step);
	});
});

describe('the prepublishOnly guard', () => {
	const FILLED = {
		homepage: 'https://github.com/acme/n8n-nodes-plumaa#readme',
		repository: { type: 'git', url: 'git+https://github.com/acme/n8n-nodes-plumaa.git' },
		bugs: { url: 'https://github.com/acme/n8n-nodes-plumaa/issues' },
		author: { name: 'Acme', email: 'dev@acme.example' },
	};
	const PLACEHOLDERS = {
		homepage: 'https://github.com/FILL-IN-GITHUB-OWNER/n8n-nodes-plumaa#readme',
		repository: {
			type: 'git',
			url: 'git+https://github.com/FILL-IN-GITHUB-OWNER/n8n-nodes-plumaa.git',
		},
		bugs: { url: 'https://github.com/FILL-IN-GITHUB-OWNER/n8n-nodes-plumaa/issues' },
		author: { name: 'FILL-IN publisher name', email: 'FILL-IN@publisher.example' },
	};
	const IN_ACTIONS = {
		GITHUB_ACTIONS: 'true',
		GITHUB_REPOSITORY: 'acme/n8n-nodes-plumaa',
		GITHUB_REF_TYPE: 'tag',
		GITHUB_REF_NAME: `v${packageJson.version}`,
		npm_config_provenance: 'true',
	};

	/** A git repository holding this package's guard, package.json (with `fields`) and CHANGELOG, committed. */
	function packageRepository(fields: object): string {
		mkdirSync(join(workDir, 'scripts'));
		cpSync(join(root, 'scripts/release.mjs'), join(workDir, 'scripts/release.mjs'));
		cpSync(join(root, 'CHANGELOG.md'), join(workDir, 'CHANGELOG.md'));
		writeFileSync(join(workDir, '.gitignore'), '.release-checks.json\n');
		writeFileSync(
			join(workDir, 'package.json'),
			JSON.stringify({ ...packageJson, ...fields }, null, 2),
		);
		const git = (...args: string[]) =>
			execFileSync('git', args, { cwd: workDir, encoding: 'utf8' }).trim();
		git('init', '--quiet');
		git('add', '.');
		git(
			'-c',
			'user.name=test',
			'-c',
			'user.email=test@example.com',
			'commit',
			'--quiet',
			'-m',
			'release',
		);
		return workDir;
	}

	/** What `release.mjs verify` records once every check passed. */
	function stampChecksPassed(
		dir: string,
		commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim(),
	) {
		writeFileSync(
			join(dir, '.release-checks.json'),
			JSON.stringify({ commit, version: packageJson.version }),
		);
	}

	function guard(dir: string, env: Record<string, string>) {
		const clean = Object.fromEntries(
			Object.entries(process.env).filter(
				([name]) => !/^(GITHUB_|npm_config_(provenance|dry_run))/i.test(name),
			),
		);
		return run(join(dir, 'scripts/release.mjs'), ['guard'], {
			cwd: dir,
			env: { ...clean, ...env },
		});
	}

	test('passes in GitHub Actions, with provenance, on the checked commit, with the publisher fields filled in', () => {
		const dir = packageRepository(FILLED);
		stampChecksPassed(dir);

		const { status, printed } = guard(dir, IN_ACTIONS);
		expect(printed).toContain(`n8n-nodes-plumaa@${packageJson.version} may be published`);
		expect(status).toBe(0);
	});

	test('publisher fields left as the placeholders this repository ships with: refused, naming each field', () => {
		const dir = packageRepository(PLACEHOLDERS);
		stampChecksPassed(dir);

		const { status, printed } = guard(dir, IN_ACTIONS);
		for (const field of ['homepage', 'repository.url', 'bugs.url', 'author.name', 'author.email']) {
			expect(printed).toContain(`- ${field} is still the placeholder`);
		}
		expect(status).toBe(1);
	});

	test.each([
		['from a laptop', {}, 'it does not run in GitHub Actions'],
		[
			'without --provenance',
			{ ...IN_ACTIONS, npm_config_provenance: 'false' },
			'it is not run with --provenance',
		],
		[
			'from another repository',
			{ ...IN_ACTIONS, GITHUB_REPOSITORY: 'someone/fork' },
			'this workflow runs in someone/fork',
		],
		[
			'from a tag that is not the version',
			{ ...IN_ACTIONS, GITHUB_REF_NAME: 'v9.9.9' },
			`the tag v9.9.9 is not v${packageJson.version}`,
		],
	])('refuses a publish %s', (_label, env, reason) => {
		const dir = packageRepository(FILLED);
		stampChecksPassed(dir);

		const { status, printed } = guard(dir, env);
		expect(printed).toContain(reason);
		expect(status).toBe(1);
	});

	test('refuses when the checks did not run, ran on another commit, or the tree changed since', () => {
		const dir = packageRepository(FILLED);
		expect(guard(dir, IN_ACTIONS).printed).toContain('the release checks have not run');

		stampChecksPassed(dir, 'a'.repeat(40));
		expect(guard(dir, IN_ACTIONS).printed).toContain(
			'the release checks ran on aaaaaaa, not on this commit',
		);

		stampChecksPassed(dir);
		writeFileSync(join(dir, 'CHANGELOG.md'), 'edited after the checks\n');
		const { status, printed } = guard(dir, IN_ACTIONS);
		expect(printed).toContain('the working tree has uncommitted changes');
		expect(status).toBe(1);
	});

	test('npm publish --dry-run outside GitHub Actions runs every other check and says what a real publish would refuse', () => {
		const dir = packageRepository(FILLED);
		stampChecksPassed(dir);

		const { status, printed } = guard(dir, { npm_config_dry_run: 'true' });
		expect(printed).toContain(
			'(dry run) A real publish would be refused: it does not run in GitHub Actions',
		);
		expect(printed).toContain('may be published (dry run)');
		expect(status).toBe(0);
	});
});
