import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

/** The path of an API Key operation's shipped output schema. */
export function outputSchemaPath(operation: string): string {
	return join(__dirname, '../../nodes/Plumaa/__schema__/v1.0.0/apiKey', `${operation}.json`);
}

/** Validates output against the schema the editor shows before a run. */
export function outputValidator(operation: string): ValidateFunction {
	return ajv.compile(JSON.parse(readFileSync(outputSchemaPath(operation), 'utf8')) as object);
}
