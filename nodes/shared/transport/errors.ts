import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { PlumaaErrorBody, PlumaaGraphQlError } from '../api.types';
import type { ForbiddenHintKey } from './forbiddenHints';
import { forbiddenHints } from './forbiddenHints';

/** An HTTP answer that is not a success, as the transport saw it. */
export interface HttpFailure {
	kind: 'http';
	status: number;
	url: string;
	bodyText: string;
	/** The parsed body when it was JSON. */
	body?: unknown;
	retryAfterSeconds?: number;
	attempts: number;
	/** For a 429 that failed the item: how long the run had waited for rate limits. */
	rateLimitWaitedSeconds?: number;
	/** Picks the hint for a refusal, kept as data in ./forbiddenHints. */
	forbiddenHint?: ForbiddenHintKey;
}

/** A request that got no HTTP answer at all. */
export interface NetworkFailure {
	kind: 'network';
	url: string;
	/** Node's error code, e.g. ECONNREFUSED, ECONNRESET, ECONNABORTED. */
	code?: string;
	timedOut: boolean;
	timeoutMs: number;
}

export type PlumaaFailure = HttpFailure | NetworkFailure;

const MAX_QUOTED_LENGTH = 500;

/** Plumaa's words for a certificate it cannot issue because the quota is used up. */
const QUOTA_EXHAUSTED = /quota|not enough (nom-?151|certificates|credits)|sin (saldo|cr[eé]ditos)/i;

const QUOTA_HINT =
	'Each certificate uses one of the organization’s NOM-151 certificates (single and grouped are counted apart; every Witness output shows what is left in organization.quota). Buy more in Plumaa, or switch the Certification option to the kind that has some left.';

export function isPlumaaErrorBody(body: unknown): body is PlumaaErrorBody {
	return (
		typeof body === 'object' &&
		body !== null &&
		Array.isArray((body as PlumaaErrorBody).errors) &&
		(body as PlumaaErrorBody).errors.length > 0
	);
}

function plumaaErrors(failure: HttpFailure): PlumaaGraphQlError[] {
	return isPlumaaErrorBody(failure.body) ? failure.body.errors : [];
}

function errorCodes(failure: HttpFailure): string[] {
	return plumaaErrors(failure)
		.map((error) => error.extensions?.code)
		.filter((code): code is string => typeof code === 'string')
		.map((code) => code.toUpperCase());
}

/** Whether Plumaa's answer says that the thing asked for does not exist. */
export function saysNotFound(failure: HttpFailure): boolean {
	const codes = errorCodes(failure);
	if (codes.includes('NOT_FOUND')) return true;
	// A coded error (UNAUTHENTICATED, FORBIDDEN...) is that, whatever its message says.
	if (codes.length > 0) return false;
	return plumaaErrors(failure).some((error) =>
		/not (be )?found|does not exist|doesn't exist|no existe/i.test(String(error.message)),
	);
}

/**
 * Removes the API key (and any bearer token) from text that came from the server or the network,
 * so that no message, description or log line can carry it.
 */
export function redact(text: string, secrets: string[]): string {
	let cleaned = text.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer [redacted]');
	for (const secret of secrets)
		if (secret.length > 0) cleaned = cleaned.split(secret).join('[redacted]');
	return cleaned;
}

function quote(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_QUOTED_LENGTH ? `${flat.slice(0, MAX_QUOTED_LENGTH)}…` : flat;
}

function plumaaSaid(failure: HttpFailure): string {
	const messages = plumaaErrors(failure)
		.map((error) => String(error.message ?? '').trim())
		.filter((message) => message.length > 0);
	return messages.length > 0 ? `Plumaa said: ${quote(messages.join(' | '))}` : '';
}

function describeNonJson(failure: HttpFailure): { what: string; detail: string } {
	const text = failure.bodyText.trim();
	if (text.length === 0) return { what: 'an empty body', detail: '' };
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
	if (/<html|<!doctype html/i.test(text)) {
		return {
			what: 'an HTML page',
			detail: title ? `The page says "${quote(title)}".` : '',
		};
	}
	return {
		what: 'a body that is not JSON',
		detail: `It starts with "${quote(text.slice(0, 120))}".`,
	};
}

function sentence(...parts: string[]): string {
	return parts.filter((part) => part.length > 0).join(' ');
}

interface ErrorText {
	message: string;
	description: string;
}

