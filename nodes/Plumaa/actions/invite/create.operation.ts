import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { unexpectedAnswerError } from '../../transport/errors';
import { objectIdLocator, readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import { signatureRequestIdField } from '../signatureRequest/fields';
import type { PlumaaOperation } from '../types';
import { isInvite, presentInvite } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const signatureRequest = readObjectIdParameter(this, 'signatureRequestId', 'Signature Request', itemIndex);
	const subject = readObjectIdParameter(this, 'subjectId', 'Signer', itemIndex);
	const created = await plumaaApiRequest.call(this, {
		method: 'POST',
		path: '/signature-request-invite',
		body: { input: { signatureRequest, subject } },
		itemIndex,
		timeoutMs: readTimeoutOption(this, itemIndex),
		call: 'invite.create',
		whenUnanswered: 'The signer may have been invited anyway. Check with Invite → Get Many (this signature request) before running again.',
	});
	if (!created.found || !isInvite(created.data)) throw unexpectedAnswerError(this.getNode(), 'create invite', itemIndex, 'an invite');
	return presentInvite(created.data);
}

export const createInvite: PlumaaOperation = {
	value: 'create',
	properties: [
		signatureRequestIdField('The signature request to invite the signer to'),
		objectIdLocator(
			{ displayName: 'Signer', name: 'subjectId', description: 'The signer (subject) to invite: its ID from Subject → Search, or pick one From List' },
			{ searchListMethod: 'searchSubjects' },
		),
	],
	execute,
};
