/** What every Get Many does: one item per result, with the item's Return All / Limit and Timeout. */
import type { IDataObject } from 'n8n-workflow';

import type { ListRequest } from '../../shared/transport/lists';
import { plumaaList } from '../../shared/transport/lists';
import { readLimit, readTimeoutOption } from '../helpers/parameters';
import type { ItemCall, OutputItem } from '../types';

/**
 * The list's results as output items, made a page at a time: Plumaa's objects of a page are dropped
 * once presented and shaped (Simplify), so Return All over a large account holds the output items n8n
 * keeps anyway and one page.
 */
export async function listForItem<T>(
	item: ItemCall,
	request: Omit<ListRequest<T>, 'limit' | 'timeoutMs'>,
	present: (result: T) => IDataObject,
): Promise<OutputItem[]> {
	return await plumaaList<T, OutputItem>(
		item,
		{ ...request, limit: readLimit(item), timeoutMs: readTimeoutOption(item) },
		(result) => ({ json: item.shape(present(result)) }),
	);
}
