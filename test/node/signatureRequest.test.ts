import { createHash } from 'node:crypto';

import { PAGE_SIZE } from '../../nodes/shared/transport/lists';
import type { INodeParameters } from 'n8n-workflow';

import type { RunOptions } from '../harness/engine';
import { outputValidator, schemaErrors } from '../harness/output-schema';
import { readingsOf } from '../harness/readings';
import { listSearch } from '../harness/engine';
import {
	byId,
	everythingRecorded,
	fileField,
	INVOICE_PDF,
	runResource,
	sandboxCredentials,
	sofaArgs,
} from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';
import { CERTIFICATES, ISSUER, SUBJECTS } from '../../dev/sandbox/esignature';
import { SEED } from '../../dev/sandbox/server';

const sandbox = useSandbox();
const organization = byId(SEED.organization.id);

// These tests check Plumaa's whole objects (Simplify off); Simplify's own tests leave it at its default.
async function signatureRequest(
	operation: string,
	parameters: INodeParameters,
	run: { files?: RunOptions['files']; continueOnFail?: boolean } = {},
) {
	return await runResource(sandbox, 'signatureRequest', {
		operation,
		parameters: { simplify: false, ...parameters },
		...run,
	});
}

async function createFromPdf(name = 'Contrato de servicios 2026') {
	return await signatureRequest(
		'create',
		{ name, organizationId: organization, content: 'pdf', binaryPropertyName: 'data' },
		{ files: [fileField()] },
	);
}

