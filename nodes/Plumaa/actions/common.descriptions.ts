/** Fields that several operations show: the node-wide options, IDs, lists, files and hashes. */
import type { INodeProperties } from 'n8n-workflow';

import { HIDDEN_CHARACTERS } from '../../shared/ids';
import { AUTO_CAP } from '../../shared/pacer';
import { DEFAULT_TIMEOUT_MS } from '../../shared/transport/request';

/** The value the field shows when a user adds 'Concurrency'; without it the node paces itself (Auto). */
const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = AUTO_CAP;
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 300;

/** Options every operation offers; the router reads Concurrency and Max Rate Limit Wait, the operations Timeout. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: DEFAULT_CONCURRENCY,
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
	description: `A fixed number of items sent to Plumaa at the same time (1: one at a time). Without this option the node finds the pace itself (Auto): it sends more at once while Plumaa answers quickly, and fewer when it slows down or limits the rate, up to ${MAX_CONCURRENCY}. Output order always follows input order.`,
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

/**
 * A Plumaa ID parameter: a resource locator "By ID" whose value the editor checks as it is typed
 * (n8n also refuses to run a workflow whose fixed ID fails these checks). IDs that expressions
 * give are checked when the node runs (helpers/parameters).
 */
export function objectIdLocator(
	field: { displayName: string; name: string; description: string },
	fromList?: { searchListMethod: string },
	optional = false,
): INodeProperties {
	return {
		...field,
		type: 'resourceLocator',
		required: !optional,
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
							errorMessage:
								'Holds a hidden character, often copied along with an ID: type the ID again',
						},
					},
					{
						type: 'regex',
						properties: {
							// An optional ID may be left empty.
							regex: optional ? '\\s*([0-9a-fA-F]{24})?\\s*' : '\\s*[0-9a-fA-F]{24}\\s*',
							errorMessage: 'A Plumaa ID is 24 hexadecimal characters (0-9, a-f)',
						},
					},
				],
			},
		],
	};
}

/**
 * The Organization ID field of operations that create in or list one organization. Empty, the
 * operation uses the Plumaa credential's Organization ID (helpers/parameters readOrganizationId).
 */
export function organizationIdField(description: string): INodeProperties {
	return objectIdLocator(
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			description: `${description}. Leave empty to use the Organization ID of the Plumaa API credential.`,
		},
		{ searchListMethod: 'searchOrganizations' },
		true,
	);
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

/** An operation's own Options (the router adds the node-wide ones to it). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: filters,
	};
}

export const createdRangeFilters: INodeProperties[] = [
	{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
	{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
];

export const updatedRangeFilters: INodeProperties[] = [
	{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
	{ displayName: 'Updated Before', name: 'updatedBefore', type: 'dateTime', default: '' },
];

export function binaryPropertyField(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input field holding the file',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** The document's SHA-256, for Witness → Create (given hash) and Get. */
export function hashField(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Hash',
		name: 'hash',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}
