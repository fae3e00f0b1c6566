import type { INodeParameters } from 'n8n-workflow';

import { INVITE_FORBIDDEN_HINT } from '../../nodes/shared/disputed';
import { outputValidator, schemaErrors } from '../harness/output-schema';
import { listSearch } from '../harness/engine';
import { byId, runResource, sandboxCredentials, sofaArgs } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';
import { SUBJECTS } from '../../dev/sandbox/esignature';
import { SEED } from '../../dev/sandbox/server';

const sandbox = useSandbox();

async function run(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	continueOnFail = false,
) {
	return await runResource(sandbox, resource, { operation, parameters, continueOnFail });
}

async function newRequest(): Promise<string> {
	const answer = sandbox.esign.createRequest(
		{
			name: 'Contrato',
			organization: SEED.organization.id,
			content: { RawContent: { raw: sandbox.esign.uploaded(SEED.organization.id, 'Acepto.') } },
		},
		SEED.organization.id,
	);
	return (answer.body as { id: string }).id;
}

describe('Subject → Search', () => {
	test.each([
		['email', 'ANA.TORRES@example.mx', { emailAddress: 'ANA.TORRES@example.mx' }],
		['name', 'Bruno', { commonName: 'Bruno' }],
		['rfc', 'tora850101ab1', { RFC: 'TORA850101AB1' }],
	])(
		'by %s: the search argument Plumaa reads, one item per signer found',
		async (searchBy, value, search) => {
			const { output } = await run('subject', 'search', { searchBy, value, returnAll: true });
			expect(sofaArgs(sandbox.apiRequests()[0].query).search).toEqual(search);
			expect(output).toHaveLength(1);
			const validate = outputValidator('search', 'subject');
			expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
		},
	);

	test('nothing found: no items; an empty value is said before any request', async () => {
		expect(
			(
				await run('subject', 'search', {
					searchBy: 'email',
					value: 'nadie@example.mx',
					returnAll: true,
				})
			).output,
		).toEqual([]);
		const empty = await run('subject', 'search', {
			searchBy: 'email',
			value: '  ',
			returnAll: true,
		});
		expect(empty.error?.message).toBe("'Value' is empty");
		expect(sandbox.apiRequests()).toHaveLength(1);
	});
});

describe('Invite → Create, Get, Get Many', () => {
	test('Create invites a signer: PENDING, with the request and the subject; Get reads it back', async () => {
		const requestId = await newRequest();
		const { output } = await run('invite', 'create', {
			signatureRequestId: byId(requestId),
			subjectId: byId(SUBJECTS[0].id),
		});
		expect(sandbox.apiRequests()[0].body).toEqual({
			input: { signatureRequest: requestId, subject: SUBJECTS[0].id },
		});
		const invite = output?.[0].json;
		expect(invite).toMatchObject({
			status: 'PENDING',
			subject: { emailAddress: SUBJECTS[0].emailAddress },
			signatureRequest: { id: requestId },
		});
		const validate = outputValidator('create', 'invite');
		expect(validate(invite) || schemaErrors(validate)).toBe(true);

		const got = await run('invite', 'get', { inviteId: byId(String(invite?.id)) });
		expect(sandbox.apiRequests().at(-1)?.path).toBe(
			`/rest/v1/signature-request-invite/${String(invite?.id)}`,
		);
		expect(got.output?.[0].json).toMatchObject({ id: invite?.id, status: 'PENDING' });
	});

	test('FORBIDDEN on Create: says Plumaa may restrict invites to members', async () => {
		sandbox.esign.invitesForMembersOnly = true;
		const { error } = await run('invite', 'create', {
			signatureRequestId: byId(await newRequest()),
			subjectId: byId(SUBJECTS[0].id),
		});
		expect(error).toMatchObject({
			message: 'Plumaa refused: the API key is not allowed to do this',
		});
		expect(error?.description).toContain(
			'Plumaa said: Only members of the organization can invite signers',
		);
		expect(error?.description).toContain(INVITE_FORBIDDEN_HINT);
	});

	test('a signer not linked to the organization: what Plumaa said', async () => {
		const { error } = await run('invite', 'create', {
			signatureRequestId: byId(await newRequest()),
			subjectId: byId(SUBJECTS[2].id),
		});
		expect(error).toMatchObject({
			message: 'Plumaa rejected the request as invalid',
			description: expect.stringContaining('is not linked to the organization'),
		});
	});

	// Two readings of how Plumaa stores an unset signedAt/rejectedAt: left out (the OpenAPI file's "Only present
	// if signed"), or stored as null, which MongoDB's `exists: true` matches too.
	describe.each([
		{ reading: 'unset dates left out', unsetDatesAsNull: false },
		{ reading: 'unset dates stored as null', unsetDatesAsNull: true },
	])('Get Many by status ($reading)', ({ unsetDatesAsNull }) => {
		test("Signed, Rejected and Pending: the date filters Plumaa has, and each invite's own status", async () => {
			sandbox.esign.unsetDatesAsNull = unsetDatesAsNull;
			const requestId = await newRequest();
			const ids = sandbox.esign.inviteAll(
				requestId,
				SUBJECTS.slice(0, 2).map((subject) => subject.id),
				SEED.organization.id,
			);
			// The last one signs: under the null reading the first answers for `signedAt exists` are pending ones.
			sandbox.esign.answerInvite(ids[1], 'SIGNED');

			const signed = await run('invite', 'getAll', {
				signatureRequestId: byId(requestId),
				limit: 1,
				filters: { status: 'signed' },
			});
			expect(signed.output?.map((item) => [item.json.id, item.json.status])).toEqual([
				[ids[1], 'SIGNED'],
			]);
			expect(sofaArgs(sandbox.apiRequests()[0].query)).toMatchObject({
				signatureRequest: { eq: requestId },
				signedAt: { exists: true },
			});

			const pending = await run('invite', 'getAll', {
				signatureRequestId: byId(requestId),
				returnAll: true,
				filters: { status: 'pending' },
			});
			expect(pending.output?.map((item) => [item.json.id, item.json.status])).toEqual([
				[ids[0], 'PENDING'],
			]);
			const rejected = await run('invite', 'getAll', {
				signatureRequestId: byId(requestId),
				returnAll: true,
				filters: { status: 'rejected' },
			});
			expect(rejected.output).toEqual([]);
			const all = await run('invite', 'getAll', {
				signatureRequestId: byId(requestId),
				returnAll: true,
			});
			expect(all.output).toHaveLength(2);
			const validate = outputValidator('getAll', 'invite');
			for (const item of all.output ?? [])
				expect(validate(item.json) || schemaErrors(validate)).toBe(true);
		});
	});
});

describe('From List: signers', () => {
	test('the organization’s signers by name and email; an email is searched as an email', async () => {
		const all = await listSearch('searchSubjects', sandboxCredentials(sandbox));
		expect(all.results.map((result) => result.name)).toEqual([
			`${SUBJECTS[0].commonName} <${SUBJECTS[0].emailAddress}>`,
			`${SUBJECTS[1].commonName} <${SUBJECTS[1].emailAddress}>`,
		]);
		const byEmail = await listSearch('searchSubjects', sandboxCredentials(sandbox), 'bruno.diaz@');
		expect(byEmail.results.map((result) => result.value)).toEqual([SUBJECTS[1].id]);
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {}).search).toEqual({
			emailAddress: 'bruno.diaz@',
		});
	});
});
