import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { Certificate, SignatureRequestInvite } from '../../../shared/api.types';
import { certificationOf, strategiesOf } from '../../../shared/disputed';
import { contentTypeOf, isCertificate, isSubject, validAt } from '../../../shared/presenters';
import { plumaaList } from '../../../shared/transport/lists';
import { findOne } from '../../../shared/transport/request';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type {
	CertificateEvidence,
	EvidenceOutput,
	ItemCall,
	OutputItem,
	PlumaaOperation,
	SignerEvidence,
} from '../../types';
import { optionsCollection } from '../common.descriptions';
import { signatureRequestIdField } from './descriptions';
import { documentOf, fileNameOf, getRequest } from './requests';

interface EvidenceOptions {
	attachDocument?: boolean;
	documentField?: string;
	attachEvidence?: boolean;
	evidenceField?: string;
}

/** The certificate an invite was signed with: the object it holds, or the one its ID names. */
async function certificateOf(
	item: ItemCall,
	invite: SignatureRequestInvite,
	timeoutMs: number,
	read: Map<string, Promise<Certificate | undefined>>,
): Promise<Certificate | undefined> {
	const held = invite.certificate;
	if (held === undefined || held === null) return undefined;
	if (typeof held !== 'string') return isCertificate(held) ? held : undefined;
	// Each certificate ID is read once per item, however many invites name it.
	if (!read.has(held))
		read.set(
			held,
			findOne(item, {
				method: 'GET',
				path: `/certificate/${held}`,
				timeoutMs,
				is: isCertificate,
				what: 'a certificate',
			}),
		);
	return await read.get(held);
}

function certificateEvidence(
	certificate: Certificate,
	signedAt: string | undefined,
): CertificateEvidence {
	return {
		id: certificate.id,
		serialNumber: certificate.serialNumber,
		issuer: certificate.issuer?.commonName ?? null,
		issuerRFC: certificate.issuer?.RFC ?? null,
		notBefore: certificate.notBefore,
		notAfter: certificate.notAfter,
		revoked: certificate.revoked,
		validAtSigning: signedAt === undefined ? null : validAt(certificate, signedAt),
	};
}

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const { context, itemIndex } = item;
	const id = readObjectIdParameter(item, 'signatureRequestId', 'Signature Request');
	const options = context.getNodeParameter('options', itemIndex, {}) as EvidenceOptions;
	const timeoutMs = readTimeoutOption(item);
	const request = await getRequest(item, id, timeoutMs);
	// The invites as their own list gives them whole (signature, certificate, OCSP answer).
	const invites = await plumaaList<SignatureRequestInvite>(item, {
		path: '/signature-request-invites',
		filters: { signatureRequest: { eq: id }, sort: { field: 'createdAt', order: 'asc' } },
		timeoutMs,
		what: 'the invites of the signature request',
	});
	const read = new Map<string, Promise<Certificate | undefined>>();
	const signers: SignerEvidence[] = await Promise.all(
		invites.map(async (invite) => {
			const signedAt = typeof invite.signedAt === 'string' ? invite.signedAt : undefined;
			const certificate = await certificateOf(item, invite, timeoutMs, read);
			const subject = isSubject(invite.subject) ? invite.subject : undefined;
			return {
				inviteId: invite.id,
				status: invite.status,
				name: subject?.commonName ?? null,
				RFC: subject?.RFC ?? null,
				CURP: subject?.serialNumber ?? null,
				email: subject?.emailAddress ?? null,
				signedAt: signedAt ?? null,
				rejectedAt: typeof invite.rejectedAt === 'string' ? invite.rejectedAt : null,
				signature: invite.signature ?? null,
				certificate: certificate ? certificateEvidence(certificate, signedAt) : null,
				ocspResponsePresent: typeof invite.ocspResponse === 'string' && invite.ocspResponse !== '',
			};
		}),
	);

	const witness = request.witness;
	const certification = witness ? certificationOf(witness) : null;
	const timestampedBy = witness ? strategiesOf(witness) : [];
	const timestamped = timestampedBy.length > 0;
	const signed = signers.filter(
		(signer) => signer.status === 'SIGNED' || signer.status === 'WITNESSED',
	).length;
	const allSigned = signers.length > 0 && signed === signers.length;
	const evidence: EvidenceOutput = {
		signatureRequest: {
			id: request.id,
			name: request.name,
			contentType: contentTypeOf(request),
			draft: request.draft,
			finalized: request.finalized,
			createdAt: request.createdAt,
			updatedAt: request.updatedAt,
		},
		organization: request.organization,
		witness: witness
			? {
					id: witness.id,
					hash: witness.hash,
					certified: certification !== null,
					certification,
					timestamped,
					timestampedBy,
					timestampedAt: witness.timestampedAt ?? null,
				}
			: null,
		signers,
		summary: {
			signers: signers.length,
			signed,
			pending: signers.filter((signer) => signer.status === 'PENDING').length,
			rejected: signers.filter((signer) => signer.status === 'REJECTED').length,
			allSigned,
			certified: certification !== null,
			timestamped,
			complete: allSigned && request.finalized && timestamped,
		},
	};

	const binary: Record<string, IBinaryData> = {};
	if (options.attachDocument === true) {
		const document = await documentOf(item, request, timeoutMs, 'Attach Document');
		binary[fieldName(options.documentField, 'document')] = await context.helpers.prepareBinaryData(
			document.data,
			document.fileName,
			document.mimeType,
		);
	}
	if (options.attachEvidence === true) {
		binary[fieldName(options.evidenceField, 'evidence')] = await context.helpers.prepareBinaryData(
			Buffer.from(`${JSON.stringify(evidence, null, 2)}\n`, 'utf8'),
			fileNameOf(request, 'evidence.json'),
			'application/json',
		);
	}
	const json = evidence as unknown as IDataObject;
	return [Object.keys(binary).length > 0 ? { json, binary } : { json }];
}

function fieldName(given: string | undefined, fallback: string): string {
	return (given ?? fallback).trim() || fallback;
}

export const getSignatureRequestEvidence: PlumaaOperation = {
	value: 'getEvidence',
	properties: [
		signatureRequestIdField('The signature request whose evidence to collect'),
		optionsCollection([
			{
				displayName: 'Attach Document',
				name: 'attachDocument',
				type: 'boolean',
				default: false,
				description:
					'Whether to put the document, as it was uploaded, in a binary field (a PDF, a text or a JSON file)',
			},
			{
				displayName: 'Attach Evidence File',
				name: 'attachEvidence',
				type: 'boolean',
				default: false,
				description:
					'Whether to put the evidence (this item’s JSON) in a binary field as an evidence JSON file, ready for a storage node',
			},
			{
				displayName: 'Put Document in Field',
				name: 'documentField',
				type: 'string',
				default: 'document',
				displayOptions: { show: { attachDocument: [true] } },
				description: 'The binary field the document goes in',
			},
			{
				displayName: 'Put Evidence in Field',
				name: 'evidenceField',
				type: 'string',
				default: 'evidence',
				displayOptions: { show: { attachEvidence: [true] } },
				description: 'The binary field the evidence file goes in',
			},
		]),
	],
	execute,
};
