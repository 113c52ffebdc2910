/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* The Confluence Data Center Trigger against the Data Center simulator over HTTP: the webhook registered on activation
 * and removed on deactivation (REALITY.md dc-webhook-rest), deliveries verified by their signature
 * (dc-webhook-signature), one item per event (dc-webhook-payload), and a retried delivery emitted once
 * (dc-webhook-retry). */
import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { dataCenterCredential, useDataCenterSimulator } from '../dataCenter/helpers';
import { forgetDeliveriesSeenHere } from '../../nodes/ConfluenceDataCenterTrigger/ConfluenceDataCenterTrigger.node';
import { startWebhookTrigger, type WebhookTriggerBed } from '../helpers/webhookTrigger';
import type { Simulator } from '../simulator';

const sim: Simulator = useDataCenterSimulator('empty');

let spaceId = '';
const beds: WebhookTriggerBed[] = [];

beforeEach(() => {
	spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	sim.dataCenter!.webhooks.retryDelayMs = 5;
});

afterEach(async () => {
	await sim.dataCenter!.webhooks.settled();
	await Promise.all(beds.splice(0).map(async (bed) => await bed.close()));
});

async function trigger(
	parameters: IDataObject = {},
	credential: ICredentialDataDecryptedObject = {},
	name?: string,
): Promise<WebhookTriggerBed> {
	const bed = await startWebhookTrigger({
		parameters: { events: ['page_created', 'page_updated'], ...parameters },
		credential: () => dataCenterCredential(sim, credential),
		name,
	});
	beds.push(bed);
	return bed;
}

function webhookRequests(method: string) {
	const path = `${sim.dataCenter!.contextPath}/rest/api/webhooks`;
	return sim.requests.filter(
		(request) => request.method === method && request.path.startsWith(path),
	);
}

async function delivered(): Promise<void> {
	await sim.dataCenter!.webhooks.settled();
}

function sign(body: string, secret: string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('activation and deactivation (dc-webhook-rest)', () => {
	it('registers a webhook with the URL, events and a generated secret, and keeps its id', async () => {
		const bed = await trigger({ events: ['page_created', 'blog_created'] });
		expect(await bed.activate()).toBe(true);

		const [sent] = webhookRequests('POST');
		expect(sent.body).toMatchObject({
			url: bed.webhookUrl,
			events: ['page_created', 'blog_created'],
			active: true,
			configuration: { secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
		});
		expect(String((sent.body as { name: string }).name)).toContain(
			'Confluence Data Center Trigger',
		);
		const [registered] = sim.dataCenter!.webhooks.list();
		expect(registered).toMatchObject({ url: bed.webhookUrl, active: true });
		expect(bed.staticData['node:Confluence Data Center Trigger']).toMatchObject({
			webhookId: registered.id,
		});
	});

	it('finds its webhook on the next activation and registers nothing new', async () => {
		const bed = await trigger();
		await bed.activate();
		expect(await bed.activate()).toBe(false);
		expect(webhookRequests('POST')).toHaveLength(1);
		expect(sim.dataCenter!.webhooks.list()).toHaveLength(1);
	});

	it('registers again, and removes the old webhook, when the events or the secret change', async () => {
		const bed = await trigger();
		await bed.activate();
		const [first] = sim.dataCenter!.webhooks.list();
		bed.setParameters({ events: ['page_created'], secret: 'a-new-secret' });
		expect(await bed.activate()).toBe(true);
		const now = sim.dataCenter!.webhooks.list();
		expect(now).toHaveLength(1);
		expect(now[0].id).not.toBe(first.id);
		expect(now[0].events).toEqual(['page_created']);
		expect(now[0].configuration.secret).toBe('a-new-secret');
	});

	it('registers again when Confluence no longer has the webhook', async () => {
		const bed = await trigger();
		await bed.activate();
		const [first] = sim.dataCenter!.webhooks.list();
		await fetch(`${sim.dataCenter!.url}/rest/api/webhooks/${first.id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${sim.dataCenter!.demo.personalAccessToken}` },
		});
		expect(await bed.activate()).toBe(true);
		expect(sim.dataCenter!.webhooks.list()).toHaveLength(1);
	});

	it('removes a webhook left at its URL by an activation whose state was lost', async () => {
		const bed = await trigger();
		await bed.activate();
		for (const key of Object.keys(bed.staticData)) delete bed.staticData[key];
		expect(await bed.activate()).toBe(true);
		expect(sim.dataCenter!.webhooks.list()).toHaveLength(1);
		expect(webhookRequests('DELETE')).toHaveLength(1);
	});

	it('removes the webhook on deactivation', async () => {
		const bed = await trigger();
		await bed.activate();
		const [registered] = sim.dataCenter!.webhooks.list();
		await bed.deactivate();
		expect(webhookRequests('DELETE').map((request) => request.path)).toEqual([
			`${sim.dataCenter!.contextPath}/rest/api/webhooks/${registered.id}`,
		]);
		expect(sim.dataCenter!.webhooks.list()).toEqual([]);
		expect(bed.staticData['node:Confluence Data Center Trigger']).toEqual({
			recentDeliveries: [],
		});
	});

	it('deactivates cleanly when Confluence already removed the webhook', async () => {
		const bed = await trigger();
		await bed.activate();
		const [registered] = sim.dataCenter!.webhooks.list();
		await fetch(`${sim.dataCenter!.url}/rest/api/webhooks/${registered.id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${sim.dataCenter!.demo.personalAccessToken}` },
		});
		await expect(bed.deactivate()).resolves.toBeUndefined();
		expect(
			(bed.staticData['node:Confluence Data Center Trigger'] as Record<string, unknown>).webhookId,
		).toBeUndefined();
	});

	it('says an administrator is needed when Confluence refuses the registration (403)', async () => {
		const user = sim.users.add({ email: 'writer@example.com', displayName: 'Writer' });
		sim.dataCenter!.logins.addLogin(user, 'writer', 'writer-password');
		const bed = await trigger(
			{},
			{ authType: 'password', username: 'writer', password: 'writer-password' },
		);
		const failure = bed.activate();
		await expect(failure).rejects.toThrow('Confluence refused to list its webhooks (403)');
		await expect(failure).rejects.toMatchObject({
			description: expect.stringContaining('administrator'),
		});
		expect(sim.dataCenter!.webhooks.list()).toEqual([]);
	});
});

