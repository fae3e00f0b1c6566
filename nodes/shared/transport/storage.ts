/**
 * Files that do not go to Plumaa's API: the upload to the presigned storage URL Plumaa hands out,
 * and the download of a request's PDF (the document as uploaded). These requests never carry the Plumaa key (the URL itself
 * grants access), so they do not go through the credential.
 */
import { createHash } from 'node:crypto';

import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redact } from './errors';

export interface FileDigests {
	md5Hex: string;
	/** Content-MD5 header: base64 of the raw MD5 digest (not of its hex form). */
	md5Base64: string;
	sha256Hex: string;
}

export function digestsOf(bytes: Buffer): FileDigests {
	const md5 = createHash('md5').update(bytes).digest();
	return {
		md5Hex: md5.toString('hex'),
		md5Base64: md5.toString('base64'),
		sha256Hex: createHash('sha256').update(bytes).digest('hex'),
	};
}

/** Text about a request with its URL shown without the query (the presigned signature is a credential). */
function withoutQuery(text: string, url: string): string {
	return text
		.split(url)
		.join(shownUrl(url))
		.replace(/X-Amz-[A-Za-z-]+=[^&\s"]+/g, 'X-Amz-…');
}

/** A URL as messages show it: without its query, which holds the presigned signature. */
function shownUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return '(not a URL)';
	}
}

function storageText(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
	if (code || message) return [code, message].filter(Boolean).join(': ');
	return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** PUTs the file to the presigned URL with its Content-MD5, as the storage requires. */
export async function uploadToStorage(
	context: IExecuteFunctions,
	request: {
		url: string;
		bytes: Buffer;
		digests: FileDigests;
		mimeType: string;
		itemIndex: number;
		timeoutMs: number;
	},
): Promise<void> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequest({
			method: 'PUT',
			url: request.url,
			body: request.bytes,
			headers: { 'Content-MD5': request.digests.md5Base64, 'Content-Type': request.mimeType },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			timeout: request.timeoutMs,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const message = `Could not upload the document to Plumaa's storage at ${shownUrl(request.url)}`;
		throw new NodeApiError(
			context.getNode(),
			{ message },
			{
				message,
				description: `${withoutQuery(redact(String((error as Error).message ?? ''), []), request.url)} — no signature request was created. Try again.`,
				itemIndex: request.itemIndex,
			},
		);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return;
	const said = storageText(response.body);
	const message = `Plumaa's storage refused the upload (HTTP ${response.statusCode})`;
	throw new NodeApiError(
		context.getNode(),
		{ message },
		{
			message,
			description: `Sent ${request.bytes.length} bytes to ${shownUrl(request.url)} with Content-MD5 ${request.digests.md5Base64}.${said ? ` The storage said: ${said}.` : ''} No signature request was created. The upload URL is valid 15 minutes: run the item again.`,
			httpCode: String(response.statusCode),
			itemIndex: request.itemIndex,
		},
	);
}

/** GETs a file by its URL; a clear error when the URL does not give it. */
export async function downloadFile(
	context: IExecuteFunctions,
	request: {
		url: string;
		itemIndex: number;
		timeoutMs: number;
		what: string;
		/** The option that asked for the file, named in the advice (default: Download PDF). */
		option?: string;
	},
): Promise<{ bytes: Buffer; mimeType: string }> {
	const fail = (detail: string, httpCode?: string): NodeApiError => {
		const message = `Could not download ${request.what} from ${shownUrl(request.url)}`;
		return new NodeApiError(
			context.getNode(),
			{ message },
			{
				message,
				description: `${detail} Plumaa's answer gives the file as a storage URL, and Plumaa does not document whether that URL can be fetched without signing in. Turn off '${request.option ?? 'Download PDF'}' to get the request without the file.`,
				httpCode,
				itemIndex: request.itemIndex,
			},
		);
	};
	if (!/^https?:\/\//i.test(request.url))
		throw fail(`The file's field holds "${request.url.slice(0, 80)}", not an http(s) URL.`);
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequest({
			method: 'GET',
			url: request.url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw fail(
			`The request failed: ${withoutQuery(String((error as Error).message ?? ''), request.url)}.`,
		);
	}
	const bytes = Buffer.isBuffer(response.body)
		? response.body
		: Buffer.from(response.body as ArrayBuffer);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const said = storageText(bytes);
		throw fail(
			`The storage answered HTTP ${response.statusCode}${said ? `: ${said}` : ''}.`,
			String(response.statusCode),
		);
	}
	const contentType = String(response.headers?.['content-type'] ?? 'application/pdf')
		.split(';')[0]
		.trim();
	return { bytes, mimeType: contentType };
}
