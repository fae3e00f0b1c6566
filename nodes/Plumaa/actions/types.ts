import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation: how it appears in the editor and what it does for one input item. */
export interface PlumaaOperation {
	/** Shown in the Operation dropdown, e.g. "Delete". */
	name: string;
	value: string;
	/** Shown in the node panel's action list, e.g. "Delete an API key". */
	action: string;
	description: string;
	/**
	 * The operation's own fields; the router adds the displayOptions that show them, and the
	 * node-wide options (Timeout, Concurrency) to its Options collection.
	 */
	properties: INodeProperties[];
	/** Items run one after another and Concurrency is not offered: for work on shared state. */
	oneAtATime?: boolean;
	/** Runs the operation for one input item and returns the JSON of its one output item. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject>;
}

export interface PlumaaResource {
	name: string;
	value: string;
	/** Listed by name; the first is the default unless `defaultOperation` says otherwise. */
	operations: PlumaaOperation[];
	/** Saved workflows omit a parameter at its default, so a default once shipped stays. */
	defaultOperation?: string;
}

const partialOutputs = new WeakMap<object, IDataObject>();

/**
 * Marks an error as the failure of an item whose main work stood (e.g. a rotation whose old key
 * could not be retired). Without continue-on-fail it fails the run like any error; under
 * "continue (regular output)" the item keeps `output`, with the message in `error`, so the next
 * nodes see both what was done and what was not.
 */
export function withPartialOutput<E extends NodeOperationError | NodeApiError>(error: E, output: IDataObject): E {
	partialOutputs.set(error, output);
	return error;
}

export function partialOutputOf(error: unknown): IDataObject | undefined {
	return typeof error === 'object' && error !== null ? partialOutputs.get(error) : undefined;
}
