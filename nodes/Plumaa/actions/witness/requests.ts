/** The API call two Witness operations share: requesting a NOM-151 certificate. */
import type { Witness } from '../../../shared/api.types';
import { isWitness } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readTimeoutOption } from '../../helpers/parameters';
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
