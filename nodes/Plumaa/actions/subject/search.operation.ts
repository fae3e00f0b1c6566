import { presentSubject } from '../../../shared/presenters';
import type { SignerSearch } from '../../../shared/transport/signers';
import { findSigners } from '../../../shared/transport/signers';
import { readLimit, readRequiredText, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { returnAllFields } from '../common.descriptions';

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const by = item.context.getNodeParameter(
		'searchBy',
		item.itemIndex,
		'email',
	) as keyof SignerSearch;
	const value = readRequiredText(
		item,
		'value',
		'Value',
		'Give the email address, name or RFC to look for, e.g. ana@example.mx.',
	);
	const found = await findSigners(
		item,
		{ [by]: by === 'rfc' ? value.toUpperCase() : value },
		{ limit: readLimit(item), timeoutMs: readTimeoutOption(item) },
	);
	return found.map(({ subject, foundIn }) => ({ json: { ...presentSubject(subject), foundIn } }));
}

export const searchSubjects: PlumaaOperation = {
	value: 'search',
	properties: [
		{
			displayName: 'Search By',
			name: 'searchBy',
			type: 'options',
			options: [
				{ name: 'Email Address', value: 'email' },
				{ name: 'Name', value: 'name' },
				{ name: 'RFC', value: 'rfc', description: 'The signer’s Mexican tax ID' },
			],
			default: 'email',
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ana@example.mx',
			description: 'What to look for',
		},
		...returnAllFields,
	],
	execute,
};
