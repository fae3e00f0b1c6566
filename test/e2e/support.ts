/**
 * What the end-to-end files share: the run data n8n prints or stores, copies of the examples,
 * the editor in Debian's Chromium, and the answers of the revoke-on-webhook example.
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { OWNER, parseRawOutput, readExample } from '../../dev/n8n';
import { SEED } from '../../dev/sandbox/server';

export interface NodeRun {
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message: string; description?: string };
}
export type RunData = Record<string, NodeRun[]>;

/** The run data of the execution `n8n execute --rawOutput` printed. */
export function runDataOf(stdout: string): RunData {
	const run = parseRawOutput(stdout) as { data: { resultData: { runData: RunData } } };
	return run.data.resultData.runData;
}

export function outputJson(
	runData: RunData,
	node: string,
	output = 0,
): Array<Record<string, unknown>> {
	return (runData[node]?.[0]?.data?.main[output] ?? []).map((item) => item.json);
}

export interface WorkflowJson {
	id: string;
	name: string;
	settings?: Record<string, unknown>;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, unknown>;
		onError?: string;
	}>;
}

/** A copy of an example under another id, with `change` applied to it. */
export function variant(
	example: object,
	id: string,
	change: (workflow: WorkflowJson) => void,
): WorkflowJson {
	const workflow = JSON.parse(JSON.stringify(example)) as WorkflowJson;
	workflow.id = id;
	workflow.name = `${workflow.name} (${id})`;
	change(workflow);
	return workflow;
}

export const NIGHTLY = readExample('scheduled-cleanup');
export const WEBHOOK = readExample('revoke-on-webhook');
export const WRONG_KEY = 'sk_live_e2e_wrong_key_3b9d1f7a';
export const WRONG_KEY_CREDENTIAL = { id: 'plumaaWrongKeyCred', name: 'Plumaa wrong key' };

/** The nightly clean-up on a credential with a wrong key, and no "continue" on error: the run fails. */
export const NIGHTLY_WRONG_KEY = variant(NIGHTLY, 'plumaaWrongKeyRun', (workflow) => {
	const plumaa = workflow.nodes.find((node) => node.type === 'n8n-nodes-plumaa.plumaa')!;
	plumaa.credentials = { plumaaApi: WRONG_KEY_CREDENTIAL };
	delete plumaa.onError;
});

/** The message a run with a wrong key fails with. */
export const WRONG_KEY_MESSAGE = 'Plumaa rejected the API key (authentication failed)';

/** What the revoke-on-webhook example answers for the first seeded rotation key, however n8n runs it. */
export const REVOKED_KEY_ID = SEED.rotationKeyIds[0];

export const REVOKED_ANSWER = {
	revoked: REVOKED_KEY_ID,
	name: 'rotation key 1',
	organization: SEED.organization.name,
	nom151Left: SEED.quota.nom151,
	groupedNOM151Left: SEED.quota.groupedNOM151,
};

/** ...and when it is called again for the key it has revoked (HTTP 422). */
export const NOT_FOUND_ANSWER = { revoked: null, error: `API key ${REVOKED_KEY_ID} was not found` };

/** Calls the example's webhook on the n8n at `url` for that key. */
export async function callRevokeWebhook(url: string): Promise<Response> {
	return await fetch(`${url}/webhook/plumaa-revoke-api-key`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ apiKeyId: REVOKED_KEY_ID }),
	});
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser | undefined;

/** Debian's Chromium, started once per test file (playwright-core downloads no browser). */
async function chromiumBrowser(): Promise<Browser> {
	browser ??= await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	return browser;
}

/** One signed-in browser session per n8n: n8n rate-limits logins, and a file opens the editor many times. */
const signedInSessions = new Map<string, BrowserContext>();

export async function closeChromium(): Promise<void> {
	signedInSessions.clear();
	await browser?.close();
	browser = undefined;
}