describe('Signature Request → Create', () => {
	test('from a PDF: upload URL for its MD5, PUT with Content-MD5 (base64 of the digest) and no Plumaa key, then the request', async () => {
		const { output, error } = await createFromPdf();
		expect(error).toBeUndefined();

		const md5 = createHash('md5').update(INVOICE_PDF).digest();
		const [signUrl, upload, create] = sandbox.requests;
		expect(sandbox.requests).toHaveLength(3);
		expect(signUrl).toMatchObject({
			method: 'GET',
			path: '/rest/v1/sign-file-url',
			query: {
				md5Checksum: md5.toString('hex'),
				// The quickstart's only example of a path: /free/<timestamp>.pdf.
				filePath: expect.stringMatching(/^\/free\/\d+-[0-9a-f]{12}\.pdf$/),
			},
		});
		expect(upload).toMatchObject({
			method: 'PUT',
			path: expect.stringMatching(/^\/__storage\//),
			contentMd5: md5.toString('base64'),
			authorization: undefined,
			status: 200,
		});
		const key = (signUrl.answer as { key: string }).key;
		expect(create).toMatchObject({
			method: 'POST',
			path: '/rest/v1/signature-request',
			body: {
				input: {
					name: 'Contrato de servicios 2026',
					organization: SEED.organization.id,
					content: { PDFContent: { pdf: key } },
				},
			},
		});
		expect(sandbox.esign.files.get(key)?.bytes.equals(INVOICE_PDF)).toBe(true);

		const validate = outputValidator('create', 'signatureRequest');
		expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
		expect(output?.[0].json).toMatchObject({
			name: 'Contrato de servicios 2026',
			contentType: 'pdf',
			draft: false,
			finalized: false,
			signed: 0,
			organization: { quota: { nom151: SEED.quota.nom151 } },
		});
	});

	test('the storage refuses the upload: its reason, no signature request, the signed query not shown', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 200,
			body: {
				url: `${sandbox.origin}/__storage/${SEED.organization.id}/n8n/x.pdf?X-Amz-Signature=forged`,
				key: `${SEED.organization.id}/n8n/x.pdf`,
			},
			on: { path: '/sign-file-url' },
		});
		const { error } = await createFromPdf();
		expect(error).toMatchObject({
			message: "Plumaa's storage refused the upload (HTTP 403)",
			description: expect.stringContaining('The storage said: SignatureDoesNotMatch'),
		});
		expect(error?.description).not.toContain('forged');
		expect(sandbox.apiRequests().map((request) => request.path)).toEqual([
			'/rest/v1/sign-file-url',
		]);
	});

	test('a file that is not a PDF: said before any request', async () => {
		const { error } = await signatureRequest(
			'create',
			{ name: 'x', organizationId: organization, content: 'pdf' },
			{ files: [fileField(Buffer.from('hello'), 'notes.txt', 'text/plain')] },
		);
		expect(error?.message).toBe("The file 'notes.txt' is not a PDF");
		expect(sandbox.requests).toHaveLength(0);
	});

	test.each([
		{
			content: 'text',
			parameters: { text: 'Acepto los términos.' },
			bytes: 'Acepto los términos.',
			file: /^\/free\/\d+-[0-9a-f]{12}\.txt$/,
			member: 'RawContent',
			field: 'raw',
			answered: { raw: 'Acepto los términos.' },
		},
		{
			content: 'json',
			parameters: { json: '{"amount": 1200, "currency": "MXN"}' },
			bytes: '{"amount":1200,"currency":"MXN"}',
			file: /^\/free\/\d+-[0-9a-f]{12}\.json$/,
			member: 'JSONContent',
			field: 'json',
			answered: { json: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__storage\/.+\.json$/) },
		},
	])(
		'from $content: uploaded like a PDF (its MD5, PUT with Content-MD5, no Plumaa key), the key in $member; Draft and NOM-151 sent',
		async ({ content, parameters, bytes, file, member, field, answered }) => {
			const { output, error } = await signatureRequest('create', {
				name: 'Aviso',
				organizationId: organization,
				content,
				...parameters,
				options: { draft: true, nom151: true },
			});
			expect(error).toBeUndefined();

			const md5 = createHash('md5').update(bytes).digest();
			const [signUrl, upload, create] = sandbox.requests;
			expect(sandbox.requests).toHaveLength(3);
			expect(signUrl).toMatchObject({
				method: 'GET',
				path: '/rest/v1/sign-file-url',
				query: { md5Checksum: md5.toString('hex'), filePath: expect.stringMatching(file) },
			});
			expect(upload).toMatchObject({
				method: 'PUT',
				contentMd5: md5.toString('base64'),
				authorization: undefined,
				status: 200,
			});
			const key = (signUrl.answer as { key: string }).key;
			expect(sandbox.esign.files.get(key)?.bytes.toString('utf8')).toBe(bytes);
			expect(create.body).toEqual({
				input: {
					name: 'Aviso',
					organization: SEED.organization.id,
					content: { [member]: { [field]: key } },
					draft: true,
					nom151: true,
				},
			});
			expect(output?.[0].json).toMatchObject({
				contentType: content,
				draft: true,
				content: answered,
			});
		},
	);

	// Two readings of the new request's content: the OpenAPI file's ContentInput ({ PDFContent: { pdf } }) or
	// the quickstart's flat { pdf }. The node sends the first, and the second once if Plumaa refuses the first.
	describe.each(readingsOf('contentShape'))('$reading', ({ value: contentShape, apply }) => {
		test.each([
			{ content: 'pdf', member: 'PDFContent', field: 'pdf' },
			{ content: 'text', member: 'RawContent', field: 'raw' },
			{ content: 'json', member: 'JSONContent', field: 'json' },
		])(
			'from $content: one request created, and the output says which shape Plumaa accepted',
			async ({ content, member, field }) => {
				apply(sandbox);
				const { output, error } = await signatureRequest(
					'create',
					{
						name: 'Aviso',
						organizationId: organization,
						content,
						binaryPropertyName: 'data',
						text: 'Acepto.',
						json: '{"a": 1}',
					},
					{ files: [fileField()] },
				);
				expect(error).toBeUndefined();
				const key = (sandbox.apiRequests()[0].answer as { key: string }).key;
				const creates = sandbox
					.apiRequests()
					.filter((request) => request.path === '/rest/v1/signature-request');
				expect(creates.map((request) => [request.status, request.body])).toEqual([
					[
						contentShape === 'openapi' ? 200 : 400,
						expect.objectContaining({
							input: expect.objectContaining({ content: { [member]: { [field]: key } } }),
						}),
					],
					...(contentShape === 'quickstart'
						? [
								[
									200,
									expect.objectContaining({
										input: expect.objectContaining({ content: { [field]: key } }),
									}),
								],
							]
						: []),
				]);
				expect(sandbox.esign.requests.size).toBe(1);
				expect(output?.[0].json).toMatchObject({ contentType: content, contentShape });
				const validate = outputValidator('create', 'signatureRequest');
				expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
			},
		);
	});

	test('a refusal that is not about the content is not sent again: one attempt, Plumaa’s words', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 400,
			body: {
				errors: [
					{
						message: 'Variable "$input" got invalid value "x" at "input.organization"',
						extensions: { code: 'BAD_USER_INPUT' },
					},
				],
			},
			on: { method: 'POST', path: '/signature-request' },
		});
		const { error } = await createFromPdf();
		expect(error?.message).toBe('Plumaa rejected the request as invalid');
		expect(
			sandbox.apiRequests().filter((request) => request.path === '/rest/v1/signature-request'),
		).toHaveLength(1);
		expect(sandbox.esign.requests.size).toBe(0);
	});

	test('Plumaa refuses content that names no uploaded file (the sandbox, as the OpenAPI file says: "An AWS S3 Key")', () => {
		for (const content of [
			{ RawContent: { raw: 'Acepto.' } },
			{ JSONContent: { json: '{}' } },
			{ PDFContent: { pdf: 'never/uploaded.pdf' } },
		] as Array<Record<string, Record<string, string>>>) {
			const answer = sandbox.esign.createRequest(
				{ name: 'x', organization: SEED.organization.id, content },
				SEED.organization.id,
			);
			expect(answer.body).toMatchObject({
				errors: [
					{
						message: expect.stringMatching(/^No uploaded file with key/),
						extensions: { code: 'BAD_USER_INPUT' },
					},
				],
			});
		}
	});

	test('JSON that is not JSON: said before any request', async () => {
		const bad = await signatureRequest('create', {
			name: 'Pagaré',
			organizationId: organization,
			content: 'json',
			json: '{amount: 1200',
		});
		expect(bad.error?.message).toBe("'JSON' is not valid JSON");
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Signature Request → Get, Get Many, Update', () => {
	test.each(readingsOf('pdfDownloads'))(
		'Get with Download PDF, $reading: the PDF in the binary field named after the request, or what was tried and what to do',
		async ({ value: downloadable, apply }) => {
			const created = await createFromPdf('Contrato: servicios/2026');
			const id = String(created.output?.[0].json.id);
			apply(sandbox);

			const { output, error } = await signatureRequest('get', {
				signatureRequestId: byId(id),
				options: { download: true, binaryPropertyName: 'contract' },
			});
			if (!downloadable) {
				expect(error?.message).toMatch(
					/^Could not download the PDF of signature request [0-9a-f]{24} from http:\/\/127\.0\.0\.1:\d+\/__storage\//,
				);
				expect(error?.description).toContain(
					'The storage answered HTTP 403: AccessDenied: Access Denied.',
				);
				expect(error?.description).toContain("Turn off 'Download PDF'");
				return;
			}
			const binary = output?.[0].binary?.contract;
			expect(binary).toMatchObject({
				mimeType: 'application/pdf',
				fileName: 'Contrato_ servicios_2026.pdf',
			});
			expect(Buffer.from(String(binary?.data), 'base64').equals(INVOICE_PDF)).toBe(true);
			const validate = outputValidator('get', 'signatureRequest');
			expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
		},
	);

	test('Get of a request that does not exist (Plumaa answers null): a named error', async () => {
		const { error } = await signatureRequest('get', {
			signatureRequestId: byId('cccccccccccccccccccccccc'),
		});
		expect(error?.message).toBe('Signature request cccccccccccccccccccccccc was not found');
	});

	test('Get Many, Return All follows info pages; filters reach Plumaa as SOFA reads them', async () => {
		for (let index = 0; index < 120; index++) {
			await sandbox.esign.createRequest(
				{
					name: `Contrato ${index}`,
					organization: SEED.organization.id,
					content: {
						RawContent: { raw: sandbox.esign.uploaded(SEED.organization.id, `texto ${index}`) },
					},
				},
				SEED.organization.id,
			);
		}
		const all = await signatureRequest('getAll', { returnAll: true });
		expect(all.output).toHaveLength(120);
		expect(sandbox.apiRequests().map((request) => sofaArgs(request.query).pagination)).toEqual([
			{ page: 1, size: PAGE_SIZE },
			{ page: 2, size: PAGE_SIZE },
		]);

		sandbox.requests.length = 0;
		const [first] = [...sandbox.esign.requests.keys()];
		sandbox.esign.finalize(first);
		const finalized = await signatureRequest('getAll', {
			returnAll: false,
			limit: 10,
			filters: { finalized: 'yes', name: 'Contrato', updatedAfter: '2020-01-01T00:00:00Z' },
		});
		expect(finalized.output?.map((item) => item.json.id)).toEqual([first]);
		expect(sandbox.apiRequests()[0].query).toMatchObject({
			finalized: 'true',
			search: '{"name":"Contrato"}',
			updatedAt: '{"gte":"2020-01-01T00:00:00.000Z"}',
		});

		const notFinalized = await signatureRequest('getAll', {
			returnAll: true,
			filters: { finalized: 'no' },
		});
		expect(notFinalized.output).toHaveLength(119);
	});

	test('Update: rename and publish a draft; nothing to update is said before any request', async () => {
		const draft = await signatureRequest('create', {
			name: 'Borrador',
			organizationId: organization,
			content: 'text',
			text: 'x',
			options: { draft: true },
		});
		const id = String(draft.output?.[0].json.id);
		const { output } = await signatureRequest('update', {
			signatureRequestId: byId(id),
			updateFields: { name: 'Publicado', draft: false },
		});
		expect(sandbox.apiRequests().at(-1)?.body).toEqual({
			input: { id, name: 'Publicado', draft: false },
		});
		expect(output?.[0].json).toMatchObject({ id, name: 'Publicado', draft: false });

		sandbox.requests.length = 0;
		const nothing = await signatureRequest('update', {
			signatureRequestId: byId(id),
			updateFields: {},
		});
		expect(nothing.error?.message).toBe('Nothing to update');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('no secret in anything recorded, uploads included', async () => {
		const result = await createFromPdf();
		expect(everythingRecorded(result)).not.toContain(sandbox.apiKey);
		expect(
			sandbox.requests
				.filter((request) => request.path.startsWith('/__storage'))
				.every((request) => request.authorization === undefined),
		).toBe(true);
	});
});

describe('From List', () => {
	test('signature requests: newest first, searched by name as typed, one page at a time', async () => {
		for (let index = 0; index < 55; index++) {
			sandbox.esign.createRequest(
				{
					name: `Contrato ${index}`,
					organization: SEED.organization.id,
					content: {
						RawContent: { raw: sandbox.esign.uploaded(SEED.organization.id, String(index)) },
					},
				},
				SEED.organization.id,
			);
		}
		const credentials = sandboxCredentials(sandbox);
		const first = await listSearch('searchSignatureRequests', credentials);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await listSearch(
			'searchSignatureRequests',
			credentials,
			undefined,
			first.paginationToken as string,
		);
		expect([second.results.length, second.paginationToken]).toEqual([5, undefined]);

		const searched = await listSearch('searchSignatureRequests', credentials, 'Contrato 54');
		expect(searched.results).toEqual([
			{ name: 'Contrato 54', value: expect.stringMatching(/^[0-9a-f]{24}$/) },
		]);
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {}).search).toEqual({
			name: 'Contrato 54',
		});
	});
});

