/**
 * Plumaa's list calls: filters as SOFA reads them (objects as JSON in the query) and the one
 * pagination helper every Get Many and the trigger use.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PlumaaList } from '../api.types';
import { unexpectedAnswerError } from './errors';
import type { Caller, PlumaaRequest } from './request';
import { plumaaRequest } from './request';

/** The page size the node asks for (Plumaa documents no maximum). */
export const PAGE_SIZE = 50;
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

/** Reads pages of a list, following `info`, until the limit or the last page. */
export async function plumaaList<T>(caller: Caller, request: ListRequest<T>): Promise<T[]> {
	const { filters, limit, what, keep, ...call } = request;
	const results: T[] = [];
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
		const list = answer.data;
		results.push(...(keep ? list.results.filter(keep) : list.results));
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);
		const pages = typeof list.info?.pages === 'number' ? list.info.pages : undefined;
		const lastPage =
			list.results.length < size ||
			(pages !== undefined && page >= pages) ||
			list.info?.next === null;
		if (lastPage) return results;
	}
	return results;
}
