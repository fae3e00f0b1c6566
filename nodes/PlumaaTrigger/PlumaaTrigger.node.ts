import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { organizationIdOf } from '../shared/ids';
import { defaultRun } from '../shared/run';
import type { Shape } from '../shared/simplified';
import {
	SIGNATURE_REQUEST_SHAPE,
	simplified,
	simplifyField,
	whole,
	WITNESS_SHAPE,
} from '../shared/simplified';
import type { Caller } from '../shared/transport/request';
import { eventProperties, findEvent } from './events';
import type { EventQuery, Happened, PollState, TriggerResource } from './types';

/** The events whose objects have a simplified shape (Simplify, on by default), by resource. */
const SIMPLIFIED: Partial<Record<TriggerResource, Shape>> = {
	signatureRequest: SIGNATURE_REQUEST_SHAPE,
	witness: WITNESS_SHAPE,
};

/** How many of the latest emitted IDs the trigger keeps, so that a later change does not emit them again. */
const MAX_REMEMBERED = 1000;

/** The IDs of the events that happened at `time`. */
function idsAt(time: string, happened: Happened[]): string[] {
	return happened.filter((event) => event.time === time).map((event) => event.id);
}

function latest(times: Array<string | undefined>): string | undefined {
	return times
		.filter((time): time is string => typeof time === 'string')
		.sort()
		.at(-1);
}

/** The Organization ID of the events whose list must name one (shown for those events only). */
function organizationIdField(
	watched: string,
	show: NonNullable<INodeProperties['displayOptions']>['show'],
): INodeProperties {
	return {
		displayName: 'Organization ID',
		name: 'organizationId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5e5677d71bdc2ae76344968c',
		description: `The organization whose ${watched} to watch: the organization ID in any output of the Plumaa node. Leave empty to use the Organization ID of the Plumaa API credential.`,
		displayOptions: { show },
	};
}

export class PlumaaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plumaa Trigger',
		name: 'plumaaTrigger',
		icon: { light: 'file:../../icons/plumaa.svg', dark: 'file:../../icons/plumaa.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Starts the workflow when a signature request is finalized, an invite is signed or rejected, or a witness gets its NOM-151 certificate',
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
			...eventProperties({ invite: 'signed', signatureRequest: 'finalized', witness: 'certified' }),
			organizationIdField('witnesses', { resource: ['witness'] }),
			organizationIdField('signature requests (its witnesses show when a timestamp arrives)', {
				resource: ['signatureRequest'],
				operation: ['completed'],
			}),
			{
				...simplifyField,
				displayOptions: { show: { resource: Object.keys(SIMPLIFIED) } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource') as string;
		const eventName = this.getNodeParameter('operation') as string;
		const event = findEvent(resource, eventName);
		if (!event)
			throw new NodeOperationError(
				this.getNode(),
				`The event "${eventName}" of "${resource}" is not supported by this version of the node`,
			);
		// A poll is a run of its own: its own pacing, one read of the credential.
		const caller: Caller = { context: this, run: defaultRun(), itemIndex: 0 };
		let organizationId: string | undefined;
		if (event.needsOrganization) {
			// Empty here: the Plumaa credential's Organization ID.
			const checked = await organizationIdOf(
				this.getNodeParameter('organizationId', ''),
				async () => (await caller.run.credentials(this, 0)).organizationId,
			);
			if ('problem' in checked) {
				throw new NodeOperationError(this.getNode(), checked.problem.message, {
					description: checked.problem.description,
				});
			}
			organizationId = checked.id;
		}
		const list = async (query: Omit<EventQuery, 'organizationId'>) =>
			await event.list(caller, { ...query, organizationId });

		// "Fetch test event": the latest event, whatever was emitted before; the cursor is left alone.
		const shape = SIMPLIFIED[resource as TriggerResource];
		const shaped = (json: IDataObject): IDataObject => {
			if (!shape) return json;
			return this.getNodeParameter('simplify', true) === true
				? simplified(shape, json)
				: whole(shape, json);
		};

		if (this.getMode() === 'manual') {
			const [newest] = await list({ since: undefined, order: 'desc', limit: 1 });
			if (!newest) {
				throw new NodeOperationError(this.getNode(), `No ${event.what} found yet`, {
					description: `Plumaa has no ${event.what} that this credential's key can see. Make one happen in Plumaa, then fetch again.`,
				});
			}
			return [[{ json: shaped(newest.json) }]];
		}

		const state = this.getWorkflowStaticData('node') as PollState;
		if (!state.started) {
			// First poll after activation: note where "now" is in Plumaa's own times and emit nothing old.
			const [newest] = await list({ since: undefined, order: 'desc', limit: 1 });
			state.cursor = newest?.time;
			state.atCursor =
				state.cursor === undefined
					? []
					: idsAt(state.cursor, await list({ since: state.cursor, order: 'asc' }));
			state.emitted = [];
			state.started = true;
			return null;
		}

		const found = await list({ since: state.cursor, order: 'asc' });
		const cursor = state.cursor;
		// gte is inclusive: what sits on the cursor was seen by the poll before, unless it is new there;
		// what was emitted lately and changed again is not emitted again.
		const seen = new Set([...(state.atCursor ?? []), ...(state.emitted ?? [])]);
		const fresh = found
			.filter(
				(happened) =>
					!seen.has(happened.id) && (cursor === undefined || (happened.time ?? '') >= cursor),
			)
			.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
		state.cursor = latest([cursor, ...found.map((happened) => happened.time)]);
		// Every event on the new cursor, however many share its millisecond: the next poll lists them again.
		state.atCursor = state.cursor === undefined ? [] : idsAt(state.cursor, found);
		state.emitted = [...(state.emitted ?? []), ...fresh.map((happened) => happened.id)].slice(
			-MAX_REMEMBERED,
		);
		if (fresh.length === 0) return null;
		return [fresh.map((happened) => ({ json: shaped(happened.json) }))];
	}
}
