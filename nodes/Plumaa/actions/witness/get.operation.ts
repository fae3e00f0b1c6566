import type { IDataObject } from 'n8n-workflow';

import type { Witness } from '../../../shared/api.types';
import { isWitness, presentWitness } from '../../../shared/presenters';
import { notFoundError } from '../../../shared/transport/errors';
import { requestOne } from '../../../shared/transport/request';
import {
	readHashParameter,
	readOptionalObjectId,
	readTimeoutOption,
} from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { hashField } from '../common.descriptions';
import { findAnyWitness, findOwnWitness } from './requests';

export const NEVER_WITNESSED =
	'The document was never witnessed, or its bytes differ (a re-saved PDF has another hash). Create it with Witness → Create.';

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
	const witness = await requestOne(item, {
		method: 'GET',
		path: '/witness',
		qs: { hash },
		timeoutMs: readTimeoutOption(item),
		is: isWitness,
		what: 'a witness',
		notFound: { message: `No witness has the hash ${hash}`, description: NEVER_WITNESSED },
	});
	return presentWitness(witness);
}

export const getWitness: PlumaaOperation = {
	value: 'get',
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
