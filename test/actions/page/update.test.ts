import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import {
	apiRequests,
	byId,
	byTitle,
	currentBody,
	expectCleanExchange,
	item,
	ok,
	versionNumber,
} from './helpers';

describe('page: update', () => {
	const bed = useTestBed('demo');

	const update = (
		page: string,
		updateFields: Record<string, unknown>,
		extra: Record<string, unknown> = {},
	) => ({
		resource: 'page',
		operation: 'update',
		page: byId(page),
		updateFields,
		...extra,
	});

	/** Someone saves `edit` between the node's read and its write of the page. */
	const editBeforeOurWrite = (id: string, edit: { body: string; message?: string }) => {
		bed.sim.faults.inject({
			kind: 'beforeApply',
			method: 'PUT',
			path: /\/pages\/\d+$/,
			run: () => bed.sim.store.updateContent(id, edit),
		});
	};

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('replaces the body with converted Markdown as the next version', async () => {
			const id = bed.sim.demo!.pages.projectPlan;
			const before = versionNumber(bed.sim, id);
			const result = await bed.run({
				auth,
				parameters: update(id, {
					body: 'New **plan**',
					bodyFormat: 'markdown',
					versionMessage: 'Rewritten',
				}),
			});
			const [page] = ok(result);
			expect(page).toEqual(
				expect.objectContaining({ id, version: before + 1, title: 'Project plan' }),
			);
			expect(currentBody(bed.sim, id)).toBe('<p>New <strong>plan</strong></p>');
			const stored = bed.sim.store.current(item(bed.sim, id));
			expect(stored.message).toBe('Rewritten');
			const [put] = apiRequests(bed.sim, 'PUT', /\/pages\/\d+$/);
			expect(put.body).toEqual(
				expect.objectContaining({
					id,
					status: 'current',
					version: { number: before + 1, message: 'Rewritten' },
				}),
			);
			expectCleanExchange(bed.sim);
		});
	});

	it('appends and prepends to the current storage body', async () => {
		const id = bed.sim.demo!.pages.engineering;
		const original = currentBody(bed.sim, id);
		ok(
			await bed.run({
				parameters: update(id, {
					body: '<p>Appended</p>',
					bodyFormat: 'storage',
					bodyMode: 'append',
				}),
			}),
		);
		expect(currentBody(bed.sim, id)).toBe(`${original}<p>Appended</p>`);
		ok(
			await bed.run({
				parameters: update(id, { body: 'Prepended', bodyFormat: 'plain', bodyMode: 'prepend' }),
			}),
		);
		expect(currentBody(bed.sim, id)).toBe(`<p>Prepended</p>${original}<p>Appended</p>`);
		expectCleanExchange(bed.sim);
	});

	it('renames through the title endpoint without touching the body', async () => {
		const id = bed.sim.demo!.pages.meetingNotes;
		const body = currentBody(bed.sim, id);
		const [page] = ok(await bed.run({ parameters: update(id, { title: 'Weekly sync notes' }) }));
		expect(page.title).toBe('Weekly sync notes');
		expect(item(bed.sim, id).title).toBe('Weekly sync notes');
		expect(currentBody(bed.sim, id)).toBe(body);
		expect(apiRequests(bed.sim, 'PUT').map((request) => request.path)).toEqual([
			`/wiki/api/v2/pages/${id}/title`,
		]);
		expectCleanExchange(bed.sim);
	});

	it('moves a page under another parent of the same space', async () => {
		const demo = bed.sim.demo!;
		ok(
			await bed.run({
				parameters: update(demo.pages.meetingNotes, { parentId: demo.pages.projectPlan }),
			}),
		);
		expect(item(bed.sim, demo.pages.meetingNotes).parentId).toBe(demo.pages.projectPlan);
		expectCleanExchange(bed.sim);
	});

	it('append retries on 409 when someone saves in between, keeping both edits', async () => {
		const id = bed.sim.demo!.pages.releaseNotes;
		const start = versionNumber(bed.sim, id);
		editBeforeOurWrite(id, { body: '<p>Their edit</p>', message: 'concurrent' });
		const running = bed.run({
			parameters: update(id, {
				body: '<p>Our line</p>',
				bodyFormat: 'storage',
				bodyMode: 'append',
			}),
		});
		const [page] = ok(await running);
		expect(currentBody(bed.sim, id)).toBe('<p>Their edit</p><p>Our line</p>');
		expect(page.version).toBe(start + 2);
		const puts = apiRequests(bed.sim, 'PUT', /\/pages\/\d+$/);
		expect(puts.map((request) => request.status)).toEqual([409, 200]);
		expect(apiRequests(bed.sim, 'GET', /\/pages\/\d+$/)).toHaveLength(2);
	});

	it('replace fails with a clear conflict message and overwrites nothing', async () => {
		const id = bed.sim.demo!.pages.releaseNotes;
		editBeforeOurWrite(id, { body: '<p>Theirs</p>' });
		const running = bed.run({
			parameters: update(id, { body: '<p>Mine</p>', bodyFormat: 'storage' }),
		});
		const result = await running;
		expect(result.error?.message).toMatch(
			/changed by someone else while this node was replacing its body/,
		);
		expect(result.error?.description).toMatch(/Overwrite on Conflict/);
		expect(currentBody(bed.sim, id)).toBe('<p>Theirs</p>');
		expect(apiRequests(bed.sim, 'PUT')).toHaveLength(1);
	});

	it('replace with Overwrite on Conflict re-reads the version and writes anyway', async () => {
		const id = bed.sim.demo!.pages.releaseNotes;
		editBeforeOurWrite(id, { body: '<p>Theirs</p>' });
		const running = bed.run({
			parameters: update(
				id,
				{ body: '<p>Mine</p>', bodyFormat: 'storage' },
				{ options: { overwriteOnConflict: true } },
			),
		});
		ok(await running);
		expect(currentBody(bed.sim, id)).toBe('<p>Mine</p>');
		expect(apiRequests(bed.sim, 'PUT').map((request) => request.status)).toEqual([409, 200]);
	});

	it('reports a page that does not exist with the 404 text', async () => {
		const result = await bed.run({ parameters: update('999999', { title: 'Nope' }) });
		expect(result.error?.message).toMatch(
			/Confluence found nothing at this ID, or the account cannot see it \(404\)/,
		);
	});

	it('refuses an ambiguous title locator, listing the candidates, without writing', async () => {
		const other = bed.sim.store.createSpace({ key: 'OTHER', name: 'Other space' });
		const twin = bed.sim.store.createPage({
			spaceId: other.id,
			title: 'Project plan',
			body: '<p>twin</p>',
		});
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'update',
				page: byTitle('Project plan'),
				updateFields: { title: 'X' },
			},
		});
		expect(result.error?.message).toMatch(/"Page": 2 pages are titled "Project plan"/);
		expect(result.error?.message).toContain(twin.id);
		expect(apiRequests(bed.sim, 'PUT')).toEqual([]);
	});

	it('rejects empty or contradictory input before any request', async () => {
		const id = bed.sim.demo!.pages.projectPlan;
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{}, /"Update Fields" is empty/],
			[{ title: ' ' }, /"Title" is empty/],
			[
				{ body: 'h1. x', bodyFormat: 'wiki', bodyMode: 'append' },
				/"Body Mode" cannot append or prepend Wiki Markup/,
			],
			[{ parentId: 'abc' }, /"Parent Page ID" got "abc", which is not a numeric content ID/],
		];
		for (const [fields, message] of cases) {
			bed.sim.requests.length = 0;
			const result = await bed.run({ parameters: update(id, fields) });
			expect(result.error?.message).toMatch(message);
			expect(apiRequests(bed.sim)).toEqual([]);
		}
	});
});
