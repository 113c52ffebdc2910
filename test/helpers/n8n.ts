/* Runs our nodes through n8n-core's real execution engine (WorkflowExecute, ExecuteContext, PollContext), so parameters,
 * expressions, credentials, continueOnFail and pairedItem behave as in n8n; HTTP goes over the wire to the simulator. */
import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { ConfluenceApi } from '../../credentials/ConfluenceApi.credentials';
import { ConfluenceDataCenterApi } from '../../credentials/ConfluenceDataCenterApi.credentials';
import { ConfluenceOAuth2Api } from '../../credentials/ConfluenceOAuth2Api.credentials';
import { ConfluenceServiceAccountOAuth2Api } from '../../credentials/ConfluenceServiceAccountOAuth2Api.credentials';
import { Confluence } from '../../nodes/Confluence/Confluence.node';
import { ConfluenceTrigger } from '../../nodes/Confluence/ConfluenceTrigger.node';

export type AuthKind = 'apiToken' | 'oAuth2' | 'serviceAccount' | 'dataCenter';

/** The credential type an `authentication` value selects. */
function credentialTypeFor(auth: AuthKind): string {
	if (auth === 'oAuth2') return 'confluenceOAuth2Api';
	if (auth === 'serviceAccount') return 'confluenceServiceAccountOAuth2Api';
	if (auth === 'dataCenter') return 'confluenceDataCenterApi';
	return 'confluenceApi';
}

/** Credential data as n8n hands it to nodes (decrypted, expressions resolved). */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

const credentialTypes: Record<string, ICredentialType> = {
	confluenceApi: new ConfluenceApi(),
	confluenceOAuth2Api: new ConfluenceOAuth2Api(),
	confluenceServiceAccountOAuth2Api: new ConfluenceServiceAccountOAuth2Api(),
	confluenceDataCenterApi: new ConfluenceDataCenterApi(),
};

const nodeTypeRegistry: Record<string, INodeType> = {
	'n8n-nodes-confluence.confluence': new Confluence(),
	'n8n-nodes-confluence.confluenceTrigger': new ConfluenceTrigger(),
};

export function registerNodeType(name: string, type: INodeType): void {
	nodeTypeRegistry[name] = type;
}

const nodeTypes: INodeTypes = {
	getByName: (name) => nodeTypeRegistry[name],
	getByNameAndVersion: (name) => nodeTypeRegistry[name],
	getKnownTypes: () => ({}),
} as INodeTypes;

/** A node of one of this package's types, logging in with the credential that `auth` selects. */
export function packageNode(
	identity: Pick<INode, 'id' | 'name' | 'type'>,
	auth: AuthKind,
	parameters: IDataObject,
): INode {
	const credentialType = credentialTypeFor(auth);
	return {
		...identity,
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: auth, ...parameters } as INode['parameters'],
		credentials: { [credentialType]: { id: `cred-${credentialType}`, name: credentialType } },
	};
}

/** A workflow of just `node`, resolving this package's node types. */
export function singleNodeWorkflow(id: string, node: INode, active = false): Workflow {
	return new Workflow({ id, nodes: [node], connections: {}, active, nodeTypes, staticData: {} });
}

function resolveCredentialExpression(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('={{')) return value;
	const match = /^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/.exec(value);
	if (!match) throw new Error(`test harness cannot resolve credential expression ${value}`);
	return credentials[match[1]];
}

