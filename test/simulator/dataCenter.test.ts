/* The Data Center flavour at the HTTP level; each test names the REALITY.md rows (`dc-…`) it exercises. */
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
let url: string;
let bearer: Record<string, string>;

beforeAll(async () => {
	sim = await startSimulator({ flavor: 'datacenter', seed: 'demo' });
	url = sim.dataCenter!.url;
	bearer = { authorization: `Bearer ${sim.dataCenter!.demo.personalAccessToken}` };
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset('demo'));
afterEach(() => expect(sim.serverErrors).toEqual([]));

async function get(
	path: string,
	headers = bearer,
): Promise<{ status: number; body: unknown; type: string }> {
	const response = await fetch(`${url}${path}`, { headers });
	const text = await response.text();
	const type = response.headers.get('content-type') ?? '';
	return { status: response.status, type, body: type.includes('json') ? JSON.parse(text) : text };
}

async function send(method: string, path: string, body?: unknown) {
	const response = await fetch(`${url}${path}`, {
		method,
		headers: { ...bearer, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
	};
}

describe('the Data Center flavour', () => {
	test('dc-context-path, dc-no-v2: the REST API sits under the context path, without /wiki and without v2', async () => {
		expect(url).toBe(`${sim.baseUrl}/confluence`);
		expect((await get('/rest/api/space')).status).toBe(200);
		expect((await fetch(`${sim.baseUrl}/wiki/rest/api/space`, { headers: bearer })).status).toBe(
			404,
		);
		expect((await fetch(`${sim.baseUrl}/rest/api/space`, { headers: bearer })).status).toBe(404);
		expect((await get('/api/v2/pages')).status).toBe(404);
	});

	test('dc-pat-bearer, dc-basic-password, dc-basic-401-html: tokens as Bearer, passwords as Basic, a refused Basic login as an HTML page', async () => {
		expect((await get('/rest/api/user/current')).status).toBe(200);
		const basic = (user: string, password: string) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		expect((await get('/rest/api/user/current', basic('demo', 'demo-password'))).status).toBe(200);
		const refused = await get('/rest/api/user/current', basic('demo', 'wrong'));
		expect(refused.status).toBe(401);
		expect(refused.type).toContain('text/html');
		// A personal access token sent as Basic is not a password (markdown-confluence/markdown-confluence#621).
		const tokenAsBasic = await get(
			'/rest/api/user/current',
			basic('demo', sim.dataCenter!.demo.personalAccessToken),
		);
		expect(tokenAsBasic.status).toBe(401);
		const badToken = await get('/rest/api/user/current', { authorization: 'Bearer nope' });
		expect(badToken.status).toBe(401);
	});

	test('dc-invalid-token-anonymous: with anonymous access on, an unknown token is the anonymous user', async () => {
		sim.dataCenter!.settings.anonymousAccess = true;
		const answer = await get('/rest/api/user/current', { authorization: 'Bearer nope' });
		expect(answer.status).toBe(200);
		expect((answer.body as { type: string }).type).toBe('anonymous');
	});

	test('dc-error-body: errors are {statusCode, data, message, reason}', async () => {
		const missing = await get('/rest/api/content/999999');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({
			statusCode: 404,
			data: expect.objectContaining({ successful: false, errors: [] }),
			message: 'No content found with id: ContentId{id=999999}',
			reason: 'Not Found',
		});
	});

	test('dc-start-limit-next: lists page by start and limit, next relative to the context path', async () => {
		const first = (await get('/rest/api/content?type=page&spaceKey=DEMO&limit=2')).body as {
			results: unknown[];
			start: number;
			limit: number;
			size: number;
			_links: { base: string; context: string; next?: string };
		};
		expect(first).toEqual(expect.objectContaining({ start: 0, limit: 2, size: 2 }));
		expect(first._links.base).toBe(url);
		expect(first._links.context).toBe('/confluence');
		expect(first._links.next).toMatch(/^\/rest\/api\/content\?.*start=2/);
		const second = (await get(first._links.next!)).body as { start: number; results: unknown[] };
		expect(second.start).toBe(2);
	});

	test('dc-single-links-base: a single content answer carries base and context in its _links', async () => {
		const page = (await get(`/rest/api/content/${sim.demo!.pages.gettingStarted}`)).body as {
			_links: Record<string, string>;
		};
		expect(page._links.base).toBe(url);
		expect(page._links.context).toBe('/confluence');
		expect(page._links.self).toBe(`${url}/rest/api/content/${sim.demo!.pages.gettingStarted}`);
	});

	test('dc-server-information: the version and build number', async () => {
		const info = (await get('/rest/api/server-information')).body;
		expect(info).toEqual(
			expect.objectContaining({
				baseUrl: url,
				version: sim.dataCenter!.version,
				buildNumber: 9203,
			}),
		);
	});

	test('dc-user-username: users carry a username and a user key, no account ID', async () => {
		const me = (await get('/rest/api/user/current')).body as Record<string, unknown>;
		expect(me).toEqual(
			expect.objectContaining({ type: 'known', username: 'demo', displayName: 'Demo User' }),
		);
		expect(me.accountId).toBeUndefined();
		const page = (
			await get(`/rest/api/content/${sim.demo!.pages.gettingStarted}?expand=version,history`)
		).body as { version: { by: Record<string, unknown> } };
		expect(page.version.by.username).toBeDefined();
		expect(page.version.by.accountId).toBeUndefined();
	});

	test('dc-trash-then-purge: DELETE trashes; a trashed page is purged with status=trashed', async () => {
		const id = sim.demo!.pages.meetingNotes;
		expect((await send('DELETE', `/rest/api/content/${id}`)).status).toBe(204);
		expect((await get(`/rest/api/content/${id}`)).status).toBe(404);
		expect((await get(`/rest/api/content/${id}?status=trashed`)).status).toBe(200);
		expect((await send('DELETE', `/rest/api/content/${id}`)).status).toBe(404);
		expect((await send('DELETE', `/rest/api/content/${id}?status=trashed`)).status).toBe(204);
		expect(sim.store.get(id)).toBeUndefined();
	});

	test('dc-version-conflict-409: an update must carry the next version number', async () => {
		const id = sim.demo!.pages.projectPlan;
		const version = sim.store.current(sim.store.get(id)!).number;
		const stale = await send('PUT', `/rest/api/content/${id}`, {
			type: 'page',
			title: 'Project plan',
			version: { number: version },
			body: { storage: { value: '<p>x</p>', representation: 'storage' } },
		});
		expect(stale.status).toBe(409);
		expect(stale.body?.message).toContain('Version must be incremented');
		const next = await send('PUT', `/rest/api/content/${id}`, {
			type: 'page',
			title: 'Project plan',
			version: { number: version + 1 },
			body: { storage: { value: '<p>x</p>', representation: 'storage' } },
		});
		expect(next.status).toBe(200);
	});
});
