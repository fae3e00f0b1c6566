/**
 * The signers an organization can invite, found by email, name or RFC: from its organization links
 * first, then from Plumaa's subject list (see `signerSources` in ../disputed). Both nodes' callers
 * (Subject → Search, Invite → Create's From List) use this one helper.
 */
import type { OrganizationLink, Subject } from '../api.types';
import { signerSources } from '../disputed';
import { isSubject } from '../presenters';
import { plumaaList } from './lists';
import type { Caller } from './request';

export type SignerSource = (typeof signerSources)[number];

/** What to look for; every given field must match. */
export interface SignerSearch {
	email?: string;
	name?: string;
	rfc?: string;
}

export interface FoundSigner {
	subject: Subject;
	/** Which list found it first: `organizationLinks` (can be invited) or `subjects`. */
	foundIn: SignerSource;
}

/** Lowercase, without accents: "Díaz" is found as "diaz". */
function folded(text: string | undefined): string {
	return (text ?? '')
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase();
}

/** The node's own match on a link's subject (Plumaa's link list cannot search subjects). */
function matches(subject: Subject, search: SignerSearch): boolean {
	const contains = (value: string | undefined, wanted: string | undefined) =>
		wanted === undefined || folded(value).includes(folded(wanted));
	return (
		contains(subject.emailAddress, search.email) &&
		contains(subject.commonName, search.name) &&
		contains(subject.RFC, search.rfc)
	);
}

export async function findSigners(
	caller: Caller,
	search: SignerSearch,
	options: { limit?: number; timeoutMs?: number },
): Promise<FoundSigner[]> {
	const { limit, timeoutMs } = options;
	const found: FoundSigner[] = [];
	const seen = new Set<string>();
	for (const source of signerSources) {
		const left = limit === undefined ? undefined : limit - found.length;
		if (left !== undefined && left <= 0) break;
		const subjects =
			source === 'organizationLinks'
				? (
						await plumaaList<OrganizationLink>(caller, {
							path: '/organization-links',
							filters: {},
							keep: (link) => isSubject(link.subject) && matches(link.subject, search),
							limit: left,
							timeoutMs,
							what: 'a list of organization links',
						})
					).map((link) => link.subject)
				: await plumaaList<Subject>(caller, {
						path: '/subjects',
						filters: {
							search: {
								emailAddress: search.email,
								commonName: search.name,
								RFC: search.rfc,
							},
						},
						keep: (subject) => isSubject(subject) && !seen.has(subject.id),
						limit: left,
						timeoutMs,
						what: 'a list of signers',
						forbiddenHint: 'subjectSearch',
					});
		for (const subject of subjects) {
			if (seen.has(subject.id)) continue;
			seen.add(subject.id);
			found.push({ subject, foundIn: source });
		}
	}
	return found;
}
