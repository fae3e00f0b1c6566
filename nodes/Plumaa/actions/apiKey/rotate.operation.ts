/**
 * API Key → Rotate: replaces the key of the Plumaa credential the node runs with, in the order
 * that never leaves the credential without a working key (create → store → prove → retire the
 * old key), and undoes its own steps when one fails. No secret is ever output.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiKeyOf, apiKeyRequest, plumaaApiRequest } from '../../transport';
import { checkedN8nApiUrl, n8nApiRequest } from '../../transport/n8nApi';
import type { ApiKey, OldKeyAction, PlumaaCredentials, RotationOutput } from '../../types';
import { OBJECT_ID_PATTERN, readTimeoutOption } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import { withPartialOutput } from '../types';
import { createKey, readKeyName } from './fields';

const CREDENTIAL_TYPE = 'plumaaApi';
const OLD_KEY_ACTIONS: OldKeyAction[] = ['disable', 'delete', 'keep'];
const ROTATED_SUFFIX = / \(rotated \d{4}-\d{2}-\d{2}\)$/;

/**
 * Rotations of one credential in this n8n process run one after another: the second starts from
 * the key the first stored. (Across processes the checks below keep the credential working.)
 */
const rotationsInProgress = new Map<string, Promise<unknown>>();

async function oneRotationAtATime<T>(credentialId: string, rotation: () => Promise<T>): Promise<T> {
	const previous = rotationsInProgress.get(credentialId) ?? Promise.resolve();
	const current = previous.then(rotation, rotation);
	const settled = current.catch(() => undefined);
	rotationsInProgress.set(credentialId, settled);
	try {
		return await current;
	} finally {
		if (rotationsInProgress.get(credentialId) === settled) rotationsInProgress.delete(credentialId);
	}
}

/** "billing (rotated 2026-10-01)" → "billing (rotated 2026-11-27)". */
export function rotatedName(oldName: string, now: Date): string {
	const base = oldName.replace(ROTATED_SUFFIX, '').trim() || 'API key';
	return `${base} (rotated ${now.toISOString().slice(0, 10)})`;
}

/** A failure's own words, for messages that say what the rotation did about it. */
function reasonOf(error: unknown): { message: string; description: string } {
	const { message, description } = error as { message?: unknown; description?: unknown };
	return {
		message: typeof message === 'string' ? message : String(error),
		description: typeof description === 'string' ? description : '',
	};
}

/**
 * The credential's data as n8n's public API accepts it: n8n validates it against the credential
 * type's display rules, so only the fields shown for its environment are sent.
 */
function credentialData(current: ICredentialDataDecryptedObject, apiKey: string, keyId: string): IDataObject {
	const data: IDataObject = { apiKey, keyId, environment: current.environment ?? 'production' };
	if (current.environment === 'custom') data.baseUrl = current.baseUrl;
	// Fields n8n adds to every credential type: sent as they are, or n8n asks for them.
	data.allowedHttpRequestDomains = current.allowedHttpRequestDomains ?? 'all';
	if (current.allowedDomains !== undefined && current.allowedDomains !== '') data.allowedDomains = current.allowedDomains;
	return data;
}

