import type { PlumaaResource } from '../../types';
import { createInvite } from './create.operation';
import { getInvite } from './get.operation';
import { getManyInvites } from './getMany.operation';

export const inviteResource: PlumaaResource = {
	value: 'invite',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invite'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Invite signer',
				description: 'Invite a signer to a signature request',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get invite',
				description: 'Get an invite and its status',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many invites',
				description: 'List the invites of a signature request',
			},
		],
		default: 'create',
	},
	operations: [createInvite, getInvite, getManyInvites],
};
