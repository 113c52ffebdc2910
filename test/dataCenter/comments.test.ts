/* Comments on Data Center (REALITY.md dc-comment-content, dc-comment-inline-no-rest, dc-comment-delete-purges): content
 * of type comment under /rest/api/content, with the Cloud operation's output fields. */
import type { IDataObject } from 'n8n-workflow';

import { byId, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, { resource: 'comment', ...parameters }));
}

function storedBody(id: string): string {
	const item = sim.store.get(id);
	if (!item) throw new Error(`no content ${id}`);
	return sim.store.current(item).body?.value ?? '';
}

describe('comments on Data Center', () => {
	it('[dc comment.create] adds a footer comment from Markdown as content of type comment on the page', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const [comment] = await run({
			operation: 'create',
			commentType: 'footer',
			commentOn: 'page',
			page: byId(pageId),
			bodyFormat: 'markdown',
			body: 'Looks **good**.',
		});
		expect(comment).toEqual(
			expect.objectContaining({ commentType: 'footer', pageId, version: 1, status: 'current' }),
		);
		expect(storedBody(String(comment.id))).toBe('<p>Looks <strong>good</strong>.</p>');
		const [post] = dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/);
		expect(post.body).toEqual({
			type: 'comment',
			container: { id: pageId, type: 'page' },
			body: {
				storage: { value: '<p>Looks <strong>good</strong>.</p>', representation: 'storage' },
			},
		});
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});

	it('[dc comment.create] replies to a comment: the page as container, the parent comment as ancestor', async () => {
		const parentId = sim.demo!.footerCommentId;
		const [reply] = await run({
			operation: 'create',
			commentType: 'footer',
			commentOn: 'comment',
			parentCommentId: parentId,
			bodyFormat: 'storage',
			body: '<p>Agreed.</p>',
		});
		expect(reply).toEqual(
			expect.objectContaining({
				commentType: 'footer',
				pageId: sim.demo!.pages.gettingStarted,
				parentCommentId: parentId,
			}),
		);
		const [post] = dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/);
		expect(post.body).toEqual(
			expect.objectContaining({
				container: { id: sim.demo!.pages.gettingStarted, type: 'page' },
				ancestors: [{ id: parentId }],
			}),
		);
	});

	it('[dc comment.create] answers with the comment that landed when the connection drops after Confluence applied it', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/rest\/api\/content$/ });
		const [comment] = await run({
			operation: 'create',
			commentType: 'footer',
			commentOn: 'page',
			page: byId(pageId),
			bodyFormat: 'storage',
			body: '<p>Only once</p>',
		});
		const onPage = sim.store
			.list('comment')
			.filter((item) => sim.store.commentContainer(item)?.id === pageId);
		expect(onPage).toHaveLength(1);
		expect(comment.id).toBe(onPage[0].id);
		expect(dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/)).toHaveLength(1);
		expect(dataCenterRequests(sim, 'GET', /\/child\/comment$/).length).toBeGreaterThan(0);
	});

	it('[dc comment.create] refuses an inline comment, which Data Center makes outside its REST API', async () => {
		const result = await runDataCenter(sim, {
			resource: 'comment',
			operation: 'create',
			commentType: 'inline',
			commentOn: 'page',
			page: byId(sim.demo!.pages.projectPlan),
			textSelection: 'plan',
			bodyFormat: 'storage',
			body: '<p>x</p>',
		});
		expect(result.error?.message).toBe(
			'Creating an inline comment is not available on Confluence Data Center',
		);
		expect(dataCenterRequests(sim, 'POST')).toHaveLength(0);
	});

	it('[dc comment.get] reads a footer comment with its body as Markdown', async () => {
		const id = sim.demo!.footerCommentId;
		const [comment] = await run({
			operation: 'get',
			commentType: 'footer',
			commentId: id,
			bodyFormat: 'markdown',
		});
		expect(comment).toEqual(
			expect.objectContaining({
				id,
				commentType: 'footer',
				pageId: sim.demo!.pages.gettingStarted,
				bodyFormat: 'markdown',
			}),
		);
		expect(String(comment.body).trim()).toBe('Great page, thanks!');
	});

	it('[dc comment.get] reads an inline comment with its text selection, and refuses an ID that is a page', async () => {
		const [inline] = await run({
			operation: 'get',
			commentType: 'inline',
			commentId: sim.demo!.inlineCommentId,
			bodyFormat: 'none',
		});
		expect(inline).toEqual(
			expect.objectContaining({ commentType: 'inline', textSelection: 'how to use' }),
		);
		const result = await runDataCenter(sim, {
			resource: 'comment',
			operation: 'get',
			commentType: 'footer',
			commentId: sim.demo!.pages.projectPlan,
			bodyFormat: 'none',
		});
		expect(result.error?.message).toBe(
			`The content ${sim.demo!.pages.projectPlan} is not a comment`,
		);
	});

	it('[dc comment.getMany] lists the footer or the inline comments of a page through child/comment', async () => {
		const pageId = sim.demo!.pages.gettingStarted;
		const footer = await run({
			operation: 'getMany',
			commentType: 'footer',
			contentType: 'page',
			page: byId(pageId),
			returnAll: true,
			bodyFormat: 'storage',
		});
		expect(footer.map((comment) => [comment.id, comment.body])).toEqual([
			[sim.demo!.footerCommentId, '<p>Great page, thanks!</p>'],
		]);
		const inline = await run({
			operation: 'getMany',
			commentType: 'inline',
			contentType: 'page',
			page: byId(pageId),
			returnAll: true,
			bodyFormat: 'none',
		});
		expect(inline.map((comment) => comment.id)).toEqual([sim.demo!.inlineCommentId]);
		const lists = dataCenterRequests(sim, 'GET', /\/child\/comment$/);
		expect(lists.map((request) => request.query.location)).toEqual(['footer', 'inline']);
	});

	it('[dc comment.getMany] refuses the sort and resolution filters Data Center lacks', async () => {
		const base = {
			resource: 'comment',
			operation: 'getMany',
			commentType: 'inline',
			contentType: 'page',
			page: byId(sim.demo!.pages.gettingStarted),
			returnAll: true,
		};
		const sorted = await runDataCenter(sim, { ...base, filters: { sort: '-created-date' } });
		expect(sorted.error?.message).toBe(
			'Sorting comments is not available on Confluence Data Center',
		);
		const resolved = await runDataCenter(sim, {
			...base,
			filters: { resolutionStatus: ['resolved'] },
		});
		expect(resolved.error?.message).toBe(
			'Filtering comments by resolution is not available on Confluence Data Center',
		);
	});

	it('[dc comment.update] replaces the text with the next version number', async () => {
		const id = sim.demo!.footerCommentId;
		const [comment] = await run({
			operation: 'update',
			commentType: 'footer',
			commentId: id,
			bodyFormat: 'markdown',
			body: 'Great page, *really*.',
			options: { versionMessage: 'typo' },
		});
		expect(comment).toEqual(expect.objectContaining({ id, version: 2 }));
		expect(storedBody(id)).toBe('<p>Great page, <em>really</em>.</p>');
		const [put] = dataCenterRequests(sim, 'PUT', /\/rest\/api\/content\/\d+$/);
		expect(put.body).toEqual(
			expect.objectContaining({ type: 'comment', version: { number: 2, message: 'typo' } }),
		);
	});

	it('[dc comment.update] stops on a conflict unless overwriting is allowed, and refuses resolving', async () => {
		const id = sim.demo!.footerCommentId;
		const race = () =>
			sim.faults.inject({
				kind: 'beforeApply',
				method: 'PUT',
				path: /\/rest\/api\/content\/\d+$/,
				run: () => sim.store.updateContent(id, { body: '<p>theirs</p>' }),
			});
		race();
		const conflicted = await runDataCenter(sim, {
			resource: 'comment',
			operation: 'update',
			commentType: 'footer',
			commentId: id,
			bodyFormat: 'storage',
			body: '<p>ours</p>',
		});
		expect(conflicted.error?.message).toBe(
			`The comment ${id} was changed by someone else while it was being updated`,
		);
		expect(storedBody(id)).toBe('<p>theirs</p>');
		race();
		await run({
			operation: 'update',
			commentType: 'footer',
			commentId: id,
			bodyFormat: 'storage',
			body: '<p>ours</p>',
			options: { overwrite: true },
		});
		expect(storedBody(id)).toBe('<p>ours</p>');
		const resolving = await runDataCenter(sim, {
			resource: 'comment',
			operation: 'update',
			commentType: 'inline',
			commentId: sim.demo!.inlineCommentId,
			resolution: 'resolve',
			bodyFormat: 'storage',
			body: '<p>done</p>',
		});
		expect(resolving.error?.message).toBe(
			'Resolving or reopening an inline comment is not available on Confluence Data Center',
		);
	});

	it('[dc comment.delete] deletes a comment for good, and will not delete a page given as the ID', async () => {
		const id = sim.demo!.footerCommentId;
		const [deleted] = await run({ operation: 'delete', commentType: 'footer', commentId: id });
		expect(deleted).toEqual({ id, commentType: 'footer', deleted: true });
		expect(sim.store.get(id)).toBeUndefined();
		const pageId = sim.demo!.pages.projectPlan;
		const refused = await runDataCenter(sim, {
			resource: 'comment',
			operation: 'delete',
			commentType: 'footer',
			commentId: pageId,
		});
		expect(refused.error?.message).toBe(`The content ${pageId} is not a comment`);
		expect(sim.store.get(pageId)?.status).toBe('current');
		expect(dataCenterRequests(sim, 'DELETE')).toHaveLength(1);
	});
});
