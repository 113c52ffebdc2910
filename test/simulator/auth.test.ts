import { useSimulator } from '../helpers/fixtures';
import { basicAuth, get, post, request } from './simClient';

describe('simulator authentication and OAuth', () => {
	const sim = useSimulator('demo');

	const gateway = (path: string) => `/ex/confluence/${sim.cloudId}${path}`;
	const bearer = (token: string) => `Bearer ${token}`;
	const tokenRequest = (body: Record<string, string>, form = false) =>
		form
			? request(sim, 'POST', '/oauth/token', {
					auth: null,
					body: new URLSearchParams(body).toString(),
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
				})
			: post(sim, '/oauth/token', body, { auth: null });
	const client = () => ({ client_id: sim.oauth.clientId, client_secret: sim.oauth.clientSecret });

	describe('site root (Basic)', () => {
		test('accepts email:apiToken of a known user', async () => {
			const reply = await get(sim, '/wiki/rest/api/user/current');
			expect(reply.status).toBe(200);
			expect(reply.json).toMatchObject({
				accountId: sim.users.demo.accountId,
				email: 'demo@example.com',
				type: 'known',
			});
			const alex = await get(sim, '/wiki/rest/api/user/current', {
				auth: basicAuth('alex@example.com', 'alex-token'),
			});
			expect(alex.json.displayName).toBe('Alex Rivera');
		});

		test('answers 401 in the family envelope for bad, missing or Bearer credentials', async () => {
			const v2 = await get(sim, '/wiki/api/v2/spaces', {
				auth: basicAuth('demo@example.com', 'wrong'),
			});
			expect(v2.status).toBe(401);
			expect(v2.json).toEqual({
				errors: [{ status: 401, code: 'UNAUTHORIZED', title: 'Unauthorized', detail: null }],
			});
			const v1 = await get(sim, '/wiki/rest/api/longtask', { auth: null });
			expect(v1.status).toBe(401);
			expect(v1.json).toMatchObject({
				statusCode: 401,
				data: { authorized: false, successful: false },
			});
			const tokens = sim.oauth.issueTokens();
			expect(
				(await get(sim, '/wiki/api/v2/spaces', { auth: bearer(tokens.access_token) })).status,
			).toBe(401);
		});

		test('users added at runtime can log in', async () => {
			sim.users.add({ email: 'new@example.com', displayName: 'New Person', apiToken: 'new-token' });
			const reply = await get(sim, '/wiki/rest/api/user/current', {
				auth: basicAuth('new@example.com', 'new-token'),
			});
			expect(reply.json.displayName).toBe('New Person');
		});
	});

	describe('gateway (Bearer)', () => {
		test('serves the same API under /ex/confluence/{cloudId} with a Bearer token only', async () => {
			const tokens = sim.oauth.issueTokens();
			const reply = await get(sim, gateway('/wiki/api/v2/spaces'), {
				auth: bearer(tokens.access_token),
			});
			expect(reply.status).toBe(200);
			expect((reply.json.results ?? []).map((s) => s.key)).toEqual(['DEMO']);
			const basic = await get(sim, gateway('/wiki/api/v2/spaces'));
			expect(basic.status).toBe(401);
			expect(basic.json).toEqual({ code: 401, message: 'Unauthorized' });
			const recorded = sim.requests[sim.requests.length - 2];
			expect(recorded).toMatchObject({
				gateway: true,
				cloudId: sim.cloudId,
				path: '/wiki/api/v2/spaces',
				status: 200,
			});
		});

		test('unknown cloudId is 404; expired tokens (3600 s of sim clock) are 401', async () => {
			const tokens = sim.oauth.issueTokens();
			const unknown = await get(
				sim,
				'/ex/confluence/00000000-0000-0000-0000-000000000000/wiki/api/v2/spaces',
				{
					auth: bearer(tokens.access_token),
				},
			);
			expect(unknown.status).toBe(404);
			sim.clock.advance(3599_000);
			expect(
				(await get(sim, gateway('/wiki/api/v2/spaces'), { auth: bearer(tokens.access_token) }))
					.status,
			).toBe(200);
			sim.clock.advance(1_000);
			const expired = await get(sim, gateway('/wiki/api/v2/spaces'), {
				auth: bearer(tokens.access_token),
			});
			expect(expired.status).toBe(401);
			expect(expired.json).toEqual({ code: 401, message: 'Unauthorized' });
		});

		test('a token with an explicit scope list only reaches operations those scopes cover', async () => {
			const readOnly = sim.oauth.issueTokens({
				scopes: ['read:page:confluence', 'read:space:confluence'],
			});
			const auth = bearer(readOnly.access_token);
			expect((await get(sim, gateway('/wiki/api/v2/pages'), { auth })).status).toBe(200);
			const write = await post(
				sim,
				gateway('/wiki/api/v2/pages'),
				{ spaceId: sim.demo!.spaceId, title: 'Nope' },
				{ auth },
			);
			expect(write.status).toBe(401);
			expect(write.json).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
			expect(sim.store.findByTitle(sim.demo!.spaceId, 'page', 'Nope')).toBeUndefined();

			// v1 operations accept either the classic or the granular set
			const classic = sim.oauth.issueTokens({ scopes: ['write:confluence-content'] });
			const label = await post(
				sim,
				gateway(`/wiki/rest/api/content/${sim.demo!.homepageId}/label`),
				[{ prefix: 'global', name: 'scoped' }],
				{
					auth: bearer(classic.access_token),
				},
			);
			expect(label.status).toBe(200);
			const granular = sim.oauth.issueTokens({
				scopes: ['read:label:confluence', 'write:label:confluence'],
			});
			const label2 = await post(
				sim,
				gateway(`/wiki/rest/api/content/${sim.demo!.homepageId}/label`),
				[{ prefix: 'global', name: 'scoped2' }],
				{
					auth: bearer(granular.access_token),
				},
			);
			expect(label2.status).toBe(200);
		});
	});

	describe('OAuth 2.0 (3LO)', () => {
		test('GET /authorize redirects with a code that /oauth/token exchanges once', async () => {
			const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
			const authorize = await get(
				sim,
				`/authorize?audience=api.atlassian.com&client_id=${sim.oauth.clientId}&scope=${encodeURIComponent('read:page:confluence offline_access')}&redirect_uri=${encodeURIComponent(redirectUri)}&state=xyz&response_type=code&prompt=consent`,
				{ auth: null },
			);
			expect(authorize.status).toBe(302);
			const location = new URL(authorize.headers.get('location') ?? '');
			expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
			expect(location.searchParams.get('state')).toBe('xyz');
			const code = location.searchParams.get('code') ?? '';

			const exchanged = await tokenRequest({
				grant_type: 'authorization_code',
				code,
				redirect_uri: redirectUri,
				...client(),
			});
			expect(exchanged.status).toBe(200);
			expect(exchanged.json).toMatchObject({
				expires_in: 3600,
				token_type: 'Bearer',
				scope: 'read:page:confluence offline_access',
			});
			expect(typeof exchanged.json.refresh_token).toBe('string');
			const again = await tokenRequest({
				grant_type: 'authorization_code',
				code,
				redirect_uri: redirectUri,
				...client(),
			});
			expect(again.status).toBe(403);
			expect(again.json.error).toBe('invalid_grant');

			const resources = await get(sim, '/oauth/token/accessible-resources', {
				auth: bearer(exchanged.json.access_token as string),
			});
			expect(resources.list).toEqual([
				{
					id: sim.cloudId,
					name: 'simulator',
					url: sim.baseUrl,
					scopes: ['read:page:confluence', 'offline_access'],
					avatarUrl: expect.any(String),
				},
			]);
		});

		test('codes minted through sim.oauth work with form-encoded bodies; scoped codes without offline_access get no refresh token', async () => {
			const code = sim.oauth.createAuthorizationCode({ scopes: ['read:page:confluence'] });
			const reply = await tokenRequest(
				{ grant_type: 'authorization_code', code, ...client() },
				true,
			);
			expect(reply.status).toBe(200);
			expect(reply.json.refresh_token).toBeUndefined();
		});

		test('client credentials are checked', async () => {
			const tokens = sim.oauth.issueTokens();
			const reply = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token,
				client_id: sim.oauth.clientId,
				client_secret: 'wrong',
			});
			expect(reply.status).toBe(401);
			expect(reply.json.error).toBe('invalid_client');
		});

		test('refresh rotates; the old token works within the 10-minute leeway, later reuse is refused and revokes the family', async () => {
			// REALITY oauth-refresh-rotation: Atlassian's rotating refresh tokens, reuse interval and family revocation.
			sim.clock.set('2026-03-01T10:00:00Z');
			const first = sim.oauth.issueTokens();
			const second = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: first.refresh_token,
				...client(),
			});
			expect(second.status).toBe(200);
			expect(second.json.refresh_token).not.toBe(first.refresh_token);
			expect(second.json.access_token).not.toBe(first.access_token);

			sim.clock.advance(9 * 60_000);
			const withinLeeway = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: first.refresh_token,
				...client(),
			});
			expect(withinLeeway.status).toBe(200);

			sim.clock.advance(2 * 60_000);
			const reuse = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: first.refresh_token,
				...client(),
			});
			expect(reuse.status).toBe(403);
			expect(reuse.json).toEqual({
				error: 'invalid_grant',
				error_description: 'Unknown or invalid refresh token.',
			});
			const latest = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: second.json.refresh_token as string,
				...client(),
			});
			expect(latest.status).toBe(403);
			const access = await get(sim, gateway('/wiki/api/v2/spaces'), {
				auth: bearer(second.json.access_token as string),
			});
			expect(access.status).toBe(401);
		});

		test('the newest refresh token keeps rotating normally', async () => {
			let refresh = sim.oauth.issueTokens().refresh_token;
			for (let i = 0; i < 3; i++) {
				sim.clock.advance(30 * 60_000);
				const reply = await tokenRequest({
					grant_type: 'refresh_token',
					refresh_token: refresh,
					...client(),
				});
				expect(reply.status).toBe(200);
				refresh = reply.json.refresh_token as string;
			}
		});

		test('revokeRefreshTokens invalidates every refresh token', async () => {
			const tokens = sim.oauth.issueTokens();
			sim.oauth.revokeRefreshTokens();
			const reply = await tokenRequest({
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token,
				...client(),
			});
			expect(reply.status).toBe(403);
			expect(reply.json.error_description).toBe('Unknown or invalid refresh token.');
		});

		test('addSite lists more sites; unserved sites answer 404 at the gateway', async () => {
			const other = sim.addSite({ name: 'other', url: 'https://other.atlassian.net' });
			const tokens = sim.oauth.issueTokens();
			const resources = await get(sim, '/oauth/token/accessible-resources', {
				auth: bearer(tokens.access_token),
			});
			expect((resources.list as Array<{ id: string }>).map((r) => r.id)).toEqual([
				sim.cloudId,
				other.id,
			]);
			expect(
				(
					await get(sim, `/ex/confluence/${other.id}/wiki/api/v2/spaces`, {
						auth: bearer(tokens.access_token),
					})
				).status,
			).toBe(404);
			const served = sim.addSite({
				name: 'mirror',
				url: 'https://mirror.atlassian.net',
				served: true,
			});
			expect(
				(
					await get(sim, `/ex/confluence/${served.id}/wiki/api/v2/spaces`, {
						auth: bearer(tokens.access_token),
					})
				).status,
			).toBe(200);
			expect((await get(sim, '/oauth/token/accessible-resources', { auth: null })).status).toBe(
				401,
			);
		});

		test('tenant_info exposes the cloud id', async () => {
			expect((await get(sim, '/_edge/tenant_info', { auth: null })).json).toEqual({
				cloudId: sim.cloudId,
			});
		});
	});
});
