import { useTestBed } from '../helpers/fixtures';

describe('router', () => {
	const bed = useTestBed('demo', { shared: true });

	it('runs items concurrently when asked, keeping the input order and pairing each output with its item', async () => {
		const space = bed.sim.store.spaceByKey('DEMO')!;
		bed.sim.faults.setLatency(40);
		const titles = Array.from({ length: 12 }, (_, index) => `Concurrent ${index}`);
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'id', value: space.id },
				title: '={{ $json.title }}',
				body: '={{ "Item " + $json.title }}',
				bodyFormat: 'markdown',
				requestOptions: { concurrency: 4 },
			},
			items: titles.map((title) => ({ title })),
		});
		bed.sim.faults.setLatency(0);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.title)).toEqual(titles);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			titles.map((_, index) => ({ item: index })),
		);
		const creates = bed.sim.requests.filter(
			(request) => request.method === 'POST' && request.path === '/wiki/api/v2/pages',
		);
		expect(creates).toHaveLength(12);
		// Several creations were in flight at once: one started before an earlier one had finished.
		const overlapping = creates.some((request, index) =>
			creates
				.slice(0, index)
				.some((earlier) => earlier.at.getTime() + earlier.durationMs > request.at.getTime()),
		);
		expect(overlapping).toBe(true);
	});

	it("reports a body over Confluence's 5 MB limit with the 413 advice, and the other items go on", async () => {
		const space = bed.sim.store.spaceByKey('DEMO')!;
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'id', value: space.id },
				title: '={{ $json.title }}',
				body: '={{ $json.body }}',
				bodyFormat: 'storage',
			},
			items: [
				{ title: 'Huge', body: `<p>${'x'.repeat(5 * 1024 * 1024 + 10)}</p>` },
				{ title: 'Small', body: '<p>fine</p>' },
			],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatch(/too large for Confluence \(413\)/);
		expect(result.items[0].json.description).toMatch(/5 MB/);
		expect(result.items[1].json.title).toBe('Small');
	});
});
