import type { PlumaaResource } from '../../types';
import { certifyWitnessOperation } from './certify.operation';
import { createWitness } from './create.operation';
import { getWitness } from './get.operation';
import { getManyWitnesses } from './getMany.operation';
import { verifyWitness } from './verify.operation';

export const witnessResource: PlumaaResource = {
	value: 'witness',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['witness'] } },
		options: [
			{
				name: 'Certify',
				value: 'certify',
				action: 'Certify witness under NOM-151',
				description: 'Request a single or grouped NOM-151 certificate for an existing witness',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create witness',
				description:
					'Witness a document by its SHA-256, and optionally certify it under NOM-151 right away',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get witness',
				description: 'Get the witness of a document by its hash',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many witnesses',
				description: 'List the organization’s witnesses',
			},
			{
				name: 'Verify',
				value: 'verify',
				action: 'Verify document against witness',
				description:
					'Whether a file (or hash) is one this organization witnessed, and whether and when it was timestamped',
			},
		],
		default: 'create',
	},
	operations: [certifyWitnessOperation, createWitness, getWitness, getManyWitnesses, verifyWitness],
};
