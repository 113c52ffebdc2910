/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* The Confluence Data Center Trigger as n8n runs it: activation and deactivation through n8n-core's HookContext
 * (checkExists, then create when it says false; delete), and each HTTP request a real receiver gets through
 * WebhookContext and the node's webhook(), answered as n8n answers a webhook whose response mode is "onReceived". */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ConfluenceDataCenterTrigger } from '../../nodes/ConfluenceDataCenterTrigger/ConfluenceDataCenterTrigger.node';
import { additionalData, packageNode, registerNodeType } from './n8n';

const NODE_TYPE = 'n8n-nodes-confluence.confluenceDataCenterTrigger';
const trigger = new ConfluenceDataCenterTrigger();
registerNodeType(NODE_TYPE, trigger);

export interface ReceivedDelivery {
	headers: IncomingMessage['headers'];
	body: string;
	status: number;
	/** What webhook() handed to the workflow: undefined when it started nothing. */
	emitted?: INodeExecutionData[];
}

export interface WebhookTriggerBed {
	/** Where n8n would listen: `${receiverUrl}/{webhookId}/webhook` is the node's production URL. */
	receiverUrl: string;
	/** The URL the node registers in Confluence. */
	webhookUrl: string;
	/** The node's static data (survives activations, as n8n keeps it with the workflow). */
	staticData: IDataObject;
	/** Every request the receiver got, in order. */
	deliveries: ReceivedDelivery[];
	/** Items of every execution webhook() started, in order. */
	emitted(): IDataObject[];
	/** What n8n does on activation: checkExists, then create when it returns false. Returns whether create ran. */
	activate(): Promise<boolean>;
	/** What n8n does on deactivation. */
	deactivate(): Promise<void>;
	/** The user edits the node (takes effect from the next activation or delivery). */
	setParameters(parameters: IDataObject): void;
	close(): Promise<void>;
}

export async function startWebhookTrigger(options: {
	parameters: IDataObject;
	credential: () => ICredentialDataDecryptedObject;
	/** Node name (its webhook id is derived from it, so two beds get two URLs). */
	name?: string;
}): Promise<WebhookTriggerBed> {
	const name = options.name ?? 'Confluence Data Center Trigger';
	const webhookId = `dc-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
	const node: INode = {
		...packageNode(
			{ id: `node-${webhookId}`, name, type: NODE_TYPE },
			'dataCenter',
			options.parameters,
		),
		webhookId,
	};
	const staticData: IDataObject = {};
	const workflow = (): Workflow =>
		new Workflow({
			id: 'dc-webhook-workflow',
			name: 'DC webhook test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: {
				getByName: () => trigger,
				getByNameAndVersion: () => trigger,
				getKnownTypes: () => ({}),
			} as never,
			staticData,
		});
	const deliveries: ReceivedDelivery[] = [];
	let baseUrl = '';
	const data = (extra: Partial<IWorkflowExecuteAdditionalData> = {}) =>
		({
			...additionalData({ confluenceDataCenterApi: options.credential() }),
			webhookBaseUrl: baseUrl,
			...extra,
		}) as IWorkflowExecuteAdditionalData;
	const description = trigger.description.webhooks![0] as IWebhookDescription;

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const request = req as IncomingMessage & { body?: unknown };
		request.rawBody = raw;
		try {
			request.body = JSON.parse(raw.toString('utf8'));
		} catch {
			request.body = {};
		}
		let status = 200;
		let answered = false;
		const response = {
			status(code: number) {
				status = code;
				return response;
			},
			json(body: unknown) {
				answered = true;
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
				return response;
			},
			send(body: unknown) {
				return response.json(body);
			},
		};
		const run = workflow();
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: name,
			path: `${webhookId}/webhook`,
			webhookDescription: description,
			workflowId: run.id,
			workflowExecuteAdditionalData: data(),
		};
		const context = new WebhookContext(
			run,
			run.getNode(name)!,
			data({ httpRequest: request as never, httpResponse: response as never }),
			'webhook',
			webhookData,
			[],
			null,
		);
		const record: ReceivedDelivery = { headers: req.headers, body: raw.toString('utf8'), status };
		deliveries.push(record);
		const result = await trigger.webhook!.call(context);
		record.emitted = result.workflowData?.[0];
		if (!answered) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
		}
		record.status = answered ? status : 200;
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			res.writeHead(500);
			res.end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const hook = () => {
		const run = workflow();
		return new HookContext(run, run.getNode(name)!, data(), 'trigger', 'activate');
	};
	const methods = trigger.webhookMethods!.default;

	return {
		receiverUrl: baseUrl,
		webhookUrl: `${baseUrl}/${webhookId}/webhook`,
		staticData,
		deliveries,
		emitted: () =>
			deliveries.flatMap((delivery) => (delivery.emitted ?? []).map((item) => item.json)),
		async activate() {
			if (await methods.checkExists.call(hook())) return false;
			await methods.create.call(hook());
			return true;
		},
		async deactivate() {
			await methods.delete.call(hook());
		},
		setParameters(parameters) {
			node.parameters = { ...node.parameters, ...parameters } as INode['parameters'];
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
