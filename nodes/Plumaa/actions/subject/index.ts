import type { PlumaaResource } from '../../types';
import { getManySubjects } from './getMany.operation';
import { searchSubjects } from './search.operation';

export const subjectResource: PlumaaResource = {
	value: 'subject',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subject'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many signers',
				description:
					'List the signers the organization can invite (its organization links), then Plumaa’s subject list',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search signers',
				description:
					'Find a signer (subject) the organization can invite, by email address, name or RFC: its organization links first, then Plumaa’s subject list',
			},
		],
		default: 'search',
	},
	operations: [getManySubjects, searchSubjects],
};
