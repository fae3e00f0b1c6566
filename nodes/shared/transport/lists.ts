/**
 * Plumaa's list calls: filters as SOFA reads them (objects as JSON in the query) and the one
 * pagination helper every Get Many and the trigger use.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PlumaaList } from '../api.types';
import { unexpectedAnswerError } from './errors';
import type { Caller, PlumaaRequest } from './request';
import { plumaaRequest } from './request';

/**
 * The page size the node asks for when it reads a list whole. Plumaa documents no maximum; 100 is a
 * size APIs commonly cap pages at. A server that gives fewer per page than asked is followed by its
 * `info` (pages, next), so a smaller cap costs requests, never results.
 */
export const PAGE_SIZE = 100;
/** A list that keeps going past this many pages is a server that ignores `pagination`. */
const MAX_PAGES = 10_000;

/**
 * SOFA reads object and list arguments of GET calls from the query as JSON strings; booleans as
 * `true`/`false`. Undefined values are left out.
 */
export function sofaQuery(args: IDataObject): IDataObject {
	const query: IDataObject = {};
	for (const [name, value] of Object.entries(args)) {
		if (value === undefined) continue;
		query[name] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
	}
	return query;
}

function isList<T>(answer: unknown): answer is PlumaaList<T> {
	return (
		typeof answer === 'object' &&
		answer !== null &&
		Array.isArray((answer as PlumaaList<unknown>).results)
	);
}

export interface ListRequest<T> extends Omit<PlumaaRequest, 'method' | 'qs' | 'body'> {
	/** The list's filters and sort, as objects (the helper encodes them and adds `pagination`). */
	filters: IDataObject;
	/** How many results at most; undefined: all of them. */
	limit?: number;
	/** What the results are, for messages, e.g. "a list of witnesses". */
	what: string;
	/** Keeps only the results it accepts, for filters Plumaa's list has not (the limit counts kept ones). */
	keep?: (result: T) => boolean;
}

/**
 * Reads a list a page at a time, following `info`, and yields each page's results (those `keep`
 * accepts) as it arrives: a caller that handles a page before asking for the next holds one page, not
 * the list. Stops at the limit or the last page.
 */
export async function* plumaaPages<T>(
	caller: Caller,
	request: ListRequest<T>,
): AsyncGenerator<T[]> {
	const { filters, limit, what, keep, ...call } = request;
	let given = 0;
	// A kept subset may need many pages: then ask for full ones.
	const size = limit === undefined || keep ? PAGE_SIZE : Math.max(1, Math.min(PAGE_SIZE, limit));
	for (let page = 1; page <= MAX_PAGES; page++) {
		const answer = await plumaaRequest<unknown>(caller, {
			...call,
			method: 'GET',
			qs: sofaQuery({ ...filters, pagination: { page, size } }),
		});
		if (!answer.found || !isList<T>(answer.data))
			throw unexpectedAnswerError(
				caller.context.getNode(),
				`GET ${call.path}`,
				caller.itemIndex,
				what,
			);
		const { results, info } = answer.data;
		const kept = keep ? results.filter(keep) : results;
		const wanted = limit === undefined ? kept : kept.slice(0, limit - given);
		given += wanted.length;
		if (wanted.length > 0) yield wanted;
		if (limit !== undefined && given >= limit) return;
		if (isLastPage(page, results.length, size, info)) return;
	}
}

/**
 * Whether a page is the list's last: as `info` says when it says (`next`, else `pages`); without
 * `info`, a page shorter than asked. An empty page ends it whatever `info` says.
 */
function isLastPage(
	page: number,
	count: number,
	size: number,
	info: PlumaaList<unknown>['info'] | undefined,
): boolean {
	if (count === 0) return true;
	if (info?.next !== undefined) return info.next === null;
	if (typeof info?.pages === 'number') return page >= info.pages;
	return count < size;
}

/**
 * Reads a list whole (up to the limit). With `each`, every result is turned into what the caller keeps as
 * its page arrives (an output item, an event), so Plumaa's objects are dropped page by page.
 */
export async function plumaaList<T>(caller: Caller, request: ListRequest<T>): Promise<T[]>;
export async function plumaaList<T, R>(
	caller: Caller,
	request: ListRequest<T>,
	each: (result: T) => R,
): Promise<R[]>;
export async function plumaaList<T, R>(
	caller: Caller,
	request: ListRequest<T>,
	each?: (result: T) => R,
): Promise<Array<T | R>> {
	const kept: Array<T | R> = [];
	for await (const page of plumaaPages(caller, request))
		for (const result of page) kept.push(each ? each(result) : result);
	return kept;
}
