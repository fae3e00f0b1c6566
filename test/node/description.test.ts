import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	PLUMAA_PRODUCTION_URL,
	PLUMAA_STAGING_URL,
	PlumaaApi,
} from '../../credentials/PlumaaApi.credentials';
import { PlumaaN8nApi } from '../../credentials/PlumaaN8nApi.credentials';
import { DEFAULT_N8N_VERSION } from '../../dev/n8n';
import { resources } from '../../nodes/Plumaa/actions/router';
import { Plumaa } from '../../nodes/Plumaa/Plumaa.node';
import { triggerEvents } from '../../nodes/PlumaaTrigger/events';
import { PlumaaTrigger } from '../../nodes/PlumaaTrigger/PlumaaTrigger.node';

const root = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	keywords: string[];
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};
const node = new Plumaa();
const packageScripts = (
	JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	}
).scripts;
const packageVersion = (
	JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

/** [node folder, path below __schema__/v1.0.0] of every output schema in the sources. */
function schemaFiles(nodeFolder: string): Array<[string, string]> {
	return readdirSync(join(root, 'nodes', nodeFolder, '__schema__/v1.0.0'), {
		recursive: true,
		encoding: 'utf8',
	})
		.filter((file) => file.endsWith('.json'))
		.map((file): [string, string] => [nodeFolder, file]);
}
const credential = new PlumaaApi();

function iconFiles(icon: unknown, baseDir: string): string[] {
	const { light, dark } = icon as { light: string; dark: string };
	return [light, dark].map((path) => resolve(baseDir, path.replace(/^file:/, '')));
}

/** Where the trigger's schema of an event is: `.json` (previewed) or `.full.json` (Simplify off). */
function triggerSchemaPath(event: { resource: string; value: string }, ending: string): string {
	return join(
		root,
		'nodes/PlumaaTrigger/__schema__/v1.0.0',
		event.resource,
		`${event.value}${ending}`,
	);
}

/** Whether names are in alphabetical order, as n8n's guidelines want option lists. */
function isAlphabetical(names: string[]): boolean {
	return names.every((name, index) => index === 0 || names[index - 1].localeCompare(name) <= 0);
}

/** Every options list of a description, with where it is (collections and fixed collections walked). */
function optionLists(
	properties: INodeProperties[],
	path = '',
): Array<{ path: string; names: string[] }> {
	const lists: Array<{ path: string; names: string[] }> = [];
	for (const property of properties) {
		const here = `${path}${property.name}`;
		if (property.type === 'options' || property.type === 'multiOptions') {
			const names = (property.options as INodePropertyOptions[]).map((option) => option.name);
			lists.push({ path: `${here} ${JSON.stringify(property.displayOptions?.show ?? {})}`, names });
		}
		if (property.type === 'collection') {
			const inner = property.options as INodeProperties[];
			lists.push({ path: `${here} (fields)`, names: inner.map((field) => field.displayName) });
			lists.push(...optionLists(inner, `${here}.`));
		}
	}
	return lists;
}

// Lists whose order carries a meaning, so n8n's "alphabetical" rule does not apply (each says why in its code).
const ORDERED_BY_MEANING = ['granularity']; // Hour, Day, Month: in order of size

describe('n8n’s UX guidelines', () => {
	const descriptions = [new Plumaa().description, new PlumaaTrigger().description];

	test.each(descriptions.map((description) => [description.name, description]))(
		'%s: every options list and collection is alphabetical, except where the order carries a meaning',
		(_name, description) => {
			const unsorted = optionLists(description.properties)
				.filter(({ path }) => !ORDERED_BY_MEANING.some((name) => path.startsWith(`${name} `)))
				.filter(({ names }) => !isAlphabetical(names));
			expect(unsorted).toEqual([]);
		},
	);

	test.each(descriptions.map((description) => [description.name, description]))(
		'%s: no action starts with or contains an article',
		(_name, description) => {
			const actions = description.properties
				.filter((property) => property.name === 'operation')
				.flatMap((property) => property.options as INodePropertyOptions[])
				.map((option) => option.action ?? '');
			expect(actions.length).toBeGreaterThan(0);
			expect(actions.filter((action) => /\b(a|an|the|its)\b/i.test(action))).toEqual([]);
		},
	);

	// Verify's output is itself a summary built for an IF (11 flat fields, no Plumaa object): nothing to simplify.
	const SUMMARIES = ['witness/verify'];

	test('Simplify (on by default) is offered exactly where the whole output has more than 10 fields, before Options', () => {
		const properties = new Plumaa().description.properties;
		for (const [, file] of schemaFiles('Plumaa').filter(
			([, name]) => !name.endsWith('.full.json'),
		)) {
			const [resource, operation] = file.replace(/\.json$/, '').split('/');
			const full = join(root, 'nodes/Plumaa/__schema__/v1.0.0', resource, `${operation}.full.json`);
			const schema = JSON.parse(
				readFileSync(
					existsSync(full) ? full : join(root, 'nodes/Plumaa/__schema__/v1.0.0', file),
					'utf8',
				),
			) as { properties: object };
			const shown = (property: INodeProperties) =>
				property.displayOptions?.show?.resource?.[0] === resource &&
				property.displayOptions?.show?.operation?.[0] === operation;
			const fields = properties.filter(shown).map((property) => property.name);
			const large = Object.keys(schema.properties).length > 10;
			const offered = fields.includes('simplify');
			expect({ file, offered }).toEqual({
				file,
				offered: large && !SUMMARIES.includes(`${resource}/${operation}`),
			});
			expect(existsSync(full)).toBe(offered);
			if (offered) {
				expect(fields.indexOf('simplify')).toBe(fields.indexOf('options') - 1);
				expect(
					properties.find((property) => shown(property) && property.name === 'simplify'),
				).toMatchObject({
					displayName: 'Simplify',
					type: 'boolean',
					default: true,
				});
			}
		}
	});

	test('the Plumaa Trigger offers Simplify, on by default, for the resources whose events emit large objects', () => {
		const simplify = new PlumaaTrigger().description.properties.find(
			(property) => property.name === 'simplify',
		);
		expect(simplify).toMatchObject({ type: 'boolean', default: true });
		expect(simplify?.displayOptions?.show?.resource).toEqual(['signatureRequest', 'witness']);
		for (const event of triggerEvents)
			expect(existsSync(triggerSchemaPath(event, '.full.json'))).toBe(event.resource !== 'invite');
	});

	test.each([
		['Plumaa API', new PlumaaApi().properties],
		['Plumaa Key Rotation API', new PlumaaN8nApi().properties],
	])('the %s credential’s options lists are alphabetical', (_name, properties) => {
		const unsorted = optionLists(properties).filter(({ names }) => !isAlphabetical(names));
		expect(unsorted).toEqual([]);
	});

	test('both nodes show the same subtitle: operation, then resource', () => {
		const [plumaa, trigger] = descriptions;
		expect(trigger.subtitle).toBe(plumaa.subtitle);
		expect(plumaa.subtitle).toBe('={{ $parameter["operation"] + ": " + $parameter["resource"] }}');
	});
});

describe('node description', () => {
	const operationParameters = node.description.properties.filter(
		(property) => property.name === 'operation',
	);

	test('is the Plumaa node, version 1, usable as a tool, needing plumaaApi, and plumaaN8nApi for Rotate only', () => {
		expect(node.description).toMatchObject({
			name: 'plumaa',
			displayName: 'Plumaa',
			version: 1,
			usableAsTool: { replacements: expect.objectContaining({ properties: expect.any(Array) }) },
			credentials: [
				{ name: 'plumaaApi', required: true },
				{
					name: 'plumaaN8nApi',
					required: true,
					displayOptions: { show: { resource: ['apiKey'], operation: ['rotate'] } },
				},
			],
		});
		expect(node.description.subtitle).toContain('$parameter["operation"]');
	});

	test('offers API Key → Create, Delete, Rotate, Update, in that order, with Delete (0.1.0’s only one) the default', () => {
		const resource = node.description.properties.find((property) => property.name === 'resource');
		// API Key stays the default resource: workflows saved by 0.1 omit it.
		expect(resource?.default).toBe('apiKey');
		expect((resource?.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'apiKey',
			'certificate',
			'invite',
			'signatureRequest',
			'subject',
			'witness',
		]);

		const [operation] = operationParameters;
		const options = operation.options as INodePropertyOptions[];
		expect(options.map((option) => option.value)).toEqual(['create', 'delete', 'rotate', 'update']);
		expect(operation.default).toBe('delete');
		for (const option of options) expect(option.action).toEqual(expect.any(String));
		expect(options.map((option) => option.action)).toEqual([
			'Create API key',
			'Delete API key',
			'Rotate credential API key',
			'Update API key',
		]);
	});

	test('each option of the Resource and Operation dropdowns has its resource or operation, and each of those its option', () => {
		const resourceDropdown = node.description.properties.find(
			(property) => property.name === 'resource',
		);
		expect(
			(resourceDropdown?.options as INodePropertyOptions[]).map((option) => option.value),
		).toEqual(resources.map((resource) => resource.value));
		for (const resource of resources) {
			const offered = (resource.operationProperty.options as INodePropertyOptions[]).map(
				(option) => option.value,
			);
			expect(resource.operations.map((operation) => operation.value)).toEqual(offered);
			expect(resource.operationProperty.displayOptions?.show).toEqual({
				resource: [resource.value],
			});
		}
	});

	test('API Key ID is a required "By ID" resource locator that accepts expressions, for Delete and Update', () => {
		const fields = node.description.properties.filter((property) => property.name === 'apiKeyId');
		expect(fields.map((field) => field.displayOptions?.show)).toEqual([
			{ resource: ['apiKey'], operation: ['delete'] },
			{ resource: ['apiKey'], operation: ['update'] },
		]);
		for (const field of fields) {
			expect(field).toMatchObject({
				displayName: 'API Key ID',
				type: 'resourceLocator',
				required: true,
				default: { mode: 'id', value: '' },
			});
			expect(field.noDataExpression).toBeUndefined();
			expect(field.modes?.map((mode) => mode.name)).toEqual(['id']);
		}
	});

	test('Organization ID of Create is an optional resource locator, From List (empty: the credential’s) or By ID: empty, or 24 hexadecimal characters', () => {
		const field = node.description.properties.find(
			(property) => property.name === 'organizationId',
		);
		expect(field).toMatchObject({
			type: 'resourceLocator',
			required: false,
			default: { mode: 'list', value: '' },
		});
		expect(field?.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(field?.modes?.[0].typeOptions?.searchListMethod).toBe('searchOrganizations');
		// n8n anchors each regex at both ends.
		const regexes = (field?.modes?.[1].validation ?? []).map(
			(rule) =>
				new RegExp(`^${(rule as unknown as { properties: { regex: string } }).properties.regex}$`),
		);
		const accepted = (value: string) => regexes.every((regex) => regex.test(value));
		expect(accepted('')).toBe(true);
		expect(accepted(' 64b7f0a1c2d3e4f5a6b7c8d9 ')).toBe(true);
		expect(accepted('acme')).toBe(false);
		expect(accepted('64b7f0a1c2d3e4f5a6b7c8d9\u200b')).toBe(false);
	});

	test.each([
		['create', { concurrency: 5, maxRateLimitWait: 300, timeout: 30000 }],
		[
			'delete',
			{
				concurrency: 5,
				ignoreNotFound: false,
				includeSecret: false,
				maxRateLimitWait: 300,
				timeout: 30000,
			},
		],
		[
			'update',
			{
				concurrency: 5,
				ignoreNotFound: false,
				includeSecret: false,
				maxRateLimitWait: 300,
				timeout: 30000,
			},
		],
		// Rotate works on one credential: its items run one at a time.
		['rotate', { maxRateLimitWait: 300, timeout: 30000 }],
	])(
		'%s options: the router adds Concurrency, Max Rate Limit Wait and Timeout to the operation’s own, sorted by name',
		(operation, expected) => {
			const options = node.description.properties.find(
				(property) =>
					property.name === 'options' &&
					property.displayOptions?.show?.operation?.includes(operation),
			);
			const entries = (options?.options as INodeProperties[]).map((option) => [
				option.name,
				option.default,
			]);
			expect(Object.fromEntries(entries)).toEqual(expected);
			const names = (options?.options as INodeProperties[]).map((option) => option.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		},
	);

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

	test.each([
		['create', ['id', 'name', 'enabled', 'secret', 'createdAt', 'updatedAt', 'organization']],
		[
			'delete',
			['id', 'name', 'enabled', 'deleted', 'notFound', 'createdAt', 'updatedAt', 'organization'],
		],
		[
			'update',
			[
				'id',
				'name',
				'enabled',
				'updated',
				'notFound',
				'secret',
				'createdAt',
				'updatedAt',
				'organization',
			],
		],
		['rotate', ['newKey', 'oldKey', 'credential', 'organization']],
	])('the %s output schema parses and lists every documented output field', (operation, fields) => {
		const schema = JSON.parse(
			readFileSync(join(root, `nodes/Plumaa/__schema__/v1.0.0/apiKey/${operation}.json`), 'utf8'),
		) as { type: string; properties: Record<string, { properties?: Record<string, unknown> }> };
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(fields));
		const organization = schema.properties.organization.properties as Record<
			string,
			{ properties?: Record<string, unknown> }
		>;
		expect(Object.keys(organization)).toEqual(
			expect.arrayContaining(['id', 'name', 'emailAddress', 'quota', 'policies']),
		);
		expect(Object.keys(organization.quota.properties ?? {})).toEqual(
			expect.arrayContaining(['API', 'nom151', 'groupedNOM151']),
		);
	});
});

describe('trigger description', () => {
	const trigger = new PlumaaTrigger();
	const resourceOptions = (
		trigger.description.properties.find((property) => property.name === 'resource')!
			.options as INodePropertyOptions[]
	).map((option) => option.value);
	const eventDropdowns = trigger.description.properties.filter(
		(property) => property.name === 'operation',
	);

	test('one Event dropdown per resource, built from the events table: every event once, by name, with its action', () => {
		expect(
			eventDropdowns.map((dropdown) => String(dropdown.displayOptions?.show?.resource)).sort(),
		).toEqual(resourceOptions.map(String).sort());
		for (const dropdown of eventDropdowns) {
			const resource = dropdown.displayOptions!.show!.resource![0];
			const options = dropdown.options as INodePropertyOptions[];
			const events = triggerEvents.filter((event) => event.resource === resource);
			expect(options.map((option) => option.value).sort()).toEqual(
				events.map((event) => event.value).sort(),
			);
			expect(options.map((option) => option.name)).toEqual(
				[...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b)),
			);
			expect(options.every((option) => /^On [a-z ]+ [a-z]+$/.test(option.action ?? ''))).toBe(true);
			expect(options.map((option) => option.value)).toContain(dropdown.default);
			expect(dropdown).toMatchObject({ type: 'options', noDataExpression: true });
		}
	});

	test('every event has an output schema at __schema__/v1.0.0/<resource>/<event>.json', () => {
		for (const event of triggerEvents) {
			expect(existsSync(triggerSchemaPath(event, '.json'))).toBe(true);
		}
	});
});

describe('credential', () => {
	test('Plumaa API: a password API key, an environment, and a base URL for custom only', () => {
		expect(credential.name).toBe('plumaaApi');
		expect(credential.displayName).toBe('Plumaa API');
		const byName = Object.fromEntries(
			credential.properties.map((property) => [property.name, property]),
		);
		expect(byName.apiKey).toMatchObject({
			type: 'string',
			required: true,
			typeOptions: { password: true },
		});
		expect(byName.environment.default).toBe('production');
		expect(
			(byName.environment.options as INodePropertyOptions[]).map((option) => option.value),
		).toEqual(['custom', 'production', 'staging']);
		expect(byName.baseUrl.displayOptions?.show).toEqual({ environment: ['custom'] });
		// Optional and not secret: old credentials without it keep working.
		expect(byName.keyId).toMatchObject({ displayName: 'API Key ID', type: 'string', default: '' });
		expect(byName.keyId.required).toBeUndefined();
		expect(byName.keyId.typeOptions?.password).toBeUndefined();
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		for (const file of iconFiles(credential.icon, join(root, 'credentials')))
			expect(existsSync(file)).toBe(true);
	});

	test('sends Authorization: Bearer <apiKey> through the generic authenticate', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				headers: { Authorization: '=Bearer {{ String($credentials.apiKey).trim() }}' },
			},
		});
	});

	test.each([
		[{ environment: 'production' }, PLUMAA_PRODUCTION_URL],
		[{ environment: 'staging' }, PLUMAA_STAGING_URL],
		[
			{ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/rest/v1/ ' },
			'http://127.0.0.1:4010/rest/v1',
		],
	])('its test is a read-only GET against the chosen environment (%j)', (data, expectedBaseUrl) => {
		expect(credential.test.request).toMatchObject({ method: 'GET' });
		const resolve = (value: string, credentials: Record<string, unknown>) =>
			new Workflow({
				nodes: [],
				connections: {},
				active: false,
				nodeTypes: {
					getByName: () => node,
					getByNameAndVersion: () => node as INodeType,
					getKnownTypes: () => ({}),
				},
			}).expression.getParameterValue(value, null, 0, 0, '', [], 'internal', {
				$credentials: { apiKey: 'x', ...credentials },
			});
		expect(resolve(credential.test.request.baseURL as string, data)).toBe(expectedBaseUrl);
		// With an Organization ID the same list for that organization (Plumaa refuses a malformed ID).
		const url = credential.test.request.url as string;
		expect(resolve(url, data)).toBe('/organization-links');
		expect(resolve(url, { ...data, organizationId: '  ' })).toBe('/organization-links');
		expect(resolve(url, { ...data, organizationId: ' 64b7f0a1c2d3e4f5a6b7c8d9 ' })).toBe(
			'/organization-links?organization={"eq":"64b7f0a1c2d3e4f5a6b7c8d9"}',
		);
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
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = pack.files.map((file) => file.path);
		const nodeFile = packageJson.n8n.nodes[0];
		expect(packageJson.n8n.nodes).toEqual([
			'dist/nodes/Plumaa/Plumaa.node.js',
			'dist/nodes/PlumaaTrigger/PlumaaTrigger.node.js',
		]);
		expect(files).toEqual(
			expect.arrayContaining([
				...packageJson.n8n.nodes,
				...packageJson.n8n.credentials,
				'package.json',
			]),
		);
		for (const shipped of packageJson.n8n.nodes)
			expect(files).toContain(shipped.replace(/\.js$/, '.json'));
		// Every output schema of the sources, where n8n looks for it.
		for (const [nodeName, file] of [...schemaFiles('Plumaa'), ...schemaFiles('PlumaaTrigger')]) {
			expect(files).toContain(`dist/nodes/${nodeName}/__schema__/v1.0.0/${file}`);
		}
		for (const icon of iconFiles(node.description.icon, join(root, dirname(nodeFile)))) {
			expect(files).toContain(icon.slice(root.length + 1));
		}
		expect(
			files.filter(
				(file) =>
					!file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file),
			),
		).toEqual([]);
		// Source maps would point at sources the package does not ship.
		expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
	});
});

