/**
 * Input as users paste it into n8n: keys with line breaks or a "Bearer " prefix, IDs with hidden
 * characters, in capitals, as lists or empty from an expression, base URLs with a query. Each gets
 * its own message, and nothing is sent that should not be.
 */
import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Plumaa } from '../../../nodes/Plumaa/Plumaa.node';

import { byId, deleteKeys, everythingRecorded, runOperation } from '../../harness/plumaa';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';

const sandbox = useSandbox();
const [keyId] = SEED.rotationKeyIds;

describe('the API key as pasted into the credential', () => {
	test('a trailing line break or spaces are ignored: the key is sent trimmed and works', async () => {
		const { output, error } = await deleteKeys(sandbox, {
			ids: [keyId],
			apiKey: ` ${sandbox.apiKey}\n`,
		});

		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ id: keyId, deleted: true });
		expect(sandbox.apiRequests()[0].authorization).toBe(`Bearer ${sandbox.apiKey}`);
	});

	test.each([
		[
			'a line break inside',
			`${sandbox.apiKey.slice(0, 10)}\n${sandbox.apiKey.slice(10)}`,
			"'API Key' in the Plumaa API credential contains a line break or a space",
		],
		[
			'a "Bearer " prefix',
			`Bearer ${sandbox.apiKey}`,
			"'API Key' in the Plumaa API credential starts with 'Bearer '",
		],
		['nothing at all', '  ', 'The Plumaa API credential has no API key'],
	])('%s: its own message, the key not quoted, nothing sent', async (_label, apiKey, message) => {
		const result = await deleteKeys(sandbox, { ids: [keyId], apiKey });

		expect(result.error).toMatchObject({ name: 'NodeOperationError', message });
		expect(sandbox.apiRequests()).toHaveLength(0);
		expect(everythingRecorded(result)).not.toContain(sandbox.apiKey.slice(10));
	});
});

describe('IDs as expressions and pastes give them', () => {
	/** The ID as an earlier node outputs it, read by an expression: the node checks it when it runs. */
	async function deleteGiven(id: unknown) {
		return await runOperation(sandbox, {
			operation: 'delete',
			items: [{ id } as INodeParameters],
			parameters: { apiKeyId: byId('={{ $json.id }}'), options: {} },
		});
	}
	async function deleteWith(apiKeyId: string, item: INodeParameters = {}) {
		return await runOperation(sandbox, {
			operation: 'delete',
			items: [item],
			parameters: { apiKeyId: byId(apiKeyId), options: {} },
		});
	}

	test('an ID of 10 000 characters is quoted by its start and length only', async () => {
		const { error } = await deleteGiven('a'.repeat(10_000));

		expect(error?.message).toBe(
			`'API Key ID' is not a valid Plumaa ID: "${'a'.repeat(64)}…" (10000 characters)`,
		);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('an ID with a zero-width space says it holds a hidden character', async () => {
		const { error } = await deleteGiven(`${keyId.slice(0, 12)}\u200B${keyId.slice(12)}`);

		expect(error).toMatchObject({
			message: "'API Key ID' contains a hidden character (U+200B)",
			description: expect.stringContaining('Type the ID again'),
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('an ID in capitals is sent in lowercase', async () => {
		const { output } = await deleteWith(keyId.toUpperCase());

		expect(output![0].json).toMatchObject({ id: keyId, deleted: true });
		expect(sandbox.apiRequests()[0].query).toEqual({ id: keyId });
	});

	test('an expression that yields nothing says the value is empty and the field may be missing', async () => {
		const { error } = await deleteWith('={{ $json.apiKeyId }}', { somethingElse: 1 });

		expect(error).toMatchObject({
			message: "'API Key ID' is empty",
			description: expect.stringContaining(
				'the field the expression names may be missing in this item',
			),
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('an expression that yields a list says to split it into items', async () => {
		const { error } = await deleteWith('={{ $json.ids }}', {
			ids: [keyId, SEED.rotationKeyIds[1]],
		});

		expect(error).toMatchObject({
			message: "'API Key ID' is a list of 2 values, not one ID",
			description: expect.stringContaining('Split Out'),
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});

describe('IDs typed or pasted into the field itself', () => {
	/** What n8n's own parameter check says about a fixed API Key ID: shown in the editor, and it refuses the run. */
	function issuesOf(id: string): string[] {
		const plumaa = new Plumaa();
		const node: INode = {
			id: 'plumaa',
			name: 'Plumaa',
			type: 'n8n-nodes-plumaa.plumaa',
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'apiKey', operation: 'delete', apiKeyId: byId(id), options: {} },
		};
		const issues = NodeHelpers.getNodeParametersIssues(
			plumaa.description.properties,
			node,
			plumaa.description,
		);
		return issues?.parameters?.apiKeyId ?? [];
	}

	test.each([
		['a valid ID', keyId, []],
		['a valid ID in capitals, with spaces around', ` ${keyId.toUpperCase()} `, []],
		[
			'an ID of 10 000 characters',
			'a'.repeat(10_000),
			['A Plumaa ID is 24 hexadecimal characters (0-9, a-f)'],
		],
		[
			'an ID with a zero-width space',
			`${keyId.slice(0, 12)}\u200B${keyId.slice(12)}`,
			[
				'Holds a hidden character, often copied along with an ID: type the ID again',
				'A Plumaa ID is 24 hexadecimal characters (0-9, a-f)',
			],
		],
		[
			'the key’s secret instead of its ID',
			sandbox.apiKey,
			['A Plumaa ID is 24 hexadecimal characters (0-9, a-f)'],
		],
	])('%s: the field shows %j', (_label, id, expected) => {
		expect(issuesOf(id)).toEqual(expected);
	});

	test('n8n refuses to run a workflow whose fixed ID the field flags: nothing is sent', async () => {
		await expect(
			runOperation(sandbox, {
				operation: 'delete',
				parameters: { apiKeyId: byId(`${keyId}x`), options: {} },
			}),
		).rejects.toThrow('The workflow has issues');
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});

describe('the Base URL as pasted into the credential', () => {
	test('a query string is refused before the key is sent anywhere', async () => {
		const { error } = await deleteKeys(sandbox, {
			ids: [keyId],
			baseUrl: `${sandbox.baseUrl}?x=1`,
		});

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: "'Base URL' in the Plumaa API credential has a query (?) or a fragment (#)",
		});
		expect(sandbox.requests).toHaveLength(0);
	});

	test('another scheme than http(s) says so', async () => {
		const { error } = await deleteKeys(sandbox, {
			ids: [keyId],
			baseUrl: 'ftp://127.0.0.1/rest/v1',
		});

		expect(error?.message).toBe(
			`'Base URL' in the Plumaa API credential must start with http:// or https://: "ftp://127.0.0.1/rest/v1"`,
		);
	});
});
