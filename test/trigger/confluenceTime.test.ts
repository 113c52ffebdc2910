/* The watermark follows Confluence's clock as its Date header tells it (reality row: server-date-header), never the
 * dates on the content: a future date must not hide the events after it, and activation starts from Confluence's now
 * even when a feed is empty. */
import type { IDataObject } from 'n8n-workflow';

import { useTriggerBed } from '../helpers/trigger';
import type { ContentItem } from '../simulator/store';

const bed = useTriggerBed();
const sim = bed.sim;
const DAY = 86_400_000;

const poll = bed.poll;

const ids = (items: Array<{ json: IDataObject }>) => items.map(({ json }) => json.id);

const AHEAD: Array<[string, () => ContentItem]> = [
	[
		'a blog post whose Created At is a week ahead (its first version dated the same)',
		() =>
			sim.store.createBlogPost({
				spaceId: bed.spaceId,
				title: 'Next week',
				body: '<p>soon</p>',
				createdAt: new Date(sim.clock.now().getTime() + 7 * DAY),
			}),
	],
	[
		'a blog post whose Created At alone is a week ahead',
		() => {
			const post = sim.store.createBlogPost({
				spaceId: bed.spaceId,
				title: 'Next week',
				body: '<p>soon</p>',
			});
			post.createdAt = new Date(sim.clock.now().getTime() + 7 * DAY);
			return post;
		},
	],
	[
		'a blog post stamped by a Confluence clock running an hour fast',
		() => {
			const now = sim.clock.now();
			sim.clock.set(new Date(now.getTime() + 3_600_000));
			const post = sim.store.createBlogPost({
				spaceId: bed.spaceId,
				title: 'Fast clock',
				body: '<p>x</p>',
			});
			sim.clock.set(now);
			return post;
		},
	],
];

describe('Confluence Trigger: Confluence time', () => {
	it.each(AHEAD)('emits %s once, and every event after it', async (_name, createAhead) => {
		const staticData: IDataObject = {};
		const parameters = { events: ['blogPostCreated', 'pageCreated'] };
		await poll(parameters, staticData);
		sim.clock.advance(1_000);
		const ahead = createAhead();
		sim.clock.advance(1_000);
		expect(ids(await poll(parameters, staticData))).toEqual([ahead.id]);

		const emitted: unknown[] = [];
		const expected: string[] = [];
		// A day of polls every ten minutes, then past the future date.
		for (let step = 0; step < 150; step++) {
			sim.clock.advance(step === 144 ? 7 * DAY : 10 * 60_000);
			if (step % 10 === 0) {
				expected.push(bed.page(`After ${step}`, '<p>y</p>').id);
			}
			if (step % 25 === 0) {
				expected.push(
					sim.store.createBlogPost({
						spaceId: bed.spaceId,
						title: `Post ${step}`,
						body: '<p>z</p>',
					}).id,
				);
			}
			emitted.push(...ids(await poll(parameters, staticData)));
		}
		expect(emitted).toEqual(expected);
	});

	it('does not let a future-dated entry move the watermark at activation', async () => {
		const staticData: IDataObject = {};
		const parameters = { events: ['blogPostCreated'] };
		const ahead = AHEAD[0][1]();
		sim.clock.advance(1_000);
		expect(await poll(parameters, staticData)).toEqual([]);
		sim.clock.advance(60_000);
		const next = sim.store.createBlogPost({ spaceId: bed.spaceId, title: 'Now', body: '<p>n</p>' });
		expect(ids(await poll(parameters, staticData))).toEqual([next.id]);
		sim.clock.advance(8 * DAY);
		expect(ids(await poll(parameters, staticData))).not.toContain(ahead.id);
	});

	it('starts an empty feed from now: old content that becomes visible later is not emitted as new', async () => {
		const staticData: IDataObject = {};
		const other = sim.users.add({ email: 'other@example.com', displayName: 'Other' });
		const parameters = {
			events: ['pageCreated', 'blogPostCreated', 'commentCreated', 'attachmentCreated'],
		};
		const hidden = { users: [other.accountId], groups: [] };
		const page = bed.page('Restricted', '<p>p</p>');
		bed.footerComment(page.id, '<p>c</p>');
		sim.store.addAttachment({ containerId: page.id, fileName: 'a.txt', data: 'a' });
		const post = sim.store.createBlogPost({
			spaceId: bed.spaceId,
			title: 'Restricted post',
			body: '<p>b</p>',
		});
		sim.store.setRestriction(page.id, 'read', hidden);
		sim.store.setRestriction(post.id, 'read', hidden);
		sim.clock.advance(DAY);

		expect(await poll(parameters, staticData)).toEqual([]);
		sim.clock.advance(60 * 60_000);
		sim.store.setRestriction(page.id, 'read', { users: [], groups: [] });
		sim.store.setRestriction(post.id, 'read', { users: [], groups: [] });
		expect(await poll(parameters, staticData)).toEqual([]);

		sim.clock.advance(1_000);
		const fresh = bed.page('Fresh', '<p>f</p>');
		expect(ids(await poll(parameters, staticData))).toEqual([fresh.id]);
	});
});