describe('n8n API credential (for Rotate)', () => {
	const n8nApi = new PlumaaN8nApi();

	test('an n8n API URL and a password n8n API key, sent as X-N8N-API-KEY', () => {
		expect(n8nApi.name).toBe('plumaaN8nApi');
		const byName = Object.fromEntries(
			n8nApi.properties.map((property) => [property.name, property]),
		);
		expect(byName.baseUrl).toMatchObject({ type: 'string', required: true });
		expect(byName.apiKey).toMatchObject({
			type: 'string',
			required: true,
			typeOptions: { password: true },
		});
		expect(n8nApi.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
		});
		for (const file of iconFiles(n8nApi.icon, join(root, 'credentials')))
			expect(existsSync(file)).toBe(true);
	});

	test('its test reads the Plumaa credential type’s schema: needs a valid key, changes nothing, proves the package is installed there', () => {
		expect(n8nApi.test.request).toMatchObject({
			method: 'GET',
			url: '/credentials/schema/plumaaApi',
		});
	});
});

/** What users and contributors read: the README, CONTRIBUTING.md and docs/. */
const userDocs = [
	'README.md',
	'CONTRIBUTING.md',
	'docs/operations.md',
	'docs/plumaa-disputes.md',
	'docs/queue-mode.md',
];
const allDocs = userDocs.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');

