/* issue 13 point 11: a value that is not an ID or key of the documented shape never becomes a path segment; `.`, `..`
 * and their percent-encoded forms would send the request elsewhere (a space delete to DELETE /wiki/rest/api/). */
import type { INode } from 'n8n-workflow';

import { confluenceRequest, type ConfluenceContext } from '../../nodes/Confluence/transport';
import { ApiPath } from '../../nodes/Confluence/transport/path';
import { AUTH_KINDS, useTestBed } from '../helpers/fixtures';

const HOSTILE_KEYS = [
	'.',
	'..',
	'%2E%2E',
	'%2e',
	'DEMO/..',
	'../DEMO',
	'DE MO',
	'DEMO?x=1',
	'DEMO#x',
	'~',
];
const HOSTILE_URLS = [
	'https://x.atlassian.net/wiki/spaces/%2E%2E/overview',
	'https://x.atlassian.net/wiki/spaces/./overview',
	'https://x.atlassian.net/wiki/spaces/%2e/pages',
	'https://x.atlassian.net/wiki/spaces/DEMO%2F..%2F/overview',
];

describe('path traversal', () => {
	const bed = useTestBed('demo', { shared: true });

	// Through an expression: the editor's own check of typed keys does not see what an expression gives.
	const locators = [
		...HOSTILE_KEYS.map((value) => ({ mode: 'key', value })),
		...HOSTILE_URLS.map((value) => ({ mode: 'url', value })),
	];

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it.each(locators.map((locator) => [`${locator.mode} ${locator.value}`, locator] as const))(
			'space delete, get and page create refuse the space %s before sending anything',
			async (_, locator) => {
				const before = bed.sim.requests.length;
				const space = { __rl: true, mode: locator.mode, value: '={{ $json.value }}' };
				for (const parameters of [
					{ resource: 'space', operation: 'delete', space },
					{ resource: 'space', operation: 'get', space },
					{ resource: 'page', operation: 'create', space, title: 'T', body: 'x' },
				]) {
					const result = await bed.run({ auth, parameters, items: [{ value: locator.value }] });
					expect(result.error?.message).toMatch(/parameter "Space"/);
					expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
				}
				const sent = bed.sim.requests.slice(before);
				// Nothing reached a space path, and above all no DELETE was sent.
				expect(sent.filter((request) => request.method === 'DELETE')).toEqual([]);
				expect(
					sent.filter((request) => /\/space(s)?\/?$|\/rest\/api\/?$/.test(request.path)),
				).toEqual([]);
				expect(bed.sim.store.spaceByKey('DEMO')).toBeDefined();
			},
		);

		it('with Continue On Fail, the item with a bad key fails and the good one goes on', async () => {
			const result = await bed.run({
				auth,
				continueOnFail: true,
				items: [{ key: '..' }, { key: 'DEMO' }],
				parameters: {
					resource: 'space',
					operation: 'get',
					space: { __rl: true, mode: 'key', value: '={{ $json.key }}' },
				},
			});
			expect(result.items).toHaveLength(2);
			expect(result.items[0].json.error).toMatch(/parameter "Space" is not a space key/);
			expect(result.items[0].json.description).toMatch(/Item 0/);
			expect(result.items[1].json.key).toBe('DEMO');
		});
	});

	it('the transport refuses a path whose segment is empty, a dot segment or holds a slash, naming the item', async () => {
		const node = { name: 'Confluence', parameters: {} } as unknown as INode;
		const ctx = { getNode: () => node } as unknown as ConfluenceContext;
		for (const path of [
			'/space/..',
			'/space/.',
			'/space/%2E%2e',
			'/pages//labels',
			'/space/a%2Fb',
			'/space/',
		]) {
			await expect(
				confluenceRequest.call(ctx, {
					method: 'DELETE',
					api: 'v1',
					// Built raw on purpose: what the backstop must catch even if a path escaped apiPath.
					path: ApiPath.fromServer(path),
					itemIndex: 3,
				}),
			).rejects.toMatchObject({
				message: expect.stringContaining('item 3'),
				context: expect.objectContaining({ itemIndex: 3 }),
			});
		}
	});
});
