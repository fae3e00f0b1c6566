/**
 * API Key → Rotate: replaces the key of the Plumaa credential the node runs with, in the order
 * that never leaves the credential without a working key (create → store → prove → retire the
 * old key), and undoes its own steps when one fails. No secret is ever output.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiKey, PlumaaCredentials } from '../../../shared/api.types';
import { OBJECT_ID_PATTERN } from '../../../shared/ids';
import { PLUMAA_CREDENTIAL_TYPE } from '../../../shared/run';
import { checkedN8nApiUrl, n8nApiRequest } from '../../../shared/transport/n8nApi';
import { apiKeyOf, plumaaRequest } from '../../../shared/transport/request';
import { readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, OldKeyAction, PlumaaOperation, RotationOutput } from '../../types';
import { PartialSuccess } from '../../types';
import { apiKeyCall, createKey, readKeyName } from './requests';

const OLD_KEY_ACTIONS: OldKeyAction[] = ['disable', 'delete', 'keep'];
const ROTATED_SUFFIX = / \(rotated [^()]*(\([^()]*\)[^()]*)*\)$/;
/** How much of the credential's name a key's name carries (Plumaa allows 200 characters in all). */
const CREDENTIAL_NAME_IN_KEY = 60;

/**
 * "billing (rotated 2026-10-01 09:00 UTC for “ERP”)" → "billing (rotated 2026-11-27 14:03 UTC for “ERP”)".
 * The minute and the credential tell apart a key whose creation answer a killed run never got.
 */
export function rotatedName(oldName: string, now: Date, credentialName: string): string {
	const base = oldName.replace(ROTATED_SUFFIX, '').trim() || 'API key';
	const when = `${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 16)} UTC`;
	return `${base} (rotated ${when} for “${credentialName.slice(0, CREDENTIAL_NAME_IN_KEY)}”)`;
}

/** The retirement an interrupted rotation left in the credential, or undefined when there is none to finish. */
export function pendingRetirementOf(
	current: PlumaaCredentials,
): { keyId: string; action: 'disable' | 'delete' } | undefined {
	let pending: unknown;
	try {
		pending = JSON.parse(String(current.pendingRetirement ?? '') || 'null');
	} catch {
		return undefined;
	}
	const { keyId, action } = (pending ?? {}) as { keyId?: unknown; action?: unknown };
	if (typeof keyId !== 'string' || !OBJECT_ID_PATTERN.test(keyId)) return undefined;
	if (action !== 'disable' && action !== 'delete') return undefined;
	// Never the key the credential holds: only an old one is retired.
	if (keyId === String(current.keyId ?? '').trim()) return undefined;
	return { keyId, action };
}

