import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation: how it appears in the editor and what it does for one input item. */
export interface PlumaaOperation {
	/** Shown in the Operation dropdown, e.g. "Delete". */
	name: string;
	value: string;
	/** Shown in the node panel's action list, e.g. "Delete an API key". */
	action: string;
	description: string;
	/** The operation's own fields; the resource adds the displayOptions that show them. */
	properties: INodeProperties[];
	/** Runs the operation for one input item and returns the JSON of its one output item. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject>;
}

export interface PlumaaResource {
	name: string;
	value: string;
	operations: PlumaaOperation[];
}
