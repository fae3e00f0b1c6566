import type { IDataObject } from 'n8n-workflow';

import { certificationOf, strategiesOf } from '../../../shared/disputed';
import { notFoundError } from '../../../shared/transport/errors';
import { readOrganizationId } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation, VerificationOutput } from '../../types';
import { optionsCollection, organizationIdField } from '../common.descriptions';
import { documentFields } from './descriptions';
import { findOwnWitness, NEVER_WITNESSED, readDocumentHash } from './requests';

/**
 * Is this file the one this organization witnessed, and when was it timestamped? One typed item
 * either way: a file never witnessed is an answer (`witnessed: false`) an IF node can branch on.
 */
async function execute(item: ItemCall): Promise<IDataObject> {
	const hash = await readDocumentHash(item);
	const organizationId = await readOrganizationId(item);
	const options = item.context.getNodeParameter('options', item.itemIndex, {}) as {
		errorWhenNotWitnessed?: boolean;
	};
	const witness = await findOwnWitness(item, hash, organizationId);
	if (!witness && options.errorWhenNotWitnessed === true)
		throw notFoundError(
			item.context.getNode(),
			`Organization ${organizationId} never witnessed this document (SHA-256 ${hash})`,
			item.itemIndex,
			NEVER_WITNESSED,
		);
	const certification = witness ? certificationOf(witness) : null;
	const timestampedBy = witness ? strategiesOf(witness) : [];
	const output: VerificationOutput = {
		hash,
		witnessed: witness !== undefined,
		certified: certification !== null,
		certification,
		timestamped: timestampedBy.length > 0 || typeof witness?.timestampedAt === 'string',
		timestampedBy,
		timestampedAt: witness?.timestampedAt ?? null,
		witnessId: witness?.id ?? null,
		signatureRequestId: witness?.signatureRequest?.id ?? null,
		organizationId,
		...(witness ? { organization: witness.organization } : {}),
	};
	return output;
}

export const verifyWitness: PlumaaOperation = {
	value: 'verify',
	properties: [
		...documentFields('The input binary field holding the file to verify, e.g. data'),
		organizationIdField(
			'The organization whose witness proves the document: the organization ID in any output of this node',
		),
		optionsCollection([
			{
				displayName: 'Error When Not Witnessed',
				name: 'errorWhenNotWitnessed',
				type: 'boolean',
				default: false,
				description:
					'Whether a document this organization never witnessed fails the item, instead of an item with witnessed false',
			},
		]),
	],
	execute,
};