describe('README and docs', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');

	test('the README starts with the two commands, then n8n’s README template in order, for users only', () => {
		expect(readme.split('\n').slice(2, 5)).toEqual([
			'```bash',
			expect.stringMatching(/^npm ci && npm start /),
			expect.stringMatching(/^npm ci && npm test /),
		]);
		const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
		expect(sections).toEqual([
			'Installation',
			'Credentials',
			'Operations',
			'Usage',
			'Compatibility',
			'Resources',
			'Version history',
			'License',
		]);
		// Contributors' matters live in CONTRIBUTING.md and docs/.
		for (const heading of ['Development', 'Releasing', 'Layout', 'Speed and rate limits'])
			expect(readme).not.toMatch(new RegExp(`^#+ ${heading}$`, 'm'));
	});

	test('the README reads in under 2 000 words', () => {
		expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThan(2000);
	});

	test('the README names the n8n versions CI tests, and the Version history the package’s version', () => {
		const current = /N8N_VERSION=(\S+)/.exec(packageScripts['test:e2e:current'])?.[1];
		for (const version of [DEFAULT_N8N_VERSION, current])
			expect(readme).toContain(`| ${version} |`);
		const history = readme.slice(readme.indexOf('## Version history'));
		expect(history).toMatch(
			packageVersion === '0.1.0' ? /\| Unreleased \|/ : new RegExp(`\\| ${packageVersion} \\|`),
		);
		expect(history).toContain('| 0.1.0 |');
	});

	test('every relative link of the README, CONTRIBUTING.md and docs/ points at a file that exists', () => {
		for (const file of userDocs) {
			const text = readFileSync(join(root, file), 'utf8');
			for (const [, target] of text.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g))
				expect({ file, target, exists: existsSync(join(root, dirname(file), target)) }).toEqual({
					file,
					target,
					exists: true,
				});
		}
	});

	test('every screenshot in docs/ is shown in the docs and taken by the end-to-end suite in n8n', () => {
		const e2e = readFileSync(join(root, 'test/e2e/n8n.e2e.ts'), 'utf8');
		const screenshots = readdirSync(join(root, 'docs')).filter((file) => file.endsWith('.png'));
		expect(screenshots.length).toBeGreaterThan(0);
		for (const file of screenshots) {
			expect({ file, shown: allDocs.includes(`${file})`) }).toEqual({ file, shown: true });
			expect({ file, taken: e2e.includes(`'${file}'`) }).toEqual({ file, taken: true });
		}
		// The README's first image is what most users come for: Witness → Create certifying a document.
		expect(/!\[[^\]]*\]\(([^)]+)\)/.exec(readme)?.[1]).toBe('docs/plumaa-node-parameters.png');
		expect(e2e).toMatch(
			/data-node-name="Certify invoice"[\s\S]{0,900}'plumaa-node-parameters\.png'/,
		);
	});

	// Objects documented once, by their own table, wherever they appear.
	const sharedObjects = ['organization', 'witness', 'subject', 'signatureRequest'];

	test.each([...schemaFiles('Plumaa'), ...schemaFiles('PlumaaTrigger')])(
		'documents every output field of %s %s',
		(nodeName, file) => {
			const schema = JSON.parse(
				readFileSync(join(root, 'nodes', nodeName, '__schema__/v1.0.0', file), 'utf8'),
			) as {
				properties: Record<string, { properties?: Record<string, unknown> }>;
			};
			for (const [field, definition] of Object.entries(schema.properties)) {
				const nested = sharedObjects.includes(field)
					? []
					: Object.keys(definition.properties ?? {}).map((child) => `${field}.${child}`);
				for (const name of nested.length > 0 ? nested : [field])
					expect(allDocs).toContain(`\`${name}\``);
			}
		},
	);

	// The messages the transport gives for every failed call (their fixed words, up to the first value).
	const transportMessages = readdirSync(join(root, 'nodes/shared/transport'))
		.map((file) => readFileSync(join(root, 'nodes/shared/transport', file), 'utf8'))
		.flatMap((source) =>
			[...source.matchAll(/message: ['`]([^'`$]+)/g)].map((match) => match[1].trim()),
		);

	test('the transport has messages to check', () => {
		expect(transportMessages.length).toBeGreaterThan(15);
	});

	test.each(transportMessages)('docs/operations.md explains the message “%s”', (message) => {
		expect(readFileSync(join(root, 'docs/operations.md'), 'utf8')).toContain(message);
	});
});
