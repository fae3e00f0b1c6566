/**
 * What one run of a node shares: its pacer, how it reads the Plumaa credential, and the locks that
 * keep rotations of one credential apart. The router (or a trigger's poll, or an editor list) makes
 * one and passes it down; nothing is found through module-level maps.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import type { PlumaaCredentials } from './api.types';
import type { Time } from './clock';
import { realTime } from './clock';
import type { PacerSettings } from './pacer';
import { RequestPacer } from './pacer';

/** Where Plumaa is called from: an action's run, the editor's lists, or the trigger's poll. */
export type PlumaaContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const PLUMAA_CREDENTIAL_TYPE = 'plumaaApi';

/** Runs work for one key (a credential's ID) one after another. */
export class KeyedLocks {
	private readonly tails = new Map<string, Promise<unknown>>();

	async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const current = previous.then(work, work);
		const settled = current.catch(() => undefined);
		this.tails.set(key, settled);
		try {
			return await current;
		} finally {
			if (this.tails.get(key) === settled) this.tails.delete(key);
		}
	}
}

/**
 * Rotations of one credential in this n8n process, whichever run starts them: the second starts from the
 * key the first stored. One per process, handed to every run (across processes, Rotate's checks keep
 * the credential working).
 */
const rotationsOfThisProcess = new KeyedLocks();

export interface RunSettings {
	pacing: PacerSettings;
	/** Whether items may share one read of the credential (not for Rotate, which changes it). */
	shareCredentials: boolean;
	time?: Time;
	rotations?: KeyedLocks;
}

export class PlumaaRun {
	readonly pacer: RequestPacer;
	readonly time: Time;
	readonly rotations: KeyedLocks;
	private readonly shareCredentials: boolean;
	private sharedRead: Promise<PlumaaCredentials> | undefined;

	constructor(settings: RunSettings) {
		this.time = settings.time ?? realTime;
		this.pacer = new RequestPacer(settings.pacing, this.time);
		this.shareCredentials = settings.shareCredentials;
		this.rotations = settings.rotations ?? rotationsOfThisProcess;
	}

	/** The Plumaa credential; read once for the whole run when items share it (n8n decrypts it on every read). */
	async credentials(context: PlumaaContext, itemIndex: number): Promise<PlumaaCredentials> {
		const read = async () =>
			await context.getCredentials<PlumaaCredentials>(PLUMAA_CREDENTIAL_TYPE, itemIndex);
		if (!this.shareCredentials) return await read();
		this.sharedRead ??= read();
		return await this.sharedRead;
	}
}

/** Without the router (the trigger's polls, the editor's From List): Auto, and 5 minutes for rate limits. */
export function defaultRun(): PlumaaRun {
	return new PlumaaRun({
		pacing: { concurrency: 'auto', rateLimitBudgetMs: 300_000 },
		shareCredentials: true,
	});
}
