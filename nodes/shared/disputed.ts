/**
 * Where Plumaa's own documents disagree (its OpenAPI file and its REST quickstart), the choice this
 * node makes, each in one place so that it can be switched when Plumaa's live API says otherwise.
 * The node follows the OpenAPI file, the published contract. The README lists these choices.
 */
import type { IDataObject } from 'n8n-workflow';

import type { InviteStatus, TimestampStrategy, Witness } from './api.types';

/**
 * The `content` of a new signature request, in each shape Plumaa's documents give. OpenAPI: a
 * `ContentInput` holding one member per content type, e.g. `{ PDFContent: { pdf } }` (sent first).
 * The quickstart sends `{ pdf }` alone: sent once when Plumaa refuses the first shape as invalid input.
 */
export type ContentShape = 'openapi' | 'quickstart';
export type ContentKind = 'pdf' | 'text' | 'json';

const CONTENT_MEMBERS = {
	pdf: { input: 'PDFContent', field: 'pdf' },
	text: { input: 'RawContent', field: 'raw' },
	json: { input: 'JSONContent', field: 'json' },
} as const;

export function signatureContent(
	kind: ContentKind,
	storageKey: string,
	shape: ContentShape,
): IDataObject {
	const { input, field } = CONTENT_MEMBERS[kind];
	return shape === 'openapi' ? { [input]: { [field]: storageKey } } : { [field]: storageKey };
}

/**
 * Whether Plumaa's refusal of a new request's input is about the content's shape: a GraphQL variable
 * error (HTTP 400, nothing was run, so nothing was created) that names the content.
 */
export const CONTENT_SHAPE_REFUSAL = /content|PDFContent|RawContent|JSONContent/i;

/**
 * Where an uploaded file (PDF, text or JSON: each content input is "An AWS S3 Key") is put below the
 * organization's storage root. Plumaa documents only the quickstart's example, `/free/<timestamp>.pdf`:
 * its folder, and a name that cannot collide between items of one run.
 */
export function uploadPath(md5Hex: string, extension: 'pdf' | 'txt' | 'json', now: Date): string {
	return `/free/${now.getTime()}-${md5Hex.slice(0, 12)}.${extension}`;
}

/**
 * Whether a NOM-151 certificate was issued on a witness. Plumaa has no status field: a single
 * certificate shows as `nom151.provider`, a grouped one as `merkleized.nom151Provider`.
 */
export function certificationOf(
	witness: Pick<Witness, 'nom151' | 'merkleized'>,
): 'single' | 'grouped' | null {
	if (witness.nom151?.provider) return 'single';
	if (witness.merkleized?.nom151Provider) return 'grouped';
	return null;
}

/**
 * Which strategies have timestamped a witness: a NOM-151 one once its certificate is issued (above), a
 * witness.co one (organizations whose policy is WITNESS_CO) once it carries witness.co's `timestamp`.
 */
export function strategiesOf(
	witness: Pick<Witness, 'nom151' | 'merkleized' | 'witnessCo'>,
): TimestampStrategy[] {
	const strategies: TimestampStrategy[] = [];
	if (witness.nom151?.provider) strategies.push('nom151');
	if (witness.merkleized?.nom151Provider) strategies.push('merkleized');
	if (witness.witnessCo?.timestamp) strategies.push('witnessCo');
	return strategies;
}

/**
 * Where the signers an organization can invite are listed. An organization link, created by the signer,
 * is what lets an organization invite them: `GET /organization-links` (subject embedded) is the first
 * source. OpenAPI scopes `GET /subjects` to "Subjects that are members of the organizations the caller is
 * a member of" — perhaps the organization's own people, not its signers — so it is the second source.
 */
export const signerSources = ['organizationLinks', 'subjects'] as const;

/**
 * OpenAPI: invites can be created "only for members of the organization"; the quickstart creates
 * them with an API key. A FORBIDDEN on Invite → Create says so.
 */
export const INVITE_FORBIDDEN_HINT =
	'Plumaa’s API reference says invites may only be created by members of the organization (a person signed in), while its quickstart creates them with an API key: Plumaa may not allow API keys to invite. Invite the signer from Plumaa’s web app, or ask Plumaa to enable invites for API keys. Either way the signer must first link their Plumaa ID to the organization (an organization link, which the signer creates in Plumaa’s app): Subject → Search shows who has.';

/**
 * Plumaa lists have no status filter for invites: a signed invite is one with `signedAt`. Plumaa stores
 * its data in MongoDB, where `exists: true` also matches a stored `null`, so the node checks each listed
 * invite's own `status` too (`inviteStatuses`).
 */
export const inviteStatusFilters = {
	signed: { signedAt: { exists: true } },
	rejected: { rejectedAt: { exists: true } },
	// `exists: false` would miss a pending invite whose dates are stored as null: Pending asks for all of the
	// request's invites and keeps those whose status is PENDING.
	pending: {},
} as const;

/** The invite statuses each status filter keeps: signed includes signed and witnessed. */
export const inviteStatuses: Record<keyof typeof inviteStatusFilters, InviteStatus[]> = {
	signed: ['SIGNED', 'WITNESSED'],
	rejected: ['REJECTED'],
	pending: ['PENDING'],
};
