import { isTimeseries } from '../../../shared/presenters';
import { sofaQuery } from '../../../shared/transport/lists';
import { findOne } from '../../../shared/transport/request';
import {
	dateRange,
	readDateTime,
	readOrganizationId,
	readTimeoutOption,
} from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import {
	createdRangeFilters,
	optionsCollection,
	organizationIdField,
} from '../common.descriptions';

type Granularity = 'hour' | 'day' | 'month';

/** How many signature requests the organization created per hour, day or month: one item per bucket. */
async function execute(item: ItemCall): Promise<OutputItem[]> {
	const { context, itemIndex } = item;
	const organizationId = await readOrganizationId(item);
	const granularity = context.getNodeParameter('granularity', itemIndex, 'day') as Granularity;
	const range = context.getNodeParameter('range', itemIndex, {}) as {
		createdAfter?: string;
		createdBefore?: string;
	};
	const options = context.getNodeParameter('options', itemIndex, {}) as { timezone?: string };
	// Plumaa answers the buckets with requests, none when there are none.
	const points =
		(await findOne(item, {
			method: 'GET',
			path: '/signature-request-timeseries',
			qs: sofaQuery({
				granularity,
				organization: { eq: organizationId },
				timestamp: dateRange(
					readDateTime(item, range.createdAfter, 'Created After'),
					readDateTime(item, range.createdBefore, 'Created Before'),
				),
				order: 'asc',
				timezone: options.timezone?.trim() || undefined,
			}),
			timeoutMs: readTimeoutOption(item),
			is: isTimeseries,
			what: 'a time series',
		})) ?? [];
	return points.map((point) => ({
		json: { mark: String(point.mark), count: point.count, granularity },
	}));
}

export const getSignatureRequestStatistics: PlumaaOperation = {
	value: 'getStatistics',
	properties: [
		organizationIdField(
			'The organization whose signature requests to count: the organization ID in any output of this node',
		),
		{
			displayName: 'Granularity',
			name: 'granularity',
			type: 'options',
			// In order of size, not by name: the order carries the meaning.
			options: [
				{ name: 'Hour', value: 'hour' },
				{ name: 'Day', value: 'day' },
				{ name: 'Month', value: 'month' },
			],
			default: 'day',
			description: 'The size of each bucket: one output item per bucket with requests',
		},
		{
			displayName: 'Created',
			name: 'range',
			type: 'collection',
			placeholder: 'Add date',
			default: {},
			options: createdRangeFilters,
		},
		optionsCollection([
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/Mexico_City',
				description:
					'Where days and months begin, as an IANA timezone name; Plumaa’s own default when empty',
			},
		]),
	],
	execute,
};
