import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PLUMAA_PRODUCTION_URL, PLUMAA_STAGING_URL } from '../../../credentials/PlumaaApi.credentials';
import type { ApiKey, PlumaaCredentials } from '../types';
import type { HttpFailure, NetworkFailure } from './errors';
import { isPlumaaErrorBody, saysNotFound, toNodeApiError, unexpectedAnswerError } from './errors';
import type { RequestOutcome } from './pacing';
import { pacerOf } from './pacing';

const CREDENTIAL_TYPE = 'plumaaApi';

/** Where Plumaa is called from: an action's run, the editor's lists, or the trigger's poll. */
export type PlumaaContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;
export const DEFAULT_TIMEOUT_MS = 30_000;

const runsSharingCredentials = new WeakSet<object>();
const credentialsOfRun = new WeakMap<object, Promise<PlumaaCredentials>>();

/**
 * Lets every item of this run use the credential read for the first one (n8n reads and decrypts it on each
 * read). Only for operations that do not change the credential: Rotate reads it anew each time.
 */
export function shareCredentialsInRun(context: object): void {
	runsSharingCredentials.add(context);
}

async function runCredentials(context: PlumaaContext, itemIndex: number): Promise<PlumaaCredentials> {
	const readOnce = (): Promise<PlumaaCredentials> => (context as IExecuteFunctions).getCredentials<PlumaaCredentials>(CREDENTIAL_TYPE, itemIndex);
	if (!runsSharingCredentials.has(context)) return await readOnce();
	let read = credentialsOfRun.get(context);
	if (!read) {
		read = readOnce();
		credentialsOfRun.set(context, read);
	}
	return await read;
}

/** Without the router (the trigger's polls, the editor's From List): Auto, and 5 minutes for rate limits. */
const DEFAULT_PACING = { concurrency: 'auto' as const, rateLimitBudgetMs: 300_000 };

export interface PlumaaRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/api-key`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex: number;
	timeoutMs?: number;
	/** Secrets besides the credential's own that must never appear in an error (a new key's). */
	alsoRedact?: string[];
	/** What to do when the request got no answer, for calls that are not safe to repeat. */
	whenUnanswered?: string;
	/** Names the call for hints on refusals, e.g. `invite.create` (see ./hints). */
	call?: string;
}

/** What a call answered: the resource, or `found: false` when Plumaa says the target does not exist. */
export type PlumaaResult<T> = { found: true; data: T } | { found: false };

function baseUrlOf(credentials: PlumaaCredentials): string {
	switch (credentials.environment) {
		case 'staging':
			return PLUMAA_STAGING_URL;
		case 'custom':
			return String(credentials.baseUrl ?? '')
				.trim()
				.replace(/\/+$/, '');
		default:
			return PLUMAA_PRODUCTION_URL;
	}
}

function credentialProblem(this: PlumaaContext, message: string, description: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

function checkedBaseUrl(this: PlumaaContext, credentials: PlumaaCredentials, itemIndex: number): string {
	const baseUrl = baseUrlOf(credentials);
	const shown = baseUrl.length > 80 ? `${baseUrl.slice(0, 80)}…` : baseUrl;
	const expected = 'Expected an http(s) URL ending in /rest/v1, for example https://api.plumaa.id/rest/v1.';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) && !/^https?:\/\//i.test(baseUrl)) {
		throw credentialProblem.call(this, `'Base URL' in the Plumaa API credential must start with http:// or https://: "${shown}"`, expected, itemIndex);
	}
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl) || !URL.canParse(baseUrl)) {
		throw credentialProblem.call(this, `'Base URL' in the Plumaa API credential is not a valid URL: "${shown}"`, expected, itemIndex);
	}
	if (/[?#]/.test(baseUrl)) {
		throw credentialProblem.call(
			this,
			"'Base URL' in the Plumaa API credential has a query (?) or a fragment (#)",
			`The node adds paths to it, so it must be the REST base URL alone. ${expected}`,
			itemIndex,
		);
	}
	return baseUrl;
}

/** The credential's API key as the node sends it: trimmed, since pasted keys often end in a line break. */
export function apiKeyOf(credentials: PlumaaCredentials): string {
	return String(credentials.apiKey ?? '').trim();
}

/** The key as it is sent, or a clear error for a key that no request could carry. Never quotes the key. */
function checkedApiKey(this: PlumaaContext, credentials: PlumaaCredentials, itemIndex: number): string {
	const apiKey = apiKeyOf(credentials);
	if (apiKey === '') {
		throw credentialProblem.call(this, 'The Plumaa API credential has no API key', 'Open the credential and paste the secret of a Plumaa API key.', itemIndex);
	}
	if (/^bearer\s/i.test(apiKey)) {
		throw credentialProblem.call(
			this,
			"'API Key' in the Plumaa API credential starts with 'Bearer '",
			"Paste only the key's secret: the node adds 'Bearer ' itself.",
			itemIndex,
		);
	}
	if (/\s/.test(apiKey)) {
		throw credentialProblem.call(
			this,
			"'API Key' in the Plumaa API credential contains a line break or a space",
			'A Plumaa key has none: paste the secret again, on one line. Nothing was sent.',
			itemIndex,
		);
	}
	return apiKey;
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: false };
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

