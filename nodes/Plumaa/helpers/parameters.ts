/**
 * Reading the node's parameters for one item: each reader returns the value as the API takes it, or
 * fails the item before any request with a message that names the field and the form it expects.
 */
import type { IBinaryData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FileDigests, FileSource } from '../../shared/fileStreams';
import { base64Source, CHUNK_BYTES, digestsOf, streamSource } from '../../shared/fileStreams';
import { checkObjectId, organizationIdOf, quoteValue } from '../../shared/ids';
import { DEFAULT_TIMEOUT_MS } from '../../shared/transport/request';
import type { ItemCall } from '../types';

function fail(item: ItemCall, message: string, description: string): NodeOperationError {
	return new NodeOperationError(item.context.getNode(), message, {
		itemIndex: item.itemIndex,
		description,
	});
}

/** A Plumaa ID parameter (a resource locator or a plain string from 0.1.x), trimmed and in lowercase. */
export function readObjectIdParameter(
	item: ItemCall,
	parameterName: string,
	displayName: string,
): string {
	// extractValue: the ID itself when the parameter is a resource locator.
	const raw = item.context.getNodeParameter(parameterName, item.itemIndex, '', {
		extractValue: true,
	}) as unknown;
	const checked = checkObjectId(raw, displayName);
	if ('problem' in checked) throw fail(item, checked.problem.message, checked.problem.description);
	return checked.id;
}

/**
 * The Organization ID of an operation: its own field's, or when that is empty the Plumaa credential's
 * (set once for all operations there).
 */
export async function readOrganizationId(item: ItemCall): Promise<string> {
	const given = item.context.getNodeParameter('organizationId', item.itemIndex, '', {
		extractValue: true,
	}) as unknown;
	const checked = await organizationIdOf(
		given,
		async () => (await item.run.credentials(item.context, item.itemIndex)).organizationId,
	);
	if ('problem' in checked) throw fail(item, checked.problem.message, checked.problem.description);
	return checked.id;
}

/** An optional Plumaa ID typed as text: undefined when empty, else checked like any ID. */
export function readOptionalObjectId(
	item: ItemCall,
	parameterName: string,
	displayName: string,
): string | undefined {
	const raw = item.context.getNodeParameter(parameterName, item.itemIndex, '') as unknown;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	const checked = checkObjectId(raw, displayName);
	if ('problem' in checked) throw fail(item, checked.problem.message, checked.problem.description);
	return checked.id;
}

/** The Timeout option (milliseconds). */
export function readTimeoutOption(item: ItemCall): number {
	const value = item.context.getNodeParameter(
		'options.timeout',
		item.itemIndex,
		DEFAULT_TIMEOUT_MS,
	) as unknown;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw fail(
			item,
			`'Timeout' must be a positive number of milliseconds, not ${JSON.stringify(value)}`,
			"Set 'Timeout' under Options, e.g. 30000 for 30 seconds.",
		);
	}
	return value;
}

/** How many results a Get Many returns: undefined for all. */
export function readLimit(item: ItemCall): number | undefined {
	if (item.context.getNodeParameter('returnAll', item.itemIndex, false) === true) return undefined;
	const limit = item.context.getNodeParameter('limit', item.itemIndex, 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw fail(
			item,
			`'Limit' must be a whole number, 1 or more, not ${JSON.stringify(limit)}`,
			"Set 'Limit' to how many results to return, e.g. 50, or turn on 'Return All'.",
		);
	}
	return limit;
}

/**
 * A date-time filter value as Plumaa reads it: UTC with `Z` (a `+01:00` offset would reach SOFA as a
 * space). Empty is undefined.
 */
export function readDateTime(
	item: ItemCall,
	value: unknown,
	displayName: string,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed =
		typeof value === 'string' || typeof value === 'number'
			? new Date(value)
			: value instanceof Date
				? value
				: undefined;
	if (!parsed || Number.isNaN(parsed.getTime())) {
		throw fail(
			item,
			`'${displayName}' is not a date: ${quoteValue(String(value))}`,
			`Give a date and time, e.g. 2026-01-31T12:00:00Z, or an expression such as {{ $now.minus(1, 'day') }}.`,
		);
	}
	return parsed.toISOString();
}

