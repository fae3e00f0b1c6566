/**
 * The sandbox's e-signature side: witnesses and NOM-151 certificates (with quota), signature requests
 * (with the presigned upload), subjects and invites, answered as Plumaa's REST layer would.
 * Requests reach these handlers only after the OpenAPI check (./openapi) and the key check.
 */
import { createHash, randomBytes } from 'node:crypto';

import type {
	Certificate,
	Issuer,
	Organization,
	PlumaaGraphQlError,
	SignatureRequest,
	SignatureRequestInvite,
	Subject,
	Witness,
} from '../../nodes/shared/api.types';

export interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export const STORAGE_PREFIX = '/__storage';

export function newObjectId(): string {
	return randomBytes(12).toString('hex');
}

export function sofaError(message: string, code: string, path: string[], status = 500): Answer {
	const body: { errors: PlumaaGraphQlError[] } = {
		errors: [{ message, path, extensions: { code } }],
	};
	return { status, body };
}

/** Plumaa's answer when a key acts on another organization's object. */
function notYourOrganization(operation: string): Answer {
	return sofaError('Not authorized: the API key can only use its own organization.', 'FORBIDDEN', [
		operation,
	]);
}

const ok = (body: unknown): Answer => ({ status: 200, body });

type Stored<T> = Omit<T, 'organization'> & { organizationId: string };
type StoredWitness = Stored<Witness> & {
	certifiesAt?: number;
	certifyingAs?: 'single' | 'grouped';
	/** When witness.co timestamps it (witnesses of organizations whose policy is WITNESS_CO). */
	witnessCoAt?: number;
	signatureRequestId?: string;
};
type StoredRequest = Omit<
	Stored<SignatureRequest>,
	'witness' | 'invites' | 'signed' | 'pending' | 'rejected'
> & { witnessId: string };
type StoredInvite = Omit<SignatureRequestInvite, 'signatureRequest' | 'subject'> & {
	signatureRequestId: string;
	subjectId: string;
};

interface PendingUpload {
	key: string;
	md5Hex: string;
	organizationId: string;
	expiresAt: number;
}

interface StoredFile {
	bytes: Buffer;
	md5Hex: string;
}

export const SUBJECTS = [
	{
		id: '66c0a1b2c3d4e5f6a7b8c901',
		commonName: 'Ana Torres Ruiz',
		emailAddress: 'ana.torres@example.mx',
		RFC: 'TORA850101AB1',
		serialNumber: 'TORA850101MDFRRN01',
	},
	{
		id: '66c0a1b2c3d4e5f6a7b8c902',
		commonName: 'Bruno Díaz Peña',
		emailAddress: 'bruno.diaz@example.mx',
		RFC: 'DIPB900202CD2',
		serialNumber: 'DIPB900202HDFZXR02',
	},
	{
		id: '66c0a1b2c3d4e5f6a7b8c903',
		commonName: 'Carla Méndez Soto',
		emailAddress: 'carla@otra.example',
		RFC: 'MESC700303EF3',
		serialNumber: 'MESC700303MDFNTR03',
	},
	// A member of the seeded organization (its staff), who has not linked to it as a signer.
	{
		id: '66c0a1b2c3d4e5f6a7b8c904',
		commonName: 'Diego Luna Ramos',
		emailAddress: 'diego.luna@notaria-ejemplo.mx',
		RFC: 'LURD800404GH4',
		serialNumber: 'LURD800404HDFNMG04',
	},
] as const;

/**
 * Who `GET /subjects` lists for an organization's key. OpenAPI: "Subjects that are members of the
 * organizations the caller is a member of" (`members`); or the subjects linked to it (`linked`), the
 * reading the node was first written for. Invites need a link under both.
 */
export type SubjectsScope = 'members' | 'linked';

const hex = (seed: string, bytes = 32) =>
	createHash('sha256')
		.update(seed)
		.digest('hex')
		.repeat(Math.ceil(bytes / 32))
		.slice(0, bytes * 2);

/** The certificate authority of the seeded signers' e.firma (SAT). */
export const ISSUER: Issuer = {
	id: '66d0a1b2c3d4e5f6a7b8c9f0',
	commonName: 'AUTORIDAD CERTIFICADORA',
	RFC: 'SAT970701NN3',
	organization: 'SERVICIO DE ADMINISTRACION TRIBUTARIA',
	hash: hex('issuer'),
	publicKey: { exponent: '010001', modulus: hex('issuer modulus', 64) },
	certificatePem: 's3://plumaa-certificates/issuers/sat.pem',
	createdAt: '2024-01-01T00:00:00.000Z',
	updatedAt: '2024-01-01T00:00:00.000Z',
};

/**
 * Each seeded signer's e.firma certificate: Ana's and Diego's valid, Bruno's revoked, Carla's expired
 * before anyone signs in a test (outside its validity at signedAt).
 */
