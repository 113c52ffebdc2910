import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import {
	apiRequests,
	byId,
	currentBody,
	expectCleanExchange,
	item,
	ok,
	versionNumber,
} from './helpers';

describe('page: createOrUpdate', () => {
	const bed = useTestBed('demo');

	const upsert = (title: string, body: string, extra: Record<string, unknown> = {}) => ({
		resource: 'page',
		operation: 'createOrUpdate',
		space: byId(bed.sim.demo!.spaceId),
		title,
		bodyFormat: 'markdown',
		body,
		...extra,
	});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('creates the page when no page has the title, then updates it', async () => {
			const [created] = ok(await bed.run({ auth, parameters: upsert('Runbook', 'Step *one*') }));
			expect(created).toEqual(
				expect.objectContaining({ operation: 'created', title: 'Runbook', version: 1 }),
			);
			const id = String(created.id);
			expect(currentBody(bed.sim, id)).toBe('<p>Step <em>one</em></p>');

			const [updated] = ok(await bed.run({ auth, parameters: upsert('Runbook', 'Step *two*') }));
			expect(updated).toEqual(expect.objectContaining({ operation: 'updated', id, version: 2 }));
			expect(currentBody(bed.sim, id)).toBe('<p>Step <em>two</em></p>');
			expect(apiRequests(bed.sim, 'POST', /\/pages$/)).toHaveLength(1);
			expectCleanExchange(bed.sim);
		});
	});

	it('skips an identical body: no new version, no PUT', async () => {
		const [first] = ok(await bed.run({ parameters: upsert('Stable page', 'Same text') }));
		bed.sim.requests.length = 0;
		const [second] = ok(await bed.run({ parameters: upsert('Stable page', 'Same text') }));
		expect(second).toEqual(
			expect.objectContaining({ operation: 'unchanged', id: first.id, version: 1 }),
		);
		expect(versionNumber(bed.sim, String(first.id))).toBe(1);
		expect(apiRequests(bed.sim, 'PUT')).toEqual([]);
	});

	it('writes a new version of an identical body when Skip If Unchanged is off', async () => {
		const [first] = ok(await bed.run({ parameters: upsert('Stable page', 'Same text') }));
		const [second] = ok(
			await bed.run({
				parameters: upsert('Stable page', 'Same text', { options: { skipIfUnchanged: false } }),
			}),
		);
		expect(second.operation).toBe('updated');
		expect(versionNumber(bed.sim, String(first.id))).toBe(2);
	});

	it('creates under the given parent, and refuses a same-titled page that lives under another parent', async () => {
		const demo = bed.sim.demo!;
		const [created] = ok(
			await bed.run({
				parameters: upsert('Child doc', 'x', { parentPage: byId(demo.pages.engineering) }),
			}),
		);
		expect(item(bed.sim, String(created.id)).parentId).toBe(demo.pages.engineering);

		bed.sim.requests.length = 0;
		const result = await bed.run({
			parameters: upsert('Child doc', 'y', { parentPage: byId(demo.pages.projectPlan) }),
		});
		expect(result.error?.message).toMatch(/already exists in the space .* under another parent/);
		expect(apiRequests(bed.sim, 'PUT')).toEqual([]);
		expect(apiRequests(bed.sim, 'POST')).toEqual([]);
	});

	it('rejects an empty title before any request', async () => {
		// An expression can still produce an empty title at run time, after n8n's required-parameter check.
		const result = await bed.run({
			items: [{ title: ' ' }],
			parameters: upsert('={{ $json.title }}', 'x'),
		});
		expect(result.error?.message).toMatch(/"Title" is empty/);
		expect(apiRequests(bed.sim)).toEqual([]);
	});
});
