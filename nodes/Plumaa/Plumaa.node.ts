import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceProperties, route } from './actions/router';

export class Plumaa implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plumaa',
		name: 'plumaa',
		icon: { light: 'file:../../icons/plumaa.svg', dark: 'file:../../icons/plumaa.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage your Plumaa ID account: create, update, rotate and revoke API keys',
		defaults: { name: 'Plumaa' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'plumaaApi', required: true },
			// Only Rotate stores a key into n8n's credentials.
			{ name: 'plumaaN8nApi', required: true, displayOptions: { show: { resource: ['apiKey'], operation: ['rotate'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'API Key', value: 'apiKey' }],
				default: 'apiKey',
			},
			...resourceProperties(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
