import type { IDataObject } from 'n8n-workflow';

import type { Witness } from '../../../shared/api.types';
import { presentWitness } from '../../../shared/presenters';
import { notFoundError } from '../../../shared/transport/errors';
import { readHashParameter, readOptionalObjectId } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { hashField } from '../common.descriptions';
import { findAnyWitness, findOwnWitness, NEVER_WITNESSED } from './requests';
import { WITNESS_SHAPE } from '../../../shared/simplified';

/** This organization's witness, or a not-found that says whether another organization witnessed it. */
async function ownWitness(item: ItemCall, hash: string, organizationId: string): Promise<Witness> {
	const own = await findOwnWitness(item, hash, organizationId);
	if (own) return own;
	const other = (await findAnyWitness(item, hash))?.organization;
	throw notFoundError(
		item.context.getNode(),
		other
			? `Organization ${organizationId} has no witness with the hash ${hash}: only another organization (${other.name}) witnessed this document`
			: `Organization ${organizationId} has no witness with the hash ${hash}`,
		item.itemIndex,
		other
			? 'Another organization’s witness is not this organization’s proof. Create this organization’s own with Witness → Create.'
			: NEVER_WITNESSED,
	);
}

async function execute(item: ItemCall): Promise<IDataObject> {
	const hash = readHashParameter(item);
	const organizationId = readOptionalObjectId(item, 'ownOrganizationId', 'Organization ID');
	if (organizationId !== undefined)
		return presentWitness(await ownWitness(item, hash, organizationId));
	const witness = await findAnyWitness(item, hash);
	if (!witness)
		throw notFoundError(
			item.context.getNode(),
			`No witness has the hash ${hash}`,
			item.itemIndex,
			NEVER_WITNESSED,
		);
	return presentWitness(witness);
}

export const getWitness: PlumaaOperation = {
	value: 'get',
	shape: WITNESS_SHAPE,
	properties: [
		hashField(
			'SHA-256 of the document, 64 hexadecimal characters: the hash field of a Witness output',
		),
		{
			displayName: 'Organization ID',
			name: 'ownOrganizationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
			description:
				'Whose witness to return (recommended): the organization ID in any witness or signature request output. Plumaa looks hashes up across every organization, so without it the node returns whichever witness of the document Plumaa answers, possibly another organization’s.',
		},
	],
	execute,
};
