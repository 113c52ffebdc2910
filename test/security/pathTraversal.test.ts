/* issue 13 point 11: a value that is not an ID or key of the documented shape never becomes a path segment; `.`, `..`
 * and their percent-encoded forms would send the request elsewhere (a space delete to DELETE /wiki/rest/api/). */
import type { IDataObject, INode } from 'n8n-workflow';

import { confluenceRequest, type ConfluenceContext } from '../../nodes/Confluence/transport';
import { ApiPath } from '../../nodes/Confluence/transport/path';
import { operationVariants } from '../badInput/catalog';
import { inputItem, prepareFixtures, validParameters } from '../badInput/values';
import { AUTH_KINDS, credentialsFor, fastRetries, useTestBed } from '../helpers/fixtures';
import { runNode } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';

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

/* The class behind point 11: every ID or key a path is built from, in every operation, given a value that would add
 * segments, a query or a fragment. Each must be refused as that parameter's error, and no request may reach another
 * path (`/admin`, a `..` segment) or carry the smuggled query. */
describe('hostile IDs in every operation', () => {
	const HOSTILE_IDS = ['1/../../admin', '12?x=1#', '%2E%2E', '7/labels'];
	/** Parameters whose value becomes (part of) a request path. */
	const PATH_PARAMETERS = new Set([
		'attachmentId',
		'blogPost',
		'commentId',
		'contentId',
		'destinationPage',
		'destinationSpace',
		'groupIds',
		'page',
		'parentCommentId',
		'property',
		'space',
		'targetPage',
		'taskId',
		'whiteboard',
	]);
	let sim: Simulator;

	beforeAll(async () => {
		fastRetries();
		sim = await startSimulator({ seed: 'demo' });
	});
	afterAll(async () => await sim?.close());

	const rows = operationVariants().flatMap((variant) =>
		variant.required
			.filter((property) => PATH_PARAMETERS.has(property.name))
			.flatMap((property) =>
				HOSTILE_IDS.map(
					(value) =>
						[
							`${variant.label}: "${property.displayName}" = ${value}`,
							variant,
							property,
							value,
						] as const,
				),
			),
	);

	it('covers every operation that builds a path from an ID or key', () => {
		expect(new Set(rows.map(([, variant]) => variant.resource)).size).toBeGreaterThan(10);
	});

	it.each(rows)('%s', async (_label, variant, property, value) => {
		sim.reset('demo');
		const parameters = validParameters(variant, prepareFixtures(sim));
		const valid = parameters[property.name] as IDataObject | string;
		parameters[property.name] =
			typeof valid === 'object' && valid && '__rl' in valid
				? { __rl: true, mode: valid.mode === 'key' ? 'key' : 'id', value: '={{ $json.hostile }}' }
				: '={{ $json.hostile }}';
		const before = sim.requests.length;
		const result = await runNode({
			parameters,
			inputItems: [inputItem(variant, { hostile: value })],
			credentials: credentialsFor(sim),
		});
		const sent = sim.requests.slice(before);
		for (const request of sent) {
			const segments = request.rawPath.split('/').map((segment) => {
				try {
					return decodeURIComponent(segment);
				} catch {
					return segment;
				}
			});
			expect(request.rawPath).not.toMatch(/admin|#/);
			expect(segments.filter((segment) => segment === '.' || segment === '..')).toEqual([]);
			expect(Object.keys(request.query)).not.toContain('x');
		}
		expect(result.error?.name).toBe('NodeOperationError');
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(
			`"${property.displayName}"`,
		);
		expect(result.error?.context?.itemIndex).toBe(0);
	});
});
