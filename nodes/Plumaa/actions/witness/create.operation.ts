import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { unexpectedAnswerError } from '../../transport/errors';
import { digestsOf } from '../../transport/storage';
import { binaryPropertyField, readInputFile } from '../binary';
import { organizationIdField, readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { withPartialOutput } from '../types';
import type { CertificateKind } from './fields';
import { certificationOnCreateField, certifyWitness, hashField, isWitness, presentWitness, readHashParameter } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const source = this.getNodeParameter('source', itemIndex, 'binary') as string;
	const organizationId = readObjectIdParameter(this, 'organizationId', 'Organization ID', itemIndex);
	const certification = this.getNodeParameter('certification', itemIndex, 'none') as CertificateKind | 'none';
	// The hash is computed here: the document itself never leaves n8n.
	const hash = source === 'hash' ? readHashParameter(this, itemIndex) : digestsOf((await readInputFile(this, itemIndex)).bytes).sha256Hex;

	const created = await plumaaApiRequest.call(this, {
		method: 'POST',
		path: '/witness',
		body: { input: { hash, algorithm: 'SHA256', organization: organizationId } },
		itemIndex,
		timeoutMs: readTimeoutOption(this, itemIndex),
		call: 'witness.create',
	});
	if (!created.found || !isWitness(created.data)) throw unexpectedAnswerError(this.getNode(), 'create witness', itemIndex, 'a witness');
	if (certification === 'none') return presentWitness(created.data);

	try {
		return presentWitness(await certifyWitness.call(this, itemIndex, created.data.id, certification));
	} catch (error) {
		// The witness stands: under continue-on-fail the item hands it on with the certificate's error.
		throw withPartialOutput(error as Parameters<typeof withPartialOutput>[0], presentWitness(created.data));
	}
}

export const createWitness: PlumaaOperation = {
	value: 'create',
	properties: [
		{
			displayName: 'Document',
			name: 'source',
			type: 'options',
			options: [
				{ name: 'Binary File', value: 'binary', description: 'A file of the input item; the node computes its SHA-256' },
				{ name: 'SHA-256 Hash', value: 'hash', description: 'The document’s SHA-256, computed elsewhere' },
			],
			default: 'binary',
			description: 'What identifies the document. Only its hash is sent to Plumaa, never the file.',
		},
		binaryPropertyField('The input binary field holding the document to witness', { show: { source: ['binary'] } }),
		hashField('SHA-256 of the document, 64 hexadecimal characters', { show: { source: ['hash'] } }),
		organizationIdField('The organization the witness belongs to: the organization ID in any output of this node'),
		certificationOnCreateField,
	],
	execute,
};
