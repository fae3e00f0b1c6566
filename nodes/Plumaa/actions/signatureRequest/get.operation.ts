import { NodeOperationError } from 'n8n-workflow';

import { contentTypeOf, presentSignatureRequest } from '../../../shared/presenters';
import { downloadFile } from '../../../shared/transport/storage';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, OutputItem, PlumaaOperation } from '../../types';
import { optionsCollection } from '../common.descriptions';
import { signatureRequestIdField } from './descriptions';
import { fileNameOf, getRequest } from './requests';
import { SIGNATURE_REQUEST_SHAPE } from '../../../shared/simplified';

async function execute(item: ItemCall): Promise<OutputItem[]> {
	const { context, itemIndex } = item;
	const id = readObjectIdParameter(item, 'signatureRequestId', 'Signature Request');
	const options = context.getNodeParameter('options', itemIndex, {}) as {
		download?: boolean;
		binaryPropertyName?: string;
	};
	const timeoutMs = readTimeoutOption(item);
	const request = await getRequest(item, id, timeoutMs);
	const json = item.shape(presentSignatureRequest(request));
	if (options.download !== true) return [{ json }];

	if (contentTypeOf(request) !== 'pdf') {
		throw new NodeOperationError(
			context.getNode(),
			`Signature request ${id} has no PDF to download`,
			{
				itemIndex,
				description: `Its content is ${contentTypeOf(request)}, which the output holds in content. Turn off 'Download PDF' for requests that are not PDFs.`,
			},
		);
	}
	const file = await downloadFile(context, {
		url: (request.content as { pdf: string }).pdf,
		itemIndex,
		timeoutMs,
		what: `the PDF of signature request ${id}`,
	});
	const fileName = fileNameOf(request, 'pdf');
	const property = (options.binaryPropertyName ?? 'data').trim() || 'data';
	const binary = await context.helpers.prepareBinaryData(file.stream, fileName, 'application/pdf');
	return [{ json, binary: { [property]: binary } }];
}

export const getSignatureRequest: PlumaaOperation = {
	value: 'get',
	shape: SIGNATURE_REQUEST_SHAPE,
	properties: [
		signatureRequestIdField('The signature request to get'),
		optionsCollection([
			{
				displayName: 'Download PDF',
				name: 'download',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the request’s PDF into a binary field: the document as it was uploaded (the signatures are in the invites, not in the PDF)',
			},
			{
				displayName: 'Put PDF in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The binary field the PDF goes to when Download PDF is on',
			},
		]),
	],
	execute,
};
