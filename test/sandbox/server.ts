/**
 * The Plumaa sandbox: a small real HTTP server that answers the way Plumaa's REST API does
 * (a GraphQL schema exposed as REST by SOFA), with fault switches for tests and benchmarks.
 * One sandbox serves the jest suite, the end-to-end suite, benchmarks and `npm start`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ApiKey, Organization, PlumaaGraphQlError } from '../../nodes/Plumaa/types';
import { LoopbackServer } from './loopback';

export const API_PREFIX = '/rest/v1';
export const CONTROL_PREFIX = '/__sandbox';

/** Which calls a fault hits: by method and path below /rest/v1 (e.g. POST /api-key); any call by default. */
export interface FaultTarget {
	method?: string;
	path?: string;
	/** Matching calls to let through before the fault hits (e.g. the second PUT of a rotation). */
	skip?: number;
	/** Only calls for this id (the `id` query parameter): the fault hits one chosen item. */
	id?: string;
}

/**
 * A way the next call(s) to the API (or those that match `on`) misbehave. `times` defaults to 1;
 * `forMs` instead hits every matching call for that long after the first (a burst).
 */
export type Fault = { times?: number; forMs?: number; on?: FaultTarget } & (
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'html'; status?: number }
	| { kind: 'empty'; status: number }
	| { kind: 'drop' }
	| { kind: 'hang' }
	| { kind: 'rateLimit'; retryAfter?: string }
);

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	authorization: string | undefined;
	body: unknown;
	/** When it arrived (Date.now()). */
	at: number;
	/** API calls being answered when it arrived, itself included. */
	inFlight: number;
	/** The status it was answered with, and when (once answered). */
	status?: number;
	answeredAt?: number;
}

/** How a delete of a key that does not exist is answered: SOFA's `null`, or a NOT_FOUND error. */
export type MissingKeyAnswer = 'null' | 'notFoundError';

export interface SandboxOptions {
	port?: number;
	/** Milliseconds every API call waits before answering. */
	latencyMs?: number;
	missingKeyAnswer?: MissingKeyAnswer;
}

interface StoredKey extends Omit<ApiKey, 'organization'> {
	organizationId: string;
}

export const SEED = {
	organization: {
		id: '64b7f0a1c2d3e4f5a6b7c8d9',
		name: 'Notaría Ejemplo S.C.',
		emailAddress: 'ti@notaria-ejemplo.mx',
	},
	otherOrganization: { id: '64b7f0a1c2d3e4f5a6b7c8e0', name: 'Otra Organización S.A.' },
	adminKey: { id: '65a1f0c2e4b0a1b2c3d4e5f0', name: 'n8n automation', secret: 'sk_sandbox_admin_7f3c9a1e5b2d4f60' },
	rotationKeyIds: ['65a1f0c2e4b0a1b2c3d4e5f1', '65a1f0c2e4b0a1b2c3d4e5f2', '65a1f0c2e4b0a1b2c3d4e5f3'],
	otherOrganizationKeyId: '65a1f0c2e4b0a1b2c3d4e5f9',
	quota: { nom151: 120, groupedNOM151: 40 },
} as const;

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;
const CREATED_AT = '2026-01-15T17:30:00.000Z';

function newObjectId(): string {
	return randomBytes(12).toString('hex');
}

function sofaError(message: string, code: string, path: string[]): { errors: PlumaaGraphQlError[] } {
	return { errors: [{ message, path, extensions: { code } }] };
}

export class PlumaaSandbox {
	readonly requests: RecordedRequest[] = [];
	/** Every secret handed out since the start (a reset forgets none): what a leak check looks for. */
	readonly issuedSecrets = new Set<string>();
	latencyMs: number;
	/** More latency per API call being answered at the same time: an API that slows down under load. */
	latencyPerInFlightMs = 0;
	missingKeyAnswer: MissingKeyAnswer;
	private faults: Fault[] = [];
	/** A rate limit as Plumaa's gateway may apply: this many calls per second (a bucket that refills evenly), then 429. */
	private rateLimit: { perSecond: number; tokens: number; refilledAt: number } | undefined;
	private inFlight = 0;
	private maxInFlightSeen = 0;
	private organizations = new Map<string, Organization>();
	private keys = new Map<string, StoredKey>();
	private readonly http = new LoopbackServer((request, response) => void this.handle(request, response));
	private port = 0;

