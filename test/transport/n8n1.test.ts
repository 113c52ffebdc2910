/* The transport under n8n 1.x, whose httpRequestWithAuthentication wraps every failure in a NodeApiError that keeps
 * neither the response's headers nor the cause: the status survives as httpCode, a JSON object body as context.data.
 * The errors below have the shape n8n 1.123 produces (checked against its n8n-core and n8n-workflow: a 302 becomes
 * httpCode "302" without headers; a 400 with a JSON body keeps that body in context.data; client-oauth2's refused
 * refresh becomes httpCode "EAUTH"). */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	apiPath,
	confluenceApi,
	confluenceDownload,
	RETRY_POLICY,
} from '../../nodes/Confluence/transport';
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

/**
 * What n8n 1.x throws from httpRequestWithAuthentication: the status survives as httpCode and a JSON object body as
 * context.data (n8n 1.123's NodeApiError copies `response.data` there), no headers, no cause.
 */
function n8n1Error(message: string, httpCode: string, data?: JsonObject): NodeApiError {
	const error = new NodeApiError(node, { message, httpCode } as JsonObject);
	(error as { cause?: unknown }).cause = undefined;
	if (data !== undefined) error.context.data = data;
	return error;
}

/** What n8n 2.x throws: a NodeApiError whose cause is the axios error with the whole response. */
function n8n2Error(
	status: number,
	data: JsonObject,
	headers: Record<string, string> = {},
): NodeApiError {
	const error = new NodeApiError(node, {
		message: `Request failed with status code ${status}`,
	} as JsonObject);
	(error as { cause?: unknown }).cause = {
		message: `Request failed with status code ${status}`,
		response: { status, headers, data },
	};
	return error;
}

async function failureOf(
	promise: Promise<unknown>,
): Promise<
	(Error & { description?: string; httpCode?: string; context?: JsonObject }) | undefined
> {
	return await promise.then(
		() => undefined,
		(error: Error) => error,
	);
}

const DUPLICATE_TITLE = {
	errors: [
		{
			status: 400,
			code: 'INVALID_REQUEST_PARAMETER',
			title:
				'A page with this title already exists: A page already exists with the same TITLE in this space',
			detail: null,
		},
	],
} as JsonObject;

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

		const result = await confluenceDownload.call(
			fake.ctx,
			apiPath`/download/attachments/42/a.bin`,
			0,
		);

		expect(Buffer.isBuffer(result.data) && result.data.equals(bytes)).toBe(true);
		expect(result.contentType).toBe('application/octet-stream');
		expect(
			fake.authenticated.map((options) => [options.url, options.ignoreHttpStatusErrors]),
		).toEqual([
			[`${SITE}/wiki/download/attachments/42/a.bin`, undefined],
			[`${SITE}/wiki/download/attachments/42/a.bin`, true],
		]);
		expect(fake.anonymous.map((options) => options.url)).toEqual([MEDIA]);
		expect(fake.anonymous[0].headers ?? {}).not.toHaveProperty('Authorization');
		// The media host's answer is streamed into the binary store, not held whole.
		expect(fake.anonymous[0].encoding).toBe('stream');
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
			confluenceDownload.call(fake.ctx, apiPath`/download/attachments/42/gone.bin`, 0),
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

		const result = await confluenceDownload.call(
			fake.ctx,
			apiPath`/download/attachments/42/a.txt`,
			0,
		);

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
			.call(fake.ctx, { method: 'GET', path: apiPath`/spaces` })
			.then(() => undefined)
			.catch((error: Error & { description?: string }) => error);

		expect(failure?.name).toBe('NodeOperationError');
		expect(failure?.message).toMatch(/refresh token is invalid, expired, revoked/);
		expect(failure?.description).toMatch(/Open the credential and reconnect it/);
		expect(fake.authenticated).toHaveLength(1);
	});
});

