import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;

/** Options every operation offers; the router reads Concurrency, the transport reads Timeout. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
	description:
		'How many items are sent to Plumaa at the same time. 1 sends one at a time. Output order always follows input order.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	default: DEFAULT_TIMEOUT_MS,
	typeOptions: { minValue: 1 },
	description: 'How many milliseconds to wait for Plumaa to answer before the item fails',
};

export const OBJECT_ID_PATTERN = /^[0-9a-fA-F]{24}$/;

/**
 * Reads a Plumaa ID parameter, trimmed, and fails the item before any request when it is not a
 * 24-hex-character ObjectId.
 */
export function readObjectIdParameter(
	context: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
): string {
	const raw = context.getNodeParameter(parameterName, itemIndex, '') as unknown;
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!OBJECT_ID_PATTERN.test(value)) {
		const shown = value === '' ? (raw === '' || raw == null ? 'an empty value' : JSON.stringify(raw)) : `"${value}"`;
		throw new NodeOperationError(context.getNode(), `${displayName} ${shown} is not a valid Plumaa ID`, {
			itemIndex,
			description: `${displayName} must be 24 hexadecimal characters (0-9, a-f), for example 5e5677d71bdc2ae76344968c.`,
		});
	}
	return value;
}

/** Reads the Timeout option (milliseconds), failing the item when it is not a positive number. */
export function readTimeoutOption(context: IExecuteFunctions, itemIndex: number): number {
	const value = context.getNodeParameter('options.timeout', itemIndex, DEFAULT_TIMEOUT_MS) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new NodeOperationError(context.getNode(), `Timeout ${JSON.stringify(value)} is not valid`, {
			itemIndex,
			description: 'Timeout must be a positive number of milliseconds, for example 30000.',
		});
	}
	return value;
}
