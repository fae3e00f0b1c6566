import type { IDataObject } from 'n8n-workflow';

import { isInvite, presentInvite } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { objectIdLocator } from '../common.descriptions';

async function execute(item: ItemCall): Promise<IDataObject> {
	const id = readObjectIdParameter(item, 'inviteId', 'Invite ID');
	const invite = await requestOne(item, {
		method: 'GET',
		path: `/signature-request-invite/${id}`,
		timeoutMs: readTimeoutOption(item),
		is: isInvite,
		what: 'an invite',
		notFound: {
			message: `Invite ${id} was not found`,
			description:
				'It may belong to a signature request of another organization than the credential’s API key.',
		},
	});
	return presentInvite(invite);
}

export const getInvite: PlumaaOperation = {
	value: 'get',
	properties: [
		objectIdLocator({
			displayName: 'Invite ID',
			name: 'inviteId',
			description: 'The ID of the invite: the ID Invite → Create outputs',
		}),
	],
	execute,
};
