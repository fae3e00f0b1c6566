/**
 * API Key → Rotate through the real engine: the sandbox answers as Plumaa, the n8n API stand-in
 * writes into the credential store the engine reads, and every row of the rotation table is run.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { CredentialStore } from '../../harness/engine';
import { N8nApiStandIn } from '../../harness/n8n-api';
import { outputValidator } from '../../harness/output-schema';
import { everythingRecorded, runOperation, sandboxCredentials } from '../../harness/plumaa';
import { freePort } from '../../../dev/ports';
import { useSandbox } from '../../harness/sandbox-fixture';
import { SEED } from '../../../dev/sandbox/server';
import { rotatedName } from '../../../nodes/Plumaa/actions/apiKey/rotate.operation';

const validateOutput = outputValidator('rotate');
const sandbox = useSandbox();
const oldKeyId = SEED.adminKey.id;
const oldSecret = SEED.adminKey.secret;

let n8nApi: N8nApiStandIn;
let store: CredentialStore;

function newStore(n8nApiKey?: string, n8nApiUrl?: string): CredentialStore {
	return sandboxCredentials(
		sandbox,
		{ keyId: oldKeyId },
		{ baseUrl: n8nApiUrl ?? n8nApi.baseUrl, apiKey: n8nApiKey ?? n8nApi.apiKey },
	);
}

beforeAll(async () => {
	n8nApi = await new N8nApiStandIn(sandboxCredentials(sandbox)).start();
});
afterAll(async () => {
	await n8nApi.stop();
});
beforeEach(() => {
	store = newStore();
	n8nApi.store = store;
	n8nApi.requests.length = 0;
});

async function rotate(
	parameters: INodeParameters = {},
	run: { continueOnFail?: boolean; credentials?: CredentialStore } = {},
) {
	return await runOperation(sandbox, {
		operation: 'rotate',
		parameters,
		credentials: run.credentials ?? store,
		...run,
	});
}

function storedPlumaaCredential(): Record<string, unknown> {
	return store.data('1');
}

/** Every Plumaa call as "METHOD path key", where key names the secret it was made with. */
function plumaaCalls(newSecret?: string): string[] {
	return sandbox.apiRequests().map(({ method, path, authorization }) => {
		const secret = authorization?.replace('Bearer ', '');
		const who = secret === oldSecret ? 'old key' : secret === newSecret ? 'new key' : 'other key';
		return `${method} ${path.replace('/rest/v1', '')} with ${who}`;
	});
}

function expectNoSecretIn(recorded: string, ...secrets: string[]): void {
	for (const secret of secrets) expect(recorded).not.toContain(secret);
}

