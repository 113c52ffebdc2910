/* issue 13 point 9: a create whose connection drops after Confluence applied it answers with what exists; one that
 * did not land is sent again; and with n8n's Retry On Fail a second try finds the first try's page or comment instead
 * of making a second comment or failing on "title already exists". */
import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../helpers/fixtures';
import type { RunResult } from '../helpers/n8n';
import { apiRequests, byId, byKey, expectCleanExchange, ok } from '../actions/page/helpers';

// The look-up compares createdAt with when the create was sent on Confluence's clock (date-header-server-clock).
describe('creates whose connection drops', () => {
	const bed = useTestBed('demo');

	const pagesTitled = (title: string) =>
		bed.sim.store
			.list(['page', 'blogpost'])
			.filter((item) => bed.sim.store.current(item).title === title && item.status === 'current');

	const commentsWithBody = (containerId: string, text: string) =>
		bed.sim.store
			.contained(containerId, 'comment')
			.filter((comment) => (bed.sim.store.current(comment).body?.value ?? '').includes(text));

	const createPage = (title: string, extra: IDataObject = {}) => ({
		resource: 'page',
		operation: 'create',
		space: byKey('DEMO'),
		title,
		bodyFormat: 'storage',
		body: `<p>${title}</p>`,
		...extra,
	});

	const createBlogPost = (title: string) => ({
		resource: 'blogPost',
		operation: 'create',
		space: byKey('DEMO'),
		title,
		bodyFormat: 'storage',
		body: `<p>${title}</p>`,
	});

	const footerComment = (page: string, text: string) => ({
		resource: 'comment',
		operation: 'create',
		commentType: 'footer',
		commentOn: 'page',
		page: byId(page),
		bodyFormat: 'storage',
		body: `<p>${text}</p>`,
	});

	const reply = (parentCommentId: string, text: string) => ({
		resource: 'comment',
		operation: 'create',
		commentType: 'footer',
		commentOn: 'comment',
		parentCommentId,
		bodyFormat: 'storage',
		body: `<p>${text}</p>`,
	});

	function created(result: RunResult): IDataObject {
		const [first, ...rest] = ok(result);
		expect(rest).toEqual([]);
		return first;
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it.each(['dropAfterApply', 'dropBeforeApply'] as const)(
			'page create, %s: one page, and the node answers with it',
			async (kind) => {
				bed.sim.faults.inject({ kind, method: 'POST', path: /\/pages$/ });
				const page = created(await bed.run({ auth, parameters: createPage('Dropped page') }));
				const pages = pagesTitled('Dropped page');
				expect(pages).toHaveLength(1);
				expect(page.id).toBe(pages[0].id);
				expect(page.title).toBe('Dropped page');
				expectCleanExchange(bed.sim);
			},
		);

		it('page create under a parent, dropAfterApply: the page found is the one under that parent', async () => {
			const parent = bed.sim.demo!.pages.projectPlan;
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/pages$/ });
			const page = created(
				await bed.run({
					auth,
					parameters: createPage('Child after drop', { parentPage: byId(parent) }),
				}),
			);
			expect(page.parentId).toBe(parent);
			expect(pagesTitled('Child after drop')).toHaveLength(1);
		});

		it('blog post create, dropAfterApply: one blog post', async () => {
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/blogposts$/ });
			const post = created(await bed.run({ auth, parameters: createBlogPost('Dropped post') }));
			const posts = pagesTitled('Dropped post');
			expect(posts).toHaveLength(1);
			expect(post.id).toBe(posts[0].id);
		});

		it.each(['dropAfterApply', 'dropBeforeApply'] as const)(
			'footer comment, %s: one comment, and the node answers with it',
			async (kind) => {
				const page = bed.sim.demo!.pages.releaseNotes;
				bed.sim.faults.inject({ kind, method: 'POST', path: /\/footer-comments$/ });
				const comment = created(
					await bed.run({ auth, parameters: footerComment(page, 'Posted once') }),
				);
				const comments = commentsWithBody(page, 'Posted once');
				expect(comments).toHaveLength(1);
				expect(comment.id).toBe(comments[0].id);
			},
		);

		it('a reply, dropAfterApply: one reply', async () => {
			const page = bed.sim.demo!.pages.releaseNotes;
			const parent = bed.sim.store.addComment({
				containerId: page,
				location: 'footer',
				body: '<p>Parent</p>',
			});
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/footer-comments$/ });
			const comment = created(await bed.run({ auth, parameters: reply(parent.id, 'Reply once') }));
			const replies = bed.sim.store
				.list(['comment'])
				.filter((item) => (bed.sim.store.current(item).body?.value ?? '').includes('Reply once'));
			expect(replies).toHaveLength(1);
			expect(comment.id).toBe(replies[0].id);
		});

		it.each([-86_400_000, 3_600_000])(
			"Confluence's clock off by %i ms from this machine's: the comment is still found",
			async (offset) => {
				bed.sim.clock.set(new Date(Date.now() + offset));
				const page = bed.sim.demo!.pages.releaseNotes;
				bed.sim.faults.inject({
					kind: 'dropAfterApply',
					method: 'POST',
					path: /\/footer-comments$/,
				});
				created(await bed.run({ auth, parameters: footerComment(page, 'Skewed clock') }));
				expect(commentsWithBody(page, 'Skewed clock')).toHaveLength(1);
			},
		);

		it('an identical comment by someone else is not taken for ours', async () => {
			const page = bed.sim.demo!.pages.releaseNotes;
			bed.sim.faults.inject({
				kind: 'beforeApply',
				method: 'POST',
				path: /\/footer-comments$/,
				run: () =>
					bed.sim.store.addComment({
						containerId: page,
						location: 'footer',
						body: '<p>Same words</p>',
						authorId: bed.sim.demo!.secondUser.accountId,
					}),
			});
			bed.sim.faults.inject({
				kind: 'dropBeforeApply',
				method: 'POST',
				path: /\/footer-comments$/,
			});
			const comment = created(
				await bed.run({ auth, parameters: footerComment(page, 'Same words') }),
			);
			const comments = commentsWithBody(page, 'Same words');
			expect(comments).toHaveLength(2);
			expect(bed.sim.store.get(String(comment.id))?.authorId).not.toBe(
				bed.sim.demo!.secondUser.accountId,
			);
		});

		it.each([
			['contentProperty', /\/pages\/\d+\/properties$/],
			['spaceProperty', /\/spaces\/\d+\/properties$/],
		] as const)(
			'%s create, dropAfterApply: one property, and the node answers with it',
			async (resource, path) => {
				const owner =
					resource === 'contentProperty'
						? { contentType: 'page', contentId: bed.sim.demo!.pages.engineering }
						: { space: byId(bed.sim.demo!.spaceId) };
				bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path });
				const property = created(
					await bed.run({
						auth,
						parameters: {
							resource,
							operation: 'create',
							...owner,
							key: 'dropped',
							value: '{"n": 1}',
						},
					}),
				);
				const stored = bed.sim.store
					.propertiesOf(
						resource === 'contentProperty' ? 'content' : 'space',
						resource === 'contentProperty'
							? bed.sim.demo!.pages.engineering
							: bed.sim.demo!.spaceId,
					)
					.filter((entry) => entry.key === 'dropped');
				expect(stored).toHaveLength(1);
				expect(property.key).toBe('dropped');
				expect(apiRequests(bed.sim, 'POST', path)).toHaveLength(1);
			},
		);

		describe("with n8n's Retry On Fail, when the look-up fails too", () => {
			const retry = { maxTries: 2, waitBetweenTries: 0 };

			it('page create: the second try finds the first try\'s page, no "title already exists"', async () => {
				bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/pages$/ });
				bed.sim.faults.inject({
					kind: 'serverError',
					status: 500,
					method: 'GET',
					path: /\/pages$/,
					times: 6,
				});
				const result = await bed.run({
					auth,
					retryOnFail: retry,
					parameters: createPage('Retried page'),
				});
				const page = created(result);
				const pages = pagesTitled('Retried page');
				expect(pages).toHaveLength(1);
				expect(page.id).toBe(pages[0].id);
				expect(apiRequests(bed.sim, 'POST', /\/pages$/)).toHaveLength(1);
			});

			it("footer comment: the second try finds the first try's comment instead of posting it twice", async () => {
				const page = bed.sim.demo!.pages.releaseNotes;
				bed.sim.faults.inject({
					kind: 'dropAfterApply',
					method: 'POST',
					path: /\/footer-comments$/,
				});
				bed.sim.faults.inject({
					kind: 'serverError',
					status: 500,
					method: 'GET',
					path: /\/footer-comments$/,
					times: 6,
				});
				const result = await bed.run({
					auth,
					retryOnFail: retry,
					parameters: footerComment(page, 'Retried comment'),
				});
				const comment = created(result);
				const comments = commentsWithBody(page, 'Retried comment');
				expect(comments).toHaveLength(1);
				expect(comment.id).toBe(comments[0].id);
				expect(apiRequests(bed.sim, 'POST', /\/footer-comments$/)).toHaveLength(1);
			});
		});
	});
	describe.each(AUTH_KINDS)('every other create, with %s', (auth) => {
		const retry = { maxTries: 2, waitBetweenTries: 0 };

		const spacesKeyed = (key: string) =>
			[...bed.sim.store.spaces.values()].filter((space) => space.key === key);

		const whiteboardsTitled = (title: string) =>
			bed.sim.store
				.list(['whiteboard'])
				.filter((item) => bed.sim.store.current(item).title === title);

		const attachmentsNamed = (containerId: string, name: string) =>
			bed.sim.store
				.contained(containerId, 'attachment')
				.filter((item) => item.status === 'current' && item.title === name);

		const uploadParameters = (page: string, comment: string) => ({
			resource: 'attachment',
			operation: 'upload',
			contentType: 'page',
			page: byId(page),
			binaryPropertyName: 'data',
			options: { comment },
		});

		const fileItem = (data: Buffer, fileName: string) => ({
			json: {},
			binary: {
				data: { data: data.toString('base64'), fileName, mimeType: 'application/octet-stream' },
			},
		});

		it.each(['dropAfterApply', 'dropBeforeApply'] as const)(
			'space create, %s: one space, and the node answers with it',
			async (kind) => {
				bed.sim.faults.inject({ kind, method: 'POST', path: /\/rest\/api\/space$/ });
				const space = created(
					await bed.run({
						auth,
						parameters: { resource: 'space', operation: 'create', key: 'DROP', name: 'Dropped' },
					}),
				);
				expect(spacesKeyed('DROP')).toHaveLength(1);
				expect(space).toMatchObject({
					id: spacesKeyed('DROP')[0].id,
					key: 'DROP',
					name: 'Dropped',
				});
				expectCleanExchange(bed.sim);
			},
		);

		it('private space create, dropAfterApply: one space', async () => {
			bed.sim.faults.inject({
				kind: 'dropAfterApply',
				method: 'POST',
				path: /\/space\/_private$/,
			});
			const space = created(
				await bed.run({
					auth,
					parameters: {
						resource: 'space',
						operation: 'create',
						key: 'MINE',
						name: 'Mine',
						additionalFields: { private: true },
					},
				}),
			);
			expect(spacesKeyed('MINE')).toHaveLength(1);
			expect(space.key).toBe('MINE');
		});

		it('whiteboard create, dropAfterApply: one whiteboard, and the node answers with it', async () => {
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/whiteboards$/ });
			const title = `Dropped board (${auth})`;
			const whiteboard = created(
				await bed.run({
					auth,
					parameters: { resource: 'whiteboard', operation: 'create', space: byKey('DEMO'), title },
				}),
			);
			const boards = whiteboardsTitled(title);
			expect(boards).toHaveLength(1);
			expect(whiteboard.id).toBe(boards[0].id);
			expectCleanExchange(bed.sim);
		});

		it('whiteboard create, dropBeforeApply: search may lag, so it is not sent again, and the error says why', async () => {
			bed.sim.faults.inject({ kind: 'dropBeforeApply', method: 'POST', path: /\/whiteboards$/ });
			const title = `Not landed board (${auth})`;
			const result = await bed.run({
				auth,
				parameters: { resource: 'whiteboard', operation: 'create', space: byKey('DEMO'), title },
			});
			expect(result.error?.description).toMatch(/search index may not show it yet/);
			expect(whiteboardsTitled(title)).toHaveLength(0);
			expect(apiRequests(bed.sim, 'POST', /\/whiteboards$/)).toHaveLength(1);
		});

		it.each(['dropAfterApply', 'dropBeforeApply'] as const)(
			'attachment upload, %s: one attachment with one version, and the node answers with it',
			async (kind) => {
				const page = bed.sim.demo!.pages.engineering;
				bed.sim.faults.inject({ kind, method: 'PUT', path: /\/child\/attachment$/ });
				const data = Buffer.from('dropped upload '.repeat(100));
				const [uploaded, ...rest] = ok(
					await bed.run({
						auth,
						parameters: uploadParameters(page, 'first upload'),
						inputItems: [fileItem(data, 'dropped.txt')],
					}),
				);
				expect(rest).toEqual([]);
				const stored = attachmentsNamed(page, 'dropped.txt');
				expect(stored).toHaveLength(1);
				expect(stored[0].versions).toHaveLength(1);
				expect(uploaded).toMatchObject({ id: stored[0].id, title: 'dropped.txt', version: 1 });
				expect(uploaded.fileSize).toBe(data.length);
			},
		);

		it('a new version of an existing attachment, dropAfterApply: one new version, not two', async () => {
			const page = bed.sim.demo!.pages.engineering;
			const first = Buffer.from('version one');
			ok(
				await bed.run({
					auth,
					parameters: uploadParameters(page, 'v1'),
					inputItems: [fileItem(first, 'report.txt')],
				}),
			);
			bed.sim.faults.inject({
				kind: 'dropAfterApply',
				method: 'PUT',
				path: /\/child\/attachment$/,
			});
			const [uploaded] = ok(
				await bed.run({
					auth,
					parameters: uploadParameters(page, 'v2'),
					inputItems: [fileItem(Buffer.from('version two, longer'), 'report.txt')],
				}),
			);
			const stored = attachmentsNamed(page, 'report.txt');
			expect(stored).toHaveLength(1);
			expect(stored[0].versions).toHaveLength(2);
			expect(uploaded).toMatchObject({ version: 2, comment: 'v2' });
		});

		it('page copy under a page, dropAfterApply: one copy, and the node answers with it', async () => {
			const source = bed.sim.demo!.pages.engineering;
			const parent = bed.sim.demo!.pages.projectPlan;
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/copy$/ });
			const copy = created(
				await bed.run({
					auth,
					parameters: {
						resource: 'page',
						operation: 'copy',
						page: byId(source),
						destinationType: 'parent_page',
						destinationPage: byId(parent),
						options: { title: 'Copied once' },
					},
				}),
			);
			const copies = pagesTitled('Copied once');
			expect(copies).toHaveLength(1);
			expect(copy).toMatchObject({ id: copies[0].id, title: 'Copied once' });
			expect(copies[0].parentId).toBe(parent);
		});

		it('page restore version, dropAfterApply: one new version, and the node answers with it', async () => {
			const page = bed.sim.demo!.pages.engineering;
			ok(
				await bed.run({
					auth,
					parameters: {
						resource: 'page',
						operation: 'update',
						page: byId(page),
						updateFields: { bodyFormat: 'storage', body: '<p>second version</p>' },
					},
				}),
			);
			const before = bed.sim.store.get(page)!.versions.length;
			bed.sim.faults.inject({
				kind: 'dropAfterApply',
				method: 'POST',
				path: /\/content\/\d+\/version$/,
			});
			const restored = created(
				await bed.run({
					auth,
					parameters: {
						resource: 'page',
						operation: 'restoreVersion',
						page: byId(page),
						versionNumber: 1,
					},
				}),
			);
			expect(bed.sim.store.get(page)!.versions).toHaveLength(before + 1);
			expect(restored).toMatchObject({ version: before + 1, message: 'Restored version 1' });
		});

		it('page create or update that creates, dropAfterApply: one page', async () => {
			bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/pages$/ });
			const page = created(
				await bed.run({
					auth,
					parameters: {
						resource: 'page',
						operation: 'createOrUpdate',
						space: byKey('DEMO'),
						title: 'Upserted once',
						bodyFormat: 'storage',
						body: '<p>once</p>',
					},
				}),
			);
			const pages = pagesTitled('Upserted once');
			expect(pages).toHaveLength(1);
			expect(page).toMatchObject({ id: pages[0].id, operation: 'created' });
		});

		describe("with n8n's Retry On Fail, when the look-up fails too", () => {
			it('space create: the second try finds the first try\'s space, no "already exists"', async () => {
				bed.sim.faults.inject({
					kind: 'dropAfterApply',
					method: 'POST',
					path: /\/rest\/api\/space$/,
				});
				bed.sim.faults.inject({
					kind: 'serverError',
					status: 500,
					method: 'GET',
					path: /\/spaces$/,
					times: 6,
				});
				const space = created(
					await bed.run({
						auth,
						retryOnFail: retry,
						parameters: { resource: 'space', operation: 'create', key: 'RETRY', name: 'Retried' },
					}),
				);
				expect(spacesKeyed('RETRY')).toHaveLength(1);
				expect(space.key).toBe('RETRY');
				expect(apiRequests(bed.sim, 'POST', /\/rest\/api\/space$/)).toHaveLength(1);
			});

			it("whiteboard create: the second try finds the first try's whiteboard", async () => {
				bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/whiteboards$/ });
				bed.sim.faults.inject({
					kind: 'serverError',
					status: 500,
					method: 'GET',
					path: /\/rest\/api\/search$/,
					times: 6,
				});
				const whiteboard = created(
					await bed.run({
						auth,
						retryOnFail: retry,
						parameters: {
							resource: 'whiteboard',
							operation: 'create',
							space: byKey('DEMO'),
							title: `Retried board (${auth})`,
						},
					}),
				);
				const boards = whiteboardsTitled(`Retried board (${auth})`);
				expect(boards).toHaveLength(1);
				expect(whiteboard.id).toBe(boards[0].id);
				expect(apiRequests(bed.sim, 'POST', /\/whiteboards$/)).toHaveLength(1);
			});

			it("attachment upload: the second try finds the first try's version instead of adding another", async () => {
				const page = bed.sim.demo!.pages.engineering;
				bed.sim.faults.inject({
					kind: 'dropAfterApply',
					method: 'PUT',
					path: /\/child\/attachment$/,
				});
				bed.sim.faults.inject({
					kind: 'serverError',
					status: 500,
					method: 'GET',
					path: /\/attachments$/,
					times: 6,
				});
				const [uploaded] = ok(
					await bed.run({
						auth,
						retryOnFail: retry,
						parameters: uploadParameters(page, 'retried'),
						inputItems: [fileItem(Buffer.from('retried upload'), 'retried.txt')],
					}),
				);
				const stored = attachmentsNamed(page, 'retried.txt');
				expect(stored).toHaveLength(1);
				expect(stored[0].versions).toHaveLength(1);
				expect(uploaded.id).toBe(stored[0].id);
				expect(apiRequests(bed.sim, 'PUT', /\/child\/attachment$/)).toHaveLength(1);
			});

			it('an untitled whiteboard, which cannot be recognised: the second try sends nothing and says why', async () => {
				bed.sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/whiteboards$/ });
				const result = await bed.run({
					auth,
					retryOnFail: retry,
					parameters: { resource: 'whiteboard', operation: 'create', space: byKey('DEMO') },
				});
				expect(result.error?.message).toMatch(
					/earlier try of this create may have reached Confluence/,
				);
				expect(apiRequests(bed.sim, 'POST', /\/whiteboards$/)).toHaveLength(1);
				expect(
					bed.sim.store.list(['whiteboard']).filter((item) => item.title === 'Untitled whiteboard'),
				).toHaveLength(1);
			});
		});
	});
});
