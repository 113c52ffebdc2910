import { LONG_TASK_POLLING } from '../../../nodes/Confluence/actions/space/delete.operation';
import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, expectCleanExchange, ok } from '../page/helpers';

describe('space', () => {
	const bed = useTestBed('demo');
	const runSpace = resourceRunner(bed, 'space');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('create: makes a space through v1 with a plain-text description and returns it simplified', async () => {
			const result = await runSpace(
				{
					operation: 'create',
					key: 'TEAM',
					name: 'Team space',
					additionalFields: { description: 'Where the team writes things down' },
				},
				auth,
			);
			const [space] = ok(result);
			const stored = bed.sim.store.spaceByKey('TEAM');
			expect(stored).toBeDefined();
			expect(stored!.name).toBe('Team space');
			expect(stored!.private).toBe(false);
			expect(space).toEqual(
				expect.objectContaining({
					id: stored!.id,
					key: 'TEAM',
					name: 'Team space',
					description: 'Where the team writes things down',
				}),
			);
			expect(space._expandable).toBeUndefined();
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/rest\/api\/space$/);
			expect(post.body).toEqual({
				key: 'TEAM',
				name: 'Team space',
				description: {
					plain: { value: 'Where the team writes things down', representation: 'plain' },
				},
			});
			expectCleanExchange(bed.sim);
		});

		it('get: finds a space by key and returns its labels when asked', async () => {
			const demo = bed.sim.demo!;
			const result = await runSpace(
				{ operation: 'get', space: byKey('DEMO'), options: { includeLabels: true } },
				auth,
			);
			const [space] = ok(result);
			expect(space).toEqual(
				expect.objectContaining({
					id: demo.spaceId,
					key: 'DEMO',
					name: 'Demo space',
					homepageId: demo.homepageId,
					description: 'A space to try the Confluence node against the simulator.',
					labels: ['demo'],
				}),
			);
			expect(String(space.url)).toMatch(/\/spaces\/DEMO/);
			expectCleanExchange(bed.sim);
		});
	});

	describe('create', () => {
		it('creates a private space through /space/_private', async () => {
			const result = await runSpace({
				operation: 'create',
				key: 'SECRET',
				name: 'Only me',
				additionalFields: { private: true },
			});
			ok(result);
			expect(bed.sim.store.spaceByKey('SECRET')?.private).toBe(true);
			expect(apiRequests(bed.sim, 'POST', /\/wiki\/rest\/api\/space\/_private$/)).toHaveLength(1);
			expectCleanExchange(bed.sim);
		});

		it('rejects a key with spaces before sending anything, naming the parameter and item', async () => {
			const result = await runSpace({ operation: 'create', key: 'MY SPACE', name: 'x' });
			expect(result.error?.message).toContain('"Key"');
			expect(result.error?.message).toContain('only letters and digits');
			expect(apiRequests(bed.sim)).toHaveLength(0);
		});

		it("reports Confluence's message for a key that already exists", async () => {
			const result = await runSpace({ operation: 'create', key: 'DEMO', name: 'Again' });
			expect(result.error?.message).toMatch(/400/);
			expect(result.error?.message).toMatch(/already exists/i);
		});

		it('with continueOnFail, a bad item becomes an error item and the others go on', async () => {
			const result = await bed.run({
				continueOnFail: true,
				items: [{ key: 'ONE' }, { key: 'bad key' }, { key: 'TWO' }],
				parameters: {
					resource: 'space',
					operation: 'create',
					key: '={{ $json.key }}',
					name: '={{ "Space " + $json.key }}',
				},
			});
			const items = result.items.map((entry) => entry.json);
			expect(items).toHaveLength(3);
			expect(items[0].key).toBe('ONE');
			expect(String(items[1].error)).toContain('"Key"');
			expect(items[2].key).toBe('TWO');
			expect(result.items.map((entry) => entry.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(bed.sim.store.spaceByKey('ONE')).toBeDefined();
			expect(bed.sim.store.spaceByKey('TWO')).toBeDefined();
		});
	});

	describe('delete', () => {
		const originalPolling = { ...LONG_TASK_POLLING };
		beforeEach(() => {
			LONG_TASK_POLLING.firstDelayMs = 5;
			LONG_TASK_POLLING.maxDelayMs = 20;
		});
		afterEach(() => {
			Object.assign(LONG_TASK_POLLING, originalPolling);
		});

		it('starts the deletion by key and returns the long task without waiting', async () => {
			const result = await runSpace({ operation: 'delete', space: byKey('DEMO') });
			const [deleted] = ok(result);
			expect(deleted).toEqual(
				expect.objectContaining({ key: 'DEMO', deleted: true, finished: false }),
			);
			expect(bed.sim.store.longTasks.has(String(deleted.taskId))).toBe(true);
			expect(apiRequests(bed.sim, 'DELETE', /\/wiki\/rest\/api\/space\/DEMO$/)).toHaveLength(1);
			expect(apiRequests(bed.sim, 'GET', /\/longtask\//)).toHaveLength(0);
			expectCleanExchange(bed.sim);
		});

		it.each(AUTH_KINDS)(
			'waits for completion by polling the long task (%s), picking the space by ID',
			async (auth) => {
				const demo = bed.sim.demo!;
				const result = await runSpace(
					{
						operation: 'delete',
						space: byId(demo.spaceId),
						options: { waitForCompletion: true, timeout: 30 },
					},
					auth,
				);
				const [deleted] = ok(result);
				expect(deleted).toEqual(
					expect.objectContaining({
						key: 'DEMO',
						deleted: true,
						finished: true,
						successful: true,
						percentageComplete: 100,
					}),
				);
				expect(bed.sim.store.spaceByKey('DEMO')).toBeUndefined();
				expect(bed.sim.store.get(demo.pages.gettingStarted)).toBeUndefined();
				expect(
					apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/longtask\/\d+$/).length,
				).toBeGreaterThanOrEqual(1);
				expectCleanExchange(bed.sim);
			},
		);

		it("fails the item with Confluence's task message when the deletion fails", async () => {
			bed.sim.store.deleteSpace = () => {
				throw new Error('The space is locked by an export');
			};
			const result = await runSpace({
				operation: 'delete',
				space: byKey('DEMO'),
				options: { waitForCompletion: true },
			});
			expect(result.error?.message).toBe('Confluence could not delete the space "DEMO"');
			expect(result.error?.description).toContain('The space is locked by an export');
		});

		it('returns the progress so far when the task outlasts the timeout', async () => {
			const createLongTask = bed.sim.store.createLongTask.bind(bed.sim.store);
			bed.sim.store.createLongTask = (input) =>
				createLongTask({ ...input, pollsToFinish: 1_000_000, durationMs: 3_600_000 });
			const result = await runSpace({
				operation: 'delete',
				space: byKey('DEMO'),
				options: { waitForCompletion: true, timeout: 1 },
			});
			const [progress] = ok(result);
			expect(progress).toEqual(
				expect.objectContaining({ key: 'DEMO', finished: false, timedOut: true }),
			);
			expect(bed.sim.store.spaceByKey('DEMO')).toBeDefined();
		});

		it('says a space key that does not exist was not found', async () => {
			const result = await runSpace({ operation: 'delete', space: byKey('NOPE') });
			expect(result.error?.message).toMatch(/404/);
			expect(result.error?.message).toContain('Confluence found nothing');
		});
	});

	describe('get', () => {
		it('takes a space URL and can return the raw response', async () => {
			const demo = bed.sim.demo!;
			const result = await runSpace({
				operation: 'get',
				space: {
					__rl: true,
					mode: 'url',
					value: 'https://example.atlassian.net/wiki/spaces/DEMO/overview',
				},
				simplify: false,
			});
			const [space] = ok(result);
			expect(space.id).toBe(demo.spaceId);
			expect(space._links).toBeDefined();
			expectCleanExchange(bed.sim);
		});

		it('answers an unknown ID with the not-found message', async () => {
			const result = await runSpace({ operation: 'get', space: byId('999999999') });
			expect(result.error?.message).toContain('Confluence found nothing at this ID');
		});

		it('reads a space key given in the ID field as the key', async () => {
			const result = await bed.run({
				items: [{ space: 'DEMO' }],
				parameters: { resource: 'space', operation: 'get', space: byId('={{ $json.space }}') },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.key).toBe('DEMO');
		});

		it('rejects a value that is no key, ID or URL from an expression before sending anything', async () => {
			const result = await bed.run({
				items: [{ space: 'Demo space' }],
				parameters: { resource: 'space', operation: 'get', space: byId('={{ $json.space }}') },
			});
			expect(result.error?.message).toContain(
				'"Space" is not a space key: "Demo space". It accepts a space key (e.g. DOCS), a numeric space ID (e.g. 98306) or a space URL',
			);
			expect(apiRequests(bed.sim)).toHaveLength(0);
		});
	});

	describe('getMany', () => {
		it('follows the cursor past 250 spaces with Return All', async () => {
			bed.sim.store.silently(() => {
				for (let n = 0; n < 300; n++)
					bed.sim.store.createSpace({ key: `BULK${n}`, name: `Bulk ${n}` });
			});
			const result = await runSpace({ operation: 'getMany', returnAll: true });
			const spaces = ok(result);
			expect(spaces).toHaveLength(301);
			expect(new Set(spaces.map((space) => space.id)).size).toBe(301);
			expect(apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/spaces$/).length).toBeGreaterThanOrEqual(
				2,
			);
			expectCleanExchange(bed.sim);
		});

		it('stops at the limit and filters by keys, type and label', async () => {
			bed.sim.store.silently(() => {
				for (let n = 0; n < 10; n++)
					bed.sim.store.createSpace({ key: `S${n}`, name: `Space ${n}` });
			});
			const limited = ok(
				await runSpace({ operation: 'getMany', limit: 4, options: { sort: 'name' } }),
			);
			expect(limited).toHaveLength(4);
			const filtered = ok(
				await runSpace({
					operation: 'getMany',
					returnAll: true,
					filters: { keys: 'S1, S2, DEMO', type: 'global', labels: ['demo'] },
				}),
			);
			expect(filtered.map((space) => space.key)).toEqual(['DEMO']);
			const request = apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/spaces$/).at(-1)!;
			expect(request.query).toEqual(
				expect.objectContaining({ keys: ['S1', 'S2', 'DEMO'], type: 'global', labels: 'demo' }),
			);
			expectCleanExchange(bed.sim);
		});

		it('returns nothing, not an error, when no space matches', async () => {
			const result = await runSpace({
				operation: 'getMany',
				returnAll: true,
				filters: { keys: 'NOSUCH' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(0);
		});
	});

	describe('getContents', () => {
		it('lists pages then blog posts of a space by key, one item each with its type', async () => {
			const demo = bed.sim.demo!;
			const result = await runSpace({
				operation: 'getContents',
				space: byKey('DEMO'),
				returnAll: true,
			});
			const contents = ok(result);
			const pages = contents.filter((content) => content.type === 'page');
			const blogPosts = contents.filter((content) => content.type === 'blogpost');
			expect(pages.map((page) => page.id).sort()).toEqual(
				[demo.homepageId, ...Object.values(demo.pages)].sort(),
			);
			expect(blogPosts.map((post) => post.id).sort()).toEqual([...demo.blogPosts].sort());
			expect(contents.findIndex((content) => content.type === 'blogpost')).toBe(pages.length);
			expect(apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/space\/DEMO\/content/)).toHaveLength(
				0,
			);
			expectCleanExchange(bed.sim);
		});

		it('root only, with the body as Markdown, and the limit counted across both types', async () => {
			const demo = bed.sim.demo!;
			const result = await runSpace({
				operation: 'getContents',
				space: byId(demo.spaceId),
				depth: 'root',
				limit: 2,
				bodyFormat: 'markdown',
			});
			const contents = ok(result);
			expect(contents).toHaveLength(2);
			expect(contents[0]).toEqual(expect.objectContaining({ id: demo.homepageId, type: 'page' }));
			expect(String(contents[0].body)).toContain('Welcome to the demo space');
			expect(contents[1].type).toBe('blogpost');
			const [pagesRequest] = apiRequests(bed.sim, 'GET', /\/spaces\/\d+\/pages$/);
			expect(pagesRequest.query).toEqual(
				expect.objectContaining({ depth: 'root', 'body-format': 'storage' }),
			);
			expectCleanExchange(bed.sim);
		});

		it('only blog posts when asked', async () => {
			const result = await runSpace({
				operation: 'getContents',
				space: byKey('DEMO'),
				contentTypes: ['blogpost'],
				returnAll: true,
			});
			const contents = ok(result);
			expect(contents).toHaveLength(3);
			expect(contents.every((content) => content.type === 'blogpost')).toBe(true);
			expect(apiRequests(bed.sim, 'GET', /\/pages$/)).toHaveLength(0);
		});
	});

	describe('getPermissions', () => {
		it("lists the space's permission assignments as flat items", async () => {
			const demo = bed.sim.demo!;
			const result = await runSpace({
				operation: 'getPermissions',
				space: byId(demo.spaceId),
				returnAll: true,
			});
			const permissions = ok(result);
			const stored = bed.sim.store.getSpace(demo.spaceId)!.permissions;
			expect(permissions).toHaveLength(stored.length);
			expect(permissions[0]).toEqual({
				id: stored[0].id,
				principalType: stored[0].principal.type,
				principalId: stored[0].principal.id,
				operation: stored[0].operation.key,
				targetType: stored[0].operation.targetType,
			});
			expectCleanExchange(bed.sim);
		});
	});
});
