import { AUTH_KINDS, credentialsFor, useSimulator } from '../../helpers/fixtures';
import { runNode } from '../../helpers/n8n';

const sim = useSimulator('demo');

const ITEMS = 20;

/**
 * Issue 12 point 12: the OAuth2 path cost twice the API token's per item. Per request n8n itself decrypts the
 * credential once (httpRequestWithAuthentication); the node's own reads (base URL, cloud ID, options) happen once per
 * execution, so the total stays at about one decryption per request whatever the credential.
 */
describe.each(AUTH_KINDS)('per-execution reads (%s)', (auth) => {
	it(`${ITEMS} page creations decrypt the credential once per request, plus once for the execution`, async () => {
		const credentials = credentialsFor(sim);
		const result = await runNode({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'id', value: sim.demo!.spaceId },
				title: '={{ "Per item " + $json.index }}',
				body: 'cost',
			},
			items: Array.from({ length: ITEMS }, (_, index) => ({ index })),
			credentials,
			auth,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ITEMS);
		const requests = sim.requests.filter((request) => request.path.startsWith('/wiki/')).length;
		expect(requests).toBeGreaterThanOrEqual(ITEMS);
		expect(result.decryptions).toBeLessThanOrEqual(requests + 2);
	});
});

describe('OAuth2 lookups per execution', () => {
	const pageCreations = (count: number) => ({
		parameters: {
			resource: 'page',
			operation: 'create',
			space: { __rl: true, mode: 'id', value: sim.demo!.spaceId },
			title: '={{ "Lookup " + $json.index }}',
			body: 'once',
		},
		items: Array.from({ length: count }, (_, index) => ({ index })),
	});
	const calls = (path: string) => sim.requests.filter((request) => request.path === path).length;

	it(`${ITEMS} page creations look the cloud ID up at most once and ask the token endpoint nothing while the token is fresh`, async () => {
		const result = await runNode({
			...pageCreations(ITEMS),
			credentials: credentialsFor(sim),
			auth: 'oAuth2',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ITEMS);
		expect(calls('/oauth/token/accessible-resources')).toBeLessThanOrEqual(1);
		expect(calls('/oauth/token')).toBe(0);
		expect(result.refreshes).toBe(0);
	});

	it('an access token that expires in the middle of the run is refreshed once and the run goes on, nothing written twice', async () => {
		let created = 0;
		sim.faults.inject({
			kind: 'beforeApply',
			method: 'POST',
			path: /\/pages$/,
			times: Infinity,
			run: () => {
				created++;
				if (created === ITEMS / 2) sim.oauth.expireAccessTokens();
			},
		});
		const result = await runNode({
			...pageCreations(ITEMS),
			credentials: credentialsFor(sim),
			auth: 'oAuth2',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ITEMS);
		expect(result.refreshes).toBe(1);
		expect(calls('/oauth/token')).toBe(1);
		const titles = sim.store
			.list('page')
			.map((page) => page.title)
			.filter((title) => title.startsWith('Lookup '));
		expect(titles).toHaveLength(ITEMS);
		expect(new Set(titles).size).toBe(ITEMS);
	});
});
