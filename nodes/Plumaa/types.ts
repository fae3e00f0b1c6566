/**
 * Shapes of the Plumaa REST API as this package uses them.
 * Written from Plumaa's OpenAPI components; kept in one module so every operation shares them.
 */

/** A MongoDB ObjectId: 24 hexadecimal characters, e.g. `5e5677d71bdc2ae76344968c`. */
export type ObjectId = string;

/** An RFC 3339 date-time string in UTC, e.g. `2026-01-31T12:00:00.000Z`. */
export type DateTimeString = string;

export type ConservationStrategy = 'NOM151' | 'MERKLEIZED' | 'WITNESS_CO';

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
	conservation: ConservationStrategy;
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
}

/** The data of the package's n8n API credential, with which Rotate updates the Plumaa credential. */
export interface N8nApiCredentials {
	/** The n8n public API base URL, ending in /api/v1. */
	baseUrl: string;
	apiKey: string;
}

/** An API key as outputs show it: the secret only where the user asked for it. */
export type ApiKeyOutput = Omit<ApiKey, 'secret'> & { secret?: string };

/** What Create hands on: the new key, secret included (handing it on is the point). */
export type CreatedApiKeyOutput = ApiKey;

/** What Rotate does with the key the credential held before. */
export type OldKeyAction = 'disable' | 'delete' | 'keep';

/** What Rotate hands on: no secret at all. */
export interface RotationOutput {
	newKey: { id: ObjectId; name: string; createdAt: DateTimeString };
	oldKey: { id: ObjectId; action: OldKeyAction; done: boolean; error?: string };
	organization: Organization;
	credential: { id: string; name: string };
}
