import { presentSubject } from '../../../shared/presenters';
import { findSigners } from '../../../shared/transport/signers';
import { readLimit, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { returnAllFields } from '../common.descriptions';

/** Every signer the organization can invite (its organization links), then Plumaa's subject list. */
async function execute(item: ItemCall): Promise<OutputItem[]> {
	const found = await findSigners(
		item,
		{},
		{ limit: readLimit(item), timeoutMs: readTimeoutOption(item) },
	);
	return found.map(({ subject, foundIn }) => ({ json: { ...presentSubject(subject), foundIn } }));
}

export const getManySubjects: PlumaaOperation = {
	value: 'getAll',
	properties: [...returnAllFields],
	execute,
};
