/* Attachment downloads that Confluence redirects to its media host (another origin) must not carry our Authorization
 * header there, whichever credential signed the first request and whether the other origin differs by port or by
 * host name. The first request, to the site itself, does carry it. */
import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, credentialsFor, fastRetries } from '../helpers/fixtures';
import { runNode } from '../helpers/n8n';
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator';

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
});

afterAll(async () => await sim?.close());

function sent(origin: string): RecordedRequest[] {
	const host = new URL(origin).host;
	return sim.requests.filter((request) => request.headers.host === host);
}

const downloads: Array<[string, IDataObject]> = [
	['Attachment → Download', { resource: 'attachment', operation: 'download' }],
	[
		'Attachment → Get Many with Download',
		{
			resource: 'attachment',
			operation: 'getMany',
			page: { __rl: true, mode: 'id', value: '' },
			returnAll: true,
			options: { download: true },
		},
	],
];

describe.each(AUTH_KINDS)('with %s', (auth) => {
	it.each(downloads)(
		'%s: bytes arrive, the media host never sees the Authorization header',
		async (_name, parameters) => {
			sim.reset('demo');
			const demo = sim.demo!;
			const result = await runNode({
				parameters: {
					...parameters,
					attachmentId: demo.attachmentId,
					...(parameters.page
						? { page: { __rl: true, mode: 'id', value: demo.pages.gettingStarted } }
						: {}),
				},
				credentials: credentialsFor(sim),
				auth,
			});
			expect(result.error).toBeUndefined();
			const file = result.items.find((item) => item.binary?.data)?.binary?.data;
			expect(Buffer.from(String(file?.data), 'base64').toString()).toBe(
				sim.store.current(sim.store.get(demo.attachmentId)!).file!.data.toString(),
			);

			const media = sent(sim.mediaUrl);
			expect(media.length).toBeGreaterThan(0);
			for (const request of media) expect(request.headers.authorization).toBeUndefined();
			const site = sent(sim.baseUrl).filter((request) => !request.path.startsWith('/oauth/'));
			expect(site.length).toBeGreaterThan(0);
			for (const request of site) expect(request.headers.authorization).toMatch(/^(Basic|Bearer) /);
			// The redirect really left the site's origin.
			expect(site.some((request) => request.status === 302 || request.status === 303)).toBe(true);
		},
	);
});

it('a site addressed by host name (localhost) redirecting to the media host by IP: no Authorization there either', async () => {
	sim.reset('demo');
	const credentials = credentialsFor(sim);
	const site = sim.baseUrl.replace('127.0.0.1', 'localhost');
	credentials.confluenceApi = { ...credentials.confluenceApi, siteUrl: site };
	const result = await runNode({
		parameters: {
			resource: 'attachment',
			operation: 'download',
			attachmentId: sim.demo!.attachmentId,
		},
		credentials,
	});
	expect(result.error).toBeUndefined();
	const media = sent(sim.mediaUrl);
	expect(media.length).toBeGreaterThan(0);
	for (const request of media) expect(request.headers.authorization).toBeUndefined();
	expect(sent(site).some((request) => typeof request.headers.authorization === 'string')).toBe(
		true,
	);
});
