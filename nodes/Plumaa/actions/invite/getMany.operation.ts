import type { SignatureRequestInvite } from '../../../shared/api.types';
import { inviteStatuses, inviteStatusFilters } from '../../../shared/disputed';
import { presentInvite } from '../../../shared/presenters';
import { readObjectIdParameter } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { filtersCollection, returnAllFields } from '../common.descriptions';
import { listForItem } from '../getMany';
import { signatureRequestIdField } from '../signatureRequest/descriptions';

type StatusFilter = 'any' | keyof typeof inviteStatusFilters;

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const signatureRequest = readObjectIdParameter(item, 'signatureRequestId', 'Signature Request');
	const status =
		(item.context.getNodeParameter('filters.status', item.itemIndex, 'any') as StatusFilter) ??
		'any';
	return await listForItem<SignatureRequestInvite>(
		item,
		{
			path: '/signature-request-invites',
			filters: {
				signatureRequest: { eq: signatureRequest },
				...(status === 'any' ? {} : inviteStatusFilters[status]),
				sort: { field: 'createdAt', order: 'asc' },
			},
			// Each invite's own status too: the date filters also match a stored null (see disputed).
			keep:
				status === 'any' ? undefined : (invite) => inviteStatuses[status].includes(invite.status),
			what: 'a list of invites',
		},
		presentInvite,
	);
}

export const getManyInvites: PlumaaOperation = {
	value: 'getAll',
	properties: [
		signatureRequestIdField('The signature request whose invites to list'),
		...returnAllFields,
		filtersCollection([
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Pending', value: 'pending', description: 'Neither signed nor rejected yet' },
					{ name: 'Rejected', value: 'rejected' },
					{
						name: 'Signed',
						value: 'signed',
						description: 'Signed (including signed and witnessed)',
					},
				],
				default: 'any',
			},
		]),
	],
	execute,
};
