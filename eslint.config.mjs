// n8n's community-node rules, as n8n's package scanner applies them, on everything that ships
// (nodes/, credentials/, package.json). Tests and scripts run on Node, not inside n8n, so they
// keep the TypeScript rules but may use Node's globals and their dev dependencies.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const communityRules = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.n8n-runtime', '.n8n-data', 'gulpfile.js']),
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityRules],
		rules: {
			'no-console': 'error',
			'prefer-spread': 'off',
		},
	},
	{
		files: ['package.json'],
		extends: [communityRules],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'benchmarks/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'no-console': 'off',
		},
	},
);