describe('API Key → Rotate, the whole rotation', () => {
	test('creates a key, stores it in the credential through n8n’s API, proves it, disables the old key; outputs no secret', async () => {
		const result = await rotate();

		expect(result.error).toBeUndefined();
		const output = result.output![0].json as {
			newKey: { id: string; name: string };
			oldKey: unknown;
			organization: { quota: unknown };
			credential: unknown;
		};
		const newSecret = storedPlumaaCredential().apiKey as string;
		expect(sandbox.keyIdOfSecret(newSecret)).toBe(output.newKey.id);
		expect(output).toEqual({
			newKey: {
				id: output.newKey.id,
				name: expect.stringMatching(
					/^n8n automation \(rotated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC for “Plumaa test credential”\)$/,
				),
				createdAt: expect.any(String),
			},
			oldKey: { id: oldKeyId, action: 'disable', done: true },
			organization: expect.objectContaining({
				id: SEED.organization.id,
				quota: expect.objectContaining({ nom151: 120 }),
			}),
			credential: { id: '1', name: 'Plumaa test credential' },
		});
		expect(validateOutput(output)).toBe(true);

		// The order that never leaves the credential without a working key.
		expect(plumaaCalls(newSecret)).toEqual([
			'PUT /api-key with old key',
			'POST /api-key with old key',
			'GET /organization-links with new key',
			'PUT /api-key with new key',
		]);
		expect(sandbox.apiRequests()[0].body).toEqual({ input: { id: oldKeyId } });
		expect(sandbox.apiRequests()[3].body).toEqual({ input: { id: oldKeyId, enabled: false } });
		// The new key with the old key still to retire, in one update; once it is retired, nothing pending.
		const stored = (pendingRetirement: string) => ({
			method: 'PATCH',
			path: '/api/v1/credentials/1',
			apiKey: n8nApi.apiKey,
			body: {
				data: {
					apiKey: newSecret,
					keyId: output.newKey.id,
					pendingRetirement,
					environment: 'custom',
					baseUrl: sandbox.baseUrl,
					allowedHttpRequestDomains: 'all',
				},
				isPartialData: true,
			},
		});
		expect(n8nApi.requests).toEqual([
			stored(JSON.stringify({ keyId: oldKeyId, action: 'disable' })),
			stored(''),
		]);

		expect(storedPlumaaCredential()).toMatchObject({
			keyId: output.newKey.id,
			environment: 'custom',
			baseUrl: sandbox.baseUrl,
		});
		expect(sandbox.isEnabled(oldKeyId)).toBe(false);
		expect(sandbox.hasKey(oldKeyId)).toBe(true);
		expect(sandbox.isEnabled(output.newKey.id)).toBe(true);
		expectNoSecretIn(everythingRecorded(result), oldSecret, newSecret);
	});

	test('Old Key → Delete revokes the old key; Keep leaves it working', async () => {
		await rotate({ oldKey: 'delete' });
		expect(sandbox.hasKey(oldKeyId)).toBe(false);

		sandbox.reset();
		store = newStore();
		n8nApi.store = store;
		const kept = await rotate({ oldKey: 'keep' });
		expect(kept.output![0].json.oldKey).toEqual({ id: oldKeyId, action: 'keep', done: true });
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
		expect(sandbox.apiRequests().map((request) => request.method)).toEqual(['PUT', 'POST', 'GET']);
	});

	test('New Key Name names the new key; a second run rotates again from the key the first stored', async () => {
		const first = await rotate({ newKeyName: 'n8n automation 2026-11' });
		const firstKey = first.output![0].json.newKey as { id: string; name: string };
		expect(firstKey.name).toBe('n8n automation 2026-11');

		const second = await rotate();
		const secondOutput = second.output![0].json as {
			newKey: { id: string; name: string };
			oldKey: { id: string };
		};
		expect(secondOutput.oldKey).toMatchObject({ id: firstKey.id, done: true });
		expect(secondOutput.newKey.name).toMatch(
			/^n8n automation 2026-11 \(rotated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC for “Plumaa test credential”\)$/,
		);
		expect(storedPlumaaCredential().keyId).toBe(secondOutput.newKey.id);
		expect([
			sandbox.isEnabled(oldKeyId),
			sandbox.isEnabled(firstKey.id),
			sandbox.isEnabled(secondOutput.newKey.id),
		]).toEqual([false, false, true]);
	});

	test('two runs at once on one credential run one after the other: no key lost, the credential ends on a working key', async () => {
		const [a, b] = await Promise.all([rotate(), rotate()]);

		expect([a.error, b.error]).toEqual([undefined, undefined]);
		const keyA = (a.output![0].json.newKey as { id: string }).id;
		const keyB = (b.output![0].json.newKey as { id: string }).id;
		const oldKeys = [a, b].map((run) => (run.output![0].json.oldKey as { id: string }).id).sort();
		// One rotated the original key, the other the key the first stored.
		expect(oldKeys).toEqual(
			[oldKeyId, keyA, keyB].filter((id) => id !== storedPlumaaCredential().keyId).sort(),
		);
		const held = storedPlumaaCredential().keyId as string;
		expect(sandbox.isEnabled(held)).toBe(true);
		expect(sandbox.keyIdOfSecret(storedPlumaaCredential().apiKey as string)).toBe(held);
		expect(sandbox.isEnabled(oldKeyId)).toBe(false);
	});
});

