/**
 * A stand-in for n8n's public API, as far as API Key → Rotate uses it: PATCH /api/v1/credentials/:id
 * with the X-N8N-API-KEY header, writing into the same credential store the engine reads. It checks
 * the data as n8n does (the fields the credential type's display rules require) and can fail the
 * way n8n fails: a wrong n8n API key, 403, 405, the public API switched off (an HTML page), 500.
 * The real n8n is exercised by the end-to-end suite.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PlumaaApi } from '../../credentials/PlumaaApi.credentials';
import { LoopbackServer } from '../../dev/sandbox/loopback';
import type { CredentialStore } from './engine';

/** How the next PATCH fails: a JSON body, an HTML page, or a 400 that echoes the data it got (as validators do). */
export type N8nFault =
	| { status: number; body?: unknown }
	| { status: number; html: true }
	| { status: 400; echoData: true };

export interface N8nApiRequestRecord {
	method: string;
	path: string;
	apiKey: string | undefined;
	body: unknown;
}

export class N8nApiStandIn {
	readonly apiKey = 'n8n_api_stand_in_key_8d2c41';
	readonly requests: N8nApiRequestRecord[] = [];
	private faults: N8nFault[] = [];
	private readonly http = new LoopbackServer(
		(request, response) => void this.handle(request, response),
	);
	private port = 0;

	/** The store it writes into; a test may swap it between runs. */
	constructor(public store: CredentialStore) {}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/api/v1`;
	}

	/** The next PATCH answers this instead of updating the credential. */
	failNextUpdate(fault: N8nFault): void {
		this.faults.push(fault);
	}

	async start(): Promise<this> {
		this.port = await this.http.listen(0);
		return this;
	}

	async stop(): Promise<void> {
		await this.http.close();
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const body = text === '' ? undefined : (JSON.parse(text) as unknown);
		const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		const apiKey = request.headers['x-n8n-api-key'] as string | undefined;
		this.requests.push({ method: request.method ?? 'GET', path, apiKey, body });

		const update = /^\/api\/v1\/credentials\/([^/]+)$/.exec(path);
		if (!update || request.method !== 'PATCH') {
			sendHtml(response, 404);
			return;
		}
		if (apiKey !== this.apiKey) {
			sendJson(response, 401, { message: 'unauthorized' });
			return;
		}
		const fault = this.faults.shift();
		if (fault) {
			if ('html' in fault) sendHtml(response, fault.status);
			else if ('echoData' in fault)
				sendJson(response, 400, {
					message: `request.body.data ${JSON.stringify((body as { data?: unknown })?.data)} is not valid`,
				});
			else sendJson(response, fault.status, fault.body ?? { message: `HTTP ${fault.status}` });
			return;
		}
		const credential = this.store.credentials.get(decodeURIComponent(update[1]));
		if (!credential) {
			sendJson(response, 404, { message: 'Not Found' });
			return;
		}
		const { data, isPartialData } = (body ?? {}) as {
			data?: ICredentialDataDecryptedObject;
			isPartialData?: boolean;
		};
		const problem =
			data === undefined ? 'request.body requires property "data"' : invalidPlumaaData(data);
		if (problem) {
			sendJson(response, 400, { message: problem });
			return;
		}
		credential.data = isPartialData ? { ...credential.data, ...data } : { ...data };
		sendJson(response, 200, { id: credential.id, name: credential.name, type: credential.type });
	}
}

/** The fields n8n's public API accepts for the Plumaa credential: its fields but hidden ones, and the two n8n adds. */
const ACCEPTED_FIELDS = new Set([
	...new PlumaaApi().properties
		.filter((property) => property.type !== 'hidden')
		.map((property) => property.name),
	'allowedHttpRequestDomains',
	'allowedDomains',
]);

/**
 * n8n validates against the credential type's display rules: an absent `environment` makes `baseUrl`
 * required; a field the type does not show (or hides) is refused.
 */
function invalidPlumaaData(data: Record<string, unknown>): string | undefined {
	const unknown = Object.keys(data).find((field) => !ACCEPTED_FIELDS.has(field));
	if (unknown)
		return `request.body.data is not allowed to have the additional property "${unknown}"`;
	if (data.environment === undefined || data.environment === 'custom') {
		if (typeof data.baseUrl !== 'string') return 'request.body.data requires property "baseUrl"';
	}
	if (
		data.environment !== undefined &&
		data.environment !== 'custom' &&
		data.baseUrl !== undefined
	) {
		return 'request.body.data does not match allOf schema [subschema 0] with 1 error[s]:,request.body.data does not match "else" schema';
	}
	if (data.allowedHttpRequestDomains === undefined && data.allowedDomains === undefined) {
		return 'request.body.data requires property "allowedDomains"';
	}
	return undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

function sendHtml(response: ServerResponse, status: number): void {
	response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
	response.end(
		'<!DOCTYPE html><html><head><title>n8n.io - Workflow Automation</title></head><body></body></html>',
	);
}
