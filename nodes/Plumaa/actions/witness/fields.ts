/**
 * Fields and rules the Witness operations share: the witness ID, the kind of certificate, and the
 * output every Witness operation hands on.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { certificationOf } from '../../transport/disputed';
import { unexpectedAnswerError } from '../../transport/errors';
import type { Witness, WitnessOutput } from '../../types';
import { objectIdLocator, quoteValue, readTimeoutOption } from '../common.descriptions';

export type CertificateKind = 'single' | 'grouped';

export const witnessIdField: INodeProperties = objectIdLocator({
	displayName: 'Witness ID',
	name: 'witnessId',
	description: 'The ID of the witness: the ID that Witness → Create outputs',
});

const certificateKinds = [
	{
		name: 'Single NOM-151 Certificate',
		value: 'single',
		description: 'A certificate of its own, requested now (uses one of the organization’s NOM-151 certificates)',
	},
	{
		name: 'Grouped NOM-151 Certificate',
		value: 'grouped',
		description: 'Certified with others in a Merkle tree that Plumaa sends periodically (uses the grouped quota)',
	},
];

/** Create: whether to certify right away. */
export const certificationOnCreateField: INodeProperties = {
	displayName: 'Certification',
	name: 'certification',
	type: 'options',
	options: [{ name: 'None', value: 'none', description: 'Only witness the document; certify it later' }, ...certificateKinds],
	default: 'none',
	description: 'Whether and how to request a NOM-151 conservation certificate for the document right away',
};

/** Certify: which certificate. */
export const certificationKindField: INodeProperties = {
	displayName: 'Certification',
	name: 'certification',
	type: 'options',
	options: certificateKinds,
	default: 'single',
	description: 'Which NOM-151 conservation certificate to request',
};

/** The document's SHA-256, for Create (given hash) and Get. */
export function hashField(description: string, displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Hash',
		name: 'hash',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** A SHA-256 hash as Plumaa stores it: 64 hexadecimal characters, lowercase. */
export function readHashParameter(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('hash', itemIndex, '') as unknown;
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!SHA256_HEX.test(value)) {
		throw new NodeOperationError(context.getNode(), value === '' ? "'Hash' is empty" : `'Hash' is not a SHA-256 hash: ${quoteValue(value)}`, {
			itemIndex,
			description: 'Give the SHA-256 of the document as 64 hexadecimal characters (0-9, a-f), e.g. the output of `sha256sum`. Or choose Binary File and let the node compute it.',
		});
	}
	return value.toLowerCase();
}

export function isWitness(data: unknown): data is Witness {
	return typeof data === 'object' && data !== null && typeof (data as Witness).id === 'string' && typeof (data as Witness).hash === 'string';
}

/** The witness as every Witness operation hands it on, with `certified` derived (see transport/disputed). */
export function presentWitness(witness: Witness): WitnessOutput & IDataObject {
	const certification = certificationOf(witness);
	return { ...witness, certified: certification !== null, certification } as WitnessOutput & IDataObject;
}

/** Requests a single or grouped NOM-151 certificate for a witness; Plumaa answers the witness. */
export async function certifyWitness(this: IExecuteFunctions, itemIndex: number, witnessId: string, kind: CertificateKind): Promise<Witness> {
	const result = await plumaaApiRequest.call(this, {
		method: 'POST',
		path: kind === 'single' ? '/nom151-certification' : '/schedule-grouped-nom151-certification',
		body: { witnessId },
		itemIndex,
		timeoutMs: readTimeoutOption(this, itemIndex),
		call: 'witness.certify',
		whenUnanswered: `The certificate may have been requested anyway (and a quota unit used). Check the witness with Witness → Get Many before running again.`,
	});
	if (!result.found) {
		throw new NodeOperationError(this.getNode(), `Witness ${witnessId} was not found`, {
			itemIndex,
			description: 'It may belong to another organization than the credential’s API key. The ID is the one Witness → Create outputs.',
		});
	}
	if (!isWitness(result.data)) throw unexpectedAnswerError(this.getNode(), 'certify', itemIndex, 'a witness');
	return result.data;
}
