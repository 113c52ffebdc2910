/* Array query parameters on v2 (REALITY.md v2-array-query): the spec declares no style, so OpenAPI's default (the
 * repeated form) applies, and a site may read `current,archived` as one value. The node sends the repeated form, which
 * both readings accept, also when it follows `_links.next`; v1 keeps its declared comma lists. */
import type { IDataObject } from 'n8n-workflow';

import { AUTH_KINDS, credentialsFor, resourceRunner, useTestBed } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';
import { VARIANTS, type SimVariants } from '../simulator';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const readings = VARIANTS.v2ArrayQuery.values;

function ok(result: { items: Array<{ json: IDataObject }>; error?: Error }): IDataObject[] {
	if (result.error) throw result.error;
	return result.items.map((item) => item.json);
}

describe.each(readings)('v2 array parameters when the site reads %s', (reading) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });
	const runPage = resourceRunner(bed, 'page');
	const useReading = () =>
		bed.sim.setVariants({ v2ArrayQuery: reading as SimVariants['v2ArrayQuery'] });

	it('trigger polls ask for every status as repeated parameters, which the site accepts', async () => {
		useReading();
		const credentials = credentialsFor(bed.sim);
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated', 'pageUpdated'] };
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
		const polls = bed.sim.requests.filter((request) => request.path === '/wiki/api/v2/pages');
		expect(polls.length).toBeGreaterThan(0);
		for (const poll of polls) {
			expect(poll.status).toBe(200);
			expect(poll.query.status).toEqual(['current', 'archived', 'trashed']);
			expect(poll.rawPath + '?').not.toMatch(/status=[^&]*%2C/i);
		}
	});

	it.each(AUTH_KINDS)('ancestors are fetched by repeated id parameters (%s)', async (auth) => {
		useReading();
		const demo = bed.sim.demo!;
		const ancestors = ok(
			await runPage(
				{
					operation: 'getAncestors',
					page: byId(demo.pages.codeSamples),
					returnAll: true,
					options: { includeDetails: true },
				},
				auth,
			),
		);
		expect(ancestors.map((ancestor) => ancestor.title)).toEqual(['Demo space Home', 'Engineering']);
		const byIds = bed.sim.requests.filter(
			(request) => request.path === '/wiki/api/v2/pages' && request.query.id !== undefined,
		);
		expect(byIds.map((request) => request.query.id)).toEqual([
			[demo.homepageId, demo.pages.engineering],
		]);
	});

	it('Return All keeps repeated parameters repeated when it follows _links.next', async () => {
		useReading();
		const space = bed.sim.store.createSpace({ key: 'OTHER', name: 'Other' });
		bed.sim.store.seedPages(260, { spaceId: space.id, titlePrefix: 'Seeded' });
		const pages = ok(
			await runPage({
				operation: 'getMany',
				space: byId(space.id),
				returnAll: true,
				filters: { status: ['current', 'archived'] },
			}),
		);
		expect(pages.length).toBeGreaterThanOrEqual(260);
		const lists = bed.sim.requests.filter(
			(request) => request.path === `/wiki/api/v2/spaces/${space.id}/pages`,
		);
		expect(lists.length).toBeGreaterThan(1);
		for (const list of lists) {
			expect(list.status).toBe(200);
			expect(list.query.status).toEqual(['current', 'archived']);
		}
	});
});