describe('deliveries (dc-webhook-payload)', () => {
	it('turns each event into one item with its type, content ID, user and time', async () => {
		const bed = await trigger({
			events: [
				'page_created',
				'page_updated',
				'page_trashed',
				'page_restored',
				'page_removed',
				'blog_created',
				'blog_updated',
				'comment_created',
				'attachment_created',
			],
		});
		await bed.activate();
		const page = sim.store.createPage({ spaceId, title: 'Runbook', body: '<p>one</p>' });
		await delivered();
		sim.store.updateContent(page.id, { body: '<p>two</p>' });
		await delivered();
		sim.store.trash(page.id);
		await delivered();
		sim.store.restore(page.id);
		await delivered();
		const blog = sim.store.createBlogPost({ spaceId, title: 'News', body: '<p>n</p>' });
		await delivered();
		sim.store.updateContent(blog.id, { body: '<p>m</p>' });
		await delivered();
		const comment = sim.store.addComment({
			containerId: page.id,
			location: 'footer',
			body: '<p>c</p>',
		});
		await delivered();
		sim.store.trash(page.id);
		await delivered();
		sim.store.purge(page.id);
		await delivered();

		const items = bed.emitted();
		expect(items.map((item) => [item.event, item.contentType, item.contentId])).toEqual([
			['page_created', 'page', page.id],
			['page_updated', 'page', page.id],
			['page_trashed', 'page', page.id],
			['page_restored', 'page', page.id],
			['blog_created', 'blogpost', blog.id],
			['blog_updated', 'blogpost', blog.id],
			['comment_created', 'comment', comment.id],
			['page_trashed', 'page', page.id],
			['page_removed', 'page', page.id],
		]);
		for (const item of items) {
			expect(item.userKey).toBe(sim.users.demo.accountId);
			expect(item.occurredAt).toBe(new Date(Number(item.timestamp)).toISOString());
		}
		expect(items[1]).toMatchObject({ updateTrigger: 'edit_page', page: { id: Number(page.id) } });
	});

	it('emits an attachment_created item for an upload', async () => {
		const bed = await trigger({ events: ['attachment_created'] });
		await bed.activate();
		const page = sim.store.createPage({ spaceId, title: 'Files', body: '<p>f</p>' });
		const attachment = sim.store.addAttachment({
			containerId: page.id,
			fileName: 'notes.txt',
			mediaType: 'text/plain',
			data: Buffer.from('hello'),
		});
		await delivered();
		expect(bed.emitted()).toEqual([
			expect.objectContaining({
				event: 'attachment_created',
				contentType: 'attachment',
				contentId: attachment.id.replace(/^att/, ''),
			}),
		]);
	});

	it('delivers an event written through the REST API, after the API call has answered', async () => {
		const bed = await trigger();
		await bed.activate();
		const response = await fetch(`${sim.dataCenter!.url}/rest/api/content`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${sim.dataCenter!.demo.personalAccessToken}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				type: 'page',
				title: 'Through the API',
				space: { key: 'ENG' },
				body: { storage: { value: '<p>x</p>', representation: 'storage' } },
			}),
		});
		const created = (await response.json()) as { id: string };
		expect(response.status).toBe(200);
		await delivered();
		expect(bed.emitted()).toEqual([
			expect.objectContaining({ event: 'page_created', contentId: created.id }),
		]);
	});

	it('answers, and starts nothing, for an event it was not registered for', async () => {
		const bed = await trigger({ events: ['page_created'], secret: 'shh' });
		await bed.activate();
		const body = JSON.stringify({
			timestamp: 1,
			event: 'blog_created',
			userKey: 'u',
			blog: { id: 9 },
		});
		const answer = await post(bed.webhookUrl, body, { 'x-hub-signature': sign(body, 'shh') });
		expect(answer.status).toBe(200);
		expect(bed.emitted()).toEqual([]);
	});
});