export const CERTIFICATES = SUBJECTS.map((subject, index) => ({
	id: `66e0a1b2c3d4e5f6a7b8c90${index + 1}`,
	subjectId: subject.id,
	serialNumber: hex(`serial ${subject.id}`, 20),
	notBefore: index === 2 ? '2021-01-01T00:00:00.000Z' : '2024-06-01T00:00:00.000Z',
	// Far ahead: whether a certificate is valid now must not change with the day the tests run.
	notAfter: index === 2 ? '2025-01-01T00:00:00.000Z' : '2099-06-01T00:00:00.000Z',
	revoked: index === 1,
}));

/** A date-range argument: `gte`/`lte` inclusive, `exists` on presence. */
interface Range {
	gte?: string;
	lte?: string;
	exists?: boolean;
}

/** As MongoDB reads it: `exists: true` matches a stored `null` too (only a missing field is not there). */
function inRange(value: string | null | undefined, range: Range | undefined): boolean {
	if (!range) return true;
	if (range.exists !== undefined && (value !== undefined) !== range.exists) return false;
	if (value === null) return range.gte === undefined && range.lte === undefined;
	if (range.gte !== undefined && (value === undefined || Date.parse(value) < Date.parse(range.gte)))
		return false;
	if (range.lte !== undefined && (value === undefined || Date.parse(value) > Date.parse(range.lte)))
		return false;
	return true;
}

export function idMatches(
	value: string | undefined,
	arg: { eq?: string; in?: string[] } | undefined,
): boolean {
	if (!arg) return true;
	const id = value?.toLowerCase();
	if (arg.eq !== undefined && id !== String(arg.eq).toLowerCase()) return false;
	if (
		arg.in !== undefined &&
		!arg.in.map((entry) => String(entry).toLowerCase()).includes(id ?? '')
	)
		return false;
	return true;
}

/** Query arguments as SOFA reads them: JSON for objects, `true` for true. */
export function parseArgs(query: Record<string, string>): Record<string, unknown> {
	const args: Record<string, unknown> = {};
	for (const [name, raw] of Object.entries(query)) {
		try {
			args[name] = JSON.parse(raw);
		} catch {
			args[name] = raw;
		}
	}
	return args;
}

/** One page of a sorted list, with `info` as Plumaa's lists carry it. */
export function pageOf<T extends { createdAt: string; updatedAt: string }>(
	items: T[],
	args: Record<string, unknown>,
	maxSize?: number,
): { id: string; info: Record<string, unknown>; results: T[] } {
	const sort = args.sort as
		{ field?: 'createdAt' | 'updatedAt'; order?: 'asc' | 'desc' } | undefined;
	const field = sort?.field ?? 'createdAt';
	const direction = sort?.order === 'asc' ? 1 : -1;
	// Each time read once (lists of tens of thousands are paged through in the benchmarks).
	const sorted = items
		.map((item) => ({ item, time: Date.parse(item[field]) }))
		.sort((a, b) => direction * (a.time - b.time))
		.map(({ item }) => item);
	const pagination = args.pagination as { page?: number; size?: number } | undefined;
	// A server with a cap gives pages of the cap, counted in pages of the cap (its info says so).
	const size = Math.min(Math.max(1, Number(pagination?.size ?? 10)), maxSize ?? Infinity);
	const page = Math.max(1, Number(pagination?.page ?? 1));
	const pages = Math.ceil(sorted.length / size);
	return {
		id: newObjectId(),
		info: {
			id: newObjectId(),
			count: sorted.length,
			pages,
			next: page < pages ? page + 1 : null,
			prev: page > 1 ? page - 1 : null,
		},
		results: sorted.slice((page - 1) * size, page * size),
	};
}

export class ESignatureStore {
	/** Milliseconds between a certification request and the certificate (Plumaa: up to an hour). */
	certificationDelayMs = 0;
	/** The most results a list page holds, whatever size is asked (Plumaa documents no maximum). */
	maxPageSize: number | undefined = undefined;
	/** Whether PDF URLs in answers can be downloaded without signing in (undocumented in Plumaa). */
	pdfDownloads = true;
	/** Plumaa's OpenAPI says only members may invite: refuse invites made with API keys. */
	invitesForMembersOnly = false;
	/**
	 * A reading switch: Plumaa may store an invite's unset `signedAt` / `rejectedAt` as `null` (then
	 * `exists: true` matches pending invites too) or leave them out (the OpenAPI file: "Only present if").
	 */
	unsetDatesAsNull = false;
	/**
	 * A reading switch: the `content` shape Plumaa's new-request input takes. `openapi`: the OpenAPI
	 * file's ContentInput, `{ PDFContent: { pdf } }`; `quickstart`: the quickstart's flat `{ pdf }`.
	 */
	contentShape: 'openapi' | 'quickstart' = 'openapi';
	/** A reading switch: who `GET /subjects` lists (see SubjectsScope). */
	subjectsScope: SubjectsScope = 'members';
	/** Clock for created/updated times: tests move it to put events on the same millisecond. */
	now: () => Date = () => new Date();

