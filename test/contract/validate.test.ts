/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { checkExchange, contractTotals, validateExchange, type ContractExchange } from './index';
import { loadSpec } from './specs';
import { CONTRACT_RUN_DIR_ENV } from './state';

function exchange(overrides: Partial<ContractExchange>): ContractExchange {
	return {
		method: 'GET',
		path: '/wiki/api/v2/pages',
		query: {},
		headers: {},
		requestBody: undefined,
		status: 200,
		responseHeaders: {},
		responseBody: undefined,
		...overrides,
	};
}

const page = {
	id: '123',
	status: 'current',
	title: 'Release notes',
	spaceId: '456',
	parentId: '100',
	parentType: 'page',
	authorId: 'acc-1',
	createdAt: '2026-03-18T12:00:00.000Z',
	version: {
		createdAt: '2026-03-18T12:00:00.000Z',
		message: '',
		number: 1,
		minorEdit: false,
		authorId: 'acc-1',
	},
	body: { storage: { representation: 'storage', value: '<p>Hi</p>' } },
	_links: {
		webui: '/spaces/DEV/pages/123',
		editui: '/pages/resumedraft.action?draftId=123',
		base: 'https://site.atlassian.net/wiki',
	},
};

const createPage = (requestBody: unknown, responseBody: unknown = page): ContractExchange =>
	exchange({
		method: 'POST',
		path: '/wiki/api/v2/pages',
		headers: { 'content-type': 'application/json' },
		requestBody,
		status: 200,
		responseBody,
	});

const searchResponse = {
	results: [
		{
			content: { id: '123', type: 'page', status: 'current', title: 'Release notes' },
			title: 'Release notes',
			excerpt: 'Hi',
			url: '/spaces/DEV/pages/123',
			breadcrumbs: [],
			entityType: 'content',
			iconCssClass: 'aui-icon content-type-page',
			lastModified: '2026-03-18T12:00:00.000Z',
			score: 1,
		},
	],
	start: 0,
	limit: 25,
	size: 1,
	totalSize: 1,
	cqlQuery: 'type = page',
	searchDuration: 12,
	_links: { base: 'https://site.atlassian.net/wiki', context: '/wiki' },
};

function multipart(parts: Array<{ name: string; filename?: string; value: string }>) {
	const boundary = '----contract-test-boundary';
	const chunks = parts.map(
		(part) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${
				part.filename ? `; filename="${part.filename}"\r\nContent-Type: text/plain` : ''
			}\r\n\r\n${part.value}\r\n`,
	);
	return {
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'x-atlassian-token': 'nocheck',
		},
		requestBody: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`),
	};
}

