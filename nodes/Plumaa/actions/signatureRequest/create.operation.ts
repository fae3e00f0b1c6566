import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { plumaaApiRequest } from '../../transport';
import { signatureContent, uploadPath } from '../../transport/disputed';
import { unexpectedAnswerError } from '../../transport/errors';
import { digestsOf, uploadToStorage } from '../../transport/storage';
import type { PresignedUpload } from '../../types';
import { binaryPropertyField, readInputFile } from '../binary';
import { organizationIdField, readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { isSignatureRequest, presentSignatureRequest } from './fields';

type ContentKind = 'pdf' | 'text' | 'json';

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** Uploads the PDF where Plumaa says and returns the storage key that the request's content names. */
async function uploadPdf(this: IExecuteFunctions, itemIndex: number, timeoutMs: number): Promise<string> {
	const file = await readInputFile(this, itemIndex);
	if (file.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw fail(this, itemIndex, `The file '${file.meta.fileName ?? 'in the binary field'}' is not a PDF`, `Its bytes do not start with "%PDF-" (its type says ${file.meta.mimeType}). Choose the binary field that holds the PDF, convert the document to PDF first, or send text with Content: Text.`);
	}
	const digests = digestsOf(file.bytes);
	const signed = await plumaaApiRequest.call(this, {
		method: 'GET',
		path: '/sign-file-url',
		qs: { filePath: uploadPath(digests.md5Hex), md5Checksum: digests.md5Hex },
		itemIndex,
		timeoutMs,
	});
	const upload = signed.found ? (signed.data as PresignedUpload) : undefined;
	if (!upload || typeof upload.url !== 'string' || typeof upload.key !== 'string') {
		throw unexpectedAnswerError(this.getNode(), 'sign-file-url', itemIndex, 'an upload URL');
	}
	await uploadToStorage.call(this, { url: upload.url, bytes: file.bytes, digests, mimeType: 'application/pdf', itemIndex, timeoutMs });
	return upload.key;
}

async function contentOf(this: IExecuteFunctions, kind: ContentKind, itemIndex: number, timeoutMs: number): Promise<IDataObject> {
	if (kind === 'pdf') return signatureContent.pdf(await uploadPdf.call(this, itemIndex, timeoutMs));
	if (kind === 'text') {
		const text = String(this.getNodeParameter('text', itemIndex, ''));
		if (text.trim() === '') throw fail(this, itemIndex, "'Text' is empty", 'Give the text the signers sign, e.g. the terms they agree to.');
		return signatureContent.text(text);
	}
	const raw = this.getNodeParameter('json', itemIndex, '') as unknown;
	let json: string;
	if (typeof raw === 'string') {
		try {
			json = JSON.stringify(JSON.parse(raw));
		} catch {
			throw fail(this, itemIndex, "'JSON' is not valid JSON", 'Give a JSON object, e.g. {"contract": "A-17", "amount": 1200}, or an expression such as {{ $json }}.');
		}
	} else {
		json = JSON.stringify(raw);
	}
	return signatureContent.json(json);
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	if (name === '') throw fail(this, itemIndex, "'Name' is empty", 'Give the request a name the signers recognize, e.g. "Contrato de servicios 2026".');
	const organizationId = readObjectIdParameter(this, 'organizationId', 'Organization ID', itemIndex);
	const kind = this.getNodeParameter('content', itemIndex, 'pdf') as ContentKind;
	const options = this.getNodeParameter('options', itemIndex, {}) as { draft?: boolean; nom151?: boolean };
	const timeoutMs = readTimeoutOption(this, itemIndex);
	const content = await contentOf.call(this, kind, itemIndex, timeoutMs);

	const created = await plumaaApiRequest.call(this, {
		method: 'POST',
		path: '/signature-request',
		body: {
			input: {
				name,
				content,
				organization: organizationId,
				...(options.draft === undefined ? {} : { draft: options.draft }),
				...(options.nom151 === undefined ? {} : { nom151: options.nom151 }),
			},
		},
		itemIndex,
		timeoutMs,
		call: 'signatureRequest.create',
		whenUnanswered: `A request named "${name}" may have been created anyway. Look for it with Signature Request → Get Many (Name) before running again.`,
	});
	if (!created.found || !isSignatureRequest(created.data)) throw unexpectedAnswerError(this.getNode(), 'create signature request', itemIndex, 'a signature request');
	return presentSignatureRequest(created.data);
}

export const createSignatureRequest: PlumaaOperation = {
	value: 'create',
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Contrato de servicios 2026',
			description: 'The name signers see',
		},
		organizationIdField('The organization that sends the request: the organization ID in any output of this node'),
		{
			displayName: 'Content',
			name: 'content',
			type: 'options',
			options: [
				{ name: 'PDF File', value: 'pdf', description: 'A PDF in a binary field of the input item' },
				{ name: 'Text', value: 'text', description: 'Plain text that is signed as it is' },
				{ name: 'JSON', value: 'json', description: 'A JSON document that is signed as it is' },
			],
			default: 'pdf',
			description: 'What the signers sign',
		},
		binaryPropertyField('The input binary field holding the PDF to sign', { show: { content: ['pdf'] } }),
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			displayOptions: { show: { content: ['text'] } },
		},
		{
			displayName: 'JSON',
			name: 'json',
			type: 'json',
			required: true,
			default: '{}',
			displayOptions: { show: { content: ['json'] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Draft',
					name: 'draft',
					type: 'boolean',
					default: false,
					description: 'Whether to create it as a draft: nobody can sign it and no notifications go out until it is published',
				},
				{
					displayName: 'NOM-151 Certificate',
					name: 'nom151',
					type: 'boolean',
					default: false,
					description: 'Whether Plumaa certifies the signed document under NOM-151 (uses the organization’s quota)',
				},
			],
		},
	],
	execute,
};
