/** Fields the Signature Request operations (and the Invite operations) share. */
import type { INodeProperties } from 'n8n-workflow';

import { objectIdLocator } from '../common.descriptions';

export function signatureRequestIdField(description: string): INodeProperties {
	return objectIdLocator(
		{ displayName: 'Signature Request', name: 'signatureRequestId', description },
		{ searchListMethod: 'searchSignatureRequests' },
	);
}
