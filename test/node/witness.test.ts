import { createHash } from 'node:crypto';

import { PAGE_SIZE } from '../../nodes/shared/transport/lists';
import type { INodeParameters } from 'n8n-workflow';

import { outputValidator, schemaErrors } from '../harness/output-schema';
import {
	byId,
	everythingRecorded,
	sandboxCredentials,
	fileField,
	INVOICE_PDF,
	runResource,
	sofaArgs,
} from '../harness/plumaa';
import { listSearch } from '../harness/engine';
import { useSandbox } from '../harness/sandbox-fixture';
import { SEED } from '../../dev/sandbox/server';

const sandbox = useSandbox();
const INVOICE_SHA256 = createHash('sha256').update(INVOICE_PDF).digest('hex');

// These tests check Plumaa's whole objects (Simplify off); Simplify's own tests leave it at its default.
async function witness(
	operation: string,
	parameters: INodeParameters,
	run: {
		files?: Parameters<typeof runResource>[2]['files'];
		items?: Array<Record<string, unknown>>;
		continueOnFail?: boolean;
	} = {},
) {
	return await runResource(sandbox, 'witness', {
		operation,
		parameters: { simplify: false, ...parameters },
		...run,
	} as Parameters<typeof runResource>[2]);
}

const organization = byId(SEED.organization.id);

