/**
 * Runs the Plumaa node through n8n-core's real WorkflowExecute: real parameter and expression
 * resolution, real credential authentication (the credential's generic `authenticate`), real
 * httpRequestWithAuthentication. Only n8n's server-side services (database, credential storage)
 * are replaced, by the smallest stand-ins the engine needs.
 */
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	ITaskData,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { PlumaaApi } from '../../credentials/PlumaaApi.credentials';
import { PlumaaN8nApi } from '../../credentials/PlumaaN8nApi.credentials';
import { Plumaa } from '../../nodes/Plumaa/Plumaa.node';
import { PlumaaTrigger } from '../../nodes/PlumaaTrigger/PlumaaTrigger.node';
import type { N8nApiCredentials, PlumaaCredentials } from '../../nodes/shared/api.types';
import type { BinaryMode } from './binaryModes';
import { useBinaryMode } from './binaryModes';

export const PLUMAA_NODE_TYPE = 'n8n-nodes-plumaa.plumaa';
export const PLUMAA_TRIGGER_TYPE = 'n8n-nodes-plumaa.plumaaTrigger';
/** The node as n8n wraps it for an AI Agent (usableAsTool): the same class under this type. */
export const PLUMAA_TOOL_TYPE = 'n8n-nodes-plumaa.plumaaTool';
const SOURCE_NODE_TYPE = 'test.itemSource';
const SOURCE_NODE_NAME = 'Input Items';
export const PLUMAA_NODE_NAME = 'Plumaa';

/** A file of an input item, as a Read File or Webhook node would put it in a binary field. */
export interface InputFile {
	base64: string;
	fileName: string;
	mimeType: string;
}

/** Emits the items given in its `items` parameter (and `files`, their binary fields): the input of the node under test. */
class ItemSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Input Items',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items for tests',
		defaults: { name: SOURCE_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			{ displayName: 'Files', name: 'files', type: 'json', default: '[]' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		const files = JSON.parse(this.getNodeParameter('files', 0) as string) as Array<Record<
			string,
			InputFile
		> | null>;
		return [
			await Promise.all(
				items.map(async (json, index) => {
					const itemFiles = files[index];
					if (!itemFiles) return { json };
					const binary: INodeExecutionData['binary'] = {};
					for (const [name, file] of Object.entries(itemFiles)) {
						binary[name] = await this.helpers.prepareBinaryData(
							Buffer.from(file.base64, 'base64'),
							file.fileName,
							file.mimeType,
						);
					}
					return { json, binary };
				}),
			),
		];
	}
}

class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[SOURCE_NODE_TYPE]: new ItemSource(),
		[PLUMAA_NODE_TYPE]: new Plumaa(),
		[PLUMAA_TOOL_TYPE]: new Plumaa(),
		[PLUMAA_TRIGGER_TYPE]: new PlumaaTrigger(),
	};

	getByName(nodeType: string): INodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * n8n's credential store, as far as a node sees it: credentials by id, each of one type. Read
 * anew on every access as n8n reads its database, so a change (by the n8n API stand-in) shows at once.
 */
export interface StoredCredential {
	id: string;
	name: string;
	type: 'plumaaApi' | 'plumaaN8nApi';
	data: ICredentialDataDecryptedObject;
}

export class CredentialStore {
	readonly credentials = new Map<string, StoredCredential>();

	constructor(plumaa: PlumaaCredentials, n8nApi?: N8nApiCredentials) {
		this.credentials.set('1', {
			id: '1',
			name: 'Plumaa test credential',
			type: 'plumaaApi',
			data: { ...plumaa },
		});
		if (n8nApi)
			this.credentials.set('2', {
				id: '2',
				name: 'n8n API test credential',
				type: 'plumaaN8nApi',
				data: { ...n8nApi },
			});
	}

	/** The credentials the node is given, as n8n stores them on the node. */
	references(): INode['credentials'] {
		return Object.fromEntries(
			[...this.credentials.values()].map(({ id, name, type }) => [type, { id, name }]),
		);
	}

	data(id: string): ICredentialDataDecryptedObject {
		const credential = this.credentials.get(id);
		if (!credential) throw new Error(`No credential ${id}`);
		return credential.data;
	}
}

/** Reads the test's credential store and applies each credential type's generic `authenticate` as n8n does. */
class CredentialsHelper extends ICredentialsHelper {
	private readonly types: Record<string, PlumaaApi | PlumaaN8nApi> = {
		plumaaApi: new PlumaaApi(),
		plumaaN8nApi: new PlumaaN8nApi(),
	};

	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.types[typeName];
		if (!credentialType) throw new Error(`Unexpected credential type ${typeName}`);
		const options = requestOptions as IHttpRequestOptions;
		const headers = { ...(options.headers ?? {}) };
		for (const [name, value] of Object.entries(
			credentialType.authenticate.properties.headers ?? {},
		)) {
			headers[name] = workflow.expression.getParameterValue(
				value as string,
				null,
				0,
				0,
				node.name,
				[],
				'internal',
				{ $credentials: credentials } as IDataObject,
			) as string;
		}
		return { ...options, headers };
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the node');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: { id: string | null },
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.store.data(String(nodeCredentials.id)) };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}
}

