import {
	confluenceMessage,
	describeFailure,
	readFailure,
} from '../../nodes/Confluence/transport/errors';

const request = { method: 'PUT', path: '/pages/42' };

describe('confluenceMessage', () => {
	it('reads the v2 envelope', () => {
		expect(
			confluenceMessage({
				errors: [
					{
						status: 409,
						code: 'CONFLICT',
						title: 'Version must be incremented',
						detail: 'Current Version: [6]',
					},
				],
			}),
		).toEqual({ title: 'Version must be incremented', detail: 'Current Version: [6]' });
	});

	it('reads the v1 envelope and drops the Java exception class', () => {
		expect(
			confluenceMessage({
				statusCode: 400,
				data: { authorized: true, valid: false, errors: [], successful: false },
				message:
					'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : type = = page',
			}),
		).toEqual({ title: 'Could not parse cql : type = = page' });
	});

	it('reads the gateway and OAuth shapes', () => {
		expect(confluenceMessage({ code: 401, message: 'Unauthorized; scope does not match' })).toEqual(
			{
				title: 'Unauthorized; scope does not match',
			},
		);
		expect(
			confluenceMessage({
				error: 'invalid_grant',
				error_description: 'Unknown or invalid refresh token.',
			}),
		).toEqual({
			title: 'Unknown or invalid refresh token.',
		});
	});
});

describe('describeFailure', () => {
	it('says what happened and what to do for each status', () => {
		const cases: Array<[number, RegExp, RegExp]> = [
			[401, /did not accept the credentials \(401\)/, /API token or email is wrong/],
			[403, /lacks permission for this \(403\)/, /Ask a space or site admin/],
			[
				404,
				/found nothing at this ID, or the account cannot see it \(404\)/,
				/a space ID is not a page ID/,
			],
			[409, /conflict: the content changed meanwhile \(409\)/, /overwrite/],
			[410, /removed \(410\)/, /v1 endpoint/],
			[413, /too large for Confluence \(413\)/, /5 MB/],
			[429, /Confluence rate limit reached \(429 after 6 attempts\)/, /concurrency/],
			[503, /Confluence is unavailable \(503 after 6 attempts\)/, /try again later/],
		];
		for (const [status, message, advice] of cases) {
			const described = describeFailure(
				{ status, headers: {}, body: undefined },
				request,
				status >= 429 ? 6 : 1,
			);
			expect(described.message).toMatch(message);
			expect(described.description).toMatch(advice);
			expect(described.description).toContain('PUT /pages/42');
		}
	});

	it("quotes Confluence's own words", () => {
		const described = describeFailure(
			{
				status: 400,
				headers: {},
				body: { errors: [{ title: 'A page with this title already exists', detail: null }] },
			},
			request,
			1,
		);
		expect(described.message).toBe(
			'Confluence rejected the request as invalid (400): A page with this title already exists',
		);
	});

	it('names the XSRF refusal', () => {
		expect(
			describeFailure(
				{ status: 403, headers: {}, body: { message: 'XSRF check failed' } },
				request,
				1,
			).message,
		).toMatch(/XSRF check failed/);
	});

	it('explains network failures', () => {
		const described = describeFailure(
			{ headers: {}, body: undefined, code: 'ECONNRESET' },
			request,
			3,
		);
		expect(described.message).toBe('Could not reach Confluence (ECONNRESET)');
		expect(described.description).toMatch(/after 3 attempts/);
	});
});

describe('readFailure', () => {
	it("digs the response out of n8n's wrapper without keeping the request config", () => {
		const axiosError = {
			config: { headers: { Authorization: 'Bearer secret-token' } },
			response: {
				status: 429,
				headers: { 'Retry-After': '2' },
				data: Buffer.from('{"message":"slow down"}'),
			},
		};
		const failure = readFailure({ message: 'wrapped', cause: axiosError });
		expect(failure).toEqual({
			status: 429,
			headers: { 'retry-after': '2' },
			body: { message: 'slow down' },
		});
		expect(JSON.stringify(failure)).not.toContain('secret-token');
	});

	it('says what n8n reported when a failure has no status and no known code', () => {
		const failure = readFailure({
			message: 'Could not evaluate the credential',
			cause: new Error('No bridge acquired for this context. Call acquire() first.'),
		});
		expect(failure.code).toBe('EUNKNOWN');
		const described = describeFailure(failure, request, 2);
		expect(described.message).toBe('Could not reach Confluence (EUNKNOWN)');
		expect(described.description).toContain(
			'n8n reported: "Could not evaluate the credential (No bridge acquired for this context. Call acquire() first.)"',
		);
	});

	it('recognises dropped connections', () => {
		expect(readFailure({ cause: { code: 'ECONNRESET' } }).code).toBe('ECONNRESET');
		expect(readFailure(new Error('socket hang up')).code).toBe('ECONNRESET');
	});
});