describe('Signature Request → Get Evidence', () => {
	const validate = outputValidator('getEvidence', 'signatureRequest');

	/** A PDF request with four signers: Ana signs (valid certificate), Bruno signs (revoked), Carla signs (expired), Diego pending. */
	async function signedByFour(): Promise<{ id: string; invites: string[] }> {
		const created = await createFromPdf('Contrato A-1024');
		const id = String(created.output?.[0].json.id);
		const links = sandbox.esign.links.get(SEED.organization.id);
		links?.add(SUBJECTS[2].id);
		links?.add(SUBJECTS[3].id);
		const invites = sandbox.esign.inviteAll(
			id,
			SUBJECTS.map((subject) => subject.id),
			SEED.organization.id,
		);
		for (const invite of invites.slice(0, 3)) sandbox.esign.answerInvite(invite, 'SIGNED');
		sandbox.requests.length = 0;
		return { id, invites };
	}

	test('each signer with their signature, certificate (revoked, expired at signing) and OCSP answer; pending ones too; a summary', async () => {
		const { id, invites } = await signedByFour();
		const { output, error } = await signatureRequest('getEvidence', {
			signatureRequestId: byId(id),
		});
		expect(error).toBeUndefined();
		const evidence = output?.[0].json;
		expect(validate(evidence) || schemaErrors(validate)).toBe(true);
		expect(evidence).toMatchObject({
			signatureRequest: { id, name: 'Contrato A-1024', contentType: 'pdf', finalized: false },
			organization: { id: SEED.organization.id },
			witness: { certified: false, timestamped: false },
			summary: {
				signers: 4,
				signed: 3,
				pending: 1,
				rejected: 0,
				allSigned: false,
				complete: false,
			},
		});
		const signers = evidence?.signers as Array<Record<string, unknown>>;
		expect(signers.map((signer) => signer.inviteId)).toEqual(invites);
		expect(signers[0]).toMatchObject({
			status: 'SIGNED',
			name: SUBJECTS[0].commonName,
			RFC: SUBJECTS[0].RFC,
			CURP: SUBJECTS[0].serialNumber,
			email: SUBJECTS[0].emailAddress,
			signedAt: expect.any(String),
			rejectedAt: null,
			signature: expect.stringMatching(/^[0-9a-f]{512}$/),
			certificate: {
				id: CERTIFICATES[0].id,
				serialNumber: CERTIFICATES[0].serialNumber,
				issuer: ISSUER.commonName,
				issuerRFC: ISSUER.RFC,
				revoked: false,
				validAtSigning: true,
			},
			ocspResponsePresent: true,
		});
		expect(signers[1].certificate).toMatchObject({ revoked: true, validAtSigning: false });
		expect(signers[2].certificate).toMatchObject({ revoked: false, validAtSigning: false });
		expect(signers[3]).toMatchObject({
			status: 'PENDING',
			signedAt: null,
			signature: null,
			certificate: null,
			ocspResponsePresent: false,
		});
		// The request, then its invites; the certificates came whole with them.
		expect(sandbox.apiRequests().map((request) => request.path)).toEqual([
			`/rest/v1/signature-request/${id}`,
			'/rest/v1/signature-request-invites',
		]);
	});

	test('invites that hold only their certificate’s ID: each certificate read by its ID', async () => {
		const { id, invites } = await signedByFour();
		const listed = // In the order the node asks for them (oldest first), as Plumaa would list them.
			(
				sandbox.esign.listInvites(
					{ signatureRequest: { eq: id }, sort: { field: 'createdAt', order: 'asc' } },
					SEED.organization.id,
				).body as {
					results: Array<Record<string, unknown>>;
				}
			).results;
		sandbox.addFault({
			kind: 'status',
			status: 200,
			body: {
				id: 'x',
				info: { id: 'y', count: listed.length, pages: 1, next: null, prev: null },
				results: listed.map((invite) => ({
					...invite,
					certificate: (invite.certificate as { id?: string } | undefined)?.id,
				})),
			},
			on: { method: 'GET', path: '/signature-request-invites' },
		});
		const { output } = await signatureRequest('getEvidence', { signatureRequestId: byId(id) });
		const signers = output?.[0].json.signers as Array<Record<string, unknown>>;
		expect(signers.map((signer) => (signer.certificate as { id?: string } | null)?.id)).toEqual([
			CERTIFICATES[0].id,
			CERTIFICATES[1].id,
			CERTIFICATES[2].id,
			undefined,
		]);
		expect(signers[1].certificate).toMatchObject({ revoked: true, validAtSigning: false });
		const certificateCalls = sandbox
			.apiRequests()
			.filter((request) => request.path.startsWith('/rest/v1/certificate/'))
			.map((request) => request.path)
			.sort();
		expect(certificateCalls).toEqual(
			CERTIFICATES.slice(0, 3)
				.map((certificate) => `/rest/v1/certificate/${certificate.id}`)
				.sort(),
		);
		expect(invites).toHaveLength(4);
	});

	test('finalized, rejected and timestamped: the summary says complete only when every signer signed and the witness is timestamped; the files attached', async () => {
		const created = await createFromPdf('Contrato A-2048');
		const id = String(created.output?.[0].json.id);
		sandbox.esign.inviteAll(id, [SUBJECTS[0].id, SUBJECTS[1].id], SEED.organization.id);
		sandbox.esign.certificationDelayMs = 60_000;
		sandbox.esign.finalize(id);
		const before = await signatureRequest('getEvidence', { signatureRequestId: byId(id) });
		expect(before.output?.[0].json.summary).toMatchObject({
			allSigned: true,
			timestamped: false,
			complete: false,
		});

		sandbox.esign.issuePendingCertificates();
		const { output } = await signatureRequest('getEvidence', {
			signatureRequestId: byId(id),
			options: { attachDocument: true, attachEvidence: true, evidenceField: 'proof' },
		});
		const item = output?.[0];
		expect(item?.json).toMatchObject({
			witness: { certified: true, certification: 'single', timestampedBy: ['nom151'] },
			summary: { signers: 2, signed: 2, allSigned: true, certified: true, complete: true },
		});
		expect(item?.binary?.document).toMatchObject({
			fileName: 'Contrato A-2048.pdf',
			mimeType: 'application/pdf',
		});
		expect(Buffer.from(String(item?.binary?.document.data), 'base64').equals(INVOICE_PDF)).toBe(
			true,
		);
		expect(item?.binary?.proof).toMatchObject({
			fileName: 'Contrato A-2048.evidence.json',
			mimeType: 'application/json',
		});
		expect(
			JSON.parse(Buffer.from(String(item?.binary?.proof.data), 'base64').toString('utf8')),
		).toEqual(item?.json);
	});

	test('a rejected signer and a text request: rejectedAt, no certificate; the text attached as it was uploaded', async () => {
		const created = await signatureRequest('create', {
			name: 'Aviso',
			organizationId: organization,
			content: 'text',
			text: 'Acepto el aviso.',
		});
		const id = String(created.output?.[0].json.id);
		const [invite] = sandbox.esign.inviteAll(id, [SUBJECTS[0].id], SEED.organization.id);
		sandbox.esign.answerInvite(invite, 'REJECTED');
		const { output } = await signatureRequest('getEvidence', {
			signatureRequestId: byId(id),
			options: { attachDocument: true },
		});
		expect(output?.[0].json).toMatchObject({
			signers: [{ status: 'REJECTED', rejectedAt: expect.any(String), certificate: null }],
			summary: { rejected: 1, allSigned: false, complete: false },
		});
		expect(Buffer.from(String(output?.[0].binary?.document.data), 'base64').toString('utf8')).toBe(
			'Acepto el aviso.',
		);
	});
});

