/**
 * The package as users get it (npm pack, installed the way n8n's Community nodes installer does)
 * inside a real n8n (2.8.4, or N8N_VERSION: `npm run test:e2e` runs it in 2.40.7 on Node.js 24 too),
 * against the Plumaa sandbox: the example workflows run by `n8n execute`
 * and by a started n8n answering the webhook, a wrong key, and the editor in headless Chromium.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import type { N8nEnvironment, RunningN8n } from '../../dev/n8n';
import {
	DEFAULT_N8N_VERSION,
	N8N_API_CREDENTIAL,
	REPO_ROOT,
	SANDBOX_CREDENTIAL,
	createN8nApiKey,
	ensureN8n,
	ensureOwner,
	importJson,
	installCommunityPackage,
	n8nApiCredential,
	n8nCommand,
	n8nEnv,
	n8nVersion,
	nodeVersionFor,
	ownerSession,
	packPackage,
	readExample,
	sandboxCredential,
	seededSandboxCredential,
	startN8n,
} from '../../dev/n8n';
import { freePort } from '../../dev/ports';
import { LoopbackServer } from '../../dev/sandbox/loopback';
import type { Fault, PlumaaSandbox } from '../../dev/sandbox/server';
import { TOOL_ENTRIES } from '../../nodes/Plumaa/actions/toolDescriptions';
import { StandInModel } from '../harness/stand-in-model';
import { SUBJECTS } from '../../dev/sandbox/esignature';
import { SEED, startSandbox } from '../../dev/sandbox/server';
import type { RunData } from './support';
import {
	AGENT_DOCUMENT_SHA256,
	ARCHIVE_EVIDENCE,
	ASK_ABOUT_DOCUMENT,
	OPENAI_CREDENTIAL,
	CERTIFY_INVOICE,
	ESIGN_CREDENTIAL,
	SIGNED_CONTRACT,
	NIGHTLY,
	NIGHTLY_WRONG_KEY,
	NOT_FOUND_ANSWER,
	REVOKED_ANSWER,
	REVOKED_KEY_ID,
	SIGNER_EMAIL,
	TERMS_SHA256,
	TEXT_JSON_INVITE,
	PDF_FROM_DISK_ID,
	pdfFromDisk,
	VERIFY_DOCUMENT,
	WEBHOOK,
	WRONG_KEY,
	WRONG_KEY_CREDENTIAL,
	WRONG_KEY_MESSAGE,
	callRevokeWebhook,
	closeChromium,
	outputJson,
	signedInEditor,
	runDataOf,
	variant,
} from './support';

/**
 * Where the editor screenshots go: test-results/, or docs/ with UPDATE_DOCS=1
 * (a run leaves the tracked files alone, so a release's checks keep the tree clean).
 */
const SCREENSHOTS =
	process.env.UPDATE_DOCS === '1' && n8nVersion() === DEFAULT_N8N_VERSION
		? join(REPO_ROOT, 'docs')
		: join(REPO_ROOT, 'test-results', `n8n-${n8nVersion()}`);
const ROTATE_OWN = readExample('rotate-own-credential');
const ROTATE_OTHER = readExample('rotate-key-for-another-system');
/** The nightly clean-up as 0.1.x saved it: its API Key ID is a plain string, not a resource locator. */
const NIGHTLY_SAVED_BY_0_1 = variant(
	JSON.parse(
		readFileSync(join(REPO_ROOT, 'test/fixtures/saved-by-0.1/scheduled-cleanup.json'), 'utf8'),
	) as object,
	'plumaaNightly01',
	() => undefined,
);
/** The nightly clean-up with a fixed API Key ID that is not a Plumaa ID: the editor flags the field. */
const NIGHTLY_MALFORMED_ID = variant(NIGHTLY, 'plumaaNightlyBadId', (workflow) => {
	const plumaa = workflow.nodes.find((node) => node.name === 'Revoke API keys');
	plumaa!.parameters.apiKeyId = { __rl: true, mode: 'id', value: 'not-a-plumaa-id' };
});

/** What the started n8n answers when a user saves (and so tests) this credential in the editor. */
let ownerCookie: string | undefined;