	readonly witnesses = new Map<string, StoredWitness>();
	readonly requests = new Map<string, StoredRequest>();
	readonly invites = new Map<string, StoredInvite>();
	readonly subjects = new Map<string, Subject>();
	/** Subject ids linked to each organization: who may be invited. */
	readonly links = new Map<string, Set<string>>();
	/** Subject ids that are members of each organization (its people, not its signers). */
	readonly members = new Map<string, Set<string>>();
	readonly uploads = new Map<string, PendingUpload>();
	/** Certificate IDs each invite was signed with. */
	private readonly inviteCertificates = new Map<string, string>();
	readonly files = new Map<string, StoredFile>();

	constructor(
		private readonly organizationOf: (id: string) => Organization | undefined,
		private readonly origin: () => string,
	) {}

	reset(seedOrganizationId: string): void {
		this.certificationDelayMs = 0;
		this.maxPageSize = undefined;
		this.pdfDownloads = true;
		this.invitesForMembersOnly = false;
		this.unsetDatesAsNull = false;
		this.subjectsScope = 'members';
		this.contentShape = 'openapi';
		this.now = () => new Date();
		for (const store of [
			this.witnesses,
			this.requests,
			this.invites,
			this.subjects,
			this.links,
			this.members,
			this.inviteCertificates,
			this.uploads,
			this.files,
		])
			store.clear();
		for (const subject of SUBJECTS) {
			this.subjects.set(subject.id, {
				...subject,
				country: 'MX',
				EVMAddress: `0x${createHash('sha256').update(subject.id).digest('hex').slice(0, 40)}`,
				createdAt: '2025-09-01T10:00:00.000Z',
				updatedAt: '2025-09-01T10:00:00.000Z',
			});
		}
		// The first two signers are linked to the seeded organization; the third is not.
		this.links.set(seedOrganizationId, new Set([SUBJECTS[0].id, SUBJECTS[1].id]));
		this.members.set(seedOrganizationId, new Set([SUBJECTS[3].id]));
	}

	private stamp(): string {
		return this.now().toISOString();
	}

	linkedSubjects(organizationId: string): Subject[] {
		return [...(this.links.get(organizationId) ?? [])].map(
			(id) => this.subjects.get(id) as Subject,
		);
	}

	// --- witnesses -----------------------------------------------------------------------------

	/** Certificates and timestamps whose time has come are issued: "certified a little later". */
	private settle(witness: StoredWitness): StoredWitness {
		const at = this.stamp();
		let changed = false;
		if (witness.certifiesAt !== undefined && Date.now() >= witness.certifiesAt) {
			if (witness.certifyingAs === 'single')
				witness.nom151 = {
					provider: 'CINCEL',
					createdAt: witness.nom151?.createdAt ?? at,
					updatedAt: at,
				};
			else
				witness.merkleized = {
					...(witness.merkleized as NonNullable<Witness['merkleized']>),
					nom151Provider: 'CINCEL',
					merkleRoot: createHash('sha256').update(witness.hash).digest('hex'),
					merkleProof: [],
					algorithm: 'SHA256',
					updatedAt: at,
				};
			delete witness.certifiesAt;
			delete witness.certifyingAs;
			changed = true;
		}
		if (witness.witnessCoAt !== undefined && Date.now() >= witness.witnessCoAt) {
			witness.witnessCo = {
				timestamp: at,
				leafIndex: this.witnesses.size,
				leftHashes: [createHash('sha256').update(`left ${witness.hash}`).digest('hex')],
				rightHashes: [],
				targetRootHash: createHash('sha256').update(`root ${witness.hash}`).digest('hex'),
				createdAt: at,
				updatedAt: at,
			};
			delete witness.witnessCoAt;
			changed = true;
		}
		if (changed) {
			// The earliest time any strategy timestamped it (the OpenAPI file's timestampedAt).
			witness.timestampedAt = witness.timestampedAt ?? at;
			witness.updatedAt = at;
		}
		return witness;
	}

	/** A witness as Plumaa answers it; with its signature request, unless it is inside that request. */
	presentWitness(witness: StoredWitness, withRequest = true): Witness {
		const settled = this.settle(witness);
		const request =
			withRequest && settled.signatureRequestId
				? this.requests.get(settled.signatureRequestId)
				: undefined;
		const answer: Witness = {
			id: settled.id,
			hash: settled.hash,
			algorithm: settled.algorithm,
			organization: this.organization(settled.organizationId),
			...(settled.nom151 ? { nom151: { ...settled.nom151 } } : {}),
			...(settled.merkleized ? { merkleized: { ...settled.merkleized } } : {}),
			...(settled.witnessCo ? { witnessCo: { ...settled.witnessCo } } : {}),
			...(settled.timestampedAt ? { timestampedAt: settled.timestampedAt } : {}),
			...(request ? { signatureRequest: this.presentRequest(request, false) } : {}),
			createdAt: settled.createdAt,
			updatedAt: settled.updatedAt,
		};
		return answer;
	}