function networkFailureOf(error: unknown, url: string, timeoutMs: number): NetworkFailure {
	// n8n's helper wraps the HTTP client's error in a NodeApiError that keeps the original
	// text in `messages` and replaces `message` with a generic sentence: read all of them.
	const wrapped = error as { code?: unknown; message?: unknown; messages?: unknown; description?: unknown };
	const texts = [wrapped.code, wrapped.message, wrapped.description, ...(Array.isArray(wrapped.messages) ? wrapped.messages : [])]
		.filter((text): text is string => typeof text === 'string')
		.join(' ');
	let code = /\b(E[A-Z]{4,})\b/.exec(texts)?.[1];
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(texts);
	if (!code && /socket hang up|closed unexpectedly/i.test(texts)) code = 'ECONNRESET';
	return { kind: 'network', url, code, timedOut, timeoutMs };
}

/**
 * The one place that talks to Plumaa. Sends the request with the credential's bearer key through
 * n8n's helper, retries only on 429, and turns every other failure into a node error that names
 * what happened and what to do.
 */
export async function plumaaApiRequest<T>(
	this: PlumaaContext,
	request: PlumaaRequest,
): Promise<PlumaaResult<T>> {
	const { itemIndex } = request;
	const credentials = await runCredentials(this, itemIndex);
	const secrets = [checkedApiKey.call(this, credentials, itemIndex), ...(request.alsoRedact ?? [])];
	const url = `${checkedBaseUrl.call(this, credentials, itemIndex)}${request.path}`;
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;

	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
		headers: { Accept: 'application/json' },
		// Read the raw text: Plumaa's errors arrive with any status and gateways answer HTML.
		encoding: 'text',
		json: request.body !== undefined,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};

	// A 429 is the only answer that is safe to repeat: Plumaa did not act on the request.
	const pacer = pacerOf(this, () => DEFAULT_PACING);
	for (let attempt = 1; ; attempt++) {
		const turn = await pacer.acquire(attempt > 1);
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = networkFailureOf(error, url, timeoutMs);
			pacer.release(failure.timedOut ? 'overloaded' : 'other', Date.now() - turn.startedAt);
			throw toNodeApiError(this.getNode(), failure, itemIndex, secrets, request.whenUnanswered);
		}
		const latencyMs = Date.now() - turn.startedAt;

		const status = response.statusCode;
		const bodyText = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		const parsed = parseJson(bodyText);
		const failure: HttpFailure = {
			kind: 'http',
			status,
			url,
			bodyText,
			body: parsed.ok ? parsed.value : undefined,
			retryAfterSeconds: parseRetryAfter(response.headers?.['retry-after']),
			attempts: attempt,
			call: request.call,
		};

		if (status === 429) {
			const waits = pacer.rateLimited(failure.retryAfterSeconds, turn);
			pacer.release('rateLimited', latencyMs);
			if (waits) continue;
			throw toNodeApiError(this.getNode(), { ...failure, rateLimitWaitedSeconds: Math.round(pacer.stats.waitedMs / 1000) }, itemIndex, secrets);
		}
		pacer.release(outcomeOf(status), latencyMs);
		if (status >= 200 && status < 300 && parsed.ok && !isPlumaaErrorBody(parsed.value)) {
			// A mutation whose target does not exist answers 200 with `null`.
			return parsed.value === null ? { found: false } : { found: true, data: parsed.value as T };
		}
		if (parsed.ok && saysNotFound(failure)) return { found: false };
		throw toNodeApiError(this.getNode(), failure, itemIndex, secrets);
	}
}

/** What an answer says about Plumaa's load: gateways answer 502-504 when it is overloaded. */
function outcomeOf(status: number): RequestOutcome {
	if (status === 502 || status === 503 || status === 504) return 'overloaded';
	return status >= 500 ? 'other' : 'ok';
}

function isApiKey(data: unknown): data is ApiKey {
	return typeof data === 'object' && data !== null && typeof (data as ApiKey).id === 'string';
}

/** A call that answers an ApiKey (create, update, delete): the key, or `found: false`. */
export async function apiKeyRequest(
	this: IExecuteFunctions,
	request: PlumaaRequest & { call: string },
): Promise<PlumaaResult<ApiKey>> {
	const result = await plumaaApiRequest.call(this, request);
	if (result.found && !isApiKey(result.data)) throw unexpectedAnswerError(this.getNode(), request.call, request.itemIndex);
	return result as PlumaaResult<ApiKey>;
}
