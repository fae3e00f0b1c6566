import type { IDataObject } from 'n8n-workflow';

import { isInvite, presentInvite } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { objectIdLocator } from '../common.descriptions';
import { signatureRequestIdField } from '../signatureRequest/descriptions';

async function execute(item: ItemCall): Promise<IDataObject> {
	const signatureRequest = readObjectIdParameter(item, 'signatureRequestId', 'Signature Request');
	const subject = readObjectIdParameter(item, 'subjectId', 'Signer');
	const invite = await requestOne(item, {
		method: 'POST',
		path: '/signature-request-invite',
		body: { input: { signatureRequest, subject } },
		timeoutMs: readTimeoutOption(item),
		forbiddenHint: 'inviteCreate',
		whenUnanswered:
			'The signer may have been invited anyway. Check with Invite → Get Many (this signature request) before running again.',
		is: isInvite,
		what: 'an invite',
	});
	return presentInvite(invite);
}

export const createInvite: PlumaaOperation = {
	value: 'create',
	properties: [
		signatureRequestIdField('The signature request to invite the signer to'),
		objectIdLocator(
			{
				displayName: 'Signer',
				name: 'subjectId',
				description:
					'The signer (subject) to invite: its ID from Subject → Search, or pick one From List',
			},
			{ searchListMethod: 'searchSubjects' },
		),
	],
	execute,
};