describe('Confluence errors under n8n 1.x', () => {
	const createPage = {
		method: 'POST' as const,
		path: apiPath`/pages`,
		body: { spaceId: '98305', title: 'Roadmap', status: 'current' },
		itemIndex: 2,
	};

	it("a duplicate title: Confluence's own words from the body n8n 1.x kept, with the item index, in one request", async () => {
		const fake = fakeN8n(() => {
			throw n8n1Error('Bad request - please check your parameters', '400', DUPLICATE_TITLE);
		});

		const failure = await failureOf(confluenceApi.call(fake.ctx, createPage));

		expect(failure?.name).toBe('NodeApiError');
		expect(failure?.message).toBe(
			'Confluence rejected the request as invalid (400): A page with this title already exists: A page already exists with the same TITLE in this space',
		);
		expect(failure?.httpCode).toBe('400');
		expect(failure?.context?.itemIndex).toBe(2);
		expect(fake.authenticated).toHaveLength(1);
	});

	it('a 4xx whose body n8n 1.x dropped (not a JSON object): asked once more as it is, the message carries the answer', async () => {
		const fake = fakeN8n((options) => {
			if (!options.ignoreHttpStatusErrors) {
				throw n8n1Error('Bad request - please check your parameters', '400');
			}
			return {
				statusCode: 400,
				headers: { 'content-type': 'text/plain' },
				body: 'Title must not be empty',
			};
		});

		const failure = await failureOf(confluenceApi.call(fake.ctx, createPage));

		expect(failure?.message).toBe(
			'Confluence rejected the request as invalid (400): Title must not be empty',
		);
		expect(failure?.context?.itemIndex).toBe(2);
		expect(
			fake.authenticated.map((options) => [
				options.method,
				options.url,
				options.ignoreHttpStatusErrors,
				options.returnFullResponse,
				options.body,
			]),
		).toEqual([
			['POST', `${SITE}/wiki/api/v2/pages`, undefined, true, createPage.body],
			['POST', `${SITE}/wiki/api/v2/pages`, true, true, createPage.body],
		]);
	});

	it('a 404: the not-found headline with what Confluence said, and the parameter trace', async () => {
		const fake = fakeN8n(() => {
			throw n8n1Error('The resource you are requesting could not be found', '404', {
				errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
			});
		});

		const failure = await failureOf(
			confluenceApi.call(fake.ctx, { method: 'GET', path: apiPath`/pages/4040404`, itemIndex: 1 }),
		);

		expect(failure?.message).toBe(
			'Confluence found nothing at this ID, or the account cannot see it (404): Not Found',
		);
		expect(failure?.description).toContain('Request: GET /pages/4040404.');
		expect(failure?.context?.requestValues).toContain('4040404');
		expect(failure?.context?.itemIndex).toBe(1);
		expect(fake.authenticated).toHaveLength(1);
	});

	describe('a 429', () => {
		let maxRetryAfterMs: number;
		beforeEach(() => {
			maxRetryAfterMs = RETRY_POLICY.maxRetryAfterMs;
			RETRY_POLICY.maxRetryAfterMs = 60_000;
			jest.useFakeTimers();
		});
		afterEach(() => {
			jest.useRealTimers();
			RETRY_POLICY.maxRetryAfterMs = maxRetryAfterMs;
		});

		it('reads Retry-After from the answer asked for once more, waits that long, and the page is created once', async () => {
			const created: unknown[] = [];
			let posts = 0;
			const fake = fakeN8n((options) => {
				posts++;
				if (posts === 1)
					throw n8n1Error('The service is receiving too many requests from you', '429');
				if (posts === 2) {
					expect(options.ignoreHttpStatusErrors).toBe(true);
					return {
						statusCode: 429,
						headers: { 'retry-after': '2', 'content-type': 'application/json' },
						body: { message: 'Rate limit exceeded' },
					};
				}
				created.push(options.body);
				return { statusCode: 200, headers: {}, body: { id: '7001', title: 'Roadmap' } };
			});

			const pending = confluenceApi.call(fake.ctx, createPage);
			await jest.advanceTimersByTimeAsync(1999);
			expect(fake.authenticated).toHaveLength(2);
			await jest.advanceTimersByTimeAsync(1);
			await expect(pending).resolves.toEqual({ id: '7001', title: 'Roadmap' });

			expect(fake.authenticated.map((options) => options.ignoreHttpStatusErrors)).toEqual([
				undefined,
				true,
				undefined,
			]);
			expect(created).toEqual([createPage.body]);
		});

		it('takes a success in the answer asked for once more as the result, with no wait', async () => {
			const fake = fakeN8n((options) => {
				if (!options.ignoreHttpStatusErrors) throw n8n1Error('Too many requests', '429');
				return { statusCode: 200, headers: {}, body: { id: '7002' } };
			});

			const pending = confluenceApi.call(fake.ctx, createPage);
			await jest.advanceTimersByTimeAsync(0);
			expect(fake.authenticated).toHaveLength(2);
			await expect(pending).resolves.toEqual({ id: '7002' });
		});

		it('counts each 429 and the answer asked for after it as one attempt: the attempt bound holds', async () => {
			const maxRateLimitAttempts = RETRY_POLICY.maxRateLimitAttempts;
			RETRY_POLICY.maxRateLimitAttempts = 3;
			try {
				const fake = fakeN8n((options) => {
					if (!options.ignoreHttpStatusErrors) throw n8n1Error('Too many requests', '429');
					return {
						statusCode: 429,
						headers: { 'retry-after': '1' },
						body: { message: 'Slow down' },
					};
				});

				const pending = failureOf(confluenceApi.call(fake.ctx, createPage));
				await jest.advanceTimersByTimeAsync(2000);
				const failure = await pending;

				expect(failure?.message).toMatch(
					/^Confluence rate limit reached \(too many requests in a short time\); it resets at .* UTC, in 1 s: Slow down$/,
				);
				expect(failure?.description).toContain('after 3 attempts');
				expect(fake.authenticated.map((options) => options.ignoreHttpStatusErrors)).toEqual([
					undefined,
					true,
					undefined,
					true,
					undefined,
					true,
				]);
			} finally {
				RETRY_POLICY.maxRateLimitAttempts = maxRateLimitAttempts;
			}
		});
	});

	it('a 401 asked for once more answers 401 again: one error, no loop (n8n 1.x already refreshed before throwing)', async () => {
		const fake = fakeN8n((options) => {
			if (!options.ignoreHttpStatusErrors) throw n8n1Error('Authorization failed', '401');
			return {
				statusCode: 401,
				headers: {},
				body: { code: 401, message: 'Unauthorized; scope does not match' },
			};
		});

		const failure = await failureOf(
			confluenceApi.call(fake.ctx, { method: 'GET', path: apiPath`/spaces`, itemIndex: 0 }),
		);

		expect(failure?.message).toBe(
			'Confluence did not accept the credentials (401): Unauthorized; scope does not match',
		);
		expect(fake.authenticated).toHaveLength(2);
	});

	it('a 5xx on a POST is not sent again: one request, what Confluence said in the message', async () => {
		const fake = fakeN8n(() => {
			throw n8n1Error('The service was not able to process your request', '500', {
				message: 'java.lang.IllegalStateException: Could not save page',
			});
		});

		const failure = await failureOf(confluenceApi.call(fake.ctx, createPage));

		expect(failure?.message).toBe('Confluence is unavailable (500): Could not save page');
		expect(fake.authenticated).toHaveLength(1);
	});

	it('a 4xx whose body cannot be sent twice (a stream) is not asked for again', async () => {
		const fake = fakeN8n(() => {
			throw n8n1Error('Too many requests', '429');
		});
		const maxRateLimitAttempts = RETRY_POLICY.maxRateLimitAttempts;
		RETRY_POLICY.maxRateLimitAttempts = 1;
		try {
			// What a readable stream looks like to the transport: something with pipe().
			const stream = { pipe: () => undefined, on: () => undefined };
			await failureOf(
				confluenceApi.call(fake.ctx, {
					method: 'POST',
					path: apiPath`/content/42/child/attachment`,
					api: 'v1',
					body: stream as unknown as Buffer,
				}),
			);
		} finally {
			RETRY_POLICY.maxRateLimitAttempts = maxRateLimitAttempts;
		}

		expect(fake.authenticated.map((options) => options.ignoreHttpStatusErrors)).toEqual([
			undefined,
		]);
	});
});

