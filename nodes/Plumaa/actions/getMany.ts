/** What every Get Many does: one item per result, with the item's Return All / Limit and Timeout. */
import type { IDataObject } from 'n8n-workflow';

import type { ListRequest } from '../../shared/transport/lists';
import { plumaaList } from '../../shared/transport/lists';
import { readLimit, readTimeoutOption } from '../helpers/parameters';
import type { ItemCall, OutputItem } from '../types';

export async function listForItem<T>(
	item: ItemCall,
	request: Omit<ListRequest<T>, 'limit' | 'timeoutMs'>,
	present: (result: T) => IDataObject,
): Promise<OutputItem[]> {
	const results = await plumaaList<T>(item, {
		...request,
		limit: readLimit(item),
		timeoutMs: readTimeoutOption(item),
	});
	return results.map((result) => ({ json: present(result) }));
}
