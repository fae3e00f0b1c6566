import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperties, route, toolVariantProperties } from './actions/router';
import { searchOrganizations, searchSignatureRequests, searchSubjects } from './methods/listSearch';

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'API Key', value: 'apiKey' },
		{
			name: 'Certificate',
			value: 'certificate',
			description: 'A signer’s e.firma certificate',
		},
		{
			name: 'Invite',
			value: 'invite',
			description: 'Who is asked to sign a signature request',
		},
		{
			name: 'Signature Request',
			value: 'signatureRequest',
			description: 'A document sent for electronic signature',
		},
		{
			name: 'Subject',
			value: 'subject',
			description: 'A signer: a person or company known to Plumaa',
		},
		{
			name: 'Witness (NOM-151)',
			value: 'witness',
			description: 'Proof that a document existed, with NOM-151 conservation certificates',
		},
	],
	default: 'apiKey',
};

const properties: INodeProperties[] = [resourceProperty, ...resourceProperties()];

/**
 * What the tool variant replaces (n8n spreads these over the description; `properties` is beyond the
 * type n8n declares for it, hence a separate object).
 */
const toolReplacements = {
	description:
		'Certify and verify documents under NOM-151, read and send signature requests, invite signers, and read their evidence in Plumaa ID. It never returns API key secrets, and does not change, revoke or rotate keys.',
	properties: toolVariantProperties(properties),
};

export class Plumaa implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plumaa',
		name: 'plumaa',
		icon: { light: 'file:../../icons/plumaa.svg', dark: 'file:../../icons/plumaa.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Certify documents under NOM-151, send them for signature, invite signers, and manage Plumaa ID API keys',
		defaults: { name: 'Plumaa' },
		// As an AI Agent's tool: the operations an agent is given, each described by what it does and changes.
		usableAsTool: { replacements: toolReplacements },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'plumaaApi', required: true },
			// Only Rotate stores a key into n8n's credentials.
			{
				name: 'plumaaN8nApi',
				required: true,
				displayOptions: { show: { resource: ['apiKey'], operation: ['rotate'] } },
			},
		],
		properties,
	};

	methods = { listSearch: { searchOrganizations, searchSignatureRequests, searchSubjects } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
