/**
 * The node's dispatch: finds the operation, reads the run's pacing, makes the run's state, runs the
 * operation once per input item through the run's pacer, and returns exactly one output item (or an
 * operation's list of them) per input item, in input order and paired to it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { PacerSettings } from '../../shared/pacer';
import { PacerStalledError, RunStoppedError } from '../../shared/pacer';
import { PlumaaRun } from '../../shared/run';
import { simplified, simplifyField, whole } from '../../shared/simplified';
import type { OutputItem, PlumaaOperation, PlumaaResource } from '../types';
import { PartialSuccess } from '../types';
import { apiKeyResource } from './apiKey';
import { certificateResource } from './certificate';
import {
	concurrencyOption,
	DEFAULT_RATE_LIMIT_WAIT_SECONDS,
	MAX_CONCURRENCY,
	rateLimitWaitOption,
	timeoutOption,
} from './common.descriptions';
import { inviteResource } from './invite';
import { signatureRequestResource } from './signatureRequest';
import { subjectResource } from './subject';
import { SECRET_WITHHELD_NOTICE, TOOL_ENTRIES } from './toolDescriptions';
import { witnessResource } from './witness';

/** Every resource the node offers: one line here, and its option in the node's Resource dropdown. */
export const resources: PlumaaResource[] = [
	apiKeyResource,
	certificateResource,
	inviteResource,
	signatureRequestResource,
	subjectResource,
	witnessResource,
];

/**
 * Each resource's Operation dropdown, then each operation's fields, shown for that operation only.
 * (The Resource dropdown is in the node's description.)
 */
export function resourceProperties(): INodeProperties[] {
	return resources.flatMap((resource) => [
		resource.operationProperty,
		...resource.operations.flatMap((operation) =>
			updateDisplayOptions(
				{ show: { resource: [resource.value], operation: [operation.value] } },
				withNodeWideOptions(operation),
			),
		),
	]);
}

/**
 * The operation's fields with the options every operation shares added to its Options
 * collection (one is added when it has none), sorted by name as n8n lists them.
 */
function withNodeWideOptions(operation: PlumaaOperation): INodeProperties[] {
	const nodeWide = operation.oneAtATime
		? [rateLimitWaitOption, timeoutOption]
		: [concurrencyOption, rateLimitWaitOption, timeoutOption];
	const own = operation.properties.find(
		(property) => property.name === 'options' && property.type === 'collection',
	);
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
		options: [...((options.options as INodeProperties[] | undefined) ?? []), ...nodeWide].sort(
			(a, b) => a.displayName.localeCompare(b.displayName),
		),
	};
	// Simplify, where the operation has it, comes after its fields and before its options, as in n8n's nodes.
	const fields = operation.properties.filter((property) => property !== own);
	return [...fields, ...(operation.shape ? [simplifyField] : []), merged];
}

/** The output shaper of an item: its Simplify setting, read once, applied by the operation's shape. */
function shaperFor(
	context: IExecuteFunctions,
	operation: PlumaaOperation,
	itemIndex: number,
): (json: IDataObject) => IDataObject {
	const shape = operation.shape;
	if (!shape) return (json) => json;
	return context.getNodeParameter('simplify', itemIndex, true) === true
		? (json) => simplified(shape, json)
		: (json) => whole(shape, json);
}

/** A single result shaped; a list of items is shaped by the operation as it makes them (ItemCall.shape). */
function shaped(
	shape: (json: IDataObject) => IDataObject,
	result: IDataObject | OutputItem[] | PartialSuccess,
): IDataObject | OutputItem[] | PartialSuccess {
	if (result instanceof PartialSuccess)
		return new PartialSuccess(shape(result.output), result.error);
	if (Array.isArray(result)) return result;
	return shape(result);
}

/** Whether n8n runs the node as an AI Agent's tool: it wraps it under a type whose name ends in Tool. */
export function isToolRun(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * The node's properties as its AI Agent tool variant shows them: only the operations an agent is given
 * (./toolDescriptions), each action saying what it does and changes, since n8n describes a tool by it.
 */
export function toolVariantProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const resource = resources.find((candidate) => candidate.operationProperty === property)?.value;
		if (!resource) return property;
		const options = (property.options as INodePropertyOptions[]).flatMap((option) => {
			const entry = TOOL_ENTRIES[`${resource}/${String(option.value)}`];
			return entry && 'action' in entry ? [{ ...option, action: entry.action }] : [];
		});
		const offered = options.some((option) => option.value === property.default);
		return { ...property, options, default: offered ? property.default : options[0]?.value };
	});
}

/** Fails a tool run of an operation an agent is not given, before anything is sent. */
function refuseInToolRun(
	context: IExecuteFunctions,
	resource: PlumaaResource,
	operation: PlumaaOperation,
): void {
	if (!isToolRun(context)) return;
	const entry = TOOL_ENTRIES[`${resource.value}/${operation.value}`];
	if (entry && 'action' in entry) return;
	const action = (resource.operationProperty.options as INodePropertyOptions[]).find(
		(option) => option.value === operation.value,
	)?.action;
	throw new NodeOperationError(context.getNode(), `${action} is not offered to AI agents`, {
		description: entry?.refused,
	});
}

/** A tool run's output: never a secret, since what a tool answers goes to the model's provider. */
function withoutSecret(json: IDataObject): IDataObject {
	if (!('secret' in json)) return json;
	const withheld: IDataObject = { ...json, secretWithheld: true, notice: SECRET_WITHHELD_NOTICE };
	delete withheld.secret;
	return withheld;
}

