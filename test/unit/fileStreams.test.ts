import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
	base64Source,
	digestStream,
	exactly,
	FileChangedError,
} from '../../nodes/shared/fileStreams';

async function collect(stream: Readable): Promise<Buffer> {
	return Buffer.concat(await stream.toArray());
}

// 2.5 MiB and 1 byte: 3.3 MiB of base64, cut in slices of 1 MiB; the fourth is short and padded.
const bytes = randomBytes(2.5 * 1024 * 1024 + 1);

describe('files as streams', () => {
	test('an in-memory (base64) file reads back as the same bytes, slice by slice, as often as asked', async () => {
		const source = base64Source(bytes.toString('base64'));
		expect((await (await source.open()).toArray()).length).toBe(4);
		expect((await collect(await source.open())).equals(bytes)).toBe(true);
	});

	test('digests of a stream: MD5 (hex and base64), SHA-256, size and first bytes of the exact bytes', async () => {
		const digests = await digestStream(await base64Source(bytes.toString('base64')).open());
		const md5 = createHash('md5').update(bytes).digest();
		expect(digests).toEqual({
			md5Hex: md5.toString('hex'),
			md5Base64: md5.toString('base64'),
			sha256Hex: createHash('sha256').update(bytes).digest('hex'),
			size: bytes.length,
			head: bytes.subarray(0, 8),
		});
	});

	test('first bytes gathered across chunks smaller than them', async () => {
		const digests = await digestStream(Readable.from([Buffer.from('%P'), Buffer.from('DF-1.7\n')]));
		expect(digests.head.toString('latin1')).toBe('%PDF-1.7');
	});

	test.each([
		['fewer bytes than hashed', 10, 9],
		['more bytes than hashed', 10, 11],
	])(
		'a body that does not have the size the Content-Length says fails instead of hanging: %s',
		async (_case, expected, actual) => {
			const guarded = pipeline(
				Readable.from([Buffer.alloc(actual)]),
				exactly(expected),
				async (body) => {
					for await (const _chunk of body) {
						// drained
					}
				},
			);
			await expect(guarded).rejects.toBeInstanceOf(FileChangedError);
		},
	);

	test('a body of the size hashed passes whole', async () => {
		const guard = exactly(bytes.length);
		Readable.from([bytes]).pipe(guard);
		expect((await collect(guard)).equals(bytes)).toBe(true);
	});
});