describe('v2 requests', () => {
	it('accepts a well-formed page creation', () => {
		expect(
			checkExchange(
				createPage({
					spaceId: '456',
					status: 'current',
					title: 'Release notes',
					parentId: '100',
					body: { representation: 'storage', value: '<p>Hi</p>' },
				}),
			),
		).toEqual([]);
	});

	it('reports POST /pages without spaceId, naming method, path, operation and schema path', () => {
		const violations = checkExchange(createPage({ title: 'No space' }));
		expect(violations).toEqual([
			"POST /wiki/api/v2/pages (confluence-v2.json createPage): request body: must have required property 'spaceId' [schema #/properties/requestBody/required]",
		]);
	});

	it('reports GET /pages with limit=999 and unknown or mistyped parameters', () => {
		const violations = checkExchange(
			exchange({
				query: { limit: '999', 'space-id': '1,x', colour: 'red' },
				responseBody: { results: [], _links: {} },
			}),
		);
		expect(violations).toHaveLength(3);
		expect(violations).toContainEqual(
			expect.stringMatching(
				/^GET \/wiki\/api\/v2\/pages \(confluence-v2\.json getPages\): request query parameter 'limit': must be <= 250 \(got 999\)/,
			),
		);
		expect(violations).toContainEqual(
			expect.stringContaining("query parameter 'space-id/1': must be integer"),
		);
		expect(violations).toContainEqual(
			expect.stringContaining("must NOT have additional properties ('colour')"),
		);
	});

	// REALITY.md v2-array-query: commas only where the spec's description says so, else OpenAPI's repeated default.
	it('splits v2 array filters on commas only where the description says so; repeated parameters always', () => {
		const ok = (query: Record<string, string | string[]>) =>
			checkExchange(exchange({ query, responseBody: { results: [], _links: {} } }));
		expect(ok({ id: '1,2,3' })).toEqual([]);
		expect(ok({ id: ['1', '2'], status: ['current', 'archived', 'trashed'] })).toEqual([]);
		expect(ok({ status: 'current,archived' })).toEqual([
			expect.stringContaining(
				"query parameter 'status/0': must be equal to one of the allowed values (allowed: ",
			),
		]);
		expect(ok({ status: ['current', 'gone'] })).toEqual([
			expect.stringContaining(
				"query parameter 'status/1': must be equal to one of the allowed values",
			),
		]);
	});

	it('checks path parameters against their schema', () => {
		expect(checkExchange(exchange({ path: '/wiki/api/v2/pages/abc', status: 404 }))).toEqual([
			expect.stringContaining(
				"(confluence-v2.json getPageById): request path parameter 'id': must be integer",
			),
		]);
	});

	it('reports a body sent to an operation that takes none', () => {
		expect(
			checkExchange(
				exchange({
					method: 'DELETE',
					path: '/wiki/api/v2/pages/1',
					requestBody: { purge: true },
					status: 204,
				}),
			),
		).toEqual([
			expect.stringContaining(
				'(confluence-v2.json deletePage): request body: present, but the operation takes no request body',
			),
		]);
	});

	it('reports a missing required body', () => {
		expect(checkExchange(createPage(undefined))).toEqual([
			expect.stringContaining('createPage): request body: missing, but the operation requires one'),
		]);
	});
});

describe('the v2 write-body oneOf quirk', () => {
	const bodies = {
		flat: { representation: 'atlas_doc_format', value: '{"type":"doc","version":1,"content":[]}' },
		nested: { storage: { representation: 'storage', value: '<p>x</p>' } },
	};

	it.each(Object.entries(bodies))(
		'ignores the overlapping branches for a %s page body',
		(_kind, body) => {
			expect(checkExchange(createPage({ spaceId: '1', title: 't', body }))).toEqual([]);
			expect(
				checkExchange(
					exchange({
						method: 'PUT',
						path: '/wiki/api/v2/pages/123',
						requestBody: { id: '123', status: 'current', title: 't', body, version: { number: 2 } },
						responseBody: page,
					}),
				),
			).toEqual([]);
		},
	);

	it('ignores it for blog posts and comments too', () => {
		const body = bodies.nested;
		// 400 is documented without a body, so only the request is at stake here.
		const post = (path: string, requestBody: unknown) =>
			checkExchange(exchange({ method: 'POST', path, requestBody, status: 400 }));
		expect(post('/wiki/api/v2/blogposts', { spaceId: '1', title: 't', body })).toEqual([]);
		expect(post('/wiki/api/v2/footer-comments', { pageId: '1', body })).toEqual([]);
		expect(post('/wiki/api/v2/inline-comments', { pageId: '1', body })).toEqual([]);
	});

	it('still reports a body that matches no branch, and other errors beside the quirk', () => {
		const violations = checkExchange(createPage({ title: 't', body: 'not an object' }));
		expect(violations).toContainEqual(
			expect.stringContaining("must have required property 'spaceId'"),
		);
		expect(violations).toContainEqual(
			expect.stringContaining(
				'request body/body: must match exactly one schema in oneOf (matches no branch)',
			),
		);
		expect(violations).toContainEqual(expect.stringContaining('request body/body: must be object'));
	});
});