describe('signatures (dc-webhook-signature)', () => {
	it.each(['sha256-prefixed', 'bare-hex'] as const)(
		'accepts deliveries Confluence signed (%s)',
		async (dcWebhookSignature) => {
			sim.setVariants({ dcWebhookSignature });
			const bed = await trigger();
			await bed.activate();
			sim.store.createPage({ spaceId, title: 'Signed', body: '<p>s</p>' });
			await delivered();
			expect(bed.deliveries.map((delivery) => delivery.status)).toEqual([200]);
			expect(bed.deliveries[0].headers['x-hub-signature']).toMatch(
				dcWebhookSignature === 'bare-hex' ? /^[0-9a-f]{64}$/ : /^sha256=[0-9a-f]{64}$/,
			);
			expect(bed.emitted()).toHaveLength(1);
		},
	);

	it('verifies with the secret the user set', async () => {
		const bed = await trigger({ secret: 'my own secret' });
		await bed.activate();
		expect(sim.dataCenter!.webhooks.list()[0].configuration.secret).toBe('my own secret');
		const body = JSON.stringify({
			timestamp: 5,
			event: 'page_created',
			userKey: 'u',
			page: { id: 7 },
		});
		const answer = await post(bed.webhookUrl, body, {
			'x-hub-signature': sign(body, 'my own secret'),
		});
		expect(answer.status).toBe(200);
		expect(bed.emitted()).toEqual([expect.objectContaining({ contentId: '7' })]);
	});

	it('refuses a wrong signature with 403 and emits nothing', async () => {
		const bed = await trigger({ secret: 'right' });
		await bed.activate();
		const body = JSON.stringify({
			timestamp: 5,
			event: 'page_created',
			userKey: 'u',
			page: { id: 7 },
		});
		const answer = await post(bed.webhookUrl, body, { 'x-hub-signature': sign(body, 'wrong') });
		expect(answer.status).toBe(403);
		expect(answer.body.message).toBe('The delivery signature does not match the secret');
		expect(JSON.stringify(answer.body)).not.toContain('right');
		expect(bed.emitted()).toEqual([]);
	});

	it('refuses a body changed after signing, and a malformed signature, with 403', async () => {
		const bed = await trigger({ secret: 'right' });
		await bed.activate();
		const body = JSON.stringify({
			timestamp: 5,
			event: 'page_created',
			userKey: 'u',
			page: { id: 7 },
		});
		const tampered = body.replace('"id":7', '"id":8');
		expect(
			(await post(bed.webhookUrl, tampered, { 'x-hub-signature': sign(body, 'right') })).status,
		).toBe(403);
		expect((await post(bed.webhookUrl, body, { 'x-hub-signature': 'sha256=zz' })).status).toBe(403);
		expect(bed.emitted()).toEqual([]);
	});

	it('refuses a delivery without a signature with 401 and emits nothing', async () => {
		const bed = await trigger();
		await bed.activate();
		const body = JSON.stringify({
			timestamp: 5,
			event: 'page_created',
			userKey: 'u',
			page: { id: 7 },
		});
		const answer = await post(bed.webhookUrl, body);
		expect(answer.status).toBe(401);
		expect(bed.emitted()).toEqual([]);
	});
});

