import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readObjectIdParameter } from '../common.descriptions';
import type { PlumaaOperation } from '../types';
import type { CertificateKind } from './fields';
import { certificationKindField, certifyWitness, presentWitness, witnessIdField } from './fields';

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const witnessId = readObjectIdParameter(this, 'witnessId', 'Witness ID', itemIndex);
	const kind = this.getNodeParameter('certification', itemIndex, 'single') as CertificateKind;
	return presentWitness(await certifyWitness.call(this, itemIndex, witnessId, kind));
}

export const certifyWitnessOperation: PlumaaOperation = {
	value: 'certify',
	properties: [witnessIdField, certificationKindField],
	execute,
};