describe('v2 responses', () => {
	it('reports a PageSingle with a wrongly typed field, naming the component schema', () => {
		const violations = checkExchange(
			exchange({
				path: '/wiki/api/v2/pages/123',
				responseBody: { ...page, title: 42, version: { ...page.version, number: '1' } },
			}),
		);
		expect(violations).toEqual([
			'GET /wiki/api/v2/pages/123 (confluence-v2.json getPageById): response 200 body/title: must be string (got 42) [schema #/components/schemas/PageSingle/properties/title/type]',
			'GET /wiki/api/v2/pages/123 (confluence-v2.json getPageById): response 200 body/version/number: must be integer (got "1") [schema #/components/schemas/Version/properties/number/type]',
		]);
	});

	it('checks date-time formats and enums in bodies', () => {
		const violations = checkExchange(
			exchange({
				path: '/wiki/api/v2/pages/123',
				responseBody: { ...page, createdAt: '18/03/2026', status: 'live' },
			}),
		);
		expect(violations).toContainEqual(
			expect.stringContaining('body/createdAt: must match format "date-time"'),
		);
		expect(violations).toContainEqual(
			expect.stringContaining('body/status: must be equal to one of the allowed values'),
		);
	});

	it('reports an undocumented status but accepts authentication failures, rate limiting and server failures', () => {
		const stalePut = (path: string, status: number, responseBody: unknown) =>
			checkExchange(
				exchange({
					method: 'PUT',
					path,
					requestBody: {
						id: '123',
						status: 'current',
						title: 't',
						body: {},
						version: { number: 9 },
					},
					status,
					responseBody,
				}),
			);
		expect(stalePut('/wiki/api/v2/pages/123', 409, { errors: [] })).toEqual([
			'PUT /wiki/api/v2/pages/123 (confluence-v2.json updatePage): response 409 status is not documented for this operation (documented: 200, 400, 401, 404)',
		]);
		expect(stalePut('/wiki/api/v2/pages/123', 410, { errors: [] })).toEqual([
			'PUT /wiki/api/v2/pages/123 (confluence-v2.json updatePage): response 410 status is not documented for this operation (documented: 200, 400, 401, 404)',
		]);
		for (const status of [401, 429, 500, 503]) {
			expect(checkExchange(exchange({ path: '/wiki/api/v2/pages/123', status }))).toEqual([]);
		}
	});

	it("accepts Confluence's stale-version 409 on versioned updates, and only as a conflict", () => {
		const conflict = {
			errors: [
				{
					status: 409,
					code: 'CONFLICT',
					title:
						'Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]',
					detail: null,
				},
			],
		};
		const put = (path: string, requestBody: unknown, responseBody: unknown) =>
			checkExchange(exchange({ method: 'PUT', path, requestBody, status: 409, responseBody }));
		const page = { id: '123', status: 'current', title: 't', body: {}, version: { number: 5 } };
		expect(put('/wiki/api/v2/pages/123', page, conflict)).toEqual([]);
		expect(
			put(
				'/wiki/api/v2/spaces/7/properties/9',
				{ key: 'k', value: 1, version: { number: 2 } },
				conflict,
			),
		).toEqual([]);
		// A 409 that is not a conflict, or on an operation without versions, is still reported.
		expect(
			put('/wiki/api/v2/pages/123', page, { errors: [{ status: 409, code: 'OTHER', title: 'x' }] }),
		).toHaveLength(1);
		expect(
			put('/wiki/api/v2/tasks/5', { id: '5', status: 'complete' }, conflict).join('\n'),
		).toMatch(/updateTask\): response 409 status is not documented/);
	});

	it('has nothing to check in error bodies documented as `content: {}`', () => {
		const notFound = {
			errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
		};
		expect(
			checkExchange(
				exchange({ path: '/wiki/api/v2/pages/1', status: 404, responseBody: notFound }),
			),
		).toEqual([]);
	});

	it('validates 204 and redirects by status only, and flags a 204 with a body', () => {
		const del = (responseBody: unknown) =>
			checkExchange(
				exchange({ method: 'DELETE', path: '/wiki/api/v2/pages/1', status: 204, responseBody }),
			);
		expect(del(undefined)).toEqual([]);
		expect(del({ ok: true })).toEqual([
			expect.stringContaining('response 204 body: present, but a 204 response has none'),
		]);
		expect(
			checkExchange(
				exchange({ path: '/wiki/api/v2/attachments/att1/thumbnail/download', status: 302 }),
			),
		).toEqual([]);
	});

	it('flags a documented JSON body that is missing', () => {
		expect(checkExchange(exchange({ path: '/wiki/api/v2/pages/123' }))).toEqual([
			expect.stringContaining(
				'response 200 body: missing, but the operation documents a JSON body for this status',
			),
		]);
	});

	it('checks documented response headers', () => {
		const link = '</wiki/api/v2/pages?cursor=abc>; rel="next"';
		const list = { results: [], _links: { next: '/wiki/api/v2/pages?cursor=abc' } };
		expect(checkExchange(exchange({ responseHeaders: { link }, responseBody: list }))).toEqual([]);
	});
});