describe('Confluence errors under n8n 2.x (the response is in the cause)', () => {
	it('a 400 is reported from the response in one request', async () => {
		const fake = fakeN8n(() => {
			throw n8n2Error(400, DUPLICATE_TITLE);
		});

		const failure = await failureOf(
			confluenceApi.call(fake.ctx, {
				method: 'POST',
				path: apiPath`/pages`,
				body: { spaceId: '98305', title: 'Roadmap' },
				itemIndex: 3,
			}),
		);

		expect(failure?.message).toMatch(
			/^Confluence rejected the request as invalid \(400\): A page with this title already exists/,
		);
		expect(failure?.context?.itemIndex).toBe(3);
		expect(fake.authenticated).toHaveLength(1);
	});

	it('a 429 waits from the response it carries, with no request asked for again', async () => {
		let calls = 0;
		const fake = fakeN8n(() => {
			calls++;
			if (calls === 1)
				throw n8n2Error(429, { message: 'Rate limit exceeded' }, { 'Retry-After': '0' });
			return { statusCode: 200, headers: {}, body: { id: '1' } };
		});

		await expect(
			confluenceApi.call(fake.ctx, { method: 'GET', path: apiPath`/spaces` }),
		).resolves.toEqual({
			id: '1',
		});
		expect(fake.authenticated.map((options) => options.ignoreHttpStatusErrors)).toEqual([
			undefined,
			undefined,
		]);
	});
});

