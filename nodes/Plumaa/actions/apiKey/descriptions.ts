/** Fields the API Key operations share. */
import type { INodeProperties } from 'n8n-workflow';

import { objectIdLocator } from '../common.descriptions';

/**
 * The key to work on. A resource locator, not a text field: n8n's rules mask every text field whose
 * name holds "apiKey", and an ID is no secret. Workflows saved with 0.1.x hold a plain string here,
 * which n8n still shows and runs as it is.
 */
export function apiKeyIdField(description: string): INodeProperties {
	return objectIdLocator({
		displayName: 'API Key ID',
		name: 'apiKeyId',
		description: `${description}. Not the key's secret.`,
	});
}

/** `doneFlag` is the output field that says the operation happened, e.g. `deleted`. */
export function ignoreNotFoundOption(doneFlag: string): INodeProperties {
	return {
		displayName: 'Ignore Not Found',
		name: 'ignoreNotFound',
		type: 'boolean',
		default: false,
		description: `Whether a key that does not exist (already deleted, or of another organization) passes on with ${doneFlag} false and notFound true instead of failing. Useful when a workflow is run again.`,
	};
}

export const includeSecretOption: INodeProperties = {
	displayName: 'Include Secret',
	name: 'includeSecret',
	type: 'boolean',
	default: false,
	description:
		'Whether to keep the key’s secret in the output. Off by default so that secrets do not end up in execution logs.',
};
