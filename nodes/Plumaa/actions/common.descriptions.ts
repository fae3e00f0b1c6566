import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';
import { AUTO_CAP } from '../transport/pacing';

/** The value the field shows when a user adds 'Concurrency'; without it the node paces itself (Auto). */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = AUTO_CAP;
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 300;

/** Options every operation offers; the router reads Concurrency and Max Rate Limit Wait, the transport reads Timeout. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
	description:
		`A fixed number of items sent to Plumaa at the same time (1: one at a time). Without this option the node finds the pace itself (Auto): it sends more at once while Plumaa answers quickly, and fewer when it slows down or limits the rate, up to ${MAX_CONCURRENCY}. Output order always follows input order.`,
};

export const rateLimitWaitOption: INodeProperties = {
	displayName: 'Max Rate Limit Wait',
	name: 'maxRateLimitWait',
	type: 'number',
	default: DEFAULT_RATE_LIMIT_WAIT_SECONDS,
	typeOptions: { minValue: 0 },
	description:
		"How many seconds in all the run may wait when Plumaa limits the rate (HTTP 429). All requests wait together, as long as Plumaa's Retry-After says; an item fails with the 429 only once waiting more would go past this.",
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

/** Characters that do not show but come along when an ID is copied from a web page or a chat. */
const HIDDEN_CHARACTERS = '\\u00AD\\u180E\\u200B-\\u200F\\u2028-\\u202F\\u2060-\\u2064\\uFEFF';
const HIDDEN_CHARACTER = new RegExp(`[${HIDDEN_CHARACTERS}]`);

/**
 * A Plumaa ID parameter: a resource locator "By ID" whose value the editor checks as it is typed
 * (n8n also refuses to run a workflow whose fixed ID fails these checks). IDs that expressions
 * give are checked when the node runs, by `readObjectIdParameter`.
 */
export function objectIdLocator(
	field: { displayName: string; name: string; description: string },
	fromList?: { searchListMethod: string },
): INodeProperties {
	return {
		...field,
		type: 'resourceLocator',
		required: true,
		default: { mode: fromList ? 'list' : 'id', value: '' },
		modes: [
			...(fromList
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							typeOptions: { searchListMethod: fromList.searchListMethod, searchable: true },
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
				hint: '24 hexadecimal characters (0-9, a-f)',
				// n8n anchors each regex at both ends and lists the message of every one that fails.
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `[^${HIDDEN_CHARACTERS}]*`,
							errorMessage: 'Holds a hidden character, often copied along with an ID: type the ID again',
						},
					},
					{
						type: 'regex',
						properties: {
							regex: '\\s*[0-9a-fA-F]{24}\\s*',
							errorMessage: 'A Plumaa ID is 24 hexadecimal characters (0-9, a-f)',
						},
					},
				],
			},
		],
	};
}

const MAX_SHOWN_LENGTH = 64;

/** A value as a message quotes it: whole when short, else its start and its length. */
export function quoteValue(value: string): string {
	return value.length > MAX_SHOWN_LENGTH ? `"${value.slice(0, MAX_SHOWN_LENGTH)}…" (${value.length} characters)` : `"${value}"`;
}

/**
 * Reads a Plumaa ID parameter, trimmed and in lowercase (ObjectIds are hexadecimal), and fails the
 * item before any request when it is not a 24-hex-character ObjectId, saying what is wrong with it.
 */
export function readObjectIdParameter(
	context: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
): string {
	// extractValue: the ID itself when the parameter is a resource locator.
	const raw = context.getNodeParameter(parameterName, itemIndex, '', { extractValue: true }) as unknown;
	const fail = (message: string, description: string): NodeOperationError =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
	const expected = `A Plumaa ID is 24 hexadecimal characters (0-9, a-f), e.g. 5e5677d71bdc2ae76344968c.`;

	if (Array.isArray(raw)) {
		throw fail(
			`'${displayName}' is a list of ${raw.length} values, not one ID`,
			'Give one ID per item: turn the list into items first, for example with the Split Out node.',
		);
	}
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (value === '' && (raw === undefined || raw === null || typeof raw === 'string')) {
		throw fail(
			`'${displayName}' is empty`,
			`${expected} When it comes from an expression, the field the expression names may be missing in this item.`,
		);
	}
	const hidden = HIDDEN_CHARACTER.exec(value);
	if (hidden) {
		const code = hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		throw fail(
			`'${displayName}' contains a hidden character (U+${code})`,
			`It looks right but holds a character that does not show, often copied along with the ID. Type the ID again. ${expected}`,
		);
	}
	if (!OBJECT_ID_PATTERN.test(value)) {
		throw fail(`'${displayName}' is not a valid Plumaa ID: ${quoteValue(value === '' ? JSON.stringify(raw) : value)}`, expected);
	}
	return value.toLowerCase();
}

/** Reads the Timeout option (milliseconds), failing the item when it is not a positive number. */
export function readTimeoutOption(context: IExecuteFunctions, itemIndex: number): number {
	const value = context.getNodeParameter('options.timeout', itemIndex, DEFAULT_TIMEOUT_MS) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new NodeOperationError(context.getNode(), `'Timeout' must be a positive number of milliseconds, not ${JSON.stringify(value)}`, {
			itemIndex,
			description: "Set 'Timeout' under Options, e.g. 30000 for 30 seconds.",
		});
	}
	return value;
}

/** Return All and Limit, as every Get Many offers them. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

/** How many results a Get Many returns: undefined for all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `'Limit' must be a whole number, 1 or more, not ${JSON.stringify(limit)}`, {
			itemIndex,
			description: "Set 'Limit' to how many results to return, e.g. 50, or turn on 'Return All'.",
		});
	}
	return limit;
}

/**
 * A date-time filter value as Plumaa reads it: UTC with `Z` (a `+01:00` offset would reach SOFA as a
 * space). Empty is undefined; anything that is not a date fails the item naming the field.
 */
export function toPlumaaDateTime(context: IExecuteFunctions, value: unknown, displayName: string, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = typeof value === 'string' || typeof value === 'number' ? new Date(value) : value instanceof Date ? value : undefined;
	if (!parsed || Number.isNaN(parsed.getTime())) {
		throw new NodeOperationError(context.getNode(), `'${displayName}' is not a date: ${quoteValue(String(value))}`, {
			itemIndex,
			description: `Give a date and time, e.g. 2026-01-31T12:00:00Z, or an expression such as {{ $now.minus(1, 'day') }}.`,
		});
	}
	return parsed.toISOString();
}

/** A `{ gte, lte }` range of two optional dates, or undefined when both are empty. */
export function dateRange(gte: string | undefined, lte: string | undefined): { gte?: string; lte?: string } | undefined {
	if (gte === undefined && lte === undefined) return undefined;
	return { ...(gte ? { gte } : {}), ...(lte ? { lte } : {}) };
}

/** The Organization ID field of operations that create in or list one organization. */
export function organizationIdField(description: string): INodeProperties {
	return objectIdLocator({ displayName: 'Organization ID', name: 'organizationId', description });
}
