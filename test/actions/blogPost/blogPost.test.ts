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
} from '../page/helpers';

describe('blogPost', () => {
	const bed = useTestBed('demo');

	const blog = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'blogPost',
		operation,
		...extra,
	});

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('creates a backdated blog post from plain text, with labels', async () => {
			const demo = bed.sim.demo!;
			const [post] = ok(
				await bed.run({
					auth,
					parameters: blog('create', {
						space: byId(demo.spaceId),
						title: 'Quarterly update',
						bodyFormat: 'plain',
						body: 'First paragraph.\n\nSecond paragraph.',
						additionalFields: { labels: 'news', createdAt: '2026-01-05T09:00:00.000Z' },
					}),
				}),
			);
			expect(post).toEqual(
				expect.objectContaining({ title: 'Quarterly update', labels: ['news'], version: 1 }),
			);
			const stored = item(bed.sim, String(post.id));
			expect(stored.type).toBe('blogpost');
			expect(stored.createdAt.toISOString()).toBe('2026-01-05T09:00:00.000Z');
			expect(currentBody(bed.sim, stored.id)).toMatch(
				/<p>First paragraph\.<\/p>\s*<p>Second paragraph\.<\/p>/,
			);
			expect(bed.sim.store.labelsOf(stored).map((label) => label.name)).toEqual(['news']);
			expectCleanExchange(bed.sim);
		});

		it('gets a blog post by title with its body as Markdown', async () => {
			const [post] = ok(
				await bed.run({
					auth,
					parameters: blog('get', { blogPost: byTitle('How we plan'), bodyFormat: 'markdown' }),
				}),
			);
			expect(post).toEqual(
				expect.objectContaining({ id: bed.sim.demo!.blogPosts[2], title: 'How we plan' }),
			);
			expect(post.body).toMatch(/^## Planning\n\n1\. Collect ideas/);
			expectCleanExchange(bed.sim);
		});

		it('appends to a blog post, retrying when someone saves in between', async () => {
			const id = bed.sim.demo!.blogPosts[0];
			const original = currentBody(bed.sim, id);
			// Someone saves between our read and our write.
			bed.sim.faults.inject({
				kind: 'beforeApply',
				method: 'PUT',
				path: /\/blogposts\/\d+$/,
				run: () => bed.sim.store.updateContent(id, { body: `${original}<p>Edited meanwhile</p>` }),
			});
			const running = bed.run({
				auth,
				parameters: blog('update', {
					blogPost: byId(id),
					updateFields: {
						body: 'P.S. see you soon',
						bodyFormat: 'markdown',
						bodyMode: 'append',
						title: 'Welcome!',
					},
				}),
			});
			const [post] = ok(await running);
			expect(post.title).toBe('Welcome!');
			expect(currentBody(bed.sim, id)).toBe(
				`${original}<p>Edited meanwhile</p><p>P.S. see you soon</p>`,
			);
			expect(apiRequests(bed.sim, 'PUT').map((request) => request.status)).toEqual([409, 200]);
		});

		it('purges a blog post with two DELETE calls', async () => {
			const id = bed.sim.demo!.blogPosts[2];
			const [out] = ok(
				await bed.run({
					auth,
					parameters: blog('delete', { blogPost: byId(id), options: { purge: true } }),
				}),
			);
			expect(out).toEqual({ id, deleted: true, purged: true });
			expect(apiRequests(bed.sim, 'DELETE').map((request) => request.query.purge)).toEqual([
				undefined,
				'true',
			]);
			expect(bed.sim.store.get(id)?.status ?? 'gone').not.toMatch(/current|trashed/);
			expectCleanExchange(bed.sim);
		});

		it('lists the blog posts of a label by label ID (Get Blog Posts For Label)', async () => {
			const demo = bed.sim.demo!;
			const labelId = bed.sim.store.findLabel('news')!.id;
			const posts = ok(
				await bed.run({
					auth,
					parameters: blog('getMany', { returnAll: true, filters: { labelId } }),
				}),
			);
			expect(posts.map((post) => post.id).sort()).toEqual(
				[demo.blogPosts[0], demo.blogPosts[1]].sort(),
			);
			expect(apiRequests(bed.sim, 'GET', new RegExp(`/labels/${labelId}/blogposts$`))).toHaveLength(
				1,
			);
			expectCleanExchange(bed.sim);
		});

		it('reads versions, one version, likes and permitted operations', async () => {
			const id = bed.sim.demo!.blogPosts[0];
			bed.sim.store.updateContent(id, { body: '<p>second</p>', message: 'v2' });
			const versions = ok(
				await bed.run({ auth, parameters: blog('getVersions', { blogPost: byId(id), limit: 10 }) }),
			);
			expect(versions.map((version) => version.number)).toEqual([2, 1]);
			const [version] = ok(
				await bed.run({
					auth,
					parameters: blog('getVersion', { blogPost: byId(id), versionNumber: 2 }),
				}),
			);
			expect(version).toEqual(expect.objectContaining({ number: 2, message: 'v2' }));
			const [count] = ok(
				await bed.run({ auth, parameters: blog('getLikeCount', { blogPost: byId(id) }) }),
			);
			expect(count).toEqual({ id, count: 1 });
			const likers = ok(
				await bed.run({ auth, parameters: blog('getLikes', { blogPost: byId(id) }) }),
			);
			expect(likers).toEqual([
				expect.objectContaining({ accountId: bed.sim.demo!.secondUser.accountId }),
			]);
			const operations = ok(
				await bed.run({ auth, parameters: blog('getOperations', { blogPost: byId(id) }) }),
			);
			expect(operations.map((operation) => operation.operation)).toEqual(
				expect.arrayContaining(['read', 'update']),
			);
			expectCleanExchange(bed.sim);
		});
	});

	it('lists the blog posts of a space by label name, newest first by default', async () => {
		const demo = bed.sim.demo!;
		const posts = ok(
			await bed.run({
				parameters: blog('getMany', {
					space: byId(demo.spaceId),
					returnAll: true,
					filters: { label: 'release' },
				}),
			}),
		);
		expect(posts.map((post) => post.id)).toEqual([demo.blogPosts[1]]);
		const all = ok(
			await bed.run({
				parameters: blog('getMany', { space: byId(demo.spaceId), returnAll: true }),
			}),
		);
		expect(all).toHaveLength(3);
	});

	it('replaces the body and publishes a new version', async () => {
		const id = bed.sim.demo!.blogPosts[1];
		const before = versionNumber(bed.sim, id);
		const [post] = ok(
			await bed.run({
				parameters: blog('update', {
					blogPost: byId(id),
					updateFields: { body: '<p>Rewritten</p>', bodyFormat: 'storage', versionMessage: 'fix' },
				}),
			}),
		);
		expect(post.version).toBe(before + 1);
		expect(currentBody(bed.sim, id)).toBe('<p>Rewritten</p>');
	});

	it('trashes by default and reports a missing blog post with the 404 text', async () => {
		const id = bed.sim.demo!.blogPosts[2];
		const [out] = ok(await bed.run({ parameters: blog('delete', { blogPost: byId(id) }) }));
		expect(out).toEqual({ id, deleted: true, trashed: true });
		expect(item(bed.sim, id).status).toBe('trashed');
		const missing = await bed.run({ parameters: blog('get', { blogPost: byId('777777') }) });
		expect(missing.error?.message).toMatch(/found nothing at this ID.*\(404\)/);
	});

	it('reads a non-numeric value in the ID field as a title, and names the accepted forms when none matches', async () => {
		const result = await bed.run({
			parameters: blog('getLikeCount', { blogPost: byId('={{ "abc" }}') }),
		});
		expect(result.error?.message).toBe(
			'The parameter "Blog Post": no blog post titled "abc" exists, or this account cannot see it. It accepts a numeric blog post ID (e.g. 123456), a blog post URL (…/wiki/spaces/DOCS/blog/2026/01/05/123456/Title) or the exact blog post title',
		);
		expect(apiRequests(bed.sim).map((request) => request.path)).toEqual(['/wiki/api/v2/blogposts']);
	});
});
