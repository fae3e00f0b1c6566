import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CreatedApiKeyOutput } from '../../types';
import { objectIdLocator, readObjectIdParameter, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { createKey, readKeyName } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = readKeyName.call(this, 'name', itemIndex);
	const organizationId = readObjectIdParameter(this, 'organizationId', 'Organization ID', itemIndex);
	const output: CreatedApiKeyOutput = await createKey.call(this, itemIndex, {
		name,
		organizationId,
		timeoutMs: readTimeoutOption(this, itemIndex),
		whenUnanswered: `A key named "${name}" may have been created anyway. Look for it in Plumaa (organization → API keys) before running again, and delete the one you do not use.`,
	});
	return output as unknown as IDataObject;
}

export const createApiKey: PlumaaOperation = {
	value: 'create',
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. billing system 2026-11',
			description: 'Name of the new key, as Plumaa shows it: say who uses it',
		},
		objectIdLocator({
			displayName: 'Organization ID',
			name: 'organizationId',
			description: 'The organization the key belongs to: the organization ID that every API Key operation outputs',
		}),
	],
	execute,
};
