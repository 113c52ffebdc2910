/* issue 13 point 12: no quiet wrong answers. A Limit below 1, a Return All given as the text "false", a JSON value
 * nested too deep for any JSON serialiser, and a Start From or Rescan Window that is no date or number each stop with an
 * error naming the parameter (and the item), instead of returning nothing, everything, or a raw RangeError. */
import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import { runPoll } from '../../helpers/n8n';
import { apiRequests } from '../page/helpers';

describe('parameter checks', () => {
	const bed = useTestBed('demo', { shared: true });

	const pages = (extra: IDataObject) => ({ resource: 'page', operation: 'getMany', ...extra });
	const deepJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it.each([-5, 0, '-5', '0'])(
			'Limit %p through an expression: names Limit and the item',
			async (limit) => {
				const before = apiRequests(bed.sim).length;
				const result = await bed.run({
					auth,
					continueOnFail: true,
					items: [{ limit: 2 }, { limit }],
					parameters: pages({ returnAll: false, limit: '={{ $json.limit }}' }),
				});
				const ofItem = (index: number) =>
					result.items.filter((entry) => (entry.pairedItem as { item: number }).item === index);
				expect(ofItem(0)).toHaveLength(2);
				expect(ofItem(0).every((entry) => entry.json.error === undefined)).toBe(true);
				expect(ofItem(1)).toHaveLength(1);
				expect(ofItem(1)[0].json.error).toMatch(/parameter "Limit" must be 1 or more/);
				expect(ofItem(1)[0].json.description).toMatch(/Item 1/);
				// Only the good item asked Confluence.
				expect(apiRequests(bed.sim).length - before).toBe(1);
			},
		);

		it('Limit 0 written into the workflow (not through the editor): names Limit', async () => {
			const result = await bed.run({ auth, parameters: pages({ returnAll: false, limit: 0 }) });
			expect(result.error?.message).toMatch(/parameter "Limit" must be 1 or more, got 0/);
		});

		it.each(['false', 'true', 'no', 1])(
			'Return All given as %p through an expression: names Return All',
			async (value) => {
				const result = await bed.run({
					auth,
					items: [{ all: value }],
					parameters: pages({ returnAll: '={{ $json.all }}', limit: 2 }),
				});
				expect(result.error?.message).toMatch(/parameter "Return All" must be true or false/);
				expect(result.items).toEqual([]);
			},
		);

		it.each([
			['as JSON text 20,000 deep', deepJson(20_000)],
			// n8n itself cannot carry a much deeper object from an item into an expression.
			['as an object 1,500 deep', JSON.parse(deepJson(1_500)) as IDataObject],
		])(
			'a property value nested too deep (%s): names Value and the item, sends nothing',
			async (_, value) => {
				const before = apiRequests(bed.sim, 'POST').length;
				const result = await bed.run({
					auth,
					items: [{ value }],
					parameters: {
						resource: 'contentProperty',
						operation: 'create',
						contentType: 'page',
						contentId: bed.sim.demo!.pages.engineering,
						key: 'deep',
						value: '={{ $json.value }}',
					},
				});
				expect(result.error?.message).toMatch(/parameter "Value" nests deeper than 1000 levels/);
				expect(result.error?.description).toMatch(/Item 0/);
				expect(apiRequests(bed.sim, 'POST').length).toBe(before);
			},
		);
	});

	describe('trigger options', () => {
		const poll = async (options: IDataObject) =>
			await runPoll({
				parameters: { events: ['pageCreated'], options },
				credentials: bed.credentials,
				staticData: {},
			});

		it.each([
			[{ startFrom: 'garbage' }, /option "Start From" is not a date/],
			[{ startFrom: 'not a date at all 99' }, /option "Start From" is not a date/],
			[{ overlapSeconds: 'abc' }, /option "Rescan Window \(Seconds\)" must be a number of seconds/],
			[{ overlapSeconds: -1 }, /option "Rescan Window \(Seconds\)" must be a number of seconds/],
			[
				{ overlapSeconds: Number.POSITIVE_INFINITY },
				/option "Rescan Window \(Seconds\)" must be a number of seconds/,
			],
			[{ indexLagSeconds: 'soon' }, /option "Index Lag \(Seconds\)" must be a number of seconds/],
		])('%p: a clear error naming the option, not a RangeError', async (options, message) => {
			await expect(poll(options)).rejects.toThrow(message);
		});

		it('a valid Start From still works', async () => {
			await expect(poll({ startFrom: '2026-01-01T00:00:00Z' })).resolves.not.toThrow();
		});
	});
});
