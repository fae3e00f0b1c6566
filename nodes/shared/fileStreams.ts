/**
 * Files as streams: a document is read in chunks to hash it and read again to upload it, so a node
 * never holds a whole file in memory (n8n's filesystem and S3 binary modes keep files on disk; in its
 * in-memory mode the file already sits in the item as base64, which is decoded a slice at a time).
 */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** A file that can be read from the start as often as needed, and its size when known. */
export interface FileSource {
	/** Opens a new stream of the file's bytes from the start. */
	open(): Promise<Readable>;
}

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

/** How much base64 an in-memory file is decoded at a time: 1 MiB of text, 768 KiB of bytes. */
const BASE64_SLICE = 1024 * 1024;
/** The chunk size asked of n8n's binary data streams. */
export const CHUNK_BYTES = 256 * 1024;

/** A file already in memory. */
export function bufferSource(bytes: Buffer): FileSource {
	return { open: async () => Readable.from([bytes]) };
}

/** A file held as base64 text (n8n's in-memory binary mode), decoded slice by slice as it is read. */
export function base64Source(base64: string): FileSource {
	return {
		open: async () =>
			Readable.from(
				(function* slices() {
					// Slices of a multiple of 4 characters decode on their own.
					for (let start = 0; start < base64.length; start += BASE64_SLICE)
						yield Buffer.from(base64.slice(start, start + BASE64_SLICE), 'base64');
				})(),
			),
	};
}

/** MD5, SHA-256, size and first bytes of a stream, read once. Rejects with the stream's own error. */
export async function digestStream(stream: Readable): Promise<FileDigests> {
	const md5 = createHash('md5');
	const sha256 = createHash('sha256');
	let size = 0;
	let head = Buffer.alloc(0);
	for await (const chunk of stream) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
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

/** The digests of bytes in memory (short texts and JSON). */
export async function digestsOf(bytes: Buffer): Promise<FileDigests> {
	return await digestStream(Readable.from([bytes]));
}

/** Raised when a file read a second time does not have the size it had the first time. */
export class FileChangedError extends Error {
	constructor(
		readonly expected: number,
		readonly read: number,
	) {
		super(
			`the file had ${expected} bytes when it was hashed and ${read > expected ? 'more' : `${read}`} when it was read again`,
		);
	}
}

/**
 * Passes a stream on and fails it unless it has exactly `size` bytes: an upload whose Content-Length
 * says more than the body holds would otherwise wait for bytes that never come.
 */
export function exactly(size: number): Transform {
	let read = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
			read += chunk.length;
			if (read > size) done(new FileChangedError(size, read));
			else done(null, chunk);
		},
		flush(done: TransformCallback) {
			done(read === size ? null : new FileChangedError(size, read));
		},
	});
}
