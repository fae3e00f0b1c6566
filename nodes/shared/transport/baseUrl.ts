/** The one check of a base URL the node adds paths to (Plumaa's REST URL, this n8n's API URL). */

export type BaseUrlProblem = 'notHttp' | 'invalid' | 'queryOrFragment';

/** What is wrong with `url` as a base URL, or undefined when paths can be added to it. */
export function baseUrlProblem(url: string): BaseUrlProblem | undefined {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^https?:\/\//i.test(url)) return 'notHttp';
	if (!/^https?:\/\/[^/\s]+/i.test(url) || !URL.canParse(url)) return 'invalid';
	if (/[?#]/.test(url)) return 'queryOrFragment';
	return undefined;
}

/** A URL as it was given, trimmed and without trailing slashes (paths are added after one). */
export function normalizedBaseUrl(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
}
