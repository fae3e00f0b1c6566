/**
 * The one place that talks to Plumaa's API: sends a request with the credential's bearer key through
 * n8n's helper, at the run's pace, sends it again only after a 429, and turns every other failure into
 * a node error that names what happened and what to do.
 */
import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import {
	PLUMAA_PRODUCTION_URL,
	PLUMAA_STAGING_URL,
} from '../../../credentials/PlumaaApi.credentials';
import type { PlumaaCredentials } from '../api.types';
import type { Judgement, RequestOutcome } from '../pacer';
import type { PlumaaContext, PlumaaRun } from '../run';
import { PLUMAA_CREDENTIAL_TYPE } from '../run';
import type { HttpFailure, NetworkFailure } from './errors';
import {
	isPlumaaErrorBody,
	notFoundError,
	saysNotFound,
	toNodeApiError,
	unexpectedAnswerError,
} from './errors';
import { baseUrlProblem, normalizedBaseUrl } from './baseUrl';
import type { ForbiddenHintKey } from './forbiddenHints';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Who calls: the node's context, the run it belongs to, and the item the call is for (0 outside a run of items). */
export interface Caller {
	context: PlumaaContext;
	run: PlumaaRun;
	itemIndex: number;
}

export interface PlumaaRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/api-key`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	timeoutMs?: number;
	/** Secrets besides the credential's own that must never appear in an error (a new key's). */
	alsoRedact?: string[];
	/** What to do when the request got no answer, for calls that are not safe to repeat. */
	whenUnanswered?: string;
	/** Picks the hint shown when Plumaa refuses the call (see ./forbiddenHints). */
	forbiddenHint?: ForbiddenHintKey;
}

/** What a call answered: the resource, or `found: false` when Plumaa says the target does not exist. */
export type PlumaaResult<T> = { found: true; data: T } | { found: false };

/** A call that answers one object: how to recognise it, and what it is called in messages ("a witness"). */
export interface OneRequest<T> extends PlumaaRequest {
	is: (data: unknown) => data is T;
	what: string;
}

/** JSON, or undefined for text that is not. */
export function parseJsonText(text: string): unknown {
	if (text.trim() === '') return undefined;
	return jsonParse<unknown>(text, { fallbackValue: () => undefined });
}

function baseUrlOf(credentials: PlumaaCredentials): string {
	switch (credentials.environment) {
		case 'staging':
			return PLUMAA_STAGING_URL;
		case 'custom':
			return normalizedBaseUrl(credentials.baseUrl);
		default:
			return PLUMAA_PRODUCTION_URL;
	}
}

function credentialProblem(
	caller: Caller,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(caller.context.getNode(), message, {
		itemIndex: caller.itemIndex,
		description,
	});
}

function checkedBaseUrl(caller: Caller, credentials: PlumaaCredentials): string {
	const baseUrl = baseUrlOf(credentials);
	const shown = baseUrl.length > 80 ? `${baseUrl.slice(0, 80)}…` : baseUrl;
	const expected =
		'Expected an http(s) URL ending in /rest/v1, for example https://api.plumaa.id/rest/v1.';
	const problem = baseUrlProblem(baseUrl);
	if (problem === 'notHttp') {
		throw credentialProblem(
			caller,
			`'Base URL' in the Plumaa API credential must start with http:// or https://: "${shown}"`,
			expected,
		);
	}
	if (problem === 'invalid') {
		throw credentialProblem(
			caller,
			`'Base URL' in the Plumaa API credential is not a valid URL: "${shown}"`,
			expected,
		);
	}
	if (problem === 'queryOrFragment') {
		throw credentialProblem(
			caller,
			"'Base URL' in the Plumaa API credential has a query (?) or a fragment (#)",
			`The node adds paths to it, so it must be the REST base URL alone. ${expected}`,
		);
	}
	return baseUrl;
}

/** The credential's API key as the node sends it: trimmed, since pasted keys often end in a line break. */
export function apiKeyOf(credentials: PlumaaCredentials): string {
	return String(credentials.apiKey ?? '').trim();
}

