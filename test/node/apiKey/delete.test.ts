import { outputValidator } from '../../harness/output-schema';
import { deleteKeys, everythingRecorded } from '../../harness/plumaa';
import { readingsOf } from '../../harness/readings';
import { freePort } from '../../../dev/ports';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';

const validateOutput = outputValidator('delete');

const [keyA, keyB] = SEED.rotationKeyIds;
const missingId = 'aaaaaaaaaaaaaaaaaaaaaaaa';

const sandbox = useSandbox();

function expectKeyNowhere(recorded: string, key = sandbox.apiKey): void {
	expect(recorded).not.toContain(key);
}

describe('API Key → Delete, success', () => {
	test('sends DELETE /api-key?id=<id> with the bearer key, once', async () => {
		await deleteKeys(sandbox, { ids: [keyA] });

		const requests = sandbox.apiRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'DELETE',
			path: '/rest/v1/api-key',
			query: { id: keyA },
			authorization: `Bearer ${sandbox.apiKey}`,
		});
		expect(sandbox.hasKey(keyA)).toBe(false);
	});

	test('outputs the deleted key, its organization and quota, typed, without the secret', async () => {
		const { output, error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		const item = output![0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			id: keyA,
			name: 'rotation key 1',
			enabled: true,
			deleted: true,
			createdAt: '2026-01-15T17:30:00.000Z',
			updatedAt: '2026-01-15T17:30:00.000Z',
			organization: {
				id: SEED.organization.id,
				name: SEED.organization.name,
				emailAddress: SEED.organization.emailAddress,
				logo: null,
				quota: { id: expect.any(String), API: true, nom151: 120, groupedNOM151: 40 },
				policies: { signatureRequest: { conservation: 'NOM151' } },
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
			},
		});
		expect(item.json).not.toHaveProperty('secret');
		expect(validateOutput(item.json)).toBe(true);
	});

	test('the output schema rejects output of the wrong types (the schema check can fail)', () => {
		expect(validateOutput({ id: keyA, deleted: 'yes' })).toBe(false);
		expect(validateOutput({ id: keyA, deleted: true, createdAt: 'yesterday' })).toBe(false);
		expect(
			validateOutput({
				id: keyA,
				deleted: true,
				organization: {
					id: 'x',
					name: 'n',
					emailAddress: 'e',
					quota: { API: true, nom151: '10', groupedNOM151: 1 },
				},
			}),
		).toBe(false);
	});

	test('Include Secret keeps the deleted key’s secret', async () => {
		const created = sandbox.createKey('to rotate');
		const { output } = await deleteKeys(sandbox, {
			ids: [created.id],
			options: { includeSecret: true },
		});

		expect(output![0].json.secret).toBe(created.secret);
		expect(validateOutput(output![0].json)).toBe(true);
	});

	test('trims the id before sending it', async () => {
		const { output } = await deleteKeys(sandbox, { ids: [`  ${keyB}\n`] });

		expect(output![0].json.id).toBe(keyB);
		expect(sandbox.apiRequests()[0].query).toEqual({ id: keyB });
	});
});

