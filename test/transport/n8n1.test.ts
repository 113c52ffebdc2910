/* The transport under n8n 1.x, whose httpRequestWithAuthentication wraps every failure in a NodeApiError that keeps
 * neither the response (status only, as httpCode) nor the cause. The errors below have the shape n8n 1.123 produces
 * (checked against its n8n-core: a 302 becomes httpCode "302" without headers; client-oauth2's refused refresh
 * becomes httpCode "EAUTH"). */
import type { IExecuteFunctions, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { confluenceApi, confluenceDownload } from '../../nodes/Confluence/transport';
import { fastRetries } from '../helpers/fixtures';

const SITE = 'https://acme.atlassian.net';
const MEDIA = 'https://api.media.atlassian.com/file/f-1/binary?token=signed';

const node: INode = {
	id: 'n1',
	name: 'Confluence',
	type: 'n8n-nodes-confluence.confluence',
	typeVersion: 1,
	position: [0, 0],
	parameters: { authentication: 'apiToken' },
	credentials: { confluenceApi: { id: 'c1', name: 'Confluence' } },
};

/** What n8n 1.x throws from httpRequestWithAuthentication: the status survives as httpCode, nothing else. */
function n8n1Error(message: string, httpCode: string): NodeApiError {
	const error = new NodeApiError(node, { message, httpCode } as JsonObject);
	(error as { cause?: unknown }).cause = undefined;
	return error;
}

interface FakeN8n {
	ctx: IExecuteFunctions;
	authenticated: IHttpRequestOptions[];
	anonymous: IHttpRequestOptions[];
}

function fakeN8n(
	authenticated: (options: IHttpRequestOptions) => unknown,
	anonymous: (options: IHttpRequestOptions) => unknown = () => {
		throw new Error('no request without credentials expected');
	},
): FakeN8n {
	const calls: FakeN8n = {
		ctx: undefined as unknown as IExecuteFunctions,
		authenticated: [],
		anonymous: [],
	};
	calls.ctx = {
		getNode: () => node,
		getCredentials: async () => ({ siteUrl: SITE, email: 'a@example.com', apiToken: 't' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				calls.authenticated.push(options);
				return authenticated(options);
			},
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.anonymous.push(options);
				return anonymous(options);
			},
		},
	} as unknown as IExecuteFunctions;
	return calls;
}

beforeAll(() => fastRetries());

describe('attachment downloads under n8n 1.x', () => {
	it('asks again for the redirect as it is when the error lost its Location header, then fetches the media host without credentials', async () => {
		const bytes = Buffer.from([0, 1, 2, 254, 255]);
		const fake = fakeN8n(
			(options) => {
				if (!options.ignoreHttpStatusErrors) {
					throw n8n1Error('Request failed with status code 302', '302');
				}
				return { statusCode: 302, headers: { location: MEDIA }, body: Buffer.alloc(0) };
			},
			() => ({
				statusCode: 200,
				headers: { 'content-type': 'application/octet-stream' },
				body: bytes,
			}),
		);

		const result = await confluenceDownload.call(fake.ctx, '/download/attachments/42/a.bin', 0);

		expect(result.data.equals(bytes)).toBe(true);
		expect(result.contentType).toBe('application/octet-stream');
		expect(
			fake.authenticated.map((options) => [options.url, options.ignoreHttpStatusErrors]),
		).toEqual([
			[`${SITE}/wiki/download/attachments/42/a.bin`, undefined],
			[`${SITE}/wiki/download/attachments/42/a.bin`, true],
		]);
		expect(fake.anonymous.map((options) => options.url)).toEqual([MEDIA]);
		expect(fake.anonymous[0].headers ?? {}).not.toHaveProperty('Authorization');
	});

	it('reports an error the second answer carries as a Confluence failure', async () => {
		const fake = fakeN8n((options) => {
			if (!options.ignoreHttpStatusErrors)
				throw n8n1Error('Request failed with status code 302', '302');
			return {
				statusCode: 404,
				headers: { 'content-type': 'application/json' },
				body: Buffer.from(JSON.stringify({ message: 'No attachment here' })),
			};
		});

		await expect(
			confluenceDownload.call(fake.ctx, '/download/attachments/42/gone.bin', 0),
		).rejects.toThrow(
			'Confluence found nothing at this ID, or the account cannot see it (404): No attachment here',
		);
		expect(fake.anonymous).toHaveLength(0);
	});

	it('needs no second request when n8n keeps the redirect headers (2.x)', async () => {
		const fake = fakeN8n(
			() => {
				const error = new NodeApiError(node, {
					message: 'Request failed with status code 302',
				} as JsonObject);
				(error as { cause?: unknown }).cause = {
					response: { status: 302, headers: { location: MEDIA }, data: Buffer.alloc(0) },
				};
				throw error;
			},
			() => ({ statusCode: 200, headers: {}, body: Buffer.from('ok') }),
		);

		const result = await confluenceDownload.call(fake.ctx, '/download/attachments/42/a.txt', 0);

		expect(result.data.toString()).toBe('ok');
		expect(fake.authenticated).toHaveLength(1);
	});
});

describe('a refused OAuth2 refresh under n8n 1.x', () => {
	it('fails at once with the reconnect advice instead of retrying as if the network were down', async () => {
		const fake = fakeN8n(() => {
			throw n8n1Error(
				'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
				'EAUTH',
			);
		});

		const failure = await confluenceApi
			.call(fake.ctx, { method: 'GET', path: '/spaces' })
			.then(() => undefined)
			.catch((error: Error & { description?: string }) => error);

		expect(failure?.name).toBe('NodeOperationError');
		expect(failure?.message).toMatch(/refresh token is invalid, expired, revoked/);
		expect(failure?.description).toMatch(/Open the credential and reconnect it/);
		expect(fake.authenticated).toHaveLength(1);
	});
});
