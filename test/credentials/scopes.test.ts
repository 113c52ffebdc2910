import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_SCOPE_LIST } from '../../credentials/ConfluenceOAuth2Api.credentials';
import { TRIGGER_EVENTS } from '../../nodes/Confluence/trigger/feeds';
import { operationVariants } from '../badInput/catalog';
import { inputItem, prepareFixtures, validParameters } from '../badInput/values';
import { oauthCredential, useSimulator } from '../helpers/fixtures';
import { runNode, runPoll, type CredentialStore } from '../helpers/n8n';
import { requiredScopes, scopesSatisfy, type ScopeAlternatives } from '../simulator/scopes';

const sim = useSimulator('demo');

function withDefaultScopes(): CredentialStore {
	return {
		confluenceOAuth2Api: oauthCredential(
			sim,
			sim.oauth.issueTokens({ scopes: DEFAULT_SCOPE_LIST }),
		),
	};
}

/** Every endpoint the simulator served since `from`, with the scope sets its OpenAPI operation accepts. */
function endpointsSince(from: number): Map<string, ScopeAlternatives> {
	const endpoints = new Map<string, ScopeAlternatives>();
	for (const request of sim.requests.slice(from)) {
		if (!request.template || !request.path.startsWith('/wiki/')) continue;
		const alternatives = requiredScopes(request.method, request.template);
		if (alternatives) endpoints.set(`${request.method} ${request.template}`, alternatives);
	}
	return endpoints;
}

/** Each endpoint any operation or the trigger called, with its scope alternatives (filled by the first test). */
const used = new Map<string, ScopeAlternatives>();

// Ledger row: scope-does-not-match. The simulator refuses any endpoint whose scopes the token lacks.
describe('the OAuth2 credential’s default scopes', () => {
	it('cover every operation of the Confluence node and every trigger event, with fewer than 50 scopes', async () => {
		expect(DEFAULT_SCOPE_LIST.length).toBeLessThan(50);
		expect(DEFAULT_SCOPE_LIST).toContain('offline_access');
		const failures: string[] = [];
		for (const variant of operationVariants()) {
			sim.reset('demo');
			const fx = prepareFixtures(sim);
			const result = await runNode({
				parameters: validParameters(variant, fx),
				inputItems: [inputItem(variant)],
				credentials: withDefaultScopes(),
				auth: 'oAuth2',
			});
			if (result.error) failures.push(`${variant.label}: ${result.error.message}`);
			for (const [endpoint, scopes] of endpointsSince(0)) used.set(endpoint, scopes);
		}
		sim.reset('demo');
		const credentials = withDefaultScopes();
		const staticData: IDataObject = {};
		const parameters = { events: TRIGGER_EVENTS, filters: { cql: 'type = page' } };
		await runPoll({ parameters, credentials, staticData, auth: 'oAuth2' });
		sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'After', body: '<p>new</p>' });
		try {
			await runPoll({ parameters, credentials, staticData, auth: 'oAuth2' });
		} catch (error) {
			failures.push(`trigger: ${(error as Error).message}`);
		}
		for (const [endpoint, scopes] of endpointsSince(0)) used.set(endpoint, scopes);
		expect(failures).toEqual([]);
		expect(used.size).toBeGreaterThan(40);
	});

	it('hold no scope that nothing needs', () => {
		expect(used.size).toBeGreaterThan(0);
		const unneeded = DEFAULT_SCOPE_LIST.filter((scope) => {
			// Needed although the spec offers granular alternatives: see the list's comment (simstudioai/sim#4386).
			if (scope === 'offline_access' || scope === 'read:confluence-user') return false;
			const without = DEFAULT_SCOPE_LIST.filter((other) => other !== scope);
			return [...used.values()].every((alternatives) => scopesSatisfy(without, alternatives));
		});
		expect(unneeded).toEqual([]);
	});

	it('a token missing one of them fails the operation that needs it with "scope does not match"', async () => {
		sim.reset('demo');
		const credentials = {
			confluenceOAuth2Api: oauthCredential(
				sim,
				sim.oauth.issueTokens({
					scopes: DEFAULT_SCOPE_LIST.filter((scope) => scope !== 'read:space:confluence'),
				}),
			),
		};
		const result = await runNode({
			parameters: { resource: 'space', operation: 'getMany', returnAll: true },
			credentials,
			auth: 'oAuth2',
		});
		expect(result.error?.message).toMatch(/scope does not match/);
	});
});
