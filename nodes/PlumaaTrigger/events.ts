/**
 * What the Plumaa Trigger watches, one table entry per event: the Event dropdowns are built from it.
 * Plumaa has no webhooks: each event is a list call filtered on the time the event happened (or on
 * `updatedAt` when Plumaa records no such time), polled from a cursor.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { SignatureRequest, SignatureRequestInvite, Witness } from '../shared/api.types';
import { certificationOf, strategiesOf } from '../shared/disputed';
import {
	isSignatureRequest,
	presentInvite,
	presentSignatureRequest,
	presentWitness,
} from '../shared/presenters';
import { plumaaList, plumaaPages } from '../shared/transport/lists';
import { findOne } from '../shared/transport/request';
import type { EventDefinition, Happened, TriggerResource, WatchedEvent } from './types';

const since = (time: string | undefined): IDataObject | undefined =>
	time === undefined ? undefined : { gte: time };

/** Makes a table entry of a definition: what it lists is turned into events that happened. */
function watch<T extends { id: string }>(definition: EventDefinition<T>): WatchedEvent {
	const { filters, matches, timeOf, present, ...described } = definition;
	return {
		...described,
		async list(caller, query) {
			// Each result becomes an event as its page arrives: Plumaa's objects are dropped once presented.
			return await plumaaList<T, Happened>(
				caller,
				{
					path: definition.path,
					filters: {
						...filters(query.since, query.organizationId),
						sort: { field: 'updatedAt', order: query.order },
					},
					keep: matches,
					limit: query.limit,
					what: `a list for the ${definition.what} event`,
				},
				(item) => ({ id: item.id, time: timeOf(item), json: present(item) }),
			);
		},
	};
}

/** An invite event, found by the time Plumaa records for it (`signedAt` or `rejectedAt`). */
function inviteEvent(
	timeField: 'signedAt' | 'rejectedAt',
	described: Pick<
		EventDefinition<SignatureRequestInvite>,
		'value' | 'name' | 'action' | 'description' | 'what'
	>,
): WatchedEvent {
	return watch<SignatureRequestInvite>({
		...described,
		resource: 'invite',
		path: '/signature-request-invites',
		needsOrganization: false,
		filters: (time) => ({ [timeField]: time === undefined ? { exists: true } : { gte: time } }),
		matches: (invite) => typeof invite[timeField] === 'string',
		timeOf: (invite) => invite[timeField] ?? undefined,
		present: presentInvite,
	});
}

/** A witness event: found among the organization's witnesses changed since the cursor. */
function witnessEvent(
	described: Pick<
		EventDefinition<Witness>,
		'value' | 'name' | 'action' | 'description' | 'what' | 'matches'
	>,
): WatchedEvent {
	return watch<Witness>({
		...described,
		resource: 'witness',
		path: '/witnesses',
		needsOrganization: true,
		// Timestamps can take up to an hour: the witness's last change is when its timestamp arrived.
		filters: (time, organizationId) => ({
			organization: { eq: organizationId },
			updatedAt: since(time),
		}),
		timeOf: (witness) => witness.updatedAt,
		present: presentWitness,
	});
}

const isTimestamped = (witness: Witness | undefined): boolean =>
	witness !== undefined && strategiesOf(witness).length > 0;

/**
 * A signature request is complete once it is finalized and its witness is timestamped (NOM-151 or
 * witness.co), which can come up to an hour after the last signature. Either can happen last, and a
 * request's `updatedAt` does not move when its witness is timestamped: the event is looked for both in
 * the finalized requests and in the organization's witnesses changed since the cursor. Its time is the
 * later of the two changes.
 */
