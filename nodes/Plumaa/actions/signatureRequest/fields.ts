/** Fields and rules the Signature Request operations (and Invite → Create) share. */
import type { IDataObject } from 'n8n-workflow';

import type { SignatureRequest } from '../../types';
import { objectIdLocator } from '../common.descriptions';

export function signatureRequestIdField(description: string): ReturnType<typeof objectIdLocator> {
	return objectIdLocator(
		{ displayName: 'Signature Request', name: 'signatureRequestId', description },
		{ searchListMethod: 'searchSignatureRequests' },
	);
}

export function isSignatureRequest(data: unknown): data is SignatureRequest {
	return typeof data === 'object' && data !== null && typeof (data as SignatureRequest).id === 'string' && typeof (data as SignatureRequest).finalized === 'boolean';
}

/** What kind of content a request carries, as outputs name it: pdf, text, json or iou. */
export function contentTypeOf(request: SignatureRequest): 'pdf' | 'text' | 'json' | 'iou' {
	const content = request.content as Record<string, unknown>;
	if (typeof content.pdf === 'string') return 'pdf';
	if (typeof content.json === 'string') return 'json';
	if ('debtor' in content) return 'iou';
	return 'text';
}

export function presentSignatureRequest(request: SignatureRequest): IDataObject {
	return { ...request, contentType: contentTypeOf(request) } as unknown as IDataObject;
}