describe('a trigger without a secret', () => {
	it('refuses every delivery with 401 when its static data lost the generated secret', async () => {
		const bed = await trigger();
		await bed.activate();
		const state = bed.staticData['node:Confluence Data Center Trigger'] as Record<string, unknown>;
		const secret = String(state.generatedSecret);
		delete state.generatedSecret;
		const body = JSON.stringify({
			timestamp: 5,
			event: 'page_created',
			userKey: 'u',
			page: { id: 7 },
		});
		const answer = await post(bed.webhookUrl, body, { 'x-hub-signature': sign(body, secret) });
		expect(answer.status).toBe(401);
		expect(answer.body.message).toMatch(/activate the workflow again/);
		expect(bed.emitted()).toEqual([]);
	});
});

describe('retried deliveries (dc-webhook-retry)', () => {
	it('emits an event once when its first delivery reached n8n but Confluence saw it fail', async () => {
		sim.setVariants({ dcWebhookRetry: 'retry' });
		const bed = await trigger();
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		const page = sim.store.createPage({ spaceId, title: 'Twice sent', body: '<p>t</p>' });
		await delivered();
		expect(sim.dataCenter!.webhooks.attempts.map((attempt) => attempt.outcome)).toEqual([
			'failed',
			'delivered',
		]);
		expect(bed.deliveries).toHaveLength(2);
		expect(bed.deliveries[1].body).toBe(bed.deliveries[0].body);
		expect(bed.emitted()).toEqual([expect.objectContaining({ contentId: page.id })]);
	});

	it('emits once when the retry comes after a restart, from the deliveries kept in the static data', async () => {
		sim.setVariants({ dcWebhookRetry: 'retry' });
		sim.dataCenter!.webhooks.retryDelayMs = 300;
		const bed = await trigger({}, {}, 'Restarted Trigger');
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		sim.store.createPage({ spaceId, title: 'Across a restart', body: '<p>r</p>' });
		// The first attempt has reached the trigger; the retry waits. n8n restarts in between.
		while (bed.deliveries.length === 0) await new Promise((resolve) => setImmediate(resolve));
		forgetDeliveriesSeenHere();
		await delivered();
		expect(bed.deliveries).toHaveLength(2);
		expect(bed.emitted()).toHaveLength(1);
		const state = bed.staticData['node:Restarted Trigger'] as { recentDeliveries: string[] };
		expect(state.recentDeliveries).toHaveLength(1);
	});

	it('emits once when the static data was not kept, from what this process emitted', async () => {
		sim.setVariants({ dcWebhookRetry: 'retry' });
		sim.dataCenter!.webhooks.retryDelayMs = 300;
		const bed = await trigger({}, {}, 'Forgetful Trigger');
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		sim.store.createPage({ spaceId, title: 'Static data lost', body: '<p>r</p>' });
		while (bed.deliveries.length === 0) await new Promise((resolve) => setImmediate(resolve));
		(bed.staticData['node:Forgetful Trigger'] as { recentDeliveries: string[] }).recentDeliveries =
			[];
		await delivered();
		expect(bed.deliveries).toHaveLength(2);
		expect(bed.emitted()).toHaveLength(1);
	});

	it('emits an event whose first delivery never arrived, once', async () => {
		sim.setVariants({ dcWebhookRetry: 'retry' });
		const bed = await trigger();
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(2, 'unreachable');
		sim.store.createPage({ spaceId, title: 'Late', body: '<p>l</p>' });
		await delivered();
		expect(sim.dataCenter!.webhooks.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
		expect(bed.deliveries).toHaveLength(1);
		expect(bed.emitted()).toHaveLength(1);
	});

	it('emits each of two events with the same content once, however often each is retried', async () => {
		sim.setVariants({ dcWebhookRetry: 'retry' });
		const bed = await trigger();
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		const page = sim.store.createPage({ spaceId, title: 'Edited', body: '<p>1</p>' });
		await delivered();
		sim.clock.advance(1000);
		sim.dataCenter!.webhooks.failNext(2, 'lose-response');
		sim.store.updateContent(page.id, { body: '<p>2</p>' });
		await delivered();
		expect(bed.deliveries).toHaveLength(5);
		expect(bed.emitted().map((item) => item.event)).toEqual(['page_created', 'page_updated']);
	});

	it('emits the event once when Confluence does not retry', async () => {
		sim.setVariants({ dcWebhookRetry: 'none' });
		const bed = await trigger();
		await bed.activate();
		sim.dataCenter!.webhooks.failNext(1, 'lose-response');
		sim.store.createPage({ spaceId, title: 'Once', body: '<p>o</p>' });
		await delivered();
		expect(sim.dataCenter!.webhooks.attempts).toHaveLength(1);
		expect(bed.emitted()).toHaveLength(1);
	});
});