describe('API Key → Delete, invalid ids are rejected before any request', () => {
	test.each([
		['too short', 'abc123', '"abc123"'],
		['not hexadecimal', 'zzzzzzzzzzzzzzzzzzzzzzzz', '"zzzzzzzzzzzzzzzzzzzzzzzz"'],
		['25 characters', `${keyA}0`, `"${keyA}0"`],
		['a path injection', `${keyA}&id=${keyB}`, `"${keyA}&id=${keyB}"`],
	])('%s', async (_label, id, shown) => {
		const { output, error } = await deleteKeys(sandbox, { ids: [id] });

		expect(output).toBeUndefined();
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: `'API Key ID' is not a valid Plumaa ID: ${shown}`,
			description: expect.stringContaining('24 hexadecimal characters'),
			context: { itemIndex: 0 },
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('a Concurrency that is not a whole number from 1 to 50 is named, with no request sent', async () => {
		const { error } = await deleteKeys(sandbox, { ids: [keyA], options: { concurrency: 0 } });

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: "'Concurrency' must be a whole number from 1 to 50, not 0",
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('a custom Base URL that is not a URL is named, with no request sent', async () => {
		const { error } = await deleteKeys(sandbox, { ids: [keyA], baseUrl: 'api.plumaa.id/rest/v1' });

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: `'Base URL' in the Plumaa API credential is not a valid URL: "api.plumaa.id/rest/v1"`,
		});
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});

describe('API Key → Delete, key not found', () => {
	test.each(readingsOf('missingKeyAnswer'))(
		'fails with a clear message, $reading',
		async ({ apply }) => {
			apply(sandbox);
			const { output, error } = await deleteKeys(sandbox, { ids: [missingId] });

			expect(output).toBeUndefined();
			expect(error).toMatchObject({
				name: 'NodeApiError',
				message: `API key ${missingId} was not found`,
				description: expect.stringContaining('may already be deleted'),
				context: { itemIndex: 0 },
			});
		},
	);

	test.each(readingsOf('missingKeyAnswer'))(
		'Ignore Not Found outputs { id, deleted: false, notFound: true }, $reading',
		async ({ apply }) => {
			apply(sandbox);
			const { output, error } = await deleteKeys(sandbox, {
				ids: [missingId],
				options: { ignoreNotFound: true },
			});

			expect(error).toBeUndefined();
			expect(output!.map((item) => item.json)).toEqual([
				{ id: missingId, deleted: false, notFound: true },
			]);
			expect(validateOutput(output![0].json)).toBe(true);
		},
	);

	test('an error without a code whose message says not found counts as not found', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			body: { errors: [{ message: 'ApiKey does not exist' }] },
		});
		const { output } = await deleteKeys(sandbox, {
			ids: [keyA],
			options: { ignoreNotFound: true },
		});

		expect(output![0].json).toEqual({ id: keyA, deleted: false, notFound: true });
	});

	test('a FORBIDDEN error stays forbidden even when its message says not found', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			body: {
				errors: [
					{ message: 'Organization not found for this key', extensions: { code: 'FORBIDDEN' } },
				],
			},
		});
		const { error } = await deleteKeys(sandbox, { ids: [keyA], options: { ignoreNotFound: true } });

		expect(error).toMatchObject({
			message: 'Plumaa refused: the API key is not allowed to do this',
		});
	});

	test('re-running a rotation with Ignore Not Found does not fail', async () => {
		const first = await deleteKeys(sandbox, { ids: [keyA], options: { ignoreNotFound: true } });
		const second = await deleteKeys(sandbox, { ids: [keyA], options: { ignoreNotFound: true } });

		expect(first.output![0].json.deleted).toBe(true);
		expect(second.output![0].json).toEqual({ id: keyA, deleted: false, notFound: true });
	});
});