/** The key as it is sent, or a clear error for a key that no request could carry. Never quotes the key. */
function checkedApiKey(caller: Caller, credentials: PlumaaCredentials): string {
	const apiKey = apiKeyOf(credentials);
	if (apiKey === '') {
		throw credentialProblem(
			caller,
			'The Plumaa API credential has no API key',
			'Open the credential and paste the secret of a Plumaa API key.',
		);
	}
	if (/^bearer\s/i.test(apiKey)) {
		throw credentialProblem(
			caller,
			"'API Key' in the Plumaa API credential starts with 'Bearer '",
			"Paste only the key's secret: the node adds 'Bearer ' itself.",
		);
	}
	if (/\s/.test(apiKey)) {
		throw credentialProblem(
			caller,
			"'API Key' in the Plumaa API credential contains a line break or a space",
			'A Plumaa key has none: paste the secret again, on one line. Nothing was sent.',
		);
	}
	return apiKey;
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

function networkFailureOf(error: unknown, url: string, timeoutMs: number): NetworkFailure {
	// n8n's helper wraps the HTTP client's error in a NodeApiError that keeps the original
	// text in `messages` and replaces `message` with a generic sentence: read all of them.
	const wrapped = error as {
		code?: unknown;
		message?: unknown;
		messages?: unknown;
		description?: unknown;
	};
	const texts = [
		wrapped.code,
		wrapped.message,
		wrapped.description,
		...(Array.isArray(wrapped.messages) ? wrapped.messages : []),
	]
		.filter((text): text is string => typeof text === 'string')
		.join(' ');
	let code = /\b(E[A-Z]{4,})\b/.exec(texts)?.[1];
	const timedOut =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(texts);
	if (!code && /socket hang up|closed unexpectedly/i.test(texts)) code = 'ECONNRESET';
	return { kind: 'network', url, code, timedOut, timeoutMs };
}

/** What an answer says about Plumaa's load: gateways answer 502-504 when it is overloaded. */
function outcomeOf(status: number): Exclude<RequestOutcome, 'rateLimited'> {
	if (status === 502 || status === 503 || status === 504) return 'overloaded';
	return status >= 500 ? 'other' : 'ok';
}

/** Sends one request to Plumaa: the answer, or `found: false` when Plumaa says its target does not exist. */
export async function plumaaRequest<T>(
	caller: Caller,
	request: PlumaaRequest,
): Promise<PlumaaResult<T>> {
	const { context, run, itemIndex } = caller;
	const credentials = await run.credentials(context, itemIndex);
	const secrets = [checkedApiKey(caller, credentials), ...(request.alsoRedact ?? [])];
	const url = `${checkedBaseUrl(caller, credentials)}${request.path}`;
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

	const retryAfterOf = (response: IN8nHttpFullResponse): number | undefined =>
		parseRetryAfter(response.headers?.['retry-after'], run.time.now());
	const judge = (response: IN8nHttpFullResponse): Judgement =>
		response.statusCode === 429
			? { outcome: 'rateLimited', retryAfterSeconds: retryAfterOf(response) }
			: { outcome: outcomeOf(response.statusCode) };
	// A 429 is the only answer that is safe to send again: Plumaa did not act on the request.
	const sent = await run.pacer.send(
		async () =>
			(await context.helpers.httpRequestWithAuthentication.call(
				context,
				PLUMAA_CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse,
		judge,
		(reason) => (networkFailureOf(reason, url, timeoutMs).timedOut ? 'overloaded' : 'other'),
	);
	if ('unanswered' in sent) {
		throw toNodeApiError(
			context.getNode(),
			networkFailureOf(sent.unanswered, url, timeoutMs),
			itemIndex,
			secrets,
			request.whenUnanswered,
		);
	}

	const { answer: response, attempts } = sent;
	const status = response.statusCode;
	const bodyText =
		typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
	const body = parseJsonText(bodyText);
	const failure: HttpFailure = {
		kind: 'http',
		status,
		url,
		bodyText,
		body,
		retryAfterSeconds: retryAfterOf(response),
		attempts,
		forbiddenHint: request.forbiddenHint,
	};
	if (sent.rateLimitGaveUp) {
		throw toNodeApiError(
			context.getNode(),
			{ ...failure, rateLimitWaitedSeconds: Math.round(run.pacer.stats.waitedMs / 1000) },
			itemIndex,
			secrets,
		);
	}
	if (status >= 200 && status < 300 && body !== undefined && !isPlumaaErrorBody(body)) {
		// A mutation whose target does not exist answers 200 with `null`.
		return body === null ? { found: false } : { found: true, data: body as T };
	}
	if (body !== undefined && saysNotFound(failure)) return { found: false };
	throw toNodeApiError(context.getNode(), failure, itemIndex, secrets);
}

/** One object, or undefined when Plumaa says it does not exist; an answer of another shape is an error. */
export async function findOne<T>(caller: Caller, request: OneRequest<T>): Promise<T | undefined> {
	const { is, what, ...call } = request;
	const result = await plumaaRequest<unknown>(caller, call);
	if (!result.found) return undefined;
	if (!is(result.data))
		throw unexpectedAnswerError(
			caller.context.getNode(),
			`${request.method} ${request.path}`,
			caller.itemIndex,
			what,
		);
	return result.data;
}

/**
 * One object. When Plumaa says it does not exist: the error `notFound` words (what, and what to do), or
 * without it "Plumaa answered without <what>" (a create that answered nothing).
 */
export async function requestOne<T>(
	caller: Caller,
	request: OneRequest<T> & { notFound?: { message: string; description: string } },
): Promise<T> {
	const { notFound, ...call } = request;
	const found = await findOne(caller, call);
	if (found !== undefined) return found;
	const node = caller.context.getNode();
	throw notFound
		? notFoundError(node, notFound.message, caller.itemIndex, notFound.description)
		: unexpectedAnswerError(
				node,
				`${request.method} ${request.path}`,
				caller.itemIndex,
				request.what,
			);
}
