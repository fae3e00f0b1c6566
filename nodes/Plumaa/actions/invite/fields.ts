/** Rules the Invite operations share. */
import type { IDataObject } from 'n8n-workflow';

import type { SignatureRequestInvite } from '../../types';

export function isInvite(data: unknown): data is SignatureRequestInvite {
	return typeof data === 'object' && data !== null && typeof (data as SignatureRequestInvite).id === 'string' && typeof (data as SignatureRequestInvite).status === 'string';
}

export function presentInvite(invite: SignatureRequestInvite): IDataObject {
	return { ...invite } as unknown as IDataObject;
}
