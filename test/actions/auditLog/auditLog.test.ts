import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, expectCleanExchange, ok } from '../page/helpers';

describe('auditLog', () => {
	const bed = useTestBed('demo');
	const runAuditLog = resourceRunner(bed, 'auditLog');
	beforeEach(() => {
		bed.sim.store.audit.length = 0;
	});

	function record(at: string, summary: string, objectName = 'Demo space') {
		bed.sim.clock.set(at);
		bed.sim.store.recordAudit({
			summary,
			category: 'Spaces',
			affectedObject: { name: objectName, objectType: 'Space' },
			changedValues: [{ name: 'Name', oldValue: 'Old', newValue: 'New' }],
		});
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('returns flat records with ISO dates, filtered by a time range', async () => {
			record('2026-01-01T10:00:00Z', 'Space created');
			record('2026-02-01T10:00:00Z', 'Space permissions changed');
			record('2026-03-01T10:00:00Z', 'Space deleted');
			bed.sim.clock.useRealTime();
			const records = ok(
				await runAuditLog(
					{
						operation: 'getMany',
						returnAll: true,
						filters: { startDate: '2026-01-15T00:00:00.000Z', endDate: '2026-02-15T00:00:00.000Z' },
					},
					auth,
				),
			);
			expect(records).toEqual([
				expect.objectContaining({
					createdAt: '2026-02-01T10:00:00.000Z',
					summary: 'Space permissions changed',
					category: 'Spaces',
					authorName: 'Demo User',
					authorAccountId: bed.sim.users.demo.accountId,
					affectedObject: 'Demo space',
					affectedObjectType: 'Space',
					changedValues: [{ name: 'Name', oldValue: 'Old', newValue: 'New' }],
				}),
			]);
			const [request] = apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/audit$/);
			expect(request.query).toEqual(
				expect.objectContaining({
					startDate: String(Date.parse('2026-01-15T00:00:00.000Z')),
					endDate: String(Date.parse('2026-02-15T00:00:00.000Z')),
				}),
			);
			expectCleanExchange(bed.sim);
		});
	});

	it('filters by search string and can return raw records', async () => {
		record('2026-01-01T10:00:00Z', 'Space created', 'Alpha');
		record('2026-01-02T10:00:00Z', 'Space created', 'Beta');
		bed.sim.clock.useRealTime();
		const records = ok(
			await runAuditLog({
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				filters: { searchString: 'Beta' },
			}),
		);
		expect(records).toHaveLength(1);
		expect(records[0].affectedObject).toEqual({ name: 'Beta', objectType: 'Space' });
		expect(records[0].creationDate).toBe(Date.parse('2026-01-02T10:00:00Z'));
		expectCleanExchange(bed.sim);
	});

	it('pages past the 1000-record page with Return All, and stops at the limit otherwise', async () => {
		bed.sim.clock.set('2026-01-01T00:00:00Z');
		for (let n = 0; n < 1100; n++) {
			bed.sim.clock.advance(1000);
			bed.sim.store.recordAudit({
				summary: `Event ${n}`,
				category: 'Content',
				affectedObject: { name: `P${n}`, objectType: 'Page' },
			});
		}
		bed.sim.clock.useRealTime();
		const all = ok(await runAuditLog({ operation: 'getMany', returnAll: true }));
		expect(all).toHaveLength(1100);
		expect(new Set(all.map((entry) => entry.summary)).size).toBe(1100);
		const requests = apiRequests(bed.sim, 'GET', /\/audit$/);
		expect(requests.length).toBeGreaterThanOrEqual(2);
		expect(requests[0].query.limit).toBe('1000');

		const few = ok(await runAuditLog({ operation: 'getMany', limit: 10 }));
		expect(few).toHaveLength(10);
		expectCleanExchange(bed.sim);
	});

	it('returns no items when nothing matches', async () => {
		const result = await runAuditLog({
			operation: 'getMany',
			returnAll: true,
			filters: { searchString: 'nothing-like-this' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
	});

	it('explains that site admin is needed when Confluence answers 403', async () => {
		bed.sim.users.add({
			email: 'viewer@example.com',
			displayName: 'Viewer',
			apiToken: 'viewer-token',
			admin: false,
		});
		const result = await bed.run({
			credentials: {
				...bed.credentials,
				confluenceApi: {
					siteUrl: bed.sim.baseUrl,
					email: 'viewer@example.com',
					apiToken: 'viewer-token',
				},
			},
			parameters: { resource: 'auditLog', operation: 'getMany', returnAll: true },
		});
		expect(result.error?.message).toBe(
			'Reading the Confluence audit log needs site admin permission',
		);
		expect(result.error?.description).toContain('administrator');
	});

	it('rejects a start date after the end date, and a date it cannot read, before sending anything', async () => {
		const swapped = await runAuditLog({
			operation: 'getMany',
			filters: { startDate: '2026-03-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' },
		});
		expect(swapped.error?.message).toBe('The filter "Start Date" is after "End Date"');
		const unreadable = await runAuditLog({
			operation: 'getMany',
			filters: { startDate: 'last tuesday' },
		});
		expect(unreadable.error?.message).toContain('"Start Date" is not a date');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});
});
