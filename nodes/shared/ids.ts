/** Plumaa's IDs (MongoDB ObjectIDs) and how messages quote what a user gave. */

export const OBJECT_ID_PATTERN = /^[0-9a-fA-F]{24}$/;

/** Characters that do not show but come along when an ID is copied from a web page or a chat. */
export const HIDDEN_CHARACTERS =
	'\\u00AD\\u180E\\u200B-\\u200F\\u2028-\\u202F\\u2060-\\u2064\\uFEFF';
const HIDDEN_CHARACTER = new RegExp(`[${HIDDEN_CHARACTERS}]`);

const MAX_SHOWN_LENGTH = 64;

/** A value as a message quotes it: whole when short, else its start and its length. */
export function quoteValue(value: string): string {
	return value.length > MAX_SHOWN_LENGTH
		? `"${value.slice(0, MAX_SHOWN_LENGTH)}…" (${value.length} characters)`
		: `"${value}"`;
}

/** What is wrong with a value given as an ID, in the words a message uses. */
export interface IdProblem {
	message: string;
	description: string;
}

const EXPECTED =
	'A Plumaa ID is 24 hexadecimal characters (0-9, a-f), e.g. 5e5677d71bdc2ae76344968c.';

/**
 * Checks a value given for the ID field `displayName`: the ID trimmed and in lowercase (ObjectIDs are
 * hexadecimal), or what is wrong with it. Both nodes check every ID with it before any request.
 */
export function checkObjectId(
	raw: unknown,
	displayName: string,
): { id: string } | { problem: IdProblem } {
	const problem = (message: string, description: string) => ({ problem: { message, description } });
	if (Array.isArray(raw)) {
		return problem(
			`'${displayName}' is a list of ${raw.length} values, not one ID`,
			'Give one ID per item: turn the list into items first, for example with the Split Out node.',
		);
	}
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (value === '' && (raw === undefined || raw === null || typeof raw === 'string')) {
		return problem(
			`'${displayName}' is empty`,
			`${EXPECTED} When it comes from an expression, the field the expression names may be missing in this item.`,
		);
	}
	const hidden = HIDDEN_CHARACTER.exec(value);
	if (hidden) {
		const code = hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		return problem(
			`'${displayName}' contains a hidden character (U+${code})`,
			`It looks right but holds a character that does not show, often copied along with the ID. Type the ID again. ${EXPECTED}`,
		);
	}
	if (!OBJECT_ID_PATTERN.test(value)) {
		return problem(
			`'${displayName}' is not a valid Plumaa ID: ${quoteValue(value === '' ? JSON.stringify(raw) : value)}`,
			EXPECTED,
		);
	}
	return { id: value.toLowerCase() };
}

const isEmptyValue = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The organization an operation or event works in: its own field's ID, or when that is empty the
 * Plumaa credential's Organization ID (read only then). A problem says which of the two is wrong.
 */
export async function organizationIdOf(
	given: unknown,
	credentialOrganizationId: () => Promise<string | undefined>,
): Promise<{ id: string } | { problem: IdProblem }> {
	if (!isEmptyValue(given)) return checkObjectId(given, 'Organization ID');
	const fromCredential = await credentialOrganizationId();
	if (isEmptyValue(fromCredential))
		return {
			problem: {
				message: "'Organization ID' is empty",
				description:
					'Give the organization’s ID here, or once for every operation in the Plumaa API credential (Organization ID). It is organization.id in the output of Signature Request → Get Many, which needs none, and of every Witness and API Key operation.',
			},
		};
	const checked = checkObjectId(fromCredential, 'Organization ID');
	return 'problem' in checked
		? {
				problem: {
					message: `In the Plumaa API credential: ${checked.problem.message}`,
					description: `${checked.problem.description} Fix it in the credential, or give the ID in this node's Organization ID.`,
				},
			}
		: checked;
}
