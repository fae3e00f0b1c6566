/**
 * The Plumaa sandbox: a small real HTTP server that answers the way Plumaa's REST API does
 * (a GraphQL schema exposed as REST by SOFA), with fault switches for tests and benchmarks.
 * One sandbox serves the jest suite, the end-to-end suite, benchmarks and `npm start`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ApiKey, Organization } from '../../nodes/shared/api.types';
import type { Answer } from './esignature';
import {
	ESignatureStore,
	idMatches,
	newObjectId,
	parseArgs,
	pageOf,
	sofaError,
	STORAGE_PREFIX,
} from './esignature';
import { LoopbackServer } from './loopback';
import type { Fault } from './faults';
import { FaultList } from './faults';
import { PlumaaContract } from './openapi';
import type { ReadingSwitch } from './readings';
import { isReading, READINGS, setReading } from './readings';
import { SEED, seededOrganizations } from './seed';
import type { RateLimiter, RateLimitShape } from './rateLimits';
import { rateLimiter } from './rateLimits';

export const API_PREFIX = '/rest/v1';
export const CONTROL_PREFIX = '/__sandbox';
export type { Fault, FaultTarget } from './faults';
export { SEED } from './seed';

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
	/** The JSON it was answered with (JSON answers only). */
	answer?: unknown;
	/** Request headers the storage checks. */
	contentMd5?: string;
	contentLength?: string;
	/** Answered by a fault switch, not by the API's logic (so not held to the contract). */
	fault?: boolean;
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

const CREATED_AT = '2026-01-15T17:30:00.000Z';

let sharedContract: PlumaaContract | undefined;

/** Plumaa's OpenAPI contract, read once per process. */
export function plumaaContract(): PlumaaContract {
	sharedContract ??= new PlumaaContract();
	return sharedContract;
}