	constructor(private readonly options: SandboxOptions = {}) {
		this.latencyMs = options.latencyMs ?? 0;
		this.missingKeyAnswer = options.missingKeyAnswer ?? 'null';
		this.reset();
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}${API_PREFIX}`;
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The secret of the seeded key that may manage the seeded organization. */
	get apiKey(): string {
		return SEED.adminKey.secret;
	}

	/** The most API calls that were being answered at the same moment since the last reset. */
	get maxInFlight(): number {
		return this.maxInFlightSeen;
	}

	async start(): Promise<this> {
		this.port = await this.http.listen(this.options.port ?? 0);
		return this;
	}

	async stop(): Promise<void> {
		await this.http.close();
	}

	/** Back to the seeded organizations and keys, with no faults, no latency and an empty request log. */
	reset(): void {
		this.faults = [];
		this.requests.length = 0;
		this.maxInFlightSeen = 0;
		this.latencyMs = this.options.latencyMs ?? 0;
		this.latencyPerInFlightMs = 0;
		this.rateLimit = undefined;
		this.missingKeyAnswer = this.options.missingKeyAnswer ?? 'null';
		this.organizations.clear();
		this.keys.clear();
		this.organizations.set(SEED.organization.id, {
			...SEED.organization,
			logo: null,
			quota: { id: '64b7f0a1c2d3e4f5a6b7c8f1', API: true, ...SEED.quota },
			policies: { signatureRequest: { conservation: 'NOM151' } },
			createdAt: '2025-06-01T12:00:00.000Z',
			updatedAt: '2026-01-10T09:15:00.000Z',
		});
		this.organizations.set(SEED.otherOrganization.id, {
			...SEED.otherOrganization,
			logo: null,
			emailAddress: 'admin@otra.example',
			quota: { id: '64b7f0a1c2d3e4f5a6b7c8f2', API: true, nom151: 5, groupedNOM151: 0 },
			policies: { signatureRequest: { conservation: 'MERKLEIZED' } },
			createdAt: '2025-07-01T12:00:00.000Z',
			updatedAt: '2025-07-01T12:00:00.000Z',
		});
		this.storeKey({ ...SEED.adminKey }, SEED.organization.id);
		SEED.rotationKeyIds.forEach((id, index) =>
			this.storeKey({ id, name: `rotation key ${index + 1}` }, SEED.organization.id),
		);
		this.storeKey({ id: SEED.otherOrganizationKeyId, name: 'other organization key' }, SEED.otherOrganization.id);
	}

	/** Adds a key to the seeded organization (or another) and returns its id and secret. */
	createKey(name = 'test key', organizationId: string = SEED.organization.id): { id: string; secret: string } {
		const stored = this.storeKey({ name }, organizationId);
		return { id: stored.id, secret: stored.secret };
	}

	hasKey(id: string): boolean {
		return this.keys.has(id);
	}

	/** Whether Plumaa would accept calls made with this key: it exists and is enabled. */
	isEnabled(id: string): boolean {
		return this.keys.get(id)?.enabled === true;
	}

	/** The IDs of every key Plumaa knows now. */
	keyIds(): string[] {
		return [...this.keys.keys()];
	}

	/** The ID of the key with this secret, if any. */
	keyIdOfSecret(secret: string): string | undefined {
		return [...this.keys.values()].find((key) => key.secret === secret)?.id;
	}

	setQuota(nom151: number, groupedNOM151?: number): void {
		const quota = this.organizations.get(SEED.organization.id)?.quota;
		if (!quota) return;
		quota.nom151 = nom151;
		if (groupedNOM151 !== undefined) quota.groupedNOM151 = groupedNOM151;
	}

	/** Answers 429 with Retry-After beyond `perSecond` API calls per second; undefined lifts the limit. */
	limitRate(perSecond: number | undefined): void {
		this.rateLimit = perSecond === undefined ? undefined : { perSecond, tokens: perSecond, refilledAt: Date.now() };
	}

	/** Keys with these ids (and made-up secrets) in the seeded organization, e.g. for a benchmark's fixed list. */
	addKeys(ids: string[]): void {
		for (const id of ids) this.storeKey({ id, name: `key ${id}` }, SEED.organization.id);
	}

	addFault(fault: Fault): void {
		this.faults.push({ ...fault, times: fault.times ?? 1, ...(fault.on ? { on: { ...fault.on } } : {}) });
	}

	/** Only the calls to the Plumaa API, not to the control endpoints. */
	apiRequests(): RecordedRequest[] {
		return this.requests.filter((request) => request.path.startsWith(API_PREFIX));
	}

	private storeKey(key: { id?: string; name: string; secret?: string }, organizationId: string): StoredKey {
		const stored: StoredKey = {
			id: key.id ?? newObjectId(),
			name: key.name,
			secret: key.secret ?? `sk_sandbox_${randomBytes(12).toString('hex')}`,
			enabled: true,
			organizationId,
			createdAt: CREATED_AT,
			updatedAt: CREATED_AT,
		};
		this.keys.set(stored.id, stored);
		this.issuedSecrets.add(stored.secret);
		return stored;
	}

	private present(key: StoredKey): ApiKey {
		const { organizationId, ...rest } = key;
		const organization = this.organizations.get(organizationId) as Organization;
		return { ...rest, organization: JSON.parse(JSON.stringify(organization)) as Organization };
	}

	private takeFault(method: string, path: string, id: string | null): Fault | undefined {
		const index = this.faults.findIndex(
			({ on }) =>
				(on?.method === undefined || on.method === method) &&
				(on?.path === undefined || API_PREFIX + on.path === path) &&
				(on?.id === undefined || on.id === id),
		);
		const fault = this.faults[index];
		if (!fault) return undefined;
		if (fault.on?.skip) {
			fault.on.skip--;
			return undefined;
		}
		if (fault.forMs !== undefined) {
			const burst = fault as Fault & { endsAt?: number };
			burst.endsAt ??= Date.now() + fault.forMs;
			if (Date.now() < burst.endsAt) return fault;
			this.faults.splice(index, 1);
			return this.takeFault(method, path, id);
		}
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const bodyText = await readBody(request);
		let body: unknown;
		try {
			body = bodyText ? JSON.parse(bodyText) : undefined;
		} catch {
			body = bodyText;
		}
		const isControl = url.pathname.startsWith(CONTROL_PREFIX);
		if (!isControl) this.inFlight++;
		const recorded: RecordedRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: request.headers.authorization,
			body,
			at: Date.now(),
			inFlight: this.inFlight,
		};
		this.requests.push(recorded);
		response.once('finish', () => {
			recorded.status = response.statusCode;
			recorded.answeredAt = Date.now();
		});

		if (isControl) {
			this.handleControl(request.method ?? 'GET', url.pathname.slice(CONTROL_PREFIX.length), body, response);
			return;
		}

		this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
		try {
			const latencyMs = this.latencyMs + this.latencyPerInFlightMs * this.inFlight;
			if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
			const isApi = url.pathname.startsWith(API_PREFIX);
			const overLimit = isApi ? this.overRateLimit() : undefined;
			if (overLimit !== undefined) {
				sendJson(response, 429, sofaError('Too many requests', 'RATE_LIMITED', []), { 'Retry-After': String(overLimit) });
				return;
			}
			const fault = isApi ? this.takeFault(request.method ?? 'GET', url.pathname, url.searchParams.get('id')) : undefined;
			if (fault) {
				this.answerFault(fault, request, response);
				return;
			}
			this.route(request.method ?? 'GET', url, request.headers.authorization, body, response);
		} finally {
			this.inFlight--;
		}
	}

	/** Takes a call from the rate-limit bucket; when it is empty, the seconds until it has one again. */
	private overRateLimit(): number | undefined {
		const limit = this.rateLimit;
		if (!limit) return undefined;
		const now = Date.now();
		limit.tokens = Math.min(limit.perSecond, limit.tokens + ((now - limit.refilledAt) / 1000) * limit.perSecond);
		limit.refilledAt = now;
		if (limit.tokens >= 1) {
			limit.tokens -= 1;
			return undefined;
		}
		return Math.max(1, Math.ceil((1 - limit.tokens) / limit.perSecond));
	}

	private answerFault(fault: Fault, request: IncomingMessage, response: ServerResponse): void {
		switch (fault.kind) {
			case 'status':
				sendJson(response, fault.status, fault.body ?? null, fault.headers);
				return;
			case 'html': {
				const status = fault.status ?? 502;
				response.writeHead(status, { 'Content-Type': 'text/html' });
				response.end(
					`<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
				);
				return;
			}
			case 'empty':
				response.writeHead(fault.status);
				response.end();
				return;
			case 'drop':
				request.socket.destroy();
				return;
			case 'hang':
				// Never answers; stop() destroys the socket.
				return;
			case 'rateLimit': {
				const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
				sendJson(response, 429, sofaError('Too many requests', 'RATE_LIMITED', []), headers);
				return;
			}
		}
	}

	private caller(authorization: string | undefined): StoredKey | undefined {
		const match = /^Bearer (.+)$/.exec(authorization ?? '');
		if (!match) return undefined;
		for (const key of this.keys.values()) if (key.secret === match[1] && key.enabled) return key;
		return undefined;
	}

	private route(method: string, url: URL, authorization: string | undefined, body: unknown, response: ServerResponse): void {
		const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : undefined;

		const known = ['/api-key', '/organization-links'];
		if (path === undefined || !known.includes(path)) {
			response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(`<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${method} ${url.pathname}</pre></body></html>`);
			return;
		}

		const field = path === '/api-key' ? { DELETE: 'deleteApiKey', POST: 'createApiKey', PUT: 'updateApiKey' }[method] : 'organizationLinks';
		if (!field || (path === '/organization-links' && method !== 'GET')) {
			response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(`<!DOCTYPE html><html><body><pre>Cannot ${method} ${url.pathname}</pre></body></html>`);
			return;
		}

		// Variables are checked before the resolver runs, so a malformed id is a 400 even without a key.
		if (field === 'deleteApiKey') {
			const id = url.searchParams.get('id');
			if (id === null) {
				sendJson(response, 400, sofaError('Variable "$id" of required type "ObjectID!" was not provided.', 'BAD_USER_INPUT', []));
				return;
			}
			if (!OBJECT_ID.test(id)) {
				sendJson(response, 400, sofaError(`Variable "$id" got invalid value "${id}"; Value is not a valid mongodb object id of form: ${id}`, 'BAD_USER_INPUT', []));
				return;
			}
		}

		const caller = this.caller(authorization);
		if (!caller) {
			// SOFA answers 500 when the GraphQL error carries no HTTP status.
			sendJson(response, 500, sofaError('You must be authenticated to perform this action.', 'UNAUTHENTICATED', [field]));
			return;
		}

		switch (field) {
			case 'organizationLinks':
				sendJson(response, 200, { id: newObjectId(), info: { count: 0, page: 0, pages: 0, perPage: 10 }, results: [] });
				return;
			case 'deleteApiKey':
				this.deleteKey(url.searchParams.get('id') as string, caller, response);
				return;
			case 'createApiKey':
				this.createKeyCall(body, caller, response);
				return;
			case 'updateApiKey':
				this.updateKeyCall(body, caller, response);
				return;
		}
	}

	private forbidden(field: string, response: ServerResponse): void {
		sendJson(response, 500, sofaError('Not authorized: the API key can only manage its own organization.', 'FORBIDDEN', [field]));
	}

	private deleteKey(id: string, caller: StoredKey, response: ServerResponse): void {
		const key = this.keys.get(id);
		if (!key) {
			if (this.missingKeyAnswer === 'null') sendJson(response, 200, null);
			else sendJson(response, 500, sofaError(`ApiKey ${id} not found`, 'NOT_FOUND', ['deleteApiKey']));
			return;
		}
		if (key.organizationId !== caller.organizationId) {
			this.forbidden('deleteApiKey', response);
			return;
		}
		this.keys.delete(id);
		sendJson(response, 200, this.present(key));
	}

	private createKeyCall(body: unknown, caller: StoredKey, response: ServerResponse): void {
		const input = (body as { input?: { name?: unknown; organization?: unknown } } | undefined)?.input;
		if (typeof input?.name !== 'string' || typeof input.organization !== 'string' || !OBJECT_ID.test(input.organization)) {
			sendJson(response, 400, sofaError('Variable "$input" got invalid value; expected { name: String!, organization: ObjectID! }', 'BAD_USER_INPUT', []));
			return;
		}
		if (input.organization !== caller.organizationId) {
			this.forbidden('createApiKey', response);
			return;
		}
		sendJson(response, 200, this.present(this.storeKey({ name: input.name }, input.organization)));
	}

	private updateKeyCall(body: unknown, caller: StoredKey, response: ServerResponse): void {
		const input = (body as { input?: { id?: unknown; name?: unknown; enabled?: unknown } } | undefined)?.input;
		if (typeof input?.id !== 'string' || !OBJECT_ID.test(input.id)) {
			sendJson(response, 400, sofaError('Variable "$input" got invalid value; expected { id: ObjectID! }', 'BAD_USER_INPUT', []));
			return;
		}
		const key = this.keys.get(input.id);
		if (!key) {
			sendJson(response, 200, null);
			return;
		}
		if (key.organizationId !== caller.organizationId) {
			this.forbidden('updateApiKey', response);
			return;
		}
		if (typeof input.name === 'string') key.name = input.name;
		if (typeof input.enabled === 'boolean') key.enabled = input.enabled;
		key.updatedAt = new Date().toISOString();
		sendJson(response, 200, this.present(key));
	}

	/** Loopback-only switches for tests that run the sandbox in another process. */
	private handleControl(method: string, path: string, body: unknown, response: ServerResponse): void {
		if (method === 'GET' && path === '/requests') {
			sendJson(response, 200, this.apiRequests());
		} else if (method === 'POST' && path === '/reset') {
			this.reset();
			sendJson(response, 200, { ok: true });
		} else if (method === 'POST' && path === '/faults') {
			this.addFault(body as Fault);
			sendJson(response, 200, { ok: true });
		} else if (method === 'POST' && path === '/settings') {
			const settings = body as { latencyMs?: number; missingKeyAnswer?: MissingKeyAnswer; nom151?: number; rateLimitPerSecond?: number | null; keyIds?: string[] };
			if (typeof settings.latencyMs === 'number') this.latencyMs = settings.latencyMs;
			if (settings.rateLimitPerSecond !== undefined) this.limitRate(settings.rateLimitPerSecond ?? undefined);
			if (settings.keyIds) this.addKeys(settings.keyIds);
			if (settings.missingKeyAnswer) this.missingKeyAnswer = settings.missingKeyAnswer;
			if (typeof settings.nom151 === 'number') this.setQuota(settings.nom151);
			sendJson(response, 200, { ok: true });
		} else {
			sendJson(response, 404, { error: `unknown control call ${method} ${path}` });
		}
	}
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startSandbox(options: SandboxOptions = {}): Promise<PlumaaSandbox> {
	return await new PlumaaSandbox(options).start();
}
