/**
 * Simplify (on by default for Plumaa's objects with more than 10 fields). Each object gets flat fields
 * derived from its nested ones (`organizationId`, `witnessId`, …). Simplify on: those and the object's most
 * used own fields, nothing nested. Off: Plumaa's whole object with the same flat fields added, so that every
 * field the editor previews (n8n previews one schema per operation, the simplified one) exists either way.
 * Fields an operation adds of its own (Create's `error` or `contentShape`) are kept in both.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** The Simplify field: the Plumaa node's router offers it where an operation has a shape below, the trigger for witness and signature request events. */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return only the fields a workflow uses most, flat (IDs instead of nested objects), instead of Plumaa’s whole object',
};

/** How an object is simplified: its own fields, those Simplify keeps, and the flat fields derived from it. */
export interface Shape {
	/** Every field of Plumaa's object (and of its presenter), to tell them from fields an operation adds. */
	own: readonly string[];
	/** The own fields Simplify keeps, in this order, before the derived ones. */
	kept: readonly string[];
	derive(output: IDataObject): IDataObject;
}

/** Simplify on: the kept fields, the derived ones, and what the operation added. */
export function simplified(shape: Shape, output: IDataObject): IDataObject {
	const kept = Object.fromEntries(
		shape.kept.filter((key) => key in output).map((key) => [key, output[key]]),
	);
	const added = Object.fromEntries(
		Object.entries(output).filter(([key]) => !shape.own.includes(key)),
	);
	return { ...kept, ...shape.derive(output), ...added };
}

/** Simplify off: the whole object, with the derived fields added. */
export function whole(shape: Shape, output: IDataObject): IDataObject {
	return { ...output, ...shape.derive(output) };
}

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined;
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
	return typeof value === 'number' ? value : null;
}

/** The organization an object belongs to, flat: its ID, name and NOM-151 certificates left (null when Plumaa did not say). */
function organizationFields(organization: unknown): IDataObject {
	return {
		organizationId: stringOrNull(field(organization, 'id')),
		organizationName: stringOrNull(field(organization, 'name')),
		nom151Left: numberOrNull(field(field(organization, 'quota'), 'nom151')),
		groupedNOM151Left: numberOrNull(field(field(organization, 'quota'), 'groupedNOM151')),
	};
}

export const WITNESS_SHAPE: Shape = {
	own: [
		'id',
		'hash',
		'algorithm',
		'organization',
		'signatureRequest',
		'nom151',
		'merkleized',
		'witnessCo',
		'timestampedAt',
		'createdAt',
		'updatedAt',
		'certified',
		'certification',
		'timestamped',
		'timestampedBy',
	],
	kept: ['id', 'hash', 'certified', 'certification', 'timestamped', 'timestampedBy', 'createdAt'],
	derive: (witness) => ({
		timestampedAt: stringOrNull(witness.timestampedAt),
		signatureRequestId: stringOrNull(field(witness.signatureRequest, 'id')),
		...organizationFields(witness.organization),
	}),
};

export const SIGNATURE_REQUEST_SHAPE: Shape = {
	own: [
		'id',
		'name',
		'draft',
		'finalized',
		'content',
		'contentType',
		'anonymousKey',
		'organization',
		'witness',
		'invites',
		'signed',
		'pending',
		'rejected',
		'rejectedAt',
		'createdAt',
		'updatedAt',
	],
	kept: [
		'id',
		'name',
		'contentType',
		'draft',
		'finalized',
		'signed',
		'pending',
		'rejected',
		'createdAt',
		'updatedAt',
	],
	derive: (request) => ({
		witnessId: stringOrNull(field(request.witness, 'id')),
		organizationId: stringOrNull(field(request.organization, 'id')),
		organizationName: stringOrNull(field(request.organization, 'name')),
	}),
};

export const CERTIFICATE_SHAPE: Shape = {
	own: [
		'id',
		'serialNumber',
		'issuer',
		'notBefore',
		'notAfter',
		'subject',
		'publicKey',
		'version',
		'hash',
		'certificatePem',
		'revoked',
		'validNow',
		'createdAt',
		'updatedAt',
	],
	kept: ['id', 'serialNumber', 'notBefore', 'notAfter', 'revoked', 'validNow'],
	derive: (certificate) => ({
		subjectName: stringOrNull(field(certificate.subject, 'commonName')),
		subjectRFC: stringOrNull(field(certificate.subject, 'RFC')),
		issuerName: stringOrNull(field(certificate.issuer, 'commonName')),
	}),
};
