import type { IDataObject } from 'n8n-workflow';

import { isCertificate, presentCertificate } from '../../../shared/presenters';
import { requestOne } from '../../../shared/transport/request';
import { readObjectIdParameter, readTimeoutOption } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import { objectIdLocator } from '../common.descriptions';
import { CERTIFICATE_SHAPE } from '../../../shared/simplified';

async function execute(item: ItemCall): Promise<IDataObject> {
	const id = readObjectIdParameter(item, 'certificateId', 'Certificate ID');
	const certificate = await requestOne(item, {
		method: 'GET',
		path: `/certificate/${id}`,
		timeoutMs: readTimeoutOption(item),
		is: isCertificate,
		what: 'a certificate',
		notFound: {
			message: `Certificate ${id} was not found`,
			description:
				'Plumaa shows an organization the certificates of the signers linked to it. The ID is `certificate.id` in a signed invite.',
		},
	});
	return presentCertificate(certificate, item.run.time.now());
}

export const getCertificate: PlumaaOperation = {
	value: 'get',
	shape: CERTIFICATE_SHAPE,
	properties: [
		objectIdLocator({
			displayName: 'Certificate ID',
			name: 'certificateId',
			description: 'The ID of the certificate: certificate.id in a signed invite',
		}),
	],
	execute,
};