describe('API Key → Rotate, nothing changes when a step before storing fails', () => {
	test.each([
		['no API Key ID', {}, "The Plumaa credential “Plumaa test credential” has no 'API Key ID'"],
		[
			'a malformed API Key ID',
			{ keyId: 'abc' },
			'\'API Key ID\' of the Plumaa credential “Plumaa test credential” is not a valid Plumaa ID: "abc"',
		],
	])('%s: fails before any request, saying how to fill it', async (_label, overrides, message) => {
		const credentials = sandboxCredentials(
			sandbox,
			{ keyId: undefined, ...overrides },
			{ baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey },
		);
		const { error } = await rotate({}, { credentials });

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message,
			description: expect.stringContaining('Open the credential'),
		});
		expect(error?.description).toContain('Nothing was changed');
		expect(sandbox.apiRequests()).toHaveLength(0);
		expect(n8nApi.requests).toHaveLength(0);
	});

	test('an API Key ID that is not the ID of the stored secret’s key: fails after the read, nothing created', async () => {
		const credentials = sandboxCredentials(
			sandbox,
			{ keyId: SEED.rotationKeyIds[0] },
			{ baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey },
		);
		const { error } = await rotate({}, { credentials });

		expect(error).toMatchObject({
			message:
				"'API Key ID' of the Plumaa credential “Plumaa test credential” is not the ID of its key",
		});
		expect(sandbox.apiRequests().map((request) => request.method)).toEqual(['PUT']);
		expect(n8nApi.requests).toHaveLength(0);
		expectNoSecretIn(JSON.stringify(error), oldSecret, sandbox.createKey().secret);
	});

	test('an API Key ID that Plumaa does not know: fails, nothing created', async () => {
		const credentials = sandboxCredentials(
			sandbox,
			{ keyId: 'eeeeeeeeeeeeeeeeeeeeeeee' },
			{ baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey },
		);
		const { error } = await rotate({}, { credentials });

		expect(error).toMatchObject({
			message: 'The key of the Plumaa credential “Plumaa test credential” was not found',
		});
		expect(n8nApi.requests).toHaveLength(0);
	});

	test('create fails: nothing changed, the error is Plumaa’s', async () => {
		sandbox.addFault({ kind: 'html', status: 502, on: { method: 'POST', path: '/api-key' } });
		const { error } = await rotate();

		expect(error).toMatchObject({
			message: 'Plumaa answered HTTP 502 with an HTML page instead of JSON',
		});
		expect(n8nApi.requests).toHaveLength(0);
		expect(storedPlumaaCredential()).toMatchObject({ apiKey: oldSecret, keyId: oldKeyId });
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
		expect(sandbox.apiRequests().map((request) => request.method)).toEqual(['PUT', 'POST']);
	});

	test('create gets no answer: says a key named "…" may exist, that the credential still holds its key, and how to find it', async () => {
		sandbox.addFault({ kind: 'drop', on: { method: 'POST', path: '/api-key' } });
		const { error } = await rotate({ newKeyName: 'n8n 2026-12' });

		expect(error?.description).toContain('A key named "n8n 2026-12" may have been created anyway');
		expect(error?.description).toContain('the credential still holds its key');
		expect(n8nApi.requests).toHaveLength(0);
	});
});

describe('API Key → Rotate, storing into n8n fails: the new key is deleted, the credential and the old key are untouched', () => {
	/** Each case sets up its failure and returns the start of the message it expects. */
	const cases: Array<[string, () => Promise<string>]> = [
		[
			'a wrong n8n API key (401)',
			async () => {
				store = newStore('n8n_wrong_key');
				return 'n8n did not store the new key: n8n rejected the n8n API key';
			},
		],
		[
			'a key without credential:update (403)',
			async () => {
				n8nApi.failNextUpdate({ status: 403, body: { message: 'Forbidden' } });
				return 'n8n did not store the new key: The n8n API key may not update the Plumaa credential';
			},
		],
		[
			'n8n without credential updates (405)',
			async () => {
				n8nApi.failNextUpdate({ status: 405, body: { message: 'Method Not Allowed' } });
				return 'n8n did not store the new key: This n8n does not accept credential updates through its public API (HTTP 405)';
			},
		],
		[
			'the public API switched off (an HTML page)',
			async () => {
				n8nApi.failNextUpdate({ status: 404, html: true });
				return `n8n did not store the new key: n8n’s public API did not answer at ${n8nApi.baseUrl}/credentials/1`;
			},
		],
		[
			'n8n down',
			async () => {
				store = newStore(undefined, `http://127.0.0.1:${await freePort()}/api/v1`);
				return 'n8n did not store the new key: Could not reach n8n at 127.0.0.1:';
			},
		],
	];

	test.each(cases)('%s', async (_label, setUp) => {
		const message = await setUp();
		n8nApi.store = store;
		const result = await rotate();

		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(String(result.error?.message)).toContain(message);
		expect(result.error?.description).toMatch(
			/The new key [0-9a-f]{24} was deleted again\. The credential and its key 65a1f0c2e4b0a1b2c3d4e5f0 are as they were\./,
		);
		const created = sandbox.apiRequests().find((request) => request.method === 'POST');
		const deleted = sandbox.apiRequests().find((request) => request.method === 'DELETE');
		expect(created).toBeDefined();
		expect(sandbox.hasKey(deleted!.query.id)).toBe(false);
		expect(plumaaCalls()).toEqual([
			'PUT /api-key with old key',
			'POST /api-key with old key',
			'DELETE /api-key with old key',
		]);
		expect(storedPlumaaCredential()).toMatchObject({ apiKey: oldSecret, keyId: oldKeyId });
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
		expectNoSecretIn(everythingRecorded(result), oldSecret);
	});

	test('n8n’s 400 names n8n’s reason, without the secrets n8n echoes', async () => {
		n8nApi.failNextUpdate({ status: 400, echoData: true });
		const result = await rotate();

		const sent = (n8nApi.requests[0].body as { data: { apiKey: string } }).data.apiKey;
		expect(sent).toMatch(/^sk_sandbox_/);
		expect(result.error).toMatchObject({
			message: 'n8n did not store the new key: n8n refused the new data for the Plumaa credential',
		});
		expect(result.error?.description).toContain(
			'n8n said: request.body.data {"apiKey":"[redacted]"',
		);
		expectNoSecretIn(everythingRecorded(result), oldSecret, sent);
	});
});

