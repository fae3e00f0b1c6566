/**
 * Fields and rules the API Key operations share, so each operation file holds only its own logic.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiKey, ApiKeyOutput } from '../../types';

export function apiKeyIdField(description: string): INodeProperties {
	return {
		displayName: 'API Key ID',
		name: 'apiKeyId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5e5677d71bdc2ae76344968c',
		description: `${description}: 24 hexadecimal characters. Not the key’s secret.`,
	};
}

/** `ignoredOutput` is what the operation outputs for a key that does not exist. */
export function ignoreNotFoundOption(ignoredOutput: string): INodeProperties {
	return {
		displayName: 'Ignore Not Found',
		name: 'ignoreNotFound',
		type: 'boolean',
		default: false,
		description: `Whether a key that does not exist (already deleted, or of another organization) outputs ${ignoredOutput} instead of failing. Useful when a rotation workflow is re-run.`,
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
		throw new NodeOperationError(this.getNode(), name === '' ? 'Name is empty' : `Name is longer than ${MAX_NAME_LENGTH} characters`, {
			itemIndex,
			description: `Name must be some text of 1 to ${MAX_NAME_LENGTH} characters that says who uses the key, for example "billing system 2026-11".`,
		});
	}
	return name;
}
