import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../Confluence/transport';
import { testDataCenterCredential } from '../Confluence/transport/auth/dataCenterTest';
import {
	WEBHOOK_EVENTS,
	checkSignature,
	deliveryKey,
	eventDisplayName,
	eventItem,
	newSecret,
	remember,
	RECENT_DELIVERIES,
} from './delivery';
import { createHash } from 'crypto';

/** What the trigger keeps between activations and deliveries (n8n's static data of this node). */
interface WebhookState extends IDataObject {
	webhookId?: number;
	/** The secret this trigger generated (none when the user set one). */
	generatedSecret?: string;
	/** Digest of the secret the webhook was registered with: a changed Secret parameter registers it again. */
	secretDigest?: string;
	/** Keys of the deliveries already emitted, newest last (RECENT_DELIVERIES at most). */
	recentDeliveries?: string[];
}

/**
 * Deliveries emitted in this process, by workflow and node. What webhook() writes to the static data is not kept by
 * every n8n version (2.41 loads the static data for each request but does not keep what a production webhook wrote:
 * test/e2e/dataCenterWebhook.e2e.ts), and a retry may arrive before it is saved; this list is what catches a retry
 * there. It lives as long as the n8n process.
 */
const emittedHere = new Map<string, string[]>();

/** Forgets the deliveries this process emitted (as a restart does); the static data's list stays. */
export function forgetDeliveriesSeenHere(): void {
	emittedHere.clear();
}

function digest(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** The call's error, or undefined when it succeeded. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
	return await call.then(
		() => undefined,
		(error: unknown) => error ?? new Error('Unknown failure'),
	);
}

/**
 * Confluence's webhook API answers 403 to anyone but an administrator (https://confluence.atlassian.com/doc/managing-webhooks-1021225606.html)
 * and does not exist before 7.7 (https://developer.atlassian.com/server/confluence/webhooks/): both say what to do.
 */
function explained(ctx: IHookFunctions, failure: unknown, what: string): unknown {
	const status = failure instanceof NodeApiError ? String(failure.httpCode) : '';
	if (status !== '403' && status !== '404') return failure;
	return new NodeOperationError(ctx.getNode(), `Confluence refused to ${what} (${status})`, {
		description:
			status === '403'
				? 'Registering a webhook needs a Confluence administrator or system administrator. Use a credential of such an account.'
				: 'This Confluence has no webhook API: webhooks need Confluence Data Center or Server 7.7 or later. Use the Confluence Trigger (polling) instead.',
	});
}

function selectedEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	return (ctx.getNodeParameter('events', []) as string[]).map(String);
}

function configuredSecret(ctx: IHookFunctions | IWebhookFunctions): string {
	return String(ctx.getNodeParameter('secret', '') ?? '').trim();
}

function sameEvents(registered: unknown, wanted: string[]): boolean {
	if (!Array.isArray(registered)) return false;
	const have = new Set(registered.map(String));
	return have.size === new Set(wanted).size && wanted.every((event) => have.has(event));
}

async function removeWebhook(ctx: IHookFunctions, id: number | string): Promise<void> {
	const failure = await failureOf(
		confluenceApi.call(ctx, {
			method: 'DELETE',
			api: 'v1',
			path: apiPath`/webhooks/${String(id)}`,
			idempotent: true,
		}),
	);
	// Someone already removed it in Confluence: it is gone either way.
	if (failure !== undefined && !isNotFound(failure)) {
		throw explained(ctx, failure, 'remove the webhook');
	}
}

/** Webhooks at this trigger's URL that no static data points to (an activation whose state was lost). */
async function strayWebhooks(ctx: IHookFunctions, url: string): Promise<number[]> {
	const stray: number[] = [];
	const limit = 100;
	for (let start = 0, page = 0; page < 50; start += limit, page++) {
		let body: IDataObject = {};
		const failure = await failureOf(
			confluenceApi
				.call(ctx, {
					method: 'GET',
					api: 'v1',
					path: apiPath`/webhooks`,
					qs: { start, limit },
					idempotent: true,
				})
				.then((found) => {
					body = found;
				}),
		);
		if (failure !== undefined) throw explained(ctx, failure, 'list its webhooks');
		const values = Array.isArray(body.values) ? (body.values as IDataObject[]) : [];
		for (const hook of values) if (hook.url === url) stray.push(Number(hook.id));
		if (body.isLastPage !== false || values.length === 0) break;
	}
	return stray;
}

