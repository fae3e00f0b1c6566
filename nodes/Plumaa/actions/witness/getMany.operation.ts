import type { IExecuteFunctions } from 'n8n-workflow';

import { certificationOf } from '../../transport/disputed';
import type { Witness } from '../../types';
import { dateRange, organizationIdField, readObjectIdParameter, returnAllFields, toPlumaaDateTime } from '../common.descriptions';
import { createdRangeFilters, filtersCollection, listForItem, updatedRangeFilters } from '../getMany';
import type { OutputItem, PlumaaOperation } from '../types';
import { presentWitness } from './fields';

interface WitnessFilters {
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	certified?: 'any' | 'certified' | 'notCertified';
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OutputItem[]> {
	// Plumaa's witness list spans every organization the caller may see: always name one.
	const organizationId = readObjectIdParameter(this, 'organizationId', 'Organization ID', itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as WitnessFilters;
	const date = (name: keyof WitnessFilters, label: string) => toPlumaaDateTime(this, filters[name], label, itemIndex);
	const certified = filters.certified ?? 'any';
	return await listForItem<Witness>(
		this,
		itemIndex,
		{
			path: '/witnesses',
			filters: {
				organization: { eq: organizationId },
				createdAt: dateRange(date('createdAfter', 'Created After'), date('createdBefore', 'Created Before')),
				updatedAt: dateRange(date('updatedAfter', 'Updated After'), date('updatedBefore', 'Updated Before')),
				sort: { field: 'createdAt', order: 'desc' },
			},
			// Certified means single or grouped: one list filter cannot say "either", so the node filters.
			keep: certified === 'any' ? undefined : (witness) => (certificationOf(witness) !== null) === (certified === 'certified'),
			what: 'a list of witnesses',
		},
		presentWitness,
	);
}

export const getManyWitnesses: PlumaaOperation = {
	value: 'getAll',
	properties: [
		organizationIdField('The organization whose witnesses to list: the organization ID in any output of this node'),
		...returnAllFields,
		filtersCollection([
			{
				displayName: 'Certified',
				name: 'certified',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Certified', value: 'certified', description: 'A NOM-151 certificate was issued (single or grouped)' },
					{ name: 'Not Certified', value: 'notCertified', description: 'No NOM-151 certificate yet' },
				],
				default: 'any',
			},
			...createdRangeFilters,
			...updatedRangeFilters,
		]),
	],
	execute,
};
