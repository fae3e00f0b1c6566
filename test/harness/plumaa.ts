import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { N8nApiCredentials, PlumaaCredentials } from '../../nodes/shared/api.types';
import type { PlumaaSandbox } from '../../dev/sandbox/server';
import type { RunOptions, RunResult } from './engine';
import { CredentialStore, runPlumaaNode } from './engine';

export interface OperationRun {
	/** The operation, e.g. create, update, delete or rotate. */
	operation: string;
	/** The resource; API Key when not given. */
	resource?: string;
	/** The JSON of the input items; one empty item when not given. */
	items?: IDataObject[];
	/** Binary fields of the input items, by index. */
	files?: RunOptions['files'];
	/** The operation's parameters (resource and operation are added). */
	parameters?: INodeParameters;
	continueOnFail?: boolean;
	/** Route failed items to the error output instead (Settings → On Error → continue using error output). */
	errorOutput?: boolean;
	/** The credential store; by default a Plumaa credential with the sandbox's key. */
	credentials?: CredentialStore;
	/** Run it as n8n runs it for an AI Agent (node type plumaaTool). */
	asTool?: boolean;
	/** How n8n keeps binary data in this run (default: in the items). */
	binaryMode?: RunOptions['binaryMode'];
}

/** A resource locator value "By ID", as the editor saves the API Key ID since 0.2.0. */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

/** A credential store whose Plumaa credential points at the sandbox, with `overrides` applied. */
export function sandboxCredentials(
	sandbox: PlumaaSandbox,
	overrides: Partial<PlumaaCredentials> = {},
	n8nApi?: N8nApiCredentials,
): CredentialStore {
	return new CredentialStore(
		{ apiKey: sandbox.apiKey, environment: 'custom', baseUrl: sandbox.baseUrl, ...overrides },
		n8nApi,
	);
}

/** Runs Input Items → Plumaa (API Key → `operation`) against the sandbox through the real engine. */
export async function runOperation(sandbox: PlumaaSandbox, run: OperationRun): Promise<RunResult> {
	return await runPlumaaNode({
		items: run.items ?? [{}],
		files: run.files,
		parameters: { resource: run.resource ?? 'apiKey', operation: run.operation, ...run.parameters },
		credentials: run.credentials ?? sandboxCredentials(sandbox),
		asTool: run.asTool,
		binaryMode: run.binaryMode,
		onError: run.errorOutput
			? 'continueErrorOutput'
			: run.continueOnFail
				? 'continueRegularOutput'
				: undefined,
	});
}

export interface DeleteRun extends Omit<OperationRun, 'operation' | 'items' | 'parameters'> {
	/** One input item per id, each `{ keyId }`, read by the expression `{{ $json.keyId }}`. */
	ids: string[];
	options?: INodeParameters;
	apiKey?: string;
	baseUrl?: string;
}

/** The workflow most tests need: input items of key ids → API Key → Delete. */
export async function deleteKeys(
	sandbox: PlumaaSandbox,
	{ ids, options, apiKey, baseUrl, ...run }: DeleteRun,
): Promise<RunResult> {
	const overrides = {
		...(apiKey === undefined ? {} : { apiKey }),
		...(baseUrl === undefined ? {} : { baseUrl }),
	};
	return await runOperation(sandbox, {
		...run,
		operation: 'delete',
		items: ids.map((keyId) => ({ keyId })),
		parameters: { apiKeyId: byId('={{ $json.keyId }}'), options: options ?? {} },
		credentials: run.credentials ?? sandboxCredentials(sandbox, overrides),
	});
}

/**
 * Everything the engine recorded for the run, as text: output, errors with all their own
 * properties (not only what toJSON shows: also errorResponse, cause, messages, stack), metadata.
 */
export function everythingRecorded(result: RunResult): string {
	const seen = new WeakSet<object>();
	const walk = (value: unknown): unknown => {
		if (typeof value !== 'object' || value === null) return value;
		if (seen.has(value)) return '[circular]';
		seen.add(value);
		if (Array.isArray(value)) return value.map(walk);
		const copy: Record<string, unknown> = {};
		for (const key of Object.getOwnPropertyNames(value)) {
			copy[key] = walk((value as Record<string, unknown>)[key]);
		}
		return copy;
	};
	return JSON.stringify(walk(result.run));
}

/** The invoice PDF the tests and examples certify: a real one-page PDF. */
export const INVOICE_PDF = readFileSync(join(__dirname, '../fixtures/invoice-A-1024.pdf'));

/** A binary field holding a file, as a Read File or Webhook node gives it. */
export function fileField(
	bytes: Buffer = INVOICE_PDF,
	fileName = 'invoice-A-1024.pdf',
	mimeType = 'application/pdf',
): { data: { base64: string; fileName: string; mimeType: string } } {
	return { data: { base64: bytes.toString('base64'), fileName, mimeType } };
}

/** Runs one operation of a resource other than API Key against the sandbox. */
export async function runResource(
	sandbox: PlumaaSandbox,
	resource: string,
	run: Omit<OperationRun, 'resource'>,
): Promise<RunResult> {
	return await runOperation(sandbox, { ...run, resource });
}

/** The query arguments of a recorded call as SOFA reads them (objects are JSON). */
export function sofaArgs(query: Record<string, string>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(query).map(([name, value]) => {
			try {
				return [name, JSON.parse(value) as unknown];
			} catch {
				return [name, value];
			}
		}),
	);
}