describe('Signature Request → Get Statistics', () => {
	test('requests created per day: one item per bucket, the range and organization as Plumaa reads them', async () => {
		sandbox.esign.now = () => new Date('2026-11-02T10:00:00.000Z');
		await createFromPdf('one');
		await createFromPdf('two');
		sandbox.esign.now = () => new Date('2026-11-04T23:30:00.000Z');
		await createFromPdf('three');
		sandbox.requests.length = 0;
		const { output, error } = await signatureRequest('getStatistics', {
			organizationId: organization,
			granularity: 'day',
			range: { createdAfter: '2026-11-01T00:00:00Z' },
			options: { timezone: 'America/Mexico_City' },
		});
		expect(error).toBeUndefined();
		expect(output?.map((item) => item.json)).toEqual([
			{ mark: '2026-11-02T00:00:00.000Z', count: 2, granularity: 'day' },
			{ mark: '2026-11-04T00:00:00.000Z', count: 1, granularity: 'day' },
		]);
		const validate = outputValidator('getStatistics', 'signatureRequest');
		expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
		expect(sofaArgs(sandbox.apiRequests()[0].query)).toEqual({
			granularity: 'day',
			organization: { eq: SEED.organization.id },
			timestamp: { gte: '2026-11-01T00:00:00.000Z' },
			order: 'asc',
			timezone: 'America/Mexico_City',
		});
		const monthly = await signatureRequest('getStatistics', {
			organizationId: organization,
			granularity: 'month',
		});
		expect(monthly.output?.map((item) => item.json)).toEqual([
			{ mark: '2026-11-01T00:00:00.000Z', count: 3, granularity: 'month' },
		]);
	});

	test('nothing created in the range: no items; a date that is not a date is named before any request', async () => {
		const empty = await signatureRequest('getStatistics', {
			organizationId: organization,
			granularity: 'hour',
		});
		expect(empty.output).toEqual([]);
		sandbox.requests.length = 0;
		const bad = await signatureRequest('getStatistics', {
			organizationId: organization,
			granularity: 'day',
			range: { createdBefore: 'yesterday' },
		});
		expect(bad.error?.message).toBe(`'Created Before' is not a date: "yesterday"`);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});
