/** What a fresh (or reset) sandbox holds: the organizations and keys every test starts from. */
import type { Organization } from '../../nodes/shared/api.types';

export const SEED = {
	organization: {
		id: '64b7f0a1c2d3e4f5a6b7c8d9',
		name: 'Notaría Ejemplo S.C.',
		emailAddress: 'ti@notaria-ejemplo.mx',
	},
	otherOrganization: { id: '64b7f0a1c2d3e4f5a6b7c8e0', name: 'Otra Organización S.A.' },
	adminKey: {
		id: '65a1f0c2e4b0a1b2c3d4e5f0',
		name: 'n8n automation',
		secret: 'sk_sandbox_admin_7f3c9a1e5b2d4f60',
	},
	rotationKeyIds: [
		'65a1f0c2e4b0a1b2c3d4e5f1',
		'65a1f0c2e4b0a1b2c3d4e5f2',
		'65a1f0c2e4b0a1b2c3d4e5f3',
	],
	otherOrganizationKeyId: '65a1f0c2e4b0a1b2c3d4e5f9',
	/** An organization whose plan has no API (quota.API false): its keys are refused. */
	noApiOrganization: { id: '64b7f0a1c2d3e4f5a6b7c8e1', name: 'Sin API S.A.' },
	noApiOrganizationKeyId: '65a1f0c2e4b0a1b2c3d4e5fa',
	/** An organization that conserves signatures with WITNESS_CO. */
	witnessCoOrganization: { id: '64b7f0a1c2d3e4f5a6b7c8e2', name: 'Testigo Digital S.A.' },
	quota: { nom151: 120, groupedNOM151: 40 },
} as const;

/** The seeded organizations, as Plumaa answers them. */
export function seededOrganizations(): Organization[] {
	return [
		{
			...SEED.organization,
			logo: null,
			quota: { id: '64b7f0a1c2d3e4f5a6b7c8f1', API: true, ...SEED.quota },
			policies: { signatureRequest: { conservation: 'NOM151' } },
			createdAt: '2025-06-01T12:00:00.000Z',
			updatedAt: '2026-01-10T09:15:00.000Z',
		},
		// Quota and policies are optional in Plumaa's contract: this organization has neither.
		{
			...SEED.otherOrganization,
			logo: null,
			emailAddress: 'admin@otra.example',
			createdAt: '2025-07-01T12:00:00.000Z',
			updatedAt: '2025-07-01T12:00:00.000Z',
		},
		{
			...SEED.noApiOrganization,
			logo: 'https://static.example/sin-api.png',
			emailAddress: 'ti@sin-api.example',
			quota: { id: '64b7f0a1c2d3e4f5a6b7c8f3', API: false, nom151: 0, groupedNOM151: 0 },
			policies: { signatureRequest: { conservation: 'MERKLEIZED' } },
			createdAt: '2025-08-01T12:00:00.000Z',
			updatedAt: '2025-08-01T12:00:00.000Z',
		},
		{
			...SEED.witnessCoOrganization,
			logo: null,
			emailAddress: 'ti@testigo.example',
			quota: { id: '64b7f0a1c2d3e4f5a6b7c8f4', API: true, nom151: 3, groupedNOM151: 3 },
			policies: { signatureRequest: { conservation: 'WITNESS_CO' } },
			createdAt: '2025-09-01T12:00:00.000Z',
			updatedAt: '2025-09-01T12:00:00.000Z',
		},
	];
}
