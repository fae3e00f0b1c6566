/**
 * The Plumaa Trigger as n8n's poller runs it in an active workflow: poll after poll, with the
 * workflow's static data kept between them.
 */
import { PAGE_SIZE } from '../../nodes/shared/transport/lists';
import { createHash } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { TriggerPoller } from '../harness/engine';
import { schemaErrors, triggerOutputValidator } from '../harness/output-schema';
import { sandboxCredentials, sofaArgs } from '../harness/plumaa';
import { readingsOf } from '../harness/readings';
import { useSandbox } from '../harness/sandbox-fixture';
import { SUBJECTS } from '../../dev/sandbox/esignature';
import { SEED } from '../../dev/sandbox/server';

const sandbox = useSandbox();

// These tests check Plumaa's whole objects (Simplify off); Simplify's own tests leave it at its default.
function poller(parameters: INodeParameters): TriggerPoller {
	return new TriggerPoller({ simplify: false, ...parameters }, sandboxCredentials(sandbox));
}

function newRequest(name: string): string {
	return sandbox.esign.textRequest(name, SEED.organization.id);
}

/** Puts every change the sandbox records at this instant (events on the same millisecond). */
function freezeClock(at: string): void {
	sandbox.esign.now = () => new Date(at);
}

const finalizedTrigger = { resource: 'signatureRequest', operation: 'finalized' };

