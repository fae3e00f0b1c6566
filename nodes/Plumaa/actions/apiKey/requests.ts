/** The API calls the API Key operations share, with their rules: not found, secrets, unsafe repeats. */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiKey } from '../../../shared/api.types';
import { isApiKey } from '../../../shared/presenters';
import { notFoundError } from '../../../shared/transport/errors';
import { findOne } from '../../../shared/transport/request';
import type { PlumaaRequest } from '../../../shared/transport/request';
import { readTimeoutOption } from '../../helpers/parameters';
import type { ApiKeyOutput, ItemCall } from '../../types';

const MAX_NAME_LENGTH = 200;

interface ApiKeyOptions {
	includeSecret?: boolean;
	ignoreNotFound?: boolean;
}

/** Plumaa returns the secret in every ApiKey answer: it leaves only when the user asked for it. */
function presentApiKey(key: ApiKey, options: ApiKeyOptions): ApiKeyOutput & IDataObject {
	const { secret, ...withoutSecret } = key;
	return options.includeSecret === true ? { ...withoutSecret, secret } : withoutSecret;
}

/** Reads the Name of a key, trimmed; empty or overlong fails the item before any request. */
export function readKeyName(item: ItemCall, parameterName: string): string {
	const raw = item.context.getNodeParameter(parameterName, item.itemIndex, '') as unknown;
	const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (name === '' || name.length > MAX_NAME_LENGTH) {
		throw new NodeOperationError(
			item.context.getNode(),
			name === '' ? "'Name' is empty" : `'Name' is longer than ${MAX_NAME_LENGTH} characters`,
			{
				itemIndex: item.itemIndex,
				description: `'Name' must be 1 to ${MAX_NAME_LENGTH} characters that say who uses the key, e.g. "billing system 2026-11".`,
			},
		);
	}
	return name;
}

/** A call on /api-key that answers the key, or undefined when Plumaa says there is no such key. */
export async function apiKeyCall(
	item: ItemCall,
	request: Omit<PlumaaRequest, 'path'>,
): Promise<ApiKey | undefined> {
	return await findOne(item, { ...request, path: '/api-key', is: isApiKey, what: 'an API key' });
}

/** The one "not found" error of every operation that names an API key. */
function apiKeyNotFoundError(item: ItemCall, apiKeyId: string): NodeApiError {
	return notFoundError(
		item.context.getNode(),
		`API key ${apiKeyId} was not found`,
		item.itemIndex,
		`It may already be deleted, or it belongs to another organization than the credential’s API key. Turn on 'Ignore Not Found' (under Options) to pass the item on with notFound set to true instead.`,
	);
}

export interface ExistingKeyCall {
	apiKeyId: string;
	/** The output field that says the call happened: `deleted`, `updated`. */
	doneFlag: string;
	method: IHttpRequestMethods;
	qs?: IDataObject;
	body?: IDataObject;
}

/**
 * A call on one existing key (update, delete) with the rules they share: a missing key is a clear
 * error, or with Ignore Not Found `{ id, <doneFlag>: false, notFound: true }`; otherwise the key
 * (its secret only on request) with `<doneFlag>: true`.
 */
export async function callOnExistingKey(
	item: ItemCall,
	request: ExistingKeyCall,
): Promise<IDataObject> {
	const { apiKeyId, doneFlag, ...call } = request;
	const options = item.context.getNodeParameter('options', item.itemIndex, {}) as ApiKeyOptions;
	const key = await apiKeyCall(item, { ...call, timeoutMs: readTimeoutOption(item) });
	if (!key) {
		if (options.ignoreNotFound !== true) throw apiKeyNotFoundError(item, apiKeyId);
		return { id: apiKeyId, [doneFlag]: false, notFound: true };
	}
	return { ...presentApiKey(key, options), [doneFlag]: true };
}

/**
 * Creates a key. Not safe to repeat: `whenUnanswered` tells the user what to do when Plumaa did
 * not answer and the key may exist anyway.
 */
export async function createKey(
	item: ItemCall,
	request: { name: string; organizationId: string; whenUnanswered: string; timeoutMs: number },
): Promise<ApiKey> {
	const key = await apiKeyCall(item, {
		method: 'POST',
		body: { input: { name: request.name, organization: request.organizationId } },
		timeoutMs: request.timeoutMs,
		whenUnanswered: request.whenUnanswered,
	});
	if (!key) {
		throw new NodeOperationError(
			item.context.getNode(),
			`Plumaa created no key in organization ${request.organizationId}`,
			{
				itemIndex: item.itemIndex,
				description:
					"Plumaa answered without a key. Check 'Organization ID': it is the organization's ID in any output of this node.",
			},
		);
	}
	return key;
}
