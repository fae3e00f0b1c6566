// n8n's community-node rules, as n8n's package scanner applies them, on everything that ships
// (nodes/, credentials/, package.json). Tests, the sandbox and scripts run on Node, not inside
// n8n: they get the JavaScript and TypeScript rules only.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const communityRules = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.n8n-runtime', '.n8n-data', 'gulpfile.js']),
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: { 'prefer-spread': 'off' },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [communityRules],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		extends: [communityRules],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
);