describe('v1', () => {
	const search = (overrides: Partial<ContractExchange>) =>
		checkExchange(
			exchange({
				path: '/wiki/rest/api/search',
				query: { cql: 'type = page', limit: '25' },
				responseBody: searchResponse,
				...overrides,
			}),
		);

	it('accepts a CQL search and its result page', () => {
		expect(search({})).toEqual([]);
	});

	it('reports a search without cql and a result missing required fields', () => {
		const withoutCqlQuery: Partial<typeof searchResponse> = { ...searchResponse };
		delete withoutCqlQuery.cqlQuery;
		const violations = search({ query: { limit: '25' }, responseBody: withoutCqlQuery });
		expect(violations).toEqual([
			"GET /wiki/rest/api/search (confluence-v1.json searchByCQL): request query: must have required property 'cql' [schema #/properties/query/required]",
			"GET /wiki/rest/api/search (confluence-v1.json searchByCQL): response 200 body: must have required property 'cqlQuery' [schema #/components/schemas/SearchPageResponseSearchResult/required]",
		]);
	});

	it('checks multipart attachment uploads, including the required minorEdit part', () => {
		const upload = (parts: Array<{ name: string; filename?: string; value: string }>) =>
			checkExchange(
				exchange({
					method: 'POST',
					path: '/wiki/rest/api/content/123/child/attachment',
					...multipart(parts),
					responseBody: { results: [], start: 0, limit: 25, size: 0, _links: {} },
				}),
			);
		const file = { name: 'file', filename: 'notes.txt', value: 'hello' };
		expect(
			upload([file, { name: 'minorEdit', value: 'true' }, { name: 'comment', value: 'first' }]),
		).toEqual([]);
		expect(upload([file])).toEqual([
			"POST /wiki/rest/api/content/123/child/attachment (confluence-v1.json createAttachment): request body: must have required property 'minorEdit' [schema #/required]",
		]);
		expect(
			checkExchange(
				exchange({
					method: 'POST',
					path: '/wiki/rest/api/content/123/child/attachment',
					headers: { 'content-type': 'multipart/form-data; boundary=x' },
					requestBody: Buffer.from('garbage'),
				}),
			),
		).toContainEqual(
			expect.stringContaining('request body: not a well-formed multipart/form-data body'),
		);
	});

	it('reports endpoints Atlassian removed from v1', () => {
		expect(checkExchange(exchange({ path: '/wiki/rest/api/content', status: 410 }))).toEqual([
			'GET /wiki/rest/api/content: no operation in confluence-v1.json has this path',
		]);
	});
});

