/**
 * What the Plumaa Trigger watches, one table entry per event: the Event dropdowns are built from it.
 * Plumaa has no webhooks: each event is a list call filtered on the time the event happened (or on
 * `updatedAt` when Plumaa records no such time), polled from a cursor.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { SignatureRequest, SignatureRequestInvite, Witness } from '../shared/api.types';
import { certificationOf, strategiesOf } from '../shared/disputed';
import { presentInvite, presentSignatureRequest, presentWitness } from '../shared/presenters';
import { plumaaList } from '../shared/transport/lists';
import type { EventDefinition, TriggerResource, WatchedEvent } from './types';

const since = (time: string | undefined): IDataObject | undefined =>
	time === undefined ? undefined : { gte: time };

/** Makes a table entry of a definition: what it lists is turned into events that happened. */
function watch<T extends { id: string }>(definition: EventDefinition<T>): WatchedEvent {
	const { filters, matches, timeOf, present, ...described } = definition;
	return {
		...described,
		async list(caller, query) {
			const found = await plumaaList<T>(caller, {
				path: definition.path,
				filters: {
					...filters(query.since, query.organizationId),
					sort: { field: 'updatedAt', order: query.order },
				},
				keep: matches,
				limit: query.limit,
				what: `a list for the ${definition.what} event`,
			});
			return found.map((item) => ({ id: item.id, time: timeOf(item), json: present(item) }));
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

export const triggerEvents: WatchedEvent[] = [
	watch<SignatureRequest>({
		resource: 'signatureRequest',
		value: 'finalized',
		name: 'Finalized',
		action: 'When a signature request is finalized',
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
		action: 'When an invite is rejected',
		description: 'A signer declined to sign',
		what: 'rejected invite',
	}),
	inviteEvent('signedAt', {
		value: 'signed',
		name: 'Signed',
		action: 'When an invite is signed',
		description: 'A signer signed',
		what: 'signed invite',
	}),
	witnessEvent({
		value: 'certified',
		name: 'Certified',
		action: 'When a witness is certified',
		description: 'Its NOM-151 certificate (single or grouped) was issued',
		what: 'certified witness',
		matches: (witness) => certificationOf(witness) !== null,
	}),
	witnessEvent({
		value: 'timestamped',
		name: 'Timestamped',
		action: 'When a witness is timestamped',
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
