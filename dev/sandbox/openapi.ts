/**
 * Plumaa's published OpenAPI file, as the sandbox's contract: every request is checked against its
 * operation before the sandbox answers (a mismatch fails the way Plumaa's GraphQL layer fails it), and
 * the sandbox's own tests check every answer against the operation's response schema.
 *
 * Plumaa's REST layer (SOFA) is generated from a GraphQL schema, and the OpenAPI file from that; where
 * the file says less than the GraphQL schema enforces, the checks follow GraphQL (each is marked):
 * - objects have exactly the fields they declare: inputs reject others, and answers (a GraphQL
 *   selection) never hold others;
 * - ObjectID, Hexadecimal and DateTime scalars (untyped in the file) are checked for their form: by a
 *   property's description, or for arguments by name (`UNTYPED_ARGUMENTS`);
 * - a mutation's `input` is listed as a required query parameter and also as the JSON body: SOFA
 *   reads the body, so the body satisfies it;
 * - `CreateSignatureRequestInput.content` is `type: object` in the file but a `ContentInput` in GraphQL.
 */
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;

interface Parameter {
	name: string;
	in: 'query' | 'path';
	required?: boolean;
	schema: Schema;
}

interface Operation {
	parameters?: Parameter[];
	requestBody?: { content: { 'application/json': { schema: Schema } } };
	responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}

interface OpenApiDocument {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, Schema> };
}

/** The OpenAPI file Plumaa publishes (a verbatim copy, so that a fresh clone has the contract). */
export const OPENAPI_FILE =
	process.env.PLUMAA_OPENAPI_FILE ?? join(__dirname, 'plumaa-openapi.json');

const OBJECT_ID_DESCRIPTION = /mongodb object ID/i;
const OBJECT_ID_SCALAR: Schema = { type: 'string', pattern: '^[0-9a-fA-F]{24}$' };
const HEXADECIMAL_SCALAR: Schema = { type: 'string', pattern: '^[0-9a-fA-F]+$' };
/** Arguments the file leaves untyped (`schema: {}`), with the GraphQL scalar they have. */
const UNTYPED_ARGUMENTS: Record<string, Schema> = {
	id: OBJECT_ID_SCALAR,
	witnessId: OBJECT_ID_SCALAR,
	organization: OBJECT_ID_SCALAR,
	signatureRequest: OBJECT_ID_SCALAR,
	subject: OBJECT_ID_SCALAR,
	hash: HEXADECIMAL_SCALAR,
	md5Checksum: HEXADECIMAL_SCALAR,
};
const DATE_TIME_DESCRIPTION = /date-time string at UTC/i;

export interface RequestProblem {
	/** The message a GraphQL variable error carries. */
	message: string;
}

export interface MatchedOperation {
	template: string;
	method: string;
	operation: Operation;
	pathParams: Record<string, string>;
}

/** A scalar as GraphQL checks it, from the description or the name of an untyped property. */
function scalarOf(schema: Schema, name?: string): Schema | undefined {
	if (schema.type !== undefined || schema.$ref !== undefined || schema.oneOf !== undefined)
		return undefined;
	if (typeof schema.description !== 'string')
		return name === undefined ? undefined : UNTYPED_ARGUMENTS[name];
	if (OBJECT_ID_DESCRIPTION.test(schema.description)) return OBJECT_ID_SCALAR;
	if (DATE_TIME_DESCRIPTION.test(schema.description))
		return { type: 'string', format: 'date-time' };
	return name === undefined ? undefined : UNTYPED_ARGUMENTS[name];
}

