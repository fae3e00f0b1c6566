import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { notFoundError, unexpectedAnswerError } from '../../transport/errors';
import { readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { hashField, isWitness, presentWitness, readHashParameter } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const hash = readHashParameter(this, itemIndex);
	const result = await plumaaApiRequest.call(this, { method: 'GET', path: '/witness', qs: { hash }, itemIndex, timeoutMs: readTimeoutOption(this, itemIndex) });
	if (!result.found) {
		throw notFoundError(this.getNode(), `No witness has the hash ${hash}`, itemIndex, 'The document was never witnessed with this organization’s keys, or its bytes differ (a re-saved PDF has another hash). Create it with Witness → Create.');
	}
	if (!isWitness(result.data)) throw unexpectedAnswerError(this.getNode(), 'get witness', itemIndex, 'a witness');
	return presentWitness(result.data);
}

export const getWitness: PlumaaOperation = {
	value: 'get',
	properties: [hashField('SHA-256 of the document, 64 hexadecimal characters: the hash field of a Witness output')],
	execute,
};
