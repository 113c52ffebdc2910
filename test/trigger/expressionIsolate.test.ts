/* n8n 2.x evaluates expressions in an isolate (N8N_EXPRESSION_ENGINE=vm, @n8n/expression-runtime). Its poll executor
 * acquires the workflow's isolate when a poll starts and releases it when that poll returns, and the release is not
 * counted: a second poll that starts while the first runs finds the isolate held, yet releases it when it returns. n8n
 * resolves the credential's expressions ({{$credentials.email}}) on every request, so the first poll's next request
 * failed ("No bridge acquired for this context"), and the transport reported "Could not reach Confluence (EUNKNOWN)":
 * seen in queue mode, where a poll waiting out a shared rate limit outlives the poll interval (test/e2e/queue.e2e.ts).
 *
 * Here with n8n-core's own PollTriggerExecutor, n8n-workflow's isolate engine, and credentials resolved through the
 * workflow's expressions as n8n's CredentialsHelper.resolveValue does. */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	Workflow,
} from 'n8n-workflow';
import { Expression } from 'n8n-workflow';
import { PollContext, PollTriggerExecutor, TriggersAndPollers } from 'n8n-core';

import { ConfluenceApi } from '../../credentials/ConfluenceApi.credentials';
import { credentialsFor, fastRetries, useSimulator } from '../helpers/fixtures';
import { additionalData, packageNode, singleNodeWorkflow } from '../helpers/n8n';

const sim = useSimulator('empty', { failOnErrors: true });

// The evaluator of n8n's isolate engine (@n8n/expression-runtime, the copy n8n-workflow depends on), which keeps the
// acquire/release contract. Its bridges (isolated-vm, QuickJS) load native or WASM code jest cannot (no native build for
// this Node; QuickJS comes through a dynamic import): this bridge runs the evaluator's transformed code in place.
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
const runtimePath = require.resolve('@n8n/expression-runtime', {
	paths: [require.resolve('n8n-workflow')],
});

const inPlaceBridge = {
	initialize: async () => {},
	initializeSync: () => {},
	isDisposed: () => false,
	dispose: async () => {},
	execute: (code: string, data: object) =>
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		(new Function('E', code) as (this: object, onError: (error: unknown) => never) => unknown).call(
			data,
			(error) => {
				throw error;
			},
		),
};

let evaluator: { initialize(): Promise<void>; dispose(): Promise<void> };

beforeAll(async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const runtime = require(runtimePath) as {
		ExpressionEvaluator: new (options: IDataObject) => typeof evaluator;
	};
	evaluator = new runtime.ExpressionEvaluator({
		createBridge: () => inPlaceBridge,
		maxCodeCacheSize: 100,
		poolSize: 1,
	});
	await evaluator.initialize();
	// What Expression.initExpressionEngine({ engine: 'vm' }) sets once the evaluator is up.
	const engine = Expression as unknown as { expressionEngine: string; vmEvaluator: unknown };
	engine.expressionEngine = 'vm';
	engine.vmEvaluator = evaluator;
});

afterAll(async () => {
	await Expression.disposeExpressionEngine();
});

beforeEach(() => fastRetries());

/** n8n's CredentialsHelper.authenticate for a generic credential: each value resolved through the workflow's expressions. */
function authenticateThroughExpressions(workflow: Workflow, node: INode) {
	const { auth } = new ConfluenceApi().authenticate.properties as {
		auth: { username: string; password: string };
	};
	return async (
		credentials: ICredentialDataDecryptedObject,
		_type: string,
		options: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const resolve = (value: string) =>
			String(
				workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				),
			);
		return {
			...options,
			auth: { username: resolve(auth.username), password: resolve(auth.password) },
		};
	};
}

/** The next request to the pages list waits until released, then meets the rate limit (429, Retry-After: 1). */
function holdNextPageList() {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let arrived!: () => void;
	const arrival = new Promise<void>((resolve) => (arrived = resolve));
	sim.faults.inject({
		kind: 'beforeApply',
		method: 'GET',
		path: /\/wiki\/api\/v2\/pages$/,
		run: async () => {
			arrived();
			await released;
		},
	});
	sim.faults.inject({ kind: 'rateLimit', method: 'GET', path: /\/wiki\/api\/v2\/pages$/ });
	return { arrival, release };
}

it('a poll that starts while the previous one waits on Confluence leaves it its expression isolate: no EUNKNOWN, each event once', async () => {
	const spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	const node = packageNode(
		{
			id: 'trigger-node',
			name: 'Confluence Trigger',
			type: 'n8n-nodes-confluence.confluenceTrigger',
		},
		'apiToken',
		{ events: ['pageCreated'] },
	);
	const workflow = singleNodeWorkflow('isolate-workflow', node, true);
	const triggerNode = workflow.getNode(node.name)!;
	const data = additionalData(credentialsFor(sim));
	data.credentialsHelper.authenticate = authenticateThroughExpressions(workflow, triggerNode);
	const staticData = {};
	const emitted: INodeExecutionData[][][] = [];
	const failures: string[] = [];
	const pollFunctions = new PollContext(
		workflow,
		triggerNode,
		data,
		'trigger',
		'activate',
		(items) => emitted.push(items),
		(error) =>
			failures.push(`${error.message} ${(error as { description?: string }).description ?? ''}`),
		undefined,
		undefined,
		() => staticData,
	);
	const noop = () => {};
	const logger = { debug: noop, info: noop, warn: noop, error: noop, scoped: () => logger };
	const tracing = {
		startSpan: async (_options: unknown, run: (span: unknown) => Promise<unknown>) =>
			await run({ setStatus: noop }),
		startNewTraceSpan: async (_options: unknown, run: (span: unknown) => Promise<unknown>) =>
			await run({ setStatus: noop }),
		pickWorkflowAttributes: () => ({}),
		pickNodeAttributes: () => ({}),
	};
	const executor = new PollTriggerExecutor(
		logger as never,
		new TriggersAndPollers(),
		tracing as never,
		{ error: noop } as never,
	);
	const poll = executor.create(workflow, triggerNode, pollFunctions, () => true);

	// Activation: from now on.
	await poll();
	sim.clock.advance(1_000);
	const page = sim.store.createPage({ spaceId, title: 'While the poll waits', body: '<p>x</p>' });
	sim.clock.advance(1_000);

	const hold = holdNextPageList();
	const first = poll();
	await hold.arrival;
	// The next scheduled poll, while the first one waits on Confluence (and then waits out its rate limit).
	const second = poll();
	// Let it run as far as it goes before Confluence answers the first one.
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
	await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 200))]);
	hold.release();
	await Promise.all([first, second]);

	expect(failures).toEqual([]);
	expect(emitted.flat(2).map(({ json }) => [json.event, json.id])).toEqual([
		['pageCreated', page.id],
	]);
});
