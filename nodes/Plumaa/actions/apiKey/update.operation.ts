import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readObjectIdParameter } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { apiKeyIdField, ignoreNotFoundOption, includeSecretOption } from './descriptions';
import { callOnExistingKey, readKeyName } from './requests';

interface UpdateFields {
	name?: string;
	enabled?: boolean;
}

function readUpdateFields(item: ItemCall): UpdateFields {
	const { context, itemIndex } = item;
	const given = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const fields: UpdateFields = {};
	if (given.name !== undefined) fields.name = readKeyName(item, 'updateFields.name');
	if (given.enabled !== undefined) {
		if (typeof given.enabled !== 'boolean') {
			throw new NodeOperationError(
				context.getNode(),
				`'Enabled' must be true or false, not ${JSON.stringify(given.enabled)}`,
				{
					itemIndex,
					description:
						"'Enabled' on means the key works; off means calls made with it fail until it is enabled again.",
				},
			);
		}
		fields.enabled = given.enabled;
	}
	if (fields.name === undefined && fields.enabled === undefined) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			itemIndex,
			description: "Add 'Name' or 'Enabled' under 'Update Fields'.",
		});
	}
	return fields;
}

async function execute(item: ItemCall): Promise<IDataObject> {
	const apiKeyId = readObjectIdParameter(item, 'apiKeyId', 'API Key ID');
	const fields = readUpdateFields(item);
	return await callOnExistingKey(item, {
		apiKeyId,
		doneFlag: 'updated',
		method: 'PUT',
		body: { input: { id: apiKeyId, ...fields } },
	});
}

export const updateApiKey: PlumaaOperation = {
	value: 'update',
	properties: [
		apiKeyIdField('The ID of the API key to change'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				{
					displayName: 'Enabled',
					name: 'enabled',
					type: 'boolean',
					default: false,
					description:
						'Whether the key works. A disabled key is kept, and calls made with it fail until it is enabled again.',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. billing system (old)',
					description: 'New name of the key',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [ignoreNotFoundOption('updated'), includeSecretOption],
		},
	],
	execute,
};
