/**
 * How both nodes recognise Plumaa's answers and hand them on: a type guard and a presenter per kind
 * of object, so an action's output and a trigger event's are the same shape.
 */
import type { IDataObject } from 'n8n-workflow';

import type {
	ApiKey,
	Certificate,
	PresignedUpload,
	SignatureRequest,
	SignatureRequestInvite,
	Subject,
	Timepoint,
	Witness,
	WitnessOutput,
} from './api.types';
import { certificationOf, strategiesOf } from './disputed';

function isObject(data: unknown): data is Record<string, unknown> {
	return typeof data === 'object' && data !== null;
}

export function isApiKey(data: unknown): data is ApiKey {
	return isObject(data) && typeof data.id === 'string';
}

export function isWitness(data: unknown): data is Witness {
	return isObject(data) && typeof data.id === 'string' && typeof data.hash === 'string';
}

export function isSignatureRequest(data: unknown): data is SignatureRequest {
	return isObject(data) && typeof data.id === 'string' && typeof data.finalized === 'boolean';
}

/** Where a file goes before a signature request names it: a presigned upload URL and the storage key. */
export function isPresignedUpload(data: unknown): data is PresignedUpload {
	return isObject(data) && typeof data.url === 'string' && typeof data.key === 'string';
}

export function isSubject(data: unknown): data is Subject {
	return isObject(data) && typeof data.id === 'string' && typeof data.commonName === 'string';
}

export function isCertificate(data: unknown): data is Certificate {
	return isObject(data) && typeof data.id === 'string' && typeof data.serialNumber === 'string';
}

/** Whether a certificate was good at a time: not revoked, and within its validity. */
export function validAt(certificate: Certificate, at: string | number): boolean {
	const time = typeof at === 'number' ? at : Date.parse(at);
	return (
		!certificate.revoked &&
		Date.parse(certificate.notBefore) <= time &&
		time <= Date.parse(certificate.notAfter)
	);
}

/** The certificate as Plumaa answers it, and whether it is valid now. */
export function presentCertificate(certificate: Certificate, now: number): IDataObject {
	return { ...certificate, validNow: validAt(certificate, now) };
}

/** Signature requests created per bucket of time: a list of `{ mark, count }`. */
export function isTimeseries(data: unknown): data is Timepoint[] {
	return (
		Array.isArray(data) &&
		data.every((point) => isObject(point) && 'mark' in point && typeof point.count === 'number')
	);
}

export function isInvite(data: unknown): data is SignatureRequestInvite {
	return isObject(data) && typeof data.id === 'string' && typeof data.status === 'string';
}

/**
 * The witness with what its strategies mean derived (see ./disputed): `certified` / `certification` for
 * NOM-151, `timestamped` / `timestampedBy` for any strategy, witness.co included.
 */
export function presentWitness(witness: Witness): WitnessOutput & IDataObject {
	const certification = certificationOf(witness);
	const timestampedBy = strategiesOf(witness);
	return {
		...witness,
		certified: certification !== null,
		certification,
		timestamped: timestampedBy.length > 0 || typeof witness.timestampedAt === 'string',
		timestampedBy,
	};
}

/** What kind of content a request carries, as outputs name it: pdf, text, json or iou. */
export function contentTypeOf(request: SignatureRequest): 'pdf' | 'text' | 'json' | 'iou' {
	const content: Record<string, unknown> = request.content;
	if (typeof content.pdf === 'string') return 'pdf';
	if (typeof content.json === 'string') return 'json';
	if ('debtor' in content) return 'iou';
	return 'text';
}

export function presentSignatureRequest(
	request: SignatureRequest,
): SignatureRequest & { contentType: string } & IDataObject {
	return { ...request, contentType: contentTypeOf(request) };
}

/** The invite; an unset date Plumaa stored as `null` is left out, as the OpenAPI file describes it ("Only present if"). */
export function presentInvite(
	invite: SignatureRequestInvite,
): SignatureRequestInvite & IDataObject {
	const { signedAt, rejectedAt, ...rest } = invite;
	return {
		...rest,
		...(signedAt === null || signedAt === undefined ? {} : { signedAt }),
		...(rejectedAt === null || rejectedAt === undefined ? {} : { rejectedAt }),
	};
}

export function presentSubject(subject: Subject): Subject & IDataObject {
	return { ...subject };
}
