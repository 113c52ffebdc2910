/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/* The Data Center flavour's webhooks on their own: the registry (dc-webhook-rest, dc-webhook-admin-only,
 * dc-webhook-events), signing (dc-webhook-signature), retries (dc-webhook-retry), and deliveries that never hold up the
 * write that caused them (dc-webhook-async). */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { useDataCenterSimulator } from '../dataCenter/helpers';

const sim = useDataCenterSimulator('empty');

interface Received {
	headers: IncomingMessage['headers'];
	body: string;
}

let server: Server;
let receiverUrl = '';
const received: Received[] = [];
/** How the receiver answers the next request (default 200). */
let answer: (res: ServerResponse) => void = (res) => res.writeHead(200).end('{}');
const held: ServerResponse[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			answer(res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	for (const res of held) res.end();
	await new Promise<void>((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
});

let spaceId = '';
beforeEach(() => {
	received.length = 0;
	answer = (res) => res.writeHead(200).end('{}');
	spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	sim.dataCenter!.webhooks.retryDelayMs = 5;
});

afterEach(async () => await sim.dataCenter!.webhooks.settled());

async function api(method: string, path: string, body?: unknown, token?: string) {
	const response = await fetch(`${sim.dataCenter!.url}/rest/api${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token ?? sim.dataCenter!.demo.personalAccessToken}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
	};
}

async function register(extra: Record<string, unknown> = {}) {
	return await api('POST', '/webhooks', {
		name: 'test hook',
		url: receiverUrl,
		events: ['page_created', 'page_updated'],
		active: true,
		...extra,
	});
}

describe('the webhook registry (dc-webhook-rest)', () => {
	it('creates, reads, lists and deletes a webhook; the secret is never served back', async () => {
		const created = await register({ configuration: { secret: 'hush' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			id: expect.any(Number),
			name: 'test hook',
			url: receiverUrl,
			events: ['page_created', 'page_updated'],
			active: true,
			configuration: {},
		});
		const id = created.body.id as number;
		expect((await api('GET', `/webhooks/${id}`)).body).toMatchObject({ id, url: receiverUrl });
		const listed = await api('GET', '/webhooks?start=0&limit=10');
		expect(listed.body).toMatchObject({ start: 0, limit: 10, size: 1, isLastPage: true });
		expect(JSON.stringify(listed.body)).not.toContain('hush');
		expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(204);
		expect((await api('GET', `/webhooks/${id}`)).status).toBe(404);
		expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(404);
	});

	it('refuses unknown events, no events and a bad URL with 400 (dc-webhook-events)', async () => {
		expect((await register({ events: ['page_exploded'] })).status).toBe(400);
		expect((await register({ events: [] })).status).toBe(400);
		expect((await register({ url: 'not a url' })).status).toBe(400);
		expect(sim.dataCenter!.webhooks.list()).toEqual([]);
	});

	it('answers 403 to a user who is not an administrator (dc-webhook-admin-only)', async () => {
		const user = sim.users.add({ email: 'writer@example.com', displayName: 'Writer' });
		sim.dataCenter!.logins.issueToken(user, 'writer-token');
		expect(
			(
				await api(
					'POST',
					'/webhooks',
					{ name: 'x', url: receiverUrl, events: ['page_created'] },
					'writer-token',
				)
			).status,
		).toBe(403);
		expect((await api('GET', '/webhooks', undefined, 'writer-token')).status).toBe(403);
	});
});

describe('deliveries', () => {
	it('posts the subscribed events only, to active webhooks only (dc-webhook-events)', async () => {
		await register();
		await register({ active: false, events: ['page_created'] });
		const page = sim.store.createPage({ spaceId, title: 'A', body: '<p>a</p>' });
		sim.store.createBlogPost({ spaceId, title: 'B', body: '<p>b</p>' });
		sim.store.updateContent(page.id, { body: '<p>a2</p>' });
		await sim.dataCenter!.webhooks.settled();
		expect(received.map((delivery) => JSON.parse(delivery.body).event)).toEqual([
			'page_created',
			'page_updated',
		]);
	});

	it.each(['sha256-prefixed', 'bare-hex'] as const)(
		'signs the raw body with HMAC-SHA256 of the secret (%s) (dc-webhook-signature)',
		async (dcWebhookSignature) => {
			sim.setVariants({ dcWebhookSignature });
			await register({ configuration: { secret: 'hush' } });
			await register();
			sim.store.createPage({ spaceId, title: 'Signed', body: '<p>s</p>' });
			await sim.dataCenter!.webhooks.settled();
			const [signed, unsigned] = received;
			const hex = createHmac('sha256', 'hush').update(signed.body).digest('hex');
			expect(signed.headers['x-hub-signature']).toBe(
				dcWebhookSignature === 'bare-hex' ? hex : `sha256=${hex}`,
			);
			expect(signed.headers['content-type']).toMatch(/^application\/json/);
			expect(unsigned.headers['x-hub-signature']).toBeUndefined();
		},
	);

	it('retries a failed delivery with the same body, or drops it, as the variant says (dc-webhook-retry)', async () => {
		await register({ configuration: { secret: 'hush' } });
		sim.setVariants({ dcWebhookRetry: 'retry' });
		answer = (res) => res.writeHead(500).end('{}');
		sim.store.createPage({ spaceId, title: 'Failing', body: '<p>f</p>' });
		await sim.dataCenter!.webhooks.settled();
		expect(received).toHaveLength(3);
		expect(new Set(received.map((delivery) => delivery.body)).size).toBe(1);
		expect(new Set(received.map((delivery) => delivery.headers['x-hub-signature'])).size).toBe(1);
		expect(
			sim.dataCenter!.webhooks.attempts.map((attempt) => [attempt.attempt, attempt.status]),
		).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
		]);

		received.length = 0;
		sim.setVariants({ dcWebhookRetry: 'none' });
		sim.store.createPage({ spaceId, title: 'Failing once', body: '<p>f</p>' });
		await sim.dataCenter!.webhooks.settled();
		expect(received).toHaveLength(1);
	});

	it('answers the write before the receiver does, and gives up on a receiver that never answers (dc-webhook-async)', async () => {
		sim.setVariants({ dcWebhookRetry: 'none' });
		sim.dataCenter!.webhooks.timeoutMs = 300;
		answer = (res) => held.push(res);
		await register();
		const created = await api('POST', '/content', {
			type: 'page',
			title: 'Not held up',
			space: { key: 'ENG' },
			body: { storage: { value: '<p>x</p>', representation: 'storage' } },
		});
		expect(created.status).toBe(200);
		expect(sim.dataCenter!.webhooks.attempts).toEqual([]);
		await sim.dataCenter!.webhooks.settled();
		expect(received).toHaveLength(1);
		expect(sim.dataCenter!.webhooks.attempts).toEqual([
			expect.objectContaining({
				outcome: 'failed',
				error: expect.stringMatching(/abort|timeout/i),
			}),
		]);
	});
});
