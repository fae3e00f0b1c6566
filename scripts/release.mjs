#!/usr/bin/env node
// How a version of this package reaches npm: only from GitHub Actions, with provenance, after every
// check passed on the very commit being published. (See CONTRIBUTING.md, Releasing.)
//
//   node scripts/release.mjs verify   build, lint (with n8n's scanner), tests, the soak and the end-to-end suite,
//                                     then records that they passed for this commit and version
//   node scripts/release.mjs guard    npm's prepublishOnly: refuses a publish that skipped `verify`,
//                                     runs outside GitHub Actions or without --provenance, or still
//                                     has the publisher's placeholders in package.json
//
// `npm publish --dry-run` runs the guard too; there, being outside GitHub Actions is reported, not refused.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, '.release-checks.json');
const PLACEHOLDER = 'FILL-IN';
const CHECKS = [
	['npm', ['run', 'build']],
	['npm', ['run', 'lint']],
	['npm', ['test']],
	['npm', ['run', 'soak']],
	['npm', ['run', 'test:e2e']],
];

const readPackage = () => JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** Every tracked or new file as committed: a publish must be of a commit, not of a working tree. */
function uncommittedChanges() {
	return git('status', '--porcelain', '--untracked-files=normal');
}

/** The package.json fields only the publisher can fill in, and what is wrong with each. */
function publisherFieldProblems(pkg, githubRepository) {
	const problems = [];
	const fields = {
		homepage: pkg.homepage,
		'repository.url': pkg.repository?.url,
		'bugs.url': pkg.bugs?.url,
		'author.name': pkg.author?.name,
		'author.email': pkg.author?.email,
	};
	for (const [field, value] of Object.entries(fields)) {
		if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} is missing`);
		else if (value.includes(PLACEHOLDER))
			problems.push(`${field} is still the placeholder "${value}"`);
	}
	const repository = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository?.url ?? '')?.[1];
	if (!pkg.repository?.url?.includes(PLACEHOLDER) && !repository) {
		problems.push(
			'repository.url must be a github.com repository (npm provenance and n8n verification need one)',
		);
	}
	if (
		githubRepository &&
		repository &&
		repository.toLowerCase() !== githubRepository.toLowerCase()
	) {
		problems.push(
			`repository.url names ${repository}, but this workflow runs in ${githubRepository} (npm provenance would be refused)`,
		);
	}
	return problems;
}

function verify() {
	const changes = uncommittedChanges();
	if (changes) fail('Commit first: the checks must run on the commit that is published.', changes);
	const started = Date.now();
	for (const [command, args] of CHECKS) {
		console.log(`\n▶ ${command} ${args.join(' ')}`);
		execFileSync(command, args, { cwd: root, stdio: 'inherit' });
	}
	const stamp = {
		commit: git('rev-parse', 'HEAD'),
		version: readPackage().version,
		checks: CHECKS.map(([c, a]) => `${c} ${a.join(' ')}`),
		passedAt: new Date().toISOString(),
	};
	writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
	console.log(
		`\n✓ Release checks passed for ${stamp.version} at ${stamp.commit.slice(0, 7)} in ${Math.round((Date.now() - started) / 1000)} s`,
	);
}

function guard() {
	const pkg = readPackage();
	const dryRun = process.env.npm_config_dry_run === 'true';
	const problems = [];
	const notes = [];

	const inActions = process.env.GITHUB_ACTIONS === 'true';
	const withProvenance = process.env.npm_config_provenance === 'true';
	const origin = [];
	if (!inActions)
		origin.push(
			'it does not run in GitHub Actions (publish by pushing a version tag: see CONTRIBUTING.md, Releasing)',
		);
	if (!withProvenance) origin.push('it is not run with --provenance');
	(dryRun ? notes : problems).push(...origin);

	problems.push(
		...publisherFieldProblems(pkg, inActions ? process.env.GITHUB_REPOSITORY : undefined),
	);

	if (
		inActions &&
		process.env.GITHUB_REF_TYPE === 'tag' &&
		process.env.GITHUB_REF_NAME !== `v${pkg.version}`
	) {
		problems.push(
			`the tag ${process.env.GITHUB_REF_NAME} is not v${pkg.version}, the version in package.json`,
		);
	}
	const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
	if (!changelog.includes(`## [${pkg.version}]`))
		problems.push(`CHANGELOG.md has no section "## [${pkg.version}]"`);

	const changes = uncommittedChanges();
	if (changes) problems.push(`the working tree has uncommitted changes:\n${changes}`);
	if (!existsSync(STAMP)) {
		problems.push('the release checks have not run: run `npm run release:verify` first');
	} else {
		const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
		const head = git('rev-parse', 'HEAD');
		if (stamp.commit !== head)
			problems.push(
				`the release checks ran on ${stamp.commit.slice(0, 7)}, not on this commit ${head.slice(0, 7)}: run \`npm run release:verify\` again`,
			);
		if (stamp.version !== pkg.version)
			problems.push(`the release checks ran for version ${stamp.version}, not ${pkg.version}`);
	}

	for (const note of notes) console.log(`(dry run) A real publish would be refused: ${note}.`);
	if (problems.length > 0)
		fail(
			`Refusing to publish ${pkg.name}@${pkg.version}:`,
			problems.map((problem) => `- ${problem}`).join('\n'),
		);
	console.log(`✓ ${pkg.name}@${pkg.version} may be published${dryRun ? ' (dry run)' : ''}.`);
}

function fail(message, detail) {
	console.error(`${message}\n${detail}`);
	process.exit(1);
}

const command = process.argv[2];
if (command === 'verify') verify();
else if (command === 'guard') guard();
else if (command !== undefined)
	fail('Usage: node scripts/release.mjs verify|guard', `unknown command "${command}"`);