/** A copy of a schema with GraphQL's scalars made explicit; input objects closed when `closed`. */
function tightened(schema: Schema, closed: boolean, name?: string): Schema {
	const scalar = scalarOf(schema, name);
	if (scalar) return scalar;
	const copy: Schema = { ...schema };
	delete copy.description;
	if (copy.properties && typeof copy.properties === 'object') {
		const properties: Record<string, Schema> = {};
		for (const [property, definition] of Object.entries(copy.properties as Record<string, Schema>))
			properties[property] = tightened(definition, closed, property);
		// A matching argument (ObjectIDArg, HexadecimalArg…): `eq` and `ne` are the scalar its `in` lists
		// (GraphQL types them alike; the file describes only the list's items).
		const listed = (properties.in as { items?: Schema } | undefined)?.items;
		if (listed?.pattern !== undefined)
			for (const matcher of ['eq', 'ne'])
				if (properties[matcher] && Object.keys(properties[matcher]).length === 0)
					properties[matcher] = listed;
		copy.properties = properties;
		if (closed && copy.type === 'object') copy.additionalProperties = false;
	}
	if (copy.items && typeof copy.items === 'object')
		copy.items = tightened(copy.items as Schema, closed);
	if (Array.isArray(copy.oneOf))
		copy.oneOf = (copy.oneOf as Schema[]).map((member) => tightened(member, closed));
	return copy;
}

export class PlumaaContract {
	readonly document: OpenApiDocument;
	private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
	private readonly compiled = new Map<string, ValidateFunction>();
	private readonly templates: Array<{ template: string; pattern: RegExp; names: string[] }>;

	constructor(file = OPENAPI_FILE) {
		this.document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
		addFormats(this.ajv);
		const schemas: Record<string, Schema> = {};
		for (const [name, schema] of Object.entries(this.document.components.schemas)) {
			schemas[name] = tightened(schema, true);
		}
		// GraphQL: the content of a new signature request is a ContentInput, one member per content type.
		const createInput = schemas.CreateSignatureRequestInput as {
			properties: Record<string, Schema>;
		};
		createInput.properties.content = { $ref: '#/components/schemas/ContentInput' };
		const contentInput = schemas.ContentInput as {
			properties: Record<string, Schema>;
			minProperties?: number;
			maxProperties?: number;
		};
		for (const member of Object.keys(contentInput.properties)) {
			contentInput.properties[member] = { $ref: `#/components/schemas/${member}Input` };
		}
		contentInput.minProperties = 1;
		contentInput.maxProperties = 1;
		this.ajv.addSchema({ $id: 'plumaa', components: { schemas } });
		this.templates = Object.keys(this.document.paths).map((template) => {
			const names: string[] = [];
			const source = template
				.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
				.replace(/\{(\w+)\}/g, (_, name: string) => {
					names.push(name);
					return '([^/]+)';
				});
			return { template, pattern: new RegExp(`^${source}$`), names };
		});
	}

	/** The operation for a method and a path below the API base, or undefined (Plumaa answers 404). */
	match(method: string, path: string): MatchedOperation | undefined {
		for (const { template, pattern, names } of this.templates) {
			const found = pattern.exec(path);
			const operation = found ? this.document.paths[template][method.toLowerCase()] : undefined;
			if (found && operation) {
				const pathParams = Object.fromEntries(
					names.map((name, index) => [name, decodeURIComponent(found[index + 1])]),
				);
				return { template, method: method.toUpperCase(), operation, pathParams };
			}
		}
		return undefined;
	}

	private validator(key: string, schema: Schema): ValidateFunction {
		let validate = this.compiled.get(key);
		if (!validate) {
			validate = this.ajv.compile(this.resolved(schema));
			this.compiled.set(key, validate);
		}
		return validate;
	}

	/** Points the file's local refs at the tightened copies. */
	private resolved(schema: Schema): Schema {
		return JSON.parse(
			JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"plumaa#/components/schemas/'),
		) as Schema;
	}

	private problem(
		what: string,
		errors: ErrorObject[] | null | undefined,
		value: unknown,
	): RequestProblem {
		const detail = (errors ?? [])
			.map(
				(error) =>
					`${error.instancePath || '/'} ${error.message ?? ''}${error.params && 'additionalProperty' in error.params ? ` "${String(error.params.additionalProperty)}"` : ''}`,
			)
			.join('; ');
		return { message: `Variable "$${what}" got invalid value ${JSON.stringify(value)}; ${detail}` };
	}

