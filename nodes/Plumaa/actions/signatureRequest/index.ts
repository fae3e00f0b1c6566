import type { PlumaaResource } from '../../types';
import { createSignatureRequest } from './create.operation';
import { getSignatureRequest } from './get.operation';
import { getSignatureRequestEvidence } from './getEvidence.operation';
import { getSignatureRequestStatistics } from './getStatistics.operation';
import { getManySignatureRequests } from './getMany.operation';
import { updateSignatureRequest } from './update.operation';

export const signatureRequestResource: PlumaaResource = {
	value: 'signatureRequest',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['signatureRequest'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create signature request',
				description: 'Send a PDF, text or JSON for signature',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get signature request',
				description: 'Get a signature request, and optionally its PDF',
			},
			{
				name: 'Get Evidence',
				value: 'getEvidence',
				action: 'Get signature request evidence',
				description:
					'Each signer’s signature, certificate and OCSP answer, the NOM-151 status, and optionally the document and an evidence file',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many signature requests',
				description: 'List signature requests',
			},
			{
				name: 'Get Statistics',
				value: 'getStatistics',
				action: 'Get signature request statistics',
				description:
					'How many requests were created per hour, day or month, e.g. for a weekly report',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update signature request',
				description: 'Rename a signature request or publish a draft',
			},
		],
		default: 'create',
	},
	operations: [
		createSignatureRequest,
		getSignatureRequest,
		getSignatureRequestEvidence,
		getManySignatureRequests,
		getSignatureRequestStatistics,
		updateSignatureRequest,
	],
};
