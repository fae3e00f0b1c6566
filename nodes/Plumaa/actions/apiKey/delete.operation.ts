import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readObjectIdParameter } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { apiKeyIdField, callOnExistingKey, ignoreNotFoundOption, includeSecretOption } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const apiKeyId = readObjectIdParameter(this, 'apiKeyId', 'API Key ID', itemIndex);
	return await callOnExistingKey.call(this, itemIndex, {
		apiKeyId,
		doneFlag: 'deleted',
		call: 'delete',
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
