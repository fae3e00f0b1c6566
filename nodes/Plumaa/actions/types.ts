import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation: its fields and what it does for one input item. */
export interface PlumaaOperation {
	/** Its value in the resource's Operation dropdown, e.g. "delete". */
	value: string;
	/**
	 * The operation's own fields; the router adds the displayOptions that show them, and the
	 * node-wide options (Timeout, Concurrency) to its Options collection.
	 */
	properties: INodeProperties[];
	/** Items run one after another and Concurrency is not offered: for work on shared state. */
	oneAtATime?: boolean;
	/**
	 * Runs the operation for one input item: the JSON of its one output item, or a list of output
	 * items (Get Many; an item with binary data), which the router pairs to the input item.
	 */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | OutputItem[]>;
}

/** One output item of an operation that hands on several, or binary data. */
export type OutputItem = Pick<INodeExecutionData, 'json' | 'binary'>;

export interface PlumaaResource {
	/** Its value in the node's Resource dropdown, e.g. "apiKey". */
	value: string;
	/**
	 * The resource's Operation dropdown, written out as a literal so that n8n's scanner checks
	 * its names, actions and default.
	 */
	operationProperty: INodeProperties;
	operations: PlumaaOperation[];
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