function findOperation(context: IExecuteFunctions): {
	resource: PlumaaResource;
	operation: PlumaaOperation;
} {
	const resourceName = context.getNodeParameter('resource', 0) as string;
	const operationName = context.getNodeParameter('operation', 0) as string;
	const resource = resources.find((candidate) => candidate.value === resourceName);
	const operation = resource?.operations.find((candidate) => candidate.value === operationName);
	if (!resource || !operation) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operationName}" of resource "${resourceName}" is not supported by this version of the node`,
		);
	}
	return { resource, operation };
}

/** How the run calls Plumaa: node-wide settings, so they are read from the first item. */
function readPacing(context: IExecuteFunctions, operation: PlumaaOperation): PacerSettings {
	const budget = context.getNodeParameter(
		'options.maxRateLimitWait',
		0,
		DEFAULT_RATE_LIMIT_WAIT_SECONDS,
	) as unknown;
	if (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0) {
		throw new NodeOperationError(
			context.getNode(),
			`'Max Rate Limit Wait' must be a number of seconds, 0 or more, not ${JSON.stringify(budget)}`,
			{
				description: `Set 'Max Rate Limit Wait' under Options, e.g. ${DEFAULT_RATE_LIMIT_WAIT_SECONDS} for 5 minutes; 0 fails an item at its first 429.`,
			},
		);
	}
	const rateLimitBudgetMs = budget * 1000;
	if (operation.oneAtATime) return { concurrency: 1, rateLimitBudgetMs };
	// Not set: Auto. The field only exists once a user adds it, with a number.
	const value = context.getNodeParameter('options.concurrency', 0, null) as unknown;
	if (value === null || value === undefined) return { concurrency: 'auto', rateLimitBudgetMs };
	if (
		typeof value !== 'number' ||
		!Number.isInteger(value) ||
		value < 1 ||
		value > MAX_CONCURRENCY
	) {
		throw new NodeOperationError(
			context.getNode(),
			`'Concurrency' must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(value)}`,
			{
				description: `Set 'Concurrency' under Options; 1 sends one item at a time. Remove the option to let the node find the pace itself.`,
			},
		);
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
	if (error instanceof PacerStalledError)
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: error.description,
		});
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The output item of a failed input item, as n8n expects it under "continue on fail". */
function errorItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	// An item whose main work stood keeps what was done, unless it is bound for the error output
	// (n8n then keeps only the message of an item that carries an error).
	if (error instanceof PartialSuccess) {
		if (context.getNode().onError !== 'continueErrorOutput')
			return {
				json: { ...error.output, error: error.error.message },
				pairedItem: { item: itemIndex },
			};
		return errorItem(context, error.error, itemIndex);
	}
	// n8n's convention: `json.error` holds the message for the next nodes; the error itself, with its
	// description, is kept for the execution view and routes the item to the error output when the
	// node is set to "continue (using error output)".
	const nodeError = asItemError(context, error, itemIndex);
	return { json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } };
}

export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();

	let operation: PlumaaOperation;
	let pacing: PacerSettings;
	try {
		const found = findOperation(context);
		operation = found.operation;
		refuseInToolRun(context, found.resource, operation);
		pacing = readPacing(context, operation);
	} catch (error) {
		const settingsError =
			error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		if (!continueOnFail) throw settingsError;
		// A node-wide setting is wrong: every item fails with it, none is lost.
		return [items.map((_, itemIndex) => errorItem(context, settingsError, itemIndex))];
	}

	const run = new PlumaaRun({ pacing, shareCredentials: !operation.oneAtATime });
	// Every item asks the run's pacer for its turn, in input order; it lets as many run at once as the pacing allows.
	const results = await Promise.all(
		items.map(async (_, itemIndex) => {
			const outcome = await run.pacer
				.runItem(async () => {
					const shape = shaperFor(context, operation, itemIndex);
					return shaped(shape, await operation.execute({ context, run, itemIndex, shape }));
				})
				.then(
					(value) => (value instanceof PartialSuccess ? { failed: value } : { value }),
					(reason: unknown) => ({ failed: reason }),
				);
			// Without continue-on-fail the first failure ends the run: items and requests still waiting are not sent.
			if ('failed' in outcome && !continueOnFail) run.pacer.stop();
			return outcome;
		}),
	);

	if (!continueOnFail) {
		const firstFailure = results.findIndex(
			(result) => 'failed' in result && !(result.failed instanceof RunStoppedError),
		);
		const failed = results[firstFailure];
		if (failed && 'failed' in failed) {
			throw asItemError(
				context,
				failed.failed instanceof PartialSuccess ? failed.failed.error : failed.failed,
				firstFailure,
			);
		}
	}

	const toolRun = isToolRun(context);
	const outputs = results.flatMap((result, itemIndex): INodeExecutionData[] => {
		if ('failed' in result) return [errorItem(context, result.failed, itemIndex)];
		if (!Array.isArray(result.value))
			return [{ json: result.value, pairedItem: { item: itemIndex } }];
		for (const output of result.value as INodeExecutionData[])
			output.pairedItem = { item: itemIndex };
		return result.value;
	});
	return [
		toolRun ? outputs.map((output) => ({ ...output, json: withoutSecret(output.json) })) : outputs,
	];
}
