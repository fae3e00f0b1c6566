import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { notFoundError, unexpectedAnswerError } from '../../transport/errors';
import { downloadFile } from '../../transport/storage';
import { readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { OutputItem, PlumaaOperation } from '../types';
import { contentTypeOf, isSignatureRequest, presentSignatureRequest, signatureRequestIdField } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OutputItem[]> {
	const id = readObjectIdParameter(this, 'signatureRequestId', 'Signature Request', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { download?: boolean; binaryPropertyName?: string };
	const timeoutMs = readTimeoutOption(this, itemIndex);
	const result = await plumaaApiRequest.call(this, { method: 'GET', path: `/signature-request/${id}`, itemIndex, timeoutMs });
	if (!result.found) {
		throw notFoundError(this.getNode(), `Signature request ${id} was not found`, itemIndex, 'It may belong to another organization than the credential’s API key. Pick it From List to see the ones this key can read.');
	}
	if (!isSignatureRequest(result.data)) throw unexpectedAnswerError(this.getNode(), 'get signature request', itemIndex, 'a signature request');
	const request = result.data;
	const json = presentSignatureRequest(request);
	if (options.download !== true) return [{ json }];

	if (contentTypeOf(request) !== 'pdf') {
		throw new NodeOperationError(this.getNode(), `Signature request ${id} has no PDF to download`, {
			itemIndex,
			description: `Its content is ${contentTypeOf(request)}, which the output holds in content. Turn off 'Download PDF' for requests that are not PDFs.`,
		});
	}
	const file = await downloadFile.call(this, { url: (request.content as { pdf: string }).pdf, itemIndex, timeoutMs, what: `the PDF of signature request ${id}` });
	const fileName = `${request.name.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 100) || id}.pdf`;
	const property = (options.binaryPropertyName ?? 'data').trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(file.bytes, fileName, 'application/pdf');
	return [{ json, binary: { [property]: binary } }];
}

export const getSignatureRequest: PlumaaOperation = {
	value: 'get',
	properties: [
		signatureRequestIdField('The signature request to get'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Download PDF',
					name: 'download',
					type: 'boolean',
					default: false,
					description: 'Whether to download the request’s PDF into a binary field, e.g. to send the signed contract on',
				},
				{
					displayName: 'Put PDF in Field',
					name: 'binaryPropertyName',
					type: 'string',
					default: 'data',
					description: 'The binary field the PDF goes to when Download PDF is on',
				},
			],
		},
	],
	execute,
};
