/**
 * The one place that talks to this n8n's public API (for API Key → Rotate), with its own
 * messages: n8n's failures are never explained as Plumaa's.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { N8nApiCredentials } from '../api.types';
import { baseUrlProblem, normalizedBaseUrl } from './baseUrl';
import { redact } from './errors';
import { parseJsonText } from './request';

const CREDENTIAL_TYPE = 'plumaaN8nApi';
const TIMEOUT_MS = 30_000;

export interface N8nApiRequest {
	method: IHttpRequestMethods;
	/** Path below the n8n API URL, e.g. `/credentials/12`. */
	path: string;
	body?: IDataObject;
	itemIndex: number;
	/** Secrets the request carries, which must never appear in an error. */
	secrets: string[];
}

interface Hint {
	message: string;
	description: string;
}

/** What each n8n answer means for the user, by status. Kept as data, like n8n's own hint tables. */
const N8N_STATUS_HINTS: Record<number, Hint> = {
	400: {
		message: 'n8n refused the new data for the Plumaa credential',
		description:
			'n8n checks the data against the credential’s fields. Open the Plumaa API credential, save it once in the editor, and run again.',
	},
	401: {
		message: 'n8n rejected the n8n API key',
		description:
			"Check 'n8n API Key' in the “Plumaa Key Rotation API” credential: it may be mistyped, expired or deleted (Settings → n8n API).",
	},
	403: {
		message: 'The n8n API key may not update the Plumaa credential',
		description:
			'Give the n8n API key the scope credential:update, and use a key of a user who owns the Plumaa credential (or administers its project).',
	},
	404: {
		message: 'n8n has no credential here that this n8n API key may change',
		description:
			"The n8n API key’s user must own the Plumaa API credential the node runs with, and 'n8n API URL' must point at the n8n that holds it.",
	},
	405: {
		message: 'This n8n does not accept credential updates through its public API (HTTP 405)',
		description:
			'Updating a credential through the public API needs n8n 2.3 or newer, and some versions answer 405 (for example 2.39.5): update n8n.',
	},
};

function explain(status: number, bodyText: string, url: string): Hint {
	const body = parseJsonText(bodyText) as { message?: unknown } | undefined;
	const said =
		typeof body?.message === 'string' && body.message.trim() !== ''
			? `n8n said: ${body.message.trim()}`
			: '';
	const join = (...parts: string[]): string => parts.filter((part) => part !== '').join(' ');
	if (body === undefined && (status === 404 || status === 200)) {
		// An HTML page or nothing where the API should be: the public API is off or the URL is wrong.
		return {
			message: `n8n’s public API did not answer at ${url}`,
			description:
				"Check 'n8n API URL' in the “Plumaa Key Rotation API” credential (this n8n’s address followed by /api/v1) and that the public API is enabled (N8N_PUBLIC_API_DISABLED is not true).",
		};
	}
	const hint = N8N_STATUS_HINTS[status];
	if (hint) return { message: hint.message, description: join(said, hint.description) };
	if (status >= 500)
		return {
			message: `n8n failed to process the request (HTTP ${status})`,
			description: join(said, 'Try again later.'),
		};
	return { message: `n8n refused the request (HTTP ${status})`, description: said };
}

/** The n8n API URL of the package's n8n API credential, checked before anything is changed. */
export async function checkedN8nApiUrl(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<string> {
	const credentials = await context.getCredentials<N8nApiCredentials>(CREDENTIAL_TYPE, itemIndex);
	const baseUrl = normalizedBaseUrl(credentials.baseUrl);
	if (baseUrlProblem(baseUrl) !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`'n8n API URL' in the “Plumaa Key Rotation API” credential is not a valid URL: "${baseUrl}"`,
			{
				itemIndex,
				description:
					'Expected this n8n’s address followed by /api/v1, for example https://n8n.example.com/api/v1.',
			},
		);
	}
	return baseUrl;
}

function apiError(
	context: IExecuteFunctions,
	hint: Hint,
	request: N8nApiRequest,
	httpCode?: number,
): NodeApiError {
	const message = redact(hint.message, request.secrets);
	const description = redact(hint.description, request.secrets);
	const response: JsonObject = { message, description };
	return new NodeApiError(context.getNode(), response, {
		message,
		description,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
		itemIndex: request.itemIndex,
	});
}

/** Sends one request to n8n's public API with the package's n8n API credential; never retried. */
export async function n8nApiRequest<T>(
	context: IExecuteFunctions,
	request: N8nApiRequest,
): Promise<T> {
	const url = `${await checkedN8nApiUrl(context, request.itemIndex)}${request.path}`;
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		body: request.body,
		json: request.body !== undefined,
		headers: { Accept: 'application/json' },
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: TIMEOUT_MS,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch {
		const host = new URL(url).host;
		throw apiError(
			context,
			{
				message: `Could not reach n8n at ${host}`,
				description:
					"Check 'n8n API URL' in the “Plumaa Key Rotation API” credential: n8n must be able to reach itself at that address.",
			},
			request,
		);
	}
	const bodyText =
		typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
	const parsed = parseJsonText(bodyText);
	if (response.statusCode >= 200 && response.statusCode < 300 && parsed !== undefined)
		return parsed as T;
	throw apiError(
		context,
		explain(response.statusCode, bodyText, url),
		request,
		response.statusCode,
	);
}
