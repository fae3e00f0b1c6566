/**
 * What to do after Plumaa refuses a call, kept as data: one entry per call whose refusal means
 * something else than the general "a key can only manage its own organization".
 */
import { INVITE_FORBIDDEN_HINT } from './disputed';

/** Keyed by the `call` of a request, e.g. `invite.create`. */
export const forbiddenHints: Record<string, string> = {
	'invite.create': INVITE_FORBIDDEN_HINT,
	'subject.search':
		'Searching signers may be limited to members of the organization. Find the signer’s ID in Plumaa’s web app (Contacts) and give it By ID.',
};

/** Plumaa's words for a certificate it cannot issue because the quota is used up. */
const QUOTA_EXHAUSTED = /quota|not enough (nom-?151|certificates|credits)|sin (saldo|cr[eé]ditos)/i;

export function saysQuotaExhausted(messages: string[]): boolean {
	return messages.some((message) => QUOTA_EXHAUSTED.test(message));
}

export const quotaHint =
	'Each certificate uses one of the organization’s NOM-151 certificates (single and grouped are counted apart; every Witness output shows what is left in organization.quota). Buy more in Plumaa, or switch the Certification option to the kind that has some left.';