describe('Plumaa Trigger: Signature Request Finalized', () => {
	test('first activation emits nothing old; each later finalization is emitted once, typed', async () => {
		const old = newRequest('old');
		sandbox.esign.finalize(old);
		const trigger = poller(finalizedTrigger);

		expect(await trigger.poll()).toEqual([]);
		expect(await trigger.poll()).toEqual([]);

		const fresh = newRequest('fresh');
		sandbox.esign.finalize(fresh);
		const emitted = await trigger.poll();
		expect(emitted.map((item) => item.id)).toEqual([fresh]);
		const validate = triggerOutputValidator('signatureRequest', 'finalized');
		expect(validate(emitted[0]) || schemaErrors(validate)).toBe(true);

		expect(await trigger.poll()).toEqual([]);
		// The cursor asks Plumaa only for what changed since the last event, finalized.
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {})).toMatchObject({
			finalized: true,
			updatedAt: { gte: emitted[0].updatedAt },
			sort: { field: 'updatedAt', order: 'asc' },
		});
	});

	test('the gte boundary: an event on the cursor’s very millisecond is emitted once, a later one on the same millisecond too', async () => {
		const trigger = poller(finalizedTrigger);
		expect(await trigger.poll()).toEqual([]);

		freezeClock('2026-11-27T10:00:00.000Z');
		const first = newRequest('first');
		sandbox.esign.finalize(first);
		expect((await trigger.poll()).map((item) => item.id)).toEqual([first]);

		// Same millisecond, after the poll: the inclusive gte finds both; only the new one is emitted.
		const second = newRequest('second');
		sandbox.esign.finalize(second);
		expect((await trigger.poll()).map((item) => item.id)).toEqual([second]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('many events between two polls: all of them, across pages, in the order they happened, none twice', async () => {
		const trigger = poller(finalizedTrigger);
		await trigger.poll();
		const ids: string[] = [];
		for (let index = 0; index < 240; index++) {
			freezeClock(new Date(Date.parse('2026-11-27T11:00:00.000Z') + index * 1000).toISOString());
			const id = newRequest(`bulk ${index}`);
			sandbox.esign.finalize(id);
			ids.push(id);
		}
		const emitted = await trigger.poll();
		expect(emitted.map((item) => item.id)).toEqual(ids);
		expect(
			sandbox
				.apiRequests()
				.slice(-3)
				.map((request) => sofaArgs(request.query).pagination),
		).toEqual([
			{ page: 1, size: PAGE_SIZE },
			{ page: 2, size: PAGE_SIZE },
			{ page: 3, size: PAGE_SIZE },
		]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('a finalized request that changes again later is not emitted again', async () => {
		const trigger = poller(finalizedTrigger);
		await trigger.poll();
		const id = newRequest('contract');
		sandbox.esign.finalize(id);
		expect(await trigger.poll()).toHaveLength(1);
		sandbox.esign.updateRequest({ id, name: 'renamed' }, SEED.organization.id);
		expect(await trigger.poll()).toEqual([]);
	});

	test('Fetch Test Event: the latest one, even if emitted before; the cursor stays where it was', async () => {
		const trigger = poller(finalizedTrigger);
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData);
		freezeClock('2026-11-27T12:00:00.000Z');
		const earlier = newRequest('earlier');
		sandbox.esign.finalize(earlier);
		freezeClock('2026-11-27T12:00:01.000Z');
		const latest = newRequest('latest');
		sandbox.esign.finalize(latest);

		expect((await trigger.poll('manual')).map((item) => item.id)).toEqual([latest]);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
		expect((await trigger.poll()).map((item) => item.id)).toEqual([earlier, latest]);
	});

	test('Fetch Test Event with nothing to show: a message that says what to do', async () => {
		await expect(poller(finalizedTrigger).poll('manual')).rejects.toThrow(
			'No finalized signature request found yet',
		);
	});

	test('a wrong key: the node’s own error, without the key', async () => {
		const trigger = new TriggerPoller(
			finalizedTrigger,
			sandboxCredentials(sandbox, { apiKey: 'sk_wrong_0123456789' }),
		);
		const failure = await trigger.poll().catch((error: Error) => error);
		expect(failure).toMatchObject({
			message: 'Plumaa rejected the API key (authentication failed)',
		});
		expect(JSON.stringify(failure)).not.toContain('sk_wrong_0123456789');
	});
});

describe('Plumaa Trigger: Invite Signed and Rejected, Witness Certified', () => {
	test.each(readingsOf('unsetDatesAsNull'))(
		'Invite Signed and Invite Rejected each emit their own invites, once; $reading',
		async ({ apply }) => {
			apply(sandbox);
			const requestId = newRequest('contract');
			const [ana, bruno] = sandbox.esign.inviteAll(
				requestId,
				SUBJECTS.slice(0, 2).map((subject) => subject.id),
				SEED.organization.id,
			);
			const signed = poller({ resource: 'invite', operation: 'signed' });
			const rejected = poller({ resource: 'invite', operation: 'rejected' });
			await signed.poll();
			await rejected.poll();

			sandbox.esign.answerInvite(ana, 'SIGNED');
			sandbox.esign.answerInvite(bruno, 'REJECTED');
			const signedItems = await signed.poll();
			expect(signedItems.map((item) => [item.id, item.status])).toEqual([[ana, 'SIGNED']]);
			expect((await rejected.poll()).map((item) => [item.id, item.status])).toEqual([
				[bruno, 'REJECTED'],
			]);
			const validate = triggerOutputValidator('invite', 'signed');
			expect(validate(signedItems[0]) || schemaErrors(validate)).toBe(true);
			expect(signedItems[0]).not.toHaveProperty('rejectedAt');
			expect(await signed.poll()).toEqual([]);
			expect(await rejected.poll()).toEqual([]);
		},
	);

	test('Witness Certified fires when the certificate is issued, not when it is requested', async () => {
		sandbox.esign.certificationDelayMs = 60_000;
		const trigger = poller({
			resource: 'witness',
			operation: 'certified',
			organizationId: SEED.organization.id,
		});
		await trigger.poll();
		const witness = sandbox.esign.storeWitness(
			createHash('sha256').update('invoice').digest('hex'),
			SEED.organization.id,
		);
		sandbox.esign.certify(witness.id, 'single', SEED.organization.id);
		expect(await trigger.poll()).toEqual([]);

		sandbox.esign.issuePendingCertificates();
		const emitted = await trigger.poll();
		expect(emitted).toMatchObject([{ id: witness.id, certified: true, certification: 'single' }]);
		const validate = triggerOutputValidator('witness', 'certified');
		expect(validate(emitted[0]) || schemaErrors(validate)).toBe(true);
		expect(await trigger.poll()).toEqual([]);
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {})).toMatchObject({
			organization: { eq: SEED.organization.id },
		});
	});

	test('Witness Timestamped fires for a witness.co timestamp (a WITNESS_CO organization) and for NOM-151; Certified only for NOM-151', async () => {
		const key = sandbox.createKey('witness.co key', SEED.witnessCoOrganization.id);
		const watch = (operation: string, organizationId: string) =>
			new TriggerPoller(
				{ resource: 'witness', operation, organizationId },
				sandboxCredentials(sandbox, { apiKey: key.secret }),
			);
		const timestamped = watch('timestamped', SEED.witnessCoOrganization.id);
		const certified = watch('certified', SEED.witnessCoOrganization.id);
		await timestamped.poll();
		await certified.poll();
		sandbox.esign.certificationDelayMs = 60_000;
		const witness = sandbox.esign.storeWitness(
			createHash('sha256').update('deed').digest('hex'),
			SEED.witnessCoOrganization.id,
		);
		expect(await timestamped.poll()).toEqual([]);

		sandbox.esign.issuePendingCertificates();
		const emitted = await timestamped.poll();
		expect(emitted).toMatchObject([
			{ id: witness.id, timestamped: true, timestampedBy: ['witnessCo'], certified: false },
		]);
		// Simplify at its default (on): the simplified witness.
		const validate = triggerOutputValidator('witness', 'timestamped', 'default');
		expect(validate(emitted[0]) || schemaErrors(validate)).toBe(true);
		expect(emitted[0]).not.toHaveProperty('witnessCo');
		expect(await timestamped.poll()).toEqual([]);
		expect(await certified.poll()).toEqual([]);

		// A NOM-151 certificate is a timestamp too.
		const nom151 = poller({
			resource: 'witness',
			operation: 'timestamped',
			organizationId: SEED.organization.id,
		});
		await nom151.poll();
		const certifiedWitness = sandbox.esign.storeWitness(
			createHash('sha256').update('invoice').digest('hex'),
			SEED.organization.id,
		);
		sandbox.esign.certify(certifiedWitness.id, 'grouped', SEED.organization.id);
		sandbox.esign.issuePendingCertificates();
		expect(await nom151.poll()).toMatchObject([
			{ id: certifiedWitness.id, timestampedBy: ['merkleized'] },
		]);
	});

	test('Witness Certified with its Organization ID empty watches the credential’s organization', async () => {
		const trigger = new TriggerPoller(
			{ resource: 'witness', operation: 'certified', organizationId: '' },
			sandboxCredentials(sandbox, { organizationId: SEED.organization.id }),
		);
		await trigger.poll();
		expect(sofaArgs(sandbox.apiRequests().at(-1)?.query ?? {})).toMatchObject({
			organization: { eq: SEED.organization.id },
		});
		sandbox.requests.length = 0;
		await expect(
			new TriggerPoller(
				{ resource: 'witness', operation: 'certified', organizationId: '' },
				sandboxCredentials(sandbox),
			).poll(),
		).rejects.toThrow("'Organization ID' is empty");
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	test('Witness Certified needs a valid Organization ID, said before any request', async () => {
		await expect(
			poller({ resource: 'witness', operation: 'certified', organizationId: 'acme' }).poll(),
		).rejects.toThrow("'Organization ID' is not a valid Plumaa ID");
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});

describe('Plumaa Trigger: Signature Request Completed', () => {
	const completed = {
		resource: 'signatureRequest',
		operation: 'completed',
		organizationId: SEED.organization.id,
	};

	test('fires once the request is finalized and its NOM-151 timestamp arrives (an hour later), once; not before', async () => {
		const old = newRequest('old');
		sandbox.esign.finalize(old);
		sandbox.esign.issuePendingCertificates();
		sandbox.esign.certificationDelayMs = 60 * 60_000;
		const trigger = poller(completed);
		expect(await trigger.poll()).toEqual([]);

		const contract = newRequest('Contrato A-1024');
		sandbox.esign.inviteAll(contract, [SUBJECTS[0].id], SEED.organization.id);
		sandbox.esign.finalize(contract);
		// Finalized, but not timestamped yet: not complete.
		expect(await trigger.poll()).toEqual([]);

		sandbox.esign.issuePendingCertificates();
		const emitted = await trigger.poll();
		expect(emitted).toMatchObject([
			{
				id: contract,
				finalized: true,
				witness: { nom151: { provider: 'CINCEL' } },
			},
		]);
		const validate = triggerOutputValidator('signatureRequest', 'completed');
		expect(validate(emitted[0]) || schemaErrors(validate)).toBe(true);
		expect(await trigger.poll()).toEqual([]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('timestamped first, finalized later (a WITNESS_CO organization): fires at the finalization, once', async () => {
		const key = sandbox.createKey('witness.co key', SEED.witnessCoOrganization.id);
		const trigger = new TriggerPoller(
			{ ...completed, organizationId: SEED.witnessCoOrganization.id, simplify: false },
			sandboxCredentials(sandbox, { apiKey: key.secret }),
		);
		await trigger.poll();
		const id = (
			sandbox.esign.createRequest(
				{
					name: 'Acta',
					organization: SEED.witnessCoOrganization.id,
					content: {
						RawContent: { raw: sandbox.esign.uploaded(SEED.witnessCoOrganization.id, 'Acta') },
					},
				},
				SEED.witnessCoOrganization.id,
			).body as { id: string }
		).id;
		sandbox.esign.issuePendingCertificates();
		expect(await trigger.poll()).toEqual([]);
		sandbox.esign.finalize(id);
		expect(
			(await trigger.poll()).map((item) => [
				item.id,
				(item.witness as { witnessCo?: unknown }).witnessCo !== undefined,
			]),
		).toEqual([[id, true]]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('a timestamp that arrives after another request completed (the cursor past its finalization) is still found, through the witness', async () => {
		freezeClock('2026-11-02T10:00:00.000Z');
		const trigger = poller(completed);
		await trigger.poll();
		sandbox.esign.certificationDelayMs = 60 * 60_000;
		const late = newRequest('late');
		sandbox.esign.finalize(late);
		freezeClock('2026-11-02T10:05:00.000Z');
		const quick = newRequest('quick');
		sandbox.esign.finalize(quick);
		// Only the quick one's certificate arrives: the cursor moves past the late one's finalization.
		sandbox.esign.certificationDelayMs = 0;
		const quickWitness = [...sandbox.esign.witnesses.values()].find(
			(witness) => witness.signatureRequestId === quick,
		);
		if (quickWitness) quickWitness.certifiesAt = 0;
		freezeClock('2026-11-02T10:10:00.000Z');
		expect((await trigger.poll()).map((item) => item.id)).toEqual([quick]);

		freezeClock('2026-11-02T11:00:00.000Z');
		sandbox.esign.issuePendingCertificates();
		expect((await trigger.poll()).map((item) => item.id)).toEqual([late]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('many completed between two polls: each once, in the order they completed', async () => {
		const trigger = poller(completed);
		await trigger.poll();
		const ids = ['uno', 'dos', 'tres'].map((name) => {
			const id = newRequest(name);
			sandbox.esign.finalize(id);
			return id;
		});
		sandbox.esign.issuePendingCertificates();
		const emitted = await trigger.poll();
		expect(emitted.map((item) => item.id).sort()).toEqual([...ids].sort());
		expect(new Set(emitted.map((item) => item.id)).size).toBe(3);
		expect(await trigger.poll()).toEqual([]);
	});
});
