import { useSimulator } from '../helpers/fixtures';
import { periodStart } from './routes/audit';
import { basic, call } from './testHttp';

describe('simulator audit log', () => {
	const sim = useSimulator('demo', { failOnErrors: true });
	beforeEach(() => {
		sim.clock.set('2026-05-01T12:00:00.000Z');
	});

	it('records every write made over HTTP, newest first, with the v1 AuditRecord shape', async () => {
		const page = await call(sim, 'POST', '/wiki/api/v2/pages', {
			body: {
				spaceId: sim.demo!.spaceId,
				title: 'Audited',
				body: { representation: 'storage', value: '<p>x</p>' },
			},
		});
		sim.clock.advance(1000);
		await call(sim, 'POST', '/wiki/api/v2/footer-comments', {
			body: { pageId: page.body.id, body: { representation: 'storage', value: '<p>c</p>' } },
		});
		sim.clock.advance(1000);
		await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: { spaceId: sim.demo!.spaceId, title: 'Board' },
		});

		const res = await call(sim, 'GET', '/wiki/rest/api/audit');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ start: 0, limit: 1000, size: 3 });
		expect(res.body.results.map((r: { summary: string }) => r.summary)).toEqual([
			'Whiteboard created',
			'Comment created',
			'Page created',
		]);
		expect(res.body.results[2]).toMatchObject({
			author: { type: 'user', accountId: sim.users.demo.accountId, displayName: 'Demo User' },
			remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
			creationDate: Date.parse('2026-05-01T12:00:00.000Z'),
			category: 'Content',
			sysAdmin: true,
			affectedObject: { name: 'Audited', objectType: 'Page' },
			changedValues: [],
			associatedObjects: [{ name: 'Demo space', objectType: 'Space' }],
		});
	});

	it('filters by date range (epoch ms) and search string, pages with start/limit', async () => {
		const t0 = sim.clock.now().getTime();
		for (let i = 0; i < 5; i++) {
			sim.store.recordAudit({
				summary: `Event ${i}`,
				category: i % 2 ? 'Spaces' : 'Content',
				affectedObject: { name: `Thing ${i}`, objectType: 'Page' },
			});
			sim.clock.advance(60_000);
		}
		const summaries = async (query: string) =>
			(await call(sim, 'GET', `/wiki/rest/api/audit?${query}`)).body.results.map(
				(r: { summary: string }) => r.summary,
			);
		expect(await summaries(`startDate=${t0 + 60_000}&endDate=${t0 + 180_000}`)).toEqual([
			'Event 3',
			'Event 2',
			'Event 1',
		]);
		expect(await summaries('searchString=thing 4')).toEqual(['Event 4']);
		expect(await summaries('searchString=SPACES')).toEqual(['Event 3', 'Event 1']);

		const first = await call(sim, 'GET', '/wiki/rest/api/audit?limit=2');
		expect(first.body.results.map((r: { summary: string }) => r.summary)).toEqual([
			'Event 4',
			'Event 3',
		]);
		expect(first.body._links.next).toBe('/rest/api/audit?limit=2&start=2');
		const second = await call(sim, 'GET', `/wiki${first.body._links.next}`);
		expect(second.body.results.map((r: { summary: string }) => r.summary)).toEqual([
			'Event 2',
			'Event 1',
		]);
	});

	it('/audit/since goes back number × units from now', async () => {
		sim.store.recordAudit({
			summary: 'Old',
			category: 'Content',
			affectedObject: { name: 'a', objectType: 'Page' },
		});
		sim.clock.advance(2 * 3_600_000);
		sim.store.recordAudit({
			summary: 'Recent',
			category: 'Content',
			affectedObject: { name: 'b', objectType: 'Page' },
		});
		const since = async (query: string) =>
			(await call(sim, 'GET', `/wiki/rest/api/audit/since?${query}`)).body.results.map(
				(r: { summary: string }) => r.summary,
			);
		expect(await since('number=1&units=HOURS')).toEqual(['Recent']);
		expect(await since('number=3&units=HOURS')).toEqual(['Recent', 'Old']);
		expect(await since('')).toEqual(['Recent', 'Old']);
		expect(periodStart(new Date('2026-05-31T00:00:00Z'), 3, 'MONTHS').toISOString()).toBe(
			'2026-03-03T00:00:00.000Z',
		);
	});

	it('is for Confluence administrators only (403 in the v1 envelope)', async () => {
		const alex = sim.demo!.secondUser;
		const res = await call(sim, 'GET', '/wiki/rest/api/audit', {
			auth: basic(alex.email, alex.apiToken),
		});
		expect(res.status).toBe(403);
		expect(res.body).toMatchObject({
			statusCode: 403,
			data: { authorized: false, successful: false },
		});
		expect(res.body.message).toContain('PermissionException');
	});

	it('creates records and keeps a retention period', async () => {
		const created = await call(sim, 'POST', '/wiki/rest/api/audit', {
			body: {
				remoteAddress: '10.0.0.7',
				summary: 'Imported',
				category: 'Import',
				affectedObject: { name: 'Wiki', objectType: 'Space' },
				changedValues: [],
				associatedObjects: [],
			},
		});
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({ remoteAddress: '10.0.0.7', summary: 'Imported' });
		expect(sim.store.audit.at(-1)?.summary).toBe('Imported');

		expect((await call(sim, 'GET', '/wiki/rest/api/audit/retention')).body).toEqual({
			number: 20,
			units: 'YEARS',
		});
		const put = await call(sim, 'PUT', '/wiki/rest/api/audit/retention', {
			body: { number: 6, units: 'MONTHS' },
		});
		expect(put.body).toEqual({ number: 6, units: 'MONTHS' });
		expect((await call(sim, 'GET', '/wiki/rest/api/audit/retention')).body).toEqual({
			number: 6,
			units: 'MONTHS',
		});
	});
});
