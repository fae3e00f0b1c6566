import type { IDataObject } from 'n8n-workflow';

import { readObjectIdParameter } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { apiKeyIdField, ignoreNotFoundOption, includeSecretOption } from './descriptions';
import { callOnExistingKey } from './requests';

async function execute(item: ItemCall): Promise<IDataObject> {
	const apiKeyId = readObjectIdParameter(item, 'apiKeyId', 'API Key ID');
	return await callOnExistingKey(item, {
		apiKeyId,
		doneFlag: 'deleted',
		method: 'DELETE',
		qs: { id: apiKeyId },
	});
}

export const deleteApiKey: PlumaaOperation = {
	value: 'delete',
	properties: [
		apiKeyIdField('The ID of the API key to revoke'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [ignoreNotFoundOption('deleted'), includeSecretOption],
		},
	],
	execute,
};
