/**
 * Lists of a large account: Get Many with Return All reads every page and nothing twice, whatever page
 * size Plumaa allows; the trigger emits thousands of events of one poll once each, loses none to the
 * next poll, and keeps what it remembers between polls small.
 */
import { createHash } from 'node:crypto';

import { SEED } from '../../dev/sandbox/server';
import { PAGE_SIZE } from '../../nodes/shared/transport/lists';
import type { PollState } from '../../nodes/PlumaaTrigger/types';
import { TriggerPoller } from '../harness/engine';
import { byId, runResource, sandboxCredentials, sofaArgs } from '../harness/plumaa';
import { useSandbox } from '../harness/sandbox-fixture';

const sandbox = useSandbox();

function addWitnesses(count: number): void {
	for (let index = 0; index < count; index++)
		sandbox.esign.storeWitness(
			createHash('sha256').update(`invoice ${index}`).digest('hex'),
			SEED.organization.id,
		);
}

describe('Get Many over a large account', () => {
	test.each([
		{ cap: undefined, label: 'any size asked', pages: 10 },
		{ cap: PAGE_SIZE, label: 'the size asked', pages: 10 },
		{ cap: 25, label: 'at most 25', pages: 40 },
	])(
		'Return All over 1 000 witnesses, Plumaa giving $label a page: every one once, one request a page',
		async ({ cap, pages }) => {
			addWitnesses(1000);
			sandbox.esign.maxPageSize = cap;
			const { output, error } = await runResource(sandbox, 'witness', {
				operation: 'getAll',
				parameters: { organizationId: byId(SEED.organization.id), returnAll: true },
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(1000);
			expect(new Set(output?.map((item) => item.json.witnessId ?? item.json.id)).size).toBe(1000);
			const asked = sandbox.apiRequests().map((request) => sofaArgs(request.query).pagination);
			expect(asked).toEqual(
				Array.from({ length: pages }, (_, index) => ({ page: index + 1, size: PAGE_SIZE })),
			);
		},
	);

	test('a Limit over pages smaller than asked: exactly the limit', async () => {
		addWitnesses(300);
		sandbox.esign.maxPageSize = 25;
		const { output } = await runResource(sandbox, 'witness', {
			operation: 'getAll',
			parameters: { organizationId: byId(SEED.organization.id), returnAll: false, limit: 80 },
		});
		expect(output).toHaveLength(80);
		expect(sandbox.apiRequests()).toHaveLength(4);
	});
});

describe('Plumaa Trigger over thousands of events', () => {
	const finalized = { resource: 'signatureRequest', operation: 'finalized', simplify: false };

	function finalize(name: string, at: string): string {
		sandbox.esign.now = () => new Date(at);
		const id = sandbox.esign.textRequest(name, SEED.organization.id);
		sandbox.esign.finalize(id);
		return id;
	}

	const second = (index: number): string =>
		new Date(Date.parse('2026-11-27T11:00:00.000Z') + index * 1000).toISOString();

	test('5 000 finalized between two polls: each emitted once, in order; the next poll emits none; state stays small', async () => {
		const trigger = new TriggerPoller(finalized, sandboxCredentials(sandbox));
		await trigger.poll();
		const ids = Array.from({ length: 5000 }, (_, index) =>
			finalize(`bulk ${index}`, second(index)),
		);

		const emitted = await trigger.poll();
		expect(emitted.map((item) => item.id)).toEqual(ids);
		expect(await trigger.poll()).toEqual([]);
		const state = trigger.staticData as PollState;
		expect(state.atCursor).toEqual([ids.at(-1)]);
		expect(state.emitted).toHaveLength(1000);

		const later = finalize('later', second(6000));
		expect((await trigger.poll()).map((item) => item.id)).toEqual([later]);
	});

	test('1 500 finalized on the same millisecond (more than the trigger remembers of the past): once each, none again', async () => {
		const trigger = new TriggerPoller(finalized, sandboxCredentials(sandbox));
		await trigger.poll();
		const ids = Array.from({ length: 1500 }, (_, index) => finalize(`batch ${index}`, second(1)));

		expect(new Set((await trigger.poll()).map((item) => item.id))).toEqual(new Set(ids));
		expect(await trigger.poll()).toEqual([]);
		const sameMillisecond = finalize('one more', second(1));
		expect((await trigger.poll()).map((item) => item.id)).toEqual([sameMillisecond]);
	});

	test('activated when 120 events share the newest millisecond: none of them is emitted later as new', async () => {
		Array.from({ length: 120 }, (_, index) => finalize(`before ${index}`, second(1)));
		const trigger = new TriggerPoller(finalized, sandboxCredentials(sandbox));
		expect(await trigger.poll()).toEqual([]);
		expect(await trigger.poll()).toEqual([]);
		const after = finalize('after activation', second(1));
		expect((await trigger.poll()).map((item) => item.id)).toEqual([after]);
	});
});
