import type { PlumaaResource } from '../../types';
import { getCertificate } from './get.operation';

export const certificateResource: PlumaaResource = {
	value: 'certificate',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['certificate'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get certificate',
				description: 'Get a signer’s e.firma certificate: issuer, validity, whether it is revoked',
			},
		],
		default: 'get',
	},
	operations: [getCertificate],
};