	private organization(id: string): Organization {
		return JSON.parse(JSON.stringify(this.organizationOf(id))) as Organization;
	}

	storeWitness(hash: string, organizationId: string, signatureRequestId?: string): StoredWitness {
		const at = this.stamp();
		const witness: StoredWitness = {
			id: newObjectId(),
			hash: hash.toLowerCase(),
			algorithm: 'SHA256',
			organizationId,
			createdAt: at,
			updatedAt: at,
			...(signatureRequestId ? { signatureRequestId } : {}),
		};
		// A WITNESS_CO organization's documents are timestamped by witness.co, with no certification call.
		if (
			this.organizationOf(organizationId)?.policies?.signatureRequest?.conservation === 'WITNESS_CO'
		)
			witness.witnessCoAt = Date.now() + this.certificationDelayMs;
		this.witnesses.set(witness.id, witness);
		return witness;
	}

	createWitness(
		input: { hash: string; organization: string },
		callerOrganizationId: string,
	): Answer {
		const organizationId = input.organization.toLowerCase();
		if (organizationId !== callerOrganizationId) return notYourOrganization('createWitness');
		if (!/^[0-9a-fA-F]{64}$/.test(input.hash))
			return sofaError(
				`Variable "$input" got invalid value; hash "${input.hash}" is not a SHA-256 hexadecimal digest`,
				'BAD_USER_INPUT',
				[],
				400,
			);
		const existing = [...this.witnesses.values()].find(
			(witness) =>
				witness.organizationId === organizationId && witness.hash === input.hash.toLowerCase(),
		);
		if (existing)
			return sofaError(
				`A witness for hash ${input.hash.toLowerCase()} already exists`,
				'BAD_USER_INPUT',
				['createWitness'],
			);
		return ok(this.presentWitness(this.storeWitness(input.hash, organizationId)));
	}

	certify(witnessId: string, kind: 'single' | 'grouped', callerOrganizationId: string): Answer {
		const field = kind === 'single' ? 'NOM151Certification' : 'scheduleGroupedNOM151Certification';
		const witness = this.witnesses.get(witnessId.toLowerCase());
		if (!witness) return ok(null);
		if (witness.organizationId !== callerOrganizationId) return notYourOrganization(field);
		this.settle(witness);
		if (witness.nom151 || witness.merkleized || witness.certifyingAs)
			return sofaError(
				'The witness already has a NOM151 certification requested',
				'BAD_USER_INPUT',
				[field],
			);
		const quota = this.organizationOf(witness.organizationId)?.quota;
		const left = kind === 'single' ? quota?.nom151 : quota?.groupedNOM151;
		if (!quota || left === undefined || left <= 0) {
			return sofaError(
				`Not enough ${kind === 'single' ? 'NOM151' : 'grouped NOM151'} quota to certify the witness`,
				'FORBIDDEN',
				[field],
			);
		}
		if (kind === 'single') quota.nom151 -= 1;
		else quota.groupedNOM151 -= 1;
		const at = this.stamp();
		if (kind === 'single') witness.nom151 = { createdAt: at, updatedAt: at };
		else witness.merkleized = { createdAt: at, updatedAt: at };
		witness.updatedAt = at;
		witness.certifyingAs = kind;
		witness.certifiesAt = Date.now() + this.certificationDelayMs;
		return ok(this.presentWitness(witness));
	}

	/** Issues every pending certificate now (a test's "an hour later"). */
	issuePendingCertificates(): void {
		for (const witness of this.witnesses.values()) {
			if (witness.certifiesAt !== undefined) witness.certifiesAt = 0;
			if (witness.witnessCoAt !== undefined) witness.witnessCoAt = 0;
			this.settle(witness);
		}
	}

	/** OpenAPI: witnesses are scoped to "All witnesses": the first of any organization with the hash. */
	witnessByHash(hash: string): Answer {
		const witness = [...this.witnesses.values()].find(
			(candidate) => candidate.hash === hash.toLowerCase(),
		);
		return ok(witness ? this.presentWitness(witness) : null);
	}

