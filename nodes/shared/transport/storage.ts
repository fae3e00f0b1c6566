/**
 * Files that do not go to Plumaa's API: the upload to the presigned storage URL Plumaa hands out,
 * and the download of a request's PDF (the document as uploaded). These requests never carry the Plumaa key (the URL itself
 * grants access), so they do not go through the credential.
 */
import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FileDigests, FileSource, FileStream } from '../fileStreams';
import { redact } from './errors';

/** How much of a storage answer is read: its errors are short XML, and a success says nothing needed. */
const ERROR_BODY_BYTES = 64 * 1024;

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

/** The start of a streamed answer (an error's words, for its message); the rest is dropped unread. */
async function answerStartOf(stream: FileStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
			chunks.push(bytes);
			size += bytes.length;
			if (size >= ERROR_BODY_BYTES) break;
		}
	} catch {
		// What arrived before the failure is enough for a message.
	}
	stream.destroy();
	return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES);
}

function storageText(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
	if (code || message) return [code, message?.replace(/\.$/, '')].filter(Boolean).join(': ');
	return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * PUTs the file to the presigned URL (as a stream when n8n keeps it outside the item) with its
 * Content-Length and Content-MD5, as the storage requires. `readFailure` turns a failure to read the
 * file (n8n's binary data storage) into the node's error.
 */
export async function uploadToStorage(
	context: IExecuteFunctions,
	request: {
		url: string;
		source: FileSource;
		digests: FileDigests;
		mimeType: string;
		itemIndex: number;
		timeoutMs: number;
		readFailure: (error: Error) => Error;
	},
): Promise<void> {
	let readError: Error | undefined;
	let body: Buffer | FileStream | undefined;
	let response: IN8nHttpFullResponse;
	try {
		body = await request.source.body();
		// A stream that fails while it is sent is the file's failure, not the connection's.
		if (!Buffer.isBuffer(body)) body.once('error', (error: Error) => (readError ??= error));
		response = (await context.helpers.httpRequest({
			method: 'PUT',
			url: request.url,
			body,
			headers: {
				'Content-Length': String(request.digests.size),
				'Content-MD5': request.digests.md5Base64,
				'Content-Type': request.mimeType,
			},
			// Redirects off: axios keeps every byte of a body it may have to send again to a redirect.
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'stream',
			timeout: request.timeoutMs,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		// A failed connection leaves the file open: close it.
		if (body && !Buffer.isBuffer(body)) body.destroy();
		if (readError) throw request.readFailure(readError);
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
	const answer = await answerStartOf(response.body as FileStream);
	if (response.statusCode >= 200 && response.statusCode < 300) return;
	const said = storageText(answer);
	const message = `Plumaa's storage refused the upload (HTTP ${response.statusCode})`;
	throw new NodeApiError(
		context.getNode(),
		{ message },
		{
			message,
			description: `Sent ${request.digests.size} bytes to ${shownUrl(request.url)} with Content-MD5 ${request.digests.md5Base64}.${said ? ` The storage said: ${said}.` : ''} No signature request was created. The upload URL is valid 15 minutes: run the item again.`,
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
): Promise<{ stream: FileStream; mimeType: string }> {
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
			// Streamed: n8n writes it to its binary data storage without holding it whole (filesystem and S3 modes).
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw fail(
			`The request failed: ${withoutQuery(String((error as Error).message ?? ''), request.url)}.`,
		);
	}
	const stream = response.body as FileStream;
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const said = storageText(await answerStartOf(stream));
		throw fail(
			`The storage answered HTTP ${response.statusCode}${said ? `: ${said}` : ''}.`,
			String(response.statusCode),
		);
	}
	const contentType = String(response.headers?.['content-type'] ?? 'application/pdf')
		.split(';')[0]
		.trim();
	return { stream, mimeType: contentType };
}
