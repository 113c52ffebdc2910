/* issue 13 point 8: an append is never lost and never doubled. The node recognises its own version by the mark in its
 * version message, not by the text (another writer may append the same line), and writes to one page within a run go
 * one at a time, in input order. */
import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, currentBody, expectCleanExchange, ok } from '../page/helpers';

describe('content writes: appends', () => {
	const bed = useTestBed('demo');

	const append = (page: string, line: string, extra: IDataObject = {}) => ({
		resource: 'page',
		operation: 'update',
		page: byId(page),
		updateFields: { body: line, bodyFormat: 'storage', bodyMode: 'append' },
		...extra,
	});

	const count = (text: string, part: string) => text.split(part).length - 1;

	/** Another writer saves the page with `body` just before the node's write arrives. */
	const theyWriteFirst = (id: string, body: string) =>
		bed.sim.faults.inject({
			kind: 'beforeApply',
			method: 'PUT',
			path: /\/pages\/\d+$/,
			run: () => bed.sim.store.updateContent(id, { body }),
		});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('another writer appending the identical line in between: both copies stay', async () => {
			const id = bed.sim.demo!.pages.releaseNotes;
			const before = currentBody(bed.sim, id);
			theyWriteFirst(id, `${before}<p>Same line</p>`);
			ok(await bed.run({ auth, parameters: append(id, '<p>Same line</p>') }));
			expect(currentBody(bed.sim, id)).toBe(`${before}<p>Same line</p><p>Same line</p>`);
			expectCleanExchange(bed.sim);
		});

		it('two items appending the same line at Concurrency 2: both land', async () => {
			const id = bed.sim.demo!.pages.releaseNotes;
			const before = currentBody(bed.sim, id);
			const result = await bed.run({
				auth,
				items: [{}, {}],
				parameters: append(id, '<p>Twice</p>', { requestOptions: { concurrency: 2 } }),
			});
			expect(ok(result)).toHaveLength(2);
			expect(currentBody(bed.sim, id)).toBe(`${before}<p>Twice</p><p>Twice</p>`);
		});

		it('20 items appending to one page at Concurrency 20: all 20 lines once, in input order', async () => {
			const id = bed.sim.demo!.pages.releaseNotes;
			const before = currentBody(bed.sim, id);
			const result = await bed.run({
				auth,
				items: Array.from({ length: 20 }, (_, index) => ({ line: `<p>Line ${index}</p>` })),
				parameters: append(id, '={{ $json.line }}', { requestOptions: { concurrency: 20 } }),
			});
			expect(ok(result)).toHaveLength(20);
			const lines = Array.from({ length: 20 }, (_, index) => `<p>Line ${index}</p>`).join('');
			expect(currentBody(bed.sim, id)).toBe(`${before}${lines}`);
			expect(apiRequests(bed.sim, 'PUT').every((request) => request.status === 200)).toBe(true);
			expectCleanExchange(bed.sim);
		});

		it('items appending to two pages at Concurrency 5: each page gets its lines once, in input order', async () => {
			const { releaseNotes, projectPlan } = bed.sim.demo!.pages;
			const before = {
				[releaseNotes]: currentBody(bed.sim, releaseNotes),
				[projectPlan]: currentBody(bed.sim, projectPlan),
			};
			const items = Array.from({ length: 10 }, (_, index) => ({
				page: index % 2 ? projectPlan : releaseNotes,
				line: `<p>L${index}</p>`,
			}));
			ok(
				await bed.run({
					auth,
					items,
					parameters: {
						...append('', '={{ $json.line }}', { requestOptions: { concurrency: 5 } }),
						page: { __rl: true, mode: 'id', value: '={{ $json.page }}' },
					},
				}),
			);
			for (const page of [releaseNotes, projectPlan]) {
				const lines = items.filter((entry) => entry.page === page).map((entry) => entry.line);
				expect(currentBody(bed.sim, page)).toBe(`${before[page]}${lines.join('')}`);
			}
		});

		it.each(['dropAfterApply', 'dropBeforeApply'] as const)(
			'a connection dropped on the write (%s): the line lands exactly once',
			async (kind) => {
				const id = bed.sim.demo!.pages.releaseNotes;
				const before = currentBody(bed.sim, id);
				bed.sim.faults.inject({ kind, method: 'PUT', path: /\/pages\/\d+$/ });
				ok(await bed.run({ auth, parameters: append(id, '<p>Once</p>') }));
				expect(currentBody(bed.sim, id)).toBe(`${before}<p>Once</p>`);
			},
		);

		it('a dropped write after which another writer appended the identical line: ours is written once more', async () => {
			const id = bed.sim.demo!.pages.releaseNotes;
			const before = currentBody(bed.sim, id);
			// Our write never arrives; someone else's identical line does, as version N + 1.
			theyWriteFirst(id, `${before}<p>Same</p>`);
			bed.sim.faults.inject({ kind: 'dropBeforeApply', method: 'PUT', path: /\/pages\/\d+$/ });
			ok(await bed.run({ auth, parameters: append(id, '<p>Same</p>') }));
			expect(count(currentBody(bed.sim, id), '<p>Same</p>')).toBe(2);
		});

		it('a write that landed, the connection dropped, and someone wrote after it: not written again', async () => {
			const id = bed.sim.demo!.pages.releaseNotes;
			const before = currentBody(bed.sim, id);
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'PUT', path: /\/pages\/\d+$/ });
			// Before our read-back, someone else saves a version on top of ours.
			let theirs = false;
			bed.sim.faults.inject({
				kind: 'beforeApply',
				method: 'GET',
				path: /\/pages\/\d+$/,
				times: Infinity,
				run: () => {
					if (theirs || !bed.sim.requests.some((request) => request.method === 'PUT')) return;
					theirs = true;
					bed.sim.store.updateContent(id, { body: `${currentBody(bed.sim, id)}<p>Theirs</p>` });
				},
			});
			const result = await bed.run({ auth, parameters: append(id, '<p>Mine</p>') });
			ok(result);
			expect(count(currentBody(bed.sim, id), '<p>Mine</p>')).toBe(1);
			expect(currentBody(bed.sim, id)).toBe(`${before}<p>Mine</p><p>Theirs</p>`);
		});
	});
});
