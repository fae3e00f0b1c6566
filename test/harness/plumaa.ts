import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { N8nApiCredentials, PlumaaCredentials } from '../../nodes/Plumaa/types';
import type { PlumaaSandbox } from '../sandbox/server';
import type { RunResult } from './engine';
import { CredentialStore, runPlumaaNode } from './engine';

export interface OperationRun {
	/** The API Key operation: create, update, delete or rotate. */
	operation: string;
	/** The JSON of the input items; one empty item when not given. */
	items?: IDataObject[];
	/** The operation's parameters (resource and operation are added). */
	parameters?: INodeParameters;
	continueOnFail?: boolean;
	/** Route failed items to the error output instead (Settings → On Error → continue using error output). */
	errorOutput?: boolean;
	/** The credential store; by default a Plumaa credential with the sandbox's key. */
	credentials?: CredentialStore;
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
	return new CredentialStore({ apiKey: sandbox.apiKey, environment: 'custom', baseUrl: sandbox.baseUrl, ...overrides }, n8nApi);
}

/** Runs Input Items → Plumaa (API Key → `operation`) against the sandbox through the real engine. */
export async function runOperation(sandbox: PlumaaSandbox, run: OperationRun): Promise<RunResult> {
	return await runPlumaaNode({
		items: run.items ?? [{}],
		parameters: { resource: 'apiKey', operation: run.operation, ...run.parameters },
		credentials: run.credentials ?? sandboxCredentials(sandbox),
		onError: run.errorOutput ? 'continueErrorOutput' : run.continueOnFail ? 'continueRegularOutput' : undefined,
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
export async function deleteKeys(sandbox: PlumaaSandbox, { ids, options, apiKey, baseUrl, ...run }: DeleteRun): Promise<RunResult> {
	const overrides = { ...(apiKey === undefined ? {} : { apiKey }), ...(baseUrl === undefined ? {} : { baseUrl }) };
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
