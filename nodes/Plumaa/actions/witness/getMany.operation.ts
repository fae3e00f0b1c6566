import type { Witness } from '../../../shared/api.types';
import { certificationOf, strategiesOf } from '../../../shared/disputed';
import { presentWitness } from '../../../shared/presenters';
import { dateRange, readDateTime, readOrganizationId } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import {
	createdRangeFilters,
	filtersCollection,
	organizationIdField,
	returnAllFields,
	updatedRangeFilters,
} from '../common.descriptions';
import { listForItem } from '../getMany';
import { WITNESS_SHAPE } from '../../../shared/simplified';

interface WitnessFilters {
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	certified?: 'any' | 'certified' | 'notCertified' | 'timestamped' | 'notTimestamped';
}

function conservationMatches(
	witness: Witness,
	wanted: Exclude<WitnessFilters['certified'], 'any' | undefined>,
): boolean {
	if (wanted === 'certified' || wanted === 'notCertified')
		return (certificationOf(witness) !== null) === (wanted === 'certified');
	return strategiesOf(witness).length > 0 === (wanted === 'timestamped');
}

async function execute(item: ItemCall): Promise<OutputItem[]> {
	// Plumaa's witness list spans every organization the caller may see: always name one.
	const organizationId = await readOrganizationId(item);
	const filters = item.context.getNodeParameter('filters', item.itemIndex, {}) as WitnessFilters;
	const date = (name: keyof WitnessFilters, label: string) =>
		readDateTime(item, filters[name], label);
	const certified = filters.certified ?? 'any';
	return await listForItem<Witness>(
		item,
		{
			path: '/witnesses',
			filters: {
				organization: { eq: organizationId },
				createdAt: dateRange(
					date('createdAfter', 'Created After'),
					date('createdBefore', 'Created Before'),
				),
				updatedAt: dateRange(
					date('updatedAfter', 'Updated After'),
					date('updatedBefore', 'Updated Before'),
				),
				sort: { field: 'createdAt', order: 'desc' },
			},
			// Certified means single or grouped, timestamped any strategy: one list filter cannot say
			// "either", so the node filters.
			keep: certified === 'any' ? undefined : (witness) => conservationMatches(witness, certified),
			what: 'a list of witnesses',
		},
		presentWitness,
	);
}

export const getManyWitnesses: PlumaaOperation = {
	value: 'getAll',
	shape: WITNESS_SHAPE,
	properties: [
		organizationIdField(
			'The organization whose witnesses to list: the organization ID in any output of this node',
		),
		...returnAllFields,
		filtersCollection([
			{
				displayName: 'Conservation',
				name: 'certified',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{
						name: 'Certified',
						value: 'certified',
						description: 'A NOM-151 certificate was issued (single or grouped)',
					},
					{
						name: 'Not Certified',
						value: 'notCertified',
						description: 'No NOM-151 certificate yet',
					},
					{
						name: 'Not Timestamped',
						value: 'notTimestamped',
						description: 'No conservation strategy has timestamped it yet',
					},
					{
						name: 'Timestamped',
						value: 'timestamped',
						description:
							'Any conservation strategy timestamped it: NOM-151 (single or grouped) or witness.co',
					},
				],
				default: 'any',
			},
			...createdRangeFilters,
			...updatedRangeFilters,
		]),
	],
	execute,
};