describe('API Key → Delete, failures become clear node errors without the API key', () => {
	test('a wrong API key (SOFA: HTTP 500 carrying UNAUTHENTICATED)', async () => {
		const wrongKey = 'sk_live_wrong_key_0123456789abcdef';
		const result = await deleteKeys(sandbox, { ids: [keyA], apiKey: wrongKey });

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa rejected the API key (authentication failed)',
			description: expect.stringContaining('Plumaa said: You must be authenticated'),
			httpCode: '500',
			context: { itemIndex: 0 },
		});
		expect(sandbox.apiRequests()[0].authorization).toBe(`Bearer ${wrongKey}`);
		expectKeyNowhere(everythingRecorded(result), wrongKey);
		expect(sandbox.hasKey(keyA)).toBe(true);
	});

	test('HTTP 401 whose message echoes the key: the key is redacted', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 401,
			body: {
				errors: [
					{
						message: `Token Bearer ${sandbox.apiKey} has expired (${sandbox.apiKey})`,
						extensions: { code: 'UNAUTHENTICATED' },
					},
				],
			},
		});
		const result = await deleteKeys(sandbox, { ids: [keyA] });

		expect(result.error).toMatchObject({
			message: 'Plumaa rejected the API key (authentication failed)',
			httpCode: '401',
			description: expect.stringContaining('[redacted]'),
		});
		expectKeyNowhere(everythingRecorded(result));
	});

	test('a key of another organization (SOFA: HTTP 500 carrying FORBIDDEN)', async () => {
		const result = await deleteKeys(sandbox, { ids: [SEED.otherOrganizationKeyId] });

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa refused: the API key is not allowed to do this',
			description: expect.stringContaining('can only manage its own organization'),
		});
		expect(sandbox.hasKey(SEED.otherOrganizationKeyId)).toBe(true);
		expectKeyNowhere(everythingRecorded(result));
	});

	test('HTTP 403 without a body', async () => {
		sandbox.addFault({ kind: 'status', status: 403, body: { errors: [{ message: 'Forbidden' }] } });
		const { error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toMatchObject({
			message: 'Plumaa refused: the API key is not allowed to do this',
			httpCode: '403',
		});
	});

	test('HTTP 400 BAD_USER_INPUT', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 400,
			body: {
				errors: [
					{ message: 'Variable "$id" got invalid value', extensions: { code: 'BAD_USER_INPUT' } },
				],
			},
		});
		const { error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toMatchObject({
			message: 'Plumaa rejected the request as invalid',
			description: expect.stringContaining('Plumaa said: Variable "$id" got invalid value'),
			httpCode: '400',
		});
	});

	test('HTTP 500 with an internal error', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			body: {
				errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
			},
		});
		const { error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toMatchObject({
			message: 'Plumaa failed to process the request (HTTP 500)',
			description: expect.stringContaining('Plumaa said: Unexpected error.'),
		});
	});

	test('an HTML 502 page from a gateway', async () => {
		sandbox.addFault({ kind: 'html', status: 502 });
		const result = await deleteKeys(sandbox, { ids: [keyA] });

		expect(result.error).toMatchObject({
			message: 'Plumaa answered HTTP 502 with an HTML page instead of JSON',
			description: expect.stringContaining('The page says "502 Bad Gateway"'),
			httpCode: '502',
		});
		expectKeyNowhere(everythingRecorded(result));
	});

	test('an empty 503', async () => {
		sandbox.addFault({ kind: 'empty', status: 503 });
		const { error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toMatchObject({
			message: 'Plumaa answered HTTP 503 with an empty body instead of JSON',
			httpCode: '503',
		});
	});

	test('a wrong base URL path (HTML 404)', async () => {
		const { error } = await deleteKeys(sandbox, {
			ids: [keyA],
			baseUrl: `${sandbox.origin}/rest/v2`,
		});

		expect(error).toMatchObject({
			message: 'Plumaa answered HTTP 404 with an HTML page instead of JSON',
			description: expect.stringContaining('Base URL'),
		});
	});

	test('a dropped connection', async () => {
		sandbox.addFault({ kind: 'drop' });
		const result = await deleteKeys(sandbox, { ids: [keyA] });

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'The connection to Plumaa closed before it answered',
			description: expect.stringContaining('may or may not have taken effect'),
			context: { itemIndex: 0 },
		});
		expectKeyNowhere(everythingRecorded(result));
	});

	test('no answer within the Timeout option', async () => {
		sandbox.addFault({ kind: 'hang' });
		const result = await deleteKeys(sandbox, { ids: [keyA], options: { timeout: 300 } });

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Plumaa did not answer within 0.3 s',
			description: expect.stringContaining("raise 'Timeout' (under Options)"),
		});
		expectKeyNowhere(everythingRecorded(result));
	});

	test('nothing listening at the base URL', async () => {
		const closedPort = await freePort();
		const result = await deleteKeys(sandbox, {
			ids: [keyA],
			baseUrl: `http://127.0.0.1:${closedPort}/rest/v1`,
		});

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: `Could not connect to Plumaa at 127.0.0.1:${closedPort}`,
			description: expect.stringContaining('ECONNREFUSED'),
		});
		expectKeyNowhere(everythingRecorded(result));
	});

	test('a 200 that is not JSON', async () => {
		sandbox.addFault({ kind: 'html', status: 200 });
		const { error } = await deleteKeys(sandbox, { ids: [keyA] });

		expect(error).toMatchObject({ message: 'Plumaa answered with an HTML page instead of JSON' });
	});
});
