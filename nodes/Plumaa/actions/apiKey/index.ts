import type { PlumaaResource } from '../types';
import { deleteApiKey } from './delete.operation';

export const apiKeyResource: PlumaaResource = {
	name: 'API Key',
	value: 'apiKey',
	operations: [deleteApiKey],
};
