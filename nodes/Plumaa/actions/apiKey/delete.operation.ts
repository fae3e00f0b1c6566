import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import type { ApiKey, ApiKeyNotFoundOutput, DeletedApiKeyOutput } from '../../types';
import {
	concurrencyOption,
	readObjectIdParameter,
	readTimeoutOption,
	timeoutOption,
} from '../common.descriptions';
import type { PlumaaOperation } from '../types';

interface DeleteOptions {
	includeSecret?: boolean;
	ignoreNotFound?: boolean;
}

function isApiKey(data: unknown): data is ApiKey {
	return typeof data === 'object' && data !== null && typeof (data as ApiKey).id === 'string';
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const apiKeyId = readObjectIdParameter(this, 'apiKeyId', 'API Key ID', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as DeleteOptions;
	const timeoutMs = readTimeoutOption(this, itemIndex);

	const result = await plumaaApiRequest.call(this, {
		method: 'DELETE',
		path: '/api-key',
		qs: { id: apiKeyId },
		itemIndex,
		timeoutMs,
	});

	if (!result.found) {
		if (options.ignoreNotFound === true) {
			const output: ApiKeyNotFoundOutput = { id: apiKeyId, deleted: false, notFound: true };
			return { ...output };
		}
		throw new NodeApiError(
			this.getNode(),
			{ message: `API key ${apiKeyId} was not found` },
			{
				message: `API key ${apiKeyId} was not found`,
				description:
					'It may already be deleted, or it belongs to another organization than the credential’s API key. Turn on the Ignore Not Found option to output { deleted: false, notFound: true } instead of failing.',
				httpCode: '404',
				itemIndex,
			},
		);
	}
	if (!isApiKey(result.data)) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'Plumaa answered without an API key' },
			{
				message: 'Plumaa answered without an API key',
				description: 'The delete call succeeded but its answer does not describe the deleted key. Check the Base URL of the Plumaa API credential.',
				itemIndex,
			},
		);
	}

	const { secret, ...withoutSecret } = result.data;
	const output: DeletedApiKeyOutput = {
		...withoutSecret,
		deleted: true,
		...(options.includeSecret === true ? { secret } : {}),
	};
	return output as unknown as IDataObject;
}

export const deleteApiKey: PlumaaOperation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an API key',
	description: 'Revoke an API key: calls made with it fail from then on',
	properties: [
		{
			displayName: 'API Key ID',
			name: 'apiKeyId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '5e5677d71bdc2ae76344968c',
			description: 'The ID of the API key to revoke: 24 hexadecimal characters. Not the key’s secret.',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				concurrencyOption,
				{
					displayName: 'Ignore Not Found',
					name: 'ignoreNotFound',
					type: 'boolean',
					default: false,
					description:
						'Whether a key that does not exist (already deleted, or of another organization) outputs { deleted: false, notFound: true } instead of failing. Useful when a rotation workflow is re-run.',
				},
				{
					displayName: 'Include Secret',
					name: 'includeSecret',
					type: 'boolean',
					default: false,
					description:
						'Whether to keep the deleted key’s secret in the output. Off by default so that secrets do not end up in execution logs.',
				},
				timeoutOption,
			],
		},
	],
	execute,
};
