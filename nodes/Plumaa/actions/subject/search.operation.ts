import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Subject } from '../../types';
import { returnAllFields } from '../common.descriptions';
import { listForItem } from '../getMany';
import type { OutputItem, PlumaaOperation } from '../types';

/** The search fields Plumaa's subject list offers, as the node names them. */
const SEARCH_FIELDS = { email: 'emailAddress', name: 'commonName', rfc: 'RFC' } as const;

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OutputItem[]> {
	const by = this.getNodeParameter('searchBy', itemIndex, 'email') as keyof typeof SEARCH_FIELDS;
	const value = String(this.getNodeParameter('value', itemIndex, '')).trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), "'Value' is empty", { itemIndex, description: 'Give the email address, name or RFC to look for, e.g. ana@example.mx.' });
	}
	return await listForItem<Subject>(
		this,
		itemIndex,
		{ path: '/subjects', filters: { search: { [SEARCH_FIELDS[by]]: by === 'rfc' ? value.toUpperCase() : value } }, what: 'a list of signers', call: 'subject.search' },
		(subject) => ({ ...subject }),
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
