/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Data Center's native webhooks (Confluence 7.7 and later): the registry under `/rest/api/webhooks` and the deliveries.
 * A write to the store (through any route, or a test writing to the store directly) becomes an event; each active
 * webhook subscribed to it gets the JSON payload by HTTP POST, signed with HMAC-SHA256 when it has a secret, after the
 * API call that caused it has answered. Failed deliveries are retried or not as the `dcWebhookRetry` variant says.
 * Sources for each behaviour: the dc-webhook-* rows of REALITY.md. */
import { createHmac } from 'node:crypto';

import type { SimContext } from '../context';
import { bodyObject, errors, json, noContent, queryInteger, type SimRequest } from '../http';
import type { Router } from '../router';
import type { ContentItem, Store, WriteContext } from '../store';
import type { SimVariants } from '../reality';

const V1 = '/wiki/rest/api';

/** Confluence's event names (https://confluence.atlassian.com/doc/managing-webhooks-1021225606.html). */
export const DATA_CENTER_WEBHOOK_EVENTS = [
	'attachment_created',
	'attachment_removed',
	'attachment_restored',
	'attachment_trashed',
	'attachment_updated',
	'blog_created',
	'blog_removed',
	'blog_restored',
	'blog_trashed',
	'blog_updated',
	'blueprint_page_created',
	'comment_created',
	'comment_removed',
	'comment_updated',
	'content_created',
	'content_restored',
	'content_trashed',
	'content_updated',
	'content_permissions_updated',
	'group_created',
	'group_removed',
	'label_added',
	'label_created',
	'label_deleted',
	'label_removed',
	'page_children_reordered',
	'page_created',
	'page_moved',
	'page_removed',
	'page_restored',
	'page_trashed',
	'page_updated',
	'space_created',
	'space_logo_updated',
	'space_permissions_updated',
	'space_removed',
	'space_updated',
	'theme_enabled',
	'user_created',
	'user_deactivated',
	'user_followed',
	'user_reactivated',
	'user_removed',
] as const;

export interface WebhookRecord {
	id: number;
	name: string;
	url: string;
	events: string[];
	active: boolean;
	configuration: Record<string, string>;
	createdDate: number;
	updatedDate: number;
}

/** How the simulator makes one delivery attempt fail (a test queues these with `failNext`). */
export type DeliveryFault =
	/** The receiver is not reached (connection refused): nothing is sent. */
	| 'unreachable'
	/** The receiver gets the request and answers, but Confluence never sees the answer (a timeout, a reset). */
	| 'lose-response';

export interface DeliveryAttempt {
	webhookId: number;
	event: string;
	/** 1 for the first delivery of an event, 2 for its first retry, ... */
	attempt: number;
	url: string;
	body: string;
	headers: Record<string, string>;
	/** The receiver's status, when one arrived (and was not lost on purpose). */
	status?: number;
	outcome: 'delivered' | 'failed';
	error?: string;
	fault?: DeliveryFault;
}

export interface WebhookControl {
	/** Registered webhooks, oldest first. */
	list(): WebhookRecord[];
	/** Every attempt so far, in the order they finished. */
	readonly attempts: DeliveryAttempt[];
	/** The next `count` attempts (of any event) fail in this way. */
	failNext(count: number, fault: DeliveryFault): void;
	/** Resolves once every delivery started so far (with its retries) has finished. */
	settled(): Promise<void>;
	/** Attempts in all per event when `dcWebhookRetry` is `retry` (default 3). */
	maxAttempts: number;
	/** Pause before a retry (ms, default 200). */
	retryDelayMs: number;
	/** How long an attempt waits for the receiver's answer (ms, default 10000). */
	timeoutMs: number;
}

const DEFAULTS = { maxAttempts: 3, retryDelayMs: 200, timeoutMs: 10_000 };

type Kind = 'page' | 'blog' | 'comment' | 'attachment';

function kindOf(item: ContentItem): Kind | undefined {
	if (item.type === 'page') return 'page';
	if (item.type === 'blogpost') return 'blog';
	if (item.type === 'comment') return 'comment';
	if (item.type === 'attachment') return 'attachment';
	return undefined;
}

export class DataCenterWebhooks implements WebhookControl {
	readonly attempts: DeliveryAttempt[] = [];
	maxAttempts = DEFAULTS.maxAttempts;
	retryDelayMs = DEFAULTS.retryDelayMs;
	timeoutMs = DEFAULTS.timeoutMs;
	private readonly webhooks = new Map<number, WebhookRecord>();
	private readonly faults: DeliveryFault[] = [];
	private readonly inFlight = new Set<Promise<void>>();
	private nextId = 1;
	/** Deliveries of a reset simulator must not land in the next test. */
	private generation = 0;

	constructor(
		private readonly store: Store,
		private readonly variants: SimVariants,
	) {}

