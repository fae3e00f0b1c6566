/** The Plumaa Trigger's own types: what an event is, and what the trigger keeps between polls. */
import type { IDataObject } from 'n8n-workflow';

import type { Caller } from '../shared/transport/request';

export type TriggerResource = 'invite' | 'signatureRequest' | 'witness';

/** One event as its table entry says it, for a Plumaa object of type T. */
export interface EventDefinition<T extends { id: string }> {
	resource: TriggerResource;
	/** Its value in the resource's Event dropdown, e.g. "finalized". */
	value: string;
	/** Its name, action and description in that dropdown. */
	name: string;
	action: string;
	description: string;
	/** The list call, e.g. `/signature-requests`. */
	path: string;
	/** What it lists, for messages: "finalized signature request". */
	what: string;
	/** Whether the list must name an organization (the witness list spans all the caller can see). */
	needsOrganization: boolean;
	/** The list's filters for events at or after `since` (all of them without it). */
	filters(since: string | undefined, organizationId: string | undefined): IDataObject;
	/** Whether a listed object is the event (a list filter cannot say everything). */
	matches(item: T): boolean;
	/** When the event happened: the cursor moves on this time. */
	timeOf(item: T): string | undefined;
	present(item: T): IDataObject;
}

/** An event that happened: the object's ID, when, and what the trigger emits for it. */
export interface Happened {
	id: string;
	time: string | undefined;
	json: IDataObject;
}

export interface EventQuery {
	since: string | undefined;
	order: 'asc' | 'desc';
	limit?: number;
	organizationId: string | undefined;
}

/** An event of the table, whatever object it watches: it lists what happened. */
export interface WatchedEvent extends Omit<
	EventDefinition<{ id: string }>,
	'filters' | 'matches' | 'timeOf' | 'present'
> {
	list(caller: Caller, query: EventQuery): Promise<Happened[]>;
}

/** What the trigger keeps between polls, in the workflow's static data. */
export interface PollState {
	/** The latest event time seen: the next poll asks for events at or after it (`gte`). */
	cursor?: string;
	/** The IDs of the events at the cursor's time, all of them: the `gte` boundary does not emit them again. */
	atCursor?: string[];
	/** The latest IDs emitted (up to 1 000): a later change of the same object does not emit it again. */
	emitted?: string[];
	/** Set by the first poll after activation, which emits nothing old. */
	started?: boolean;
}
