/** The editor's "From List" lists: one page of Plumaa's list at a time, searched as the user types. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { Organization, PlumaaList, SignatureRequest } from '../../shared/api.types';
import { defaultRun } from '../../shared/run';
import { sofaQuery } from '../../shared/transport/lists';

/** The editor's From List shows this many at a time, and asks for more as the user scrolls. */
const EDITOR_PAGE_SIZE = 50;
import { plumaaRequest } from '../../shared/transport/request';
import { findSigners } from '../../shared/transport/signers';

async function page<T>(
	context: ILoadOptionsFunctions,
	path: string,
	filters: Record<string, unknown>,
	token: string | undefined,
): Promise<{ results: T[]; next?: string }> {
	const pageNumber = Number(token ?? '1') || 1;
	const answer = await plumaaRequest<PlumaaList<T>>(
		{ context, run: defaultRun(), itemIndex: 0 },
		{
			method: 'GET',
			path,
			qs: sofaQuery({ ...filters, pagination: { page: pageNumber, size: EDITOR_PAGE_SIZE } }),
		},
	);
	const list = answer.found ? answer.data : undefined;
	const results = Array.isArray(list?.results) ? list.results : [];
	const more =
		results.length === EDITOR_PAGE_SIZE &&
		(typeof list?.info?.pages !== 'number' || pageNumber < list.info.pages);
	return { results, next: more ? String(pageNumber + 1) : undefined };
}

export async function searchSignatureRequests(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = filter?.trim() ? { name: filter.trim() } : undefined;
	const { results, next } = await page<SignatureRequest>(
		this,
		'/signature-requests',
		{ search, sort: { field: 'updatedAt', order: 'desc' } },
		paginationToken,
	);
	return {
		results: results.map((request) => ({
			name: `${request.name}${request.finalized ? ' (finalized)' : request.draft ? ' (draft)' : ''}`,
			value: request.id,
		})),
		paginationToken: next,
	};
}

/** How many signers the From List shows: the organization's links are searched on the node's side. */
const SIGNER_LIST_SIZE = 100;

export async function searchSubjects(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim() ?? '';
	const search = text === '' ? {} : text.includes('@') ? { email: text } : { name: text };
	const found = await findSigners({ context: this, run: defaultRun(), itemIndex: 0 }, search, {
		limit: SIGNER_LIST_SIZE,
	});
	return {
		results: found.map(({ subject, foundIn }) => ({
			name: `${subject.commonName}${subject.emailAddress ? ` <${subject.emailAddress}>` : ''}${
				foundIn === 'subjects' ? ' (member, not linked as a signer)' : ''
			}`,
			value: subject.id,
		})),
	};
}

/**
 * Plumaa has no call that lists organizations: the ones the key can see are gathered from the newest
 * organization links and signature requests (both scoped to the caller's organizations), with the
 * credential's own Organization ID first.
 */
export async function searchOrganizations(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const run = defaultRun();
	const { organizationId } = await run.credentials(this, 0);
	const named = new Map<string, string>();
	const newestFirst = { sort: { field: 'updatedAt', order: 'desc' } };
	for (const path of ['/organization-links', '/signature-requests']) {
		const { results } = await page<{ organization?: Organization }>(
			this,
			path,
			newestFirst,
			undefined,
		);
		for (const { organization } of results)
			if (typeof organization?.id === 'string' && !named.has(organization.id))
				named.set(organization.id, organization.name);
	}
	const own = organizationId?.trim().toLowerCase();
	const entries = [...named.entries()].sort(([a], [b]) => (a === own ? -1 : b === own ? 1 : 0));
	if (own && !named.has(own)) entries.unshift([own, 'The Plumaa credential’s organization']);
	const text = filter?.trim().toLowerCase() ?? '';
	return {
		results: entries
			.filter(([id, name]) => text === '' || id === text || name.toLowerCase().includes(text))
			.map(([id, name]) => ({ name: id === own ? `${name} (the credential’s)` : name, value: id })),
	};
}
