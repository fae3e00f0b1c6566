/**
 * Files as streams, in n8n's binary data modes: the node hashes the exact bytes, uploads them with their
 * Content-Length and Content-MD5, writes downloads as binary data, and a stream that fails partway gives
 * a clear error and no signature request.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { SEED } from '../../dev/sandbox/server';
import type { BinaryMode } from '../harness/binaryModes';
import { bytesOf, failingStorage } from '../harness/binaryModes';
import type { RunOptions } from '../harness/engine';
import { byId, fileField, runResource } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();
const organization = byId(SEED.organization.id);

/**
 * A PDF of 3 MiB and 7 bytes: several of n8n's stream chunks and of the node's base64 slices, and a
 * last one of odd length.
 */
const LARGE_PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024 - 2)]);
const md5 = createHash('md5').update(LARGE_PDF).digest();
const sha256 = createHash('sha256').update(LARGE_PDF).digest('hex');

async function run(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	options: { binaryMode: BinaryMode; files?: RunOptions['files']; continueOnFail?: boolean },
) {
	return await runResource(sandbox, resource, {
		operation,
		parameters: { simplify: false, ...parameters },
		items: (options.files ?? [null]).map((_, index) => ({ index })),
		...options,
	});
}

const createRequest = { name: 'Escritura 2026', organizationId: organization, content: 'pdf' };

describe.each<BinaryMode>(['default', 'filesystem'])('binary data mode %s', (binaryMode) => {
	test('Signature Request → Create: MD5 of the exact bytes, uploaded with Content-Length and Content-MD5 (as a stream from disk)', async () => {
		const { output, error } = await run('signatureRequest', 'create', createRequest, {
			binaryMode,
			files: [fileField(LARGE_PDF, 'escritura.pdf')],
		});
		expect(error).toBeUndefined();
		const [signUrl, upload, create] = sandbox.requests;
		expect(signUrl.query.md5Checksum).toBe(md5.toString('hex'));
		expect(upload).toMatchObject({
			method: 'PUT',
			contentMd5: md5.toString('base64'),
			contentLength: String(LARGE_PDF.length),
			status: 200,
		});
		const key = (signUrl.answer as { key: string }).key;
		expect(sandbox.esign.files.get(key)?.bytes.equals(LARGE_PDF)).toBe(true);
		expect(create).toMatchObject({ method: 'POST', path: '/rest/v1/signature-request' });
		expect(output).toHaveLength(1);
	});

	test('Witness → Create and Verify: the SHA-256 of the exact bytes, the file never sent', async () => {
		const created = await run(
			'witness',
			'create',
			{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
			{ binaryMode, files: [fileField(LARGE_PDF, 'escritura.pdf')] },
		);
		expect(created.error).toBeUndefined();
		expect(created.output?.[0].json.hash).toBe(sha256);
		expect(sandbox.requests.every((request) => request.method !== 'PUT')).toBe(true);

		const verified = await run(
			'witness',
			'verify',
			{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
			{ binaryMode, files: [fileField(LARGE_PDF, 'escritura.pdf')] },
		);
		expect(verified.output?.[0].json).toMatchObject({ hash: sha256, witnessed: true });
	});

	test('the storage drops the upload partway: a clear error, no signature request, and the next item still runs (continueOnFail)', async () => {
		sandbox.cutUploadAfterBytes = 1024 * 1024;
		const { output, error } = await run('signatureRequest', 'create', createRequest, {
			binaryMode,
			files: [fileField(LARGE_PDF, 'escritura.pdf'), fileField(LARGE_PDF, 'escritura.pdf')],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		expect(output?.[0].json.error).toMatch(
			/^Could not upload the document to Plumaa's storage at http:\/\/127\.0\.0\.1:\d+\/__storage\//,
		);
		expect(output?.[0].pairedItem).toEqual({ item: 0 });
		expect(output?.[1].json).toMatchObject({ name: 'Escritura 2026' });
		expect(output?.[1].pairedItem).toEqual({ item: 1 });
		const creates = sandbox.requests.filter((request) => request.method === 'POST');
		expect(creates).toHaveLength(1);
		expect(sandbox.esign.requests.size).toBe(1);
	});

	test('Get with Download PDF and Get Evidence with Attach Document: the PDF written as binary data from the download stream', async () => {
		const created = await run('signatureRequest', 'create', createRequest, {
			binaryMode,
			files: [fileField(LARGE_PDF, 'escritura.pdf')],
		});
		const { output, error } = await run(
			'signatureRequest',
			'get',
			{
				signatureRequestId: byId(String(created.output?.[0].json.id)),
				options: { download: true },
			},
			{ binaryMode },
		);
		expect(error).toBeUndefined();
		const binary = output?.[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'Escritura 2026.pdf' });
		// On disk the item holds an id; in memory, the file itself.
		if (binaryMode === 'filesystem') expect(binary?.id).toMatch(/^filesystem-v2:/);
		else expect(binary?.id).toBeUndefined();
		expect((await bytesOf(binary!)).equals(LARGE_PDF)).toBe(true);

		const evidence = await run(
			'signatureRequest',
			'getEvidence',
			{
				signatureRequestId: byId(String(created.output?.[0].json.id)),
				options: { attachDocument: true },
			},
			{ binaryMode },
		);
		const document = evidence.output?.[0].binary?.document;
		expect(document).toMatchObject({ fileName: 'Escritura 2026.pdf' });
		expect((await bytesOf(document!)).equals(LARGE_PDF)).toBe(true);
	});
});

describe('n8n’s binary data storage fails partway through the file', () => {
	beforeEach(() => {
		failingStorage.reads = 0;
	});

	test('while the node hashes it: the field named, nothing sent to Plumaa', async () => {
		failingStorage.failOnRead = 1;
		const { error } = await run(
			'witness',
			'create',
			{ source: 'binary', binaryPropertyName: 'data', organizationId: organization },
			{ binaryMode: 'failing', files: [fileField(LARGE_PDF, 'escritura.pdf')] },
		);
		expect(error?.message).toBe("Could not read the file in the binary field 'data'");
		expect(error?.description).toContain('ECONNRESET');
		expect(error?.description).toContain('Nothing was sent to Plumaa for this item.');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('while the node uploads it: the upload is cut short and no signature request is created', async () => {
		failingStorage.failOnRead = 2;
		const { error } = await run('signatureRequest', 'create', createRequest, {
			binaryMode: 'failing',
			files: [fileField(LARGE_PDF, 'escritura.pdf')],
		});
		expect(error?.message).toBe("Could not read the file in the binary field 'data'");
		expect(error?.description).toContain(
			'The upload to Plumaa’s storage was cut short, so no signature request was created.',
		);
		expect(failingStorage.reads).toBe(2);
		expect(sandbox.requests.some((request) => request.method === 'POST')).toBe(false);
		expect(sandbox.esign.requests.size).toBe(0);
	});
});