export class PlumaaSandbox {
	readonly requests: RecordedRequest[] = [];
	/** Every secret handed out since the start (a reset forgets none): what a leak check looks for. */
	readonly issuedSecrets = new Set<string>();
	latencyMs: number;
	/** More latency per API call being answered at the same time: an API that slows down under load. */
	latencyPerInFlightMs = 0;
	missingKeyAnswer: MissingKeyAnswer;
	/** The storage drops the connection of the next upload once this many bytes arrived (then forgets it). */
	cutUploadAfterBytes: number | undefined;
	private readonly faults = new FaultList(API_PREFIX);
	/** A rate limit as Plumaa's gateway may apply (see ./rateLimits), then 429 with Retry-After. */
	private rateLimit: RateLimiter | undefined;
	private inFlight = 0;
	private maxInFlightSeen = 0;
	private organizations = new Map<string, Organization>();
	private keys = new Map<string, StoredKey>();
	/** Witnesses, signature requests, subjects, invites and the upload storage. */
	readonly esign = new ESignatureStore(
		(id) => this.organizations.get(id),
		() => this.origin,
	);
	private readonly http = new LoopbackServer(
		(request, response) => void this.handle(request, response),
	);
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
		this.releaseHeld();
		this.faults.clear();
		this.requests.length = 0;
		this.maxInFlightSeen = 0;
		this.latencyMs = this.options.latencyMs ?? 0;
		this.latencyPerInFlightMs = 0;
		this.rateLimit = undefined;
		this.cutUploadAfterBytes = undefined;
		this.missingKeyAnswer = this.options.missingKeyAnswer ?? 'null';
		this.organizations.clear();
		this.keys.clear();
		for (const organization of seededOrganizations())
			this.organizations.set(organization.id, organization);
		this.storeKey({ ...SEED.adminKey }, SEED.organization.id);
		SEED.rotationKeyIds.forEach((id, index) =>
			this.storeKey({ id, name: `rotation key ${index + 1}` }, SEED.organization.id),
		);
		this.storeKey(
			{ id: SEED.otherOrganizationKeyId, name: 'other organization key' },
			SEED.otherOrganization.id,
		);
		this.storeKey(
			{ id: SEED.noApiOrganizationKeyId, name: 'no API plan key' },
			SEED.noApiOrganization.id,
		);
		this.esign.reset(SEED.organization.id);
	}

	/** Adds a key to the seeded organization (or another) and returns its id and secret. */
	createKey(
		name = 'test key',
		organizationId: string = SEED.organization.id,
	): { id: string; secret: string } {
		const stored = this.storeKey({ name }, organizationId);
		return { id: stored.id, secret: stored.secret };
	}

	/** The secret of a stored key, e.g. a seeded one. */
	secretOf(id: string): string | undefined {
		return this.keys.get(id)?.secret;
	}

	hasKey(id: string): boolean {
		return this.keys.has(id);
	}

	/** Whether Plumaa would accept calls made with this key: it exists and is enabled. */
	isEnabled(id: string): boolean {
		return this.keys.get(id)?.enabled === true;
	}

	/** The name of a stored key. */
	keyName(id: string): string | undefined {
		return this.keys.get(id)?.name;
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

	/** Answers 429 with Retry-After beyond `perSecond` API calls per second, in either shape; undefined lifts the limit. */
	limitRate(perSecond: number | undefined, shape: RateLimitShape = 'tokenBucket'): void {
		this.rateLimit =
			perSecond === undefined ? undefined : rateLimiter(perSecond, shape, Date.now());
	}

	/** Keys with these ids (and made-up secrets) in the seeded organization, e.g. for a benchmark's fixed list. */
	addKeys(ids: string[]): void {
		for (const id of ids) this.storeKey({ id, name: `key ${id}` }, SEED.organization.id);
	}

	addFault(fault: Fault): void {
		this.faults.add(fault);
	}

	/**
	 * Every success answer the API logic gave since the last reset that does not match its operation's
	 * response schema in Plumaa's OpenAPI file (`null` for a missing target is SOFA's, outside the file).
	 */
	answersOffContract(): string[] {
		const contract = plumaaContract();
		return this.apiRequests()
			.filter(
				(request) =>
					request.status === 200 &&
					!request.fault &&
					request.answer !== undefined &&
					request.answer !== null,
			)
			.map((request) => {
				const problem = contract.checkAnswer(
					request.method,
					request.path.slice(API_PREFIX.length),
					request.answer,
				);
				return problem ? `${request.method} ${request.path}: ${problem}` : '';
			})
			.filter((problem) => problem !== '');
	}

	/** Only the calls to the Plumaa API, not to the control endpoints. */
	apiRequests(): RecordedRequest[] {
		return this.requests.filter((request) => request.path.startsWith(API_PREFIX));
	}

	private storeKey(
		key: { id?: string; name: string; secret?: string },
		organizationId: string,
	): StoredKey {
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

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (
			request.method === 'PUT' &&
			url.pathname.startsWith(`${STORAGE_PREFIX}/`) &&
			this.cutUploadAfterBytes !== undefined
		) {
			await this.cutUpload(request, url, this.cutUploadAfterBytes);
			return;
		}
		const bytes = await readBody(request);
		const bodyText = bytes.toString('utf8');
		let body: unknown;
		try {
			body = bodyText ? JSON.parse(bodyText) : undefined;
		} catch {
			body = bodyText;
		}
		const isControl = url.pathname.startsWith(CONTROL_PREFIX);
		const isStorage = url.pathname.startsWith(`${STORAGE_PREFIX}/`);
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
		answers.set(response, recorded);
		response.once('finish', () => {
			recorded.status = response.statusCode;
			recorded.answeredAt = Date.now();
		});

		if (isStorage) {
			this.inFlight--;
			const key = decodeURIComponent(url.pathname.slice(STORAGE_PREFIX.length + 1));
			const contentMd5 = request.headers['content-md5'];
			recorded.contentMd5 = typeof contentMd5 === 'string' ? contentMd5 : undefined;
			recorded.contentLength = request.headers['content-length'];
			recorded.body = `(${bytes.length} bytes)`;
			const answer =
				request.method === 'PUT'
					? this.esign.storeUpload(
							key,
							url.searchParams.get('X-Amz-Signature'),
							recorded.contentMd5,
							request.headers.authorization,
							recorded.contentLength,
							bytes,
						)
					: this.esign.download(key);
			sendAnswer(response, answer);
			return;
		}

		if (isControl) {
			this.handleControl(
				request.method ?? 'GET',
				url.pathname.slice(CONTROL_PREFIX.length),
				body,
				response,
			);
			return;
		}

		this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
		try {
			const latencyMs = this.latencyMs + this.latencyPerInFlightMs * this.inFlight;
			if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
			const isApi = url.pathname.startsWith(API_PREFIX);
			const overLimit = isApi ? this.rateLimit?.take(Date.now()) : undefined;
			if (overLimit !== undefined) {
				recorded.fault = true;
				sendAnswer(response, {
					...sofaError('Too many requests', 'RATE_LIMITED', [], 429),
					headers: { 'Retry-After': String(overLimit) },
				});
				return;
			}
			const fault = isApi
				? this.faults.take(request.method ?? 'GET', url.pathname, url.searchParams.get('id'))
				: undefined;
			if (fault?.kind === 'hold') {
				this.hold(fault.stage, response, () =>
					this.route(request.method ?? 'GET', url, request.headers.authorization, body, response),
				);
				return;
			}
			if (fault) {
				recorded.fault = true;
				this.answerFault(fault, request, response);
				return;
			}
			this.route(request.method ?? 'GET', url, request.headers.authorization, body, response);
		} finally {
			this.inFlight--;
		}
	}

	/** Reads an upload until `afterBytes` arrived, then drops the connection unanswered (a storage that fails midway). */
	private async cutUpload(request: IncomingMessage, url: URL, afterBytes: number): Promise<void> {
		this.cutUploadAfterBytes = undefined;
		const { socket } = request;
		let received = 0;
		for await (const chunk of request) {
			received += (chunk as Buffer).length;
			if (received >= afterBytes) break;
		}
		this.requests.push({
			method: 'PUT',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: request.headers.authorization,
			body: `(cut after ${received} bytes)`,
			at: Date.now(),
			inFlight: this.inFlight,
			fault: true,
		});
		socket.destroy();
	}

	/** Calls held by a `hold` fault, unanswered, in the order they came. */
	private readonly heldResponses: ServerResponse[] = [];

	/** How many calls a `hold` fault has held so far (since the last reset). */
	get heldCalls(): number {
		return this.heldResponses.length;
	}

	private hold(stage: 'before' | 'after', response: ServerResponse, handle: () => void): void {
		if (stage === 'after') {
			// Handled as usual, but what it answers goes nowhere.
			const muted = response as unknown as Record<string, unknown>;
			for (const method of ['writeHead', 'setHeader', 'write', 'end'])
				muted[method] = () => response;
			handle();
		}
		this.heldResponses.push(response);
	}

	/** Ends every held call without an answer (its caller is gone, or will see the connection drop). */
	releaseHeld(): void {
		for (const response of this.heldResponses.splice(0)) response.socket?.destroy();
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
			case 'hold':
				// Never answers; stop() destroys the socket.
				return;
			case 'rateLimit': {
				const headers: Record<string, string> =
					fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
				sendJson(response, 429, sofaError('Too many requests', 'RATE_LIMITED', []), headers);
				return;
			}
		}
	}

	/** The caller's key, when it exists, is enabled, and its organization's plan includes the API. */
	private caller(authorization: string | undefined): StoredKey | undefined {
		const match = /^Bearer (.+)$/.exec(authorization ?? '');
		if (!match) return undefined;
		for (const key of this.keys.values()) if (key.secret === match[1] && key.enabled) return key;
		return undefined;
	}

	private route(
		method: string,
		url: URL,
		authorization: string | undefined,
		body: unknown,
		response: ServerResponse,
	): void {
		const path = url.pathname.startsWith(API_PREFIX)
			? url.pathname.slice(API_PREFIX.length)
			: undefined;
		const matched = path === undefined ? undefined : plumaaContract().match(method, path);
		const served = matched ? SERVED.has(`${matched.method} ${matched.template}`) : false;
		if (!matched || !served) {
			response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(
				`<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${method} ${url.pathname}</pre></body></html>`,
			);
			return;
		}

		// Variables are checked against the operation before the resolver runs: a 400 even without a key.
		const query = Object.fromEntries(url.searchParams);
		const reading = this.quickstartContent(`${matched.method} ${matched.template}`, body);
		if ('problem' in reading) {
			sendAnswer(response, sofaError(reading.problem, 'BAD_USER_INPUT', [], 400));
			return;
		}
		body = reading.body;
		const problem = plumaaContract().checkRequest(matched, query, body);
		if (problem) {
			sendAnswer(response, sofaError(problem.message, 'BAD_USER_INPUT', [], 400));
			return;
		}

		const caller = this.caller(authorization);
		if (!caller) {
			// SOFA answers 500 when the GraphQL error carries no HTTP status.
			sendAnswer(
				response,
				sofaError('You must be authenticated to perform this action.', 'UNAUTHENTICATED', [
					matched.template,
				]),
			);
			return;
		}
		if (this.organizations.get(caller.organizationId)?.quota?.API === false) {
			sendAnswer(
				response,
				sofaError('The API is not enabled for this organization', 'FORBIDDEN', [matched.template]),
			);
			return;
		}
		sendAnswer(
			response,
			this.resolve(
				`${matched.method} ${matched.template}`,
				matched.pathParams,
				parseArgs(query),
				body as Record<string, unknown>,
				caller,
			),
		);
	}

	/**
	 * The quickstart reading of a new request's content (`esign.contentShape`): the flat `{ pdf }` is
	 * what the input type takes, so the OpenAPI file's `{ PDFContent: { pdf } }` is refused as GraphQL
	 * refuses an unknown field; a flat one is read as the OpenAPI member it names (a copy of the body),
	 * so the rest of the contract still applies.
	 */
	private quickstartContent(
		operation: string,
		body: unknown,
	): { problem: string } | { body: unknown } {
		if (this.esign.contentShape !== 'quickstart' || operation !== 'POST /signature-request')
			return { body };
		const input = (body as { input?: Record<string, unknown> } | undefined)?.input;
		const content = input?.content;
		if (typeof content !== 'object' || content === null) return { body };
		const members = { pdf: 'PDFContent', raw: 'RawContent', json: 'JSONContent' } as const;
		const [field] = Object.keys(content);
		if (!(field in members))
			return {
				problem: `Variable "$input" got invalid value ${JSON.stringify(content)} at "input.content"; Field "${field}" is not defined by type "ContentInput".`,
			};
		const member = members[field as keyof typeof members];
		const value = (content as Record<string, unknown>)[field];
		return {
			body: { ...(body as object), input: { ...input, content: { [member]: { [field]: value } } } },
		};
	}

	/** The resolver of each operation the sandbox serves. */
	private resolve(
		operation: string,
		pathParams: Record<string, string>,
		args: Record<string, unknown>,
		body: Record<string, unknown>,
		caller: StoredKey,
	): Answer {
		const org = caller.organizationId;
		// The contract check has run: the input has the shape the resolver takes.
		const input = <T>(): T => body?.input as T;
		switch (operation) {
			case 'DELETE /api-key':
				return this.deleteKey(String(args.id), caller);
			case 'POST /api-key':
				return this.createKeyCall(input(), caller);
			case 'PUT /api-key':
				return this.updateKeyCall(input(), caller);
			case 'GET /organization-links':
				return { status: 200, body: this.organizationLinks(args, org) };
			case 'POST /witness':
				return this.esign.createWitness(input(), org);
			case 'GET /witness':
				return this.esign.witnessByHash(String(args.hash));
			case 'GET /witnesses':
				return this.esign.listWitnesses(args);
			case 'POST /nom151-certification':
				return this.esign.certify(String(body.witnessId), 'single', org);
			case 'POST /schedule-grouped-nom151-certification':
				return this.esign.certify(String(body.witnessId), 'grouped', org);
			case 'GET /sign-file-url':
				return this.esign.signFileUrl(String(args.filePath), String(args.md5Checksum), org);
			case 'POST /signature-request':
				return this.esign.createRequest(input(), org);
			case 'PUT /signature-request':
				return this.esign.updateRequest(input(), org);
			case 'GET /signature-request/{id}':
				return this.esign.getRequest(pathParams.id, org);
			case 'GET /signature-requests':
				return this.esign.listRequests(args, org);
			case 'GET /subjects':
				return this.esign.listSubjects(args, org);
			case 'GET /certificate/{id}':
				return this.esign.getCertificate(pathParams.id, org);
			case 'GET /signature-request-timeseries':
				return this.esign.timeseries(args, org);
			case 'POST /signature-request-invite':
				return this.esign.createInvite(input(), org);
			case 'GET /signature-request-invite/{id}':
				return this.esign.getInvite(pathParams.id, org);
			case 'GET /signature-request-invites':
				return this.esign.listInvites(args, org);
			default:
				return sofaError(`${operation} is not served by the sandbox`, 'INTERNAL_SERVER_ERROR', []);
		}
	}

	private organizationLinks(args: Record<string, unknown>, organizationId: string): unknown {
		const organization = this.organizations.get(organizationId) as Organization;
		const links = this.esign
			.linkedSubjects(organizationId)
			.filter((subject) => idMatches(subject.id, args.subject as never))
			.map((subject) => ({
				id: subject.id.slice(0, 20) + organizationId.slice(20),
				subject,
				organization: JSON.parse(JSON.stringify(organization)) as Organization,
				createdAt: subject.createdAt,
				updatedAt: subject.updatedAt,
			}));
		return pageOf(links, args, this.esign.maxPageSize);
	}

	private forbidden(field: string): Answer {
		return sofaError(
			'Not authorized: the API key can only manage its own organization.',
			'FORBIDDEN',
			[field],
		);
	}

	// ObjectIDs are hexadecimal: Plumaa finds them in any case.
	private deleteKey(id: string, caller: StoredKey): Answer {
		const key = this.keys.get(id.toLowerCase());
		if (!key) {
			return this.missingKeyAnswer === 'null'
				? { status: 200, body: null }
				: sofaError(`ApiKey ${id} not found`, 'NOT_FOUND', ['deleteApiKey']);
		}
		if (key.organizationId !== caller.organizationId) return this.forbidden('deleteApiKey');
		this.keys.delete(key.id);
		return { status: 200, body: this.present(key) };
	}

	private createKeyCall(input: { name: string; organization: string }, caller: StoredKey): Answer {
		if (input.organization.toLowerCase() !== caller.organizationId)
			return this.forbidden('createApiKey');
		return {
			status: 200,
			body: this.present(this.storeKey({ name: input.name }, caller.organizationId)),
		};
	}

	private updateKeyCall(
		input: { id: string; name?: string; enabled?: boolean },
		caller: StoredKey,
	): Answer {
		const key = this.keys.get(input.id.toLowerCase());
		if (!key) return { status: 200, body: null };
		if (key.organizationId !== caller.organizationId) return this.forbidden('updateApiKey');
		if (input.name !== undefined) key.name = input.name;
		if (input.enabled !== undefined) key.enabled = input.enabled;
		key.updatedAt = new Date().toISOString();
		return { status: 200, body: this.present(key) };
	}

	/** Loopback-only switches for tests that run the sandbox in another process. */
	private handleControl(
		method: string,
		path: string,
		body: unknown,
		response: ServerResponse,
	): void {
		if (method === 'GET' && path === '/requests') {
			sendJson(response, 200, this.apiRequests());
		} else if (method === 'POST' && path === '/reset') {
			this.reset();
			sendJson(response, 200, { ok: true });
		} else if (method === 'POST' && path === '/faults') {
			this.addFault(body as Fault);
			sendJson(response, 200, { ok: true });
		} else if (method === 'POST' && path === '/finalize') {
			const finalized = this.esign.finalize(String((body as { id?: string }).id));
			sendJson(
				response,
				finalized ? 200 : 404,
				finalized ?? { error: 'no such signature request' },
			);
		} else if (method === 'POST' && (path === '/sign' || path === '/reject')) {
			const invite = this.esign.answerInvite(
				String((body as { id?: string }).id),
				path === '/sign' ? 'SIGNED' : 'REJECTED',
			);
			sendJson(response, invite ? 200 : 404, invite ?? { error: 'no such invite' });
		} else if (method === 'POST' && path === '/issue-certificates') {
			this.esign.issuePendingCertificates();
			sendJson(response, 200, { ok: true });
		} else if (method === 'GET' && path === '/state') {
			sendJson(response, 200, {
				quota: this.organizations.get(SEED.organization.id)?.quota,
				files: [...this.esign.files.keys()],
				witnesses: this.esign.witnesses.size,
				requests: [...this.esign.requests.keys()],
			});
		} else if (method === 'POST' && path === '/settings') {
			const settings = body as {
				latencyMs?: number;
				nom151?: number;
				groupedNOM151?: number;
				rateLimitPerSecond?: number | null;
				rateLimitShape?: RateLimitShape;
				keyIds?: string[];
				certificationDelayMs?: number;
				maxPageSize?: number | null;
			} & Partial<Record<ReadingSwitch, unknown>>;
			// Each reading switch (./readings), by name.
			for (const name of Object.keys(READINGS) as ReadingSwitch[])
				if (isReading(name, settings[name])) setReading(this, name, settings[name]);
			if (typeof settings.certificationDelayMs === 'number')
				this.esign.certificationDelayMs = settings.certificationDelayMs;
			if (typeof settings.latencyMs === 'number') this.latencyMs = settings.latencyMs;
			if (settings.maxPageSize !== undefined)
				this.esign.maxPageSize = settings.maxPageSize ?? undefined;
			if (settings.rateLimitPerSecond !== undefined)
				this.limitRate(settings.rateLimitPerSecond ?? undefined, settings.rateLimitShape);
			if (settings.keyIds) this.addKeys(settings.keyIds);
			if (typeof settings.nom151 === 'number' || typeof settings.groupedNOM151 === 'number') {
				const quota = this.organizations.get(SEED.organization.id)?.quota;
				this.setQuota(settings.nom151 ?? quota?.nom151 ?? 0, settings.groupedNOM151);
			}
			sendJson(response, 200, { ok: true });
		} else {
			sendJson(response, 404, { error: `unknown control call ${method} ${path}` });
		}
	}
}