	/** OpenAPI: "All witnesses", whichever organization made them; `organization` narrows it. */
	listWitnesses(args: Record<string, unknown>): Answer {
		const found = [...this.witnesses.values()]
			.map((witness) => this.settle(witness))
			.filter(
				(witness) =>
					idMatches(witness.id, args._id as never) &&
					idMatches(witness.organizationId, args.organization as never),
			)
			.filter((witness) => idMatches(witness.hash, args.hash as never))
			.filter(
				(witness) =>
					inRange(witness.createdAt, args.createdAt as Range) &&
					inRange(witness.updatedAt, args.updatedAt as Range),
			)
			.filter((witness) =>
				inRange(
					witness.nom151?.createdAt,
					(args.nom151 as { createdAt?: Range } | undefined)?.createdAt,
				),
			);
		const page = pageOf(found, args, this.maxPageSize);
		return ok({ ...page, results: page.results.map((witness) => this.presentWitness(witness)) });
	}

	// --- storage -------------------------------------------------------------------------------

	signFileUrl(filePath: string, md5Hex: string, callerOrganizationId: string): Answer {
		const key = `${callerOrganizationId}${filePath.startsWith('/') ? '' : '/'}${filePath}`;
		const signature = randomBytes(16).toString('hex');
		this.uploads.set(signature, {
			key,
			md5Hex: md5Hex.toLowerCase(),
			organizationId: callerOrganizationId,
			expiresAt: Date.now() + 15 * 60_000,
		});
		const url = `${this.origin()}${STORAGE_PREFIX}/${key}?X-Amz-Expires=900&X-Amz-Signature=${signature}`;
		return ok({ url, key });
	}

