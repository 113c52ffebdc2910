import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, expectCleanExchange, ok } from '../page/helpers';

describe('user', () => {
	const bed = useTestBed('demo');
	const runUser = resourceRunner(bed, 'user');

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('getCurrent returns the user the credential logs in as', async () => {
			const [user] = ok(await runUser({ operation: 'getCurrent' }, auth));
			expect(user).toEqual(
				expect.objectContaining({
					accountId: bed.sim.users.demo.accountId,
					displayName: 'Demo User',
				}),
			);
			expectCleanExchange(bed.sim);
		});

		it('get looks several account IDs up in one bulk call', async () => {
			const second = bed.sim.demo!.secondUser;
			const users = ok(
				await runUser(
					{ operation: 'get', accountIds: `${bed.sim.users.demo.accountId},${second.accountId}` },
					auth,
				),
			);
			expect(users.map((user) => user.displayName).sort()).toEqual(['Alex Rivera', 'Demo User']);
			const [post] = apiRequests(bed.sim, 'POST', /\/wiki\/api\/v2\/users-bulk$/);
			expect(post.body).toEqual({ accountIds: [bed.sim.users.demo.accountId, second.accountId] });
			expectCleanExchange(bed.sim);
		});

		it('search by name builds a quoted CQL query', async () => {
			const users = ok(await runUser({ operation: 'search', name: 'Alex', returnAll: true }, auth));
			expect(users.map((user) => user.accountId)).toEqual([bed.sim.demo!.secondUser.accountId]);
			const [request] = apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/search\/user$/);
			expect(request.query.cql).toBe('user.fullname ~ "Alex"');
			expectCleanExchange(bed.sim);
		});
	});

	it('getCurrent can expand the personal space and operations', async () => {
		ok(
			await runUser({
				operation: 'getCurrent',
				options: { operations: true, personalSpace: true },
			}),
		);
		const [request] = apiRequests(bed.sim, 'GET', /\/user\/current$/);
		expect(request.query.expand).toBe('operations,personalSpace');
		expectCleanExchange(bed.sim);
	});

	it('getAnonymous returns the anonymous user', async () => {
		const [user] = ok(await runUser({ operation: 'getAnonymous' }));
		expect(user.type).toBe('anonymous');
		expectCleanExchange(bed.sim);
	});

	it('get splits many account IDs over several calls and skips unknown ones', async () => {
		const ids: string[] = [];
		for (let n = 0; n < 260; n++) {
			ids.push(
				bed.sim.users.add({ email: `user${n}@example.com`, displayName: `User ${n}` }).accountId,
			);
		}
		const users = ok(
			await runUser({ operation: 'get', accountIds: [...ids, '557058:unknown'].join(',') }),
		);
		expect(users).toHaveLength(260);
		const posts = apiRequests(bed.sim, 'POST', /\/users-bulk$/);
		expect(posts.map((post) => (post.body as { accountIds: string[] }).accountIds.length)).toEqual([
			100, 100, 61,
		]);
		expectCleanExchange(bed.sim);
	});

	it('get without account IDs fails before sending anything', async () => {
		const result = await runUser({ operation: 'get', accountIds: ' , ' });
		expect(result.error?.message).toBe('The parameter "Account IDs" is empty');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('search escapes quotes in a name so the query keeps its shape', async () => {
		const result = await runUser({
			operation: 'search',
			name: 'Ada "x" OR user.fullname ~ "',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const [request] = apiRequests(bed.sim, 'GET', /\/search\/user$/);
		expect(request.query.cql).toBe('user.fullname ~ "Ada \\"x\\" OR user.fullname ~ \\""');
		expect(result.items).toHaveLength(0);
	});

	it('search by account ID, by CQL, and pages past the first page with Return All', async () => {
		for (let n = 0; n < 60; n++)
			bed.sim.users.add({ email: `tester${n}@example.com`, displayName: `Tester ${n}` });
		const byAccount = ok(
			await runUser({
				operation: 'search',
				searchBy: 'accountId',
				accountId: bed.sim.demo!.secondUser.accountId,
				returnAll: true,
			}),
		);
		expect(byAccount.map((user) => user.displayName)).toEqual(['Alex Rivera']);
		const testers = ok(
			await runUser({
				operation: 'search',
				searchBy: 'cql',
				cql: 'user.fullname ~ "Tester"',
				returnAll: true,
			}),
		);
		expect(testers).toHaveLength(60);
		expect(apiRequests(bed.sim, 'GET', /\/search\/user$/).length).toBeGreaterThanOrEqual(4);
		const limited = ok(
			await runUser({
				operation: 'search',
				searchBy: 'cql',
				cql: 'user.fullname ~ "Tester"',
				limit: 7,
			}),
		);
		expect(limited).toHaveLength(7);
		expectCleanExchange(bed.sim);
	});

	it("search without Simplify returns Confluence's search results", async () => {
		const [result] = ok(
			await runUser({ operation: 'search', name: 'Alex', simplify: false, limit: 5 }),
		);
		expect((result.user as { accountId: string }).accountId).toBe(
			bed.sim.demo!.secondUser.accountId,
		);
	});
});
