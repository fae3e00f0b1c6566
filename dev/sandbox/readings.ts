/**
 * Every place where Plumaa's documents disagree (or say nothing) and the sandbox had to choose how
 * Plumaa behaves: one switch per question, each reading one value of it. The engine tests run the
 * affected operations under every reading (test/harness/readings), and docs/plumaa-disputes.md's "Where Plumaa's
 * documents disagree" table names each switch.
 */
import type { PlumaaSandbox } from './server';

interface Question<V> {
	question: string;
	/** Each reading: the switch's value and what it means. The first is the sandbox's default. */
	readings: ReadonlyArray<{ value: V; says: string }>;
}

export const READINGS = {
	contentShape: {
		question: 'The content shape of a new signature request',
		readings: [
			{ value: 'openapi', says: 'the OpenAPI file: { PDFContent: { pdf } }' },
			{ value: 'quickstart', says: 'the quickstart: { pdf }' },
		],
	} satisfies Question<'openapi' | 'quickstart'>,
	subjectsScope: {
		question: 'Who GET /subjects lists for an organization’s key',
		readings: [
			{ value: 'members', says: 'the OpenAPI file: the organization’s members' },
			{ value: 'linked', says: 'the subjects linked to the organization' },
		],
	} satisfies Question<'members' | 'linked'>,
	unsetDatesAsNull: {
		question: 'How an invite’s unset signedAt / rejectedAt is stored',
		readings: [
			{ value: false, says: 'left out (the OpenAPI file: "Only present if")' },
			{ value: true, says: 'stored as null (MongoDB’s exists: true matches it)' },
		],
	} satisfies Question<boolean>,
	invitesForMembersOnly: {
		question: 'Whether an API key may create invites',
		readings: [
			{ value: false, says: 'the quickstart: an API key invites' },
			{ value: true, says: 'the OpenAPI file: only members of the organization' },
		],
	} satisfies Question<boolean>,
	pdfDownloads: {
		question: 'Whether the PDF URL in an answer can be fetched without signing in',
		readings: [
			{ value: true, says: 'it can (a presigned or public URL)' },
			{ value: false, says: 'it cannot (storage answers 403)' },
		],
	} satisfies Question<boolean>,
	missingKeyAnswer: {
		question: 'What DELETE /api-key answers for a key that does not exist',
		readings: [
			{ value: 'null', says: 'null, as SOFA answers a mutation without a result' },
			{ value: 'notFoundError', says: 'a NOT_FOUND error' },
		],
	} satisfies Question<'null' | 'notFoundError'>,
} as const;

export type ReadingSwitch = keyof typeof READINGS;
export type ReadingValue<N extends ReadingSwitch> =
	(typeof READINGS)[N]['readings'][number]['value'];

/** Puts the sandbox under one reading of a question. */
export function setReading<N extends ReadingSwitch>(
	sandbox: PlumaaSandbox,
	name: N,
	value: ReadingValue<N>,
): void {
	if (name === 'missingKeyAnswer') {
		sandbox.missingKeyAnswer = value as ReadingValue<'missingKeyAnswer'>;
		return;
	}
	const esign = sandbox.esign as unknown as Record<string, unknown>;
	esign[name] = value;
}

/** Whether a value is one of a question's readings (for the control endpoint). */
export function isReading<N extends ReadingSwitch>(
	name: N,
	value: unknown,
): value is ReadingValue<N> {
	return READINGS[name].readings.some((reading) => reading.value === value);
}
