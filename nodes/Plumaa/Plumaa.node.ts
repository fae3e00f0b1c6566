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
		description: 'Manage your Plumaa ID account: revoke and rotate API keys',
		defaults: { name: 'Plumaa' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plumaaApi', required: true }],
		properties: resourceProperties(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