function explainHttpFailure(failure: HttpFailure): ErrorText {
	const { status } = failure;
	const codes = errorCodes(failure);
	const said = plumaaSaid(failure);
	const isPlumaaBody = isPlumaaErrorBody(failure.body);

	if (failure.body === undefined && status >= 400) {
		const { what, detail } = describeNonJson(failure);
		const gateway = status >= 500 ? 'Plumaa, or a gateway in front of it, ' : 'The server ';
		return {
			message: `Plumaa answered HTTP ${status} with ${what} instead of JSON`,
			description: sentence(
				`${gateway}could not handle the request.`,
				detail,
				status >= 500
					? 'Plumaa may be down or restarting: try again in a few minutes.'
					: "Check 'Environment' and 'Base URL' in the Plumaa API credential: the base URL must end in /rest/v1.",
			),
		};
	}
	if (status >= 200 && status < 300 && !isPlumaaBody) {
		const { what, detail } = describeNonJson(failure);
		return {
			message: `Plumaa answered with ${what} instead of JSON`,
			description: sentence(
				detail,
				"Check 'Environment' and 'Base URL' in the Plumaa API credential: the base URL must end in /rest/v1.",
			),
		};
	}
	if (codes.includes('UNAUTHENTICATED') || status === 401) {
		return {
			message: 'Plumaa rejected the API key (authentication failed)',
			description: sentence(
				said,
				"Check 'API Key' in the Plumaa API credential: it may be mistyped, disabled or revoked, or belong to the other environment (production or staging).",
			),
		};
	}
	if (plumaaErrors(failure).some((error) => QUOTA_EXHAUSTED.test(String(error.message ?? '')))) {
		return {
			message: 'Plumaa refused: the organization has no NOM-151 certificates left',
			description: sentence(said, QUOTA_HINT),
		};
	}
	if (codes.includes('FORBIDDEN') || status === 403) {
		return {
			message: 'Plumaa refused: the API key is not allowed to do this',
			description: sentence(said, forbiddenHints[failure.forbiddenHint ?? 'default']),
		};
	}
	if (status === 429) {
		const wait =
			failure.retryAfterSeconds !== undefined
				? `Plumaa asks to retry after ${failure.retryAfterSeconds} seconds.`
				: '';
		return {
			message: 'Plumaa is rate-limiting requests (HTTP 429)',
			description: sentence(
				`Sent ${failure.attempts} ${failure.attempts === 1 ? 'time' : 'times'}; the run waited ${failure.rateLimitWaitedSeconds ?? 0} s for the rate limit in all, and waiting again would go past 'Max Rate Limit Wait'.`,
				wait,
				said,
				"Raise 'Max Rate Limit Wait' (under Options), or space out the runs.",
			),
		};
	}
	if (
		codes.includes('BAD_USER_INPUT') ||
		codes.includes('GRAPHQL_VALIDATION_FAILED') ||
		status === 400
	) {
		return {
			message: 'Plumaa rejected the request as invalid',
			description: sentence(said, 'Check the values given to the node.'),
		};
	}
	if (status === 404 && !isPlumaaBody) {
		return {
			message: `Plumaa endpoint not found (HTTP 404): ${failure.url}`,
			description:
				"Check 'Environment' and 'Base URL' in the Plumaa API credential: the base URL must end in /rest/v1.",
		};
	}
	if (status >= 500) {
		return {
			message: `Plumaa failed to process the request (HTTP ${status})`,
			description: sentence(said, 'This is on Plumaa’s side: try again later.'),
		};
	}
	return {
		message: `Plumaa refused the request (HTTP ${status})`,
		description: sentence(said),
	};
}

function explainNetworkFailure(
	failure: NetworkFailure,
	whenUnanswered: string | undefined,
): ErrorText {
	const host = new URL(failure.url).host;
	const code = failure.code ? ` (${failure.code})` : '';
	if (failure.timedOut) {
		return {
			message: `Plumaa did not answer within ${failure.timeoutMs / 1000} s`,
			description: `No answer from ${host}${code}. ${whenUnanswered ?? "The request may or may not have taken effect. Try again, or raise 'Timeout' (under Options)."}`,
		};
	}
	if (failure.code === 'ECONNRESET' || failure.code === 'EPIPE' || failure.code === undefined) {
		return {
			message: 'The connection to Plumaa closed before it answered',
			description: `${host} dropped the connection${code}. ${whenUnanswered ?? 'The request may or may not have taken effect. Try again in a moment.'}`,
		};
	}
	return {
		message: `Could not connect to Plumaa at ${host}`,
		description: `The connection failed${code}. Check 'Environment' and 'Base URL' in the Plumaa API credential and the network between n8n and Plumaa.`,
	};
}

/**
 * Turns a failed call into the node error users see. The error is built from our own plain
 * object, never from the HTTP client's error, whose request config holds the Authorization header.
 * `whenUnanswered` replaces the generic advice when a request got no answer (it may have acted).
 */
export function toNodeApiError(
	node: INode,
	failure: PlumaaFailure,
	itemIndex: number,
	secrets: string[],
	whenUnanswered?: string,
): NodeApiError {
	const text =
		failure.kind === 'http'
			? explainHttpFailure(failure)
			: explainNetworkFailure(failure, whenUnanswered);
	const message = redact(text.message, secrets);
	const description = redact(text.description, secrets);
	const httpCode = failure.kind === 'http' ? String(failure.status) : undefined;
	const errorResponse: JsonObject = { message, description };
	if (failure.kind === 'http') {
		errorResponse.httpCode = String(failure.status);
		errorResponse.plumaaErrors = plumaaErrors(failure).map((error) => ({
			message: redact(String(error.message ?? ''), secrets),
			code: error.extensions?.code ?? null,
		}));
	}
	return new NodeApiError(node, errorResponse, { message, description, httpCode, itemIndex });
}

/**
 * Whether an error is Plumaa refusing a call's input as invalid before running it (HTTP 400: a GraphQL
 * variable error, so nothing was done) for a reason its words match.
 */
export function isInputRefusal(error: unknown, about: RegExp): boolean {
	return (
		error instanceof NodeApiError &&
		error.httpCode === '400' &&
		about.test(`${error.message} ${error.description ?? ''}`)
	);
}

/** A success answer that does not hold what the call returns: most often a base URL that is not Plumaa's. */
export function unexpectedAnswerError(
	node: INode,
	call: string,
	itemIndex: number,
	what: string,
): NodeApiError {
	const message = `Plumaa answered without ${what}`;
	return new NodeApiError(
		node,
		{ message },
		{
			message,
			description: `The ${call} call succeeded but its answer does not describe ${what}. Check 'Base URL' in the Plumaa API credential.`,
			itemIndex,
		},
	);
}

/** The "not found" of a Get: what was asked for, and where it may be instead. */
export function notFoundError(
	node: INode,
	message: string,
	itemIndex: number,
	description: string,
): NodeApiError {
	return new NodeApiError(node, { message }, { message, description, httpCode: '404', itemIndex });
}