describe('paths', () => {
	it('flags unknown API paths and methods', () => {
		expect(checkExchange(exchange({ path: '/wiki/api/v2/nothing-here' }))).toEqual([
			'GET /wiki/api/v2/nothing-here: no operation in confluence-v2.json has this path',
		]);
		expect(checkExchange(exchange({ method: 'PATCH', path: '/wiki/api/v2/pages/1' }))).toEqual([
			'PATCH /wiki/api/v2/pages/1: confluence-v2.json has /pages/{id} only for GET, PUT, DELETE',
		]);
	});

	it('prefers literal path segments over templates', () => {
		const operationOf = (method: string, path: string) =>
			checkExchange(exchange({ method, path, query: { bogus: '1' }, status: 400 }))[0];
		expect(operationOf('GET', '/wiki/rest/api/template/page')).toContain('getContentTemplates');
		expect(operationOf('GET', '/wiki/rest/api/template/123')).toContain('getContentTemplate)');
		// Listing attachments through v1 is gone; only uploads remain on that path.
		expect(operationOf('GET', '/wiki/rest/api/content/1/child/attachment')).toContain(
			'has /wiki/rest/api/content/{id}/child/attachment only for PUT, POST',
		);
	});

	it('ignores what is not the REST API and counts only what it validated', () => {
		const before = contractTotals();
		for (const path of [
			'/oauth/token',
			'/authorize',
			'/_edge/tenant_info',
			'/wiki/download/attachments/1/a.txt',
		]) {
			expect(validateExchange(exchange({ method: 'POST', path }))).toEqual([]);
		}
		expect(validateExchange(exchange({ path: '/wiki/api/v2/pages/1', status: 404 }))).toEqual([]);
		expect(
			validateExchange(
				exchange({
					path: '/wiki/rest/api/search',
					query: { cql: 'type=page' },
					responseBody: searchResponse,
				}),
			),
		).toEqual([]);
		expect(contractTotals()).toMatchObject({
			requests: before.requests + 2,
			responses: before.responses + 2,
			violations: before.violations,
		});
	});

	it('counts what it accepts beyond the spec on a line of its own: stale-version 409, 401, 429, 5xx', () => {
		const runDir = process.env[CONTRACT_RUN_DIR_ENV];
		delete process.env[CONTRACT_RUN_DIR_ENV];
		try {
			const before = contractTotals();
			const conflict = {
				errors: [
					{ status: 409, code: 'CONFLICT', title: 'Version must be incremented', detail: null },
				],
			};
			const put = {
				method: 'PUT',
				path: '/wiki/api/v2/pages/123',
				requestBody: {
					id: '123',
					status: 'current',
					title: 'T',
					body: { representation: 'storage', value: '<p>x</p>' },
					version: { number: 2 },
				},
			};
			expect(validateExchange(exchange({ ...put, status: 409, responseBody: conflict }))).toEqual(
				[],
			);
			expect(validateExchange(exchange({ status: 429 }))).toEqual([]);
			expect(validateExchange(exchange({ status: 503 }))).toEqual([]);
			const after = contractTotals().beyondSpec;
			expect(after['409 stale version']).toBe((before.beyondSpec['409 stale version'] ?? 0) + 1);
			expect(after['429']).toBe((before.beyondSpec['429'] ?? 0) + 1);
			expect(after['5xx']).toBe((before.beyondSpec['5xx'] ?? 0) + 1);
		} finally {
			if (runDir !== undefined) process.env[CONTRACT_RUN_DIR_ENV] = runDir;
		}
	});

	it('counts violations of validateExchange', () => {
		// Kept out of the run's report: without a run directory nothing is persisted for the reporter.
		const runDir = process.env[CONTRACT_RUN_DIR_ENV];
		delete process.env[CONTRACT_RUN_DIR_ENV];
		try {
			const before = contractTotals();
			expect(validateExchange(exchange({ path: '/wiki/api/v2/nothing' }))).toHaveLength(1);
			expect(contractTotals()).toMatchObject({
				requests: before.requests + 1,
				responses: before.responses,
				violations: before.violations + 1,
			});
		} finally {
			if (runDir !== undefined) process.env[CONTRACT_RUN_DIR_ENV] = runDir;
		}
	});
});

describe('loading', () => {
	it('names the override when the OpenAPI files are missing', () => {
		expect(() => loadSpec('v2', '/nonexistent/openapi')).toThrow(/CONFLUENCE_OPENAPI_DIR/);
	});

	it('validates a typical exchange fast enough for tens of thousands of requests', () => {
		const read = exchange({
			path: '/wiki/api/v2/pages/123',
			query: { 'body-format': 'storage' },
			responseBody: page,
		});
		for (let i = 0; i < 1000; i++) checkExchange(read);
		const rounds = 3000;
		const started = process.hrtime.bigint();
		let violations = 0;
		for (let i = 0; i < rounds; i++) violations += checkExchange(read).length;
		const micros = Number(process.hrtime.bigint() - started) / rounds / 1000;
		process.stdout.write(
			`contract validation: ${micros.toFixed(0)} µs per page read (request + response)\n`,
		);
		expect(violations).toBe(0);
	});
});
