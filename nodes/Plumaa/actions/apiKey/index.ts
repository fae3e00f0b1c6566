import type { PlumaaResource } from '../../types';
import { createApiKey } from './create.operation';
import { deleteApiKey } from './delete.operation';
import { rotateApiKey } from './rotate.operation';
import { updateApiKey } from './update.operation';

export const apiKeyResource: PlumaaResource = {
	value: 'apiKey',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiKey'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create API key',
				description: 'Issue a new API key; the output holds its secret',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete API key',
				description: 'Revoke an API key: calls made with it fail from then on',
			},
			{
				name: 'Rotate',
				value: 'rotate',
				action: 'Rotate credential API key',
				description:
					'Replace the key of the Plumaa credential this node uses, and disable or delete the old one',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update API key',
				description: 'Rename an API key, or disable or enable it without deleting it',
			},
		],
		// Delete was the only operation of 0.1.0: workflows saved then omit it, as n8n omits defaults.
		default: 'delete',
	},
	operations: [createApiKey, deleteApiKey, rotateApiKey, updateApiKey],
};
