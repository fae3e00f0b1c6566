import type { IExecuteFunctions } from 'n8n-workflow';

import { inviteStatusFilters } from '../../transport/disputed';
import type { SignatureRequestInvite } from '../../types';
import { readObjectIdParameter, returnAllFields } from '../common.descriptions';
import { filtersCollection, listForItem } from '../getMany';
import { signatureRequestIdField } from '../signatureRequest/fields';
import type { OutputItem, PlumaaOperation } from '../types';
import { presentInvite } from './fields';

type StatusFilter = 'any' | keyof typeof inviteStatusFilters;

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OutputItem[]> {
	const signatureRequest = readObjectIdParameter(this, 'signatureRequestId', 'Signature Request', itemIndex);
	const status = (this.getNodeParameter('filters.status', itemIndex, 'any') as StatusFilter) ?? 'any';
	return await listForItem<SignatureRequestInvite>(
		this,
		itemIndex,
		{
			path: '/signature-request-invites',
			filters: {
				signatureRequest: { eq: signatureRequest },
				...(status === 'any' ? {} : inviteStatusFilters[status]),
				sort: { field: 'createdAt', order: 'asc' },
			},
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
					{ name: 'Signed', value: 'signed', description: 'Signed (including signed and witnessed)' },
				],
				default: 'any',
			},
		]),
	],
	execute,
};
