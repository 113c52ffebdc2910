/* Content that disappears or can't be read any more between the event and the poll (trashed, purged, deleted,
 * restricted) must never block a feed: the poll completes, later events still arrive. Reality row:
 * trashed-read-needs-status. */
import type { IDataObject } from 'n8n-workflow';

import { useTriggerBed } from '../helpers/trigger';

const bed = useTriggerBed();
const sim = bed.sim;

const poll = bed.poll;

/** Runs `change` when the next matching request arrives, before Confluence answers it. */
const justBefore = (path: RegExp, change: () => void) =>
	sim.faults.inject({ kind: 'beforeApply', method: 'GET', path, run: change });

const summary = (items: Array<{ json: IDataObject }>) =>
	items.map(({ json }) => [json.event, json.title, json.version, json.status]);

describe('Confluence Trigger: content that disappears before it is read', () => {
	it.each(['none', 'storage', 'markdown', 'atlas_doc_format', 'view'])(
		'emits a page and a blog post trashed before the poll, with their body (format %s), and keeps polling',
		async (bodyFormat) => {
			const staticData: IDataObject = {};
			const parameters = {
				events: ['pageCreated', 'pageUpdated', 'blogPostCreated'],
				options: { bodyFormat },
			};
			await poll(parameters, staticData);
			sim.clock.advance(1_000);
			const page = bed.page('Short-lived', '<p>v1</p>');
			sim.clock.advance(1_000);
			sim.store.updateContent(page.id, { body: '<p>v2</p>' });
			const post = sim.store.createBlogPost({
				spaceId: bed.spaceId,
				title: 'Retracted',
				body: '<p>news</p>',
			});
			sim.clock.advance(1_000);
			sim.store.trash(page.id);
			sim.store.trash(post.id);

			const items = await poll(parameters, staticData);
			expect(summary(items)).toEqual([
				['pageCreated', 'Short-lived', 1, 'trashed'],
				['pageUpdated', 'Short-lived', 2, 'trashed'],
				['blogPostCreated', 'Retracted', 1, 'trashed'],
			]);
			for (const { json } of items) expect(json.bodyUnavailable).toBeUndefined();
			if (bodyFormat !== 'none') expect(JSON.stringify(items[1].json.body)).toContain('v2');

			sim.clock.advance(1_000);
			bed.page('Next', '<p>next</p>');
			expect(summary(await poll(parameters, staticData))).toEqual([
				['pageCreated', 'Next', 1, 'current'],
			]);
		},
	);

	it('emits what is known, marked, when the content is purged, deleted or restricted just before its body is read', async () => {
		const staticData: IDataObject = {};
		const parameters = {
			events: ['pageCreated', 'pageUpdated', 'commentCreated'],
			options: { bodyFormat: 'markdown' },
		};
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		const purged = bed.page('Purged', '<p>a</p>');
		const restricted = bed.page('Restricted', '<p>b</p>');
		const host = bed.page('Host', '<p>c</p>');
		const comment = bed.footerComment(host.id, '<p>gone soon</p>');
		sim.clock.advance(1_000);
		const other = sim.users.add({ email: 'other@example.com', displayName: 'Other' });
		justBefore(new RegExp(`/pages/${purged.id}$`), () => {
			sim.store.trash(purged.id);
			sim.store.purge(purged.id);
		});
		justBefore(new RegExp(`/pages/${restricted.id}$`), () =>
			sim.store.setRestriction(restricted.id, 'read', { users: [other.accountId], groups: [] }),
		);
		justBefore(new RegExp(`/footer-comments/${comment.id}$`), () =>
			sim.store.deleteContent(comment.id),
		);

		const items = await poll(parameters, staticData);
		expect(summary(items)).toEqual([
			['pageCreated', 'Purged', 1, 'current'],
			['pageCreated', 'Restricted', 1, 'current'],
			['pageCreated', 'Host', 1, 'current'],
			['commentCreated', 'Re: Host', 1, 'current'],
		]);
		const unavailable = items.filter(({ json }) => json.bodyUnavailable === true);
		expect(unavailable.map(({ json }) => json.id)).toEqual([purged.id, restricted.id, comment.id]);
		for (const { json } of unavailable) {
			expect(json.body).toBeUndefined();
			expect(json.bodyUnavailableReason).toMatch(/no longer serves this (page|comment)/);
		}
		expect(String(items[2].json.body)).toContain('c');
		expect(await poll(parameters, staticData)).toEqual([]);
	});

	it('emits the versions it can still see of a page purged while its history is read', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		const page = bed.page('Edited then purged', '<p>1</p>');
		for (const text of ['2', '3', '4']) {
			sim.clock.advance(1_000);
			sim.store.updateContent(page.id, { body: `<p>${text}</p>` });
		}
		justBefore(new RegExp(`/pages/${page.id}/versions$`), () => {
			sim.store.trash(page.id);
			sim.store.purge(page.id);
		});
		expect(summary(await poll(parameters, staticData))).toEqual([
			['pageCreated', 'Edited then purged', 1, 'current'],
			['pageUpdated', 'Edited then purged', 4, 'current'],
		]);
		expect(await poll(parameters, staticData)).toEqual([]);
	});

	it('leaves out a comment deleted before its creation time is read, and emits the rest', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['commentCreated'] };
		const host = bed.page('Host', '<p>c</p>');
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		const kept = bed.footerComment(host.id, '<p>k</p>');
		const edited = bed.footerComment(host.id, '<p>e</p>');
		sim.clock.advance(1_000);
		sim.store.updateContent(edited.id, { body: '<p>edited</p>' });
		justBefore(new RegExp(`/footer-comments/${edited.id}/versions/1$`), () =>
			sim.store.deleteContent(edited.id),
		);
		const items = await poll(parameters, staticData);
		expect(items.map(({ json }) => json.id)).toEqual([kept.id]);
	});

	it.each([
		['labels', { labels: 'release' }, /\/labels$/],
		['ancestor', { ancestorId: 'ROOT' }, /\/ancestors$/],
		['space', { spaces: 'ENG' }, /\/pages\/\d+$/],
	])(
		'rules out an event whose %s filter can no longer be checked, and emits the others',
		async (_name, filters, readPath) => {
			const staticData: IDataObject = {};
			const root = bed.page('Root', '<p>r</p>');
			const resolved = {
				...filters,
				...('ancestorId' in filters ? { ancestorId: root.id } : {}),
			};
			const events = 'spaces' in filters ? ['commentCreated'] : ['pageCreated'];
			const parameters = { events, filters: resolved };
			await poll(parameters, staticData);
			sim.clock.advance(1_000);
			const child = (title: string) =>
				sim.store.createPage({ spaceId: bed.spaceId, title, body: '<p>c</p>', parentId: root.id });
			const doomed = child('Doomed');
			sim.clock.advance(1_000);
			const kept = child('Kept');
			for (const id of [doomed.id, kept.id]) {
				sim.store.addLabel(id, 'release');
				bed.footerComment(id, `<p>on ${id}</p>`);
			}
			let purgedOnce = false;
			sim.faults.inject({
				kind: 'beforeApply',
				method: 'GET',
				path: readPath,
				times: Infinity,
				run: () => {
					if (purgedOnce) return;
					purgedOnce = true;
					sim.store.trash(doomed.id);
					sim.store.purge(doomed.id);
				},
			});
			const items = await poll(parameters, staticData);
			const about = items.map(({ json }) => String(json.pageId ?? json.id));
			expect(about).toEqual([kept.id]);
		},
	);

	it('fails the poll (and loses nothing) when a read fails for another reason than a missing page', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['commentCreated'], filters: { spaces: 'ENG' } };
		const host = bed.page('Host', '<p>h</p>');
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		const comment = bed.footerComment(host.id, '<p>x</p>');
		sim.faults.inject({
			kind: 'serverError',
			status: 500,
			method: 'GET',
			path: new RegExp(`/pages/${host.id}$`),
			times: 20,
		});
		await expect(poll(parameters, staticData)).rejects.toThrow(/500/);
		sim.faults.clear();
		expect((await poll(parameters, staticData)).map(({ json }) => json.id)).toEqual([comment.id]);
	});
});
