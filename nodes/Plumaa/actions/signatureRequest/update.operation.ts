import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { notFoundError, unexpectedAnswerError } from '../../transport/errors';
import { readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { isSignatureRequest, presentSignatureRequest, signatureRequestIdField } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readObjectIdParameter(this, 'signatureRequestId', 'Signature Request', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as { name?: string; draft?: boolean };
	const input: IDataObject = { id };
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (name === '') throw new NodeOperationError(this.getNode(), "'Name' is empty", { itemIndex, description: 'Give the new name, or remove the Name field.' });
		input.name = name;
	}
	if (fields.draft !== undefined) input.draft = fields.draft === true;
	if (Object.keys(input).length === 1) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', { itemIndex, description: "Add 'Name' or 'Draft' under Update Fields." });
	}
	const result = await plumaaApiRequest.call(this, { method: 'PUT', path: '/signature-request', body: { input }, itemIndex, timeoutMs: readTimeoutOption(this, itemIndex), call: 'signatureRequest.update' });
	if (!result.found) throw notFoundError(this.getNode(), `Signature request ${id} was not found`, itemIndex, 'It may belong to another organization than the credential’s API key.');
	if (!isSignatureRequest(result.data)) throw unexpectedAnswerError(this.getNode(), 'update signature request', itemIndex, 'a signature request');
	return presentSignatureRequest(result.data);
}

export const updateSignatureRequest: PlumaaOperation = {
	value: 'update',
	properties: [
		signatureRequestIdField('The signature request to update'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name signers see' },
				{
					displayName: 'Draft',
					name: 'draft',
					type: 'boolean',
					default: false,
					description: 'Whether the request is a draft. Off publishes it: signers can sign and notifications go out. Plumaa may not let a published request become a draft again.',
				},
			],
		},
	],
	execute,
};
