import type { IDataObject } from 'n8n-workflow';

import { textSearchCql } from '../../../nodes/Confluence/actions/search/query.operation';
import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import type { RunResult } from '../../helpers/n8n';
import type { RecordedRequest, Simulator } from '../../simulator';

function ok(result: RunResult): IDataObject[] {
	if (result.error)
		throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return result.items.map((item) => item.json);
}

function searches(sim: Simulator): RecordedRequest[] {
	return sim.requests.filter((request) => request.path === '/wiki/rest/api/search');
}

function apiRequests(sim: Simulator): RecordedRequest[] {
	return sim.requests.filter((request) => /^\/wiki\/(api\/v2|rest\/api)\//.test(request.path));
}

function expectCleanExchange(sim: Simulator): void {
	expect(sim.contractViolations).toEqual([]);
	expect(sim.serverErrors.map((error) => error.message)).toEqual([]);
}

const HOSTILE_TITLE = 'Q3 "final" C:\\temp AND (draft) OR x) %2F ../etc';

describe('textSearchCql', () => {
	it('quotes the text and every filter value as CQL string literals', () => {
		expect(
			textSearchCql({
				text: 'say "hi" \\ now',
				spaceKeys: ['DOCS', 'ENG'],
				types: ['page', 'blogpost'],
				labels: ['how"to'],
				orderBy: 'lastmodified DESC',
			}),
		).toBe(
			'text ~ "say \\"hi\\" \\\\ now" AND space IN ("DOCS", "ENG") AND type IN ("page", "blogpost") AND label IN ("how\\"to") ORDER BY lastmodified DESC',
		);
		expect(textSearchCql({ text: 'release', searchIn: 'title' })).toBe('title ~ "release"');
	});
});

describe.each(AUTH_KINDS)('search with %s', (auth) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });
	let sim: Simulator;

	beforeEach(() => {
		sim = bed.sim;
	});

	const search = async (parameters: IDataObject) =>
		await bed.run({ auth, parameters: { resource: 'search', operation: 'query', ...parameters } });

	// REALITY.md search-pages-filtered-after-paging: a page of results can be empty while `next` is present.
	it.each(['after-paging', 'before-paging'] as const)(
		'Return All follows next through empty pages when permissions are filtered %s',
		async (filtering) => {
			sim.setVariants({ searchPermissionFilter: filtering });
			const alex = [...sim.store.users.values()].find((user) => user.email === 'alex@example.com')!;
			sim.store.silently(() => {
				for (let n = 0; n < 600; n++) {
					sim.store.createPage({
						spaceId: sim.demo!.spaceId,
						title: `Ledger a-secret ${String(n).padStart(3, '0')}`,
						body: '<p>hidden</p>',
						authorId: alex.accountId,
						private: true,
					});
				}
				for (let n = 0; n < 3; n++) {
					sim.store.createPage({
						spaceId: sim.demo!.spaceId,
						title: `Ledger visible ${n}`,
						body: '<p>open</p>',
					});
				}
			});
			const results = ok(
				await search({
					mode: 'cql',
					cql: 'type = page AND title ~ "ledger" ORDER BY title',
					returnAll: true,
				}),
			);
			expect(results.map((result) => result.title)).toEqual([
				'Ledger visible 0',
				'Ledger visible 1',
				'Ledger visible 2',
			]);
			if (filtering === 'after-paging') expect(searches(sim).length).toBeGreaterThanOrEqual(3);
			expectCleanExchange(sim);
		},
	);

	it('turns hostile text into one quoted literal: the exact CQL sent, and only the matching page found', async () => {
		const target = sim.store.createPage({
			spaceId: sim.demo!.spaceId,
			title: HOSTILE_TITLE,
			body: '<p>Numbers for the quarter.</p>',
		});
		sim.store.createPage({
			spaceId: sim.demo!.spaceId,
			title: 'Q3 draft',
			body: '<p>final etc</p>',
		});

		const results = ok(
			await search({
				mode: 'text',
				text: HOSTILE_TITLE,
				filters: { spaceKeys: 'DEMO', types: ['page'] },
			}),
		);

		const [request] = searches(sim);
		expect(request.query.cql).toBe(
			'text ~ "Q3 \\"final\\" C:\\\\temp AND (draft) OR x) %2F ../etc" AND space IN ("DEMO") AND type IN ("page")',
		);
		expect(results.map((result) => result.id)).toEqual([target.id]);
		expect(results[0]).toMatchObject({ type: 'page', title: HOSTILE_TITLE, spaceKey: 'DEMO' });
		expect(String(results[0].url)).toMatch(new RegExp(`/pages/${target.id}`));
		expect(typeof results[0].lastModified).toBe('string');
		expectCleanExchange(sim);
	});

	it('passes a CQL query through as written', async () => {
		const cql = 'type = blogpost AND label = "news" ORDER BY created DESC';
		const results = ok(await search({ mode: 'cql', cql }));
		expect(searches(sim)[0].query.cql).toBe(cql);
		expect(results.map((result) => result.id).sort()).toEqual(
			[sim.demo!.blogPosts[0], sim.demo!.blogPosts[1]].sort(),
		);
		expect(results.every((result) => result.type === 'blogpost')).toBe(true);
		expectCleanExchange(sim);
	});

	it('returns everything past 250 results by following the cursor, and stops at the limit otherwise', async () => {
		sim.store.seedPages(300, { spaceId: sim.demo!.spaceId, titlePrefix: 'Inventory item' });
		const all = ok(
			await search({ mode: 'text', text: 'inventory', searchIn: 'title', returnAll: true }),
		);
		expect(all).toHaveLength(300);
		expect(new Set(all.map((result) => result.id)).size).toBe(300);
		const pages = searches(sim);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages.slice(1).every((request) => typeof request.query.cursor === 'string')).toBe(true);

		const before = searches(sim).length;
		const some = ok(
			await search({ mode: 'text', text: 'inventory', searchIn: 'title', limit: 12 }),
		);
		expect(some).toHaveLength(12);
		expect(searches(sim).length - before).toBe(1);
		expectCleanExchange(sim);
	});

	it('includes full bodies as Markdown with the search itself, without a request per result', async () => {
		const results = ok(
			await search({
				mode: 'cql',
				cql: 'type = page AND title = "Getting started"',
				bodyFormat: 'markdown',
			}),
		);
		expect(results).toHaveLength(1);
		expect(results[0]).toMatchObject({
			id: sim.demo!.pages.gettingStarted,
			bodyFormat: 'markdown',
		});
		expect(String(results[0].body)).toContain('**how to use**');
		expect(searches(sim)[0].query.expand).toBe('content.body.storage');
		expect(apiRequests(sim)).toHaveLength(1);
		expectCleanExchange(sim);
	});

	it('keeps bodies on every page of results while following the cursor', async () => {
		sim.store.seedPages(130, {
			spaceId: sim.demo!.spaceId,
			titlePrefix: 'Ledger entry',
			body: '<p>Balanced <em>books</em></p>',
		});
		const results = ok(
			await search({
				mode: 'text',
				text: 'ledger',
				searchIn: 'title',
				returnAll: true,
				bodyFormat: 'storage',
			}),
		);
		expect(results).toHaveLength(130);
		expect(results.every((result) => result.body === '<p>Balanced <em>books</em></p>')).toBe(true);
		const pages = searches(sim);
		expect(pages.length).toBeGreaterThanOrEqual(2);
		expect(pages.every((request) => request.query.expand === 'content.body.storage')).toBe(true);
		expect(apiRequests(sim)).toHaveLength(pages.length);
		expectCleanExchange(sim);
	});

	it('returns the raw search results when Simplify is off', async () => {
		const [raw] = ok(
			await search({
				mode: 'cql',
				cql: 'type = page AND title = "Project plan"',
				simplify: false,
				bodyFormat: 'storage',
			}),
		);
		expect((raw.content as IDataObject).id).toBe(sim.demo!.pages.projectPlan);
		const body = ((raw.content as IDataObject).body as IDataObject).storage as IDataObject;
		expect(String(body.value)).toContain('<table');
		expect(raw).toHaveProperty('excerpt');
		expectCleanExchange(sim);
	});

	it('returns no items when nothing matches', async () => {
		const results = ok(await search({ mode: 'text', text: 'zebra quantum marmalade' }));
		expect(results).toHaveLength(0);
		expect(searches(sim)).toHaveLength(1);
	});

	it('names the empty parameter and sends nothing', async () => {
		const emptyText = await search({ mode: 'text', text: '   ' });
		expect(emptyText.error?.message).toContain('"Search Text"');
		const emptyCql = await search({ mode: 'cql', cql: '={{ $json.query }}' });
		expect(emptyCql.error?.message).toContain('"CQL Query"');
		expect(apiRequests(sim)).toHaveLength(0);
	});

	it("reports Confluence's message for CQL it cannot parse", async () => {
		const result = await search({ mode: 'cql', cql: 'type = page AND (title ~ "x"' });
		expect(result.error?.httpCode).toBe('400');
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toMatch(/cql/i);
	});
});