describe('API Key → Rotate, the stored credential does not work', () => {
	test('puts the old key back into the credential and deletes the new key; the error says so', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			on: { method: 'GET', path: '/organization-links' },
			body: {
				errors: [
					{
						message: 'You must be authenticated to perform this action.',
						extensions: { code: 'UNAUTHENTICATED' },
					},
				],
			},
		});
		const result = await rotate();

		expect(result.error).toMatchObject({
			message:
				'The new key did not work from the credential: Plumaa rejected the API key (authentication failed)',
			description: expect.stringContaining(
				`The credential holds its old key ${oldKeyId} again. The new key`,
			),
		});
		expect(result.error?.description).toContain('was deleted again.');
		expect(
			n8nApi.requests.map((request) => (request.body as { data: { keyId: string } }).data.keyId),
		).toEqual([expect.not.stringMatching(oldKeyId), oldKeyId]);
		expect(storedPlumaaCredential()).toMatchObject({ apiKey: oldSecret, keyId: oldKeyId });
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
		const createdId = (n8nApi.requests[0].body as { data: { keyId: string } }).data.keyId;
		expect(sandbox.hasKey(createdId)).toBe(false);
		expectNoSecretIn(everythingRecorded(result), oldSecret);
	});
});

test('a check that answers nothing is no proof: the old key goes back', async () => {
	sandbox.addFault({
		kind: 'status',
		status: 200,
		body: null,
		on: { method: 'GET', path: '/organization-links' },
	});
	const { error } = await rotate();

	expect(error).toMatchObject({
		message: 'The new key did not work from the credential: Plumaa answered the check with nothing',
	});
	expect(storedPlumaaCredential()).toMatchObject({ apiKey: oldSecret, keyId: oldKeyId });
	expect(sandbox.isEnabled(oldKeyId)).toBe(true);
});

describe('API Key → Rotate, retiring the old key fails: the rotation stands', () => {
	/** Lets the first PUT (the read of the old key) through and fails the second (the disabling). */
	async function rotateWithFailingDisable(run: { continueOnFail?: boolean } = {}) {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			on: { method: 'PUT', path: '/api-key', skip: 1 },
			body: {
				errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
			},
		});
		return await rotate({}, run);
	}

	test('the item fails with a message that the old key is still active and what to do', async () => {
		const { error, output } = await rotateWithFailingDisable();

		expect(output).toBeUndefined();
		expect(error).toMatchObject({
			message: `Rotated, but the old key ${oldKeyId} is still active: Plumaa failed to process the request (HTTP 500)`,
			description: expect.stringContaining(`Disable the old key ${oldKeyId} with API Key → Update`),
		});
		expect(error?.description).toContain('The credential holds the new key');
		const held = storedPlumaaCredential().keyId as string;
		expect(held).not.toBe(oldKeyId);
		expect(sandbox.isEnabled(held)).toBe(true);
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
	});

	test('under continue-on-fail the output item carries the rotation with oldKey.done false and the reason', async () => {
		const result = await rotateWithFailingDisable({ continueOnFail: true });

		expect(result.error).toBeUndefined();
		const json = result.output![0].json as {
			oldKey: unknown;
			newKey: { id: string };
			error: string;
		};
		expect(json.oldKey).toEqual({
			id: oldKeyId,
			action: 'disable',
			done: false,
			error: 'Plumaa failed to process the request (HTTP 500)',
		});
		expect(json.error).toBe(
			`Rotated, but the old key ${oldKeyId} is still active: Plumaa failed to process the request (HTTP 500)`,
		);
		expect(json.newKey.id).toBe(storedPlumaaCredential().keyId);
		expect(validateOutput(json)).toBe(true);
		expect(result.output![0].pairedItem).toEqual({ item: 0 });
	});

	test('Old Key → Delete of a key that is already gone counts as done', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 200,
			body: null,
			on: { method: 'DELETE', path: '/api-key' },
		});
		const { output, error } = await rotate({ oldKey: 'delete' });

		expect(error).toBeUndefined();
		expect(output![0].json.oldKey).toEqual({ id: oldKeyId, action: 'delete', done: true });
	});
});

