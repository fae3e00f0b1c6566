import type { IExecuteFunctions } from 'n8n-workflow';

import { inviteStatusFilters } from '../../transport/disputed';
import { plumaaList } from '../../transport/lists';
import type { SignatureRequestInvite } from '../../types';
import { readLimit, readObjectIdParameter, readTimeoutOption, returnAllFields } from '../common.descriptions';
import { signatureRequestIdField } from '../signatureRequest/fields';
import type { OutputItem, PlumaaOperation } from '../types';
import { presentInvite } from './fields';

type StatusFilter = 'any' | keyof typeof inviteStatusFilters;

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OutputItem[]> {
	const signatureRequest = readObjectIdParameter(this, 'signatureRequestId', 'Signature Request', itemIndex);
	const status = (this.getNodeParameter('filters.status', itemIndex, 'any') as StatusFilter) ?? 'any';
	const invites = await plumaaList<SignatureRequestInvite>(this, {
		path: '/signature-request-invites',
		filters: {
			signatureRequest: { eq: signatureRequest },
			...(status === 'any' ? {} : inviteStatusFilters[status]),
			sort: { field: 'createdAt', order: 'asc' },
		},
		limit: readLimit(this, itemIndex),
		itemIndex,
		timeoutMs: readTimeoutOption(this, itemIndex),
		what: 'a list of invites',
	});
	return invites.map((invite) => ({ json: presentInvite(invite) }));
}

export const getManyInvites: PlumaaOperation = {
	value: 'getAll',
	properties: [
		signatureRequestIdField('The signature request whose invites to list'),
		...returnAllFields,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Any', value: 'any' },
						{ name: 'Pending', value: 'pending', description: 'Neither signed nor rejected yet' },
						{ name: 'Rejected', value: 'rejected' },
						{ name: 'Signed', value: 'signed', description: 'Signed (including signed and witnessed)' },
					],
					default: 'any',
				},
			],
		},
	],
	execute,
};
