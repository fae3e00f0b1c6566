import type { SignatureRequest } from '../../../shared/api.types';
import { presentSignatureRequest } from '../../../shared/presenters';
import { dateRange, readDateTime } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { filtersCollection, returnAllFields, updatedRangeFilters } from '../common.descriptions';
import { listForItem } from '../getMany';
import { SIGNATURE_REQUEST_SHAPE } from '../../../shared/simplified';

interface RequestFilters {
	name?: string;
	finalized?: 'any' | 'yes' | 'no';
	draft?: 'any' | 'yes' | 'no';
	updatedAfter?: string;
	updatedBefore?: string;
}

/** Plumaa reads only `true` as true: "no" must be sent as false, "any" not at all. */
function yesNo(value: RequestFilters['finalized']): boolean | undefined {
	return value === 'yes' ? true : value === 'no' ? false : undefined;
}

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const filters = item.context.getNodeParameter('filters', item.itemIndex, {}) as RequestFilters;
	const name =
		typeof filters.name === 'string' && filters.name.trim() !== ''
			? filters.name.trim()
			: undefined;
	return await listForItem<SignatureRequest>(
		item,
		{
			path: '/signature-requests',
			filters: {
				search: name === undefined ? undefined : { name },
				finalized: yesNo(filters.finalized),
				draft: yesNo(filters.draft),
				updatedAt: dateRange(
					readDateTime(item, filters.updatedAfter, 'Updated After'),
					readDateTime(item, filters.updatedBefore, 'Updated Before'),
				),
				sort: { field: 'updatedAt', order: 'desc' },
			},
			what: 'a list of signature requests',
		},
		presentSignatureRequest,
	);
}

const yesNoAny = [
	{ name: 'Any', value: 'any' },
	{ name: 'No', value: 'no' },
	{ name: 'Yes', value: 'yes' },
];

export const getManySignatureRequests: PlumaaOperation = {
	value: 'getAll',
	shape: SIGNATURE_REQUEST_SHAPE,
	properties: [
		...returnAllFields,
		filtersCollection([
			{ displayName: 'Draft', name: 'draft', type: 'options', options: yesNoAny, default: 'any' },
			{
				displayName: 'Finalized',
				name: 'finalized',
				type: 'options',
				options: yesNoAny,
				default: 'any',
				description: 'Whether every signer has signed and the request is closed',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only requests whose name contains this text',
			},
			...updatedRangeFilters,
		]),
	],
	execute,
};
