/**
 * The node as an AI Agent's tool (n8n wraps it as `plumaaTool`): what each operation does and changes, for
 * a model to read, and the operations an agent is not given. The editor's Plumaa Tool lists its operations
 * with these (usableAsTool replacements); at run time n8n describes a tool by the operation's own action
 * ("Verify document against witness in Plumaa") unless its Description is set manually, as the
 * ask-about-a-document example does with these texts. As data, keyed by resource and operation; a test
 * checks every operation has its entry.
 */

export type ToolEntry =
	| { action: string }
	/** Not offered to an agent: the operation fails in a tool run, saying why. */
	| { refused: string };

const REFUSED_KEY_CHANGE =
	'An AI agent acts on what a model says, and a prompt can steer a model: changing, revoking or rotating API keys (which can cut every workflow off Plumaa) stays with workflows a person builds. Use the Plumaa node itself, outside an agent, for this operation.';

export const TOOL_ENTRIES: Record<string, ToolEntry> = {
	'apiKey/create': {
		action:
			'Create a Plumaa API key in an organization (the answer gives its ID, never its secret: a secret is not handed to an AI model)',
	},
	'apiKey/update': { refused: REFUSED_KEY_CHANGE },
	'apiKey/delete': { refused: REFUSED_KEY_CHANGE },
	'apiKey/rotate': { refused: REFUSED_KEY_CHANGE },
	'certificate/get': {
		action:
			'Read a signer’s e.firma certificate by its ID: issuer, validity dates, whether it is revoked and valid now',
	},
	'invite/create': {
		action:
			'Invite a signer to sign a signature request (Plumaa notifies the signer; the signer must have linked to the organization)',
	},
	'invite/get': { action: 'Read a signature request invite by its ID: status, signer, signature' },
	'invite/getAll': { action: 'List the invites of a signature request, optionally by status' },
	'signatureRequest/create': {
		action:
			'Create a signature request from a PDF, text or JSON (unless it is a draft, signers can sign it once invited)',
	},
	'signatureRequest/get': {
		action: 'Read a signature request by its ID: name, status, counts of signers',
	},
	'signatureRequest/getAll': {
		action: 'List signature requests, newest changes first, optionally filtered',
	},
	'signatureRequest/getEvidence': {
		action:
			'Gather the evidence of a signature request: each signer’s signature and e.firma certificate, and its NOM-151 status',
	},
	'signatureRequest/getStatistics': {
		action: 'Count the signature requests an organization created per hour, day or month',
	},
	'signatureRequest/update': {
		action:
			'Rename a signature request, or publish a draft (publishing lets signers sign and sends notifications)',
	},
	'subject/getAll': { action: 'List the signers the organization can invite' },
	'subject/search': { action: 'Find a signer by email address, name or RFC' },
	'witness/certify': {
		action:
			'Request a NOM-151 conservation certificate for an existing witness (uses one of the organization’s paid certificates)',
	},
	'witness/create': {
		action:
			'Witness a document by its SHA-256 hash, optionally requesting a NOM-151 certificate at once (which uses one of the organization’s paid certificates)',
	},
	'witness/get': {
		action: 'Read the witness of a document by its SHA-256 hash: certified, timestamped, when',
	},
	'witness/getAll': {
		action: 'List an organization’s witnesses, optionally by certification or date',
	},
	'witness/verify': {
		action:
			'Check whether a document (by its SHA-256 hash) was witnessed by an organization, and whether and when it was certified under NOM-151',
	},
};

/** What a tool run hands on in place of a secret. */
export const SECRET_WITHHELD_NOTICE =
	'The secret is not given to an AI agent. To hand a new key to where it is needed, use API Key → Rotate or API Key → Create in a workflow without an agent.';
