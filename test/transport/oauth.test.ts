import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, fastRetries, oauthCredential } from '../helpers/fixtures';
import { runNode, type CredentialStore } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset('demo'));

const listSpaces = { resource: 'space', operation: 'getMany', returnAll: true };

function tokensOf(store: CredentialStore): IDataObject {
	return store.confluenceOAuth2Api.oauthTokenData as IDataObject;
}

describe('transport with the OAuth2 credential', () => {
	it('refreshes an expired access token, stores the rotated refresh token, and carries on', async () => {
		const credentials = credentialsFor(sim);
		const before = { ...tokensOf(credentials) };
		sim.oauth.expireAccessTokens();
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.key)).toContain('DEMO');
		expect(result.refreshes).toBe(1);
		expect(tokensOf(credentials).refresh_token).not.toBe(before.refresh_token);
		expect(tokensOf(credentials).access_token).not.toBe(before.access_token);
	});

	it.each([403, 404] as const)(
		'refreshes once when the gateway answers an expired token with %i',
		async (status) => {
			const credentials = credentialsFor(sim);
			sim.faults.inject({ kind: 'expiredToken', status, path: /\/spaces$/ });
			const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
			expect(result.error).toBeUndefined();
			expect(result.refreshes).toBe(1);
			const spaceCalls = sim.requests.filter((request) => request.path === '/wiki/api/v2/spaces');
			const statuses = spaceCalls.map((request) => request.status);
			expect(statuses[0]).toBe(status);
			expect(statuses.at(-1)).toBe(200);
			expect(statuses.length).toBeLessThanOrEqual(4);
		},
	);

	it("does not refresh on Confluence's own 404 (a wrong ID is not an expired token)", async () => {
		const credentials = credentialsFor(sim);
		const result = await runNode({
			parameters: {
				resource: 'page',
				operation: 'get',
				page: { __rl: true, mode: 'id', value: '999999999' },
			},
			credentials,
			auth: 'oAuth2',
		});
		expect(result.error?.message).toMatch(/found nothing at this ID/);
		expect(result.refreshes).toBe(0);
	});

	it("picks the cloud ID of the credential's site among several reachable sites", async () => {
		const other = sim.addSite({
			name: 'other',
			url: 'https://other.atlassian.net',
			id: 'other-cloud-id',
		});
		const credentials = {
			confluenceOAuth2Api: { ...oauthCredential(sim), siteUrl: `${sim.baseUrl}/wiki/` },
		};
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
		expect(result.error).toBeUndefined();
		const apiCalls = sim.requests.filter((request) => request.path.startsWith('/wiki/'));
		expect(apiCalls.every((request) => request.cloudId === sim.cloudId)).toBe(true);
		expect(apiCalls.some((request) => request.cloudId === other.id)).toBe(false);
	});

	it('explains which sites the authorization reaches when the site URL matches none', async () => {
		sim.addSite({ name: 'acme', url: 'https://acme.atlassian.net' });
		const credentials = {
			confluenceOAuth2Api: { ...oauthCredential(sim), siteUrl: 'https://nowhere.atlassian.net' },
		};
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
		expect(result.error?.message).toBe(
			'The OAuth2 credential cannot reach the site "https://nowhere.atlassian.net"',
		);
		expect(result.error?.description).toContain('https://acme.atlassian.net');
		expect(result.error?.description).toContain(sim.baseUrl);
		expect(sim.requests.filter((request) => request.path.startsWith('/wiki/'))).toEqual([]);
	});

	it('fails with the reconnect advice when the refresh token was revoked', async () => {
		const credentials = credentialsFor(sim);
		sim.oauth.revokeRefreshTokens();
		sim.oauth.expireAccessTokens();
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
		expect(result.error).toBeDefined();
		const text = `${result.error!.message} ${result.error!.description ?? ''}`;
		expect(text).not.toContain(String(tokensOf(credentials).refresh_token));
		expect(text).not.toContain(sim.oauth.clientSecret);
	});
});

describe('transport retries', () => {
	it('waits out a 429 as Retry-After says and completes with one extra request', async () => {
		const credentials = credentialsFor(sim);
		sim.faults.inject({ kind: 'rateLimit', retryAfter: 1, path: /\/spaces$/, times: 2 });
		const result = await runNode({ parameters: listSpaces, credentials });
		expect(result.error).toBeUndefined();
		expect(
			sim.requests
				.filter((request) => request.path === '/wiki/api/v2/spaces')
				.map((request) => request.status),
		).toEqual([429, 429, 200]);
	});

	it('lists past 250 items with the largest page size: ceil(N/250) requests', async () => {
		const credentials = credentialsFor(sim);
		const space = sim.store.spaceByKey('DEMO')!;
		sim.store.seedPages(600, { spaceId: space.id, titlePrefix: 'Bulk' });
		const existing = sim.store
			.list(['page'])
			.filter((page) => page.spaceId === space.id && page.status === 'current').length;
		const result = await runNode({
			parameters: { resource: 'page', operation: 'getMany', returnAll: true, filters: {} },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThanOrEqual(existing);
		const pageCalls = sim.requests.filter((request) => request.path === '/wiki/api/v2/pages');
		expect(pageCalls).toHaveLength(Math.ceil(result.items.length / 250));
		expect(pageCalls.every((request) => request.query.limit === '250')).toBe(true);
	});
});