describe('Witness → Create', () => {
	const validate = outputValidator('create', 'witness');

	test('from a PDF in a binary field: the node sends the SHA-256 it computed, never the file; certified false', async () => {
		const { output, error } = await witness(
			'create',
			{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
			{ files: [fileField()] },
		);

		expect(error).toBeUndefined();
		const [request] = sandbox.apiRequests();
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(request).toMatchObject({
			method: 'POST',
			path: '/rest/v1/witness',
			body: {
				input: { hash: INVOICE_SHA256, algorithm: 'SHA256', organization: SEED.organization.id },
			},
		});
		expect(JSON.stringify(sandbox.requests)).not.toContain(
			INVOICE_PDF.toString('base64').slice(0, 40),
		);
		const item = output?.[0].json;
		expect(validate(item) || schemaErrors(validate)).toBe(true);
		expect(item).toMatchObject({
			hash: INVOICE_SHA256,
			certified: false,
			certification: null,
			organization: { quota: { nom151: SEED.quota.nom151 } },
		});
	});

	test('with a single certificate right away: witness then certification; quota in the output goes down by one', async () => {
		const { output } = await witness('create', {
			source: 'hash',
			hash: INVOICE_SHA256.toUpperCase(),
			organizationId: organization,
			certification: 'single',
		});

		expect(sandbox.apiRequests().map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /rest/v1/witness',
			'POST /rest/v1/nom151-certification',
		]);
		expect(sandbox.apiRequests()[1].body).toEqual({ witnessId: output?.[0].json.id });
		expect(output?.[0].json).toMatchObject({
			hash: INVOICE_SHA256,
			certified: true,
			certification: 'single',
			nom151: { provider: 'CINCEL' },
			organization: {
				quota: { nom151: SEED.quota.nom151 - 1, groupedNOM151: SEED.quota.groupedNOM151 },
			},
		});
		expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
	});

	test('grouped, issued later: certified stays false until Plumaa issues the tree’s certificate', async () => {
		sandbox.esign.certificationDelayMs = 60_000;
		const { output } = await witness('create', {
			source: 'hash',
			hash: INVOICE_SHA256,
			organizationId: organization,
			certification: 'grouped',
		});

		expect(sandbox.apiRequests()[1].path).toBe('/rest/v1/schedule-grouped-nom151-certification');
		expect(output?.[0].json).toMatchObject({
			certified: false,
			certification: null,
			merkleized: { createdAt: expect.any(String) },
			organization: { quota: { groupedNOM151: SEED.quota.groupedNOM151 - 1 } },
		});
	});

	test('no certificates left: a message that says so; under continue-on-fail the witness stands, with the error', async () => {
		sandbox.setQuota(0);
		const failed = await witness('create', {
			source: 'hash',
			hash: INVOICE_SHA256,
			organizationId: organization,
			certification: 'single',
		});
		expect(failed.error).toMatchObject({
			message: 'Plumaa refused: the organization has no NOM-151 certificates left',
			description: expect.stringContaining('Plumaa said: Not enough NOM151 quota'),
		});
		expect(failed.error?.description).toContain('organization.quota');

		sandbox.reset();
		sandbox.setQuota(0);
		const { output } = await witness(
			'create',
			{
				source: 'hash',
				hash: INVOICE_SHA256,
				organizationId: organization,
				certification: 'single',
			},
			{ continueOnFail: true },
		);
		expect(output).toHaveLength(1);
		expect(output?.[0].json).toMatchObject({
			hash: INVOICE_SHA256,
			certified: false,
			error: 'Plumaa refused: the organization has no NOM-151 certificates left',
		});
		expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
	});

	test.each([
		[
			'a hash that is not 64 hex characters',
			{ source: 'hash', hash: 'abc123' },
			undefined,
			'\'Hash\' is not a SHA-256 hash: "abc123"',
		],
		[
			'no file in the binary field',
			{ source: 'binary', binaryPropertyName: 'invoice' },
			[fileField()],
			"The item has no file in the binary field 'invoice'",
		],
		[
			'an item without any file',
			{ source: 'binary', binaryPropertyName: 'data' },
			undefined,
			"The item has no file in the binary field 'data'",
		],
	])('%s: the field named, before any request', async (_, parameters, files, message) => {
		const { error } = await witness(
			'create',
			{ ...parameters, organizationId: organization },
			{ files },
		);
		expect(error?.message).toBe(message);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('the binary field error lists the fields the item has', async () => {
		const { error } = await witness(
			'create',
			{ source: 'binary', binaryPropertyName: 'invoice', organizationId: organization },
			{ files: [fileField()] },
		);
		expect(error?.description).toContain('Its binary fields are: data');
	});
});

describe('Witness → Certify, Get, Get Many', () => {
	test('Certify an existing witness (grouped); Get by its hash shows the same witness', async () => {
		const created = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.organization.id);
		const certified = await witness('certify', {
			witnessId: byId(created.id),
			certification: 'grouped',
		});
		expect(certified.output?.[0].json).toMatchObject({
			id: created.id,
			certified: true,
			certification: 'grouped',
			merkleized: { nom151Provider: 'CINCEL' },
		});
		const validateCertify = outputValidator('certify', 'witness');
		expect(validateCertify(certified.output?.[0].json) || schemaErrors(validateCertify)).toBe(true);

		const got = await witness('get', { hash: INVOICE_SHA256 });
		expect(sandbox.apiRequests().at(-1)).toMatchObject({
			method: 'GET',
			path: '/rest/v1/witness',
			query: { hash: INVOICE_SHA256 },
		});
		expect(got.output?.[0].json).toMatchObject({ id: created.id, certified: true });
	});

	test('Certify a witness that does not exist, Get a hash never witnessed: named not-found errors', async () => {
		const certify = await witness('certify', {
			witnessId: byId('eeeeeeeeeeeeeeeeeeeeeeee'),
			certification: 'single',
		});
		expect(certify.error?.message).toBe('Witness eeeeeeeeeeeeeeeeeeeeeeee was not found');
		const get = await witness('get', { hash: 'f'.repeat(64) });
		expect(get.error?.message).toBe(`No witness has the hash ${'f'.repeat(64)}`);
	});

	test('Get Many, Return All: follows the pages (100 per page) until the last; each item typed', async () => {
		for (let index = 0; index < 240; index++)
			sandbox.esign.storeWitness(
				createHash('sha256').update(`doc ${index}`).digest('hex'),
				SEED.organization.id,
			);
		const { output } = await witness('getAll', { organizationId: organization, returnAll: true });

		expect(output).toHaveLength(240);
		expect(new Set(output?.map((item) => item.json.id)).size).toBe(240);
		const pages = sandbox.apiRequests().map((request) => sofaArgs(request.query));
		expect(pages.map((args) => args.pagination)).toEqual([
			{ page: 1, size: PAGE_SIZE },
			{ page: 2, size: PAGE_SIZE },
			{ page: 3, size: PAGE_SIZE },
		]);
		expect(pages[0]).toMatchObject({
			organization: { eq: SEED.organization.id },
			sort: { field: 'createdAt', order: 'desc' },
		});
		const validate = outputValidator('getAll', 'witness');
		for (const item of output ?? [])
			expect(validate(item.json) || schemaErrors(validate)).toBe(true);
		// Every output item is paired to the one input item.
		expect(output?.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Get Many, Limit 7 asks for one page of 7; Certified filters across pages; dates reach Plumaa in UTC', async () => {
		for (let index = 0; index < 60; index++) {
			const stored = sandbox.esign.storeWitness(
				createHash('sha256').update(`doc ${index}`).digest('hex'),
				SEED.organization.id,
			);
			if (index % 20 === 0) sandbox.esign.certify(stored.id, 'single', SEED.organization.id);
		}
		const limited = await witness('getAll', {
			organizationId: organization,
			returnAll: false,
			limit: 7,
		});
		expect(limited.output).toHaveLength(7);
		expect(sandbox.apiRequests().map((request) => sofaArgs(request.query).pagination)).toEqual([
			{ page: 1, size: 7 },
		]);

		sandbox.requests.length = 0;
		const certified = await witness('getAll', {
			organizationId: organization,
			returnAll: true,
			filters: { certified: 'certified', createdAfter: '2026-01-01T06:00:00+06:00' },
		});
		expect(certified.output?.map((item) => item.json.certified)).toEqual([true, true, true]);
		expect(sofaArgs(sandbox.apiRequests()[0].query).createdAt).toEqual({
			gte: '2026-01-01T00:00:00.000Z',
		});
	});

	test('a date filter that is not a date: the field named, before any request', async () => {
		const { error } = await witness('getAll', {
			organizationId: organization,
			returnAll: true,
			filters: { updatedAfter: 'last tuesday' },
		});
		expect(error?.message).toBe(`'Updated After' is not a date: "last tuesday"`);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('Get by hash with Organization ID: this organization’s witness even when another organization witnessed the same document first', async () => {
		const other = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.otherOrganization.id);
		const own = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.organization.id);

		// Plumaa's lookup by hash spans every organization: without an organization it is whichever comes first.
		const anyone = await witness('get', { hash: INVOICE_SHA256 });
		expect(anyone.output?.[0].json).toMatchObject({ id: other.id });

		sandbox.requests.length = 0;
		const got = await witness('get', {
			hash: INVOICE_SHA256,
			ownOrganizationId: SEED.organization.id,
		});
		expect(got.error).toBeUndefined();
		expect(got.output?.[0].json).toMatchObject({
			id: own.id,
			organization: { id: SEED.organization.id },
		});
		expect(sandbox.apiRequests().map((request) => sofaArgs(request.query))).toEqual([
			{
				hash: { eq: INVOICE_SHA256 },
				organization: { eq: SEED.organization.id },
				pagination: { page: 1, size: PAGE_SIZE },
			},
		]);
		const validate = outputValidator('get', 'witness');
		expect(validate(got.output?.[0].json) || schemaErrors(validate)).toBe(true);
	});

	test('Get by hash with Organization ID when only another organization witnessed it: says so, never presents it as ours', async () => {
		sandbox.esign.storeWitness(INVOICE_SHA256, SEED.otherOrganization.id);
		const { output, error } = await witness('get', {
			hash: INVOICE_SHA256,
			ownOrganizationId: SEED.organization.id,
		});
		expect(output).toBeUndefined();
		expect(error?.message).toBe(
			`Organization ${SEED.organization.id} has no witness with the hash ${INVOICE_SHA256}: only another organization (${SEED.otherOrganization.name}) witnessed this document`,
		);
		const typo = await witness('get', { hash: INVOICE_SHA256, ownOrganizationId: 'not an id' });
		expect(typo.error?.message).toContain('Organization ID');
	});

	test('a WITNESS_CO organization: witness.co timestamps the witness; timestamped true, timestampedBy witnessCo, certified stays false (NOM-151 only)', async () => {
		const key = sandbox.createKey('witness.co key', SEED.witnessCoOrganization.id);
		const credentials = sandboxCredentials(sandbox, { apiKey: key.secret });
		const created = await runResource(sandbox, 'witness', {
			operation: 'create',
			parameters: {
				source: 'hash',
				hash: INVOICE_SHA256,
				organizationId: byId(SEED.witnessCoOrganization.id),
			},
			credentials,
		});
		expect(created.error).toBeUndefined();
		sandbox.esign.issuePendingCertificates();
		const got = await runResource(sandbox, 'witness', {
			operation: 'get',
			parameters: {
				hash: INVOICE_SHA256,
				ownOrganizationId: SEED.witnessCoOrganization.id,
				simplify: false,
			},
			credentials,
		});
		const item = got.output?.[0].json;
		expect(item).toMatchObject({
			certified: false,
			certification: null,
			timestamped: true,
			timestampedBy: ['witnessCo'],
			witnessCo: { targetRootHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
		});
		expect(typeof item?.timestampedAt).toBe('string');
		const validate = outputValidator('get', 'witness');
		expect(validate(item) || schemaErrors(validate)).toBe(true);

		const timestamped = await runResource(sandbox, 'witness', {
			operation: 'getAll',
			parameters: {
				organizationId: byId(SEED.witnessCoOrganization.id),
				returnAll: true,
				filters: { certified: 'timestamped' },
			},
			credentials,
		});
		expect(timestamped.output?.map((found) => found.json.id)).toEqual([item?.id]);
		const certified = await runResource(sandbox, 'witness', {
			operation: 'getAll',
			parameters: {
				organizationId: byId(SEED.witnessCoOrganization.id),
				returnAll: true,
				filters: { certified: 'certified' },
			},
			credentials,
		});
		expect(certified.output).toEqual([]);
	});

	test('a NOM-151 certificate counts as timestamped too: timestampedBy names its strategy', async () => {
		const created = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.organization.id);
		const certified = await witness('certify', {
			witnessId: byId(created.id),
			certification: 'single',
		});
		expect(certified.output?.[0].json).toMatchObject({
			certification: 'single',
			timestamped: true,
			timestampedBy: ['nom151'],
		});
	});

	test('no secret in anything recorded', async () => {
		const result = await witness(
			'create',
			{
				source: 'binary',
				binaryPropertyName: 'data',
				organizationId: organization,
				certification: 'single',
			},
			{ files: [fileField()] },
		);
		expect(everythingRecorded(result)).not.toContain(sandbox.apiKey);
	});
});

describe('Witness → Verify', () => {
	const validate = outputValidator('verify', 'witness');
	const CFDI_XML = Buffer.from(
		'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante Version="4.0" Serie="A" Folio="1024" Total="1200.00" Moneda="MXN"/>\n',
		'utf8',
	);
	const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

	test.each([
		{
			strategy: 'single NOM-151',
			kind: 'single' as const,
			by: ['nom151'],
			certification: 'single',
		},
		{
			strategy: 'grouped NOM-151',
			kind: 'grouped' as const,
			by: ['merkleized'],
			certification: 'grouped',
		},
	])(
		'a PDF witnessed and certified ($strategy): witnessed, certified, timestamped, with the witness and the quota',
		async ({ kind, by, certification }) => {
			const stored = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.organization.id);
			sandbox.esign.certify(stored.id, kind, SEED.organization.id);
			sandbox.esign.issuePendingCertificates();
			const { output, error } = await witness(
				'verify',
				{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
				{ files: [fileField()] },
			);
			expect(error).toBeUndefined();
			const item = output?.[0].json;
			expect(item).toMatchObject({
				hash: INVOICE_SHA256,
				witnessed: true,
				certified: true,
				certification,
				timestamped: true,
				timestampedBy: by,
				timestampedAt: expect.any(String),
				witnessId: stored.id,
				signatureRequestId: null,
				organizationId: SEED.organization.id,
				organization: { quota: { nom151: expect.any(Number) } },
			});
			expect(validate(item) || schemaErrors(validate)).toBe(true);
			// Only the hash went to Plumaa, never the file.
			expect(JSON.stringify(sandbox.requests)).not.toContain(
				INVOICE_PDF.toString('base64').slice(0, 40),
			);
		},
	);

	test('an XML invoice (CFDI) witnessed by a WITNESS_CO organization: the hash of its exact bytes; timestamped by witness.co, not certified', async () => {
		const key = sandbox.createKey('witness.co key', SEED.witnessCoOrganization.id);
		sandbox.esign.storeWitness(sha256(CFDI_XML), SEED.witnessCoOrganization.id);
		sandbox.esign.issuePendingCertificates();
		const { output } = await runResource(sandbox, 'witness', {
			operation: 'verify',
			parameters: {
				source: 'binary',
				binaryPropertyName: 'data',
				organizationId: byId(SEED.witnessCoOrganization.id),
			},
			files: [fileField(CFDI_XML, 'factura-A-1024.xml', 'application/xml')],
			credentials: sandboxCredentials(sandbox, { apiKey: key.secret }),
		});
		expect(output?.[0].json).toMatchObject({
			hash: sha256(CFDI_XML),
			witnessed: true,
			certified: false,
			timestamped: true,
			timestampedBy: ['witnessCo'],
		});
		expect(sofaArgs(sandbox.apiRequests()[0].query).hash).toEqual({ eq: sha256(CFDI_XML) });
	});

	test('witnessed, not yet timestamped: witnessed true, timestamped false, timestampedAt null', async () => {
		const stored = sandbox.esign.storeWitness(INVOICE_SHA256, SEED.organization.id);
		const { output } = await witness('verify', {
			source: 'hash',
			hash: INVOICE_SHA256,
			organizationId: organization,
		});
		expect(output?.[0].json).toMatchObject({
			witnessed: true,
			witnessId: stored.id,
			certified: false,
			certification: null,
			timestamped: false,
			timestampedBy: [],
			timestampedAt: null,
		});
		expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
	});

	test('never witnessed by this organization (another organization did): an item with witnessed false, or an error when asked', async () => {
		sandbox.esign.storeWitness(INVOICE_SHA256, SEED.otherOrganization.id);
		const answer = await witness(
			'verify',
			{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
			{ files: [fileField()] },
		);
		expect(answer.error).toBeUndefined();
		expect(answer.output?.map((item) => item.json)).toEqual([
			{
				hash: INVOICE_SHA256,
				witnessed: false,
				certified: false,
				certification: null,
				timestamped: false,
				timestampedBy: [],
				timestampedAt: null,
				witnessId: null,
				signatureRequestId: null,
				organizationId: SEED.organization.id,
			},
		]);
		expect(validate(answer.output?.[0].json) || schemaErrors(validate)).toBe(true);

		const strict = await witness(
			'verify',
			{
				source: 'binary',
				binaryPropertyName: 'data',
				organizationId: organization,
				options: { errorWhenNotWitnessed: true },
			},
			{ files: [fileField()] },
		);
		expect(strict.error?.message).toBe(
			`Organization ${SEED.organization.id} never witnessed this document (SHA-256 ${INVOICE_SHA256})`,
		);
	});

	test('continue-on-fail: a bad hash and a good one give two paired items, the bad one before any request', async () => {
		const { output } = await witness(
			'verify',
			{ source: 'hash', hash: '={{ $json.hash }}', organizationId: organization },
			{ items: [{ hash: 'not a hash' }, { hash: INVOICE_SHA256 }], continueOnFail: true },
		);
		expect(output?.map((item) => [item.pairedItem, 'error' in item.json])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
		]);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});
});

describe('Organization ID from the credential', () => {
	const create = async (organizationId?: INodeParameters, credentialOrganizationId?: string) =>
		await runResource(sandbox, 'witness', {
			operation: 'create',
			parameters: {
				source: 'hash',
				hash: INVOICE_SHA256,
				...(organizationId === undefined ? {} : { organizationId }),
			},
			credentials: sandboxCredentials(
				sandbox,
				credentialOrganizationId === undefined ? {} : { organizationId: credentialOrganizationId },
			),
		});

	test.each([
		{ field: 'absent (a workflow saved before the credential had one)', value: undefined },
		{ field: 'empty', value: byId('') },
	])(
		'Witness → Create with the node’s field $field uses the credential’s Organization ID',
		async ({ value }) => {
			const { output, error } = await create(value, ` ${SEED.organization.id} `);
			expect(error).toBeUndefined();
			expect(sandbox.apiRequests()[0].body).toMatchObject({
				input: { organization: SEED.organization.id },
			});
			// Simplify at its default (on): the organization's ID, flat.
			expect(output?.[0].json).toMatchObject({ organizationId: SEED.organization.id });
		},
	);

	test('the node’s own Organization ID wins over the credential’s', async () => {
		const { error } = await create(byId(SEED.organization.id), SEED.otherOrganization.id);
		expect(error).toBeUndefined();
		expect(sandbox.apiRequests()[0].body).toMatchObject({
			input: { organization: SEED.organization.id },
		});
	});

	test('neither given, or the credential’s malformed: said before any request, with where to put it', async () => {
		const neither = await create(byId(''));
		expect(neither.error?.message).toBe("'Organization ID' is empty");
		expect(neither.error?.description).toContain('Plumaa API credential (Organization ID)');
		const malformed = await create(byId(''), 'acme');
		expect(malformed.error?.message).toBe(
			`In the Plumaa API credential: 'Organization ID' is not a valid Plumaa ID: "acme"`,
		);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});

describe('Organization ID From List', () => {
	test('lists the organizations the key can see (from its links and requests), the credential’s first, searchable', async () => {
		const all = await listSearch(
			'searchOrganizations',
			sandboxCredentials(sandbox, { organizationId: SEED.organization.id }),
		);
		expect(all.results[0]).toEqual({
			name: `${SEED.organization.name} (the credential’s)`,
			value: SEED.organization.id,
		});
		expect(new Set(all.results.map((result) => result.value)).size).toBe(all.results.length);
		expect(sandbox.apiRequests().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /rest/v1/organization-links',
			'GET /rest/v1/signature-requests',
		]);

		const byName = await listSearch(
			'searchOrganizations',
			sandboxCredentials(sandbox),
			SEED.organization.name.slice(0, 7).toLowerCase(),
		);
		expect(byName.results.map((result) => result.value)).toEqual([SEED.organization.id]);
		expect(
			(await listSearch('searchOrganizations', sandboxCredentials(sandbox), 'no such name'))
				.results,
		).toEqual([]);
	});

	test('an organization with no links or requests yet: the credential’s Organization ID is still offered', async () => {
		const key = sandbox.createKey('witness.co key', SEED.witnessCoOrganization.id);
		const { results } = await listSearch(
			'searchOrganizations',
			sandboxCredentials(sandbox, {
				apiKey: key.secret,
				organizationId: SEED.witnessCoOrganization.id,
			}),
		);
		expect(results).toEqual([
			{
				name: 'The Plumaa credential’s organization (the credential’s)',
				value: SEED.witnessCoOrganization.id,
			},
		]);
	});

	test('Witness → Create with an organization picked From List', async () => {
		const { output, error } = await witness('create', {
			source: 'hash',
			hash: INVOICE_SHA256,
			organizationId: { __rl: true, mode: 'list', value: SEED.organization.id },
		});
		expect(error).toBeUndefined();
		expect(output?.[0].json).toMatchObject({ organization: { id: SEED.organization.id } });
	});
});