async function credentialTestInN8n(
	credentials: Record<string, unknown>,
): Promise<{ status: string; message: string }> {
	// One login for the suite: n8n rate-limits logins.
	ownerCookie ??= await ownerSession(server!.url);
	const response = await fetch(`${server!.url}/rest/credentials/test`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'browser-id': 'plumaa-scripts',
			cookie: ownerCookie,
		},
		body: JSON.stringify({ credentials }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

/** Every file of the n8n user folder that could hold execution data, as raw bytes. */
function userFolderText(userFolder: string): string {
	const dir = join(userFolder, '.n8n');
	return readdirSync(dir)
		.filter((file) => file.startsWith('database.sqlite') || file.endsWith('.log'))
		.map((file) => readFileSync(join(dir, file)).toString('latin1'))
		.join('\n');
}

/** A PDF of `size` bytes: its header, then random bytes. */
function largePdf(size: number): Buffer {
	return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
}

let bin: string;
let workDir: string;
let env: N8nEnvironment;
let sandbox: PlumaaSandbox;
/** The e-signature examples' own sandbox: their trigger's polls never reach the other tests' sandbox. */
let esignSandbox: PlumaaSandbox;
let server: RunningN8n | undefined;
/** A PDF of 6 MB on disk, where Read/Write Files from Disk may read: many chunks of n8n's binary data stream. */
let deed: { path: string; bytes: Buffer };

beforeAll(async () => {
	bin = await ensureN8n((line) => process.stderr.write(`${line}\n`));
	workDir = mkdtempSync(join(tmpdir(), 'plumaa-e2e-'));
	mkdirSync(SCREENSHOTS, { recursive: true });
	const userFolder = join(workDir, 'user');
	installCommunityPackage(userFolder, packPackage(join(workDir, 'pack')));
	sandbox = await startSandbox();
	esignSandbox = await startSandbox();
	const filesDir = join(workDir, 'files');
	mkdirSync(filesDir);
	deed = { path: join(filesDir, 'escritura.pdf'), bytes: largePdf(6 * 1024 * 1024) };
	writeFileSync(deed.path, deed.bytes);
	env = {
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		extra: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
	};

	await importJson(bin, env, 'credentials', [
		seededSandboxCredential(SANDBOX_CREDENTIAL, sandbox),
		sandboxCredential(WRONG_KEY_CREDENTIAL, sandbox.baseUrl, WRONG_KEY),
		// Its own sandbox's key, not the seeded admin key's ID: Rotate never runs with it.
		sandboxCredential(ESIGN_CREDENTIAL, esignSandbox.baseUrl, esignSandbox.apiKey, {
			organizationId: SEED.organization.id,
		}),
	]);
	await importJson(bin, env, 'workflow', CERTIFY_INVOICE);
	await importJson(bin, env, 'workflow', SIGNED_CONTRACT);
	await importJson(bin, env, 'workflow', VERIFY_DOCUMENT);
	await importJson(bin, env, 'workflow', ARCHIVE_EVIDENCE);
	await importJson(bin, env, 'workflow', NIGHTLY);
	await importJson(bin, env, 'workflow', TEXT_JSON_INVITE);
	await importJson(bin, env, 'workflow', pdfFromDisk(deed.path));
	await importJson(bin, env, 'workflow', WEBHOOK);
	await importJson(bin, env, 'workflow', ROTATE_OWN);
	await importJson(bin, env, 'workflow', ROTATE_OTHER);
	await importJson(bin, env, 'workflow', NIGHTLY_SAVED_BY_0_1);
	await importJson(bin, env, 'workflow', NIGHTLY_MALFORMED_ID);
}, 1_200_000);

afterAll(async () => {
	await sandbox?.stop();
	await esignSandbox?.stop();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

describe(`the package inside a real n8n ${n8nVersion()}`, () => {
	test('scheduled clean-up, run by `n8n execute`: keys revoked, organization and quota typed, no secret', async () => {
		sandbox.reset();
		sandbox.setQuota(10);

		const result = await n8nCommand(bin, env, [
			'execute',
			`--id=${NIGHTLY.id as string}`,
			'--rawOutput',
		]);
		expect(result.status).toBe(0);
		const runData = runDataOf(result.stdout);

		const [first, second] = SEED.rotationKeyIds.slice(1);
		const revoked = outputJson(runData, 'Revoke API keys');
		expect(revoked).toEqual([
			expect.objectContaining({ id: first, deleted: true }),
			expect.objectContaining({ id: second, deleted: true }),
			{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', deleted: false, notFound: true },
		]);
		for (const item of revoked.slice(0, 2)) {
			expect(item.organization).toMatchObject({
				id: SEED.organization.id,
				name: SEED.organization.name,
				emailAddress: SEED.organization.emailAddress,
				quota: { API: true, nom151: 10, groupedNOM151: 40 },
				policies: { signatureRequest: { conservation: 'NOM151' } },
			});
			expect(item).not.toHaveProperty('secret');
		}
		// The IF sends the two revoked keys (quota 10 < 50) to the warning branch.
		expect(outputJson(runData, 'Send the low-quota warning here').map((item) => item.id)).toEqual([
			first,
			second,
		]);

		// Sent up to 5 at a time, so they may arrive in any order; the output keeps input order.
		const received = sandbox
			.apiRequests()
			.map(({ method, path, query, authorization }) => ({ method, path, query, authorization }));
		expect(received.sort((a, b) => a.query.id.localeCompare(b.query.id))).toEqual(
			[first, second, 'aaaaaaaaaaaaaaaaaaaaaaaa'].map((id) => ({
				method: 'DELETE',
				path: '/rest/v1/api-key',
				query: { id },
				authorization: `Bearer ${sandbox.apiKey}`,
			})),
		);
	});

	// Under each reading where Plumaa's documents disagree on these calls (dev/sandbox/readings).
	test.each([
		{ contentShape: 'openapi', subjectsScope: 'members' },
		{ contentShape: 'quickstart', subjectsScope: 'linked' },
	] as const)(
		'text and JSON requests uploaded as files, a linked signer found by email and invited (contentShape $contentShape, subjectsScope $subjectsScope)',
		async ({ contentShape, subjectsScope }) => {
			sandbox.reset();
			sandbox.esign.contentShape = contentShape;
			sandbox.esign.subjectsScope = subjectsScope;

			const result = await n8nCommand(bin, env, [
				'execute',
				`--id=${TEXT_JSON_INVITE.id}`,
				'--rawOutput',
			]);
			expect(result.status).toBe(0);
			const runData = runDataOf(result.stdout);
			const [text] = outputJson(runData, 'Create from text');
			const [json] = outputJson(runData, 'Create from JSON');
			// "Create from text" has Simplify off: Plumaa's whole request, its content included.
			expect(text).toMatchObject({
				contentType: 'text',
				contentShape,
				content: { raw: 'Acepto el aviso de privacidad de Notaría Ejemplo.' },
				organization: { id: SEED.organization.id },
			});
			// "Create from JSON" leaves Simplify at its default (on): flat fields, IDs for nested objects.
			expect(json).toMatchObject({
				contentType: 'json',
				contentShape,
				organizationId: SEED.organization.id,
				witnessId: expect.any(String),
			});
			expect(Object.keys(json)).not.toEqual(expect.arrayContaining(['content']));
			expect(Object.keys(json)).not.toEqual(expect.arrayContaining(['organization']));
			// Each content was uploaded as a file (/free/…, .txt and .json) and named by its storage key.
			const uploads = sandbox
				.apiRequests()
				.filter((request) => request.path === '/rest/v1/sign-file-url')
				.map((request) => request.query.filePath);
			expect(uploads).toEqual([
				expect.stringMatching(/^\/free\/\d+-[0-9a-f]{12}\.txt$/),
				expect.stringMatching(/^\/free\/\d+-[0-9a-f]{12}\.json$/),
			]);
			const [uploadedJson] = [...sandbox.esign.files.values()].filter((file) =>
				file.bytes.toString('utf8').startsWith('{'),
			);
			expect(JSON.parse(uploadedJson.bytes.toString('utf8'))).toEqual({
				folio: 'A-17',
				monto: 1200,
				moneda: 'MXN',
			});

			expect(outputJson(runData, 'Find the signer')).toEqual([
				expect.objectContaining({ emailAddress: SIGNER_EMAIL, foundIn: 'organizationLinks' }),
			]);
			expect(outputJson(runData, 'Invite the signer')).toEqual([
				expect.objectContaining({
					status: 'PENDING',
					subject: expect.objectContaining({ emailAddress: SIGNER_EMAIL }),
					signatureRequest: expect.objectContaining({ id: text.id }),
				}),
			]);
			// Witness → Create with no Organization ID on the node: the credential's.
			expect(outputJson(runData, 'Witness the terms')).toEqual([
				expect.objectContaining({ hash: TERMS_SHA256, organizationId: SEED.organization.id }),
			]);
			expect(
				sandbox.apiRequests().find((request) => request.path === '/rest/v1/witness')?.body,
			).toMatchObject({ input: { hash: TERMS_SHA256, organization: SEED.organization.id } });
			expect(sandbox.answersOffContract()).toEqual([]);
			expect(result.stdout).not.toContain(sandbox.apiKey);
		},
	);

	test('a 6 MB PDF read from disk sent for signature: its MD5 from a stream of n8n’s binary data, uploaded as a stream with Content-Length and Content-MD5', async () => {
		sandbox.reset();
		const result = await n8nCommand(bin, env, [
			'execute',
			`--id=${PDF_FROM_DISK_ID}`,
			'--rawOutput',
		]);
		expect(result.status).toBe(0);
		const [request] = outputJson(runDataOf(result.stdout), 'Send the deed for signature');
		expect(request).toMatchObject({ name: 'Escritura 2026', contentType: 'pdf' });
		const md5 = createHash('md5').update(deed.bytes).digest();
		const [signUrl] = sandbox
			.apiRequests()
			.filter((call) => call.path === '/rest/v1/sign-file-url');
		expect(signUrl.query.md5Checksum).toBe(md5.toString('hex'));
		const upload = sandbox.requests.find((call) => call.method === 'PUT');
		expect(upload).toMatchObject({
			contentLength: String(deed.bytes.length),
			contentMd5: md5.toString('base64'),
			status: 200,
		});
		const stored = sandbox.esign.files.get((signUrl.answer as { key: string }).key);
		expect(stored?.bytes.equals(deed.bytes)).toBe(true);
		expect(sandbox.answersOffContract()).toEqual([]);
	});

	test('the clean-up as 0.1.x saved it (a plain-string API Key ID) runs as the current example does', async () => {
		const plumaa = NIGHTLY_SAVED_BY_0_1.nodes.find((node) => node.name === 'Revoke API keys');
		expect(plumaa?.parameters.apiKeyId).toBe('={{ $json.apiKeyId }}');
		const outputs: Array<Array<Record<string, unknown>>> = [];
		for (const id of [NIGHTLY.id as string, NIGHTLY_SAVED_BY_0_1.id]) {
			sandbox.reset();
			const result = await n8nCommand(bin, env, ['execute', `--id=${id}`, '--rawOutput']);
			expect(result.status).toBe(0);
			outputs.push(outputJson(runDataOf(result.stdout), 'Revoke API keys'));
		}

		const [current, savedBy01] = outputs;
		expect(savedBy01).toEqual(current);
		expect(savedBy01.map((item) => item.id)).toEqual([
			...SEED.rotationKeyIds.slice(1, 3),
			'aaaaaaaaaaaaaaaaaaaaaaaa',
		]);
	});

	test('a wrong API key fails the run with the authentication message, and the key is nowhere', async () => {
		sandbox.reset();
		await importJson(bin, env, 'workflow', NIGHTLY_WRONG_KEY);

		const result = await n8nCommand(bin, env, [
			'execute',
			`--id=${NIGHTLY_WRONG_KEY.id}`,
			'--rawOutput',
		]);
		const printed = `${result.stdout}\n${result.stderr}`;

		expect(printed).toContain(WRONG_KEY_MESSAGE);
		expect(result.status).not.toBe(0);
		expect(sandbox.apiRequests()[0].authorization).toBe(`Bearer ${WRONG_KEY}`);
		expect(printed).not.toContain(WRONG_KEY);
		const stored = userFolderText(env.userFolder);
		// The database holds the failed execution (so the search below looks where the key could leak)...
		expect(stored).toContain('Plumaa rejected the API key');
		// ...and not the key: credentials are stored encrypted, and the node never writes the key out.
		expect(stored).not.toContain(WRONG_KEY);
	});
});

describe(`an AI Agent in n8n ${n8nVersion()} with Plumaa tools`, () => {
	let model: StandInModel;

	beforeAll(async () => {
		model = new StandInModel((argument) => {
			if (argument === 'hash') return AGENT_DOCUMENT_SHA256;
			if (argument === 'keyName') return 'made by an agent';
			return 'Contrato';
		});
		const url = await model.start();
		await importJson(bin, env, 'credentials', [
			{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-stand-in-model', url } },
		]);
		await importJson(bin, env, 'workflow', ASK_ABOUT_DOCUMENT);
	}, 120_000);

	afterAll(async () => {
		await model?.stop();
	});

	test('the agent calls the Plumaa tools with what the model fills in, their answers reach the model, and no secret does', async () => {
		sandbox.reset();
		const witness = sandbox.esign.storeWitness(AGENT_DOCUMENT_SHA256, SEED.organization.id);
		sandbox.esign.certify(witness.id, 'single', SEED.organization.id);
		sandbox.esign.issuePendingCertificates();

		const result = await n8nCommand(bin, env, [
			'execute',
			`--id=${ASK_ABOUT_DOCUMENT.id}`,
			'--rawOutput',
		]);
		expect({ status: result.status, printed: `${result.stdout}\n${result.stderr}` }).toMatchObject({
			status: 0,
		});

		// The model was offered the four tools, each described by what it does and changes, called them,
		// and got their answers back.
		const offered = model.toolsOffered();
		expect(Object.keys(offered).sort()).toEqual([
			'Create_an_API_key',
			'Get_the_witness_of_a_document',
			'List_signature_requests',
			'Verify_a_document',
		]);
		// The example describes its tools itself (the node's tool entries); a tool left on "Set
		// Automatically" is described by n8n from the operation's action.
		const described = (key: string) => (TOOL_ENTRIES[key] as { action: string }).action;
		expect(offered.Verify_a_document).toBe(described('witness/verify'));
		expect(offered.Create_an_API_key).toBe('Create API key in Plumaa');
		const answers = model.toolAnswers().join('\n');
		expect(answers).toContain(AGENT_DOCUMENT_SHA256);
		expect(answers).toContain('"certified":true');
		expect(answers).toContain('made by an agent');
		expect(answers).toContain('secretWithheld');
		// The tools called Plumaa with the values the model filled ($fromAI).
		const calls = sandbox.apiRequests().map((request) => `${request.method} ${request.path}`);
		expect(calls).toEqual(
			expect.arrayContaining([
				'GET /rest/v1/witnesses',
				'GET /rest/v1/witness',
				'GET /rest/v1/signature-requests',
				'POST /rest/v1/api-key',
			]),
		);
		// No secret the sandbox ever issued (the new key's included) is in anything the model received.
		const created = [...sandbox.issuedSecrets];
		expect(created.length).toBeGreaterThan(1);
		const received = model.received.join('\n');
		for (const secret of created) expect(received).not.toContain(secret);
	}, 300_000);
});

describe(`a started n8n ${n8nVersion()} with the webhook example published`, () => {
	beforeAll(async () => {
		for (const workflow of [
			WEBHOOK.id as string,
			CERTIFY_INVOICE.id,
			SIGNED_CONTRACT.id,
			VERIFY_DOCUMENT.id,
			ARCHIVE_EVIDENCE.id,
		]) {
			expect((await n8nCommand(bin, env, ['publish:workflow', `--id=${workflow}`])).status).toBe(0);
		}
		server = await startN8n(bin, env, { timeoutMs: 120_000 });
		await ensureOwner(server.url);
	}, 180_000);

	afterAll(async () => {
		await closeChromium();
		await server?.stop();
	}, 60_000);

	test(`it is n8n ${n8nVersion()} on Node.js ${nodeVersionFor()}`, async () => {
		expect((await n8nCommand(bin, env, ['--version'])).stdout.trim()).toBe(n8nVersion());
		const nodeBinary = readlinkSync(`/proc/${server!.process.pid}/exe`);
		expect(execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim()).toBe(
			`v${nodeVersionFor()}`,
		);
	});

	test('the editor shows the node, and the Plumaa output fields to the next node before any run', async () => {
		sandbox.reset();
		const { page, schemaRequests } = await signedInEditor(server!.url);

		await page.goto(`${server!.url}/workflow/${WEBHOOK.id as string}`);
		await page.locator('[data-test-id=canvas-node][data-node-name="Revoke API key"]').dblclick();
		const parameters = page.locator('[data-test-id=ndv]');
		await parameters.getByText('API Key ID', { exact: true }).waitFor();
		// Dropdowns show their choice as an input's value, not as text.
		const chosen = await parameters
			.locator('input')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		expect(chosen).toEqual(expect.arrayContaining(['Plumaa sandbox', 'API Key', 'Delete']));
		expect(await parameters.innerText()).toContain('{{ $json.body.apiKeyId }}');

		await page.keyboard.press('Escape');
		await page.locator('[data-test-id=canvas-node][data-node-name="Respond: revoked"]').dblclick();
		const input = page.locator('[data-test-id=ndv-input-panel]');
		await input.getByText('groupedNOM151', { exact: true }).waitFor();
		const inputText = await input.innerText();
		for (const field of [
			'organization',
			'quota',
			'nom151',
			'groupedNOM151',
			'emailAddress',
			'conservation',
			'deleted',
		]) {
			expect(inputText).toContain(field);
		}
		// Fields only the output schema has (a real run outputs neither here): the preview is the schema.
		expect(inputText).toContain('notFound');
		expect(schemaRequests).toContain(
			'200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/apiKey/delete.json',
		);
		await page.close();
	});

	test('the editor shows a 0.1.x workflow’s plain-string API Key ID as saved, with no issue; it flags a fixed malformed ID', async () => {
		const { page } = await signedInEditor(server!.url);
		const openRevokeNode = async (workflowId: string) => {
			await page.goto(`${server!.url}/workflow/${workflowId}`);
			const node = page.locator('[data-test-id=canvas-node][data-node-name="Revoke API keys"]');
			await node.dblclick();
			const parameters = page.locator('[data-test-id=ndv]');
			await parameters.getByText('API Key ID', { exact: true }).waitFor();
			return { node, parameters };
		};

		const saved = await openRevokeNode(NIGHTLY_SAVED_BY_0_1.id);
		expect(await saved.parameters.innerText()).toContain('{{ $json.apiKeyId }}');
		expect(await saved.parameters.locator('[data-test-id=parameter-issues]').count()).toBe(0);
		await page.keyboard.press('Escape');
		expect(await saved.node.locator('[data-test-id=node-issues]').count()).toBe(0);

		const malformed = await openRevokeNode(NIGHTLY_MALFORMED_ID.id);
		const issue = malformed.parameters.locator('[data-test-id=parameter-issues]');
		await issue.waitFor();
		await issue.hover();
		await page.getByText('A Plumaa ID is 24 hexadecimal characters (0-9, a-f)').waitFor();
		await page.keyboard.press('Escape');
		expect(await malformed.node.locator('[data-test-id=node-issues]').count()).toBe(1);
		await page.close();
	});

	test('saving the credential tests it: a read-only call that passes for the key and fails for a wrong one', async () => {
		sandbox.reset();
		const testCredential = async (
			credential: { id: string; name: string },
			apiKey: string,
			baseUrl = sandbox.baseUrl,
			organizationId?: string,
		): Promise<{ status: string; message: string }> =>
			await credentialTestInN8n({
				...credential,
				type: 'plumaaApi',
				data: {
					apiKey,
					environment: 'custom',
					baseUrl,
					...(organizationId ? { organizationId } : {}),
				},
			});

		expect(await testCredential(SANDBOX_CREDENTIAL, sandbox.apiKey)).toMatchObject({
			status: 'OK',
		});
		const wrong = await testCredential(WRONG_KEY_CREDENTIAL, WRONG_KEY);
		expect(wrong).toEqual({
			status: 'Error',
			message:
				'Plumaa rejected the API key: check it, and that it belongs to the chosen environment',
		});
		expect(
			await testCredential(SANDBOX_CREDENTIAL, sandbox.apiKey, `${sandbox.origin}/rest/v2`),
		).toEqual({
			status: 'Error',
			message:
				'Plumaa did not answer as expected: check the Environment, and for a custom URL that the base URL ends in /rest/v1',
		});
		expect(
			sandbox
				.apiRequests()
				.map(({ method, path, authorization }) => ({ method, path, authorization })),
		).toEqual([
			{
				method: 'GET',
				path: '/rest/v1/organization-links',
				authorization: `Bearer ${sandbox.apiKey}`,
			},
			{ method: 'GET', path: '/rest/v1/organization-links', authorization: `Bearer ${WRONG_KEY}` },
		]);

		// An Organization ID in the credential is checked by the same read-only call.
		sandbox.reset();
		expect(
			await testCredential(
				SANDBOX_CREDENTIAL,
				sandbox.apiKey,
				sandbox.baseUrl,
				SEED.organization.id,
			),
		).toMatchObject({ status: 'OK' });
		expect(sandbox.apiRequests()[0].query).toEqual({
			organization: JSON.stringify({ eq: SEED.organization.id }),
		});
		expect(
			await testCredential(SANDBOX_CREDENTIAL, sandbox.apiKey, sandbox.baseUrl, 'acme'),
		).toEqual({
			status: 'Error',
			message:
				"'Organization ID' is not a Plumaa ID: it is 24 hexadecimal characters (0-9, a-f), or leave it empty",
		});
	});

	test('revoke on webhook, answered by a started n8n: organization and NOM-151 quota left', async () => {
		sandbox.reset();

		const revoked = await callRevokeWebhook(server!.url);
		expect(revoked.status).toBe(200);
		expect(await revoked.json()).toEqual(REVOKED_ANSWER);
		expect(sandbox.apiRequests()).toEqual([
			expect.objectContaining({
				method: 'DELETE',
				path: '/rest/v1/api-key',
				query: { id: REVOKED_KEY_ID },
				authorization: `Bearer ${sandbox.apiKey}`,
			}),
		]);

		const again = await callRevokeWebhook(server!.url);
		expect(again.status).toBe(422);
		expect(await again.json()).toEqual(NOT_FOUND_ANSWER);
	});

	describe('e-signature examples', () => {
		let executionsKey: string;

		interface StoredExecution {
			id: string;
			status: string;
			mode: string;
			data: { resultData: { runData: RunData } };
		}

		/** The executions n8n stored for a workflow, newest first, with their data (public API). */
		async function executionsOf(workflowId: string): Promise<StoredExecution[]> {
			executionsKey ??= await createN8nApiKey(server!.url, 'Plumaa e2e e-signature', [
				'execution:read',
				'execution:list',
			]);
			const response = await fetch(
				`${server!.url}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=20`,
				{ headers: { 'X-N8N-API-KEY': executionsKey } },
			);
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: StoredExecution[] }).data;
		}

		/** The newest execution of a workflow once there are more than `countBefore` finished ones (the webhook answers before n8n saves the run). */
		async function newestExecution(
			workflowId: string,
			countBefore: number,
			timeoutMs = 30_000,
		): Promise<StoredExecution> {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const finished = (await executionsOf(workflowId)).filter(
					(execution) => execution.status !== 'running' && execution.status !== 'new',
				);
				if (finished.length > countBefore)
					return finished.sort((a, b) => Number(b.id) - Number(a.id))[0];
				if (Date.now() > deadline)
					throw new Error(`No new execution of ${workflowId} within ${timeoutMs / 1000} s`);
				await new Promise((resolveWait) => setTimeout(resolveWait, 500));
			}
		}

		async function postInvoice(
			pdf: Buffer,
		): Promise<{ status: number; body: Record<string, unknown> }> {
			const form = new FormData();
			form.append(
				'invoice',
				new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }),
				'factura-A-1024.pdf',
			);
			const response = await fetch(`${server!.url}/webhook/plumaa-certify-invoice`, {
				method: 'POST',
				body: form,
			});
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		}

		/** Opens a node of a workflow in the editor and returns its input panel's text once it shows `waitFor`. */
		async function inputPanelOf(
			editor: { page: Page; schemaRequests: string[] },
			workflowId: string,
			node: string,
			waitFor: string,
		): Promise<string> {
			const { page, schemaRequests } = editor;
			await page.goto(`${server!.url}/workflow/${workflowId}`);
			const open = async () =>
				await page.locator(`[data-test-id=canvas-node][data-node-name="${node}"]`).dblclick();
			await open();
			const input = page.locator('[data-test-id=ndv-input-panel]');
			try {
				// The editor may draw the panel before the schema arrives and not redraw it: open it once more then.
				await input
					.getByText(waitFor, { exact: true })
					.first()
					.waitFor({ timeout: 15_000 })
					.catch(async () => {
						await page.keyboard.press('Escape');
						await open();
						await input.getByText(waitFor, { exact: true }).first().waitFor();
					});
			} catch (error) {
				await page.screenshot({
					path: join(SCREENSHOTS, `failed-input-of-${node.replace(/\W+/g, '-')}.png`),
				});
				throw new Error(
					`${(error as Error).message}\nSchemas loaded: ${schemaRequests.join(', ')}\nInput panel: ${await input.innerText()}`,
				);
			}
			const text = await input.innerText();
			await page.keyboard.press('Escape');
			return text;
		}

		// First: before any run of these workflows, the fields come from the output schemas alone.
		test('the editor offers the Witness output fields to the next node before any run', async () => {
			const editor = await signedInEditor(server!.url);
			// The panel renders the fields in view: the schema's first ones.
			const afterWitness = await inputPanelOf(
				editor,
				CERTIFY_INVOICE.id,
				'Certificates running low?',
				'hash',
			);
			// Simplify at its default (on): the flat fields, none of Plumaa's nested objects.
			for (const field of ['certified', 'certification', 'timestamped', 'timestampedBy'])
				expect(afterWitness).toContain(field);
			for (const nested of ['algorithm', 'quota', 'merkleized', 'merkleRoot'])
				expect(afterWitness).not.toContain(nested);
			expect(afterWitness).toContain('Usually outputs the following fields');
			expect(editor.schemaRequests).toContain(
				'200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/witness/create.json',
			);
			await editor.page.screenshot({
				path: join(SCREENSHOTS, 'plumaa-certify-invoice-workflow.png'),
			});

			// The README's first image: Witness → Create, as the example (and npm start) has it.
			const { page } = editor;
			await page.goto(`${server!.url}/workflow/${CERTIFY_INVOICE.id}`);
			await page.locator('[data-test-id=canvas-node][data-node-name="Certify invoice"]').dblclick();
			const parameters = page.locator('[data-test-id=ndv]');
			await parameters.getByText('Certification', { exact: true }).first().waitFor();
			const chosen = await parameters
				.locator('input')
				.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
			expect(chosen).toEqual(
				expect.arrayContaining(['Plumaa sandbox', 'Witness (NOM-151)', 'Create']),
			);
			expect(await parameters.innerText()).toContain('Simplify');
			await page.screenshot({ path: join(SCREENSHOTS, 'plumaa-node-parameters.png') });
			await page.keyboard.press('Escape');
			await editor.page.close();
		});

		test('the editor offers Verify’s, Get Evidence’s and a Simplify-off request’s output fields to the next node before any run', async () => {
			const editor = await signedInEditor(server!.url);
			const afterVerify = await inputPanelOf(editor, VERIFY_DOCUMENT.id, 'Witnessed?', 'witnessed');
			for (const field of ['hash', 'certified', 'timestamped', 'timestampedAt'])
				expect(afterVerify).toContain(field);
			const afterEvidence = await inputPanelOf(
				editor,
				ARCHIVE_EVIDENCE.id,
				'Archive here',
				'signatureRequest',
			);
			for (const field of ['organization', 'witness', 'signers', 'inviteId'])
				expect(afterEvidence).toContain(field);
			// A node with Simplify off ("Create from text"), which an earlier test ran: n8n shows the fields of
			// its last successful run, Plumaa's whole request (before any run it would preview the simplified
			// schema, n8n keeping one per operation, whose fields the whole output has too: simplify.test.ts).
			const afterWholeRequest = await inputPanelOf(
				editor,
				TEXT_JSON_INVITE.id,
				'Create from JSON',
				'anonymousKey',
			);
			for (const field of ['content', 'raw', 'organization', 'quota'])
				expect(afterWholeRequest).toContain(field);
			expect(editor.schemaRequests).toEqual(
				expect.arrayContaining([
					'200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/witness/verify.json',
					'200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/signatureRequest/getEvidence.json',
					'200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/signatureRequest/create.json',
				]),
			);
			await editor.page.close();
		});

		test('verify-document: the webhook answers for a witnessed file (timestamped) and, with 404, for a file never witnessed', async () => {
			esignSandbox.reset();
			const contract = readFileSync(join(REPO_ROOT, 'test/fixtures/invoice-A-1024.pdf'));
			const hash = createHash('sha256').update(contract).digest('hex');
			const witness = esignSandbox.esign.storeWitness(hash, SEED.organization.id);
			esignSandbox.esign.certify(witness.id, 'single', SEED.organization.id);
			esignSandbox.esign.issuePendingCertificates();
			const post = async (bytes: Buffer) => {
				const form = new FormData();
				form.append(
					'document',
					new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }),
					'contrato.pdf',
				);
				const response = await fetch(`${server!.url}/webhook/plumaa-verify-document`, {
					method: 'POST',
					body: form,
				});
				return {
					status: response.status,
					body: (await response.json()) as Record<string, unknown>,
				};
			};
			expect(await post(contract)).toEqual({
				status: 200,
				body: {
					witnessed: true,
					hash,
					certified: true,
					certification: 'single',
					timestamped: true,
					timestampedAt: expect.any(String),
				},
			});
			const changed = Buffer.concat([contract, Buffer.from('\n')]);
			expect(await post(changed)).toEqual({
				status: 404,
				body: { witnessed: false, hash: createHash('sha256').update(changed).digest('hex') },
			});
			expect(esignSandbox.answersOffContract()).toEqual([]);
		});

		test('certify-invoice: a real PDF posted to the webhook is witnessed by its SHA-256 and certified; low quota takes the alert branch', async () => {
			esignSandbox.reset();
			const invoice = readFileSync(join(REPO_ROOT, 'test/fixtures/invoice-A-1024.pdf'));
			const sha256 = createHash('sha256').update(invoice).digest('hex');

			const runsBefore = (await executionsOf(CERTIFY_INVOICE.id)).length;
			const certified = await postInvoice(invoice);
			expect(certified).toEqual({
				status: 200,
				body: {
					witness: expect.stringMatching(/^[0-9a-f]{24}$/),
					hash: sha256,
					certified: true,
					certification: 'single',
					nom151Left: SEED.quota.nom151 - 1,
				},
			});
			// The active trigger examples poll this sandbox every minute (their GETs may come in between).
			expect(
				esignSandbox
					.apiRequests()
					.filter((request) => request.method !== 'GET')
					.map((request) => `${request.method} ${request.path}`),
			).toEqual(['POST /rest/v1/witness', 'POST /rest/v1/nom151-certification']);
			// The PDF itself never reaches Plumaa: only its hash.
			expect(JSON.stringify(esignSandbox.requests)).not.toContain(
				invoice.subarray(0, 64).toString('base64'),
			);
			expect(esignSandbox.answersOffContract()).toEqual([]);
			const first = await newestExecution(CERTIFY_INVOICE.id, runsBefore);
			expect(outputJson(first.data.resultData.runData, 'Certify invoice')).toEqual([
				expect.objectContaining({ hash: sha256, certified: true }),
			]);
			expect(outputJson(first.data.resultData.runData, 'Send your low-quota alert here')).toEqual(
				[],
			);

			esignSandbox.setQuota(5);
			const nextMonth = Buffer.concat([invoice, Buffer.from('% another invoice\n')]);
			const low = await postInvoice(nextMonth);
			expect(low.body).toMatchObject({ certified: true, nom151Left: 4 });
			const latest = await newestExecution(CERTIFY_INVOICE.id, runsBefore + 1);
			expect(outputJson(latest.data.resultData.runData, 'Send your low-quota alert here')).toEqual([
				expect.objectContaining({
					nom151Left: 4,
				}),
			]);

			esignSandbox.setQuota(0);
			const none = await postInvoice(Buffer.concat([invoice, Buffer.from('% a third one\n')]));
			expect(none).toEqual({
				status: 422,
				body: {
					witness: null,
					error: 'Plumaa refused: the organization has no NOM-151 certificates left',
				},
			});
		});

		test('send-contract-when-signed: the active trigger fires when Plumaa finalizes a request, and the contract comes along with its signers’ invites', async () => {
			// The workflow was activated at start: its first poll noted where things stand.
			const before = (await executionsOf(SIGNED_CONTRACT.id)).length;
			const pdf = readFileSync(join(REPO_ROOT, 'test/fixtures/invoice-A-1024.pdf'));
			const md5 = createHash('md5').update(pdf).digest();
			const api = (path: string, init: RequestInit = {}) =>
				fetch(`${esignSandbox.baseUrl}${path}`, {
					...init,
					headers: {
						Authorization: `Bearer ${esignSandbox.apiKey}`,
						'Content-Type': 'application/json',
					},
				});
			const upload = (await (
				await api(
					`/sign-file-url?filePath=/contracts/a-1024.pdf&md5Checksum=${md5.toString('hex')}`,
				)
			).json()) as { url: string; key: string };
			expect(
				(
					await fetch(upload.url, {
						method: 'PUT',
						body: new Uint8Array(pdf),
						headers: { 'Content-MD5': md5.toString('base64') },
					})
				).status,
			).toBe(200);
			const request = (await (
				await api('/signature-request', {
					method: 'POST',
					body: JSON.stringify({
						input: {
							name: 'Contrato A-1024',
							organization: SEED.organization.id,
							content: { PDFContent: { pdf: upload.key } },
						},
					}),
				})
			).json()) as { id: string };
			const archivedBefore = (await executionsOf(ARCHIVE_EVIDENCE.id)).length;
			const [invite] = esignSandbox.esign.inviteAll(
				request.id,
				[SUBJECTS[0].id],
				SEED.organization.id,
			);
			esignSandbox.esign.answerInvite(invite, 'SIGNED');
			// Finalized: the NOM-151 certificate of its witness arrives at once in the sandbox, so the
			// request is also complete, and the archive example fires on the same poll.
			esignSandbox.esign.finalize(request.id);

			// n8n polls every minute.
			const execution = await newestExecution(SIGNED_CONTRACT.id, before, 150_000);
			expect((await executionsOf(SIGNED_CONTRACT.id)).length).toBe(before + 1);
			const runData = execution.data.resultData.runData;
			expect(execution.status).toBe('success');
			expect(outputJson(runData, 'Contract signed')).toEqual([
				expect.objectContaining({
					id: request.id,
					finalized: true,
					name: 'Contrato A-1024',
					contentType: 'pdf',
				}),
			]);
			const sent = runData['Send the contract here']?.[0]?.data?.main[0]?.[0] as unknown as {
				binary?: Record<string, { fileName: string; mimeType: string }>;
			};
			expect(sent.binary?.contract).toMatchObject({
				fileName: 'Contrato A-1024.pdf',
				mimeType: 'application/pdf',
			});

			// archive-completed-contract: fired once for the completed request, with both files.
			const archived = await newestExecution(ARCHIVE_EVIDENCE.id, archivedBefore, 150_000);
			expect(archived.status).toBe('success');
			expect((await executionsOf(ARCHIVE_EVIDENCE.id)).length).toBe(archivedBefore + 1);
			const stored = archived.data.resultData.runData['Archive here']?.[0]?.data
				?.main[0] as unknown as
				| Array<{
						json: Record<string, unknown>;
						binary?: Record<string, { fileName: string; mimeType: string }>;
				  }>
				| undefined;
			expect(stored).toHaveLength(1);
			expect(stored?.[0].json).toMatchObject({
				signatureRequest: { id: request.id, finalized: true },
				signers: [
					{
						email: SUBJECTS[0].emailAddress,
						status: 'SIGNED',
						certificate: { revoked: false, validAtSigning: true },
						ocspResponsePresent: true,
					},
				],
				summary: { allSigned: true, certified: true, complete: true },
			});
			expect(stored?.[0].binary).toMatchObject({
				document: { fileName: 'Contrato A-1024.pdf', mimeType: 'application/pdf' },
				evidence: { fileName: 'Contrato A-1024.evidence.json', mimeType: 'application/json' },
			});
			expect(esignSandbox.answersOffContract()).toEqual([]);
		}, 200_000);

		// n8n gives trigger nodes no schema preview (its editor: "Trigger nodes do not have schema previews"):
		// in the editor, Fetch Test Event shows the latest event, and the next nodes then see its fields.
		test('Fetch Test Event in the editor shows the latest finalized request; the Get node then sees its fields', async () => {
			const editor = await signedInEditor(server!.url);
			const { page } = editor;
			const executionsBefore = (await executionsOf(SIGNED_CONTRACT.id)).length;
			await page.goto(`${server!.url}/workflow/${SIGNED_CONTRACT.id}`);
			await page.locator('[data-test-id=canvas-node][data-node-name="Contract signed"]').dblclick();
			await page
				.getByRole('button', { name: /fetch test event/i })
				.first()
				.click();
			// A trigger's NDV has no input panel: the output is in the NDV itself.
			const output = page.locator('[data-test-id=ndv]');
			try {
				await output.getByText('Contrato A-1024').first().waitFor({ timeout: 60_000 });
			} catch (error) {
				await page.screenshot({ path: join(SCREENSHOTS, 'failed-fetch-test-event.png') });
				throw new Error(`${(error as Error).message}\nOutput panel: ${await output.innerText()}`);
			}
			await page.screenshot({ path: join(SCREENSHOTS, 'plumaa-trigger-test-event.png') });
			await page.keyboard.press('Escape');

			const afterTrigger = await inputPanelOf(
				editor,
				SIGNED_CONTRACT.id,
				'Get the contract and its signatures',
				'finalized',
			);
			// The trigger's Simplify is on (its default): the flat request.
			for (const field of ['finalized', 'draft', 'contentType', 'witnessId', 'organizationId'])
				expect(afterTrigger).toContain(field);
			for (const nested of ['anonymousKey', 'invites', 'quota'])
				expect(afterTrigger).not.toContain(nested);
			// A manual fetch leaves the active workflow's cursor alone: no new production execution.
			expect(
				(await executionsOf(SIGNED_CONTRACT.id)).filter((execution) => execution.mode !== 'manual'),
			).toHaveLength(executionsBefore);
			await page.close();
		});
	});

	describe('key rotation', () => {
		const ROTATION_CREDENTIAL = { id: 'plumaaRotatedCred', name: 'Plumaa rotated by e2e' };
		const WRONG_N8N_API = { id: 'plumaaN8nApiWrongCred', name: 'n8n API with a wrong key' };
		/** Rotation runs as `n8n execute` next to the started server: its own task broker port. */
		let cli: N8nEnvironment;
		let consumer: LoopbackServer | undefined;
		const delivered: Array<{ apiKeyId: string; apiKey: string }> = [];
		let consumerFails = false;
		let n8nApiKey: string;

		const rotateOwn = variant(ROTATE_OWN, 'plumaaRotateOwnE2E', (workflow) => {
			for (const node of workflow.nodes)
				if (node.credentials?.plumaaApi) node.credentials.plumaaApi = ROTATION_CREDENTIAL;
		});
		const rotateWithWrongN8nKey = variant(rotateOwn, 'plumaaRotateWrongN8n', (workflow) => {
			for (const node of workflow.nodes)
				if (node.credentials?.plumaaN8nApi) node.credentials.plumaaN8nApi = WRONG_N8N_API;
		});
		const nightlyOnRotated = variant(NIGHTLY, 'plumaaNightlyRotated', (workflow) => {
			for (const node of workflow.nodes)
				if (node.credentials?.plumaaApi) node.credentials.plumaaApi = ROTATION_CREDENTIAL;
		});

		beforeAll(async () => {
			consumer = new LoopbackServer((request, response) => {
				let body = '';
				request.on('data', (chunk: Buffer) => (body += chunk.toString()));
				request.on('end', () => {
					if (consumerFails) {
						response.writeHead(500).end('{"message":"could not store the key"}');
						return;
					}
					delivered.push(JSON.parse(body) as { apiKeyId: string; apiKey: string });
					response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stored":true}');
				});
			});
			const consumerUrl = `http://127.0.0.1:${await consumer.listen()}/plumaa-key`;
			const rotateOther = variant(ROTATE_OTHER, ROTATE_OTHER.id as string, (workflow) => {
				const settings = workflow.nodes.find((node) => node.name === 'Settings')!;
				const values = JSON.parse(settings.parameters.jsonOutput as string) as Record<
					string,
					string
				>;
				settings.parameters.jsonOutput = JSON.stringify({ ...values, consumerUrl });
			});

			cli = { ...env, brokerPort: await freePort() };
			n8nApiKey = await createN8nApiKey(server!.url, 'Plumaa e2e rotation');
			await importJson(bin, cli, 'credentials', [
				n8nApiCredential(N8N_API_CREDENTIAL, server!.url, n8nApiKey),
				n8nApiCredential(WRONG_N8N_API, server!.url, 'n8n_api_wrong_key'),
			]);
			for (const workflow of [rotateOwn, rotateWithWrongN8nKey, nightlyOnRotated, rotateOther])
				await importJson(bin, cli, 'workflow', workflow);
		}, 120_000);

		afterAll(async () => {
			await consumer?.close();
		});

		async function execute(workflowId: string): Promise<{ runData: RunData; printed: string }> {
			const result = await n8nCommand(bin, cli, ['execute', `--id=${workflowId}`, '--rawOutput']);
			const printed = `${result.stdout}\n${result.stderr}`;
			expect({ status: result.status, printed }).toMatchObject({ status: 0 });
			return { runData: runDataOf(result.stdout), printed };
		}

		/** Gives the rotation credential a fresh key of the sandbox, with its ID. */
		async function freshRotationCredential(): Promise<{ id: string; secret: string }> {
			const key = sandbox.createKey('n8n e2e');
			await importJson(bin, cli, 'credentials', [
				sandboxCredential(ROTATION_CREDENTIAL, sandbox.baseUrl, key.secret, { keyId: key.id }),
			]);
			return key;
		}

		/** Runs the clean-up on the rotation credential and returns the secret its calls were made with. */
		async function secretTheCredentialHolds(): Promise<string> {
			const before = sandbox.apiRequests().length;
			await execute(nightlyOnRotated.id);
			const calls = sandbox.apiRequests().slice(before);
			expect(calls.length).toBeGreaterThan(0);
			return calls[0].authorization!.replace('Bearer ', '');
		}

		async function plumaaAccepts(secret: string): Promise<boolean> {
			const answer = await fetch(`${sandbox.baseUrl}/organization-links`, {
				headers: { Authorization: `Bearer ${secret}` },
			});
			return answer.status === 200;
		}

		/**
		 * Starts Rotate as `n8n execute` and kills its whole process group (SIGKILL: no clean-up) while the
		 * sandbox holds the call `fault` names: n8n stopped inside that step.
		 */
		async function rotateKilledAt(fault: Fault): Promise<void> {
			sandbox.addFault(fault);
			const heldBefore = sandbox.heldCalls;
			const child = spawn(bin, ['execute', `--id=${rotateOwn.id}`, '--rawOutput'], {
				env: n8nEnv(cli),
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let printed = '';
			child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
			const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
			const deadline = Date.now() + 120_000;
			try {
				while (sandbox.heldCalls === heldBefore) {
					if (child.exitCode !== null)
						throw new Error(`n8n execute ended before the held call:\n${printed}`);
					if (Date.now() > deadline)
						throw new Error(`n8n execute never made the held call:\n${printed}`);
					await new Promise((resolveWait) => setTimeout(resolveWait, 100));
				}
			} finally {
				process.kill(-child.pid!, 'SIGKILL');
				await exited;
				sandbox.releaseHeld();
			}
		}

		// Rotate's steps: inspect (PUT), create (POST), store (n8n), prove (GET), retire (PUT).
		test.each([
			[
				'after Plumaa created the new key, before its answer arrived',
				{ method: 'POST', path: '/api-key' },
				'after',
			],
			[
				'after the new key was stored, before the proof',
				{ method: 'GET', path: '/organization-links' },
				'before',
			],
			[
				'after the proof, before the old key was retired',
				{ method: 'PUT', path: '/api-key', skip: 1 },
				'before',
			],
			[
				'during the retirement (the old key disabled, the answer lost)',
				{ method: 'PUT', path: '/api-key', skip: 1 },
				'after',
			],
		] as const)(
			'Rotate killed %s: the credential keeps a working key; the next Rotate finishes, and one key of the chain is active, the credential’s',
			async (moment, on, stage) => {
				sandbox.reset();
				const old = await freshRotationCredential();
				await rotateKilledAt({ kind: 'hold', stage, on: { ...on } });

				// Whatever the moment, the credential holds a key Plumaa accepts.
				expect(await plumaaAccepts(await secretTheCredentialHolds())).toBe(true);

				const { runData } = await execute(rotateOwn.id);
				const [rotated] = outputJson(runData, 'Rotated');
				const heldNow = sandbox.keyIdOfSecret(await secretTheCredentialHolds());
				expect(heldNow).toBe((rotated.newKey as { id: string }).id);
				const chain = sandbox
					.keyIds()
					.filter((id) => id === old.id || sandbox.keyName(id)?.startsWith('n8n e2e (rotated'));
				const active = chain.filter((id) => sandbox.isEnabled(id));
				if (moment.startsWith('after Plumaa created')) {
					// The documented moment: the key whose answer was lost stays, named for the credential.
					expect(rotated).not.toHaveProperty('resumed');
					const orphans = active.filter((id) => id !== heldNow);
					expect(orphans).toHaveLength(1);
					expect(sandbox.keyName(orphans[0])).toMatch(
						/^n8n e2e \(rotated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC for “Plumaa rotated by e2e”\)$/,
					);
				} else {
					expect(rotated.resumed).toEqual({ id: old.id, action: 'disable', done: true });
					expect(active).toEqual([heldNow]);
				}
				expect(sandbox.isEnabled(old.id)).toBe(false);
			},
			300_000,
		);

		test('saving the n8n API credential tests it: passes for a valid n8n API key, fails for a wrong key or a URL that is not the API', async () => {
			const data = (apiKey: string, url = server!.url) =>
				n8nApiCredential(N8N_API_CREDENTIAL, url, apiKey);
			expect(await credentialTestInN8n(data(n8nApiKey))).toMatchObject({ status: 'OK' });
			expect(await credentialTestInN8n(data('n8n_api_wrong_key'))).toMatchObject({
				status: 'Error',
			});
			const editorUrl = { ...data(n8nApiKey), data: { baseUrl: server!.url, apiKey: n8nApiKey } };
			expect(await credentialTestInN8n(editorUrl)).toEqual({
				status: 'Error',
				message:
					'No n8n API answered at this URL: enter this n8n’s address followed by /api/v1, and check that the public API is enabled',
			});
		});

		test('Rotate stores a new working key in the credential, disables the old one, and no secret reaches n8n’s records', async () => {
			sandbox.reset();
			const old = await freshRotationCredential();

			const { runData, printed } = await execute(rotateOwn.id);

			const [rotated] = outputJson(runData, 'Rotated');
			expect(outputJson(runData, 'Send your alert here')).toEqual([]);
			const newKey = rotated.newKey as { id: string; name: string };
			expect(rotated).toMatchObject({
				oldKey: { id: old.id, action: 'disable', done: true },
				credential: ROTATION_CREDENTIAL,
				organization: { id: SEED.organization.id, quota: { nom151: SEED.quota.nom151 } },
			});
			expect(newKey.name).toMatch(
				/^n8n e2e \(rotated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC for “Plumaa rotated by e2e”\)$/,
			);

			// Another workflow with the same credential now calls Plumaa with the new key, which works.
			const held = await secretTheCredentialHolds();
			expect(sandbox.keyIdOfSecret(held)).toBe(newKey.id);
			expect(await plumaaAccepts(held)).toBe(true);
			expect(await plumaaAccepts(old.secret)).toBe(false);
			expect(sandbox.hasKey(old.id)).toBe(true);

			const records = [printed, server!.output(), userFolderText(env.userFolder)].join('\n');
			expect(records).not.toContain(old.secret);
			expect(records).not.toContain(held);
		});

		test('n8n refusing the update (a wrong n8n API key) leaves the credential and the old key untouched and deletes the new key', async () => {
			sandbox.reset();
			const old = await freshRotationCredential();
			const keysBefore = sandbox.keyIds().sort();

			const { runData } = await execute(rotateWithWrongN8nKey.id);

			expect(outputJson(runData, 'Rotated')).toEqual([]);
			const [alert] = outputJson(runData, 'Send your alert here');
			expect(String(alert.error)).toBe(
				'n8n did not store the new key: n8n rejected the n8n API key',
			);
			const methods = sandbox.apiRequests().map((request) => request.method);
			expect(methods).toEqual(['PUT', 'POST', 'DELETE']);
			expect(sandbox.keyIds().sort()).toEqual(keysBefore);
			expect(sandbox.isEnabled(old.id)).toBe(true);
			expect(await secretTheCredentialHolds()).toBe(old.secret);
		});

		test('the other-system example delivers a new key, disables the previous one, deletes the one disabled before, and deletes an undelivered key', async () => {
			sandbox.reset();
			const [firstKey] = SEED.rotationKeyIds;

			const first = await execute(ROTATE_OTHER.id as string);
			expect(delivered).toHaveLength(1);
			expect(await plumaaAccepts(delivered[0].apiKey)).toBe(true);
			expect(outputJson(first.runData, 'Previous key disabled')).toEqual([
				expect.objectContaining({ id: firstKey, enabled: false, updated: true }),
			]);
			expect(sandbox.isEnabled(firstKey)).toBe(false);

			await execute(ROTATE_OTHER.id as string);
			expect(delivered).toHaveLength(2);
			expect(sandbox.isEnabled(delivered[0].apiKeyId)).toBe(false);
			expect(sandbox.hasKey(firstKey)).toBe(false);
			expect(await plumaaAccepts(delivered[1].apiKey)).toBe(true);

			consumerFails = true;
			const keysBefore = sandbox.keyIds().sort();
			const failed = await execute(ROTATE_OTHER.id as string);
			consumerFails = false;
			expect(outputJson(failed.runData, 'Send your alert here')).toEqual([
				expect.objectContaining({ deleted: true }),
			]);
			expect(sandbox.keyIds().sort()).toEqual(keysBefore);
			expect(sandbox.isEnabled(delivered[1].apiKeyId)).toBe(true);
		});

		test('the editor offers the Rotate, Create and Update output fields to the next node before any run', async () => {
			const { page, schemaRequests } = await signedInEditor(server!.url);
			const inputPanelOf = async (
				workflowId: string,
				node: string,
				waitFor: string,
			): Promise<string> => {
				await page.goto(`${server!.url}/workflow/${workflowId}`);
				await page.locator(`[data-test-id=canvas-node][data-node-name="${node}"]`).dblclick();
				const input = page.locator('[data-test-id=ndv-input-panel]');
				await input.getByText(waitFor, { exact: true }).first().waitFor();
				const text = await input.innerText();
				await page.keyboard.press('Escape');
				return text;
			};

			await page.goto(`${server!.url}/workflow/${ROTATE_OWN.id as string}`);
			await page.locator('[data-test-id=canvas-node][data-node-name="Rotate API key"]').dblclick();
			const parameters = page.locator('[data-test-id=ndv]');
			await parameters.getByText('Old Key', { exact: true }).waitFor();
			const chosen = await parameters
				.locator('input')
				.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
			expect(chosen).toEqual(
				expect.arrayContaining(['Plumaa sandbox', 'n8n API (this n8n)', 'Rotate', 'Disable']),
			);
			await page.screenshot({ path: join(SCREENSHOTS, 'plumaa-rotate-parameters.png') });
			await page.keyboard.press('Escape');

			const afterRotate = await inputPanelOf(ROTATE_OWN.id as string, 'Rotated', 'newKey');
			for (const field of ['newKey', 'oldKey', 'done', 'resumed', 'nom151'])
				expect(afterRotate).toContain(field);
			const afterCreate = await inputPanelOf(
				ROTATE_OTHER.id as string,
				'Deliver the key',
				'secret',
			);
			for (const field of ['secret', 'organization', 'groupedNOM151'])
				expect(afterCreate).toContain(field);
			const afterUpdate = await inputPanelOf(
				ROTATE_OTHER.id as string,
				'Previous key disabled',
				'updated',
			);
			expect(afterUpdate).toContain('enabled');

			for (const operation of ['rotate', 'create', 'update']) {
				expect(schemaRequests).toContain(
					`200 /schemas/n8n-nodes-plumaa.plumaa/1.0.0/apiKey/${operation}.json`,
				);
			}
			await page.close();
		});
	});
});
