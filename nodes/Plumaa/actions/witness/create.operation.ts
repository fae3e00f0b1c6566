import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { presentWitness, isWitness } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readOrganizationId, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { PartialSuccess } from '../../types';
import { organizationIdField } from '../common.descriptions';
import type { CertificateKind } from './descriptions';
import { certificationOnCreateField, documentFields } from './descriptions';
import { certifyWitness, readDocumentHash } from './requests';
import { WITNESS_SHAPE } from '../../../shared/simplified';

async function execute(item: ItemCall): Promise<IDataObject | PartialSuccess> {
	const { context, itemIndex } = item;
	const organizationId = await readOrganizationId(item);
	const certification = context.getNodeParameter('certification', itemIndex, 'none') as
		CertificateKind | 'none';
	const hash = await readDocumentHash(item);

	const witness = await requestOne(item, {
		method: 'POST',
		path: '/witness',
		body: { input: { hash, algorithm: 'SHA256', organization: organizationId } },
		timeoutMs: readTimeoutOption(item),
		is: isWitness,
		what: 'a witness',
	});
	if (certification === 'none') return presentWitness(witness);

	// The witness stands whatever the certificate does: when it fails, the item hands the witness on with its error.
	return await certifyWitness(item, witness.id, certification).then(
		presentWitness,
		async (reason: unknown) =>
			reason instanceof NodeApiError || reason instanceof NodeOperationError
				? new PartialSuccess(presentWitness(witness), reason)
				: await Promise.reject(reason),
	);
}

export const createWitness: PlumaaOperation = {
	value: 'create',
	shape: WITNESS_SHAPE,
	properties: [
		...documentFields('The input binary field holding the document to witness'),
		organizationIdField(
			'The organization the witness belongs to: the organization ID in any output of this node',
		),
		certificationOnCreateField,
	],
	execute,
};
