import type { IDataObject } from 'n8n-workflow';

import { readOrganizationId, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { organizationIdField } from '../common.descriptions';
import { createKey, readKeyName } from './requests';

async function execute(item: ItemCall): Promise<IDataObject> {
	const name = readKeyName(item, 'name');
	const organizationId = await readOrganizationId(item);
	// The new key with its secret: handing it on is the point of Create.
	const key = await createKey(item, {
		name,
		organizationId,
		timeoutMs: readTimeoutOption(item),
		whenUnanswered: `A key named "${name}" may have been created anyway. Look for it in Plumaa (organization → API keys) before running again, and delete the one you do not use.`,
	});
	return { ...key };
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
		organizationIdField(
			'The organization the key belongs to: the organization ID that every API Key operation outputs',
		),
	],
	execute,
};
