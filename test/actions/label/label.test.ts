import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, byTitle, expectCleanExchange, ok } from '../page/helpers';

describe('label', () => {
	const bed = useTestBed('demo');
	const runLabel = resourceRunner(bed, 'label');

	function labelNames(contentId: string): string[] {
		return bed.sim.store
			.labelsOf(bed.sim.store.get(contentId)!)
			.map((label) => label.name)
			.sort();
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('add: puts several comma-separated labels on a page in one v1 call', async () => {
			const pageId = bed.sim.demo!.pages.projectPlan;
			const result = await runLabel(
				{ operation: 'add', contentId: pageId, labels: 'Roadmap, q3 ,roadmap' },
				auth,
			);
			const [added] = ok(result);
			expect(added.contentId).toBe(pageId);
			expect(added.added).toEqual(['roadmap', 'q3']);
			expect((added.labels as Array<{ name: string }>).map((label) => label.name).sort()).toEqual([
				'planning',
				'q3',
				'roadmap',
			]);
			expect(labelNames(pageId)).toEqual(['planning', 'q3', 'roadmap']);
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/rest\/api\/content\/\d+\/label$/);
			expect(post.body).toEqual([
				{ prefix: 'global', name: 'roadmap' },
				{ prefix: 'global', name: 'q3' },
			]);
			expectCleanExchange(bed.sim);
		});

		it('remove: takes labels off, addressing them by query parameter', async () => {
			const pageId = bed.sim.demo!.pages.gettingStarted;
			const result = await runLabel(
				{ operation: 'remove', contentId: pageId, labels: 'howto,getting-started' },
				auth,
			);
			expect(ok(result)).toEqual([
				{ contentId: pageId, removed: ['howto', 'getting-started'], deleted: true },
			]);
			expect(labelNames(pageId)).toEqual([]);
			const deletes = apiRequests(bed.sim, 'DELETE', /\/wiki\/rest\/api\/content\/\d+\/label$/);
			expect(deletes.map((request) => request.query.name)).toEqual(['howto', 'getting-started']);
			expectCleanExchange(bed.sim);
		});

		it('remove: reaches a label made under older naming rules ("v1.2"), whose characters add refuses', async () => {
			const pageId = bed.sim.demo!.pages.projectPlan;
			// Confluence keeps labels created before its character rules tightened; only the store can make one now.
			bed.sim.store.get(pageId)!.labelIds.push(bed.sim.store.label('v1.2').id);
			const refused = await runLabel({ operation: 'add', contentId: pageId, labels: 'v1.3' }, auth);
			expect(refused.error?.message).toBe(
				'The parameter "Labels" contains "v1.3", but label names cannot contain "."',
			);

			const result = await runLabel(
				{ operation: 'remove', contentId: pageId, labels: 'v1.2' },
				auth,
			);
			expect(ok(result)).toEqual([{ contentId: pageId, removed: ['v1.2'], deleted: true }]);
			expect(labelNames(pageId)).toEqual(['planning']);
			const deletes = apiRequests(bed.sim, 'DELETE', /\/wiki\/rest\/api\/content\/\d+\/label$/);
			expect(deletes.map((request) => request.query.name)).toEqual(['v1.2']);
			expectCleanExchange(bed.sim);
		});

		it('getMany of a page picked by title', async () => {
			const result = await runLabel(
				{ operation: 'getMany', of: 'page', page: byTitle('Code samples'), returnAll: true },
				auth,
			);
			expect(
				ok(result)
					.map((label) => label.name)
					.sort(),
			).toEqual(['engineering', 'howto']);
			expectCleanExchange(bed.sim);
		});
	});

	describe('add', () => {
		it('adds to a blog post given by URL and to an attachment by its att ID', async () => {
			const demo = bed.sim.demo!;
			ok(
				await runLabel({
					operation: 'add',
					contentId: `https://example.atlassian.net/wiki/spaces/DEMO/blog/2026/01/05/${demo.blogPosts[2]}/How+we+plan`,
					labels: 'process',
				}),
			);
			expect(labelNames(demo.blogPosts[2])).toEqual(['process']);
			ok(
				await runLabel({
					operation: 'add',
					contentId: demo.attachmentId,
					labels: ['greeting', 'text'],
				}),
			);
			expect(labelNames(demo.attachmentId)).toEqual(['greeting', 'text']);
			expectCleanExchange(bed.sim);
		});

		it('sends the chosen prefix', async () => {
			const pageId = bed.sim.demo!.pages.projectPlan;
			ok(
				await runLabel({
					operation: 'add',
					contentId: pageId,
					labels: 'mine',
					options: { prefix: 'my' },
				}),
			);
			const [post] = apiRequests(bed.sim, 'POST');
			expect(post.body).toEqual([{ prefix: 'my', name: 'mine' }]);
		});

		it.each([
			['release notes', 'cannot contain spaces'],
			['v1.0', 'cannot contain "."'],
			[' , ', 'is empty'],
		])('rejects %j before sending anything', async (labels, message) => {
			const result = await runLabel({
				operation: 'add',
				contentId: bed.sim.demo!.pages.projectPlan,
				labels,
			});
			expect(result.error?.message).toContain('"Labels"');
			expect(result.error?.message).toContain(message);
			expect(apiRequests(bed.sim)).toHaveLength(0);
		});

		it('answers a content ID that does not exist with the not-found message', async () => {
			const result = await runLabel({ operation: 'add', contentId: '31337', labels: 'x' });
			expect(result.error?.message).toContain('Confluence found nothing at this ID');
		});
	});

	describe('getMany', () => {
		it('lists site labels, past 250 with Return All', async () => {
			const pageId = bed.sim.demo!.pages.projectPlan;
			bed.sim.store.silently(() => {
				for (let n = 0; n < 260; n++) bed.sim.store.addLabel(pageId, `bulk-${n}`);
			});
			const labels = ok(await runLabel({ operation: 'getMany', of: 'site', returnAll: true }));
			expect(labels.length).toBe(bed.sim.store.labels.size);
			expect(labels.length).toBeGreaterThan(260);
			expect(labels[0]).toEqual({
				id: expect.any(String),
				name: expect.any(String),
				prefix: expect.any(String),
			});
			expect(apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/labels$/).length).toBeGreaterThanOrEqual(
				2,
			);
			expectCleanExchange(bed.sim);
		});

		it("of a blog post, an attachment, a space and the space's content", async () => {
			const demo = bed.sim.demo!;
			const blog = ok(
				await runLabel({
					operation: 'getMany',
					of: 'blogPost',
					blogPost: byId(demo.blogPosts[1]),
					returnAll: true,
				}),
			);
			expect(blog.map((label) => label.name).sort()).toEqual(['news', 'release']);

			bed.sim.store.addLabel(demo.attachmentId, 'sample');
			const attachment = ok(
				await runLabel({
					operation: 'getMany',
					of: 'attachment',
					attachmentId: demo.attachmentId,
					returnAll: true,
				}),
			);
			expect(attachment.map((label) => label.name)).toEqual(['sample']);
			const [attachmentRequest] = apiRequests(bed.sim, 'GET', /\/attachments\/\d+\/labels$/);
			expect(attachmentRequest.path).toBe(
				`/wiki/api/v2/attachments/${demo.attachmentId.replace(/^att/, '')}/labels`,
			);

			const space = ok(
				await runLabel({
					operation: 'getMany',
					of: 'space',
					space: byKey('DEMO'),
					returnAll: true,
				}),
			);
			expect(space.map((label) => label.name)).toEqual(['demo']);

			const content = ok(
				await runLabel({
					operation: 'getMany',
					of: 'spaceContent',
					space: byId(demo.spaceId),
					returnAll: true,
				}),
			);
			expect(content.map((label) => label.name).sort()).toEqual([
				'engineering',
				'getting-started',
				'howto',
				'news',
				'planning',
				'release',
				'sample',
			]);
			expectCleanExchange(bed.sim);
		});

		it('refuses a Global prefix for space labels before sending anything', async () => {
			const result = await runLabel({
				operation: 'getMany',
				of: 'space',
				space: byId(bed.sim.demo!.spaceId),
				options: { prefix: 'global' },
			});
			expect(result.error?.message).toContain('"Prefix"');
			expect(apiRequests(bed.sim)).toHaveLength(0);
		});

		it('returns no items for a page without labels', async () => {
			const result = await runLabel({
				operation: 'getMany',
				of: 'page',
				page: byId(bed.sim.demo!.pages.meetingNotes),
				returnAll: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(0);
		});
	});
});