/** A `{ gte, lte }` range of two optional dates, or undefined when both are empty. */
export function dateRange(
	gte: string | undefined,
	lte: string | undefined,
): { gte?: string; lte?: string } | undefined {
	if (gte === undefined && lte === undefined) return undefined;
	return { ...(gte ? { gte } : {}), ...(lte ? { lte } : {}) };
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** A SHA-256 hash as Plumaa stores it: 64 hexadecimal characters, lowercase. */
export function readHashParameter(item: ItemCall): string {
	const raw = item.context.getNodeParameter('hash', item.itemIndex, '') as unknown;
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!SHA256_HEX.test(value)) {
		throw fail(
			item,
			value === '' ? "'Hash' is empty" : `'Hash' is not a SHA-256 hash: ${quoteValue(value)}`,
			'Give the SHA-256 of the document as 64 hexadecimal characters (0-9, a-f), e.g. the output of `sha256sum`. Or choose Binary File and let the node compute it.',
		);
	}
	return value.toLowerCase();
}

export interface InputFile {
	/** The binary field it is in, as the item names it. */
	field: string;
	meta: IBinaryData;
	/** The file, to read again from the start (e.g. to upload it after hashing it). */
	source: FileSource;
	/** Its MD5, SHA-256, size and first bytes, from one read of the file in chunks. */
	digests: FileDigests;
}

/**
 * The file in the item's binary field, read once in chunks to hash it (never whole in memory), or a
 * clear error naming the field and what the item has.
 */
export async function readInputFile(
	item: ItemCall,
	parameterName = 'binaryPropertyName',
): Promise<InputFile> {
	const { context, itemIndex } = item;
	const name = String(context.getNodeParameter(parameterName, itemIndex, 'data')).trim();
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	const meta = binary[name];
	if (!meta) {
		const present = Object.keys(binary);
		throw fail(
			item,
			`The item has no file in the binary field '${name}'`,
			present.length > 0
				? `Its binary fields are: ${present.join(', ')}. Set 'Input Binary Field' to the one that holds the document.`
				: "The item has no file at all. Read the file first (e.g. Read/Write Files from Disk, a Webhook or Form with a file, or HTTP Request with 'Response Format: File').",
		);
	}
	// Filesystem and S3 modes keep the file outside the item (its id); the in-memory mode holds it as base64.
	const binaryDataId = meta.id;
	const source: FileSource = binaryDataId
		? streamSource(async () => await context.helpers.getBinaryStream(binaryDataId, CHUNK_BYTES))
		: base64Source(meta.data);
	let digests: FileDigests;
	try {
		digests = await digestsOf(source);
	} catch (error) {
		throw unreadableFile(item, name, error);
	}
	if (digests.size === 0)
		throw fail(
			item,
			`The file in the binary field '${name}' is empty`,
			`${meta.fileName ?? 'The file'} has 0 bytes: check the node that read it.`,
		);
	return { field: name, meta, source, digests };
}

/** The error for a file n8n's binary data storage could not give whole. */
export function unreadableFile(
	item: ItemCall,
	name: string,
	error: unknown,
	consequence = 'Nothing was sent to Plumaa for this item.',
): NodeOperationError {
	const reason = error instanceof Error ? error.message : String(error);
	return fail(
		item,
		`Could not read the file in the binary field '${name}'`,
		`n8n's binary data storage stopped giving the file: ${reason}. ${consequence} Run the item again; if it keeps failing, check the disk or the S3 bucket n8n keeps binary data in.`,
	);
}

/** A required text parameter, trimmed; empty fails the item with `hint` saying what to give. */
export function readRequiredText(
	item: ItemCall,
	parameterName: string,
	displayName: string,
	hint: string,
): string {
	const raw = item.context.getNodeParameter(parameterName, item.itemIndex, '') as unknown;
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (value === '') throw fail(item, `'${displayName}' is empty`, hint);
	return value;
}
