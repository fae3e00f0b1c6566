import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../helpers/concurrency';
import { apiKeyResource } from './apiKey';
import { inviteResource } from './invite';
import { signatureRequestResource } from './signatureRequest';
import { subjectResource } from './subject';
import { witnessResource } from './witness';
import { shareCredentialsInRun } from '../transport';
import { RunStoppedError, startPacing } from '../transport/pacing';
import type { PacerSettings } from '../transport/pacing';
import { concurrencyOption, DEFAULT_RATE_LIMIT_WAIT_SECONDS, MAX_CONCURRENCY, rateLimitWaitOption, timeoutOption } from './common.descriptions';
import type { PlumaaOperation, PlumaaResource } from './types';
import { partialOutputOf } from './types';

/** Every resource the node offers: one line here, and its option in the node's Resource dropdown. */
export const resources: PlumaaResource[] = [apiKeyResource, inviteResource, signatureRequestResource, subjectResource, witnessResource];

/**
 * Each resource's Operation dropdown, then each operation's fields, shown for that operation only.
 * (The Resource dropdown is in the node's description.)
 */
export function resourceProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const resource of resources) {
		properties.push(resource.operationProperty);
		for (const operation of resource.operations) {
			for (const property of withNodeWideOptions(operation)) {
				properties.push({
					...property,
					displayOptions: {
						...property.displayOptions,
						show: {
							...property.displayOptions?.show,
							resource: [resource.value],
							operation: [operation.value],
						},
					},
				});
			}
		}
	}
	return properties;
}

/**
 * The operation's fields with the options every operation shares added to its Options
 * collection (one is added when it has none), sorted by name as n8n lists them.
 */
function withNodeWideOptions(operation: PlumaaOperation): INodeProperties[] {
	const nodeWide = operation.oneAtATime ? [rateLimitWaitOption, timeoutOption] : [concurrencyOption, rateLimitWaitOption, timeoutOption];
	const own = operation.properties.find((property) => property.name === 'options' && property.type === 'collection');
	const options: INodeProperties = own ?? {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [],
	};
	const merged: INodeProperties = {
		...options,
		options: [...((options.options as INodeProperties[] | undefined) ?? []), ...nodeWide].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
	return own
		? operation.properties.map((property) => (property === own ? merged : property))
		: [...operation.properties, merged];
}

function findOperation(context: IExecuteFunctions): PlumaaOperation {
	const resourceName = context.getNodeParameter('resource', 0) as string;
	const operationName = context.getNodeParameter('operation', 0) as string;
	const operation = resources
		.find((resource) => resource.value === resourceName)
		?.operations.find((candidate) => candidate.value === operationName);
	if (!operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" of resource "${resourceName}" is not supported by this version of the node`,
		);
	}
	return operation;
}

/** How the run calls Plumaa: node-wide settings, so they are read from the first item. */
function readPacing(context: IExecuteFunctions, operation: PlumaaOperation): PacerSettings {
	const budget = context.getNodeParameter('options.maxRateLimitWait', 0, DEFAULT_RATE_LIMIT_WAIT_SECONDS) as unknown;
	if (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0) {
		throw new NodeOperationError(context.getNode(), `'Max Rate Limit Wait' must be a number of seconds, 0 or more, not ${JSON.stringify(budget)}`, {
			description: `Set 'Max Rate Limit Wait' under Options, e.g. ${DEFAULT_RATE_LIMIT_WAIT_SECONDS} for 5 minutes; 0 fails an item at its first 429.`,
		});
	}
	const rateLimitBudgetMs = budget * 1000;
	if (operation.oneAtATime) return { concurrency: 1, rateLimitBudgetMs };
	// Not set: Auto. The field only exists once a user adds it, with a number.
	const value = context.getNodeParameter('options.concurrency', 0, null) as unknown;
	if (value === null || value === undefined) return { concurrency: 'auto', rateLimitBudgetMs };
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
		throw new NodeOperationError(context.getNode(), `'Concurrency' must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(value)}`, {
			description: `Set 'Concurrency' under Options; 1 sends one item at a time. Remove the option to let the node find the pace itself.`,
		});
	}
	return { concurrency: value, rateLimitBudgetMs };
}

/** Makes sure every failure is a node error that names its item. */
function asItemError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The output item of a failed input item, as n8n expects it under "continue on fail". */
function errorItem(context: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	// An item whose main work stood keeps what was done, unless it is bound for the error output
	// (n8n then keeps only the message of an item that carries an error).
	const partialOutput = partialOutputOf(error);
	if (partialOutput && context.getNode().onError !== 'continueErrorOutput') {
		return { json: { ...partialOutput, error: (error as Error).message }, pairedItem: { item: itemIndex } };
	}
	// n8n's convention: `json.error` holds the message for the next nodes; the error itself,
	// with its description, is kept for the execution view and routes the item to the error
	// output when the node is set to "continue (using error output)".
	const nodeError = asItemError(context, error, itemIndex);
	return { json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } };
}

/**
 * Runs the chosen operation once per input item, several items at a time, and returns exactly
 * one output item per input item, in input order and paired to it.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();

	let operation: PlumaaOperation;
	let pacing: PacerSettings;
	try {
		operation = findOperation(this);
		pacing = readPacing(this, operation);
	} catch (error) {
		const settingsError =
			error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
		if (!continueOnFail) throw settingsError;
		// A node-wide setting is wrong: every item fails with it, none is lost.
		return [items.map((_, itemIndex) => errorItem(this, settingsError, itemIndex))];
	}

	// Items start up to the cap and their requests wait for their turn at the run's pacer.
	const pacer = startPacing(this, pacing);
	if (!operation.oneAtATime) shareCredentialsInRun(this);
	const results = await mapWithConcurrency(items.length, pacing.concurrency === 'auto' ? MAX_CONCURRENCY : pacing.concurrency, !continueOnFail, async (itemIndex) => {
		const outcome = operation.execute.call(this, itemIndex);
		// Without continue-on-fail the first failure ends the run: requests still waiting are not sent.
		if (!continueOnFail) outcome.catch(() => pacer.stop());
		return await outcome;
	});

	if (!continueOnFail) {
		const firstFailure = results.findIndex((result) => result?.ok === false && !(result.error instanceof RunStoppedError));
		const failed = results[firstFailure];
		if (failed && !failed.ok) throw asItemError(this, failed.error, firstFailure);
	}

	return [
		results.flatMap((result, itemIndex): INodeExecutionData[] => {
			if (!result?.ok) return [errorItem(this, result?.error, itemIndex)];
			if (!Array.isArray(result.value)) return [{ json: result.value, pairedItem: { item: itemIndex } }];
			return result.value.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
		}),
	];
}