	/** The storage's answer to an upload: S3's checks of the signature and Content-MD5. */
	storeUpload(
		key: string,
		signature: string | null,
		contentMd5: string | undefined,
		authorization: string | undefined,
		contentLength: string | undefined,
		bytes: Buffer,
	): Answer {
		const xml = (status: number, code: string, message: string): Answer => ({
			status,
			body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
			headers: { 'Content-Type': 'application/xml' },
		});
		if (authorization !== undefined)
			return xml(
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
			);
		// S3 takes no chunked upload to a presigned URL: the length must be said first.
		if (contentLength === undefined)
			return xml(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
		const upload = signature ? this.uploads.get(signature) : undefined;
		if (!upload || upload.key !== key)
			return xml(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		if (Date.now() > upload.expiresAt) return xml(403, 'AccessDenied', 'Request has expired');
		if (contentMd5 === undefined)
			return xml(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
		const md5 = createHash('md5').update(bytes).digest();
		if (contentMd5 !== md5.toString('base64'))
			return xml(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
		if (md5.toString('hex') !== upload.md5Hex)
			return xml(
				403,
				'SignatureDoesNotMatch',
				'The Content-MD5 is not the checksum the URL was signed for.',
			);
		this.files.set(key, { bytes, md5Hex: upload.md5Hex });
		this.uploads.delete(signature as string);
		return { status: 200, body: '', headers: { ETag: `"${upload.md5Hex}"` } };
	}

	/**
	 * A file put straight into the organization's storage, as if uploaded: for tests that make signature
	 * requests without the node. Returns its key.
	 */
	uploaded(organizationId: string, content: Buffer | string, extension = 'txt'): string {
		const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
		const key = `${organizationId}/fixtures/${newObjectId()}.${extension}`;
		this.files.set(key, { bytes, md5Hex: createHash('md5').update(bytes).digest('hex') });
		return key;
	}

	download(key: string): Answer {
		const file = this.files.get(key);
		if (!this.pdfDownloads || !file) {
			return {
				status: 403,
				body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
				headers: { 'Content-Type': 'application/xml' },
			};
		}
		return { status: 200, body: file.bytes, headers: { 'Content-Type': 'application/pdf' } };
	}

	// --- signature requests --------------------------------------------------------------------

	presentRequest(request: StoredRequest, withInvites = true): SignatureRequest {
		const { organizationId, witnessId, ...rest } = request;
		const invites = [...this.invites.values()].filter(
			(invite) => invite.signatureRequestId === request.id,
		);
		const count = (status: (invite: StoredInvite) => boolean) => invites.filter(status).length;
		return {
			...rest,
			organization: this.organization(organizationId),
			witness: this.presentWitness(this.witnesses.get(witnessId) as StoredWitness, false),
			invites: withInvites ? invites.map((invite) => this.presentInvite(invite)) : [],
			signed: count((invite) => invite.status === 'SIGNED' || invite.status === 'WITNESSED'),
			pending: count((invite) => invite.status === 'PENDING'),
			rejected: count((invite) => invite.status === 'REJECTED'),
		};
	}

	/** A signature request of a short text (the text is its name), as tests and benchmarks set one up: its ID. */
	textRequest(name: string, organizationId: string): string {
		const created = this.createRequest(
			{
				name,
				organization: organizationId,
				content: { RawContent: { raw: this.uploaded(organizationId, name) } },
			},
			organizationId,
		);
		return (created.body as { id: string }).id;
	}

	createRequest(
		input: {
			name: string;
			organization: string;
			draft?: boolean;
			nom151?: boolean;
			content: Record<string, Record<string, string>>;
		},
		callerOrganizationId: string,
	): Answer {
		const organizationId = input.organization.toLowerCase();
		if (organizationId !== callerOrganizationId)
			return notYourOrganization('createSignatureRequest');
		const [kind, value] = Object.entries(input.content)[0];
		const member = { PDFContent: 'pdf', JSONContent: 'json', RawContent: 'raw', IOUContent: 'raw' }[
			kind
		];
		if (member === undefined) {
			return sofaError(`${kind} is not supported by this sandbox`, 'BAD_USER_INPUT', [
				'createSignatureRequest',
			]);
		}
		// OpenAPI: every content input is "An AWS S3 Key" — of a file uploaded through /sign-file-url.
		const key = value[member];
		const file = this.files.get(key);
		if (!file)
			return sofaError(`No uploaded file with key "${key}"`, 'BAD_USER_INPUT', [
				'createSignatureRequest',
			]);
		if (kind === 'IOUContent')
			return sofaError('IOUContent is not supported by this sandbox', 'BAD_USER_INPUT', [
				'createSignatureRequest',
			]);
		const url = `${this.origin()}${STORAGE_PREFIX}/${key}`;
		// Answers: PDF and JSON as "An AWS S3 URL" to the file, raw content as "the raw content".
		const content: SignatureRequest['content'] =
			member === 'raw'
				? { id: newObjectId(), raw: file.bytes.toString('utf8') }
				: member === 'json'
					? { id: newObjectId(), json: url }
					: { id: newObjectId(), pdf: url };
		const hashed = file.bytes;
		const at = this.stamp();
		const id = newObjectId();
		const witness = this.storeWitness(
			createHash('sha256').update(hashed).update(id).digest('hex'),
			organizationId,
			id,
		);
		const request: StoredRequest = {
			id,
			name: input.name,
			draft: input.draft === true,
			finalized: false,
			content,
			anonymousKey: randomBytes(8).toString('hex'),
			organizationId,
			witnessId: witness.id,
			createdAt: at,
			updatedAt: at,
		};
		this.requests.set(id, request);
		return ok(this.presentRequest(request));
	}

	getRequest(id: string, callerOrganizationId: string): Answer {
		const request = this.requests.get(id.toLowerCase());
		return ok(
			request && request.organizationId === callerOrganizationId
				? this.presentRequest(request)
				: null,
		);
	}

	updateRequest(
		input: { id: string; name?: string; draft?: boolean },
		callerOrganizationId: string,
	): Answer {
		const request = this.requests.get(input.id.toLowerCase());
		if (!request) return ok(null);
		if (request.organizationId !== callerOrganizationId)
			return notYourOrganization('updateSignatureRequest');
		if (input.name !== undefined) request.name = input.name;
		if (input.draft !== undefined) request.draft = input.draft;
		request.updatedAt = this.stamp();
		return ok(this.presentRequest(request));
	}

	listRequests(args: Record<string, unknown>, callerOrganizationId: string): Answer {
		const search = (args.search as { name?: string } | undefined)?.name?.toLowerCase();
		const found = [...this.requests.values()]
			.filter((request) => request.organizationId === callerOrganizationId)
			.filter((request) => idMatches(request.id, args._id as never))
			.filter((request) => search === undefined || request.name.toLowerCase().includes(search))
			.filter((request) => args.draft === undefined || request.draft === (args.draft === true))
			.filter(
				(request) =>
					args.finalized === undefined || request.finalized === (args.finalized === true),
			)
			.filter(
				(request) =>
					inRange(request.createdAt, args.createdAt as Range) &&
					inRange(request.updatedAt, args.updatedAt as Range),
			)
			.filter((request) => inRange(request.rejectedAt, args.rejectedAt as Range));
		const page = pageOf(found, args, this.maxPageSize);
		return ok({ ...page, results: page.results.map((request) => this.presentRequest(request)) });
	}

	/** Every pending invite signs and the request is finalized (what signers do in Plumaa's app). */
	finalize(id: string): SignatureRequest | undefined {
		const request = this.requests.get(id.toLowerCase());
		if (!request) return undefined;
		for (const invite of this.invites.values())
			if (invite.signatureRequestId === request.id && invite.status === 'PENDING')
				this.answerInvite(invite.id, 'SIGNED');
		request.finalized = true;
		request.draft = false;
		request.updatedAt = this.stamp();
		// The signed request is conserved by the organization's policy: a NOM-151 certificate (single or
		// grouped) issued a little later; WITNESS_CO witnesses are timestamped by witness.co already.
		const witness = this.witnesses.get(request.witnessId);
		const policy = this.organizationOf(request.organizationId)?.policies?.signatureRequest
			?.conservation;
		if (witness && !witness.nom151 && !witness.merkleized && policy !== 'WITNESS_CO') {
			const at = this.stamp();
			if (policy === 'MERKLEIZED') witness.merkleized = { createdAt: at, updatedAt: at };
			else witness.nom151 = { createdAt: at, updatedAt: at };
			witness.certifyingAs = policy === 'MERKLEIZED' ? 'grouped' : 'single';
			witness.certifiesAt = Date.now() + this.certificationDelayMs;
			witness.updatedAt = at;
		}
		return this.presentRequest(request);
	}

	// --- certificates ----------------------------------------------------------------------------

	/** A seeded certificate as Plumaa answers it, with its subject and issuer. */
	presentCertificate(id: string): Certificate | undefined {
		const seeded = CERTIFICATES.find((certificate) => certificate.id === id.toLowerCase());
		if (!seeded) return undefined;
		const { subjectId, ...rest } = seeded;
		return {
			...rest,
			issuer: { ...ISSUER },
			subject: this.subjects.get(subjectId) as Subject,
			publicKey: { exponent: '010001', modulus: hex(`modulus ${subjectId}`, 64) },
			version: 3,
			hash: hex(`certificate ${subjectId}`),
			certificatePem: `s3://plumaa-certificates/${seeded.id}.pem`,
			createdAt: '2025-09-01T10:00:00.000Z',
			updatedAt: '2025-09-01T10:00:00.000Z',
		};
	}

	/** OpenAPI: "Certificates linked to the organizations the caller is a member of". */
	getCertificate(id: string, callerOrganizationId: string): Answer {
		const certificate = this.presentCertificate(id);
		const subjectId = certificate?.subject.id;
		const visible =
			subjectId !== undefined &&
			(this.links.get(callerOrganizationId)?.has(subjectId) === true ||
				this.members.get(callerOrganizationId)?.has(subjectId) === true);
		return ok(visible ? certificate : null);
	}

	// --- statistics ------------------------------------------------------------------------------

	/** Signature requests created per hour, day or month (UTC buckets), as `{ mark, count }`. */
	timeseries(args: Record<string, unknown>, callerOrganizationId: string): Answer {
		const granularity = String(args.granularity) as 'hour' | 'day' | 'month';
		const range = args.timestamp as Range | undefined;
		const counts = new Map<string, number>();
		for (const request of this.requests.values()) {
			if (request.organizationId !== callerOrganizationId) continue;
			if (!idMatches(request.organizationId, args.organization as never)) continue;
			if (!inRange(request.createdAt, range)) continue;
			const iso = new Date(request.createdAt).toISOString();
			const mark =
				granularity === 'hour'
					? `${iso.slice(0, 13)}:00:00.000Z`
					: granularity === 'day'
						? `${iso.slice(0, 10)}T00:00:00.000Z`
						: `${iso.slice(0, 7)}-01T00:00:00.000Z`;
			counts.set(mark, (counts.get(mark) ?? 0) + 1);
		}
		const direction = args.order === 'desc' ? -1 : 1;
		const points = [...counts.entries()]
			.map(([mark, count]) => ({ mark, count }))
			.sort((a, b) => direction * a.mark.localeCompare(b.mark));
		const limit = Number(args.limit);
		return ok(Number.isInteger(limit) && limit > 0 ? points.slice(0, limit) : points);
	}

	// --- subjects and invites ------------------------------------------------------------------

	listSubjects(args: Record<string, unknown>, callerOrganizationId: string): Answer {
		const search = (args.search ?? {}) as {
			emailAddress?: string;
			commonName?: string;
			RFC?: string;
		};
		const contains = (value: string | undefined, wanted: string | undefined) =>
			wanted === undefined || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
		const listed =
			this.subjectsScope === 'linked'
				? this.linkedSubjects(callerOrganizationId)
				: [...(this.members.get(callerOrganizationId) ?? [])].map(
						(id) => this.subjects.get(id) as Subject,
					);
		const found = listed
			.filter((subject) => idMatches(subject.id, args._id as never))
			.filter(
				(subject) =>
					contains(subject.emailAddress, search.emailAddress) &&
					contains(subject.commonName, search.commonName) &&
					contains(subject.RFC, search.RFC),
			);
		return ok(pageOf(found, args, this.maxPageSize));
	}

	/** An invite with its request, whose own invites are left out (the answer would never end). */
	presentInvite(invite: StoredInvite): SignatureRequestInvite {
		const { signatureRequestId, subjectId, ...rest } = invite;
		const request = this.requests.get(signatureRequestId) as StoredRequest;
		return {
			...rest,
			...(this.unsetDatesAsNull
				? {
						signedAt: this.storedDate(invite.signedAt),
						rejectedAt: this.storedDate(invite.rejectedAt),
					}
				: {}),
			signatureRequest: this.presentRequest(request, false),
			subject: this.subjects.get(subjectId) as Subject,
			...(this.inviteCertificates.has(invite.id)
				? {
						certificate: this.presentCertificate(
							this.inviteCertificates.get(invite.id) as string,
						) as Certificate,
					}
				: {}),
		};
	}

	/** Invites these subjects to a request, as the organization would (for tests); returns the invites' IDs. */
	inviteAll(signatureRequest: string, subjects: string[], organizationId: string): string[] {
		return subjects.map(
			(subject) =>
				(this.createInvite({ signatureRequest, subject }, organizationId).body as { id: string })
					.id,
		);
	}

	createInvite(
		input: { signatureRequest: string; subject: string },
		callerOrganizationId: string,
	): Answer {
		if (this.invitesForMembersOnly)
			return sofaError('Only members of the organization can invite signers', 'FORBIDDEN', [
				'createSignatureRequestInvite',
			]);
		const request = this.requests.get(input.signatureRequest.toLowerCase());
		if (!request)
			return sofaError(`SignatureRequest ${input.signatureRequest} not found`, 'NOT_FOUND', [
				'createSignatureRequestInvite',
			]);
		if (request.organizationId !== callerOrganizationId)
			return notYourOrganization('createSignatureRequestInvite');
		if (request.finalized)
			return sofaError(
				'The signature request is finalized and takes no new invites',
				'BAD_USER_INPUT',
				['createSignatureRequestInvite'],
			);
		const subjectId = input.subject.toLowerCase();
		if (!this.links.get(callerOrganizationId)?.has(subjectId)) {
			return sofaError(
				`Subject ${input.subject} is not linked to the organization`,
				'BAD_USER_INPUT',
				['createSignatureRequestInvite'],
			);
		}
		const at = this.stamp();
		const invite: StoredInvite = {
			id: newObjectId(),
			signatureRequestId: request.id,
			subjectId,
			status: 'PENDING',
			createdAt: at,
			updatedAt: at,
		};
		this.invites.set(invite.id, invite);
		request.updatedAt = at;
		return ok(this.presentInvite(invite));
	}

	getInvite(id: string, callerOrganizationId: string): Answer {
		const invite = this.invites.get(id.toLowerCase());
		const request = invite ? this.requests.get(invite.signatureRequestId) : undefined;
		return ok(
			invite && request?.organizationId === callerOrganizationId
				? this.presentInvite(invite)
				: null,
		);
	}

	listInvites(args: Record<string, unknown>, callerOrganizationId: string): Answer {
		const found = [...this.invites.values()]
			.filter(
				(invite) =>
					this.requests.get(invite.signatureRequestId)?.organizationId === callerOrganizationId,
			)
			.filter(
				(invite) =>
					idMatches(invite.id, args._id as never) &&
					idMatches(invite.signatureRequestId, args.signatureRequest as never) &&
					idMatches(invite.subjectId, args.subject as never),
			)
			.filter(
				(invite) =>
					inRange(this.storedDate(invite.signedAt), args.signedAt as Range) &&
					inRange(this.storedDate(invite.rejectedAt), args.rejectedAt as Range),
			)
			.filter(
				(invite) =>
					inRange(invite.createdAt, args.createdAt as Range) &&
					inRange(invite.updatedAt, args.updatedAt as Range),
			);
		const page = pageOf(found, args, this.maxPageSize);
		return ok({ ...page, results: page.results.map((invite) => this.presentInvite(invite)) });
	}

	/** A date as Plumaa stores it under the `unsetDatesAsNull` reading. */
	private storedDate(value: string | null | undefined): string | null | undefined {
		return value ?? (this.unsetDatesAsNull ? null : undefined);
	}

	/** A signer signs or rejects (what happens in Plumaa's app). */
	answerInvite(id: string, status: 'SIGNED' | 'REJECTED'): SignatureRequestInvite | undefined {
		const invite = this.invites.get(id.toLowerCase());
		if (!invite) return undefined;
		const at = this.stamp();
		invite.status = status;
		if (status === 'SIGNED') {
			invite.signedAt = at;
			// An RSA-2048 signature by the signer's e.firma, and the CA's OCSP answer for it.
			invite.signature = randomBytes(256).toString('hex');
			invite.ocspResponse = `3082${randomBytes(160).toString('hex')}`;
			const certificate = CERTIFICATES.find((seeded) => seeded.subjectId === invite.subjectId);
			if (certificate) this.inviteCertificates.set(invite.id, certificate.id);
		} else {
			invite.rejectedAt = at;
		}
		invite.updatedAt = at;
		const request = this.requests.get(invite.signatureRequestId);
		if (request) {
			request.updatedAt = at;
			if (status === 'REJECTED') request.rejectedAt = at;
		}
		return this.presentInvite(invite);
	}
}