export interface RunOptions {
	/** The JSON of the input items. */
	items: IDataObject[];
	/** Binary fields of the input items, by index (null: none). */
	files?: Array<Record<string, InputFile> | null>;
	/** The Plumaa node's parameters (resource, operation, apiKeyId, options...). */
	parameters: INode['parameters'];
	credentials: CredentialStore;
	/** As the node's Settings → On Error: stop (default), continue, or continue using the error output. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Run it as n8n runs it for an AI Agent (its type ends in Tool). */
	asTool?: boolean;
	/** How n8n keeps binary data in this run: in the items (default) or on disk (filesystem). */
	binaryMode?: BinaryMode;
}

export interface RunResult {
	run: IRun;
	/** The Plumaa node's output items, or undefined when the node failed. */
	output: INodeExecutionData[] | undefined;
	/** Items routed to the error output (only with onError: continueErrorOutput). */
	errorOutput: INodeExecutionData[] | undefined;
	/** The error of the run, as the engine recorded it (a plain object in the serialized form). */
	error: Record<string, unknown> | undefined;
	taskData: ITaskData | undefined;
}

function additionalData(
	credentials: CredentialStore,
	hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new CredentialsHelper(credentials),
		hooks,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs Input Items → Plumaa once through the engine and returns what the engine recorded. */
export async function runPlumaaNode(options: RunOptions): Promise<RunResult> {
	await useBinaryMode(options.binaryMode ?? 'default');
	const nodes: INode[] = [
		{
			id: 'source',
			name: SOURCE_NODE_NAME,
			type: SOURCE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				items: JSON.stringify(options.items),
				files: JSON.stringify(options.files ?? []),
			},
		},
		{
			id: 'plumaa',
			name: PLUMAA_NODE_NAME,
			type: options.asTool ? PLUMAA_TOOL_TYPE : PLUMAA_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: options.credentials.references(),
			...(options.onError ? { onError: options.onError } : {}),
		},
	];
	const connections = {
		[SOURCE_NODE_NAME]: {
			main: [[{ node: PLUMAA_NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes: new NodeTypes(),
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	const execute = new WorkflowExecute(additionalData(options.credentials, hooks), 'manual');
	const run = await execute.run({ workflow, startNode: nodes[0] });

	const taskData = run.data.resultData.runData[PLUMAA_NODE_NAME]?.[0];
	const rawError = taskData?.error ?? run.data.resultData.error;
	const error = rawError
		? (JSON.parse(JSON.stringify(rawError)) as Record<string, unknown>)
		: undefined;
	const main = taskData?.data?.main;
	return {
		run,
		output: main?.[0] ?? undefined,
		errorOutput: main?.[1] ?? undefined,
		error,
		taskData,
	};
}

/** What the editor's "From List" shows for a Plumaa node parameter: n8n calls the node's list search method. */
export async function listSearch(
	method: 'searchOrganizations' | 'searchSignatureRequests' | 'searchSubjects',
	credentials: CredentialStore,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const node: INode = {
		id: 'plumaa',
		name: PLUMAA_NODE_NAME,
		type: PLUMAA_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: credentials.references(),
	};
	const workflow = new Workflow({
		id: 'editor',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new NodeTypes(),
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'editor', {
		id: 'editor',
		name: 'editor',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData(credentials, hooks),
		'parameters',
	);
	return await new Plumaa().methods.listSearch[method].call(context, filter, paginationToken);
}

/**
 * A Plumaa Trigger in an active workflow: each `poll()` runs the node's poll as n8n's poller does,
 * with the workflow's static data kept between polls (as n8n saves it after each).
 */
export class TriggerPoller {
	private readonly workflow: Workflow;
	private readonly node: INode;

	constructor(
		parameters: INode['parameters'],
		private readonly credentials: CredentialStore,
	) {
		this.node = {
			id: 'trigger',
			name: 'Plumaa Trigger',
			type: PLUMAA_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: credentials.references(),
		};
		this.workflow = new Workflow({
			id: 'trigger-workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new NodeTypes(),
			settings: { executionOrder: 'v1' },
		});
	}

	/** What the trigger keeps between polls. */
	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** One poll: the items it emits (empty when it emits nothing). `manual` is the editor's "Fetch Test Event". */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[]> {
		const hooks = new ExecutionLifecycleHooks(mode, 'poll', {
			id: 'trigger-workflow',
			name: 'trigger',
			active: true,
			isArchived: false,
			nodes: [this.node],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		});
		const context = new PollContext(
			this.workflow,
			this.node,
			additionalData(this.credentials, hooks),
			mode,
			mode === 'manual' ? 'manual' : 'activate',
		);
		const trigger = new PlumaaTrigger();
		const emitted = await trigger.poll.call(context);
		return (emitted?.[0] ?? []).map((item) => item.json);
	}
}
