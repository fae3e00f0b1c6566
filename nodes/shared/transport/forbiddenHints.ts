/**
 * What to do after Plumaa refuses a call (FORBIDDEN), kept as data: the general hint, and one entry per
 * call whose refusal means something else. A request names its entry by key.
 */
import { INVITE_FORBIDDEN_HINT } from '../disputed';

export const forbiddenHints = {
	default:
		'An API key can only manage its own organization. Use a key of the organization that owns the resource, and check that the API is enabled for it.',
	inviteCreate: INVITE_FORBIDDEN_HINT,
	subjectSearch:
		'Searching signers may be limited to members of the organization. Find the signer’s ID in Plumaa’s web app (Contacts) and give it By ID.',
} as const;

export type ForbiddenHintKey = keyof typeof forbiddenHints;
