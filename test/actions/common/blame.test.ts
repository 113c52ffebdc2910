/* issue 18 point 2: an API failure names a parameter only where Confluence's answer points at it. A 404 names the
 * parameter whose ID is in the request path; a 400 names the parameter whose field or value Confluence's message
 * names. A CQL syntax error blames the CQL, never the Limit that happened to be sent beside it. */
import { useTestBed } from '../../helpers/fixtures';

describe('which parameter an API failure blames', () => {
	const bed = useTestBed('demo', { shared: true });

	it("bad CQL: the message is Confluence's, and no parameter (not Limit, not Space) is blamed", async () => {
		const result = await bed.run({
			parameters: {
				resource: 'search',
				operation: 'query',
				mode: 'cql',
				cql: 'type = = page',
				returnAll: false,
				limit: 3,
			},
		});
		expect(result.error?.message).toMatch(/Could not parse cql/);
		expect(result.error?.description ?? '').not.toMatch(/"Limit"|refused|points at nothing/);
	});

	it('bad CQL with Continue On Fail: the error item does not blame Limit either', async () => {
		const result = await bed.run({
			continueOnFail: true,
			items: [{ cql: 'type = = page' }, { cql: 'type = page' }],
			parameters: {
				resource: 'search',
				operation: 'query',
				mode: 'cql',
				cql: '={{ $json.cql }}',
				returnAll: false,
				limit: 1,
			},
		});
		expect(result.items[0].json.error).toMatch(/Could not parse cql/);
		expect(String(result.items[0].json.description ?? '')).not.toContain('"Limit"');
		expect(result.items[1].json.error).toBeUndefined();
	});

	it('a missing page ID in the path: names "Page" and the ID', async () => {
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'get',
				page: { __rl: true, mode: 'id', value: '987654' },
			},
		});
		expect(result.error?.description).toMatch(
			/^Item 0: "Page" \(987654\) points at nothing this account can see in Confluence\./,
		);
	});

	it('a 404 for the path does not blame the Limit sent in the query', async () => {
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'getChildren',
				page: { __rl: true, mode: 'id', value: '987654' },
				returnAll: false,
				limit: 3,
			},
		});
		expect(result.error?.description).toMatch(/"Page" \(987654\) points at nothing/);
		expect(result.error?.description).not.toMatch(/"Limit"/);
	});

	it('a 400 that quotes a value names the parameter that held it, and only that one', async () => {
		const page = bed.sim.demo!.pages.gettingStarted;
		const result = await bed.run({
			parameters: {
				resource: 'page',
				operation: 'restoreVersion',
				page: { __rl: true, mode: 'id', value: page },
				versionNumber: 999,
			},
		});
		expect(result.error?.message).toMatch(/there is no version 999/i);
		expect(result.error?.description).toMatch(
			/^Item 0: Confluence refused .*"Version Number" \(999\)/,
		);
	});

	it('a 404 for an ID sent in the body (comment on a missing blog post) names that parameter', async () => {
		const result = await bed.run({
			parameters: {
				resource: 'comment',
				operation: 'create',
				commentOn: 'blogPost',
				blogPost: { __rl: true, mode: 'id', value: '999999999' },
				body: 'Hi',
			},
		});
		expect(result.error?.description).toMatch(
			/^Item 0: "Blog Post" \(999999999\) points at nothing this account can see/,
		);
	});
});
