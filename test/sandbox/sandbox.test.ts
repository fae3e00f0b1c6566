/**
 * The sandbox answers like Plumaa (see ../shared notes: SOFA errors, 400 for malformed ids, null for
 * missing keys) and its switches work over HTTP too, for runs where it lives in another process.
 */
import axios from 'axios';

import { useSandbox } from '../harness/sandbox-fixture';
import { SEED } from '../../dev/sandbox/server';

const sandbox = useSandbox();

function client(apiKey = sandbox.apiKey) {
	return axios.create({
		baseURL: sandbox.baseUrl,
		headers: { Authorization: `Bearer ${apiKey}` },
		validateStatus: () => true,
	});
}

test('API keys: create, update, delete, then null for the missing key', async () => {
	const created = await client().post('/api-key', {
		input: { name: 'ci', organization: SEED.organization.id },
	});
	expect(created.status).toBe(200);
	expect(created.data).toMatchObject({
		name: 'ci',
		enabled: true,
		secret: expect.stringMatching(/^sk_sandbox_/),
		organization: { id: SEED.organization.id },
	});

	const updated = await client().put('/api-key', {
		input: { id: created.data.id, enabled: false },
	});
	expect(updated.data).toMatchObject({ id: created.data.id, enabled: false });

	expect(
		(await client().delete('/api-key', { params: { id: created.data.id } })).data,
	).toMatchObject({ id: created.data.id });
	const again = await client().delete('/api-key', { params: { id: created.data.id } });
	expect([again.status, again.data]).toEqual([200, null]);
});

test('fails the way Plumaa does', async () => {
	const unknownKey = await client('nope').delete('/api-key', {
		params: { id: SEED.rotationKeyIds[0] },
	});
	expect(unknownKey.status).toBe(500);
	expect(unknownKey.data.errors[0].extensions.code).toBe('UNAUTHENTICATED');

	const malformed = await client().delete('/api-key', { params: { id: 'xyz' } });
	expect(malformed.status).toBe(400);
	expect(malformed.data.errors[0].extensions.code).toBe('BAD_USER_INPUT');

	const otherOrganization = await client().delete('/api-key', {
		params: { id: SEED.otherOrganizationKeyId },
	});
	expect([otherOrganization.status, otherOrganization.data.errors[0].extensions.code]).toEqual([
		500,
		'FORBIDDEN',
	]);

	const unknownRoute = await client().get('/nowhere');
	expect(unknownRoute.status).toBe(404);
	expect(unknownRoute.headers['content-type']).toContain('text/html');
});

test('switches over HTTP: faults, settings, request log and reset', async () => {
	const control = axios.create({ baseURL: `${sandbox.origin}/__sandbox` });
	await control.post('/faults', { kind: 'rateLimit', retryAfter: '7', times: 2 });
	await control.post('/settings', { missingKeyAnswer: 'notFoundError', nom151: 3 });

	const limited = await client().delete('/api-key', { params: { id: SEED.rotationKeyIds[0] } });
	expect([limited.status, limited.headers['retry-after']]).toEqual([429, '7']);
	expect(
		(await client().delete('/api-key', { params: { id: SEED.rotationKeyIds[0] } })).status,
	).toBe(429);
	const deleted = await client().delete('/api-key', { params: { id: SEED.rotationKeyIds[0] } });
	expect(deleted.data.organization.quota.nom151).toBe(3);
	const missing = await client().delete('/api-key', { params: { id: SEED.rotationKeyIds[0] } });
	expect([missing.status, missing.data.errors[0].extensions.code]).toEqual([500, 'NOT_FOUND']);

	const { data: requests } = await control.get('/requests');
	expect(requests).toHaveLength(4);
	expect(requests[0]).toMatchObject({
		method: 'DELETE',
		query: { id: SEED.rotationKeyIds[0] },
		authorization: `Bearer ${sandbox.apiKey}`,
	});

	await control.post('/reset');
	expect(sandbox.hasKey(SEED.rotationKeyIds[0])).toBe(true);
	expect(sandbox.apiRequests()).toHaveLength(0);
});

test('rejects disabled and deleted keys as Plumaa does (HTTP 500 carrying UNAUTHENTICATED); a created key works', async () => {
	const created = await client().post('/api-key', {
		input: { name: 'short-lived', organization: SEED.organization.id },
	});
	const secret = created.data.secret as string;
	expect((await client(secret).get('/organization-links')).status).toBe(200);

	await client().put('/api-key', { input: { id: created.data.id, enabled: false } });
	const disabled = await client(secret).get('/organization-links');
	expect([disabled.status, disabled.data.errors[0].extensions.code]).toEqual([
		500,
		'UNAUTHENTICATED',
	]);

	await client().delete('/api-key', { params: { id: created.data.id } });
	const deleted = await client(secret).get('/organization-links');
	expect([deleted.status, deleted.data.errors[0].extensions.code]).toEqual([
		500,
		'UNAUTHENTICATED',
	]);

	const otherOrganization = await client().post('/api-key', {
		input: { name: 'x', organization: SEED.otherOrganization.id },
	});
	expect([otherOrganization.status, otherOrganization.data.errors[0].extensions.code]).toEqual([
		500,
		'FORBIDDEN',
	]);
});

test('a fault can target one route and let the first matching calls through', async () => {
	sandbox.addFault({
		kind: 'empty',
		status: 503,
		on: { method: 'PUT', path: '/api-key', skip: 1 },
	});
	const [keyId] = SEED.rotationKeyIds;

	expect((await client().get('/organization-links')).status).toBe(200);
	expect((await client().put('/api-key', { input: { id: keyId } })).status).toBe(200);
	expect((await client().put('/api-key', { input: { id: keyId } })).status).toBe(503);
	expect((await client().put('/api-key', { input: { id: keyId } })).status).toBe(200);
});

describe('a held call (to stop its caller inside a step)', () => {
	async function heldCreate(stage: 'before' | 'after') {
		sandbox.addFault({ kind: 'hold', stage, on: { method: 'POST', path: '/api-key' } });
		const before = sandbox.keyIds().length;
		const answer = client()
			.post('/api-key', { input: { name: 'held', organization: SEED.organization.id } })
			.then(
				() => 'answered',
				(error: { code?: string }) => `failed: ${error.code ?? 'unknown'}`,
			);
		while (sandbox.heldCalls === 0) await new Promise((resolveWait) => setImmediate(resolveWait));
		const created = sandbox.keyIds().length - before;
		sandbox.releaseHeld();
		return { created, outcome: await answer };
	}

	test('before: nothing is done, and no answer comes (the connection drops once released)', async () => {
		expect(await heldCreate('before')).toEqual({ created: 0, outcome: 'failed: ECONNRESET' });
	});

	test('after: Plumaa’s state changes, and still no answer comes', async () => {
		expect(await heldCreate('after')).toEqual({ created: 1, outcome: 'failed: ECONNRESET' });
	});
});
