import type { IDataObject } from 'n8n-workflow';

import { isWitness, presentWitness } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readHashParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { hashField } from '../common.descriptions';

async function execute(item: ItemCall): Promise<IDataObject> {
	const hash = readHashParameter(item);
	const witness = await requestOne(item, {
		method: 'GET',
		path: '/witness',
		qs: { hash },
		timeoutMs: readTimeoutOption(item),
		is: isWitness,
		what: 'a witness',
		notFound: {
			message: `No witness has the hash ${hash}`,
			description:
				'The document was never witnessed with this organization’s keys, or its bytes differ (a re-saved PDF has another hash). Create it with Witness → Create.',
		},
	});
	return presentWitness(witness);
}

export const getWitness: PlumaaOperation = {
	value: 'get',
	properties: [
		hashField(
			'SHA-256 of the document, 64 hexadecimal characters: the hash field of a Witness output',
		),
	],
	execute,
};
