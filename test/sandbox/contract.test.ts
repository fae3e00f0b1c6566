/**
 * The sandbox keeps to Plumaa's published OpenAPI file both ways: requests that do not match their
 * operation fail as Plumaa's GraphQL layer fails them (400, BAD_USER_INPUT, before the key is
 * looked at), and every answer it gives matches the operation's response schema (checked after
 * every test of every file that uses the sandbox, see ../harness/sandbox-fixture).
 */
import { createHash } from 'node:crypto';

import axios from 'axios';

import { useSandbox } from '../harness/sandbox-fixture';
import { SUBJECTS } from '../../dev/sandbox/esignature';
import { plumaaContract, SEED, SERVED } from '../../dev/sandbox/server';

const sandbox = useSandbox();
const contract = plumaaContract();
const hash = createHash('sha256').update('contract test').digest('hex');

function client(apiKey: string = sandbox.apiKey) {
	return axios.create({
		baseURL: sandbox.baseUrl,
		headers: { Authorization: `Bearer ${apiKey}` },
		validateStatus: () => true,
	});
}

const json = (value: unknown) => JSON.stringify(value);

describe('requests that do not match their operation fail as in Plumaa', () => {
	test.each([
		[
			'PUT /api-key with enabled "false" (a string)',
			'put',
			'/api-key',
			{ input: { id: SEED.rotationKeyIds[0], enabled: 'false' } },
			'/enabled must be boolean',
		],
		[
			'POST /api-key with a field the input does not declare',
			'post',
			'/api-key',
			{ input: { name: 'x', organization: SEED.organization.id, role: 'admin' } },
			'must NOT have additional properties "role"',
		],
		[
			'POST /api-key with an organization that is not an ObjectID',
			'post',
			'/api-key',
			{ input: { name: 'x', organization: 'acme' } },
			'/organization must match pattern',
		],
		[
			'POST /api-key without input',
			'post',
			'/api-key',
			{ name: 'x' },
			'Variable "$input" of required type was not provided.',
		],
		[
			'POST /signature-request with the quickstart’s content { pdf }',
			'post',
			'/signature-request',
			{ input: { name: 'x', organization: SEED.organization.id, content: { pdf: 'a/b.pdf' } } },
			'must NOT have additional properties "pdf"',
		],
		[
			'POST /signature-request with two contents',
			'post',
			'/signature-request',
			{
				input: {
					name: 'x',
					organization: SEED.organization.id,
					content: { RawContent: { raw: 'a' }, JSONContent: { json: '{}' } },
				},
			},
			'/content must NOT have more than 1 properties',
		],
		[
			'POST /witness with an algorithm Plumaa does not offer',
			'post',
			'/witness',
			{ input: { hash, algorithm: 'MD5', organization: SEED.organization.id } },
			'/algorithm must be equal to one of the allowed values',
		],
		[
			'POST /nom151-certification with a witnessId that is not an ObjectID',
			'post',
			'/nom151-certification',
			{ witnessId: 'w-1' },
			'Value is not a valid mongodb object id',
		],
	])('%s', async (_, method, path, body, detail) => {
		const answer = await client()[method as 'post' | 'put'](path, body);
		expect(answer.status).toBe(400);
		expect(answer.data.errors[0].extensions.code).toBe('BAD_USER_INPUT');
		expect(answer.data.errors[0].message).toContain(detail);
	});

	test.each([
		[
			'DELETE /api-key without id',
			'/api-key',
			{},
			'delete',
			'Variable "$id" of required type was not provided.',
		],
		[
			'DELETE /api-key with a malformed id',
			'/api-key',
			{ id: 'xyz' },
			'delete',
			'"$id" got invalid value',
		],
		[
			'GET /witnesses with pagination that is not JSON',
			'/witnesses',
			{ pagination: 'page=1' },
			'get',
			'not JSON',
		],
		[
			'GET /signature-requests sorted by a field Plumaa cannot sort by',
			'/signature-requests',
			{ sort: json({ field: 'name', order: 'asc' }) },
			'get',
			'/field must be equal to one of the allowed values',
		],
		[
			'GET /signature-requests with a filter field Plumaa does not have',
			'/signature-requests',
			{ updatedAt: json({ after: '2026-01-01T00:00:00Z' }) },
			'get',
			'must NOT have additional properties "after"',
		],
		[
			'GET /signature-request/{id} with an id that is not an ObjectID',
			'/signature-request/abc',
			{},
			'get',
			'Value is not a valid mongodb object id',
		],
		[
			'GET /witness without hash',
			'/witness',
			{},
			'get',
			'Variable "$hash" of required type was not provided.',
		],
		[
			'GET /organization-links filtered on an organization that is not an ObjectID (eq, as in)',
			'/organization-links',
			{ organization: json({ eq: 'acme' }) },
			'get',
			'/eq must match pattern',
		],
	])('%s', async (_, path, params, method, detail) => {
		// Variables are checked before the key: a wrong key gets the same 400.
		const answer = await client('not-a-key')[method as 'get' | 'delete'](path, { params });
		expect([answer.status, answer.data.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
		expect(answer.data.errors[0].message).toContain(detail);
	});

	test('routes Plumaa does not have answer 404 HTML; ObjectIDs match in any case', async () => {
		expect((await client().get('/api-keys')).status).toBe(404);
		const upper = SEED.rotationKeyIds[0].toUpperCase();
		const deleted = await client().delete('/api-key', { params: { id: upper } });
		expect([deleted.status, deleted.data.id]).toEqual([200, SEED.rotationKeyIds[0]]);
	});
});

describe('every answer matches the operation’s response schema', () => {
	test('a tour of every route the sandbox serves, from every kind of organization', async () => {
		const otherKey = sandbox.createKey('other', SEED.otherOrganization.id).secret;
		const api = client();
		await api.get('/organization-links', { params: { pagination: json({ page: 1, size: 1 }) } });
		await client(otherKey).get('/organization-links');
		const key = (
			await api.post('/api-key', { input: { name: 'tour', organization: SEED.organization.id } })
		).data;
		await api.put('/api-key', { input: { id: key.id, enabled: false, name: 'tour 2' } });
		await api.delete('/api-key', { params: { id: key.id } });
		const otherOrganizationKey = (
			await client(otherKey).post('/api-key', {
				input: { name: 'no quota', organization: SEED.otherOrganization.id },
			})
		).data;
		expect(otherOrganizationKey.organization).not.toHaveProperty('quota');
		expect(otherOrganizationKey.organization).not.toHaveProperty('policies');

		const witness = (
			await api.post('/witness', {
				input: { hash, algorithm: 'SHA256', organization: SEED.organization.id },
			})
		).data;
		await api.post('/nom151-certification', { witnessId: witness.id });
		const second = (
			await api.post('/witness', {
				input: {
					hash: hash.replace(/^./, '0'),
					algorithm: 'SHA256',
					organization: SEED.organization.id,
				},
			})
		).data;
		await api.post('/schedule-grouped-nom151-certification', { witnessId: second.id });
		await api.get('/witness', { params: { hash } });
		await api.get('/witnesses', {
			params: {
				organization: json({ eq: SEED.organization.id }),
				pagination: json({ page: 1, size: 1 }),
			},
		});

		const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
		const md5 = createHash('md5').update(pdf).digest();
		const upload = (
			await api.get('/sign-file-url', {
				params: { filePath: '/n8n/tour.pdf', md5Checksum: md5.toString('hex') },
			})
		).data;
		expect(
			(
				await axios.put(upload.url, pdf, {
					headers: { 'Content-MD5': md5.toString('base64') },
					validateStatus: () => true,
				})
			).status,
		).toBe(200);
		const request = (
			await api.post('/signature-request', {
				input: {
					name: 'tour',
					organization: SEED.organization.id,
					content: { PDFContent: { pdf: upload.key } },
				},
			})
		).data;
		await api.put('/signature-request', {
			input: { id: request.id, name: 'tour 2', draft: false },
		});
		// Under both readings of /subjects: the organization's members, then its linked signers.
		const members = (
			await api.get('/subjects', {
				params: { search: json({ emailAddress: SUBJECTS[3].emailAddress }) },
			})
		).data;
		expect(members.results.map((subject: { id: string }) => subject.id)).toEqual([SUBJECTS[3].id]);
		sandbox.esign.subjectsScope = 'linked';
		const linked = (
			await api.get('/subjects', {
				params: { search: json({ emailAddress: SUBJECTS[0].emailAddress }) },
			})
		).data;
		const links = (
			await api.get('/organization-links', { params: { subject: json({ eq: SUBJECTS[0].id }) } })
		).data;
		expect(links.results.map((link: { subject: { id: string } }) => link.subject.id)).toEqual([
			SUBJECTS[0].id,
		]);
		const invite = (
			await api.post('/signature-request-invite', {
				input: { signatureRequest: request.id, subject: linked.results[0].id },
			})
		).data;
		sandbox.esign.answerInvite(invite.id, 'SIGNED');
		const signed = (await api.get(`/signature-request-invite/${invite.id}`)).data;
		expect(signed.certificate).toMatchObject({ subject: { id: SUBJECTS[0].id }, revoked: false });
		expect(signed.ocspResponse).toMatch(/^3082[0-9a-f]+$/);
		await api.get(`/certificate/${String(signed.certificate.id)}`);
		await api.get('/signature-request-timeseries', {
			params: {
				granularity: 'day',
				organization: json({ eq: SEED.organization.id }),
				timestamp: json({ gte: '2026-01-01T00:00:00Z' }),
			},
		});
		await api.get('/signature-request-invites', {
			params: { signatureRequest: json({ eq: request.id }), signedAt: json({ exists: true }) },
		});
		await api.get(`/signature-request/${request.id}`);
		await api.get('/signature-requests', {
			params: {
				finalized: 'false',
				search: json({ name: 'tour' }),
				sort: json({ field: 'updatedAt', order: 'asc' }),
			},
		});

		const answered = new Set(
			sandbox
				.apiRequests()
				.filter((call) => call.status === 200)
				.map(
					(call) =>
						`${call.method} ${contract.match(call.method, call.path.slice('/rest/v1'.length))?.template ?? call.path}`,
				),
		);
		expect([...answered].sort()).toEqual([...SERVED].sort());
		// The fixture's afterEach checks each of these answers against the file.
		expect(sandbox.answersOffContract()).toEqual([]);
	});

	test('the check finds what the file does not allow (the 7 mismatches the sandbox used to have, for example)', () => {
		const list = { id: 'x', info: { count: 0, page: 0, pages: 0, perPage: 10 }, results: [] };
		expect(contract.checkAnswer('GET', '/organization-links', list)).toContain(
			'/info must have required property',
		);
		expect(
			contract.checkAnswer('GET', '/organization-links', {
				...list,
				info: { id: 'i', count: 0, pages: 0, perPage: 10 },
			}),
		).toContain('must NOT have additional properties');
		expect(
			contract.checkAnswer('GET', '/witness', { id: 'not an id', hash, algorithm: 'SHA256' }),
		).toContain("must have required property 'organization'");
	});

	test('organizations of every kind the contract allows: WITNESS_CO conservation; a plan without the API refuses its keys', async () => {
		const witnessCo = await client(
			sandbox.createKey('w', SEED.witnessCoOrganization.id).secret,
		).post('/api-key', { input: { name: 'w2', organization: SEED.witnessCoOrganization.id } });
		expect(witnessCo.data.organization.policies.signatureRequest.conservation).toBe('WITNESS_CO');
		const noApi = await client(sandbox.secretOf(SEED.noApiOrganizationKeyId)).get(
			'/organization-links',
		);
		expect([
			noApi.status,
			noApi.data.errors[0].extensions.code,
			noApi.data.errors[0].message,
		]).toEqual([500, 'FORBIDDEN', 'The API is not enabled for this organization']);
	});
});

describe('every field the OpenAPI file calls "An AWS S3 Key" must name an uploaded file', () => {
	/** Each `<X>ContentInput.<field>` described as an S3 key: a member of ContentInput (`<X>Content`). */
	const schemas = contract.document.components.schemas as Record<
		string,
		{ properties?: Record<string, { description?: string }> }
	>;
	const s3KeyFields = Object.entries(schemas)
		.flatMap(([schemaName, schema]) =>
			Object.entries(schema.properties ?? {})
				.filter(([, property]) => /S3 Key/i.test(property.description ?? ''))
				.map(([field]) => ({ schemaName, field })),
		)
		.map(({ schemaName, field }) => ({
			schemaName,
			field,
			member: schemaName.replace(/Input$/, ''),
		}));

	test('the file names these fields (the list this test covers)', () => {
		expect(s3KeyFields.map(({ schemaName, field }) => `${schemaName}.${field}`).sort()).toEqual([
			'IOUContentInput.raw',
			'JSONContentInput.json',
			'PDFContentInput.pdf',
			'RawContentInput.raw',
		]);
		for (const { member } of s3KeyFields)
			expect(Object.keys(schemas.ContentInput.properties ?? {})).toContain(member);
	});

	test.each(s3KeyFields)(
		'$schemaName, field $field: a key never uploaded is refused, inline text too; an uploaded one is not refused for its key',
		async ({ member, field }) => {
			const api = client();
			const create = async (value: string) =>
				await api.post('/signature-request', {
					input: {
						name: 'S3 key check',
						organization: SEED.organization.id,
						content: {
							[member]: {
								[field]: value,
								...(member === 'IOUContent'
									? {
											latitude: 19.43,
											longitude: -99.13,
											amount: 100,
											currency: 'MXN',
											debtor: SUBJECTS[0].id,
											creditor: SUBJECTS[1].id,
										}
									: {}),
							},
						},
					},
				});
			for (const notAKey of ['never/uploaded.key', 'Acepto los términos.']) {
				const refused = await create(notAKey);
				expect(refused.status).not.toBe(200);
				expect(refused.data.errors[0].message).toBe(`No uploaded file with key "${notAKey}"`);
			}
			const key = sandbox.esign.uploaded(SEED.organization.id, 'Acepto.');
			const accepted = await create(key);
			expect(JSON.stringify(accepted.data)).not.toContain('No uploaded file');
		},
	);
});
