import { useSimulator } from '../helpers/fixtures';
import { basic, call } from './testHttp';

describe('simulator comments', () => {
	const sim = useSimulator('demo', { failOnErrors: true });

	const storage = (value: string) => ({ representation: 'storage', value });

	it('creates a footer comment (201 + location), reads, updates with version rules and deletes it', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		const created = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: { pageId, body: storage('<p>First!</p>') },
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('location')).toBe(
			`${sim.baseUrl}/wiki/api/v2/footer-comments/${created.body.id}`,
		);
		expect(created.body).toMatchObject({
			pageId,
			status: 'current',
			title: 'Re: Project plan',
			version: { number: 1 },
		});
		expect(created.body._links.webui).toContain(`focusedCommentId=${created.body.id}`);
		const id = created.body.id;

		const got = await call(
			sim,
			'GET',
			`/wiki/api/v2/footer-comments/${id}?body-format=atlas_doc_format`,
		);
		expect(JSON.parse(got.body.body.atlas_doc_format.value)).toMatchObject({ type: 'doc' });

		sim.setContractValidation(false);
		const stale = await call(sim, 'PUT', `/wiki/api/v2/footer-comments/${id}`, {
			body: { version: { number: 1 }, body: storage('<p>Edited</p>') },
		});
		expect(stale.status).toBe(409);
		expect(stale.body.errors[0]).toMatchObject({ status: 409, code: 'CONFLICT' });
		sim.setContractValidation(true);

		const updated = await call(sim, 'PUT', `/wiki/api/v2/footer-comments/${id}`, {
			body: { version: { number: 2, message: 'typo' }, body: storage('<p>Edited</p>') },
		});
		expect(updated.status).toBe(200);
		expect(updated.body.version).toMatchObject({ number: 2, message: 'typo' });
		const versions = await call(
			sim,
			'GET',
			`/wiki/api/v2/footer-comments/${id}/versions?body-format=storage`,
		);
		expect(versions.body.results.map((v: { number: number }) => v.number)).toEqual([2, 1]);
		expect(versions.body.results[1].comment.body.storage.value).toBe('<p>First!</p>');

		const list = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/footer-comments?body-format=storage`,
		);
		expect(list.body.results).toEqual([
			expect.objectContaining({
				id,
				body: { storage: { representation: 'storage', value: '<p>Edited</p>' } },
			}),
		]);

		expect((await call(sim, 'DELETE', `/wiki/api/v2/footer-comments/${id}`)).status).toBe(204);
		sim.setContractValidation(false);
		expect((await call(sim, 'GET', `/wiki/api/v2/footer-comments/${id}`)).status).toBe(404);
	});

	it('keeps an atlas_doc_format body as written and derives storage from it', async () => {
		const adf = {
			type: 'doc',
			version: 1,
			content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Written in ADF' }] }],
		};
		const created = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: {
				blogPostId: sim.demo!.blogPosts[0],
				body: { representation: 'atlas_doc_format', value: JSON.stringify(adf) },
			},
		});
		expect(created.status).toBe(201);
		expect(created.body.blogPostId).toBe(sim.demo!.blogPosts[0]);
		const adfBack = await call(
			sim,
			'GET',
			`/wiki/api/v2/footer-comments/${created.body.id}?body-format=atlas_doc_format`,
		);
		expect(JSON.parse(adfBack.body.body.atlas_doc_format.value)).toEqual(adf);
		const list = await call(
			sim,
			'GET',
			`/wiki/api/v2/blogposts/${sim.demo!.blogPosts[0]}/footer-comments?body-format=storage`,
		);
		expect(list.body.results[0].body.storage.value).toContain('Written in ADF');

		sim.setContractValidation(false);
		const invalid = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: {
				pageId: sim.demo!.pages.projectPlan,
				body: { representation: 'atlas_doc_format', value: '{"type":"nope"}' },
			},
		});
		expect(invalid.status).toBe(400);
		expect(invalid.body.errors[0].title).toBe('Error converting ADF to storage format');
	});

	it('threads replies under their parent and lists them as children', async () => {
		const parentId = sim.demo!.footerCommentId;
		const reply = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: {
				parentCommentId: parentId,
				body: { storage: { representation: 'storage', value: '<p>Thanks</p>' } },
			},
		});
		expect(reply.status).toBe(201);
		expect(reply.body).toMatchObject({
			parentCommentId: parentId,
			pageId: sim.demo!.pages.gettingStarted,
		});
		const children = await call(sim, 'GET', `/wiki/api/v2/footer-comments/${parentId}/children`);
		expect(children.body.results.map((c: { id: string }) => c.id)).toEqual([reply.body.id]);
		// Page lists hold top-level comments only.
		const top = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${sim.demo!.pages.gettingStarted}/footer-comments`,
		);
		expect(top.body.results.map((c: { id: string }) => c.id)).toEqual([parentId]);
	});

	it('requires exactly one container and a body', async () => {
		sim.setContractValidation(false);
		const none = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: { body: storage('<p>x</p>') },
		});
		expect(none.status).toBe(400);
		const both = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: {
				pageId: sim.demo!.pages.projectPlan,
				blogPostId: sim.demo!.blogPosts[0],
				body: storage('<p>x</p>'),
			},
		});
		expect(both.status).toBe(400);
		const wrongType = await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: { pageId: sim.demo!.blogPosts[0], body: storage('<p>x</p>') },
		});
		expect(wrongType.status).toBe(404);
	});

	it('anchors an inline comment to the page text, marks it in the body and resolves/reopens it', async () => {
		const pageId = sim.demo!.pages.releaseNotes;
		sim.setContractValidation(false);
		const missing = await call(sim, 'POST', '/wiki/api/v2/inline-comments', {
			body: {
				pageId,
				body: storage('<p>?</p>'),
				inlineCommentProperties: {
					textSelection: 'not on the page',
					textSelectionMatchCount: 1,
					textSelectionMatchIndex: 0,
				},
			},
		});
		expect(missing.status).toBe(400);
		const wrongCount = await call(sim, 'POST', '/wiki/api/v2/inline-comments', {
			body: {
				pageId,
				body: storage('<p>?</p>'),
				inlineCommentProperties: {
					textSelection: 'First release',
					textSelectionMatchCount: 2,
					textSelectionMatchIndex: 0,
				},
			},
		});
		expect(wrongCount.status).toBe(400);
		sim.setContractValidation(true);

		const created = await call(sim, 'POST', '/wiki/api/v2/inline-comments', {
			body: {
				pageId,
				body: storage('<p>Which date?</p>'),
				inlineCommentProperties: {
					textSelection: 'First release',
					textSelectionMatchCount: 1,
					textSelectionMatchIndex: 0,
				},
			},
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			pageId,
			resolutionStatus: 'open',
			properties: { inlineOriginalSelection: 'First release' },
		});
		const ref = created.body.properties.inlineMarkerRef;
		const page = await call(sim, 'GET', `/wiki/api/v2/pages/${pageId}?body-format=storage`);
		expect(page.body.body.storage.value).toContain(
			`<ac:inline-comment-marker ac:ref="${ref}">First release</ac:inline-comment-marker>`,
		);
		expect(page.body.version.number).toBe(1);

		const id = created.body.id;
		const resolved = await call(sim, 'PUT', `/wiki/api/v2/inline-comments/${id}`, {
			body: { version: { number: 2 }, body: storage('<p>Which date?</p>'), resolved: true },
		});
		expect(resolved.status).toBe(200);
		expect(resolved.body.resolutionStatus).toBe('resolved');
		expect(resolved.body.resolutionLastModifierId).toBe(sim.users.demo.accountId);

		const reopened = await call(sim, 'PUT', `/wiki/api/v2/inline-comments/${id}`, {
			body: { version: { number: 3 }, body: storage('<p>Still open</p>'), resolved: false },
		});
		expect(reopened.body.resolutionStatus).toBe('reopened');

		const open = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/inline-comments?resolution-status=reopened`,
		);
		expect(open.body.results.map((c: { id: string }) => c.id)).toEqual([id]);
		const resolvedOnly = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/inline-comments?resolution-status=resolved`,
		);
		expect(resolvedOnly.body.results).toEqual([]);
	});

	it('reports a comment whose highlighted text was edited away as dangling, and refuses to update it', async () => {
		const pageId = sim.demo!.pages.gettingStarted;
		const inlineId = sim.demo!.inlineCommentId;
		const before = await call(sim, 'GET', `/wiki/api/v2/inline-comments/${inlineId}`);
		expect(before.body.resolutionStatus).toBe('open');

		sim.store.updatePage(pageId, { body: '<p>Rewritten completely.</p>' });
		const after = await call(sim, 'GET', `/wiki/api/v2/inline-comments/${inlineId}`);
		expect(after.body.resolutionStatus).toBe('dangling');
		const dangling = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/inline-comments?resolution-status=dangling`,
		);
		expect(dangling.body.results.map((c: { id: string }) => c.id)).toEqual([inlineId]);

		sim.setContractValidation(false);
		const alex = sim.demo!.secondUser;
		const update = await call(sim, 'PUT', `/wiki/api/v2/inline-comments/${inlineId}`, {
			auth: basic(alex.email, alex.apiToken),
			body: { version: { number: 2 }, body: storage('<p>x</p>'), resolved: true },
		});
		expect(update.status).toBe(400);
	});

	it('lets only the author edit, and hides comments of pages the user cannot see', async () => {
		const alex = sim.demo!.secondUser;
		sim.setContractValidation(false);
		const notMine = await call(
			sim,
			'PUT',
			`/wiki/api/v2/footer-comments/${sim.demo!.footerCommentId}`,
			{
				body: { version: { number: 2 }, body: storage('<p>hijack</p>') },
			},
		);
		expect(notMine.status).toBe(404);
		const mine = await call(
			sim,
			'PUT',
			`/wiki/api/v2/footer-comments/${sim.demo!.footerCommentId}`,
			{
				auth: basic(alex.email, alex.apiToken),
				body: { version: { number: 2 }, body: storage('<p>mine</p>') },
			},
		);
		expect(mine.status).toBe(200);

		sim.store.setRestriction(sim.demo!.pages.gettingStarted, 'read', {
			users: [sim.users.demo.accountId],
		});
		const hidden = await call(
			sim,
			'GET',
			`/wiki/api/v2/footer-comments/${sim.demo!.footerCommentId}`,
			{
				auth: basic(alex.email, alex.apiToken),
			},
		);
		expect(hidden.status).toBe(404);
		const all = await call(sim, 'GET', '/wiki/api/v2/footer-comments', {
			auth: basic(alex.email, alex.apiToken),
		});
		expect(all.body.results).toEqual([]);
	});

	it('counts likes and lists comments site-wide with cursor pagination', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		for (let i = 0; i < 30; i++) {
			sim.store.addComment({ containerId: pageId, body: `<p>c${i}</p>` });
		}
		sim.store.like(sim.demo!.footerCommentId, sim.users.demo.accountId);
		expect(
			(
				await call(
					sim,
					'GET',
					`/wiki/api/v2/footer-comments/${sim.demo!.footerCommentId}/likes/count`,
				)
			).body,
		).toEqual({ count: 1 });
		const first = await call(sim, 'GET', '/wiki/api/v2/footer-comments?limit=20');
		expect(first.body.results).toHaveLength(20);
		const second = await call(sim, 'GET', first.body._links.next);
		expect(second.body.results).toHaveLength(11);
		expect(
			new Set([...first.body.results, ...second.body.results].map((c: { id: string }) => c.id))
				.size,
		).toBe(31);
	});
});
