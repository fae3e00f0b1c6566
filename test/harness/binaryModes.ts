/**
 * n8n's binary data modes for engine runs: `default` keeps files in the items as base64 (n8n's in-memory
 * mode), `filesystem` stores them on disk and items carry an id (n8n 2's default). `failing` is a storage
 * that stops partway through one read of a file, as a disk or S3 bucket can.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

export type BinaryMode = 'default' | 'filesystem' | 'failing';

/** The storage behind mode `failing`: files kept in memory, and which read of them breaks. */
export class FailingStorage {
	private readonly files = new Map<string, Buffer>();
	/** The read (1: the first, when the node hashes the file; 2: the next) that stops after half the file. */
	failOnRead = 1;
	reads = 0;

	async init(): Promise<void> {}

	async store(
		_location: unknown,
		data: Buffer | Readable,
	): Promise<{ fileId: string; fileSize: number }> {
		const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(await data.toArray());
		const fileId = `file-${this.files.size + 1}`;
		this.files.set(fileId, bytes);
		return { fileId, fileSize: bytes.length };
	}

	async getAsStream(fileId: string, chunkSize = 64 * 1024): Promise<Readable> {
		const bytes = this.files.get(fileId) ?? Buffer.alloc(0);
		this.reads++;
		const breaks = this.reads === this.failOnRead;
		return Readable.from(
			(function* chunks() {
				for (let start = 0; start < bytes.length; start += chunkSize) {
					if (breaks && start >= bytes.length / 2)
						throw new Error('read ECONNRESET (the binary data storage dropped the connection)');
					yield bytes.subarray(start, start + chunkSize);
				}
			})(),
		);
	}

	async getAsBuffer(fileId: string): Promise<Buffer> {
		return this.files.get(fileId) ?? Buffer.alloc(0);
	}

	async getMetadata(): Promise<never> {
		throw new Error('not used');
	}
}

export const failingStorage = new FailingStorage();

let initialized = false;

/** Makes n8n-core store the binary data of the next runs as `mode` does. */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const service = Container.get(BinaryDataService);
	const internals = service as unknown as {
		config: { localStoragePath: string; mode: string };
		mode: string;
	};
	if (!initialized) {
		internals.config.localStoragePath = mkdtempSync(join(tmpdir(), 'plumaa-binary-data-'));
		internals.config.mode = 'filesystem';
		await service.init();
		// It stands where n8n's S3 storage would: files outside the items, read over the network.
		service.setManager('s3', failingStorage as never);
		initialized = true;
	}
	// Without a manager for the mode, n8n-core keeps files in the items (its in-memory mode).
	internals.mode = { default: 'default', filesystem: 'filesystem-v2', failing: 's3' }[mode];
}

/** The bytes of a binary field of an output item, in any mode. */
export async function bytesOf(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}
