/**
 * Files without holding them whole: a document is read in chunks to hash it and read again to upload
 * it. n8n's filesystem and S3 binary modes give the file as a stream; in its in-memory mode the file
 * already sits in the item as base64, which is hashed a slice at a time. (Community nodes may not import
 * node:stream: streams come from n8n's helpers, and chunks are read with `for await`.)
 */
import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

/** A stream as n8n's helpers give it (its binary data, an HTTP response). */
export type FileStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface FileDigests {
	md5Hex: string;
	/** Content-MD5 header: base64 of the raw MD5 digest (not of its hex form). */
	md5Base64: string;
	sha256Hex: string;
	/** How many bytes were hashed. */
	size: number;
	/** The file's first bytes (up to 8), to tell what it is without reading it again. */
	head: Buffer;
}

/** A file that can be hashed, then read again to be sent. */
export interface FileSource {
	/** Its chunks, from the start. */
	chunks(): Promise<AsyncIterable<Buffer> | Iterable<Buffer>>;
	/** What an upload sends: a stream of it when it is stored outside the item, else its bytes. */
	body(): Promise<Buffer | FileStream>;
}

/** How much base64 an in-memory file is decoded at a time: 1 MiB of text, 768 KiB of bytes. */
const BASE64_SLICE = 1024 * 1024;
/** The chunk size asked of n8n's binary data streams. */
export const CHUNK_BYTES = 256 * 1024;

/** A file already in memory. */
export function bufferSource(bytes: Buffer): FileSource {
	return { chunks: async () => [bytes], body: async () => bytes };
}

/** A file held as base64 text (n8n's in-memory binary mode): hashed slice by slice, decoded once to send. */
export function base64Source(base64: string): FileSource {
	return {
		chunks: async () =>
			(function* slices() {
				// Slices of a multiple of 4 characters decode on their own.
				for (let start = 0; start < base64.length; start += BASE64_SLICE)
					yield Buffer.from(base64.slice(start, start + BASE64_SLICE), 'base64');
			})(),
		body: async () => Buffer.from(base64, 'base64'),
	};
}

/** A file n8n keeps outside the item (filesystem or S3 mode): read as a stream each time. */
export function streamSource(open: () => Promise<FileStream>): FileSource {
	return { chunks: open, body: open };
}

/** MD5, SHA-256, size and first bytes of a file, read once. Rejects with the stream's own error. */
export async function digestsOf(source: FileSource): Promise<FileDigests> {
	const md5 = createHash('md5');
	const sha256 = createHash('sha256');
	let size = 0;
	let head = Buffer.alloc(0);
	for await (const chunk of await source.chunks()) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		md5.update(bytes);
		sha256.update(bytes);
		if (head.length < 8) head = Buffer.concat([head, bytes.subarray(0, 8 - head.length)]);
		size += bytes.length;
	}
	const md5Digest = md5.digest();
	return {
		md5Hex: md5Digest.toString('hex'),
		md5Base64: md5Digest.toString('base64'),
		sha256Hex: sha256.digest('hex'),
		size,
		head,
	};
}
