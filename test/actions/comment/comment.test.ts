import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import type { RunResult } from '../../helpers/n8n';
import type { ContentItem, RecordedRequest, Simulator } from '../../simulator';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

function ok(result: RunResult): IDataObject[] {
	if (result.error)
		throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return result.items.map((item) => item.json);
}

function apiRequests(sim: Simulator, method?: string, path?: RegExp): RecordedRequest[] {
	return sim.requests.filter(
		(request) =>
			/^\/wiki\/(api\/v2|rest\/api)\//.test(request.path) &&
			(!method || request.method === method) &&
			(!path || path.test(request.path)),
	);
}

function expectCleanExchange(sim: Simulator): void {
	expect(sim.contractViolations).toEqual([]);
	expect(sim.serverErrors.map((error) => error.message)).toEqual([]);
}

function comment(sim: Simulator, id: unknown): ContentItem {
	const found = sim.store.get(String(id));
	if (!found || found.type !== 'comment') throw new Error(`no comment ${String(id)}`);
	return found;
}

function bodyOf(sim: Simulator, id: unknown): string {
	return sim.store.current(comment(sim, id)).body?.value ?? '';
}

describe.each(AUTH_KINDS)('comment operations with %s', (auth) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });
	let sim: Simulator;
	let pageId: string;

	beforeEach(() => {
		sim = bed.sim;
		pageId = sim.demo!.pages.gettingStarted;
	});

	const run = async (
		parameters: IDataObject,
		extra: { items?: IDataObject[]; continueOnFail?: boolean } = {},
	) => await bed.run({ auth, parameters: { resource: 'comment', ...parameters }, ...extra });

	it('creates a footer comment on a page from Markdown', async () => {
		const [created] = ok(
			await run({
				operation: 'create',
				commentType: 'footer',
				commentOn: 'page',
				page: byId(pageId),
				body: 'Looks **great**, see [the plan](https://example.com/plan).',
			}),
		);
		expect(created).toMatchObject({ commentType: 'footer', pageId, version: 1 });
		const stored = comment(sim, created.id);
		expect(stored.containerId).toBe(pageId);
		expect(stored.comment?.location).toBe('footer');
		expect(bodyOf(sim, created.id)).toContain('<strong>great</strong>');
		expect(bodyOf(sim, created.id)).toContain('href="https://example.com/plan"');
		const [post] = apiRequests(sim, 'POST', /\/footer-comments$/);
		expect(post.body).toMatchObject({ pageId, body: { representation: 'storage' } });
		expectCleanExchange(sim);
	});

	it('creates an inline comment on a text selection, then resolves and reopens it', async () => {
		sim.store.updateContent(pageId, {
			title: 'Getting started',
			body: '<p>Alpha beta gamma.</p><p>More <strong>beta</strong> here, and beta again.</p>',
		});
		const [created] = ok(
			await run({
				operation: 'create',
				commentType: 'inline',
				commentOn: 'page',
				page: byId(pageId),
				textSelection: 'beta',
				textSelectionMatchIndex: 1,
				body: 'Why **beta**?',
			}),
		);
		const [post] = apiRequests(sim, 'POST', /\/inline-comments$/);
		expect(post.body).toMatchObject({
			pageId,
			inlineCommentProperties: {
				textSelection: 'beta',
				textSelectionMatchCount: 3,
				textSelectionMatchIndex: 1,
			},
		});
		const stored = comment(sim, created.id);
		expect(stored.comment).toMatchObject({
			location: 'inline',
			textSelection: 'beta',
			resolutionStatus: 'open',
		});
		expect(created).toMatchObject({ commentType: 'inline', pageId });
		const originalBody = bodyOf(sim, created.id);

		const [resolved] = ok(
			await run({
				operation: 'update',
				commentType: 'inline',
				commentId: created.id,
				resolution: 'resolve',
			}),
		);
		expect(resolved.resolutionStatus).toBe('resolved');
		expect(comment(sim, created.id).comment?.resolutionStatus).toBe('resolved');
		expect(comment(sim, created.id).versions).toHaveLength(2);
		expect(bodyOf(sim, created.id)).toBe(originalBody);
		const [put] = apiRequests(sim, 'PUT', /\/inline-comments\//);
		expect(put.body).toMatchObject({ version: { number: 2 }, resolved: true });

		ok(
			await run({
				operation: 'update',
				commentType: 'inline',
				commentId: created.id,
				resolution: 'reopen',
			}),
		);
		expect(comment(sim, created.id).comment?.resolutionStatus).toBe('reopened');
		expect(comment(sim, created.id).versions).toHaveLength(3);
		expectCleanExchange(sim);
	});

	it('refuses an inline comment on text that is not on the page, before posting anything', async () => {
		const missing = await run({
			operation: 'create',
			commentType: 'inline',
			commentOn: 'page',
			page: byId(pageId),
			textSelection: 'text that is nowhere',
			body: 'x',
		});
		expect(missing.error?.message).toContain('"Text Selection"');

		const tooFar = await run({
			operation: 'create',
			commentType: 'inline',
			commentOn: 'page',
			page: byId(pageId),
			textSelection: 'demo space',
			textSelectionMatchIndex: 4,
			body: 'x',
		});
		expect(tooFar.error?.message).toContain('"Match Index"');
		expect(tooFar.error?.message).toMatch(/appears 1 time\b/);
		expect(apiRequests(sim, 'POST')).toHaveLength(0);
	});

	it('replies to a footer comment', async () => {
		const parentId = sim.demo!.footerCommentId;
		const [reply] = ok(
			await run({
				operation: 'create',
				commentType: 'footer',
				commentOn: 'comment',
				parentCommentId: parentId,
				body: 'Thanks!',
				bodyFormat: 'plain',
			}),
		);
		expect(reply.parentCommentId).toBe(parentId);
		expect(comment(sim, reply.id).parentId).toBe(parentId);
		expect(bodyOf(sim, reply.id)).toContain('Thanks!');
		expectCleanExchange(sim);
	});

	it('replies to an inline comment and comments inline on a blog post', async () => {
		const parentId = sim.demo!.inlineCommentId;
		const [reply] = ok(
			await run({
				operation: 'create',
				commentType: 'inline',
				commentOn: 'comment',
				parentCommentId: parentId,
				body: 'Added one.',
			}),
		);
		expect(comment(sim, reply.id).parentId).toBe(parentId);
		const [replyPost] = apiRequests(sim, 'POST', /\/inline-comments$/);
		expect(replyPost.body).not.toHaveProperty('inlineCommentProperties');

		const blogPostId = sim.demo!.blogPosts[0];
		const [onBlog] = ok(
			await run({
				operation: 'create',
				commentType: 'inline',
				commentOn: 'blogPost',
				blogPost: byId(blogPostId),
				textSelection: 'first blog post',
				body: 'Nice start',
			}),
		);
		expect(onBlog.blogPostId).toBe(blogPostId);
		expect(comment(sim, onBlog.id).comment).toMatchObject({
			location: 'inline',
			textSelection: 'first blog post',
		});
		expectCleanExchange(sim);
	});

	it('gets a footer comment with its body as Markdown, and an inline comment with its selection', async () => {
		const [footer] = ok(
			await run({
				operation: 'get',
				commentType: 'footer',
				commentId: sim.demo!.footerCommentId,
				bodyFormat: 'markdown',
			}),
		);
		expect(footer).toMatchObject({ id: sim.demo!.footerCommentId, pageId, bodyFormat: 'markdown' });
		expect(String(footer.body).trim()).toBe('Great page, thanks!');

		const [inline] = ok(
			await run({ operation: 'get', commentType: 'inline', commentId: sim.demo!.inlineCommentId }),
		);
		expect(inline).toMatchObject({
			id: sim.demo!.inlineCommentId,
			commentType: 'inline',
			resolutionStatus: 'open',
			body: '<p>Could we add an example here?</p>',
		});
		expectCleanExchange(sim);
	});

	it('lists the inline comments of a blog post by resolution status', async () => {
		const blogPostId = sim.demo!.blogPosts[0];
		const open = sim.store.addComment({
			containerId: blogPostId,
			location: 'inline',
			body: '<p>Open one</p>',
			inline: { textSelection: 'first blog post' },
		});
		const resolved = sim.store.addComment({
			containerId: blogPostId,
			location: 'inline',
			body: '<p>Resolved one</p>',
			inline: { textSelection: 'demo space' },
			resolutionStatus: 'resolved',
		});
		sim.store.addComment({
			containerId: blogPostId,
			location: 'footer',
			body: '<p>A footer comment</p>',
		});

		const all = ok(
			await run({
				operation: 'getMany',
				commentType: 'inline',
				contentType: 'blogPost',
				blogPost: byId(blogPostId),
				returnAll: true,
				bodyFormat: 'plain',
			}),
		);
		expect(all.map((item) => item.id).sort()).toEqual([open.id, resolved.id].sort());
		expect(all.find((item) => item.id === open.id)?.body).toMatch(/^Open one\s*$/);

		const onlyResolved = ok(
			await run({
				operation: 'getMany',
				commentType: 'inline',
				contentType: 'blogPost',
				blogPost: byId(blogPostId),
				returnAll: true,
				filters: { resolutionStatus: ['resolved'] },
			}),
		);
		expect(onlyResolved.map((item) => item.id)).toEqual([resolved.id]);
		const lists = apiRequests(sim, 'GET', /\/blogposts\/\d+\/inline-comments$/);
		expect(lists[1].query['resolution-status']).toBe('resolved');
		expectCleanExchange(sim);
	});

	it('lists footer comments past 250 with Return All, and none for a page without comments', async () => {
		const busy = sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'Busy discussion' });
		for (let n = 0; n < 255; n++) {
			sim.store.addComment({
				containerId: busy.id,
				location: 'footer',
				body: `<p>Comment ${n}</p>`,
			});
		}
		const all = ok(
			await run({
				operation: 'getMany',
				commentType: 'footer',
				contentType: 'page',
				page: byId(busy.id),
				returnAll: true,
				bodyFormat: 'none',
			}),
		);
		expect(all).toHaveLength(255);
		expect(new Set(all.map((item) => item.id)).size).toBe(255);

		const limited = ok(
			await run({
				operation: 'getMany',
				commentType: 'footer',
				contentType: 'page',
				page: byId(busy.id),
				limit: 3,
			}),
		);
		expect(limited).toHaveLength(3);

		const quiet = sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'Quiet page' });
		const none = ok(
			await run({
				operation: 'getMany',
				commentType: 'footer',
				contentType: 'page',
				page: byId(quiet.id),
				returnAll: true,
			}),
		);
		expect(none).toHaveLength(0);
		expectCleanExchange(sim);
	});

	const ownFooterComment = () =>
		sim.store.addComment({ containerId: pageId, location: 'footer', body: '<p>My first take</p>' })
			.id;

	it('updates the text of a footer comment with the next version number', async () => {
		const id = ownFooterComment();
		const [updated] = ok(
			await run({
				operation: 'update',
				commentType: 'footer',
				commentId: id,
				body: 'Great page, *really*.',
				options: { versionMessage: 'clarified' },
			}),
		);
		expect(updated).toMatchObject({ id, version: 2 });
		expect(bodyOf(sim, id)).toContain('<em>really</em>');
		expect(sim.store.current(comment(sim, id)).message).toBe('clarified');
		const [put] = apiRequests(sim, 'PUT', /\/footer-comments\//);
		expect(put.body).toMatchObject({ version: { number: 2, message: 'clarified' } });
		expectCleanExchange(sim);
	});

	it('does not overwrite a comment edited in the meantime, unless told to', async () => {
		const id = ownFooterComment();
		const editBetweenReadAndWrite = async (parameters: IDataObject) => {
			// Someone edits between our read and our write.
			sim.faults.inject({
				kind: 'beforeApply',
				method: 'PUT',
				path: /\/footer-comments\//,
				times: 1,
				run: () => sim.store.updateContent(id, { body: '<p>Edited elsewhere</p>' }),
			});
			const running = run({
				operation: 'update',
				commentType: 'footer',
				commentId: id,
				...parameters,
			});
			return await running;
		};

		const refused = await editBetweenReadAndWrite({ body: 'Mine' });
		expect(refused.error?.message).toMatch(/changed by someone else/);
		expect(bodyOf(sim, id)).toBe('<p>Edited elsewhere</p>');

		ok(await editBetweenReadAndWrite({ body: 'Mine anyway', options: { overwrite: true } }));
		expect(bodyOf(sim, id)).toContain('Mine anyway');
	});

	it("explains that only the author can edit when Confluence refuses someone else's comment", async () => {
		const result = await run({
			operation: 'update',
			commentType: 'footer',
			commentId: sim.demo!.footerCommentId,
			body: 'Not mine',
		});
		expect(result.error?.message).toContain(
			`refused to update the comment ${sim.demo!.footerCommentId}`,
		);
		expect(result.error?.description).toMatch(/only the author/);
		expect(bodyOf(sim, sim.demo!.footerCommentId)).toBe('<p>Great page, thanks!</p>');
	});

	it('needs new text or a resolution change to update', async () => {
		const result = await run({
			operation: 'update',
			commentType: 'footer',
			commentId: sim.demo!.footerCommentId,
		});
		expect(result.error?.message).toContain('"Comment"');
		expect(apiRequests(sim)).toHaveLength(0);
	});

	it('deletes a comment permanently and reports a missing one as not found', async () => {
		const id = sim.demo!.footerCommentId;
		const [deleted] = ok(await run({ operation: 'delete', commentType: 'footer', commentId: id }));
		expect(deleted).toEqual({ id, commentType: 'footer', deleted: true });
		expect(sim.store.get(id)?.status ?? 'gone').not.toBe('current');
		expect(apiRequests(sim, 'DELETE').map((request) => request.path)).toEqual([
			`/wiki/api/v2/footer-comments/${id}`,
		]);

		const again = await run({ operation: 'delete', commentType: 'footer', commentId: id });
		expect(again.error?.httpCode).toBe('404');
		expect(again.error?.message).toMatch(/found nothing at this ID.*\(404\)/);
		expectCleanExchange(sim);
	});

	it('names the parameter and item of a bad comment ID, sends nothing for it, and carries on with the others', async () => {
		const result = await run(
			{ operation: 'get', commentType: 'footer', commentId: '={{ $json.id }}' },
			{ items: [{ id: 'abc' }, { id: sim.demo!.footerCommentId }], continueOnFail: true },
		);
		const items = ok(result);
		expect(String(items[0].error)).toContain('"Comment ID"');
		expect(items[1].id).toBe(sim.demo!.footerCommentId);
		expect(apiRequests(sim)).toHaveLength(1);
	});
});
