/**
 * The layout's rules, as CONTRIBUTING-style documentation states them (CONTRIBUTING.md → Layout):
 * which folder may import which, and no run state hidden in module-level maps.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function filesUnder(folder: string): string[] {
	const absolute = join(ROOT, folder);
	return readdirSync(absolute).flatMap((name) => {
		const path = join(absolute, name);
		if (name === 'node_modules') return [];
		if (statSync(path).isDirectory()) return filesUnder(relative(ROOT, path));
		return /\.(ts|mjs)$/.test(name) ? [relative(ROOT, path)] : [];
	});
}

/** The repository paths a file imports (relative imports only), without extensions. */
function importsOf(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	return [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map(([, spec]) =>
		relative(ROOT, resolve(dirname(join(ROOT, file)), spec)),
	);
}

/** What each folder may import from this repository (besides itself). */
const MAY_IMPORT: Array<{ folder: string; may: string[] }> = [
	{ folder: 'nodes/shared', may: ['credentials'] },
	{ folder: 'nodes/Plumaa', may: ['nodes/shared', 'credentials'] },
	{ folder: 'nodes/PlumaaTrigger', may: ['nodes/shared', 'credentials'] },
	{ folder: 'credentials', may: [] },
	{ folder: 'dev', may: ['nodes/shared'] },
	{ folder: 'scripts', may: ['dev', 'nodes/shared'] },
	{ folder: 'benchmarks', may: ['dev', 'test', 'nodes', 'credentials'] },
	{ folder: 'test', may: ['dev', 'nodes', 'credentials', 'scripts', 'package.json'] },
];

describe('layout', () => {
	test.each(MAY_IMPORT)('$folder imports only from itself and $may', ({ folder, may }) => {
		const outside = filesUnder(folder).flatMap((file) =>
			importsOf(file)
				.filter(
					(target) =>
						!target.startsWith(`${folder}/`) &&
						!may.some((allowed) => target === allowed || target.startsWith(`${allowed}/`)),
				)
				.map((target) => `${file} → ${target}`),
		);
		expect(outside).toEqual([]);
	});

	test('the shipped code keeps no run state in module-level maps (a run hands its state down)', () => {
		const moduleLevel = filesUnder('nodes')
			.concat(filesUnder('credentials'))
			.flatMap((file) =>
				readFileSync(join(ROOT, file), 'utf8')
					.split('\n')
					.map((line, index) => ({ line, where: `${file}:${index + 1}` }))
					.filter(({ line }) =>
						/^(export )?(const|let|var) \w+\s*=\s*new (Weak)?(Map|Set)\b/.test(line),
					)
					.map(({ where }) => where),
			);
		expect(moduleLevel).toEqual([]);
	});
});