describe("an expired OAuth2 token answered by Atlassian's gateway with 403 under n8n 1.x", () => {
	const GATEWAY = 'https://api.atlassian.com';
	const oauthNode: INode = {
		...node,
		id: 'n-oauth',
		parameters: { authentication: 'oAuth2' },
		credentials: { confluenceOAuth2Api: { id: 'c-oauth-1x', name: 'Confluence OAuth2' } },
	};

	/** n8n 1.x's requestOAuth2: refreshes on a 401 only (tokenExpiredStatusCode is not read), then retries once. */
	function fakeN8n1OAuth(stored: IDataObject = {}) {
		const state = { token: 'fresh', refreshes: 0, calls: [] as string[] };
		const ctx = {
			getNode: () => oauthNode,
			getCredentials: async () => ({ siteUrl: SITE, apiGatewayUrl: GATEWAY, ...stored }),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					const attempt = async (): Promise<unknown> => {
						state.calls.push(`${String(options.url).replace(GATEWAY, '')} (${state.token})`);
						if (String(options.url).endsWith('/oauth/token/accessible-resources')) {
							if (state.token === 'expired')
								throw Object.assign(new Error('401'), { status401: true });
							return { statusCode: 200, headers: {}, body: [{ id: 'cloud-1', url: SITE }] };
						}
						if (state.token === 'expired') {
							// The gateway's answer to an expired token, sometimes: 403 in its own shape.
							throw n8n1Error('Forbidden', '403', { code: 403, message: 'Forbidden' });
						}
						return { statusCode: 200, headers: {}, body: { results: [{ id: '7' }] } };
					};
					const first = await attempt().then(
						(answer) => ({ answer }),
						(error: unknown) => ({ error }),
					);
					if (!('error' in first)) return first.answer;
					if (!(first.error as { status401?: boolean }).status401)
						return await Promise.reject(first.error);
					state.refreshes++;
					state.token = 'fresh';
					return await attempt();
				},
			},
		} as unknown as IExecuteFunctions;
		return { ctx, state };
	}

	it.each([
		['no stored token data', {}],
		[
			'a stored expiry that still looks fresh (the gateway disagrees)',
			{ oauthTokenData: { access_token: 'a', n8n_expires_at: String(Date.now() + 3_600_000) } },
		],
	])(
		'asks accessible-resources (a plain 401 there makes n8n 1.x refresh), then the request goes through: %s',
		async (_case, stored) => {
			const { ctx, state } = fakeN8n1OAuth(stored);
			// The cloud ID is looked up while the token is still fresh, then the token expires.
			const first = await confluenceApi.call(ctx, { method: 'GET', path: apiPath`/spaces` });
			expect(first).toEqual({ results: [{ id: '7' }] });
			state.token = 'expired';
			state.calls.length = 0;

			const result = await confluenceApi.call(ctx, { method: 'GET', path: apiPath`/spaces` });

			expect(result).toEqual({ results: [{ id: '7' }] });
			expect(state.refreshes).toBe(1);
			expect(state.calls).toEqual([
				'/ex/confluence/cloud-1/wiki/api/v2/spaces (expired)',
				'/ex/confluence/cloud-1/wiki/api/v2/spaces (expired)',
				'/oauth/token/accessible-resources (expired)',
				'/oauth/token/accessible-resources (fresh)',
				'/ex/confluence/cloud-1/wiki/api/v2/spaces (fresh)',
			]);
		},
	);

	it('a 403 that a refreshed token gets too is reported, after one probe', async () => {
		const { ctx, state } = fakeN8n1OAuth();
		await confluenceApi.call(ctx, { method: 'GET', path: apiPath`/spaces` });
		state.token = 'expired';
		const forbiddenAlways = ctx.helpers.httpRequestWithAuthentication;
		(ctx.helpers as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication =
			async (type: string, options: IHttpRequestOptions) => {
				const answer = await forbiddenAlways.call(ctx, type, options);
				if (!String(options.url).endsWith('/accessible-resources')) {
					throw n8n1Error('Forbidden', '403', { code: 403, message: 'Forbidden' });
				}
				return answer;
			};
		state.calls.length = 0;

		const failure = await failureOf(
			confluenceApi.call(ctx, { method: 'GET', path: apiPath`/spaces` }),
		);

		expect(failure?.name).toBe('NodeApiError');
		expect(failure?.httpCode).toBe('403');
		expect(state.calls.filter((call) => call.includes('accessible-resources'))).toHaveLength(2);
		expect(state.calls.filter((call) => call.includes('/spaces'))).toHaveLength(3);
	});
});
