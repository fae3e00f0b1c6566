/**
 * Fields and rules the API Key operations share, so each operation file holds only its own logic.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiKeyRequest } from '../../transport';
import { apiKeyNotFoundError } from '../../transport/errors';
import type { ApiKey, ApiKeyOutput } from '../../types';
import { objectIdLocator, readTimeoutOption } from '../common.descriptions';

/**
 * The key to work on. A resource locator, not a text field: n8n's rules mask every text field whose
 * name holds "apiKey", and an ID is no secret. Workflows saved with 0.1.x hold a plain string here,
 * which n8n still shows and runs as it is.
 */
export function apiKeyIdField(description: string): INodeProperties {
	return objectIdLocator({ displayName: 'API Key ID', name: 'apiKeyId', description: `${description}. Not the key's secret.` });
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

export interface ApiKeyOptions {
	includeSecret?: boolean;
	ignoreNotFound?: boolean;
}

/** Plumaa returns the secret in every ApiKey answer: it leaves only when the user asked for it. */
export function presentApiKey(key: ApiKey, options: ApiKeyOptions): ApiKeyOutput {
	const { secret, ...withoutSecret } = key;
	return options.includeSecret === true ? { ...withoutSecret, secret } : withoutSecret;
}

const MAX_NAME_LENGTH = 200;

/** Reads the Name of a key, trimmed; empty or overlong fails the item before any request. */
export function readKeyName(this: IExecuteFunctions, parameterName: string, itemIndex: number): string {
	const raw = this.getNodeParameter(parameterName, itemIndex, '') as unknown;
	const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (name === '' || name.length > MAX_NAME_LENGTH) {
		throw new NodeOperationError(this.getNode(), name === '' ? "'Name' is empty" : `'Name' is longer than ${MAX_NAME_LENGTH} characters`, {
			itemIndex,
			description: `'Name' must be 1 to ${MAX_NAME_LENGTH} characters that say who uses the key, e.g. "billing system 2026-11".`,
		});
	}
	return name;
}

export interface ExistingKeyCall {
	apiKeyId: string;
	/** The output field that says the call happened: `deleted`, `updated`. */
	doneFlag: string;
	call: string;
	method: IHttpRequestMethods;
	qs?: IDataObject;
	body?: IDataObject;
}

/**
 * A call on one existing key (update, delete) with the rules they share: a missing key is a clear
 * error, or with Ignore Not Found `{ id, <doneFlag>: false, notFound: true }`; otherwise the key
 * (its secret only on request) with `<doneFlag>: true`.
 */
export async function callOnExistingKey(this: IExecuteFunctions, itemIndex: number, request: ExistingKeyCall): Promise<IDataObject> {
	const { apiKeyId, doneFlag, ...call } = request;
	const options = this.getNodeParameter('options', itemIndex, {}) as ApiKeyOptions;
	const result = await apiKeyRequest.call(this, { ...call, path: '/api-key', itemIndex, timeoutMs: readTimeoutOption(this, itemIndex) });
	if (!result.found) {
		if (options.ignoreNotFound !== true) {
			throw apiKeyNotFoundError(this.getNode(), apiKeyId, itemIndex);
		}
		return { id: apiKeyId, [doneFlag]: false, notFound: true };
	}
	const output: ApiKeyOutput & IDataObject = { ...presentApiKey(result.data, options), [doneFlag]: true };
	return output;
}

/**
 * Creates a key. Not safe to repeat: `whenUnanswered` tells the user what to do when Plumaa did
 * not answer and the key may exist anyway.
 */
export async function createKey(
	this: IExecuteFunctions,
	itemIndex: number,
	request: { name: string; organizationId: string; whenUnanswered: string; timeoutMs: number },
): Promise<ApiKey> {
	const result = await apiKeyRequest.call(this, {
		call: 'create',
		method: 'POST',
		path: '/api-key',
		body: { input: { name: request.name, organization: request.organizationId } },
		itemIndex,
		timeoutMs: request.timeoutMs,
		whenUnanswered: request.whenUnanswered,
	});
	if (!result.found) {
		throw new NodeOperationError(this.getNode(), `Plumaa created no key in organization ${request.organizationId}`, {
			itemIndex,
			description: "Plumaa answered without a key. Check 'Organization ID': it is the organization's ID in any output of this node.",
		});
	}
	return result.data;
}