	/**
	 * The problem with a request, as GraphQL's variable validation reports it, or undefined when it
	 * matches the operation. Query values of object arguments are JSON, as SOFA reads them.
	 */
	checkRequest(
		matched: MatchedOperation,
		query: Record<string, string>,
		body: unknown,
	): RequestProblem | undefined {
		const { operation, template, method } = matched;
		const bodyObject =
			typeof body === 'object' && body !== null && !Array.isArray(body)
				? (body as Record<string, unknown>)
				: undefined;
		const bodySchema = operation.requestBody?.content['application/json'].schema;
		for (const parameter of operation.parameters ?? []) {
			if (parameter.in === 'path') {
				const scalar = UNTYPED_ARGUMENTS[parameter.name];
				const value = matched.pathParams[parameter.name];
				if (scalar && !this.validator(`scalar ${parameter.name}`, scalar)(value))
					return {
						message: `Variable "$${parameter.name}" got invalid value "${value}"; Value is not a valid ${scalar === OBJECT_ID_SCALAR ? 'mongodb object id' : 'hexadecimal string'}`,
					};
				continue;
			}
			// Generated selection arguments of nested lists: not part of what this sandbox serves.
			if (/_(where|orderBy|orderDirection|before|after|limit)$/.test(parameter.name)) continue;
			const inBody = bodyObject !== undefined && parameter.name in bodyObject;
			const raw = query[parameter.name];
			if (raw === undefined) {
				if (parameter.required && !inBody)
					return { message: `Variable "$${parameter.name}" of required type was not provided.` };
				continue;
			}
			let value: unknown = raw;
			const schema =
				Object.keys(parameter.schema).length === 0
					? (UNTYPED_ARGUMENTS[parameter.name] ?? {})
					: parameter.schema;
			const isObject =
				schema.$ref !== undefined || schema.type === 'object' || schema.type === 'array';
			if (isObject) {
				try {
					value = JSON.parse(raw);
				} catch {
					return { message: `Variable "$${parameter.name}" got invalid value "${raw}": not JSON` };
				}
			} else if (schema.type === 'boolean') {
				// SOFA: only `true` is true.
				value = raw === 'true';
			} else if (schema.type === 'integer' || schema.type === 'number') {
				value = Number(raw);
			}
			const validate = this.validator(
				`${method} ${template} ?${parameter.name}`,
				tightened(schema, true),
			);
			if (!validate(value)) return this.problem(parameter.name, validate.errors, value);
		}
		if (bodySchema) {
			if (bodyObject === undefined) return { message: 'The request body must be a JSON object.' };
			// Only the top-level arguments the operation declares are checked (SOFA ignores the others).
			const declared = bodySchema.properties as Record<string, Schema>;
			for (const [name, schema] of Object.entries(declared)) {
				if (
					/_(where|orderBy|orderDirection|before|after|limit)$/.test(name) ||
					!(name in bodyObject)
				)
					continue;
				const validate = this.validator(
					`${method} ${template} body.${name}`,
					schema.$ref ? schema : tightened(schema, true),
				);
				if (!validate(bodyObject[name]))
					return this.problem(name, validate.errors, bodyObject[name]);
			}
			for (const name of (bodySchema.required as string[] | undefined) ?? []) {
				if (!(name in bodyObject))
					return { message: `Variable "$${name}" of required type was not provided.` };
			}
			for (const [name, scalar] of Object.entries(UNTYPED_ARGUMENTS)) {
				if (
					name in declared &&
					name in bodyObject &&
					!this.validator(`scalar ${name}`, scalar)(bodyObject[name])
				) {
					return {
						message: `Variable "$${name}" got invalid value ${JSON.stringify(bodyObject[name])}; Value is not a valid ${scalar === OBJECT_ID_SCALAR ? 'mongodb object id' : 'hexadecimal string'}`,
					};
				}
			}
		}
		return undefined;
	}

	/** Why an answer does not match the operation's 200 response schema, or undefined when it does. */
	checkAnswer(method: string, path: string, body: unknown): string | undefined {
		const matched = this.match(method, path);
		if (!matched) return `no operation ${method} ${path}`;
		const schema = matched.operation.responses['200']?.content?.['application/json']?.schema;
		if (!schema || Object.keys(schema).length === 0) return undefined;
		const validate = this.validator(`${method} ${matched.template} 200`, schema);
		if (validate(body)) return undefined;
		return (validate.errors ?? [])
			.map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
			.join('; ');
	}
}
