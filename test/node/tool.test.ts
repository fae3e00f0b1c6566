/**
 * The node as an AI Agent's tool (n8n runs it under the type `n8n-nodes-plumaa.plumaaTool`): what it answers
 * goes to the model's provider, so no secret is ever in it; operations that change, revoke or rotate keys
 * are not given to an agent; every operation a model is offered says what it does and changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { SEED } from '../../dev/sandbox/server';
import { resources } from '../../nodes/Plumaa/actions/router';
import { SECRET_WITHHELD_NOTICE, TOOL_ENTRIES } from '../../nodes/Plumaa/actions/toolDescriptions';
import { Plumaa } from '../../nodes/Plumaa/Plumaa.node';
import { byId, everythingRecorded, runOperation } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();

describe('API Key → Create as a tool', () => {
	test('the key is created; the answer has its ID and no secret, says why, and the secret is nowhere in the run', async () => {
		const result = await runOperation(sandbox, {
			operation: 'create',
			asTool: true,
			parameters: {
				name: 'made by an agent',
				organizationId: byId(SEED.organization.id),
				options: { includeSecret: true },
			},
		});

		expect(result.error).toBeUndefined();
		const [item] = result.output!.map((output) => output.json);
		expect(item).toMatchObject({
			name: 'made by an agent',
			secretWithheld: true,
			notice: SECRET_WITHHELD_NOTICE,
		});
		expect(item).not.toHaveProperty('secret');
		const secret = sandbox.secretOf(item.id as string);
		expect(secret).toEqual(expect.any(String));
		expect(everythingRecorded(result)).not.toContain(secret);
	});

	test('the same operation outside an agent still hands the secret on (handing it on is its point)', async () => {
		const { output } = await runOperation(sandbox, {
			operation: 'create',
			parameters: { name: 'made by a workflow', organizationId: byId(SEED.organization.id) },
		});
		const [item] = output!.map((entry) => entry.json);
		expect(item.secret).toBe(sandbox.secretOf(item.id as string));
	});
});

describe('operations not given to an agent', () => {
	test.each([
		['delete', 'Delete API key', { apiKeyId: byId(SEED.rotationKeyIds[0]) }],
		[
			'update',
			'Update API key',
			{ apiKeyId: byId(SEED.rotationKeyIds[0]), updateFields: { enabled: false } },
		],
		['rotate', 'Rotate credential API key', {}],
	] as const)(
		'API Key → %s fails in a tool run, saying why, before anything is sent',
		async (operation, action, parameters) => {
			const { error } = await runOperation(sandbox, { operation, asTool: true, parameters });
			expect(error?.message).toBe(`${action} is not offered to AI agents`);
			expect(String(error?.description)).toContain('Use the Plumaa node itself, outside an agent');
			expect(sandbox.apiRequests()).toEqual([]);
			expect(sandbox.isEnabled(SEED.rotationKeyIds[0])).toBe(true);
		},
	);
});

describe('a read as a tool', () => {
	test('Witness → Verify answers as it does in a workflow', async () => {
		const { output, error } = await runOperation(sandbox, {
			resource: 'witness',
			operation: 'verify',
			asTool: true,
			parameters: {
				source: 'hash',
				hash: 'a'.repeat(64),
				organizationId: byId(SEED.organization.id),
			},
		});
		expect(error).toBeUndefined();
		expect(output?.[0].json).toMatchObject({ hash: 'a'.repeat(64), witnessed: false });
	});
});

describe('the tool variant’s description', () => {
	const replacements = (
		new Plumaa().description.usableAsTool as {
			replacements: {
				description: string;
				properties: Array<{
					name: string;
					options?: unknown;
					displayOptions?: { show?: { resource?: string[] } };
					default?: unknown;
				}>;
			};
		}
	).replacements;

	test('every operation of every resource has its entry: a description for a model, or why it is refused', () => {
		const keys = resources.flatMap((resource) =>
			resource.operations.map((operation) => `${resource.value}/${operation.value}`),
		);
		expect(Object.keys(TOOL_ENTRIES).sort()).toEqual(keys.sort());
	});

	test('offers only the operations an agent is given, each action the entry’s, with a default among them', () => {
		const dropdowns = replacements.properties.filter((property) => property.name === 'operation');
		expect(dropdowns).toHaveLength(resources.length);
		for (const dropdown of dropdowns) {
			const resource = dropdown.displayOptions?.show?.resource?.[0];
			const options = dropdown.options as INodePropertyOptions[];
			for (const option of options)
				expect(option.action).toBe(
					(TOOL_ENTRIES[`${resource}/${String(option.value)}`] as { action: string }).action,
				);
			expect(options.map((option) => option.value)).toContain(dropdown.default);
		}
		const apiKey = dropdowns.find(
			(dropdown) => dropdown.displayOptions?.show?.resource?.[0] === 'apiKey',
		);
		expect((apiKey?.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'create',
		]);
		expect(replacements.description).toContain('never returns API key secrets');
	});
});

describe('the ask-about-a-document example', () => {
	test('describes each Plumaa tool to the model with the node’s own entry for its operation', () => {
		const example = JSON.parse(
			readFileSync(join(__dirname, '../../examples/ask-about-a-document.json'), 'utf8'),
		) as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
		const tools = example.nodes.filter((node) => node.type === 'n8n-nodes-plumaa.plumaaTool');
		expect(tools.length).toBeGreaterThan(0);
		for (const { parameters } of tools) {
			const entry = TOOL_ENTRIES[`${String(parameters.resource)}/${String(parameters.operation)}`];
			expect(parameters).toMatchObject({
				descriptionType: 'manual',
				toolDescription: (entry as { action: string }).action,
			});
		}
	});
});
