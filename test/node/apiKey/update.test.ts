import type { INodeParameters } from 'n8n-workflow';
import axios from 'axios';

import { outputValidator } from '../../harness/output-schema';
import { byId, everythingRecorded, runOperation } from '../../harness/plumaa';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';

const validateOutput = outputValidator('update');
const sandbox = useSandbox();
const missingId = 'dddddddddddddddddddddddd';

/** The ID comes from the input item, as in most workflows: the node checks it when it runs. */
async function update(
	apiKeyId: string,
	updateFields: INodeParameters,
	options: INodeParameters = {},
) {
	return await runOperation(sandbox, {
		operation: 'update',
		items: [{ apiKeyId }],
		parameters: { apiKeyId: byId('={{ $json.apiKeyId }}'), updateFields, options },
	});
}

async function plumaaAccepts(secret: string): Promise<boolean> {
	const call = await axios.get(`${sandbox.baseUrl}/organization-links`, {
		headers: { Authorization: `Bearer ${secret}` },
		validateStatus: () => true,
	});
	return call.status === 200;
}

describe('API Key → Update', () => {
	test('Enabled off disables the key without deleting it: Plumaa then rejects it; Enabled on brings it back', async () => {
		const key = sandbox.createKey('partner');

		const disabled = await update(key.id, { enabled: false });

		expect(sandbox.apiRequests()[0]).toMatchObject({
			method: 'PUT',
			path: '/rest/v1/api-key',
			body: { input: { id: key.id, enabled: false } },
			authorization: `Bearer ${sandbox.apiKey}`,
		});
		expect(disabled.output![0].json).toMatchObject({
			id: key.id,
			name: 'partner',
			enabled: false,
			updated: true,
		});
		expect(disabled.output![0].json).not.toHaveProperty('secret');
		expect(validateOutput(disabled.output![0].json)).toBe(true);
		expect(sandbox.hasKey(key.id)).toBe(true);
		expect(await plumaaAccepts(key.secret)).toBe(false);

		const enabled = await update(key.id, { enabled: true });
		expect(enabled.output![0].json).toMatchObject({ enabled: true, updated: true });
		expect(await plumaaAccepts(key.secret)).toBe(true);
		expect(everythingRecorded(enabled)).not.toContain(key.secret);
	});

	test('renames a key (name trimmed), sending only what changes', async () => {
		const [keyId] = SEED.rotationKeyIds;
		const { output } = await update(keyId, { name: '  billing (old) ' });

		expect(sandbox.apiRequests()[0].body).toEqual({ input: { id: keyId, name: 'billing (old)' } });
		expect(output![0].json).toMatchObject({
			id: keyId,
			name: 'billing (old)',
			enabled: true,
			updated: true,
		});
		expect(validateOutput(output![0].json)).toBe(true);
	});

	test('Include Secret keeps the secret Plumaa returns', async () => {
		const key = sandbox.createKey('with secret');
		const { output } = await update(key.id, { name: 'renamed' }, { includeSecret: true });

		expect(output![0].json.secret).toBe(key.secret);
		expect(validateOutput(output![0].json)).toBe(true);
	});

	test.each([
		['no field to update', SEED.rotationKeyIds[0], {}, 'Nothing to update'],
		['an empty name', SEED.rotationKeyIds[0], { name: ' ' }, "'Name' is empty"],
		[
			'Enabled that is not a boolean',
			SEED.rotationKeyIds[0],
			{ enabled: 'no' },
			'\'Enabled\' must be true or false, not "no"',
		],
		[
			'a malformed API Key ID',
			'key-1',
			{ enabled: false },
			'\'API Key ID\' is not a valid Plumaa ID: "key-1"',
		],
	])('%s fails the item before any request', async (_label, apiKeyId, fields, message) => {
		const { error } = await update(apiKeyId, fields);

		expect(error).toMatchObject({ name: 'NodeOperationError', message, context: { itemIndex: 0 } });
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('a key that does not exist fails like Delete’s, naming the key', async () => {
		const { error } = await update(missingId, { enabled: false });

		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: `API key ${missingId} was not found`,
			description: expect.stringContaining("Turn on 'Ignore Not Found'"),
			httpCode: '404',
		});
	});

	test('Ignore Not Found outputs { id, updated: false, notFound: true }', async () => {
		const { output, error } = await update(missingId, { enabled: false }, { ignoreNotFound: true });

		expect(error).toBeUndefined();
		expect(output![0].json).toEqual({ id: missingId, updated: false, notFound: true });
		expect(validateOutput(output![0].json)).toBe(true);
	});

	test('a key of another organization is refused and stays as it was', async () => {
		const { error } = await update(SEED.otherOrganizationKeyId, { enabled: false });

		expect(error).toMatchObject({
			message: 'Plumaa refused: the API key is not allowed to do this',
		});
	});
});
