import type { INodeParameters } from 'n8n-workflow';
import axios from 'axios';

import { outputValidator } from '../../harness/output-schema';
import { byId, everythingRecorded, runOperation, sandboxCredentials } from '../../harness/plumaa';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';

const validateOutput = outputValidator('create');
const sandbox = useSandbox();

async function create(
	name: string,
	organizationId: string = SEED.organization.id,
	options: INodeParameters = {},
) {
	return await runOperation(sandbox, {
		operation: 'create',
		items: [{ name, organizationId }],
		parameters: {
			name: '={{ $json.name }}',
			organizationId: byId('={{ $json.organizationId }}'),
			options,
		},
	});
}

describe('API Key → Create', () => {
	test('sends POST /api-key { input: { name, organization } } once and outputs the new key with its secret, typed', async () => {
		const { output, error } = await create('  billing system 2026-11 ');

		expect(error).toBeUndefined();
		const requests = sandbox.apiRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: '/rest/v1/api-key',
			authorization: `Bearer ${sandbox.apiKey}`,
			body: { input: { name: 'billing system 2026-11', organization: SEED.organization.id } },
		});
		const key = output![0].json;
		expect(output![0].pairedItem).toEqual({ item: 0 });
		expect(key).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f]{24}$/),
			name: 'billing system 2026-11',
			enabled: true,
			secret: expect.stringMatching(/^sk_sandbox_/),
			organization: {
				id: SEED.organization.id,
				quota: { API: true, nom151: 120, groupedNOM151: 40 },
			},
		});
		expect(validateOutput(key)).toBe(true);
		expect(validateOutput({ ...key, secret: undefined })).toBe(false);

		// The secret works: Plumaa accepts calls made with it.
		const call = await axios.get(`${sandbox.baseUrl}/organization-links`, {
			headers: { Authorization: `Bearer ${key.secret as string}` },
			validateStatus: () => true,
		});
		expect(call.status).toBe(200);
	});

	test.each([
		['an empty name', '', SEED.organization.id, "'Name' is empty"],
		['a name of spaces', '   ', SEED.organization.id, "'Name' is empty"],
		[
			'a name over 200 characters',
			'x'.repeat(201),
			SEED.organization.id,
			"'Name' is longer than 200 characters",
		],
		[
			'a malformed organization ID',
			'ok',
			'64b7f0a1',
			'\'Organization ID\' is not a valid Plumaa ID: "64b7f0a1"',
		],
	])('%s fails the item before any request', async (_label, name, organizationId, message) => {
		const { error } = await create(name, organizationId);

		expect(error).toMatchObject({ name: 'NodeOperationError', message, context: { itemIndex: 0 } });
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('another organization: Plumaa’s FORBIDDEN (HTTP 500) becomes the refusal message', async () => {
		const { error } = await create('intruder', SEED.otherOrganization.id);

		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa refused: the API key is not allowed to do this',
			description: expect.stringContaining('can only manage its own organization'),
		});
	});

	test.each([
		['a timeout', { kind: 'hang' as const }, 'Plumaa did not answer within 0.3 s'],
		[
			'a dropped connection',
			{ kind: 'drop' as const },
			'The connection to Plumaa closed before it answered',
		],
	])(
		'%s is not retried, and says a key named "…" may exist and how to find it',
		async (_label, fault, message) => {
			sandbox.addFault(fault);
			const { error } = await create('payroll', SEED.organization.id, { timeout: 300 });

			expect(error).toMatchObject({
				name: 'NodeApiError',
				message,
				description: expect.stringContaining('A key named "payroll" may have been created anyway'),
			});
			expect(error?.description).toContain('organization → API keys');
			expect(sandbox.apiRequests()).toHaveLength(1);
		},
	);

	test('only a 429 is retried: one key is created', async () => {
		sandbox.addFault({ kind: 'rateLimit', retryAfter: '0' });
		const { output } = await create('limited');

		expect(output![0].json).toMatchObject({ name: 'limited' });
		expect(sandbox.apiRequests().map((request) => request.method)).toEqual(['POST', 'POST']);
	});

	test('a 500 with an internal error is not retried and names Plumaa’s words, without the credential’s key', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			body: {
				errors: [
					{
						message: `Key ${sandbox.apiKey} hit a bug`,
						extensions: { code: 'INTERNAL_SERVER_ERROR' },
					},
				],
			},
		});
		const result = await runOperation(sandbox, {
			operation: 'create',
			parameters: { name: 'n', organizationId: byId(SEED.organization.id) },
			credentials: sandboxCredentials(sandbox),
		});

		expect(result.error).toMatchObject({
			message: 'Plumaa failed to process the request (HTTP 500)',
			description: expect.stringContaining('[redacted]'),
		});
		expect(everythingRecorded(result)).not.toContain(sandbox.apiKey);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});
});
