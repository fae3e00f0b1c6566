import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

/**
 * The path of an operation's shipped output schema (API Key when no resource is given): `<operation>.json`
 * is the default output the editor previews (Simplify on where the operation has it), `<operation>.full.json`
 * the whole object (Simplify off).
 */
export function outputSchemaPath(
	operation: string,
	resource = 'apiKey',
	node = 'Plumaa',
	shape: Shape = 'default',
): string {
	const folder = join(__dirname, `../../nodes/${node}/__schema__/v1.0.0`, resource);
	const full = join(folder, `${operation}.full.json`);
	if (shape === 'full' && existsSync(full)) return full;
	return join(folder, `${operation}.json`);
}

/** Which output: the default one (Simplify on), or Plumaa's whole object (Simplify off, where there is one). */
export type Shape = 'default' | 'full';

/** Validates output against the operation's shipped schema; Simplify off ('full') unless told. */
export function outputValidator(
	operation: string,
	resource = 'apiKey',
	shape: Shape = 'full',
): ValidateFunction {
	return ajv.compile(
		JSON.parse(
			readFileSync(outputSchemaPath(operation, resource, 'Plumaa', shape), 'utf8'),
		) as object,
	);
}

/** Validates what the Plumaa Trigger emits for an event against its shipped schema. */
export function triggerOutputValidator(
	resource: string,
	event: string,
	shape: Shape = 'full',
): ValidateFunction {
	return ajv.compile(
		JSON.parse(
			readFileSync(outputSchemaPath(event, resource, 'PlumaaTrigger', shape), 'utf8'),
		) as object,
	);
}

/** Every field of an output (nested paths), for messages when one fails its schema. */
export function schemaErrors(validate: ValidateFunction): string {
	return ajv.errorsText(validate.errors);
}