	reset(): void {
		this.generation++;
		this.webhooks.clear();
		this.attempts.length = 0;
		this.faults.length = 0;
		this.nextId = 1;
		this.maxAttempts = DEFAULTS.maxAttempts;
		this.retryDelayMs = DEFAULTS.retryDelayMs;
		this.timeoutMs = DEFAULTS.timeoutMs;
	}

	list(): WebhookRecord[] {
		return [...this.webhooks.values()];
	}

	failNext(count: number, fault: DeliveryFault): void {
		for (let i = 0; i < count; i++) this.faults.push(fault);
	}

	async settled(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	get(id: number): WebhookRecord | undefined {
		return this.webhooks.get(id);
	}

	create(input: Omit<WebhookRecord, 'id' | 'createdDate' | 'updatedDate'>): WebhookRecord {
		const now = this.store.now().getTime();
		const record: WebhookRecord = {
			...input,
			id: this.nextId++,
			createdDate: now,
			updatedDate: now,
		};
		this.webhooks.set(record.id, record);
		return record;
	}

	remove(id: number): boolean {
		return this.webhooks.delete(id);
	}

	/** An event happened: every active webhook subscribed to it gets a delivery, after the current request has answered. */
	emit(event: string, subject: Record<string, unknown>, ctx: WriteContext): void {
		if (!this.store.auditEnabled) return;
		const payload = {
			timestamp: this.store.now().getTime(),
			event,
			userKey: ctx.actorId ?? this.store.demoUser.accountId,
			...subject,
		};
		const body = JSON.stringify(payload);
		const generation = this.generation;
		for (const webhook of this.webhooks.values()) {
			if (!webhook.active || !webhook.events.includes(event)) continue;
			const delivery = new Promise<void>((resolve) => setTimeout(resolve, 0))
				.then(async () => await this.deliver(webhook, event, body, generation))
				.finally(() => this.inFlight.delete(delivery));
			this.inFlight.add(delivery);
		}
	}

	private headersFor(webhook: WebhookRecord, body: string): Record<string, string> {
		const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
		const secret = webhook.configuration.secret;
		if (secret) {
			const hex = createHmac('sha256', secret).update(body, 'utf8').digest('hex');
			headers['x-hub-signature'] =
				this.variants.dcWebhookSignature === 'bare-hex' ? hex : `sha256=${hex}`;
		}
		return headers;
	}

	private async deliver(
		webhook: WebhookRecord,
		event: string,
		body: string,
		generation: number,
	): Promise<void> {
		const attempts = this.variants.dcWebhookRetry === 'retry' ? this.maxAttempts : 1;
		for (let attempt = 1; attempt <= attempts; attempt++) {
			if (generation !== this.generation || !this.webhooks.has(webhook.id)) return;
			if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
			const record = await this.attempt(webhook, event, body, attempt);
			if (generation !== this.generation) return;
			this.attempts.push(record);
			if (record.outcome === 'delivered') return;
		}
	}

	private async attempt(
		webhook: WebhookRecord,
		event: string,
		body: string,
		attempt: number,
	): Promise<DeliveryAttempt> {
		const headers = this.headersFor(webhook, body);
		const base = { webhookId: webhook.id, event, attempt, url: webhook.url, body, headers };
		const fault = this.faults.shift();
		if (fault === 'unreachable') {
			return { ...base, outcome: 'failed', error: 'connection refused', fault };
		}
		try {
			const response = await fetch(webhook.url, {
				method: 'POST',
				headers,
				body,
				signal: AbortSignal.timeout(this.timeoutMs),
			});
			await response.arrayBuffer();
			if (fault === 'lose-response') {
				return { ...base, outcome: 'failed', error: 'response lost', fault };
			}
			return {
				...base,
				status: response.status,
				outcome: response.ok ? 'delivered' : 'failed',
			};
		} catch (error) {
			return {
				...base,
				outcome: 'failed',
				error: error instanceof Error ? error.message : String(error),
				fault,
			};
		}
	}
}

/** Store writes → webhook events: the store's own methods, wrapped once per simulator. */
export function observeStore(store: Store, webhooks: DataCenterWebhooks): void {
	const subject = (item: ContentItem): [Kind, Record<string, unknown>] | undefined => {
		const kind = kindOf(item);
		return kind ? [kind, { [kind]: { id: Number(item.id.replace(/^att/, '')) } }] : undefined;
	};
	const wrap = <Name extends 'createContent' | 'updateContent' | 'trash' | 'restore' | 'purge'>(
		name: Name,
		event: (kind: Kind, item: ContentItem) => string | undefined,
		extra: (item: ContentItem) => Record<string, unknown> = () => ({}),
	) => {
		const original = store[name].bind(store) as (...args: unknown[]) => unknown;
		(store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
			// purge removes the record: read it first.
			const before = name === 'purge' ? store.get(String(args[0])) : undefined;
			const result = original(...args);
			const item = (before ?? result) as ContentItem | undefined;
			const found = item && item.status !== 'draft' ? subject(item) : undefined;
			const ctx = (args[name === 'createContent' || name === 'updateContent' ? 2 : 1] ??
				{}) as WriteContext;
			const actor =
				name === 'createContent' || name === 'updateContent'
					? ((args[1] as { authorId?: string }).authorId ?? ctx.actorId)
					: ctx.actorId;
			const named = found ? event(found[0], item as ContentItem) : undefined;
			if (found && named) {
				webhooks.emit(
					named,
					{ ...found[1], ...extra(item as ContentItem) },
					{
						...ctx,
						actorId: actor,
					},
				);
			}
			return result;
		};
	};
	wrap('createContent', (kind) => `${kind}_created`);
	// The page_updated payload says what caused it (PipedreamHQ/pipedream components/confluence_data_center).
	wrap(
		'updateContent',
		(kind) => `${kind}_updated`,
		(item) => (item.type === 'page' ? { updateTrigger: 'edit_page' } : {}),
	);
	wrap('trash', (kind) => (kind === 'comment' ? 'comment_removed' : `${kind}_trashed`));
	wrap('restore', (kind) => (kind === 'comment' ? undefined : `${kind}_restored`));
	wrap('purge', (kind) => `${kind}_removed`);
}

function isAdmin(ctx: SimContext, req: SimRequest): boolean {
	return ctx.user(req).admin;
}

function present(record: WebhookRecord): Record<string, unknown> {
	// The secret is write-only: it is never served back.
	const configuration = Object.fromEntries(
		Object.entries(record.configuration).filter(([key]) => key !== 'secret'),
	);
	return {
		id: record.id,
		name: record.name,
		url: record.url,
		events: record.events,
		active: record.active,
		configuration,
		scopeType: 'global',
		sslVerificationRequired: true,
		createdDate: record.createdDate,
		updatedDate: record.updatedDate,
	};
}

export function registerWebhookRoutes(
	router: Router,
	ctx: SimContext,
	webhooks: DataCenterWebhooks,
): void {
	const admin = (req: SimRequest) => {
		if (!isAdmin(ctx, req)) throw errors.forbidden('Forbidden');
	};
	const find = (req: SimRequest): WebhookRecord => {
		const id = Number(req.params.webhookId);
		const record = Number.isInteger(id) ? webhooks.get(id) : undefined;
		if (!record) throw errors.notFound('Not Found', `Webhook ${req.params.webhookId} not found`);
		return record;
	};

	router.post(`${V1}/webhooks`, (req) => {
		admin(req);
		const body = bodyObject(req);
		const name = typeof body.name === 'string' ? body.name.trim() : '';
		const url = typeof body.url === 'string' ? body.url.trim() : '';
		if (!name) throw errors.badRequest('The webhook name is required.');
		if (!/^https?:\/\/\S+$/.test(url)) throw errors.badRequest('The webhook URL is not valid.');
		const events = Array.isArray(body.events) ? body.events.map(String) : [];
		if (!events.length) throw errors.badRequest('At least one event is required.');
		const unknown = events.filter(
			(event) => !(DATA_CENTER_WEBHOOK_EVENTS as readonly string[]).includes(event),
		);
		if (unknown.length) throw errors.badRequest(`Unknown events: ${unknown.join(', ')}`);
		const configuration: Record<string, string> = {};
		const given = body.configuration as Record<string, unknown> | undefined;
		if (given && typeof given === 'object') {
			for (const [key, value] of Object.entries(given)) configuration[key] = String(value);
		}
		if ((configuration.secret ?? '').length > 255) {
			throw errors.badRequest('The secret can be at most 255 characters.');
		}
		const record = webhooks.create({
			name,
			url,
			events: [...new Set(events)],
			active: body.active === undefined ? true : body.active === true,
			configuration,
		});
		return json(present(record), 201);
	});

	router.get(`${V1}/webhooks`, (req) => {
		admin(req);
		const start = queryInteger(req.query, 'start', { min: 0 }) ?? 0;
		const limit = queryInteger(req.query, 'limit', { min: 1 }) ?? 25;
		const all = webhooks.list();
		const values = all.slice(start, start + limit).map(present);
		return json({
			start,
			limit,
			size: values.length,
			isLastPage: start + limit >= all.length,
			values,
		});
	});

	router.get(`${V1}/webhooks/{webhookId}`, (req) => {
		admin(req);
		return json(present(find(req)));
	});

	router.delete(`${V1}/webhooks/{webhookId}`, (req) => {
		admin(req);
		webhooks.remove(find(req).id);
		return noContent();
	});
}
