import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, useSimulator } from '../../helpers/fixtures';
import { runNode, type CredentialStore } from '../../helpers/n8n';

const sim = useSimulator('demo');

const listSpaces = { resource: 'space', operation: 'getMany', returnAll: true };
const currentUser = { resource: 'user', operation: 'getCurrent' };
const missingPage = (id: string) => ({
	resource: 'page',
	operation: 'get',
	page: { __rl: true, mode: 'id', value: id },
});

function tokensOf(store: CredentialStore): IDataObject {
	return store.confluenceOAuth2Api.oauthTokenData as IDataObject;
}

/** The access token has expired on the gateway, and the expiry n8n stored says so. */
function expiredCredentials(): CredentialStore {
	const credentials = credentialsFor(sim);
	tokensOf(credentials).n8n_expires_at = String(Date.now() - 1000);
	sim.oauth.expireAccessTokens();
	return credentials;
}

const variants = [
	{ expiredTokenStatus: 'unauthorized', expiredTokenBody: 'gateway' },
	{ expiredTokenStatus: 'byFamily', expiredTokenBody: 'gateway' },
	{ expiredTokenStatus: 'byFamily', expiredTokenBody: 'confluence' },
] as const;

describe('expired OAuth2 tokens (expired-token-status, expired-token-body)', () => {
	describe.each(variants)(
		'gateway answers $expiredTokenStatus with a $expiredTokenBody body',
		(variant) => {
			it.each([
				['v2', listSpaces],
				['v1', currentUser],
			] as const)(
				'a %s operation refreshes once from the stored expiry and succeeds',
				async (_api, parameters) => {
					Object.assign(sim.settings, variant);
					const credentials = expiredCredentials();
					const before = tokensOf(credentials).access_token;
					const result = await runNode({ parameters, credentials, auth: 'oAuth2' });
					expect(result.error).toBeUndefined();
					expect(result.items.length).toBeGreaterThan(0);
					expect(result.refreshes).toBe(1);
					expect(tokensOf(credentials).access_token).not.toBe(before);
				},
			);
		},
	);

	it('a genuinely missing page with an expired stored token costs one refresh, then says it is missing (never loops)', async () => {
		Object.assign(sim.settings, variants[2]);
		const credentials = expiredCredentials();
		const result = await runNode({
			parameters: missingPage('999999999'),
			credentials,
			auth: 'oAuth2',
		});
		expect(result.error?.message).toMatch(/found nothing at this ID/);
		expect(result.refreshes).toBe(1);
		const pageCalls = sim.requests.filter(
			(request) => request.path === '/wiki/api/v2/pages/999999999',
		);
		expect(pageCalls.length).toBeLessThanOrEqual(3);
	});

	it("Confluence's own 404s with a fresh stored token never refresh, whatever the variant", async () => {
		Object.assign(sim.settings, variants[2]);
		const credentials = credentialsFor(sim);
		const result = await runNode({
			parameters: { ...missingPage('={{ $json.id }}') },
			items: [{ id: '999999991' }, { id: '999999992' }, { id: '999999993' }],
			credentials,
			auth: 'oAuth2',
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/found nothing/),
			expect.stringMatching(/found nothing/),
			expect.stringMatching(/found nothing/),
		]);
		expect(result.refreshes).toBe(0);
	});

	it('with no stored expiry (n8n 1.x), missing pages cost at most one refresh per execution', async () => {
		const credentials = credentialsFor(sim);
		delete tokensOf(credentials).n8n_expires_at;
		const result = await runNode({
			parameters: { ...missingPage('={{ $json.id }}') },
			items: [{ id: '999999991' }, { id: '999999992' }, { id: '999999993' }, { id: '999999994' }],
			credentials,
			auth: 'oAuth2',
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(4);
		expect(result.items.every((item) => /found nothing/.test(String(item.json.error)))).toBe(true);
		expect(result.refreshes).toBeLessThanOrEqual(1);
	});

	it('with no stored expiry, a token the gateway refuses in Confluence’s envelope is still refreshed', async () => {
		Object.assign(sim.settings, variants[2]);
		const credentials = credentialsFor(sim);
		delete tokensOf(credentials).n8n_expires_at;
		sim.oauth.expireAccessTokens();
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'oAuth2' });
		expect(result.error).toBeUndefined();
		expect(result.refreshes).toBe(1);
	});
});
