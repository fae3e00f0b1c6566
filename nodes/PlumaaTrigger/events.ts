/**
 * What the Plumaa Trigger watches. Plumaa has no webhooks: each event is a list call filtered on the
 * time the event happened (or on `updatedAt` when Plumaa records no such time), polled from a cursor.
 */
import type { IDataObject } from 'n8n-workflow';

import { presentSignatureRequest } from '../Plumaa/actions/signatureRequest/fields';
import { presentWitness } from '../Plumaa/actions/witness/fields';
import { certificationOf } from '../Plumaa/transport/disputed';
import type { SignatureRequest, SignatureRequestInvite, Witness } from '../Plumaa/types';

export interface TriggerEvent<T extends { id: string }> {
	/** The list call, e.g. `/signature-requests`. */
	path: string;
	/** What it lists, for messages: "finalized signature request". */
	what: string;
	/** The list's filters for events at or after `since` (all of them without it). */
	filters(since: string | undefined, organizationId: string | undefined): IDataObject;
	/** Whether a listed item is the event (a list filter cannot say everything). */
	matches(item: T): boolean;
	/** When the event happened: the cursor moves on this time. */
	timeOf(item: T): string | undefined;
	present(item: T): IDataObject;
}

const since = (time: string | undefined): IDataObject | undefined => (time === undefined ? undefined : { gte: time });

export const signatureRequestFinalized: TriggerEvent<SignatureRequest> = {
	path: '/signature-requests',
	what: 'finalized signature request',
	// Plumaa records no finalization time: a finalized request's last change is when it was finalized.
	filters: (time) => ({ finalized: true, updatedAt: since(time) }),
	matches: (request) => request.finalized === true,
	timeOf: (request) => request.updatedAt,
	present: presentSignatureRequest,
};

/** An invite event, found by the time Plumaa records for it (`signedAt` or `rejectedAt`). */
function inviteEvent(timeField: 'signedAt' | 'rejectedAt', what: string): TriggerEvent<SignatureRequestInvite> {
	return {
		path: '/signature-request-invites',
		what,
		filters: (time) => ({ [timeField]: time === undefined ? { exists: true } : { gte: time } }),
		matches: (invite) => typeof invite[timeField] === 'string',
		timeOf: (invite) => invite[timeField],
		present: (invite) => ({ ...invite }) as unknown as IDataObject,
	};
}

export const inviteSigned = inviteEvent('signedAt', 'signed invite');
export const inviteRejected = inviteEvent('rejectedAt', 'rejected invite');

export const witnessCertified: TriggerEvent<Witness> = {
	path: '/witnesses',
	what: 'certified witness',
	// Certificates can take up to an hour: the witness's last change is when its certificate arrived.
	filters: (time, organizationId) => ({ organization: { eq: organizationId }, updatedAt: since(time) }),
	matches: (witness) => certificationOf(witness) !== null,
	timeOf: (witness) => witness.updatedAt,
	present: presentWitness,
};

/** By the trigger's Resource and Event parameters. */
export const triggerEvents: Record<string, TriggerEvent<{ id: string }>> = {
	'signatureRequest.finalized': signatureRequestFinalized as unknown as TriggerEvent<{ id: string }>,
	'invite.signed': inviteSigned as unknown as TriggerEvent<{ id: string }>,
	'invite.rejected': inviteRejected as unknown as TriggerEvent<{ id: string }>,
	'witness.certified': witnessCertified as unknown as TriggerEvent<{ id: string }>,
};