class Rotation {
	private readonly secrets: string[];
	/** The secret the credential holds now, as it is sent. */
	private readonly heldSecret: string;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly credential: { id: string; name: string },
		private readonly current: ICredentialDataDecryptedObject & PlumaaCredentials,
		private readonly timeoutMs: number,
	) {
		this.heldSecret = apiKeyOf(current);
		this.secrets = [this.heldSecret];
	}

	fail(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	/** The key the credential holds, read through a no-change update (Plumaa has no call that reads a key). */
	async inspectOldKey(oldKeyId: string): Promise<ApiKey> {
		const result = await apiKeyRequest.call(this.context, {
			call: 'update',
			method: 'PUT',
			path: '/api-key',
			body: { input: { id: oldKeyId } },
			itemIndex: this.itemIndex,
			timeoutMs: this.timeoutMs,
		});
		if (!result.found) {
			throw this.fail(
				`The key of the Plumaa credential “${this.credential.name}” was not found`,
				`Its 'API Key ID' is ${oldKeyId}, and Plumaa has no such key in the organization. Put the ID of the key whose secret the credential stores into its 'API Key ID'. Nothing was changed.`,
			);
		}
		if (result.data.secret !== this.heldSecret) {
			throw this.fail(
				`'API Key ID' of the Plumaa credential “${this.credential.name}” is not the ID of its key`,
				`Key ${oldKeyId} exists, but the credential stores the secret of another key. Put the ID of the key whose secret the credential stores into its 'API Key ID'. Nothing was changed.`,
			);
		}
		return result.data;
	}

	async createNewKey(name: string, organizationId: string): Promise<ApiKey> {
		const key = await createKey.call(this.context, this.itemIndex, {
			name,
			organizationId,
			timeoutMs: this.timeoutMs,
			whenUnanswered: `A key named "${name}" may have been created anyway; nothing else changed, and the credential still holds its key. Look for that key in Plumaa (organization → API keys) and delete it, then run again.`,
		});
		this.secrets.push(key.secret);
		return key;
	}

	async store(apiKey: string, keyId: string): Promise<void> {
		await n8nApiRequest.call(this.context, {
			method: 'PATCH',
			path: `/credentials/${encodeURIComponent(this.credential.id)}`,
			body: { data: credentialData(this.current, apiKey, keyId), isPartialData: true },
			itemIndex: this.itemIndex,
			secrets: this.secrets,
		});
	}

	/** Reads the credential back from n8n's store and makes a read-only call with it. */
	async prove(newKey: ApiKey): Promise<'works' | 'replacedByAnother'> {
		const stored = await this.context.getCredentials<PlumaaCredentials>(CREDENTIAL_TYPE, this.itemIndex);
		if (apiKeyOf(stored) !== newKey.secret) {
			if (apiKeyOf(stored) !== this.heldSecret) return 'replacedByAnother';
			throw this.fail('n8n kept the old key in the credential', 'n8n answered the update, but the credential still holds the old key.');
		}
		const check = await plumaaApiRequest.call(this.context, {
			method: 'GET',
			path: '/organization-links',
			itemIndex: this.itemIndex,
			timeoutMs: this.timeoutMs,
			alsoRedact: this.secrets,
		});
		if (!check.found) throw this.fail('Plumaa answered the check with nothing', 'A read-only call made with the new key returned no data.');
		return 'works';
	}

	/** Deletes a key this rotation created; says what happened instead of throwing. */
	async deleteKey(keyId: string): Promise<string> {
		try {
			await apiKeyRequest.call(this.context, {
				call: 'delete',
				method: 'DELETE',
				path: '/api-key',
				qs: { id: keyId },
				itemIndex: this.itemIndex,
				timeoutMs: this.timeoutMs,
				alsoRedact: this.secrets,
			});
			return `The new key ${keyId} was deleted again.`;
		} catch (error) {
			return `The new key ${keyId} could not be deleted (${reasonOf(error).message}): delete it with API Key → Delete.`;
		}
	}

	async retireOldKey(oldKeyId: string, action: OldKeyAction): Promise<void> {
		if (action === 'keep') return;
		await apiKeyRequest.call(this.context, {
			call: action === 'delete' ? 'delete' : 'update',
			method: action === 'delete' ? 'DELETE' : 'PUT',
			path: '/api-key',
			...(action === 'delete' ? { qs: { id: oldKeyId } } : { body: { input: { id: oldKeyId, enabled: false } } }),
			itemIndex: this.itemIndex,
			timeoutMs: this.timeoutMs,
			alsoRedact: this.secrets,
		});
		// Not found: the old key is gone already, which is what was asked.
	}
}

