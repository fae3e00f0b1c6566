import type { PlumaaResource } from '../types';
import { createApiKey } from './create.operation';
import { deleteApiKey } from './delete.operation';
import { rotateApiKey } from './rotate.operation';
import { updateApiKey } from './update.operation';

export const apiKeyResource: PlumaaResource = {
	name: 'API Key',
	value: 'apiKey',
	operations: [createApiKey, deleteApiKey, rotateApiKey, updateApiKey],
	// Delete was the only operation of 0.1.0: workflows saved then rely on it being the default.
	defaultOperation: 'delete',
};
