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