function readOldKeyAction(context: IExecuteFunctions, itemIndex: number): OldKeyAction {
	const action = context.getNodeParameter('oldKey', itemIndex, 'disable') as OldKeyAction;
	if (!OLD_KEY_ACTIONS.includes(action)) {
		throw new NodeOperationError(context.getNode(), `'Old Key' must be Disable, Delete or Keep, not "${String(action)}"`, {
			itemIndex,
			description: "Choose what happens to the old key in the node's 'Old Key' parameter.",
		});
	}
	return action;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const oldKeyAction = readOldKeyAction(this, itemIndex);
	const givenName = String(this.getNodeParameter('newKeyName', itemIndex, '') ?? '').trim();
	const newKeyName = givenName === '' ? undefined : readKeyName.call(this, 'newKeyName', itemIndex);
	const timeoutMs = readTimeoutOption(this, itemIndex);
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	if (!reference?.id) {
		throw new NodeOperationError(this.getNode(), 'Rotate needs a saved Plumaa API credential', {
			itemIndex,
			description: "Choose the Plumaa API credential to rotate in the node's 'Credential to connect with'.",
		});
	}
	const credential = { id: reference.id, name: reference.name };
	await checkedN8nApiUrl.call(this, itemIndex);

	return await oneRotationAtATime(credential.id, async () => {
		const current = await this.getCredentials<ICredentialDataDecryptedObject & PlumaaCredentials>(CREDENTIAL_TYPE, itemIndex);
		const oldKeyId = String(current.keyId ?? '').trim();
		if (!OBJECT_ID_PATTERN.test(oldKeyId)) {
			throw new NodeOperationError(
				this.getNode(),
				oldKeyId === ''
					? `The Plumaa credential “${credential.name}” has no 'API Key ID'`
					: `'API Key ID' of the Plumaa credential “${credential.name}” is not a valid Plumaa ID: "${oldKeyId}"`,
				{
					itemIndex,
					description:
						"Rotate must know which key the credential holds. Open the credential and put the ID of the key whose secret it stores (24 hexadecimal characters, e.g. the ID in the output of API Key → Create) into 'API Key ID'. Nothing was changed.",
				},
			);
		}
		const rotation = new Rotation(this, itemIndex, credential, current, timeoutMs);

		const oldKey = await rotation.inspectOldKey(oldKeyId);
		const newKey = await rotation.createNewKey(newKeyName ?? rotatedName(oldKey.name, new Date()), oldKey.organization.id);

		try {
			await rotation.store(newKey.secret, newKey.id);
		} catch (error) {
			const deleted = await rotation.deleteKey(newKey.id);
			const { message, description } = reasonOf(error);
			throw rotation.fail(
				`n8n did not store the new key: ${message}`,
				`${description} ${deleted} The credential and its key ${oldKeyId} are as they were.`,
			);
		}

		let proof: 'works' | 'replacedByAnother';
		try {
			proof = await rotation.prove(newKey);
		} catch (error) {
			const { message, description } = reasonOf(error);
			let restored: string;
			try {
				await rotation.store(current.apiKey, oldKeyId);
				restored = `The credential holds its old key ${oldKeyId} again. ${await rotation.deleteKey(newKey.id)}`;
			} catch (restoreError) {
				restored = `Putting the old key back failed too (${reasonOf(restoreError).message}): the credential holds the new key ${newKey.id}, and the old key ${oldKeyId} is still active. Enter the old key’s secret in the credential again, then delete key ${newKey.id}.`;
			}
			throw rotation.fail(`The new key did not work from the credential: ${message}`, `${description} ${restored}`.trim());
		}
		if (proof === 'replacedByAnother') {
			const deleted = await rotation.deleteKey(newKey.id);
			throw rotation.fail(
				'Another rotation changed the Plumaa credential at the same time',
				`The credential now holds a key this run did not create, and was left as it is. ${deleted} Run again if the other rotation did not finish.`,
			);
		}

		const output: RotationOutput = {
			newKey: { id: newKey.id, name: newKey.name, createdAt: newKey.createdAt },
			oldKey: { id: oldKeyId, action: oldKeyAction, done: true },
			organization: newKey.organization,
			credential,
		};
		try {
			await rotation.retireOldKey(oldKeyId, oldKeyAction);
		} catch (error) {
			const { message, description } = reasonOf(error);
			output.oldKey = { ...output.oldKey, done: false, error: message };
			throw withPartialOutput(
				new NodeOperationError(this.getNode(), `Rotated, but the old key ${oldKeyId} is still active: ${message}`, {
					itemIndex,
					description: `${description} The credential holds the new key ${newKey.id}, and it works. ${oldKeyAction === 'delete' ? 'Delete' : 'Disable'} the old key ${oldKeyId} with API Key → ${oldKeyAction === 'delete' ? 'Delete' : 'Update'} (or in Plumaa).`.trim(),
				}),
				output as unknown as IDataObject,
			);
		}
		return output as unknown as IDataObject;
	});
}

export const rotateApiKey: PlumaaOperation = {
	value: 'rotate',
	oneAtATime: true,
	properties: [
		{
			displayName:
				"Rotates the key of the Plumaa API credential above: creates a new key, stores it in that credential through the n8n API, checks it works, then retires the old key. No secret appears in the output. The credential needs its 'API Key ID'.",
			name: 'rotateNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Old Key',
			name: 'oldKey',
			type: 'options',
			default: 'disable',
			options: [
				{
					name: 'Disable',
					value: 'disable',
					description: 'Calls with the old key fail, but it can be enabled again with API Key → Update',
				},
				{ name: 'Delete', value: 'delete', description: 'The old key is revoked for good' },
				{
					name: 'Keep',
					value: 'keep',
					description: 'The old key keeps working, e.g. while other systems still use it',
				},
			],
			description: 'What happens to the key the credential held, once the new key is stored and works',
		},
		{
			displayName: 'New Key Name',
			name: 'newKeyName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n automation (rotated 2026-11-27)',
			description: 'Name of the new key. Empty: the old key’s name followed by “(rotated” and today’s date.',
		},
	],
	execute,
};
