/** What Signature Request operations share: reading one request, and its document as a file. */
import type { SignatureRequest } from '../../../shared/api.types';
import type { FileStream } from '../../../shared/fileStreams';
import { contentTypeOf, isSignatureRequest } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { downloadFile } from '../../../shared/transport/storage';
import type { ItemCall } from '../../types';

export async function getRequest(
	item: ItemCall,
	id: string,
	timeoutMs: number,
): Promise<SignatureRequest> {
	return await requestOne(item, {
		method: 'GET',
		path: `/signature-request/${id}`,
		timeoutMs,
		is: isSignatureRequest,
		what: 'a signature request',
		notFound: {
			message: `Signature request ${id} was not found`,
			description:
				'It may belong to another organization than the credential’s API key. Pick it From List to see the ones this key can read.',
		},
	});
}

/** A file name from a request's name, safe on every system. */
export function fileNameOf(request: SignatureRequest, extension: string): string {
	return `${request.name.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 100) || request.id}.${extension}`;
}

/**
 * The request's document as it was uploaded: a PDF or JSON from its storage URL, a text from the
 * answer itself (Plumaa answers raw content as the text).
 */
export async function documentOf(
	item: ItemCall,
	request: SignatureRequest,
	timeoutMs: number,
	option: string,
): Promise<{ data: Buffer | FileStream; fileName: string; mimeType: string }> {
	const kind = contentTypeOf(request);
	const content = request.content as { pdf?: string; json?: string; raw?: string };
	if (kind === 'text' || kind === 'iou')
		return {
			data: Buffer.from(content.raw ?? '', 'utf8'),
			fileName: fileNameOf(request, 'txt'),
			mimeType: 'text/plain',
		};
	const file = await downloadFile(item.context, {
		url: (kind === 'pdf' ? content.pdf : content.json) ?? '',
		itemIndex: item.itemIndex,
		timeoutMs,
		what: `the document of signature request ${request.id}`,
		option,
	});
	return kind === 'pdf'
		? { data: file.stream, fileName: fileNameOf(request, 'pdf'), mimeType: 'application/pdf' }
		: { data: file.stream, fileName: fileNameOf(request, 'json'), mimeType: 'application/json' };
}
