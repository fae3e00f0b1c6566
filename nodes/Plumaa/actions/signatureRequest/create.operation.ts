import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ContentKind, ContentShape } from '../../../shared/disputed';
import { CONTENT_SHAPE_REFUSAL, signatureContent, uploadPath } from '../../../shared/disputed';
import {
	isPresignedUpload,
	isSignatureRequest,
	presentSignatureRequest,
} from '../../../shared/presenters';
import type { SignatureRequest } from '../../../shared/api.types';
import { isInputRefusal } from '../../../shared/transport/errors';
import { requestOne } from '../../../shared/transport/request';
import type { FileDigests, FileSource } from '../../../shared/fileStreams';
import { bufferSource, digestsOf } from '../../../shared/fileStreams';
import { uploadToStorage } from '../../../shared/transport/storage';
import {
	readInputFile,
	readOrganizationId,
	readRequiredText,
	readTimeoutOption,
	unreadableFile,
} from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import {
	binaryPropertyField,
	optionsCollection,
	organizationIdField,
} from '../common.descriptions';
import { SIGNATURE_REQUEST_SHAPE } from '../../../shared/simplified';

function fail(item: ItemCall, message: string, description: string): NodeOperationError {
	return new NodeOperationError(item.context.getNode(), message, {
		itemIndex: item.itemIndex,
		description,
	});
}

/** The file types a signature request's content is uploaded as. */
const FILE_TYPES = {
	pdf: { extension: 'pdf', mimeType: 'application/pdf' },
	text: { extension: 'txt', mimeType: 'text/plain; charset=utf-8' },
	json: { extension: 'json', mimeType: 'application/json' },
} as const;

/** A file to upload: its bytes to read (again) and their digests, and what to call a failure to read it. */
interface Upload {
	source: FileSource;
	digests: FileDigests;
	readFailure: (error: Error) => Error;
}

/**
 * Uploads content where Plumaa says (an upload URL for its MD5, then a PUT with Content-MD5) and returns
 * the storage key the request's content names: every content type is a file in storage.
 */
async function upload(
	item: ItemCall,
	kind: ContentKind,
	file: Upload,
	timeoutMs: number,
): Promise<string> {
	const { extension, mimeType } = FILE_TYPES[kind];
	const target = await requestOne(item, {
		method: 'GET',
		path: '/sign-file-url',
		qs: {
			filePath: uploadPath(file.digests.md5Hex, extension, new Date(item.run.time.now())),
			md5Checksum: file.digests.md5Hex,
		},
		timeoutMs,
		is: isPresignedUpload,
		what: 'an upload URL',
	});
	await uploadToStorage(item.context, {
		url: target.url,
		source: file.source,
		digests: file.digests,
		mimeType,
		itemIndex: item.itemIndex,
		timeoutMs,
		readFailure: file.readFailure,
	});
	return target.key;
}

/** A text or JSON document, small and made here. */
async function textUpload(item: ItemCall, text: string): Promise<Upload> {
	const source = bufferSource(Buffer.from(text, 'utf8'));
	return {
		source,
		digests: await digestsOf(source),
		// Bytes in memory cannot fail to be read; should they, the item fails with the node's error.
		readFailure: (error) =>
			new NodeOperationError(item.context.getNode(), error, { itemIndex: item.itemIndex }),
	};
}

/** The PDF of the item's binary field, checked to be one: hashed in chunks, then read again to upload. */
async function readPdf(item: ItemCall): Promise<Upload> {
	const file = await readInputFile(item);
	if (file.digests.head.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw fail(
			item,
			`The file '${file.meta.fileName ?? 'in the binary field'}' is not a PDF`,
			`Its bytes do not start with "%PDF-" (its type says ${file.meta.mimeType}). Choose the binary field that holds the PDF, convert the document to PDF first, or send text with Content: Text.`,
		);
	}
	return {
		source: file.source,
		digests: file.digests,
		readFailure: (error) =>
			unreadableFile(
				item,
				file.field,
				error,
				'The upload to Plumaa’s storage was cut short, so no signature request was created.',
			),
	};
}

