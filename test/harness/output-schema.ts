import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

/** The path of an operation's shipped output schema (API Key when no resource is given). */
export function outputSchemaPath(operation: string, resource = 'apiKey', node = 'Plumaa'): string {
	return join(__dirname, `../../nodes/${node}/__schema__/v1.0.0`, resource, `${operation}.json`);
}

/** Validates output against the schema the editor shows before a run. */
export function outputValidator(operation: string, resource = 'apiKey'): ValidateFunction {
	return ajv.compile(
		JSON.parse(readFileSync(outputSchemaPath(operation, resource), 'utf8')) as object,
	);
}

/** Validates what the Plumaa Trigger emits for an event against its shipped schema. */
export function triggerOutputValidator(resource: string, event: string): ValidateFunction {
	return ajv.compile(
		JSON.parse(readFileSync(outputSchemaPath(event, resource, 'PlumaaTrigger'), 'utf8')) as object,
	);
}

/** Every field of an output (nested paths), for messages when one fails its schema. */
export function schemaErrors(validate: ValidateFunction): string {
	return ajv.errorsText(validate.errors);
}
