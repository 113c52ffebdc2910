import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { useSimulator } from '../../helpers/fixtures';
import { runNode, runPoll, type CredentialStore } from '../../helpers/n8n';

const sim = useSimulator('demo');

const listSpaces = { resource: 'space', operation: 'getMany', returnAll: true };

function serviceAccount(fields: Partial<ICredentialDataDecryptedObject> = {}): CredentialStore {
	const bot = sim.users.add({
		email: 'n8n-bot@serviceaccount.atlassian.com',
		displayName: 'n8n bot',
		admin: true,
	});
	const client = sim.oauth.addServiceAccount({ accountId: bot.accountId });
	return {
		confluenceServiceAccountOAuth2Api: {
			siteUrl: sim.baseUrl,
			apiGatewayUrl: sim.baseUrl,
			authServerUrl: sim.baseUrl,
			accessTokenUrl: `${sim.baseUrl}/oauth/token`,
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			grantType: 'clientCredentials',
			authentication: 'body',
			scope: '',
			...fields,
		},
	};
}

const tokenRequests = () =>
	sim.requests.filter((request) => request.method === 'POST' && request.path === '/oauth/token');

// Ledger rows: service-account-client-credentials (test/simulator/REALITY.md).
describe('the service account credential (OAuth 2.0 client credentials)', () => {
	it('mints a token from the client ID and secret, without a scope, and calls through the gateway', async () => {
		const credentials = serviceAccount();
		const result = await runNode({ parameters: listSpaces, credentials, auth: 'serviceAccount' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.key)).toContain('DEMO');
		const [tokenRequest] = tokenRequests();
		expect(tokenRequest.body).toMatchObject({ grant_type: 'client_credentials' });
		expect(tokenRequest.body).not.toHaveProperty('scope');
		const apiCalls = sim.requests.filter((request) => request.path.startsWith('/wiki/'));
		expect(apiCalls.every((request) => request.gateway && request.cloudId === sim.cloudId)).toBe(
			true,
		);
		expect(apiCalls[0].headers.authorization).toMatch(/^Bearer /);
		const stored = credentials.confluenceServiceAccountOAuth2Api.oauthTokenData as IDataObject;
		expect(stored.access_token).toEqual(expect.any(String));
	});

	describe.each([
		{ expiredTokenStatus: 'unauthorized', expiredTokenBody: 'gateway' },
		{ expiredTokenStatus: 'byFamily', expiredTokenBody: 'gateway' },
		{ expiredTokenStatus: 'byFamily', expiredTokenBody: 'confluence' },
	] as const)('an expired token ($expiredTokenStatus, $expiredTokenBody body)', (variant) => {
		it('is re-issued once, and the operation succeeds', async () => {
			Object.assign(sim.settings, variant);
			const credentials = serviceAccount();
			expect(
				(await runNode({ parameters: listSpaces, credentials, auth: 'serviceAccount' })).error,
			).toBeUndefined();
			const first = (credentials.confluenceServiceAccountOAuth2Api.oauthTokenData as IDataObject)
				.access_token;
			sim.oauth.expireAccessTokens();
			(credentials.confluenceServiceAccountOAuth2Api.oauthTokenData as IDataObject).n8n_expires_at =
				String(Date.now() - 1000);
			const result = await runNode({ parameters: listSpaces, credentials, auth: 'serviceAccount' });
			expect(result.error).toBeUndefined();
			expect(result.refreshes).toBe(1);
			expect(tokenRequests()).toHaveLength(2);
			const second = (credentials.confluenceServiceAccountOAuth2Api.oauthTokenData as IDataObject)
				.access_token;
			expect(second).not.toBe(first);
		});
	});

	it('a wrong client secret fails without showing the secret', async () => {
		const credentials = serviceAccount({ clientSecret: 'sa_secret_wrong-value' });
		const result = await runNode({
			parameters: listSpaces,
			credentials,
			auth: 'serviceAccount',
			continueOnFail: true,
		});
		expect(JSON.stringify(result.items)).not.toContain('sa_secret_wrong-value');
		expect(result.items[0].json.error).toBe(
			"Atlassian refused the service account's client ID or secret",
		);
		expect(String(result.items[0].json.description)).toMatch(/Client ID and Client Secret/);
		expect(sim.requests.filter((request) => request.path.startsWith('/wiki/'))).toHaveLength(0);
	});

	it('drives the trigger too', async () => {
		const credentials = serviceAccount();
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated'] };
		expect(
			await runPoll({ parameters, credentials, staticData, auth: 'serviceAccount' }),
		).toBeNull();
		expect(staticData.confluence).toBeDefined();
	});
});
