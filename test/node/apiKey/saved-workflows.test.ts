/**
 * Workflows saved with 0.1.x keep running: their API Key ID is a plain string, where the editor
 * now saves a resource locator. The fixtures are the examples/ of 0.1.x, byte for byte; each
 * Plumaa node runs with its saved parameters and the input its workflow gives it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runOperation } from '../../harness/plumaa';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';

const sandbox = useSandbox();
const [keyA, keyB] = SEED.rotationKeyIds;

interface SavedNode {
	name: string;
	type: string;
	parameters: INodeParameters;
}

function savedPlumaaNode(workflow: string, nodeName: string): INodeParameters {
	const file = join(__dirname, '../../fixtures/saved-by-0.1', `${workflow}.json`);
	const { nodes } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: SavedNode[] };
	const node = nodes.find(
		(candidate) => candidate.name === nodeName && candidate.type === 'n8n-nodes-plumaa.plumaa',
	);
	if (!node) throw new Error(`${workflow}.json has no Plumaa node "${nodeName}"`);
	return node.parameters;
}

describe('workflows saved with 0.1.x, where API Key ID is a plain string', () => {
	test.each([
		// [workflow, node, the input its workflow gives the node]
		[
			'revoke-on-webhook',
			'Revoke API key',
			(id: string): IDataObject => ({ body: { apiKeyId: id } }),
		],
		['scheduled-cleanup', 'Revoke API keys', (id: string): IDataObject => ({ apiKeyId: id })],
		[
			'rotate-key-for-another-system',
			'Delete keys disabled last run',
			(id: string): IDataObject => ({ apiKeyId: id }),
		],
	])(
		'%s → "%s" still deletes the key its expression names',
		async (workflow, nodeName, inputFor) => {
			const parameters = savedPlumaaNode(workflow, nodeName);
			expect(typeof parameters.apiKeyId).toBe('string');
			const { resource, operation, ...operationParameters } = parameters;
			expect([resource, operation]).toEqual(['apiKey', 'delete']);

			const { output, error } = await runOperation(sandbox, {
				operation: 'delete',
				items: [inputFor(keyA)],
				parameters: operationParameters,
			});

			expect(error).toBeUndefined();
			expect(output?.map((item) => item.json)).toEqual([
				expect.objectContaining({ id: keyA, deleted: true }),
			]);
			expect(sandbox.hasKey(keyA)).toBe(false);
		},
	);

	test('rotate-key-for-another-system → "Disable the previous key" still disables it', async () => {
		const { resource, operation, ...operationParameters } = savedPlumaaNode(
			'rotate-key-for-another-system',
			'Disable the previous key',
		);
		expect([resource, operation, typeof operationParameters.apiKeyId]).toEqual([
			'apiKey',
			'update',
			'string',
		]);

		const { output, error } = await runOperation(sandbox, {
			operation: 'update',
			items: [{ previousKeyId: keyB }],
			parameters: operationParameters,
		});

		expect(error).toBeUndefined();
		expect(output?.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: keyB, enabled: false, updated: true }),
		]);
		expect(sandbox.isEnabled(keyB)).toBe(false);
	});

	test('a saved plain-string ID is checked like a new one: a bad one fails before any request', async () => {
		const { error } = await runOperation(sandbox, {
			operation: 'delete',
			items: [{ apiKeyId: 'not-an-id' }],
			parameters: savedPlumaaNode('scheduled-cleanup', 'Revoke API keys'),
		});

		expect(error?.message).toBe('\'API Key ID\' is not a valid Plumaa ID: "not-an-id"');
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});
