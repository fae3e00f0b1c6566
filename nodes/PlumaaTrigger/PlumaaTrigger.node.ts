import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { plumaaList } from '../Plumaa/transport/lists';
import { triggerEvents } from './events';

/** What the trigger keeps between polls, in the workflow's static data. */
interface PollState {
	/** The latest event time seen: the next poll asks for events at or after it (`gte`). */
	cursor?: string;
	/** IDs already emitted (the newest ones): the `gte` boundary and later changes do not emit them again. */
	emitted?: string[];
	/** Set by the first poll after activation, which emits nothing old. */
	started?: boolean;
}

const MAX_REMEMBERED = 1000;
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

function latest(times: Array<string | undefined>): string | undefined {
	return times.filter((time): time is string => typeof time === 'string').sort().at(-1);
}

export class PlumaaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plumaa Trigger',
		name: 'plumaaTrigger',
		icon: { light: 'file:../../icons/plumaa.svg', dark: 'file:../../icons/plumaa.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
		description: 'Starts the workflow when a signature request is finalized, an invite is signed or rejected, or a witness gets its NOM-151 certificate',
		defaults: { name: 'Plumaa Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plumaaApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invite', value: 'invite' },
					{ name: 'Signature Request', value: 'signatureRequest' },
					{ name: 'Witness (NOM-151)', value: 'witness' },
				],
				default: 'signatureRequest',
			},
			{
				displayName: 'Event',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['signatureRequest'] } },
				options: [{ name: 'Finalized', value: 'finalized', action: 'When a signature request is finalized', description: 'Every signer signed and the request is closed' }],
				default: 'finalized',
			},
			{
				displayName: 'Event',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['invite'] } },
				options: [
					{ name: 'Rejected', value: 'rejected', action: 'When an invite is rejected', description: 'A signer declined to sign' },
					{ name: 'Signed', value: 'signed', action: 'When an invite is signed', description: 'A signer signed' },
				],
				default: 'signed',
			},
			{
				displayName: 'Event',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['witness'] } },
				options: [{ name: 'Certified', value: 'certified', action: 'When a witness is certified', description: 'Its NOM-151 certificate (single or grouped) was issued' }],
				default: 'certified',
			},
			{
				displayName: 'Organization ID',
				name: 'organizationId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
				description: 'The organization whose witnesses to watch: the organization ID in any output of the Plumaa node',
				displayOptions: { show: { resource: ['witness'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource') as string;
		const eventName = this.getNodeParameter('operation') as string;
		const event = triggerEvents[`${resource}.${eventName}`];
		if (!event) throw new NodeOperationError(this.getNode(), `The event "${eventName}" of "${resource}" is not supported by this version of the node`);
		let organizationId: string | undefined;
		if (resource === 'witness') {
			organizationId = String(this.getNodeParameter('organizationId', '')).trim().toLowerCase();
			if (!OBJECT_ID.test(organizationId)) {
				throw new NodeOperationError(this.getNode(), `'Organization ID' is not a valid Plumaa ID: "${organizationId}"`, {
					description: 'A Plumaa ID is 24 hexadecimal characters (0-9, a-f), e.g. 5e5677d71bdc2ae76344968c: the organization ID in any output of the Plumaa node.',
				});
			}
		}
		const list = async (time: string | undefined, order: 'asc' | 'desc', limit?: number) =>
			await plumaaList<{ id: string }>(this, {
				path: event.path,
				filters: { ...event.filters(time, organizationId), sort: { field: 'updatedAt', order } },
				keep: (item) => event.matches(item),
				limit,
				itemIndex: 0,
				what: `a list for the ${event.what} event`,
			});

		// "Fetch test event": the latest event, whatever was emitted before; the cursor is left alone.
		if (this.getMode() === 'manual') {
			const [newest] = await list(undefined, 'desc', 1);
			if (!newest) {
				throw new NodeOperationError(this.getNode(), `No ${event.what} found yet`, {
					description: `Plumaa has no ${event.what} that this credential's key can see. Make one happen in Plumaa, then fetch again.`,
				});
			}
			return [[{ json: event.present(newest) }]];
		}

		const state = this.getWorkflowStaticData('node') as PollState;
		if (!state.started) {
			// First poll after activation: note where "now" is in Plumaa's own times and emit nothing old.
			const recent = await list(undefined, 'desc', 50);
			state.cursor = latest(recent.map((item) => event.timeOf(item)));
			state.emitted = recent.filter((item) => event.timeOf(item) === state.cursor).map((item) => item.id);
			state.started = true;
			return null;
		}

		const found = await list(state.cursor, 'asc');
		const emitted = new Set(state.emitted ?? []);
		// gte is inclusive: what sits on the cursor was seen by the poll before, unless it is new there.
		const fresh = found
			.filter((item) => !emitted.has(item.id) && (state.cursor === undefined || (event.timeOf(item) ?? '') >= state.cursor))
			.sort((a, b) => (event.timeOf(a) ?? '').localeCompare(event.timeOf(b) ?? ''));
		state.cursor = latest([state.cursor, ...found.map((item) => event.timeOf(item))]);
		state.emitted = [...(state.emitted ?? []), ...fresh.map((item) => item.id)].slice(-MAX_REMEMBERED);
		if (fresh.length === 0) return null;
		return [fresh.map((item) => ({ json: event.present(item) as IDataObject }))];
	}
}
