import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Access to this n8n's public API, so that API Key → Rotate can store the new key in the Plumaa
 * credential it runs with. A community node may only use credential types of its own package,
 * so this is ours rather than n8n's built-in "n8n API" type.
 */
export class PlumaaN8nApi implements ICredentialType {
	name = 'plumaaN8nApi';

	displayName = 'Plumaa Key Rotation API';

	icon: Icon = { light: 'file:../icons/plumaa.svg', dark: 'file:../icons/plumaa.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-plumaa#rotating-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'n8n API URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://n8n.example.com/api/v1',
			description: 'This n8n’s address followed by /api/v1',
		},
		{
			displayName: 'n8n API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'An n8n API key (Settings → n8n API) of a user who owns the Plumaa credential. Its only needed scope is credential:update.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	// Reading the Plumaa credential type's schema needs a valid n8n API key, changes nothing, and
	// proves this package is installed in that n8n. A wrong key fails on its HTTP status; a URL that
	// is not the API answers the editor's HTML page, which the rule below catches.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "") }}',
			url: '/credentials/schema/plumaaApi',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'type',
					value: undefined,
					message:
						'No n8n API answered at this URL: enter this n8n’s address followed by /api/v1, and check that the public API is enabled',
				},
			},
		],
	};
}