/** A page of the editor of the n8n at `url`, signed in as the owner, noting the output schemas it loads. */
export async function signedInEditor(
	url: string,
): Promise<{ page: Page; schemaRequests: string[] }> {
	const session =
		signedInSessions.get(url) ??
		(await (await chromiumBrowser()).newContext({ viewport: { width: 1400, height: 900 } }));
	const page = await session.newPage();
	page.setDefaultTimeout(30_000);
	const schemaRequests: string[] = [];
	page.on('response', (response) => {
		if (response.url().includes('/schemas/n8n-nodes-plumaa.'))
			schemaRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
	});
	if (!signedInSessions.has(url)) {
		await page.goto(`${url}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((address) => !address.pathname.includes('signin'));
		signedInSessions.set(url, session);
	}
	return { page, schemaRequests };
}

/**
 * The e-signature examples, on a sandbox of their own (their trigger polls it every minute). Named as the
 * credential npm start creates, so that the screenshots taken of these workflows show what users see.
 */
export const ESIGN_CREDENTIAL = { id: 'plumaaESignCred', name: 'Plumaa sandbox' };

function onESignSandbox(example: string, id: string): WorkflowJson {
	return variant(readExample(example), id, (workflow) => {
		for (const node of workflow.nodes)
			if (node.credentials?.plumaaApi) node.credentials.plumaaApi = ESIGN_CREDENTIAL;
	});
}

export const CERTIFY_INVOICE = onESignSandbox('certify-invoice', 'plumaaCertifyInvoice');
export const SIGNED_CONTRACT = onESignSandbox('send-contract-when-signed', 'plumaaSignedContract');
export const VERIFY_DOCUMENT = onESignSandbox('verify-document', 'plumaaVerifyDocument');
export const ARCHIVE_EVIDENCE = onESignSandbox(
	'archive-completed-contract',
	'plumaaArchiveEvidence',
);

/**
 * A workflow a user would build to send terms for signature: a request from text, one from JSON, the
 * signer found by email (a signer linked to the organization), and the invite. Run by `n8n execute`.
 */
export const SIGNER_EMAIL = 'bruno.diaz@example.mx';
export const TERMS_SHA256 = createHash('sha256').update('Aviso de privacidad').digest('hex');
export const TEXT_JSON_INVITE: WorkflowJson & Record<string, unknown> = (() => {
	const credentials = { plumaaApi: { id: 'plumaaSandboxCred', name: 'Plumaa sandbox' } };
	const organizationId = { __rl: true, mode: 'id', value: SEED.organization.id };
	const plumaa = (name: string, x: number, parameters: Record<string, unknown>) => ({
		id: `5d0c7f3e-1b2a-4c6d-9e8f-${String(x).padStart(12, '0')}`,
		name,
		type: 'n8n-nodes-plumaa.plumaa',
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials,
	});
	const nodes = [
		{
			id: '5d0c7f3e-1b2a-4c6d-9e8f-000000000001',
			name: 'Run now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		plumaa('Create from text', 200, {
			resource: 'signatureRequest',
			operation: 'create',
			simplify: false,
			name: 'Aviso de privacidad',
			organizationId,
			content: 'text',
			text: 'Acepto el aviso de privacidad de Notaría Ejemplo.',
		}),
		plumaa('Create from JSON', 400, {
			resource: 'signatureRequest',
			operation: 'create',
			name: 'Pagaré A-17',
			organizationId,
			content: 'json',
			json: '{"folio": "A-17", "monto": 1200, "moneda": "MXN"}',
		}),
		plumaa('Find the signer', 600, {
			resource: 'subject',
			operation: 'search',
			searchBy: 'email',
			value: SIGNER_EMAIL,
			returnAll: true,
		}),
		plumaa('Invite the signer', 800, {
			resource: 'invite',
			operation: 'create',
			signatureRequestId: {
				__rl: true,
				mode: 'id',
				value: "={{ $('Create from text').item.json.id }}",
			},
			subjectId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		}),
		// No Organization ID on the node: the credential's.
		plumaa('Witness the terms', 1000, {
			resource: 'witness',
			operation: 'create',
			source: 'hash',
			hash: TERMS_SHA256,
		}),
	];
	const chain = nodes.map((node) => node.name);
	return {
		id: 'plumaaTextJsonInvite',
		name: 'Plumaa: text and JSON requests, a signer found by email and invited',
		nodes,
		connections: Object.fromEntries(
			chain
				.slice(0, -1)
				.map((name, index) => [
					name,
					{ main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] },
				]),
		),
		settings: { executionOrder: 'v1' },
		active: false,
	};
})();

/**
 * A scanned deed sent for signature: Read/Write Files from Disk reads a PDF (n8n keeps it on the filesystem, its
 * default) and Signature Request → Create uploads it. Run by `n8n execute`.
 */
export const PDF_FROM_DISK_ID = 'plumaaPdfFromDisk';
export function pdfFromDisk(path: string): WorkflowJson & Record<string, unknown> {
	const nodes = [
		{
			id: '6e1d8f4a-2c3b-4d7e-8f9a-000000000001',
			name: 'Run now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '6e1d8f4a-2c3b-4d7e-8f9a-000000000002',
			name: 'Read the deed',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'read', fileSelector: path, options: {} },
		},
		{
			id: '6e1d8f4a-2c3b-4d7e-8f9a-000000000003',
			name: 'Send the deed for signature',
			type: 'n8n-nodes-plumaa.plumaa',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				resource: 'signatureRequest',
				operation: 'create',
				name: 'Escritura 2026',
				organizationId: { __rl: true, mode: 'id', value: SEED.organization.id },
				content: 'pdf',
				binaryPropertyName: 'data',
			},
			credentials: { plumaaApi: { id: 'plumaaSandboxCred', name: 'Plumaa sandbox' } },
		},
	];
	return {
		id: PDF_FROM_DISK_ID,
		name: 'Plumaa: a PDF from disk sent for signature',
		nodes,
		connections: {
			'Run now': { main: [[{ node: 'Read the deed', type: 'main', index: 0 }]] },
			'Read the deed': {
				main: [[{ node: 'Send the deed for signature', type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The document the AI Agent end-to-end run asks about (witnessed and certified in the sandbox). */
export const AGENT_DOCUMENT_SHA256 = createHash('sha256')
	.update('Contrato de arrendamiento')
	.digest('hex');
export const OPENAI_CREDENTIAL = { id: 'openAiCred', name: 'OpenAI account' };

/**
 * The ask-about-a-document example as `n8n execute` can run it: a manual trigger and a fixed question
 * instead of the chat, plus one more tool, API Key → Create, whose answer must reach the model without
 * its secret.
 */
export const ASK_ABOUT_DOCUMENT = variant(
	readExample('ask-about-a-document'),
	'plumaaAskAboutDocumentE2E',
	(workflow) => {
		const chat = workflow.nodes.find((node) => node.name === 'Ask a question')!;
		Object.assign(chat, {
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			parameters: {},
		});
		delete (chat as { webhookId?: string }).webhookId;
		const agent = workflow.nodes.find((node) => node.name === 'Plumaa assistant')!;
		agent.parameters = {
			...agent.parameters,
			promptType: 'define',
			text: `Is the document with hash ${AGENT_DOCUMENT_SHA256} certified? Also make an API key.`,
		};
		workflow.nodes.push({
			id: '7a1c0e52-4b1d-4c55-9d8e-000000000008',
			name: 'Create an API key',
			type: 'n8n-nodes-plumaa.plumaaTool',
			typeVersion: 1,
			position: [780, 240],
			parameters: {
				resource: 'apiKey',
				operation: 'create',
				name: "={{ $fromAI('keyName', 'Name of the new key', 'string') }}",
				organizationId: { __rl: true, mode: 'id', value: SEED.organization.id },
				options: { includeSecret: true },
				descriptionType: 'auto',
			},
			credentials: { plumaaApi: { id: 'plumaaSandboxCred', name: 'Plumaa sandbox' } },
		} as WorkflowJson['nodes'][number]);
		(workflow as unknown as { connections: Record<string, unknown> }).connections[
			'Create an API key'
		] = {
			ai_tool: [[{ node: 'Plumaa assistant', type: 'ai_tool', index: 0 }]],
		};
	},
);
