import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const PLUMAA_PRODUCTION_URL = 'https://api.plumaa.id/rest/v1';
export const PLUMAA_STAGING_URL = 'https://api.staging.plumaa.id/rest/v1';

/**
 * The same base-URL choice the node makes in code, written as an n8n expression so the
 * credential test (which runs without the node) calls the environment the user picked.
 */
const baseUrlExpression =
	'={{ $credentials.environment === "custom" ' +
	'? String($credentials.baseUrl).trim().replace(/\\/+$/, "") ' +
	`: $credentials.environment === "staging" ? "${PLUMAA_STAGING_URL}" : "${PLUMAA_PRODUCTION_URL}" }}`;

export class PlumaaApi implements ICredentialType {
	name = 'plumaaApi';

	displayName = 'Plumaa API';

	icon: Icon = { light: 'file:../icons/plumaa.svg', dark: 'file:../icons/plumaa.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-plumaa#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret of a Plumaa API key. Create one in Plumaa under your organization → API keys.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A sandbox or a proxy in front of Plumaa',
				},
				{
					name: 'Production',
					value: 'production',
					description: PLUMAA_PRODUCTION_URL,
				},
				{
					name: 'Staging',
					value: 'staging',
					description: PLUMAA_STAGING_URL,
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://plumaa.example.com/rest/v1',
			description: 'The Plumaa REST base URL, ending in /rest/v1',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
			description:
				'Optional. The organization the operations use when their own Organization ID is empty: 24 hexadecimal characters, organization.id in the output of Signature Request → Get Many (which needs none) and of every Witness and API Key operation. Checked when the credential is saved.',
		},
		{
			displayName: 'API Key ID',
			name: 'keyId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
			description:
				'Optional. The ID (not the secret) of the API key above: 24 hexadecimal characters, the ID in the output of API Key → Create. Needed only by API Key → Rotate, which keeps it up to date.',
		},
		{
			// Written by Rotate in the same update that stores a new key: the old key it still has to
			// retire, so that a run killed before retiring it is finished by the next (never a secret).
			// Not a hidden field: n8n's public API refuses data for hidden fields.
			displayName: 'Pending Retirement',
			name: 'pendingRetirement',
			type: 'string',
			default: '',
			description:
				'Filled in by API Key → Rotate while an old key is still to be disabled or deleted; the next Rotate finishes it. Leave it as it is.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				// Trimmed: a key pasted with a line break would make the header invalid.
				Authorization: '=Bearer {{ String($credentials.apiKey).trim() }}',
			},
		},
	};

	// Listing organization links needs a valid key and changes nothing. Plumaa reports a wrong key
	// as HTTP 500 with the reason in the body, so the status is not judged here: the rules read the
	// body, and anything but a list of links fails the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression,
			// With an Organization ID, the same list for that organization: Plumaa refuses a malformed ID.
			url: '={{ String($credentials.organizationId ?? "").trim() === "" ? "/organization-links" : "/organization-links?organization=" + JSON.stringify({ eq: String($credentials.organizationId).trim() }) }}',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].extensions.code',
					value: 'UNAUTHENTICATED',
					message:
						'Plumaa rejected the API key: check it, and that it belongs to the chosen environment',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].extensions.code',
					value: 'FORBIDDEN',
					message:
						'The API key may not read its organization: check that the API is enabled for it',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].extensions.code',
					value: 'BAD_USER_INPUT',
					message:
						"'Organization ID' is not a Plumaa ID: it is 24 hexadecimal characters (0-9, a-f), or leave it empty",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'results',
					value: undefined,
					message:
						'Plumaa did not answer as expected: check the Environment, and for a custom URL that the base URL ends in /rest/v1',
				},
			},
		],
	};
}
