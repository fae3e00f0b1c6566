import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { PLUMAA_PRODUCTION_URL, PLUMAA_STAGING_URL, PlumaaApi } from '../../credentials/PlumaaApi.credentials';
import { Plumaa } from '../../nodes/Plumaa/Plumaa.node';

const root = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	keywords: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};
const node = new Plumaa();
const credential = new PlumaaApi();

function iconFiles(icon: unknown, baseDir: string): string[] {
	const { light, dark } = icon as { light: string; dark: string };
	return [light, dark].map((path) => resolve(baseDir, path.replace(/^file:/, '')));
}

describe('node description', () => {
	const operationParameters = node.description.properties.filter((property) => property.name === 'operation');

	test('is the Plumaa node, version 1, usable as a tool, needing the plumaaApi credential', () => {
		expect(node.description).toMatchObject({
			name: 'plumaa',
			displayName: 'Plumaa',
			version: 1,
			usableAsTool: true,
			credentials: [{ name: 'plumaaApi', required: true }],
		});
		expect(node.description.subtitle).toContain('$parameter["operation"]');
	});

	test('offers API Key → Delete, and every operation has an action', () => {
		const resource = node.description.properties.find((property) => property.name === 'resource');
		expect(resource?.options).toEqual([{ name: 'API Key', value: 'apiKey' }]);

		const options = operationParameters.flatMap((parameter) => parameter.options as INodePropertyOptions[]);
		expect(options.map((option) => option.value)).toContain('delete');
		for (const option of options) expect(option.action).toEqual(expect.any(String));
		expect(options.find((option) => option.value === 'delete')?.action).toBe('Delete an API key');
	});

	test('API Key ID is required, accepts expressions, and shows only for API Key → Delete', () => {
		const apiKeyId = node.description.properties.find((property) => property.name === 'apiKeyId') as INodeProperties;
		expect(apiKeyId).toMatchObject({ displayName: 'API Key ID', type: 'string', required: true });
		expect(apiKeyId.noDataExpression).toBeUndefined();
		expect(apiKeyId.displayOptions?.show).toEqual({ resource: ['apiKey'], operation: ['delete'] });
	});

	test('Delete options: Concurrency 5, Ignore Not Found off, Include Secret off, Timeout', () => {
		const options = node.description.properties.find((property) => property.name === 'options');
		const defaults = Object.fromEntries(
			(options?.options as INodeProperties[]).map((option) => [option.name, option.default]),
		);
		expect(defaults).toEqual({ concurrency: 5, ignoreNotFound: false, includeSecret: false, timeout: 30000 });
	});

	test('light and dark icons of its own, that exist and differ', () => {
		const [light, dark] = iconFiles(node.description.icon, join(root, 'nodes/Plumaa'));
		expect(readFileSync(light, 'utf8')).toContain('<svg');
		expect(readFileSync(dark, 'utf8')).toContain('<svg');
		expect(readFileSync(light, 'utf8')).not.toEqual(readFileSync(dark, 'utf8'));
	});

	test('codex file names the node, its categories and aliases', () => {
		const codex = JSON.parse(readFileSync(join(root, 'nodes/Plumaa/Plumaa.node.json'), 'utf8')) as {
			node: string;
			categories: string[];
			alias: string[];
		};
		expect(codex.node).toBe(`${packageJson.name}.${node.description.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.alias).toEqual(expect.arrayContaining(['revoke', 'rotate', 'NOM-151']));
	});

	test('the output schema parses and lists every documented output field', () => {
		const schema = JSON.parse(
			readFileSync(join(root, 'nodes/Plumaa/__schema__/v1.0.0/apiKey/delete.json'), 'utf8'),
		) as { type: string; properties: Record<string, { properties?: Record<string, unknown> }> };
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties)).toEqual(
			expect.arrayContaining(['id', 'name', 'enabled', 'deleted', 'notFound', 'createdAt', 'updatedAt', 'organization']),
		);
		const organization = schema.properties.organization.properties as Record<string, { properties?: Record<string, unknown> }>;
		expect(Object.keys(organization)).toEqual(expect.arrayContaining(['id', 'name', 'emailAddress', 'quota', 'policies']));
		expect(Object.keys(organization.quota.properties ?? {})).toEqual(expect.arrayContaining(['API', 'nom151', 'groupedNOM151']));
	});
});

describe('credential', () => {
	test('Plumaa API: a password API key, an environment, and a base URL for custom only', () => {
		expect(credential.name).toBe('plumaaApi');
		expect(credential.displayName).toBe('Plumaa API');
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.apiKey).toMatchObject({ type: 'string', required: true, typeOptions: { password: true } });
		expect(byName.environment.default).toBe('production');
		expect((byName.environment.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'production',
			'staging',
			'custom',
		]);
		expect(byName.baseUrl.displayOptions?.show).toEqual({ environment: ['custom'] });
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		for (const file of iconFiles(credential.icon, join(root, 'credentials'))) expect(existsSync(file)).toBe(true);
	});

	test('sends Authorization: Bearer <apiKey> through the generic authenticate', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
		});
	});

	test.each([
		[{ environment: 'production' }, PLUMAA_PRODUCTION_URL],
		[{ environment: 'staging' }, PLUMAA_STAGING_URL],
		[{ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/rest/v1/ ' }, 'http://127.0.0.1:4010/rest/v1'],
	])('its test is a read-only GET against the chosen environment (%j)', (data, expectedBaseUrl) => {
		expect(credential.test.request).toMatchObject({ method: 'GET', url: '/organization-links' });
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => node, getByNameAndVersion: () => node as INodeType, getKnownTypes: () => ({}) } });
		const resolved = workflow.expression.getParameterValue(
			credential.test.request.baseURL as string,
			null,
			0,
			0,
			'',
			[],
			'internal',
			{ $credentials: { apiKey: 'x', ...data } },
		);
		expect(resolved).toBe(expectedBaseUrl);
	});
});

describe('package', () => {
	test('is an n8n community package with no runtime dependencies', () => {
		expect(packageJson.name).toBe('n8n-nodes-plumaa');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	test('the packed tarball holds the compiled node, credential, icons, codex and output schema where n8n looks', () => {
		const [pack] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = pack.files.map((file) => file.path);
		const nodeFile = packageJson.n8n.nodes[0];
		const credentialFile = packageJson.n8n.credentials[0];
		expect(files).toEqual(expect.arrayContaining([nodeFile, credentialFile, 'package.json']));
		expect(files).toContain(join(dirname(nodeFile), 'Plumaa.node.json'));
		expect(files).toContain(join(dirname(nodeFile), '__schema__/v1.0.0/apiKey/delete.json'));
		for (const icon of iconFiles(node.description.icon, join(root, dirname(nodeFile)))) {
			expect(files).toContain(icon.slice(root.length + 1));
		}
		expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
	});
});
