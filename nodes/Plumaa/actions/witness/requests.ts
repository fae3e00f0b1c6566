/** What Witness operations share: the document's hash, finding a witness, requesting a certificate. */
import type { Witness } from '../../../shared/api.types';
import { isWitness } from '../../../shared/presenters';
import { plumaaList } from '../../../shared/transport/lists';
import { findOne, requestOne } from '../../../shared/transport/request';
import { readHashParameter, readInputFile, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall } from '../../types';
import type { CertificateKind } from './descriptions';

/** Requests a single or grouped NOM-151 certificate for a witness; Plumaa answers the witness. */
export async function certifyWitness(
	item: ItemCall,
	witnessId: string,
	kind: CertificateKind,
): Promise<Witness> {
	return await requestOne(item, {
		method: 'POST',
		path: kind === 'single' ? '/nom151-certification' : '/schedule-grouped-nom151-certification',
		body: { witnessId },
		timeoutMs: readTimeoutOption(item),
		whenUnanswered: `The certificate may have been requested anyway (and a quota unit used). Check the witness with Witness → Get Many before running again.`,
		is: isWitness,
		what: 'a witness',
		notFound: {
			message: `Witness ${witnessId} was not found`,
			description:
				'It may belong to another organization than the credential’s API key. The ID is the one Witness → Create outputs.',
		},
	});
}

/** What to do when a document has no witness: the same advice wherever a lookup by hash comes back empty. */
export const NEVER_WITNESSED =
	'The document was never witnessed, or its bytes differ (a re-saved PDF has another hash). Create it with Witness → Create.';

/** The document's SHA-256: computed here from the item's file, or given. The file never leaves n8n. */
export async function readDocumentHash(item: ItemCall): Promise<string> {
	const source = item.context.getNodeParameter('source', item.itemIndex, 'binary') as string;
	return source === 'hash'
		? readHashParameter(item)
		: (await readInputFile(item)).digests.sha256Hex;
}

/**
 * This organization's witness of a hash, if any. Plumaa's lookup by hash spans every organization
 * ("All witnesses"), so the node asks the witness list, filtered by hash and organization.
 */
export async function findOwnWitness(
	item: ItemCall,
	hash: string,
	organizationId: string,
): Promise<Witness | undefined> {
	const [own] = await plumaaList<Witness>(item, {
		path: '/witnesses',
		filters: { hash: { eq: hash }, organization: { eq: organizationId } },
		// Kept only if it really is this organization's, whatever the list's filter did.
		keep: (witness) => witness.organization?.id?.toLowerCase() === organizationId,
		limit: 1,
		timeoutMs: readTimeoutOption(item),
		what: 'a list of witnesses',
	});
	return own;
}

/** Any organization's witness of a hash (Plumaa's lookup by hash), if any. */
export async function findAnyWitness(item: ItemCall, hash: string): Promise<Witness | undefined> {
	return await findOne(item, {
		method: 'GET',
		path: '/witness',
		qs: { hash },
		timeoutMs: readTimeoutOption(item),
		is: isWitness,
		what: 'a witness',
	});
}
