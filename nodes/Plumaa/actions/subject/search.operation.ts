import type { Subject } from '../../../shared/api.types';
import { presentSubject } from '../../../shared/presenters';
import { readRequiredText } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { returnAllFields } from '../common.descriptions';
import { listForItem } from '../getMany';

/** The search fields Plumaa's subject list offers, as the node names them. */
const SEARCH_FIELDS = { email: 'emailAddress', name: 'commonName', rfc: 'RFC' } as const;

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const by = item.context.getNodeParameter(
		'searchBy',
		item.itemIndex,
		'email',
	) as keyof typeof SEARCH_FIELDS;
	const value = readRequiredText(
		item,
		'value',
		'Value',
		'Give the email address, name or RFC to look for, e.g. ana@example.mx.',
	);
	return await listForItem<Subject>(
		item,
		{
			path: '/subjects',
			filters: { search: { [SEARCH_FIELDS[by]]: by === 'rfc' ? value.toUpperCase() : value } },
			what: 'a list of signers',
			forbiddenHint: 'subjectSearch',
		},
		presentSubject,
	);
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