const completedEvent: WatchedEvent = {
	resource: 'signatureRequest',
	value: 'completed',
	name: 'Completed',
	action: 'On signature request completed',
	description:
		'Every signer signed and its conservation timestamp (NOM-151 or witness.co) arrived: the moment to archive',
	path: '/signature-requests',
	what: 'completed signature request',
	needsOrganization: true,
	async list(caller, query) {
		const sort = { field: 'updatedAt', order: query.order };
		// Each request presented as soon as it is found: Plumaa's objects are not kept.
		const found = new Map<string, Happened>();
		const add = (request: SignatureRequest): void => {
			const witnessTime = request.witness?.updatedAt ?? '';
			found.set(request.id, {
				id: request.id,
				time: witnessTime > request.updatedAt ? witnessTime : request.updatedAt,
				json: presentSignatureRequest(request),
			});
		};
		const finalized = plumaaPages<SignatureRequest>(caller, {
			path: '/signature-requests',
			filters: { finalized: true, updatedAt: since(query.since), sort },
			keep: (request) => request.finalized === true && isTimestamped(request.witness),
			limit: query.limit,
			what: 'a list for the completed signature request event',
		});
		for await (const page of finalized) page.forEach(add);
		const timestamped = plumaaPages<Witness>(caller, {
			path: '/witnesses',
			filters: {
				organization: { eq: query.organizationId },
				updatedAt: since(query.since),
				sort,
			},
			keep: (witness) => typeof witness.signatureRequest?.id === 'string' && isTimestamped(witness),
			limit: query.limit,
			what: 'a list for the completed signature request event',
		});
		for await (const page of timestamped) {
			for (const witness of page) {
				const id = witness.signatureRequest?.id as string;
				if (found.has(id)) continue;
				const request = await findOne(caller, {
					method: 'GET',
					path: `/signature-request/${id}`,
					is: isSignatureRequest,
					what: 'a signature request',
				});
				if (request?.finalized === true && isTimestamped(request.witness)) add(request);
			}
		}
		const happened = [...found.values()];
		const direction = query.order === 'asc' ? 1 : -1;
		happened.sort((a, b) => direction * (a.time ?? '').localeCompare(b.time ?? ''));
		return query.limit === undefined ? happened : happened.slice(0, query.limit);
	},
};

export const triggerEvents: WatchedEvent[] = [
	completedEvent,
	watch<SignatureRequest>({
		resource: 'signatureRequest',
		value: 'finalized',
		name: 'Finalized',
		action: 'On signature request finalized',
		description: 'Every signer signed and the request is closed',
		path: '/signature-requests',
		what: 'finalized signature request',
		needsOrganization: false,
		// Plumaa records no finalization time: a finalized request's last change is when it was finalized.
		filters: (time) => ({ finalized: true, updatedAt: since(time) }),
		matches: (request) => request.finalized === true,
		timeOf: (request) => request.updatedAt,
		present: presentSignatureRequest,
	}),
	inviteEvent('rejectedAt', {
		value: 'rejected',
		name: 'Rejected',
		action: 'On invite rejected',
		description: 'A signer declined to sign',
		what: 'rejected invite',
	}),
	inviteEvent('signedAt', {
		value: 'signed',
		name: 'Signed',
		action: 'On invite signed',
		description: 'A signer signed',
		what: 'signed invite',
	}),
	witnessEvent({
		value: 'certified',
		name: 'Certified',
		action: 'On witness certified',
		description: 'Its NOM-151 certificate (single or grouped) was issued',
		what: 'certified witness',
		matches: (witness) => certificationOf(witness) !== null,
	}),
	witnessEvent({
		value: 'timestamped',
		name: 'Timestamped',
		action: 'On witness timestamped',
		description:
			'Any conservation strategy timestamped it: a NOM-151 certificate or witness.co (organizations with the WITNESS_CO policy)',
		what: 'timestamped witness',
		matches: (witness) => strategiesOf(witness).length > 0,
	}),
];

/** The event a node's Resource and Event parameters name. */
export function findEvent(resource: string, value: string): WatchedEvent | undefined {
	return triggerEvents.find((event) => event.resource === resource && event.value === value);
}

/** Each resource's Event dropdown, built from the table (options by name), with the first event as default. */
export function eventProperties(defaults: Record<TriggerResource, string>): INodeProperties[] {
	const resources = [...new Set(triggerEvents.map((event) => event.resource))];
	return resources.map((resource) => {
		const defaultEvent = defaults[resource];
		return {
			displayName: 'Event',
			// Named `operation` so that n8n's resource/operation schema lookup finds the event schemas.
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: triggerEvents
				.filter((event) => event.resource === resource)
				.map(({ name, value, action, description }) => ({ name, value, action, description }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultEvent,
		};
	});
}
