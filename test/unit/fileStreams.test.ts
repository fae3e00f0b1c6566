import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import {
	base64Source,
	bufferSource,
	digestsOf,
	streamSource,
} from '../../nodes/shared/fileStreams';

// 2.5 MiB and 1 byte: 3.3 MiB of base64, hashed in slices of 1 MiB; the fourth is short and padded.
const bytes = randomBytes(2.5 * 1024 * 1024 + 1);
const md5 = createHash('md5').update(bytes).digest();
const expected = {
	md5Hex: md5.toString('hex'),
	md5Base64: md5.toString('base64'),
	sha256Hex: createHash('sha256').update(bytes).digest('hex'),
	size: bytes.length,
	head: bytes.subarray(0, 8),
};

describe('files read in chunks', () => {
	test('an in-memory (base64) file is hashed a slice at a time: four slices, the digests of the exact bytes', async () => {
		const source = base64Source(bytes.toString('base64'));
		expect([...((await source.chunks()) as Iterable<Buffer>)]).toHaveLength(4);
		expect(await digestsOf(source)).toEqual(expected);
		expect(((await source.body()) as Buffer).equals(bytes)).toBe(true);
	});

	test('a stream (filesystem or S3 mode) in small chunks: the same digests, and a new stream to send', async () => {
		let opened = 0;
		const source = streamSource(async () => {
			opened++;
			return Readable.from(
				Array.from({ length: Math.ceil(bytes.length / 3000) }, (_, index) =>
					bytes.subarray(index * 3000, (index + 1) * 3000),
				),
			);
		});
		expect(await digestsOf(source)).toEqual(expected);
		const body = (await source.body()) as Readable;
		expect(Buffer.concat(await body.toArray()).equals(bytes)).toBe(true);
		expect(opened).toBe(2);
	});

	test('first bytes gathered across chunks smaller than them', async () => {
		const source = streamSource(async () =>
			Readable.from([Buffer.from('%P'), Buffer.from('DF-1.7\n')]),
		);
		expect((await digestsOf(source)).head.toString('latin1')).toBe('%PDF-1.7');
		expect((await digestsOf(bufferSource(Buffer.from('%PDF-1.7\n')))).size).toBe(9);
	});

	test('a stream that fails partway: the digests reject with its error', async () => {
		const source = streamSource(async () =>
			Readable.from(
				(function* failing() {
					yield bytes.subarray(0, 1000);
					throw new Error('read EIO');
				})(),
			),
		);
		await expect(digestsOf(source)).rejects.toThrow('read EIO');
	});
});
