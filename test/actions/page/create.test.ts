import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import {
	apiRequests,
	byId,
	byTitle,
	currentBody,
	expectCleanExchange,
	item,
	json,
	ok,
} from './helpers';

describe('page: create', () => {
	const bed = useTestBed('demo');
	const runPage = resourceRunner(bed, 'page');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('creates a page from Markdown: Confluence stores the converted storage markup under the homepage', async () => {
			const demo = bed.sim.demo!;
			const result = await runPage(
				{
					operation: 'create',
					space: byId(demo.spaceId),
					title: 'Launch checklist',
					bodyFormat: 'markdown',
					body: '# Before launch\n\nCheck **everything** twice.\n\n- docs\n- tests',
				},
				auth,
			);
			const [page] = ok(result);
			expect(page).toEqual(
				expect.objectContaining({
					title: 'Launch checklist',
					spaceId: demo.spaceId,
					status: 'current',
					version: 1,
				}),
			);
			const stored = item(bed.sim, String(page.id));
			expect(stored.type).toBe('page');
			expect(stored.parentId).toBe(demo.homepageId);
			const storage = currentBody(bed.sim, String(page.id));
			expect(storage).toContain('<h1>Before launch</h1>');
			expect(storage).toContain('<strong>everything</strong>');
			expect(storage).toMatch(/<ul>\s*<li>/);
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/api\/v2\/pages$/);
			expect((post.body as { body: { representation: string } }).body.representation).toBe(
				'storage',
			);
			expectCleanExchange(bed.sim);
		});
	});

	it('creates under a parent picked by title within the space, with labels, as a private draft', async () => {
		const demo = bed.sim.demo!;
		const result = await runPage({
			operation: 'create',
			space: { __rl: true, mode: 'key', value: 'DEMO' },
			title: 'Design notes',
			bodyFormat: 'storage',
			body: '<p>Draft notes</p>',
			parentPage: byTitle('Engineering'),
			additionalFields: { labels: 'Design, notes', status: 'draft', private: true },
		});
		const [page] = ok(result);
		expect(page.labels).toEqual(['design', 'notes']);
		const stored = item(bed.sim, String(page.id));
		expect(stored.parentId).toBe(demo.pages.engineering);
		expect(stored.status).toBe('draft');
		expect(
			bed.sim.store
				.labelsOf(stored)
				.map((label) => label.name)
				.sort(),
		).toEqual(['design', 'notes']);
		const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/api\/v2\/pages$/);
		expect(post.query).toEqual(expect.objectContaining({ private: 'true' }));
		expect(apiRequests(bed.sim, 'POST', /\/wiki\/rest\/api\/content\/\d+\/label$/)).toHaveLength(1);
		expectCleanExchange(bed.sim);
	});

	it('creates a root-level page from an ADF document', async () => {
		const demo = bed.sim.demo!;
		const adf = {
			type: 'doc',
			version: 1,
			content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Top of the space' }] }],
		};
		const result = await runPage({
			operation: 'create',
			space: byId(demo.spaceId),
			title: 'Root page',
			bodyFormat: 'atlas_doc_format',
			body: JSON.stringify(adf),
			additionalFields: { rootLevel: true },
		});
		const [page] = ok(result);
		const stored = item(bed.sim, String(page.id));
		expect(stored.parentId).toBeUndefined();
		const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/api\/v2\/pages$/);
		expect(post.query).toEqual(expect.objectContaining({ 'root-level': 'true' }));
		expect((post.body as { body: { representation: string } }).body.representation).toBe(
			'atlas_doc_format',
		);
		expectCleanExchange(bed.sim);
	});

	it('returns the raw Confluence answer when Simplify is off', async () => {
		const result = await runPage({
			operation: 'create',
			space: byId(bed.sim.demo!.spaceId),
			title: 'Raw answer',
			body: 'text',
			simplify: false,
		});
		const [page] = ok(result);
		expect(page.version).toEqual(expect.objectContaining({ number: 1 }));
		expect(page._links).toBeDefined();
	});

	it('fails on a title taken in the space, naming the space, the page that has it and what would work', async () => {
		const result = await runPage({
			operation: 'create',
			space: byId(bed.sim.demo!.spaceId),
			title: 'Project plan',
			body: 'again',
		});
		const id = bed.sim.demo!.pages.projectPlan;
		expect(result.error?.message).toBe(
			`A page titled "Project plan" already exists in space DEMO (id ${id}): use Page → Update on it (id ${id}), or Page → Create or Update to write to whichever has the title, or choose another title`,
		);
		expect(result.error?.description).toMatch(
			/^Confluence refused the new title \(400\): titles of pages are unique within a space\./,
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
	});

	it('renaming a page to a title taken in its space says which page has it', async () => {
		const id = bed.sim.demo!.pages.engineering;
		const result = await runPage({
			operation: 'update',
			page: byId(id),
			updateFields: { title: 'Project plan' },
		});
		expect(result.error?.message).toBe(
			`A page titled "Project plan" already exists in space DEMO (id ${bed.sim.demo!.pages.projectPlan}): choose another title, or update that page instead`,
		);
	});

	it('rejects bad input before sending anything, naming the parameter and the item', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ title: '={{ "  " }}' }, /"Title" is empty/],
			[
				{ title: 'X', bodyFormat: 'atlas_doc_format', body: '{not json' },
				/"Body" is not valid JSON/,
			],
			[
				{ title: 'X', additionalFields: { labels: 'two words' } },
				/"Labels" contains the label "two words"/,
			],
			[
				{ title: 'X', parentPage: byId('123'), additionalFields: { rootLevel: true } },
				/"Parent Page" and "Root Level"/,
			],
			[
				{ title: 'X', space: byId('={{ "not a key!" }}') },
				/"Space" is not a space key: "not a key!". It accepts a space key \(e.g. DOCS\), a numeric space ID/,
			],
		];
		for (const [parameters, message] of cases) {
			bed.sim.requests.length = 0;
			const result = await runPage({
				operation: 'create',
				space: byId(bed.sim.demo!.spaceId),
				body: 'x',
				...parameters,
			});
			expect(result.error?.message).toMatch(message);
			expect(result.error?.context?.itemIndex ?? 0).toBe(0);
			expect(apiRequests(bed.sim)).toEqual([]);
		}
	});

	it('with continueOnFail, creates the good items and reports the bad one in place', async () => {
		const result = await bed.run({
			continueOnFail: true,
			items: [{ title: 'First good' }, { title: '' }, { title: 'Second good' }],
			parameters: {
				resource: 'page',
				operation: 'create',
				space: byId(bed.sim.demo!.spaceId),
				title: '={{ $json.title }}',
				body: 'Body of {{ $json.title }}',
			},
		});
		const out = json(result);
		expect(out).toHaveLength(3);
		expect(out[0].title).toBe('First good');
		expect(out[1].error).toMatch(/"Title" is empty/);
		expect(out[2].title).toBe('Second good');
		expect(result.items.map((entry) => entry.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(bed.sim.store.findByTitle(bed.sim.demo!.spaceId, 'page', 'Second good')).toBeDefined();
	});
});
