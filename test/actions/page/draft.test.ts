/* Drafts made by Page → Create with Status Draft, updated and published by Page → Update. Whether Confluence serves a
 * never-published draft to a plain GET is undocumented (REALITY.md draft-get-without-get-draft), and so is the
 * createdAt a page published from an old draft keeps (REALITY.md draft-published-created-at): the node works either way. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, useTestBed } from '../../helpers/fixtures';
import { runPoll } from '../../helpers/n8n';
import { VARIANTS } from '../../simulator';
import { byId, expectCleanExchange, item, ok } from './helpers';

describe.each(VARIANTS.draftWithoutGetDraft.values)(
	'page drafts when a plain read of a draft is %s',
	(reading) => {
		const bed = useTestBed('demo');

		const createDraft = async () => {
			bed.sim.setVariants({ draftWithoutGetDraft: reading });
			const [draft] = ok(
				await bed.run({
					parameters: {
						resource: 'page',
						operation: 'create',
						space: { __rl: true, mode: 'key', value: 'DEMO' },
						title: 'Plan in progress',
						bodyFormat: 'storage',
						body: '<p>First thoughts</p>',
						additionalFields: { status: 'draft' },
					},
				}),
			);
			return String(draft.id);
		};

		const update = (id: string, updateFields: Record<string, unknown>) =>
			bed.run({
				parameters: {
					resource: 'page',
					operation: 'update',
					page: byId(id),
					bodyFormat: 'storage',
					updateFields,
				},
			});

		it('updates a draft the node created, and it stays a draft', async () => {
			const id = await createDraft();
			ok(await update(id, { body: '<p>Second thoughts</p>', bodyMode: 'replace' }));
			const stored = item(bed.sim, id);
			expect(stored.status).toBe('draft');
			expect(bed.sim.store.current(stored).body?.value).toBe('<p>Second thoughts</p>');
			expectCleanExchange(bed.sim);
		});

		it('publishes a draft the node created', async () => {
			const id = await createDraft();
			const [published] = ok(
				await update(id, { status: 'current', body: '<p>Final</p>', bodyMode: 'replace' }),
			);
			expect(published.status).toBe('current');
			const stored = item(bed.sim, id);
			expect(stored.status).toBe('current');
			expect(bed.sim.store.current(stored).body?.value).toBe('<p>Final</p>');
			expectCleanExchange(bed.sim);
		});
	},
);

describe.each(VARIANTS.publishedDraftCreatedAt.values)(
	'the trigger when a page published from a draft keeps createdAt %s',
	(createdAt) => {
		// An empty site: the demo seed's pages are written at real time, later than this test's simulated dates.
		const bed = useTestBed('empty');

		it('emits pageCreated for a page drafted long before it was published', async () => {
			bed.sim.setVariants({ publishedDraftCreatedAt: createdAt });
			bed.sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
			const space = bed.sim.store.createSpace({ key: 'DRAFTS', name: 'Drafts' });
			const draft = bed.sim.store.createPage({
				spaceId: space.id,
				title: 'Drafted in November',
				body: '<p>draft</p>',
				status: 'draft',
				createdAt: new Date('2026-11-01T09:00:00.000Z'),
			});
			const credentials = credentialsFor(bed.sim);
			const staticData: IDataObject = {};
			const parameters = { events: ['pageCreated'] };
			expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
			bed.sim.clock.advance(1_000);
			ok(
				await bed.run({
					parameters: {
						resource: 'page',
						operation: 'update',
						page: byId(draft.id),
						updateFields: { status: 'current' },
					},
				}),
			);
			bed.sim.clock.advance(1_000);
			const emitted = ((await runPoll({ parameters, credentials, staticData })) ?? []).map(
				(entry) => entry.json,
			);
			expect(emitted).toEqual([
				expect.objectContaining({ event: 'pageCreated', title: 'Drafted in November' }),
			]);
		});
	},
);
