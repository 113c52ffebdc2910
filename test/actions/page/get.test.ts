import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, expectCleanExchange, ok } from './helpers';

describe('page: get', () => {
	const bed = useTestBed('demo');

	const get = (page: string, extra: Record<string, unknown> = {}) => ({
		resource: 'page',
		operation: 'get',
		page: byId(page),
		...extra,
	});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('gets a page with its storage body and a web link', async () => {
			const id = bed.sim.demo!.pages.engineering;
			const [page] = ok(await bed.run({ auth, parameters: get(id) }));
			expect(page).toEqual(
				expect.objectContaining({
					id,
					title: 'Engineering',
					bodyFormat: 'storage',
					body: '<h2>Engineering handbook</h2><p>Everything about how we build things.</p>',
					url: expect.stringMatching(/^http.*\/wiki\/spaces\/DEMO\/pages\//),
				}),
			);
			expectCleanExchange(bed.sim);
		});
	});

	it('renders Markdown and plain text from the storage body', async () => {
		const id = bed.sim.demo!.pages.engineering;
		const [markdown] = ok(await bed.run({ parameters: get(id, { bodyFormat: 'markdown' }) }));
		expect(markdown.body).toBe(
			'## Engineering handbook\n\nEverything about how we build things.\n',
		);
		const [plain] = ok(await bed.run({ parameters: get(id, { bodyFormat: 'plain' }) }));
		expect(String(plain.body)).toMatch(
			/Engineering handbook\s+Everything about how we build things\./,
		);
	});

	it('gets an earlier version, the draft, and the labels on request', async () => {
		const demo = bed.sim.demo!;
		const id = demo.pages.gettingStarted;
		const [first] = ok(await bed.run({ parameters: get(id, { options: { version: 1 } }) }));
		expect(first.version).toBe(1);
		expect(String(first.body)).not.toContain('Updated with more detail');

		bed.sim.store.saveDraft(id, { title: 'Getting started', body: '<p>Draft in progress</p>' });
		const [draft] = ok(await bed.run({ parameters: get(id, { options: { getDraft: true } }) }));
		expect(draft).toEqual(
			expect.objectContaining({ status: 'draft', body: '<p>Draft in progress</p>' }),
		);

		const [labelled] = ok(
			await bed.run({
				parameters: get(id, { bodyFormat: 'none', options: { includeLabels: true } }),
			}),
		);
		expect(labelled.labels).toEqual(expect.arrayContaining(['getting-started', 'howto']));
		expect(labelled.body).toBeUndefined();
		const queries = apiRequests(bed.sim, 'GET').map((request) => request.query);
		expect(queries).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ version: '1' }),
				expect.objectContaining({ 'get-draft': 'true' }),
				expect.objectContaining({ 'include-labels': 'true' }),
			]),
		);
	});

	it('reports a page that does not exist with the 404 text', async () => {
		const result = await bed.run({ parameters: get('123123') });
		expect(result.error?.message).toMatch(/Confluence found nothing at this ID.*\(404\)/);
		expect(result.error?.description).toMatch(/a space ID is not a page ID/);
	});
});