/** What n8n's CredentialsHelper does for our two credential types, with token refreshes written back to `store`. */
export function credentialsHelper(
	store: CredentialStore,
	log: { refreshes: number; decryptions?: number },
): ICredentialsHelper {
	return {
		getParentTypes: (type: string) => (credentialTypes[type]?.extends ?? []) as string[],
		isCredentialUsableByNode: () => true,
		getCredentialsProperties: (type: string) => credentialTypes[type]?.properties ?? [],
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			type: string,
			options: IHttpRequestOptions,
		) {
			const authenticate = credentialTypes[type]?.authenticate;
			if (typeof authenticate === 'function') return await authenticate(credentials, options);
			if (!authenticate) return options;
			const auth = (authenticate.properties.auth ?? undefined) as IDataObject | undefined;
			if (auth) {
				options.auth = {
					username: String(resolveCredentialExpression(auth.username, credentials)),
					password: String(resolveCredentialExpression(auth.password, credentials)),
				};
			}
			return options;
		},
		async preAuthentication() {
			return undefined;
		},
		async runPreAuthentication() {
			return undefined;
		},
		async getDecrypted(
			_additionalData: unknown,
			nodeCredentials: INodeCredentialsDetails,
			type: string,
		) {
			log.decryptions = (log.decryptions ?? 0) + 1;
			const data = store[type];
			if (!data)
				throw new Error(
					`no credentials of type ${type} in the test store (${nodeCredentials.name})`,
				);
			return {
				...data,
				oauthTokenData: data.oauthTokenData
					? { ...(data.oauthTokenData as IDataObject) }
					: undefined,
			};
		},
		async updateCredentials() {},
		async updateCredentialsOauthTokenData(
			_node: unknown,
			type: string,
			data: ICredentialDataDecryptedObject,
		) {
			log.refreshes++;
			store[type] = { ...store[type], oauthTokenData: data.oauthTokenData };
		},
		async getCredentials() {
			throw new Error('not used');
		},
		applyDefaultsAndOverwrites: (_a: unknown, data: ICredentialDataDecryptedObject) => data,
	} as unknown as ICredentialsHelper;
}

/** n8n gives every execution its own ID (Retry On Fail stays within one); state kept per execution must not leak. */
let executions = 0;

export function additionalData(
	store: CredentialStore,
	log: { refreshes: number; decryptions?: number } = { refreshes: 0 },
): IWorkflowExecuteAdditionalData {
	return {
		executionId: `test-execution-${++executions}`,
		credentialsHelper: credentialsHelper(store, log),
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: '',
		// n8n-core builds the resume URLs with new URL(), so these must be absolute.
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
		evalLlmMockHandler: undefined,
		ssrfBridge: undefined,
		encryptedRunnerIdentity: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	parameters: IDataObject;
	/** Input items (json only); default one empty item. */
	items?: IDataObject[];
	/** Input items with binary data. */
	inputItems?: INodeExecutionData[];
	credentials: CredentialStore;
	auth?: AuthKind;
	continueOnFail?: boolean;
	/** n8n's Retry On Fail node setting. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	nodeType?: string;
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	items: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
	refreshes: number;
	/** How often credentials were decrypted during the run (n8n's own reads and the node's). */
	decryptions: number;
}

/** Runs one node once over the given items, inside a real n8n workflow execution. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const node: INode = {
		...packageNode(
			{
				id: 'confluence-node',
				name: 'Confluence',
				type: options.nodeType ?? 'n8n-nodes-confluence.confluence',
			},
			options.auth ?? 'apiToken',
			options.parameters,
		),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.retryOnFail ? { retryOnFail: true, ...options.retryOnFail } : {}),
	};
	const workflow = singleNodeWorkflow('test-workflow', node);
	const input: INodeExecutionData[] =
		options.inputItems ?? (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode('Confluence')!, data: { main: [input] }, source: null },
			],
		},
	});
	const log = { refreshes: 0, decryptions: 0 };
	const data = additionalData(options.credentials, log);
	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	(data as unknown as { hooks: ExecutionLifecycleHooks }).hooks = hooks;
	const execution = new WorkflowExecute(data, options.mode ?? 'manual', runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData.Confluence?.[0];
	const error = (run.data.resultData.error ?? taskData?.error) as RunResult['error'];
	return {
		items: (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[],
		error,
		run,
		refreshes: log.refreshes,
		decryptions: log.decryptions,
	};
}

export { PollContext };

export interface PollOptions {
	parameters: IDataObject;
	credentials: CredentialStore;
	auth?: AuthKind;
	/** The node's static data; pass the same object to later polls (or a JSON copy, as after a restart). */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
}

/** One poll of the Confluence Trigger through n8n-core's real PollContext. */
export async function runPoll(options: PollOptions): Promise<INodeExecutionData[] | null> {
	const node = packageNode(
		{
			id: 'trigger-node',
			name: 'Confluence Trigger',
			type: 'n8n-nodes-confluence.confluenceTrigger',
		},
		options.auth ?? 'apiToken',
		options.parameters,
	);
	const workflow = singleNodeWorkflow('trigger-workflow', node, true);
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData(options.credentials),
		mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => options.staticData,
	);
	const trigger = nodeTypeRegistry['n8n-nodes-confluence.confluenceTrigger'];
	const result = await trigger.poll!.call(context);
	return result ? result[0] : null;
}
