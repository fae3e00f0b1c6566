import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isSignatureRequest, presentSignatureRequest } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { signatureRequestIdField } from './descriptions';
import { SIGNATURE_REQUEST_SHAPE } from '../../../shared/simplified';

async function execute(item: ItemCall): Promise<IDataObject> {
	const { context, itemIndex } = item;
	const id = readObjectIdParameter(item, 'signatureRequestId', 'Signature Request');
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as {
		name?: string;
		draft?: boolean;
	};
	const input: IDataObject = { id };
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (name === '')
			throw new NodeOperationError(context.getNode(), "'Name' is empty", {
				itemIndex,
				description: 'Give the new name, or remove the Name field.',
			});
		input.name = name;
	}
	if (fields.draft !== undefined) input.draft = fields.draft === true;
	if (Object.keys(input).length === 1) {
		throw new NodeOperationError(context.getNode(), 'Nothing to update', {
			itemIndex,
			description: "Add 'Name' or 'Draft' under Update Fields.",
		});
	}
	const updated = await requestOne(item, {
		method: 'PUT',
		path: '/signature-request',
		body: { input },
		timeoutMs: readTimeoutOption(item),
		is: isSignatureRequest,
		what: 'a signature request',
		notFound: {
			message: `Signature request ${id} was not found`,
			description: 'It may belong to another organization than the credential’s API key.',
		},
	});
	return presentSignatureRequest(updated);
}

export const updateSignatureRequest: PlumaaOperation = {
	value: 'update',
	shape: SIGNATURE_REQUEST_SHAPE,
	properties: [
		signatureRequestIdField('The signature request to update'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				{
					displayName: 'Draft',
					name: 'draft',
					type: 'boolean',
					default: false,
					description:
						'Whether the request is a draft. Off publishes it: signers can sign and notifications go out. Plumaa may not let a published request become a draft again.',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'The new name signers see',
				},
			],
		},
	],
	execute,
};
