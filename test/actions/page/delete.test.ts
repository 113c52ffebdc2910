import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byTitle, expectCleanExchange, item, ok } from './helpers';

describe('page: delete', () => {
	const bed = useTestBed('demo');

	const del = (page: IDataObject, options: Record<string, unknown> = {}) => ({
		resource: 'page',
		operation: 'delete',
		page,
		options,
	});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('moves the page to the trash by default', async () => {
			const id = bed.sim.demo!.pages.meetingNotes;
			const [out] = ok(await bed.run({ auth, parameters: del(byId(id)) }));
			expect(out).toEqual({ id, deleted: true, trashed: true });
			expect(item(bed.sim, id).status).toBe('trashed');
			expectCleanExchange(bed.sim);
		});

		it('purges with two calls: trash, then DELETE ?purge=true', async () => {
			const id = bed.sim.demo!.pages.meetingNotes;
			const [out] = ok(await bed.run({ auth, parameters: del(byId(id), { purge: true }) }));
			expect(out).toEqual({ id, deleted: true, purged: true });
			const deletes = apiRequests(bed.sim, 'DELETE');
			expect(deletes.map((request) => [request.path, request.query.purge])).toEqual([
				[`/wiki/api/v2/pages/${id}`, undefined],
				[`/wiki/api/v2/pages/${id}`, 'true'],
			]);
			expect(bed.sim.store.get(id)?.status ?? 'gone').not.toMatch(/current|trashed/);
			expectCleanExchange(bed.sim);
		});
	});

	it('purges a page that is already in the trash', async () => {
		const id = bed.sim.demo!.pages.meetingNotes;
		bed.sim.store.trash(id);
		const [out] = ok(await bed.run({ parameters: del(byId(id), { purge: true }) }));
		expect(out).toEqual({ id, deleted: true, purged: true });
		expect(apiRequests(bed.sim, 'DELETE').map((request) => request.status)).toEqual([404, 204]);
		expect(bed.sim.store.get(id)?.status ?? 'gone').not.toMatch(/current|trashed/);
	});

	it('discards a draft with ?draft=true', async () => {
		const draft = bed.sim.store.createPage({
			spaceId: bed.sim.demo!.spaceId,
			title: 'Unfinished',
			body: '<p>wip</p>',
			status: 'draft',
		});
		const [out] = ok(await bed.run({ parameters: del(byId(draft.id), { draft: true }) }));
		expect(out).toEqual({ id: draft.id, deleted: true, draft: true });
		expect(apiRequests(bed.sim, 'DELETE')[0].query).toEqual(
			expect.objectContaining({ draft: 'true' }),
		);
		expect(bed.sim.store.get(draft.id)?.status ?? 'gone').not.toBe('draft');
	});

	it('reports a missing page with the 404 text, and purge does not hide it', async () => {
		const result = await bed.run({ parameters: del(byId('987654'), { purge: true }) });
		expect(result.error?.message).toMatch(/found nothing at this ID.*\(404\)/);
		expect(result.error?.description).toMatch(/DELETE \/pages\/987654/);
	});

	it('refuses a title found in several spaces, sending no DELETE', async () => {
		const other = bed.sim.store.createSpace({ key: 'TWIN', name: 'Twin' });
		bed.sim.store.createPage({ spaceId: other.id, title: 'Engineering', body: '<p>twin</p>' });
		const result = await bed.run({ parameters: del(byTitle('Engineering')) });
		expect(result.error?.message).toMatch(
			/"Page": 2 pages are titled "Engineering" \(IDs \d+ in space \d+, \d+ in space \d+\); give the ID/,
		);
		expect(apiRequests(bed.sim, 'DELETE')).toEqual([]);
	});

	it('deletes by URL', async () => {
		const id = bed.sim.demo!.pages.codeSamples;
		const url = `https://example.atlassian.net/wiki/spaces/DEMO/pages/${id}/Code+samples`;
		ok(await bed.run({ parameters: del({ __rl: true, mode: 'url', value: url }) }));
		expect(item(bed.sim, id).status).toBe('trashed');
	});

	it('rejects Purge together with Draft before any request', async () => {
		const result = await bed.run({
			parameters: del(byId(bed.sim.demo!.pages.meetingNotes), { purge: true, draft: true }),
		});
		expect(result.error?.message).toMatch(/"Purge" and "Draft" cannot be used together/);
		expect(apiRequests(bed.sim)).toEqual([]);
	});

	it('with continueOnFail, trashes the good pages and reports the missing one', async () => {
		const demo = bed.sim.demo!;
		const result = await bed.run({
			continueOnFail: true,
			items: [{ id: demo.pages.meetingNotes }, { id: '424242' }, { id: demo.pages.projectPlan }],
			parameters: del({ __rl: true, mode: 'id', value: '={{ $json.id }}' }),
		});
		const out = result.items.map((entry) => entry.json);
		expect(out[0]).toEqual({ id: demo.pages.meetingNotes, deleted: true, trashed: true });
		expect(out[1]).toEqual(expect.objectContaining({ httpCode: '404' }));
		expect(out[2]).toEqual({ id: demo.pages.projectPlan, deleted: true, trashed: true });
		expect(item(bed.sim, demo.pages.projectPlan).status).toBe('trashed');
	});
});
