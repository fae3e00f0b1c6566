import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiKeyRequest } from '../../transport';
import { apiKeyNotFoundError } from '../../transport/errors';
import type { ApiKeyNotFoundOutput, DeletedApiKeyOutput } from '../../types';
import { readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import type { ApiKeyOptions } from './fields';
import { apiKeyIdField, ignoreNotFoundOption, includeSecretOption, presentApiKey } from './fields';

const NOT_FOUND_OUTPUT = '{ deleted: false, notFound: true }';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const apiKeyId = readObjectIdParameter(this, 'apiKeyId', 'API Key ID', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as ApiKeyOptions;

	const result = await apiKeyRequest.call(this, {
		call: 'delete',
		method: 'DELETE',
		path: '/api-key',
		qs: { id: apiKeyId },
		itemIndex,
		timeoutMs: readTimeoutOption(this, itemIndex),
	});

	if (!result.found) {
		if (options.ignoreNotFound !== true) throw apiKeyNotFoundError(this.getNode(), apiKeyId, itemIndex, NOT_FOUND_OUTPUT);
		const output: ApiKeyNotFoundOutput = { id: apiKeyId, deleted: false, notFound: true };
		return { ...output };
	}
	const output: DeletedApiKeyOutput = { ...presentApiKey(result.data, options), deleted: true };
	return output as unknown as IDataObject;
}

export const deleteApiKey: PlumaaOperation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an API key',
	description: 'Revoke an API key: calls made with it fail from then on',
	properties: [
		apiKeyIdField('The ID of the API key to revoke'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [ignoreNotFoundOption(NOT_FOUND_OUTPUT), includeSecretOption],
		},
	],
	execute,
};