/** The request's content: the text, JSON or PDF uploaded; returns its storage key. */
async function uploadContent(
	item: ItemCall,
	kind: ContentKind,
	timeoutMs: number,
): Promise<string> {
	if (kind === 'pdf') return await upload(item, kind, await readPdf(item), timeoutMs);
	if (kind === 'text') {
		const text = String(item.context.getNodeParameter('text', item.itemIndex, ''));
		if (text.trim() === '')
			throw fail(
				item,
				"'Text' is empty",
				'Give the text the signers sign, e.g. the terms they agree to.',
			);
		return await upload(item, kind, await textUpload(item, text), timeoutMs);
	}
	const raw = item.context.getNodeParameter('json', item.itemIndex, '') as unknown;
	let json: string;
	if (typeof raw === 'string') {
		try {
			json = JSON.stringify(JSON.parse(raw));
		} catch {
			throw fail(
				item,
				"'JSON' is not valid JSON",
				'Give a JSON object, e.g. {"contract": "A-17", "amount": 1200}, or an expression such as {{ $json }}.',
			);
		}
	} else {
		json = JSON.stringify(raw);
	}
	return await upload(item, kind, await textUpload(item, json), timeoutMs);
}

async function execute(item: ItemCall): Promise<IDataObject> {
	const name = readRequiredText(
		item,
		'name',
		'Name',
		'Give the request a name the signers recognize, e.g. "Contrato de servicios 2026".',
	);
	const organizationId = await readOrganizationId(item);
	const kind = item.context.getNodeParameter('content', item.itemIndex, 'pdf') as ContentKind;
	const options = item.context.getNodeParameter('options', item.itemIndex, {}) as {
		draft?: boolean;
		nom151?: boolean;
	};
	const timeoutMs = readTimeoutOption(item);
	const storageKey = await uploadContent(item, kind, timeoutMs);

	const create = async (shape: ContentShape): Promise<SignatureRequest> =>
		await requestOne(item, {
			method: 'POST',
			path: '/signature-request',
			body: {
				input: {
					name,
					content: signatureContent(kind, storageKey, shape),
					organization: organizationId,
					...(options.draft === undefined ? {} : { draft: options.draft }),
					...(options.nom151 === undefined ? {} : { nom151: options.nom151 }),
				},
			},
			timeoutMs,
			whenUnanswered: `A request named "${name}" may have been created anyway. Look for it with Signature Request → Get Many (Name) before running again.`,
			is: isSignatureRequest,
			what: 'a signature request',
		});
	// The OpenAPI shape first; if Plumaa refuses it as invalid input (nothing was created), the
	// quickstart's shape once (see shared/disputed).
	const { created, contentShape } = await create('openapi').then(
		(request) => ({ created: request, contentShape: 'openapi' as ContentShape }),
		async (error: unknown) => {
			if (!isInputRefusal(error, CONTENT_SHAPE_REFUSAL)) throw error;
			return { created: await create('quickstart'), contentShape: 'quickstart' as ContentShape };
		},
	);
	return { ...presentSignatureRequest(created), contentShape };
}

export const createSignatureRequest: PlumaaOperation = {
	value: 'create',
	shape: SIGNATURE_REQUEST_SHAPE,
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
		organizationIdField(
			'The organization that sends the request: the organization ID in any output of this node',
		),
		{
			displayName: 'Content',
			name: 'content',
			type: 'options',
			options: [
				{
					name: 'JSON',
					value: 'json',
					description: 'A JSON document, uploaded to Plumaa as a file and signed as it is',
				},
				{
					name: 'PDF File',
					value: 'pdf',
					description: 'A PDF in a binary field of the input item',
				},
				{
					name: 'Text',
					value: 'text',
					description: 'Plain text, uploaded to Plumaa as a file and signed as it is',
				},
			],
			default: 'pdf',
			description: 'What the signers sign',
		},
		binaryPropertyField('The input binary field holding the PDF to sign', {
			show: { content: ['pdf'] },
		}),
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
		optionsCollection([
			{
				displayName: 'Draft',
				name: 'draft',
				type: 'boolean',
				default: false,
				description:
					'Whether to create it as a draft: nobody can sign it and no notifications go out until it is published',
			},
			{
				displayName: 'NOM-151 Certificate',
				name: 'nom151',
				type: 'boolean',
				default: false,
				description:
					'Whether Plumaa certifies the signed document under NOM-151 (uses the organization’s quota)',
			},
		]),
	],
	execute,
};