export class ConfluenceDataCenterTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confluence Data Center Trigger',
		name: 'confluenceDataCenterTrigger',
		icon: {
			light: 'file:../../icons/confluence.svg',
			dark: 'file:../../icons/confluence.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			"Starts the workflow the moment Confluence Data Center sends one of the chosen events, through Confluence's own webhooks",
		defaults: { name: 'Confluence Data Center Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'confluenceDataCenterApi', required: true, testedBy: 'confluenceDataCenterTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Confluence Data Center 7.7 or later. Activating the workflow registers a webhook in Confluence, which needs a credential of a Confluence administrator; deactivating it removes the webhook. Confluence must be able to reach this n8n instance.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'hidden',
				default: 'dataCenter',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['page_created', 'page_updated'],
				description: 'The Confluence events that start the workflow',
				options: WEBHOOK_EVENTS.map((event) => ({ name: eventDisplayName(event), value: event })),
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Confluence signs every delivery with this secret (HMAC-SHA256) and the trigger refuses a delivery whose signature does not match. Leave empty to have a random secret generated when the workflow is activated. At most 255 characters.',
			},
		],
	};

	methods = { credentialTest: { confluenceDataCenterTest: testDataCenterCredential } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as WebhookState;
				const url = this.getNodeWebhookUrl('default') as string;
				if (state.webhookId !== undefined) {
					let hook: IDataObject | undefined;
					const failure = await failureOf(
						confluenceApi
							.call(this, {
								method: 'GET',
								api: 'v1',
								path: apiPath`/webhooks/${String(state.webhookId)}`,
								idempotent: true,
							})
							.then((found) => {
								hook = found;
							}),
					);
					// Gone from Confluence (removed by an administrator): registered again below.
					if (failure !== undefined && !isNotFound(failure)) {
						throw explained(this, failure, 'read the webhook');
					}
					if (hook) {
						const secret = configuredSecret(this) || state.generatedSecret || '';
						if (
							hook.url === url &&
							hook.active !== false &&
							sameEvents(hook.events, selectedEvents(this)) &&
							state.secretDigest === digest(secret)
						) {
							return true;
						}
						// Registered with other settings: registered again with the current ones.
						await removeWebhook(this, state.webhookId);
					}
					delete state.webhookId;
					delete state.generatedSecret;
					delete state.secretDigest;
				}
				for (const id of await strayWebhooks(this, url)) await removeWebhook(this, id);
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as WebhookState;
				const url = this.getNodeWebhookUrl('default') as string;
				const configured = configuredSecret(this);
				if (configured.length > 255) {
					throw new NodeOperationError(this.getNode(), 'The secret is too long', {
						description: 'Confluence accepts a webhook secret of at most 255 characters.',
					});
				}
				const secret = configured || newSecret();
				const workflow = this.getWorkflow();
				const name = `n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${this.getNode().name}`;
				let hook: IDataObject = {};
				const failure = await failureOf(
					confluenceApi
						.call(this, {
							method: 'POST',
							api: 'v1',
							path: apiPath`/webhooks`,
							body: {
								name: name.slice(0, 255),
								url,
								events: selectedEvents(this),
								active: true,
								configuration: { secret },
							},
						})
						.then((created) => {
							hook = created;
						}),
				);
				if (failure !== undefined) throw explained(this, failure, 'register the webhook');
				state.webhookId = Number(hook.id);
				state.secretDigest = digest(secret);
				if (configured) delete state.generatedSecret;
				else state.generatedSecret = secret;
				state.recentDeliveries = state.recentDeliveries ?? [];
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as WebhookState;
				if (state.webhookId !== undefined) await removeWebhook(this, state.webhookId);
				delete state.webhookId;
				delete state.generatedSecret;
				delete state.secretDigest;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const state = this.getWorkflowStaticData('node') as WebhookState;
		const secret = configuredSecret(this) || state.generatedSecret || '';
		const body = this.getBodyData();
		const raw = Buffer.isBuffer(request.rawBody)
			? request.rawBody
			: Buffer.from(JSON.stringify(body));
		// Every webhook this trigger registers has a secret; without one nothing could tell Confluence from anyone else.
		const check = secret
			? checkSignature(raw, request.headers['x-hub-signature'], secret)
			: 'no secret';
		if (check !== 'valid') {
			const messages = {
				missing: 'The delivery has no X-Hub-Signature header',
				invalid: 'The delivery signature does not match the secret',
				'no secret':
					'The trigger knows no secret to check the delivery with: deactivate and activate the workflow again',
			};
			response.status(check === 'invalid' ? 403 : 401).json({ message: messages[check] });
			return { noWebhookResponse: true };
		}
		const event = String(body.event ?? '');
		if (!selectedEvents(this).includes(event)) {
			return { webhookResponse: { received: true, ignored: event || 'no event' } };
		}
		// A delivery Confluence retried (its first attempt failed or timed out after reaching us) is answered, not emitted.
		const key = deliveryKey(raw);
		const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		const here = emittedHere.get(scope) ?? [];
		const recent = Array.isArray(state.recentDeliveries) ? state.recentDeliveries : [];
		if (recent.includes(key) || here.includes(key)) {
			return { webhookResponse: { received: true, duplicate: true } };
		}
		state.recentDeliveries = remember(recent, key);
		emittedHere.set(scope, remember(here, key).slice(-RECENT_DELIVERIES));
		return {
			webhookResponse: { received: true },
			workflowData: [[{ json: eventItem(body) }]],
		};
	}
}