describe('API Key → Rotate, resumable: what an interrupted rotation leaves, the next one finishes', () => {
	const pendingOf = () => JSON.parse(String(storedPlumaaCredential().pendingRetirement || 'null'));

	test('the update that stores the new key also records the old key to retire; a finished rotation clears it', async () => {
		const { output } = await rotate({ oldKey: 'delete' });
		const newKeyId = (output![0].json.newKey as { id: string }).id;

		const patches = n8nApi.requests.filter((request) => request.method === 'PATCH');
		expect(patches.map((patch) => (patch.body as { data: Record<string, unknown> }).data)).toEqual([
			expect.objectContaining({
				keyId: newKeyId,
				pendingRetirement: JSON.stringify({ keyId: oldKeyId, action: 'delete' }),
			}),
			expect.objectContaining({ keyId: newKeyId, pendingRetirement: '' }),
		]);
		expect(pendingOf()).toBeNull();
		expect(output![0].json).not.toHaveProperty('resumed');
	});

	test('Old Key → Keep records nothing to retire', async () => {
		await rotate({ oldKey: 'keep' });
		expect(pendingOf()).toBeNull();
		expect(n8nApi.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
	});

	test('stopped after the store (the old key never retired): the next Rotate retires it first, says so, and one key of the chain is active', async () => {
		// What a run killed between the store and the retirement leaves: here the retirement fails instead.
		sandbox.addFault({
			kind: 'status',
			status: 500,
			on: { method: 'PUT', path: '/api-key', skip: 1 },
			body: { errors: [{ message: 'Unexpected error.' }] },
		});
		const interrupted = await rotate({}, { continueOnFail: true });
		const firstKeyId = (interrupted.output![0].json.newKey as { id: string }).id;
		expect(pendingOf()).toEqual({ keyId: oldKeyId, action: 'disable' });
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);

		const next = await rotate();
		expect(next.error).toBeUndefined();
		const output = next.output![0].json as { resumed: unknown; newKey: { id: string } };
		expect(output.resumed).toEqual({ id: oldKeyId, action: 'disable', done: true });
		expect(validateOutput(output)).toBe(true);
		expect([oldKeyId, firstKeyId, output.newKey.id].map((id) => sandbox.isEnabled(id))).toEqual([
			false,
			false,
			true,
		]);
		expect(storedPlumaaCredential().keyId).toBe(output.newKey.id);
		expect(pendingOf()).toBeNull();
	});

	test('a recorded retirement of the key the credential holds is never carried out', async () => {
		store = sandboxCredentials(
			sandbox,
			{
				keyId: oldKeyId,
				pendingRetirement: JSON.stringify({ keyId: oldKeyId, action: 'delete' }),
			},
			{ baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey },
		);
		n8nApi.store = store;
		const { output, error } = await rotate({ oldKey: 'keep' });
		expect(error).toBeUndefined();
		expect(output![0].json).not.toHaveProperty('resumed');
		expect(sandbox.isEnabled(oldKeyId)).toBe(true);
	});

	test('the recorded retirement fails again: nothing else is done, and the message says what is left', async () => {
		const waiting = SEED.rotationKeyIds[0];
		store = sandboxCredentials(
			sandbox,
			{ keyId: oldKeyId, pendingRetirement: JSON.stringify({ keyId: waiting, action: 'disable' }) },
			{ baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey },
		);
		n8nApi.store = store;
		sandbox.addFault({ kind: 'status', status: 500, on: { method: 'PUT', path: '/api-key' } });
		const { error } = await rotate();
		expect(error?.message).toBe(
			`An earlier rotation left key ${waiting} to disable, and that failed: Plumaa failed to process the request (HTTP 500)`,
		);
		expect(error?.description).toContain(`the credential holds its working key ${oldKeyId}`);
		expect(plumaaCalls()).toEqual(['PUT /api-key with old key']);
		expect(n8nApi.requests).toEqual([]);
	});
});

describe('the name of a rotated key', () => {
	test.each([
		['billing', 'billing'],
		['billing (rotated 2026-10-01)', 'billing'],
		['billing (rotated 2026-10-01 09:00 UTC for “ERP (prod)”)', 'billing'],
	])('%s → the base name, the minute and the credential', (old, base) => {
		expect(rotatedName(old, new Date('2026-11-29T14:03:59Z'), 'ERP (prod)')).toBe(
			`${base} (rotated 2026-11-29 14:03 UTC for “ERP (prod)”)`,
		);
	});
});
