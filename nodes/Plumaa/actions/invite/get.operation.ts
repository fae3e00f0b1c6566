import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { notFoundError, unexpectedAnswerError } from '../../transport/errors';
import { objectIdLocator, readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { isInvite, presentInvite } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readObjectIdParameter(this, 'inviteId', 'Invite ID', itemIndex);
	const result = await plumaaApiRequest.call(this, { method: 'GET', path: `/signature-request-invite/${id}`, itemIndex, timeoutMs: readTimeoutOption(this, itemIndex) });
	if (!result.found) throw notFoundError(this.getNode(), `Invite ${id} was not found`, itemIndex, 'It may belong to a signature request of another organization than the credential’s API key.');
	if (!isInvite(result.data)) throw unexpectedAnswerError(this.getNode(), 'get invite', itemIndex, 'an invite');
	return presentInvite(result.data);
}

export const getInvite: PlumaaOperation = {
	value: 'get',
	properties: [objectIdLocator({ displayName: 'Invite ID', name: 'inviteId', description: 'The ID of the invite: the ID Invite → Create outputs' })],
	execute,
};