/** Which request each response answers: the log keeps the JSON it was answered with. */
const answers = new WeakMap<ServerResponse, RecordedRequest>();

/** The operations the sandbox serves; others answer 404 as routes Plumaa does not have would. */
export const SERVED = new Set([
	'DELETE /api-key',
	'POST /api-key',
	'PUT /api-key',
	'GET /organization-links',
	'POST /witness',
	'GET /witness',
	'GET /witnesses',
	'POST /nom151-certification',
	'POST /schedule-grouped-nom151-certification',
	'GET /sign-file-url',
	'POST /signature-request',
	'PUT /signature-request',
	'GET /signature-request/{id}',
	'GET /signature-requests',
	'GET /subjects',
	'GET /certificate/{id}',
	'GET /signature-request-timeseries',
	'POST /signature-request-invite',
	'GET /signature-request-invite/{id}',
	'GET /signature-request-invites',
]);

function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const recorded = answers.get(response);
	if (recorded) recorded.answer = body;
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify(body));
}

function sendAnswer(response: ServerResponse, answer: Answer): void {
	if (typeof answer.body === 'string' || Buffer.isBuffer(answer.body)) {
		response.writeHead(answer.status, answer.headers ?? {});
		response.end(answer.body);
		return;
	}
	sendJson(response, answer.status, answer.body, answer.headers);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<PlumaaSandbox> {
	return await new PlumaaSandbox(options).start();
}
