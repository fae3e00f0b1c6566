/**
 * Shapes of the Plumaa REST API as this package uses them.
 * Written from Plumaa's OpenAPI components; kept in one module so every operation shares them.
 */

/** A MongoDB ObjectId: 24 hexadecimal characters, e.g. `5e5677d71bdc2ae76344968c`. */
export type ObjectId = string;

/** An RFC 3339 date-time string in UTC, e.g. `2026-01-31T12:00:00.000Z`. */
export type DateTimeString = string;

/** An organization's conservation policy. */
export type ConservationPolicy = 'NOM151' | 'MERKLEIZED' | 'WITNESS_CO';

export interface Quota {
	id: ObjectId;
	/** Whether the organization may use the API at all. */
	API: boolean;
	/** Grouped (Merkle tree) NOM-151 certificates left. */
	groupedNOM151: number;
	/** Single NOM-151 certificates left. */
	nom151: number;
}

export interface SignatureRequestPolicies {
	conservation: ConservationPolicy;
}

export interface Policies {
	signatureRequest: SignatureRequestPolicies;
}

export interface Organization {
	id: ObjectId;
	name: string;
	logo: string | null;
	emailAddress: string;
	quota?: Quota;
	policies?: Policies;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

export interface ApiKey {
	id: ObjectId;
	enabled: boolean;
	name: string;
	secret: string;
	organization: Organization;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** One entry of the `errors` array that Plumaa's GraphQL-generated REST layer (SOFA) answers with. */
export interface PlumaaGraphQlError {
	message: string;
	path?: Array<string | number>;
	extensions?: { code?: string; [key: string]: unknown };
}

export interface PlumaaErrorBody {
	errors: PlumaaGraphQlError[];
}

/** Where the credential points the node. */
export type PlumaaEnvironment = 'production' | 'staging' | 'custom';

/** The data of a Plumaa API credential: one shape for the node, the sandbox, the tests and `npm start`. */
export interface PlumaaCredentials {
	apiKey: string;
	environment: PlumaaEnvironment;
	baseUrl?: string;
	/** The ID of the key whose secret `apiKey` holds; optional, needed only to rotate it. */
	keyId?: string;
	/** Optional: the organization operations use when their own Organization ID is empty. */
	organizationId?: string;
	/**
	 * Set by Rotate with the new key, cleared once the old key is retired: JSON `{ "keyId", "action" }` of the
	 * key a rotation still has to disable or delete. Never a secret.
	 */
	pendingRetirement?: string;
}

/** The data of the package's n8n API credential, with which Rotate updates the Plumaa credential. */
export interface N8nApiCredentials {
	/** The n8n public API base URL, ending in /api/v1. */
	baseUrl: string;
	apiKey: string;
}

/** A list answer of Plumaa (SOFA): the page's results and where the list goes on. */
export interface ResultsInfo {
	id: string;
	count?: number;
	pages?: number;
	next?: number | null;
	prev?: number | null;
}

export interface PlumaaList<T> {
	id: string;
	info: ResultsInfo;
	results: T[];
}

export type HashAlgorithm = 'SHA256';

/** A single NOM-151 certificate (timestamp) issued for a witness. */
export interface Nom151Strategy {
	provider?: 'CINCEL';
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** A grouped NOM-151 certificate: the witness is a leaf of a Merkle tree that is certified. */
export interface MerkleizedNom151Strategy {
	txHash?: string;
	network?: string;
	merkleProof?: string[];
	merkleRoot?: string;
	nom151Provider?: 'CINCEL';
	algorithm?: HashAlgorithm;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** A witness.co timestamp (organizations whose conservation policy is WITNESS_CO): a leaf of witness.co's tree. */
export interface WitnessCoStrategy {
	timestamp: DateTimeString;
	leafIndex: number;
	leftHashes: string[];
	rightHashes: string[];
	targetRootHash: string;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** Proof that a document (by its hash) existed; NOM-151 certificates are issued on it. */
export interface Witness {
	id: ObjectId;
	hash: string;
	algorithm: HashAlgorithm;
	organization: Organization;
	/** The signature request the witness belongs to (not for witnesses made through the API). */
	signatureRequest?: SignatureRequest;
	nom151?: Nom151Strategy;
	merkleized?: MerkleizedNom151Strategy;
	witnessCo?: WitnessCoStrategy;
	/** Earliest time any strategy timestamped the hash; absent until then. */
	timestampedAt?: DateTimeString;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** The conservation strategies that can timestamp a witness, as Plumaa names their fields. */
export type TimestampStrategy = 'nom151' | 'merkleized' | 'witnessCo';

/**
 * What Witness operations hand on: the witness, whether a NOM-151 certificate was issued on it, and
 * which strategies (NOM-151 or witness.co) have timestamped it.
 */
export type WitnessOutput = Witness & {
	certified: boolean;
	certification: 'single' | 'grouped' | null;
	timestamped: boolean;
	timestampedBy: TimestampStrategy[];
};

export type SignatureContent =
	| { id: ObjectId; raw: string }
	| { id: ObjectId; json: string }
	| { id: ObjectId; pdf: string }
	| ({ id: ObjectId; raw: string } & Record<string, unknown>);

export type InviteStatus = 'PENDING' | 'SIGNED' | 'WITNESSED' | 'REJECTED';

export interface Subject {
	id: ObjectId;
	commonName: string;
	serialNumber: string;
	RFC: string;
	EVMAddress: string;
	country?: string;
	emailAddress?: string;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** A signer's link to an organization: created by the signer, it lets the organization invite them. */
export interface OrganizationLink {
	id: ObjectId;
	subject: Subject;
	organization: Organization;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** A certificate authority (in Mexico, SAT or another issuer Banxico certifies). */
export interface Issuer {
	id: ObjectId;
	commonName: string;
	RFC?: string;
	organization?: string;
	hash: string;
	publicKey: { exponent: string; modulus: string };
	certificatePem: string;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** A signer's X.509 certificate (in Mexico, the e.firma). */
export interface Certificate {
	id: ObjectId;
	serialNumber: string;
	issuer: Issuer;
	notBefore: DateTimeString;
	notAfter: DateTimeString;
	subject: Subject;
	publicKey: { exponent: string; modulus: string };
	version: number;
	hash: string;
	/** "AWS S3 URI path to the certificate's PEM data". */
	certificatePem: string;
	revoked: boolean;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** Signature requests created in one bucket of time (hour, day or month). */
export interface Timepoint {
	mark: string;
	count: number;
}

export interface SignatureRequestInvite {
	id: ObjectId;
	signatureRequest: SignatureRequest;
	subject: Subject;
	status: InviteStatus;
	/** The certificate it was signed with: the object, or (as some answers may give it) only its ID. */
	certificate?: Certificate | ObjectId;
	/** The signature, hexadecimal. */
	signature?: string;
	/** The CA's OCSP answer for the certificate, ASN.1 as hexadecimal. */
	ocspResponse?: string;
	witness?: Witness;
	/** Only present if signed (Plumaa may also store `null`). */
	signedAt?: DateTimeString | null;
	/** Only present if rejected (Plumaa may also store `null`). */
	rejectedAt?: DateTimeString | null;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

export interface SignatureRequest {
	id: ObjectId;
	name: string;
	draft: boolean;
	finalized: boolean;
	content: SignatureContent;
	anonymousKey: string;
	organization: Organization;
	witness: Witness;
	invites: SignatureRequestInvite[];
	signed: number;
	pending: number;
	rejected: number;
	rejectedAt?: DateTimeString;
	createdAt: DateTimeString;
	updatedAt: DateTimeString;
}

/** Where a file goes before a signature request is created from it (a presigned storage URL). */
export interface PresignedUpload {
	url: string;
	key: string;
}
