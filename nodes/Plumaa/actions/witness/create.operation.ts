import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { presentWitness, isWitness } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { digestsOf } from '../../../shared/transport/storage';
import {
	readHashParameter,
	readInputFile,
	readObjectIdParameter,
	readTimeoutOption,
} from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { PartialSuccess } from '../../types';
import { binaryPropertyField, hashField, organizationIdField } from '../common.descriptions';
import type { CertificateKind } from './descriptions';
import { certificationOnCreateField } from './descriptions';
import { certifyWitness } from './requests';

async function execute(item: ItemCall): Promise<IDataObject | PartialSuccess> {
	const { context, itemIndex } = item;
	const source = context.getNodeParameter('source', itemIndex, 'binary') as string;
	const organizationId = readObjectIdParameter(item, 'organizationId', 'Organization ID');
	const certification = context.getNodeParameter('certification', itemIndex, 'none') as
		CertificateKind | 'none';
	// The hash is computed here: the document itself never leaves n8n.
	const hash =
		source === 'hash'
			? readHashParameter(item)
			: digestsOf((await readInputFile(item)).bytes).sha256Hex;

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
	properties: [
		{
			displayName: 'Document',
			name: 'source',
			type: 'options',
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description: 'A file of the input item; the node computes its SHA-256',
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
		binaryPropertyField('The input binary field holding the document to witness', {
			show: { source: ['binary'] },
		}),
		hashField('SHA-256 of the document, 64 hexadecimal characters', { show: { source: ['hash'] } }),
		organizationIdField(
			'The organization the witness belongs to: the organization ID in any output of this node',
		),
		certificationOnCreateField,
	],
	execute,
};
