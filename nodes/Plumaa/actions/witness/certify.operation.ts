import type { IDataObject } from 'n8n-workflow';

import { presentWitness } from '../../../shared/presenters';
import { readObjectIdParameter } from '../../helpers/parameters';
import type { ItemCall, PlumaaOperation } from '../../types';
import type { CertificateKind } from './descriptions';
import { certificationKindField, witnessIdField } from './descriptions';
import { certifyWitness } from './requests';
import { WITNESS_SHAPE } from '../../../shared/simplified';

async function execute(item: ItemCall): Promise<IDataObject> {
	const witnessId = readObjectIdParameter(item, 'witnessId', 'Witness ID');
	const kind = item.context.getNodeParameter(
		'certification',
		item.itemIndex,
		'single',
	) as CertificateKind;
	return presentWitness(await certifyWitness(item, witnessId, kind));
}

export const certifyWitnessOperation: PlumaaOperation = {
	value: 'certify',
	shape: WITNESS_SHAPE,
	properties: [witnessIdField, certificationKindField],
	execute,
};
