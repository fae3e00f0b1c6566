import type { INodeParameters } from 'n8n-workflow';

import type { PlumaaSandbox } from '../sandbox/server';
import type { RunResult } from './engine';
import { runPlumaaNode } from './engine';

export interface DeleteRun {
	/** One input item per id, each `{ keyId }`, read by the expression `{{ $json.keyId }}`. */
	ids: string[];
	options?: INodeParameters;
	continueOnFail?: boolean;
	/** Route failed items to the error output instead (Settings → On Error → continue using error output). */
	errorOutput?: boolean;
	apiKey?: string;
	baseUrl?: string;
}

/** Runs Input Items → Plumaa (API Key → Delete) against the sandbox through the real engine. */
export async function runDelete(sandbox: PlumaaSandbox, run: DeleteRun): Promise<RunResult> {
	return await runPlumaaNode({
		items: run.ids.map((keyId) => ({ keyId })),
		parameters: {
			resource: 'apiKey',
			operation: 'delete',
			apiKeyId: '={{ $json.keyId }}',
			options: run.options ?? {},
		},
		credentials: {
			apiKey: run.apiKey ?? sandbox.apiKey,
			environment: 'custom',
			baseUrl: run.baseUrl ?? sandbox.baseUrl,
		},
		onError: run.errorOutput ? 'continueErrorOutput' : run.continueOnFail ? 'continueRegularOutput' : undefined,
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
