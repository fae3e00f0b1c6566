/** The Plumaa node's own types: its operations and resources, what one item's run gets, and its outputs. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type {
	ApiKey,
	DateTimeString,
	ObjectId,
	Organization,
	TimestampStrategy,
} from '../shared/api.types';
import type { PlumaaRun } from '../shared/run';
import type { Shape } from '../shared/simplified';
import type { Caller } from '../shared/transport/request';

/** One input item's run of an operation: the node's context, the run it belongs to, and the item. */
export interface ItemCall extends Caller {
	context: IExecuteFunctions;
	run: PlumaaRun;
	/**
	 * An output's JSON as the item's Simplify setting wants it (the operation's `shape`; unchanged without
	 * one). The router applies it to a single result; an operation that hands on a list of items applies it
	 * to each as it makes them, so that a long list never holds Plumaa's whole objects and the simplified
	 * ones side by side.
	 */
	shape(json: IDataObject): IDataObject;
}

/** One output item of an operation that hands on several, or binary data. */
export type OutputItem = Pick<INodeExecutionData, 'json' | 'binary'>;

/** One operation: its fields and what it does for one input item. */
export interface PlumaaOperation {
	/** Its value in the resource's Operation dropdown, e.g. "delete". */
	value: string;
	/**
	 * The operation's own fields; the router adds the displayOptions that show them, and the
	 * node-wide options (Timeout, Concurrency) to its Options collection.
	 */
	properties: INodeProperties[];
	/** Items run one after another and Concurrency is not offered: for work on shared state. */
	oneAtATime?: boolean;
	/**
	 * The Plumaa object its outputs are (see shared/simplified). With it, the router offers the Simplify
	 * field, on by default, and shapes every output item's JSON by it.
	 */
	shape?: Shape;
	/**
	 * Runs the operation for one input item: the JSON of its one output item, a list of output items
	 * (Get Many; an item with binary data), which the router pairs to the input item, or a partial success.
	 */
	execute(item: ItemCall): Promise<IDataObject | OutputItem[] | PartialSuccess>;
}

export interface PlumaaResource {
	/** Its value in the node's Resource dropdown, e.g. "apiKey". */
	value: string;
	/**
	 * The resource's Operation dropdown, written out as a literal so that n8n's scanner checks
	 * its names, actions and default.
	 */
	operationProperty: INodeProperties;
	operations: PlumaaOperation[];
}

/**
 * What an item hands on when its main work stood but a later step failed (a witness whose certificate
 * could not be requested, a rotation whose old key could not be retired). Without continue-on-fail the
 * router fails the run with `error`; under "continue (regular output)" the item keeps `output`, with the
 * message in `error`, so the next nodes see both what was done and what was not.
 */
export class PartialSuccess {
	constructor(
		readonly output: IDataObject,
		readonly error: NodeOperationError | NodeApiError,
	) {}
}

/** An API key as outputs show it: the secret only where the user asked for it. */
export type ApiKeyOutput = Omit<ApiKey, 'secret'> & { secret?: string };

/** What Rotate does with the key the credential held before. */
export type OldKeyAction = 'disable' | 'delete' | 'keep';

/** What Rotate hands on: no secret at all. */
export interface RotationOutput {
	newKey: { id: ObjectId; name: string; createdAt: DateTimeString };
	oldKey: { id: ObjectId; action: OldKeyAction; done: boolean; error?: string };
	/** The old key of an earlier, interrupted rotation, which this run retired first. */
	resumed?: { id: ObjectId; action: Exclude<OldKeyAction, 'keep'>; done: true };
	organization: Organization;
	credential: { id: string; name: string };
}

/** What Witness → Verify outputs for one document, witnessed or not. */
export interface VerificationOutput extends IDataObject {
	hash: string;
	witnessed: boolean;
	certified: boolean;
	certification: 'single' | 'grouped' | null;
	timestamped: boolean;
	timestampedBy: TimestampStrategy[];
	timestampedAt: string | null;
	witnessId: string | null;
	signatureRequestId: string | null;
	organizationId: string;
	organization?: Organization;
}

/** A signer's certificate as Get Evidence reports it. */
export interface CertificateEvidence extends IDataObject {
	id: string;
	serialNumber: string;
	issuer: string | null;
	issuerRFC: string | null;
	notBefore: string;
	notAfter: string;
	revoked: boolean;
	/** Not revoked (as Plumaa says now) and within its validity when the signer signed; null if unsigned. */
	validAtSigning: boolean | null;
}

/** One invite of a request, as Get Evidence reports it. */
export interface SignerEvidence extends IDataObject {
	inviteId: string;
	status: string;
	name: string | null;
	RFC: string | null;
	CURP: string | null;
	email: string | null;
	signedAt: string | null;
	rejectedAt: string | null;
	signature: string | null;
	certificate: CertificateEvidence | null;
	ocspResponsePresent: boolean;
}

/** What Signature Request → Get Evidence outputs: one item per request. */
export interface EvidenceOutput {
	signatureRequest: IDataObject;
	organization: Organization;
	witness: IDataObject | null;
	signers: SignerEvidence[];
	summary: {
		signers: number;
		signed: number;
		pending: number;
		rejected: number;
		allSigned: boolean;
		certified: boolean;
		timestamped: boolean;
		complete: boolean;
	};
}
