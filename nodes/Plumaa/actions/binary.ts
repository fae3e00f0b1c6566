/** Reading a file from an input item's binary data, with the field named in every error. */
import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export function binaryPropertyField(description: string, displayOptions?: INodeProperties['displayOptions']): INodeProperties {
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

export interface InputFile {
	bytes: Buffer;
	meta: IBinaryData;
}

/** The file in the item's binary field, or a clear error naming the field and what the item has. */
export async function readInputFile(context: IExecuteFunctions, itemIndex: number, parameterName = 'binaryPropertyName'): Promise<InputFile> {
	const name = String(context.getNodeParameter(parameterName, itemIndex, 'data')).trim();
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	const meta = binary[name];
	if (!meta) {
		const present = Object.keys(binary);
		throw new NodeOperationError(context.getNode(), `The item has no file in the binary field '${name}'`, {
			itemIndex,
			description:
				present.length > 0
					? `Its binary fields are: ${present.join(', ')}. Set 'Input Binary Field' to the one that holds the document.`
					: "The item has no file at all. Read the file first (e.g. Read/Write Files from Disk, a Webhook or Form with a file, or HTTP Request with 'Response Format: File').",
		});
	}
	const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, name);
	if (bytes.length === 0) {
		throw new NodeOperationError(context.getNode(), `The file in the binary field '${name}' is empty`, {
			itemIndex,
			description: `${meta.fileName ?? 'The file'} has 0 bytes: check the node that read it.`,
		});
	}
	return { bytes, meta };
}
