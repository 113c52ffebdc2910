/* The CQL filter is checked at activation, when it changes and in Fetch Test Event, and every error about it names the
 * parameter (reality row: cql-parse-error). */
import type { IDataObject } from 'n8n-workflow';

import { useTriggerBed } from '../helpers/trigger';

const bed = useTriggerBed();
const sim = bed.sim;

const poll = async (cql: string, staticData: IDataObject, mode?: 'manual') =>
	await bed.poll({ events: ['pageCreated'], filters: { cql } }, staticData, mode);

const searches = (from: number) =>
	sim.requests.slice(from).filter((request) => request.path === '/wiki/rest/api/search');

describe('Confluence Trigger: the CQL filter', () => {
	it.each([
		['type = page ORDER BY created DESC'],
		['label = "release" order   by lastmodified'],
		['(space = ENG) ORDER BY title'],
	])('refuses ORDER BY at activation and in Fetch Test Event: %s', async (cql) => {
		for (const mode of [undefined, 'manual'] as const) {
			const staticData: IDataObject = {};
			const before = sim.requests.length;
			await expect(poll(cql, staticData, mode)).rejects.toThrow(
				'The CQL Filter cannot contain ORDER BY',
			);
			expect(staticData).toEqual({});
			expect(sim.requests.length).toBe(before);
		}
	});

	it.each([['type = page AND ('], ['title ~ "unclosed'], ['nosuchfield = 3 AND']])(
		'asks Confluence once at activation and in Fetch Test Event, and names the CQL Filter when it refuses: %s',
		async (cql) => {
			for (const mode of [undefined, 'manual'] as const) {
				const staticData: IDataObject = {};
				const before = sim.requests.length;
				const failure = poll(cql, staticData, mode);
				await expect(failure).rejects.toThrow(/^Confluence rejected the CQL Filter \(400\): \S/);
				await expect(failure).rejects.toMatchObject({
					description: `Correct "Filters → CQL": ${cql}`,
				});
				expect(searches(before).map((request) => request.query)).toEqual([
					expect.objectContaining({ cql: `(${cql})`, limit: '1' }),
				]);
				expect(staticData).toEqual({});
			}
		},
	);

	it('accepts "order by" inside quotes, checks a filter once, and again when it changes', async () => {
		const staticData: IDataObject = {};
		const cql = 'text ~ "order by" OR type = page';
		let before = sim.requests.length;
		expect(await poll(cql, staticData)).toEqual([]);
		expect(searches(before)).toHaveLength(1);

		sim.clock.advance(60_000);
		before = sim.requests.length;
		expect(await poll(cql, staticData)).toEqual([]);
		expect(searches(before)).toHaveLength(0);

		sim.clock.advance(1_000);
		const page = bed.page('Matches', '<p>x</p>');
		sim.clock.advance(1_000);
		before = sim.requests.length;
		const changed = 'type = page';
		expect((await poll(changed, staticData)).map(({ json }) => json.id)).toEqual([page.id]);
		expect(searches(before).map((request) => request.query.cql)).toEqual([
			`(${changed})`,
			expect.stringContaining(`AND (${changed})`),
		]);
	});

	it('names the CQL Filter when Confluence refuses it while events are checked', async () => {
		const staticData: IDataObject = {};
		await poll('type = page', staticData);
		// A filter Confluence accepted once and refuses now (its CQL changed under it).
		(staticData.confluence as IDataObject).checkedCql = 'type = page AND (';
		sim.clock.advance(1_000);
		bed.page('Candidate', '<p>x</p>');
		sim.clock.advance(1_000);
		await expect(poll('type = page AND (', staticData)).rejects.toThrow(
			/^Confluence rejected the CQL Filter/,
		);
	});
});
