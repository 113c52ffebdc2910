import { AUTH_KINDS, resourceRunner, useTestBed, type TestBed } from '../../helpers/fixtures';
import { apiRequests, expectCleanExchange, ok } from '../page/helpers';

describe('contentProperty', () => {
	const bed = useTestBed('demo');
	const runContentProperty = resourceRunner(bed, 'contentProperty');

	function whiteboardId(): string {
		const demo = bed.sim.demo!;
		return bed.sim.store.createContent('whiteboard', {
			spaceId: demo.spaceId,
			title: 'Planning board',
		}).id;
	}

	const CASES: Array<{
		type: 'page' | 'blogPost' | 'whiteboard';
		path: string;
		id: (bed: TestBed) => string;
	}> = [
		{ type: 'page', path: 'pages', id: (b) => b.sim.demo!.pages.projectPlan },
		{ type: 'blogPost', path: 'blogposts', id: (b) => b.sim.demo!.blogPosts[0] },
		{ type: 'whiteboard', path: 'whiteboards', id: () => whiteboardId() },
	];

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it.each(CASES)(
			'create, get, update and delete a property on a $type',
			async ({ type, path, id }) => {
				const contentId = id(bed);
				const base = { resource: 'contentProperty', contentType: type, contentId };
				const [created] = ok(
					await bed.run({
						auth,
						parameters: {
							...base,
							operation: 'create',
							key: 'review',
							value: '{"approved": false}',
						},
					}),
				);
				expect(created).toEqual(
					expect.objectContaining({ key: 'review', value: { approved: false } }),
				);
				expect(
					bed.sim.store.propertiesOf('content', contentId).map((property) => property.value),
				).toEqual([{ approved: false }]);
				expect(
					apiRequests(bed.sim, 'POST', new RegExp(`/wiki/api/v2/${path}/${contentId}/properties$`)),
				).toHaveLength(1);

				const [listed] = ok(
					await bed.run({ auth, parameters: { ...base, operation: 'getMany', returnAll: true } }),
				);
				expect(listed.id).toBe(created.id);

				const [updated] = ok(
					await bed.run({
						auth,
						parameters: {
							...base,
							operation: 'update',
							property: { __rl: true, mode: 'id', value: String(created.id) },
							value: '{"approved": true}',
						},
					}),
				);
				expect(updated.value).toEqual({ approved: true });
				expect(bed.sim.store.properties.get(String(created.id))?.version.number).toBe(2);

				const [deleted] = ok(
					await bed.run({
						auth,
						parameters: {
							...base,
							operation: 'delete',
							property: { __rl: true, mode: 'key', value: 'review' },
						},
					}),
				);
				expect(deleted).toEqual({
					contentType: type,
					contentId,
					id: created.id,
					key: 'review',
					deleted: true,
				});
				expect(bed.sim.store.propertiesOf('content', contentId)).toHaveLength(0);
				expectCleanExchange(bed.sim);
			},
		);
	});

	it('takes the content ID from a page URL', async () => {
		const demo = bed.sim.demo!;
		ok(
			await runContentProperty({
				operation: 'create',
				contentType: 'page',
				contentId: `https://example.atlassian.net/wiki/spaces/DEMO/pages/${demo.pages.engineering}/Engineering`,
				key: 'owner',
				value: '"platform-team"',
			}),
		);
		expect(bed.sim.store.propertiesOf('content', demo.pages.engineering)[0].value).toBe(
			'platform-team',
		);
	});

	it('sorts by key when asked', async () => {
		const pageId = bed.sim.demo!.pages.projectPlan;
		for (const key of ['beta', 'alpha', 'gamma'])
			bed.sim.store.createProperty('content', pageId, key, key);
		const listed = ok(
			await runContentProperty({
				operation: 'getMany',
				contentType: 'page',
				contentId: pageId,
				returnAll: true,
				options: { sort: '-key' },
			}),
		);
		expect(listed.map((property) => property.key)).toEqual(['gamma', 'beta', 'alpha']);
		expectCleanExchange(bed.sim);
	});

	it('rejects a content ID that is neither a number nor a URL before sending anything', async () => {
		const result = await runContentProperty({
			operation: 'getMany',
			contentType: 'page',
			contentId: 'Project plan',
		});
		expect(result.error?.message).toContain(
			'"Content ID" got "Project plan", which is not a numeric content ID (e.g. 123456) or the URL of a page',
		);
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('rejects an empty key and an over-long key before sending anything', async () => {
		const pageId = bed.sim.demo!.pages.projectPlan;
		const empty = await runContentProperty({
			operation: 'create',
			contentType: 'page',
			contentId: pageId,
			key: ' ',
			value: '1',
		});
		expect(empty.error?.message).toBe('The parameter "Key" is empty');
		const long = await runContentProperty({
			operation: 'create',
			contentType: 'page',
			contentId: pageId,
			key: 'k'.repeat(256),
			value: '1',
		});
		expect(long.error?.message).toContain('longer than 255');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('says a blog post ID used as a page ID was not found', async () => {
		const result = await runContentProperty({
			operation: 'getMany',
			contentType: 'page',
			contentId: '424242424',
		});
		expect(result.error?.message).toContain('Confluence found nothing at this ID');
	});

	it('with continueOnFail, a bad item becomes an error item and the good ones are written', async () => {
		const pageId = bed.sim.demo!.pages.projectPlan;
		const result = await bed.run({
			continueOnFail: true,
			items: [
				{ value: '{"n": 1}', key: 'one' },
				{ value: 'not json', key: 'two' },
				{ value: '3', key: 'three' },
			],
			parameters: {
				resource: 'contentProperty',
				operation: 'create',
				contentType: 'page',
				contentId: pageId,
				key: '={{ $json.key }}',
				value: '={{ $json.value }}',
			},
		});
		const items = result.items.map((entry) => entry.json);
		expect(items[0].key).toBe('one');
		expect(String(items[1].error)).toContain('"Value" is not valid JSON');
		expect(items[2].value).toBe(3);
		expect(bed.sim.store.propertiesOf('content', pageId).map((property) => property.key)).toEqual([
			'one',
			'three',
		]);
	});
});
