/** Fields the Witness operations share: the witness ID and the kind of certificate. */
import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyField, hashField, objectIdLocator } from '../common.descriptions';

export type CertificateKind = 'single' | 'grouped';

export const witnessIdField: INodeProperties = objectIdLocator({
	displayName: 'Witness ID',
	name: 'witnessId',
	description: 'The ID of the witness: the ID that Witness → Create outputs',
});

const groupedCertificate = {
	name: 'Grouped NOM-151 Certificate',
	value: 'grouped',
	description:
		'Certified with others in a Merkle tree that Plumaa sends periodically (uses the grouped quota)',
};
const singleCertificate = {
	name: 'Single NOM-151 Certificate',
	value: 'single',
	description:
		'A certificate of its own, requested now (uses one of the organization’s NOM-151 certificates)',
};
const certificateKinds = [groupedCertificate, singleCertificate];

/** Create: whether to certify right away. */
export const certificationOnCreateField: INodeProperties = {
	displayName: 'Certification',
	name: 'certification',
	type: 'options',
	options: [
		groupedCertificate,
		{ name: 'None', value: 'none', description: 'Only witness the document; certify it later' },
		singleCertificate,
	],
	default: 'none',
	description:
		'Whether and how to request a NOM-151 conservation certificate for the document right away',
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

/** What identifies the document: a file of the item (the node hashes it) or its SHA-256. */
export function documentFields(binaryDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Document',
			name: 'source',
			type: 'options',
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description:
						'A file of the input item (a PDF, an XML invoice, any file); the node computes its SHA-256',
				},
				{
					name: 'SHA-256 Hash',
					value: 'hash',
					description: 'The document’s SHA-256, computed elsewhere',
				},
			],
			default: 'binary',
			description: 'What identifies the document. Only its hash is sent to Plumaa, never the file.',
		},
		binaryPropertyField(binaryDescription, { show: { source: ['binary'] } }),
		hashField('SHA-256 of the document, 64 hexadecimal characters', { show: { source: ['hash'] } }),
	];
}
