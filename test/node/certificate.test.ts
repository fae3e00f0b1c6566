import { outputValidator, schemaErrors } from '../harness/output-schema';
import { byId, runResource } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';
import { CERTIFICATES, ISSUER, SUBJECTS } from '../../dev/sandbox/esignature';

const sandbox = useSandbox();
const validate = outputValidator('get', 'certificate');

async function getCertificate(id: string) {
	return await runResource(sandbox, 'certificate', {
		operation: 'get',
		parameters: { certificateId: byId(id), simplify: false },
	});
}

describe('Certificate → Get', () => {
	test.each([
		{ signer: 'a linked signer', index: 0, revoked: false, validNow: true },
		{
			signer: 'a linked signer whose certificate was revoked',
			index: 1,
			revoked: true,
			validNow: false,
		},
		{ signer: 'a member of the organization', index: 3, revoked: false, validNow: true },
	])(
		'$signer: issuer, validity, revoked, and whether it is valid now',
		async ({ index, revoked, validNow }) => {
			const { output, error } = await getCertificate(CERTIFICATES[index].id);
			expect(error).toBeUndefined();
			expect(sandbox.apiRequests()[0].path).toBe(`/rest/v1/certificate/${CERTIFICATES[index].id}`);
			const item = output?.[0].json;
			expect(item).toMatchObject({
				id: CERTIFICATES[index].id,
				serialNumber: CERTIFICATES[index].serialNumber,
				issuer: { commonName: ISSUER.commonName, RFC: ISSUER.RFC },
				subject: { id: SUBJECTS[index].id, RFC: SUBJECTS[index].RFC },
				revoked,
				validNow,
			});
			expect(validate(item) || schemaErrors(validate)).toBe(true);
		},
	);

	test('a certificate of a signer not linked to the organization: a named not-found', async () => {
		const { error } = await getCertificate(CERTIFICATES[2].id);
		expect(error?.message).toBe(`Certificate ${CERTIFICATES[2].id} was not found`);
	});
});
