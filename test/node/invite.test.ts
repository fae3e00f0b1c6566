import type { INodeParameters } from 'n8n-workflow';

import { INVITE_FORBIDDEN_HINT } from '../../nodes/shared/disputed';
import { outputValidator, schemaErrors } from '../harness/output-schema';
import { readingsOf } from '../harness/readings';
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

// Two readings of who Plumaa's subject list holds for an organization's key: its members (the OpenAPI
// file's scope) or its linked signers. The signers an organization can invite come through its links.
describe.each(readingsOf('subjectsScope'))('Subject → Search, $reading', ({ value, apply }) => {
	const subjectsScope = value;
	beforeEach(() => apply(sandbox));

	test.each([
		['email', 'ANA.TORRES@example.mx', { emailAddress: 'ANA.TORRES@example.mx' }, 0],
		['name', 'bruno diaz', { commonName: 'bruno diaz' }, 1],
		['rfc', 'tora850101ab1', { RFC: 'TORA850101AB1' }, 0],
	])(
		'by %s: a linked signer, found in the organization links first (the node matches), then the subject list',
		async (searchBy, value, search, signer) => {
			const { output } = await run('subject', 'search', { searchBy, value, returnAll: true });
			const calls = sandbox.apiRequests();
			expect(calls.map((call) => call.path)).toEqual([
				'/rest/v1/organization-links',
				'/rest/v1/subjects',
			]);
			expect(sofaArgs(calls[1].query).search).toEqual(search);
			expect(output?.map((item) => item.json)).toMatchObject([
				{ id: SUBJECTS[signer].id, foundIn: 'organizationLinks' },
			]);
			const validate = outputValidator('search', 'subject');
			expect(validate(output?.[0].json) || schemaErrors(validate)).toBe(true);
		},
	);

	test('a member who never linked: found only where the subject list holds members, and said so', async () => {
		const { output } = await run('subject', 'search', {
			searchBy: 'email',
			value: SUBJECTS[3].emailAddress,
			returnAll: true,
		});
		expect(output?.map((item) => item.json)).toMatchObject(
			subjectsScope === 'members' ? [{ id: SUBJECTS[3].id, foundIn: 'subjects' }] : [],
		);
	});

	test('Limit counts signers from both sources; a signer in both is output once', async () => {
		const all = await run('subject', 'search', {
			searchBy: 'email',
			value: '.',
			returnAll: true,
		});
		expect(all.output?.map((item) => [item.json.id, item.json.foundIn])).toEqual([
			[SUBJECTS[0].id, 'organizationLinks'],
			[SUBJECTS[1].id, 'organizationLinks'],
			...(subjectsScope === 'members' ? [[SUBJECTS[3].id, 'subjects']] : []),
		]);
		sandbox.requests.length = 0;
		const one = await run('subject', 'search', {
			searchBy: 'email',
			value: '.',
			returnAll: false,
			limit: 1,
		});
		expect(one.output?.map((item) => item.json.id)).toEqual([SUBJECTS[0].id]);
		// The links answered enough: the subject list is not asked.
		expect(sandbox.apiRequests().map((call) => call.path)).toEqual(['/rest/v1/organization-links']);
	});

	test('Get Many: every signer the organization can invite, then the subject list; Limit across both', async () => {
		const all = await run('subject', 'getAll', { returnAll: true });
		expect(all.output?.map((item) => [item.json.id, item.json.foundIn])).toEqual([
			[SUBJECTS[0].id, 'organizationLinks'],
			[SUBJECTS[1].id, 'organizationLinks'],
			...(subjectsScope === 'members' ? [[SUBJECTS[3].id, 'subjects']] : []),
		]);
		const validate = outputValidator('getAll', 'subject');
		for (const item of all.output ?? [])
			expect(validate(item.json) || schemaErrors(validate)).toBe(true);
		const two = await run('subject', 'getAll', { returnAll: false, limit: 2 });
		expect(two.output?.map((item) => item.json.id)).toEqual([SUBJECTS[0].id, SUBJECTS[1].id]);
	});

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
		const calls = sandbox.apiRequests().length;
		const empty = await run('subject', 'search', {
			searchBy: 'email',
			value: '  ',
			returnAll: true,
		});
		expect(empty.error?.message).toBe("'Value' is empty");
		expect(sandbox.apiRequests()).toHaveLength(calls);
	});

	test('Invite → Create invites the linked signer that the search found by email', async () => {
		const requestId = await newRequest();
		const found = await run('subject', 'search', {
			searchBy: 'email',
			value: SUBJECTS[1].emailAddress,
			returnAll: true,
		});
		const { output, error } = await run('invite', 'create', {
			signatureRequestId: byId(requestId),
			subjectId: byId(String(found.output?.[0].json.id)),
		});
		expect(error).toBeUndefined();
		expect(output?.[0].json).toMatchObject({
			status: 'PENDING',
			subject: { id: SUBJECTS[1].id },
		});
	});

	test('From List: the signers the organization can invite, by name or email; members marked', async () => {
		const all = await listSearch('searchSubjects', sandboxCredentials(sandbox));
		expect(all.results.map((result) => result.name)).toEqual([
			`${SUBJECTS[0].commonName} <${SUBJECTS[0].emailAddress}>`,
			`${SUBJECTS[1].commonName} <${SUBJECTS[1].emailAddress}>`,
			...(subjectsScope === 'members'
				? [
						`${SUBJECTS[3].commonName} <${SUBJECTS[3].emailAddress}> (member, not linked as a signer)`,
					]
				: []),
		]);
		const byEmail = await listSearch('searchSubjects', sandboxCredentials(sandbox), 'bruno.diaz@');
		expect(byEmail.results.map((result) => result.value)).toEqual([SUBJECTS[1].id]);
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {}).search).toEqual({
			emailAddress: 'bruno.diaz@',
		});
		const byName = await listSearch('searchSubjects', sandboxCredentials(sandbox), 'ana torres');
		expect(byName.results.map((result) => result.value)).toEqual([SUBJECTS[0].id]);
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

	test.each(readingsOf('invitesForMembersOnly'))(
		'Create with an API key, $reading: the invite, or a refusal that says why and what to do',
		async ({ value: membersOnly, apply }) => {
			apply(sandbox);
			const { output, error } = await run('invite', 'create', {
				signatureRequestId: byId(await newRequest()),
				subjectId: byId(SUBJECTS[0].id),
			});
			if (!membersOnly) {
				expect(error).toBeUndefined();
				expect(output?.[0].json).toMatchObject({ status: 'PENDING' });
				return;
			}
			expect(error).toMatchObject({
				message: 'Plumaa refused: the API key is not allowed to do this',
			});
			expect(error?.description).toContain(
				'Plumaa said: Only members of the organization can invite signers',
			);
			expect(error?.description).toContain(INVITE_FORBIDDEN_HINT);
			expect(INVITE_FORBIDDEN_HINT).toContain('organization link');
		},
	);

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
	describe.each(readingsOf('unsetDatesAsNull'))('Get Many by status, $reading', ({ apply }) => {
		test("Signed, Rejected and Pending: the date filters Plumaa has, and each invite's own status", async () => {
			apply(sandbox);
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
