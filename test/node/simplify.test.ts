/**
 * Simplify (on by default) on every operation whose output is one of Plumaa's large objects: the default
 * output is the flat shape its `<operation>.json` schema describes (what the editor previews), Simplify off
 * is the whole object its `<operation>.full.json` describes with the same flat fields added, and the flat
 * fields agree with the whole ones.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SEED } from '../../dev/sandbox/server';
import { CERTIFICATES } from '../../dev/sandbox/esignature';
import { TriggerPoller } from '../harness/engine';
import { outputValidator, schemaErrors, triggerOutputValidator } from '../harness/output-schema';
import { byId, fileField, runResource, sandboxCredentials } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();
let documents = 0;
/** A new document's SHA-256 each time: Plumaa keeps one witness per hash. */
const newHash = () => createHash('sha256').update(`document ${++documents}`).digest('hex');
const organization = byId(SEED.organization.id);

function nestedFields(json: IDataObject): string[] {
	return Object.entries(json)
		.filter(([, value]) => typeof value === 'object' && value !== null && !Array.isArray(value))
		.map(([key]) => key);
}

async function run(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	files = false,
) {
	const result = await runResource(sandbox, resource, {
		operation,
		parameters,
		files: files ? [fileField()] : undefined,
	});
	expect(result.error).toBeUndefined();
	return result.output!.map((item) => item.json);
}

/** Each operation with Simplify, and how to make what it reads. */
const cases: Array<{
	resource: string;
	operation: string;
	parameters: () => INodeParameters;
	files?: boolean;
	agree: (simple: IDataObject, full: IDataObject) => void;
}> = [
	...['create', 'get', 'getAll', 'certify'].map((operation) => ({
		resource: 'witness',
		operation,
		parameters: (): INodeParameters => {
			const hash = newHash();
			if (operation === 'create') return { source: 'hash', hash, organizationId: organization };
			const witness = sandbox.esign.storeWitness(hash, SEED.organization.id);
			if (operation === 'get') return { hash, ownOrganizationId: SEED.organization.id };
			if (operation === 'getAll') return { organizationId: organization, limit: 1 };
			return { witnessId: byId(witness.id), certification: 'grouped' };
		},
		agree: (simple: IDataObject, full: IDataObject) =>
			expect(simple).toMatchObject({
				id: full.id,
				hash: full.hash,
				organizationId: (full.organization as IDataObject).id,
				organizationName: (full.organization as IDataObject).name,
				certified: full.certified,
				timestampedBy: full.timestampedBy,
			}),
	})),
	...['create', 'get', 'getAll', 'update'].map((operation) => ({
		resource: 'signatureRequest',
		operation,
		files: operation === 'create',
		parameters: (): INodeParameters => {
			if (operation === 'create')
				return {
					name: 'Contrato',
					organizationId: organization,
					content: 'pdf',
					binaryPropertyName: 'data',
				};
			const created = sandbox.esign.createRequest(
				{
					name: 'Contrato',
					organization: SEED.organization.id,
					content: {
						RawContent: { raw: sandbox.esign.uploaded(SEED.organization.id, 'Contrato') },
					},
				},
				SEED.organization.id,
			).body as { id: string };
			if (operation === 'getAll') return { limit: 1 };
			if (operation === 'get') return { signatureRequestId: byId(created.id) };
			return { signatureRequestId: byId(created.id), updateFields: { name: 'Contrato firmado' } };
		},
		agree: (simple: IDataObject, full: IDataObject) =>
			expect(simple).toMatchObject({
				id: full.id,
				name: full.name,
				contentType: full.contentType,
				organizationId: (full.organization as IDataObject).id,
				witnessId: (full.witness as IDataObject | undefined)?.id ?? null,
			}),
	})),
	{
		resource: 'certificate',
		operation: 'get',
		parameters: () => ({ certificateId: byId(CERTIFICATES[0].id) }),
		agree: (simple, full) =>
			expect(simple).toMatchObject({
				id: full.id,
				subjectRFC: (full.subject as IDataObject).RFC,
				issuerName: (full.issuer as IDataObject).commonName,
				validNow: full.validNow,
			}),
	},
];

describe.each(cases)(
	'Simplify: $resource → $operation',
	({ resource, operation, parameters, files, agree }) => {
		test('on by default: the flat fields its schema lists (no nested object); off: Plumaa’s whole object; both agree', async () => {
			// Create and Certify change what they act on: each run gets its own.
			const changes = ['create', 'certify'].includes(operation);
			const read = parameters();
			const [simple] = await run(resource, operation, read, files);
			const again = changes ? parameters() : read;
			const [full] = await run(resource, operation, { ...again, simplify: false }, files);

			const validateDefault = outputValidator(operation, resource, 'default');
			expect(validateDefault(simple) || schemaErrors(validateDefault)).toBe(true);
			expect(nestedFields(simple)).toEqual([]);
			const validateFull = outputValidator(operation, resource, 'full');
			expect(validateFull(full) || schemaErrors(validateFull)).toBe(true);
			expect(nestedFields(full)).toContain('organization' in full ? 'organization' : 'issuer');
			// What the editor previews (the default schema) is there with Simplify off too.
			expect(Object.keys(full)).toEqual(expect.arrayContaining(Object.keys(simple)));
			// Two objects (one per run): all but their IDs and hashes agree.
			agree(
				changes
					? {
							...simple,
							id: full.id,
							hash: full.hash,
							witnessId: (full.witness as IDataObject | undefined)?.id ?? null,
						}
					: simple,
				full,
			);
		});
	},
);

describe('Simplify in the Plumaa Trigger', () => {
	test('Witness Certified: flat by default, the whole witness with Simplify off', async () => {
		const watch = (simplify?: boolean) =>
			new TriggerPoller(
				{
					resource: 'witness',
					operation: 'certified',
					organizationId: SEED.organization.id,
					...(simplify === undefined ? {} : { simplify }),
				},
				sandboxCredentials(sandbox),
			);
		const flat = watch();
		const whole = watch(false);
		await flat.poll();
		await whole.poll();
		sandbox.esign.certificationDelayMs = 60_000;
		const witness = sandbox.esign.storeWitness(newHash(), SEED.organization.id);
		sandbox.esign.certify(witness.id, 'single', SEED.organization.id);
		sandbox.esign.issuePendingCertificates();
		const [simple] = await flat.poll();
		const [full] = await whole.poll();
		expect([simple, full].map((item) => item?.id)).toEqual([expect.any(String), simple?.id]);
		const validateDefault = triggerOutputValidator('witness', 'certified', 'default');
		const validateFull = triggerOutputValidator('witness', 'certified', 'full');
		expect(validateDefault(simple) || schemaErrors(validateDefault)).toBe(true);
		expect(validateFull(full) || schemaErrors(validateFull)).toBe(true);
		expect(simple).toMatchObject({ id: full.id, organizationId: SEED.organization.id });
		expect(nestedFields(simple)).toEqual([]);
	});
});
