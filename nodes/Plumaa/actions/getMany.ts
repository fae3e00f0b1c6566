/** What every Get Many shares: its Filters collection, the date-range filters, and one item per result. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ListRequest } from '../transport/lists';
import { plumaaList } from '../transport/lists';
import { readLimit, readTimeoutOption } from './common.descriptions';
import type { OutputItem } from './types';

export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add filter', default: {}, options: filters };
}

export const createdRangeFilters: INodeProperties[] = [
	{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
	{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
];

export const updatedRangeFilters: INodeProperties[] = [
	{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
	{ displayName: 'Updated Before', name: 'updatedBefore', type: 'dateTime', default: '' },
];

/** Lists for one input item, with its Return All / Limit and Timeout: one output item per result. */
export async function listForItem<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: Omit<ListRequest<T>, 'limit' | 'itemIndex' | 'timeoutMs'>,
	present: (result: T) => IDataObject,
): Promise<OutputItem[]> {
	const results = await plumaaList<T>(context, { ...request, limit: readLimit(context, itemIndex), itemIndex, timeoutMs: readTimeoutOption(context, itemIndex) });
	return results.map((result) => ({ json: present(result) }));
}
