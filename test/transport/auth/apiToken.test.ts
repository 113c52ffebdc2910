import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { Confluence } from '../../../nodes/Confluence/Confluence.node';
import { useSimulator } from '../../helpers/fixtures';
import { additionalData, runNode } from '../../helpers/n8n';

const sim = useSimulator('demo');

const listSpaces = { resource: 'space', operation: 'getMany', returnAll: true };

function apiTokenCredential(
	fields: Partial<ICredentialDataDecryptedObject> = {},
): ICredentialDataDecryptedObject {
	return {
		siteUrl: sim.baseUrl,
		email: sim.users.demo.email,
		apiToken: sim.users.demo.apiToken,
		apiGatewayUrl: sim.baseUrl,
		...fields,
	};
}

async function credentialTest(data: ICredentialDataDecryptedObject) {
	const test = new Confluence().methods.credentialTest.confluenceApiTokenTest;
	const context = new CredentialTestContext(additionalData({ confluenceApi: data }));
	return await test.call(context, { id: 'c1', name: 'test', type: 'confluenceApi', data });
}

// Ledger rows: scoped-api-token-gateway-only, classic-token-on-gateway, tenant-info-cloud-id, scope-does-not-match
// (test/simulator/REALITY.md).
describe('scoped API tokens', () => {
	it('work through the gateway with the cloud ID read from the site, and never touch the site URL', async () => {
		const token = sim.oauth.issueScopedApiToken({
			scopes: ['read:space:confluence', 'read:space-details:confluence'],
		});
		const result = await runNode({
			parameters: listSpaces,
			credentials: { confluenceApi: apiTokenCredential({ apiToken: token, scoping: 'scoped' }) },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.key)).toContain('DEMO');
		const apiCalls = sim.requests.filter((request) => request.path.startsWith('/wiki/'));
		expect(apiCalls.length).toBeGreaterThan(0);
		expect(apiCalls.every((request) => request.gateway && request.cloudId === sim.cloudId)).toBe(
			true,
		);
		expect(apiCalls[0].headers.authorization).toMatch(/^Basic /);
		expect(sim.requests.filter((request) => request.path === '/_edge/tenant_info')).toHaveLength(1);
	});

	it('a Cloud ID typed into the credential is used as is', async () => {
		const token = sim.oauth.issueScopedApiToken();
		const result = await runNode({
			parameters: listSpaces,
			credentials: {
				confluenceApi: apiTokenCredential({
					apiToken: token,
					scoping: 'scoped',
					cloudId: sim.cloudId,
				}),
			},
		});
		expect(result.error).toBeUndefined();
		expect(sim.requests.some((request) => request.path === '/_edge/tenant_info')).toBe(false);
	});

	it('a scoped token without the scope an operation needs fails with the scope message', async () => {
		const token = sim.oauth.issueScopedApiToken({ scopes: ['read:page:confluence'] });
		const result = await runNode({
			parameters: listSpaces,
			credentials: { confluenceApi: apiTokenCredential({ apiToken: token, scoping: 'scoped' }) },
		});
		expect(result.error?.message).toMatch(/scope does not match/);
		expect(result.error?.httpCode).toBe('401');
	});
});

describe('the API-token credential test says which kind of token it found', () => {
	it('a classic token on the site URL', async () => {
		const result = await credentialTest(apiTokenCredential());
		expect(result).toEqual({
			status: 'OK',
			message: `Classic API token: it reaches ${sim.baseUrl}`,
		});
	});

	it('a scoped token through the gateway, with the cloud ID it found', async () => {
		const token = sim.oauth.issueScopedApiToken({ scopes: ['read:space:confluence'] });
		const result = await credentialTest(apiTokenCredential({ apiToken: token, scoping: 'scoped' }));
		expect(result.status).toBe('OK');
		expect(result.message).toBe(
			`Scoped API token: it reaches ${sim.baseUrl} through ${sim.baseUrl} (cloud ID ${sim.cloudId})`,
		);
	});

	it('a scoped token set up as classic: says to switch the token type', async () => {
		const token = sim.oauth.issueScopedApiToken({ scopes: ['read:space:confluence'] });
		const result = await credentialTest(apiTokenCredential({ apiToken: token }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/This is a scoped API token.*Scoped API Token/);
	});

	it.each(['unauthorized', 'accepted'] as const)(
		'a classic token set up as scoped: says to switch back, or passes where the gateway takes it (classic-token-on-gateway: %s)',
		async (classicTokenOnGateway) => {
			sim.settings.classicTokenOnGateway = classicTokenOnGateway;
			const result = await credentialTest(apiTokenCredential({ scoping: 'scoped' }));
			if (classicTokenOnGateway === 'accepted') {
				expect(result.status).toBe('OK');
			} else {
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/This is a classic API token.*Classic API Token/);
			}
		},
	);

	it('a wrong or expired token: says so, without the token in the message', async () => {
		const result = await credentialTest(apiTokenCredential({ apiToken: 'revoked-token-value' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/revoked or has expired/);
		expect(result.message).not.toContain('revoked-token-value');
	});

	it('a scoped token without the scope the test needs: names the scope', async () => {
		const token = sim.oauth.issueScopedApiToken({ scopes: ['read:page:confluence'] });
		const result = await credentialTest(apiTokenCredential({ apiToken: token, scoping: 'scoped' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/lacks a scope.*read:space:confluence/);
	});

	it('an unreachable site: says it could not reach it', async () => {
		const result = await credentialTest(apiTokenCredential({ siteUrl: 'http://127.0.0.1:1' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:1/);
	});
});