/** What the credential records of the old key a rotation still has to retire ('' when none). */
function pendingRetirementField(keyId: string, action: OldKeyAction): string {
	return action === 'keep' ? '' : JSON.stringify({ keyId, action });
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
function credentialData(
	current: ICredentialDataDecryptedObject,
	apiKey: string,
	keyId: string,
	pendingRetirement: string,
): IDataObject {
	const data: IDataObject = {
		apiKey,
		keyId,
		pendingRetirement,
		environment: current.environment ?? 'production',
	};
	if (current.environment === 'custom') data.baseUrl = current.baseUrl;
	// Fields n8n adds to every credential type: sent as they are, or n8n asks for them.
	data.allowedHttpRequestDomains = current.allowedHttpRequestDomains ?? 'all';
	if (current.allowedDomains !== undefined && current.allowedDomains !== '')
		data.allowedDomains = current.allowedDomains;
	return data;
}

class Rotation {
	private readonly secrets: string[];
	/** The secret the credential holds now, as it is sent. */
	private readonly heldSecret: string;

	constructor(
		private readonly item: ItemCall,
		private readonly credential: { id: string; name: string },
		private readonly current: ICredentialDataDecryptedObject & PlumaaCredentials,
		private readonly timeoutMs: number,
	) {
		this.heldSecret = apiKeyOf(current);
		this.secrets = [this.heldSecret];
	}

	fail(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.item.context.getNode(), message, {
			itemIndex: this.item.itemIndex,
			description,
		});
	}

	/** The key the credential holds, read through a no-change update (Plumaa has no call that reads a key). */
	async inspectOldKey(oldKeyId: string): Promise<ApiKey> {
		const key = await apiKeyCall(this.item, {
			method: 'PUT',
			body: { input: { id: oldKeyId } },
			timeoutMs: this.timeoutMs,
		});
		if (!key) {
			throw this.fail(
				`The key of the Plumaa credential “${this.credential.name}” was not found`,
				`Its 'API Key ID' is ${oldKeyId}, and Plumaa has no such key in the organization. Put the ID of the key whose secret the credential stores into its 'API Key ID'. Nothing was changed.`,
			);
		}
		if (key.secret !== this.heldSecret) {
			throw this.fail(
				`'API Key ID' of the Plumaa credential “${this.credential.name}” is not the ID of its key`,
				`Key ${oldKeyId} exists, but the credential stores the secret of another key. Put the ID of the key whose secret the credential stores into its 'API Key ID'. Nothing was changed.`,
			);
		}
		return key;
	}

	async createNewKey(name: string, organizationId: string): Promise<ApiKey> {
		const key = await createKey(this.item, {
			name,
			organizationId,
			timeoutMs: this.timeoutMs,
			whenUnanswered: `A key named "${name}" may have been created anyway; nothing else changed, and the credential still holds its key. Look for that key in Plumaa (organization → API keys) and delete it, then run again.`,
		});
		this.secrets.push(key.secret);
		return key;
	}

	/**
	 * Stores a key in the credential, with the retirement still to do (one update: a run killed after it
	 * leaves the next run both the working key and what to finish).
	 */
	async store(apiKey: string, keyId: string, pendingRetirement: string): Promise<void> {
		await n8nApiRequest(this.item.context, {
			method: 'PATCH',
			path: `/credentials/${encodeURIComponent(this.credential.id)}`,
			body: {
				data: credentialData(this.current, apiKey, keyId, pendingRetirement),
				isPartialData: true,
			},
			itemIndex: this.item.itemIndex,
			secrets: this.secrets,
		});
	}

	/**
	 * Nothing left for the next run: clears the retirement this rotation recorded, unless the credential
	 * changed meanwhile (another process's rotation), which it then leaves alone. Should the update fail,
	 * the next run retires the key again, which changes nothing (disabled stays disabled, gone counts as done).
	 */
	async clearPendingRetirement(newKey: ApiKey): Promise<void> {
		const stored = await this.item.context
			.getCredentials<PlumaaCredentials>(PLUMAA_CREDENTIAL_TYPE, this.item.itemIndex)
			.catch(() => undefined);
		if (!stored || apiKeyOf(stored) !== newKey.secret) return;
		await this.store(newKey.secret, newKey.id, '').catch(() => undefined);
	}

	/** Reads the credential back from n8n's store and makes a read-only call with it. */
	async prove(newKey: ApiKey): Promise<'works' | 'replacedByAnother'> {
		const stored = await this.item.context.getCredentials<PlumaaCredentials>(
			PLUMAA_CREDENTIAL_TYPE,
			this.item.itemIndex,
		);
		if (apiKeyOf(stored) !== newKey.secret) {
			if (apiKeyOf(stored) !== this.heldSecret) return 'replacedByAnother';
			throw this.fail(
				'n8n kept the old key in the credential',
				'n8n answered the update, but the credential still holds the old key.',
			);
		}
		const check = await plumaaRequest(this.item, {
			method: 'GET',
			path: '/organization-links',
			timeoutMs: this.timeoutMs,
			alsoRedact: this.secrets,
		});
		if (!check.found)
			throw this.fail(
				'Plumaa answered the check with nothing',
				'A read-only call made with the new key returned no data.',
			);
		return 'works';
	}

	/** Deletes a key this rotation created; says what happened instead of throwing. */
	async deleteKey(keyId: string): Promise<string> {
		try {
			await apiKeyCall(this.item, {
				method: 'DELETE',
				qs: { id: keyId },
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
		await apiKeyCall(this.item, {
			method: action === 'delete' ? 'DELETE' : 'PUT',
			...(action === 'delete'
				? { qs: { id: oldKeyId } }
				: { body: { input: { id: oldKeyId, enabled: false } } }),
			timeoutMs: this.timeoutMs,
			alsoRedact: this.secrets,
		});
		// Not found: the old key is gone already, which is what was asked.
	}
}

function readOldKeyAction(item: ItemCall): OldKeyAction {
	const { context, itemIndex } = item;
	const action = context.getNodeParameter('oldKey', itemIndex, 'disable') as OldKeyAction;
	if (!OLD_KEY_ACTIONS.includes(action)) {
		throw new NodeOperationError(
			context.getNode(),
			`'Old Key' must be Disable, Delete or Keep, not "${String(action)}"`,
			{
				itemIndex,
				description: "Choose what happens to the old key in the node's 'Old Key' parameter.",
			},
		);
	}
	return action;
}

async function execute(item: ItemCall): Promise<IDataObject | PartialSuccess> {
	const { context, itemIndex } = item;
	const oldKeyAction = readOldKeyAction(item);
	const givenName = String(context.getNodeParameter('newKeyName', itemIndex, '') ?? '').trim();
	const newKeyName = givenName === '' ? undefined : readKeyName(item, 'newKeyName');
	const timeoutMs = readTimeoutOption(item);
	const reference = context.getNode().credentials?.[PLUMAA_CREDENTIAL_TYPE];
	if (!reference?.id) {
		throw new NodeOperationError(context.getNode(), 'Rotate needs a saved Plumaa API credential', {
			itemIndex,
			description:
				"Choose the Plumaa API credential to rotate in the node's 'Credential to connect with'.",
		});
	}
	const credential = { id: reference.id, name: reference.name };
	await checkedN8nApiUrl(context, itemIndex);

	return await item.run.rotations.oneAtATime(credential.id, async () => {
		const current = await context.getCredentials<
			ICredentialDataDecryptedObject & PlumaaCredentials
		>(PLUMAA_CREDENTIAL_TYPE, itemIndex);
		const oldKeyId = String(current.keyId ?? '').trim();
		if (!OBJECT_ID_PATTERN.test(oldKeyId)) {
			throw new NodeOperationError(
				context.getNode(),
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
		const rotation = new Rotation(item, credential, current, timeoutMs);

		// A rotation killed after storing its new key left the old key to retire: finish that first.
		const pending = pendingRetirementOf(current);
		if (pending) {
			try {
				await rotation.retireOldKey(pending.keyId, pending.action);
			} catch (error) {
				const { message, description } = reasonOf(error);
				throw rotation.fail(
					`An earlier rotation left key ${pending.keyId} to ${pending.action}, and that failed: ${message}`,
					`${description} Nothing else was changed; the credential holds its working key ${oldKeyId}. Run again, or ${pending.action} key ${pending.keyId} with API Key → ${pending.action === 'delete' ? 'Delete' : 'Update'}.`.trim(),
				);
			}
		}
		const resumed = pending
			? { id: pending.keyId, action: pending.action, done: true as const }
			: undefined;

		const oldKey = await rotation.inspectOldKey(oldKeyId);
		const newKey = await rotation.createNewKey(
			newKeyName ?? rotatedName(oldKey.name, new Date(item.run.time.now()), credential.name),
			oldKey.organization.id,
		);

		try {
			await rotation.store(
				newKey.secret,
				newKey.id,
				pendingRetirementField(oldKeyId, oldKeyAction),
			);
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
				// Back as it was, the pending retirement of an earlier rotation (now done) left out.
				await rotation.store(current.apiKey, oldKeyId, '');
				restored = `The credential holds its old key ${oldKeyId} again. ${await rotation.deleteKey(newKey.id)}`;
			} catch (restoreError) {
				restored = `Putting the old key back failed too (${reasonOf(restoreError).message}): the credential holds the new key ${newKey.id}, and the old key ${oldKeyId} is still active. Enter the old key’s secret in the credential again, then delete key ${newKey.id}.`;
			}
			throw rotation.fail(
				`The new key did not work from the credential: ${message}`,
				`${description} ${restored}`.trim(),
			);
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
			...(resumed ? { resumed } : {}),
			organization: newKey.organization,
			credential,
		};
		try {
			await rotation.retireOldKey(oldKeyId, oldKeyAction);
			if (oldKeyAction !== 'keep') await rotation.clearPendingRetirement(newKey);
		} catch (error) {
			const { message, description } = reasonOf(error);
			output.oldKey = { ...output.oldKey, done: false, error: message };
			return new PartialSuccess(
				{ ...output },
				new NodeOperationError(
					context.getNode(),
					`Rotated, but the old key ${oldKeyId} is still active: ${message}`,
					{
						itemIndex,
						description:
							`${description} The credential holds the new key ${newKey.id}, and it works. ${oldKeyAction === 'delete' ? 'Delete' : 'Disable'} the old key ${oldKeyId} with API Key → ${oldKeyAction === 'delete' ? 'Delete' : 'Update'} (or in Plumaa).`.trim(),
					},
				),
			);
		}
		return { ...output };
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
				{ name: 'Delete', value: 'delete', description: 'The old key is revoked for good' },
				{
					name: 'Disable',
					value: 'disable',
					description:
						'Calls with the old key fail, but it can be enabled again with API Key → Update',
				},
				{
					name: 'Keep',
					value: 'keep',
					description: 'The old key keeps working, e.g. while other systems still use it',
				},
			],
			description:
				'What happens to the key the credential held, once the new key is stored and works',
		},
		{
			displayName: 'New Key Name',
			name: 'newKeyName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n automation (rotated 2026-11-27)',
			description:
				'Name of the new key. Empty: the old key’s name followed by “(rotated” and today’s date.',
		},
	],
	execute,
};
