import { useSimulator } from '../helpers/fixtures';
import { basicAuth, del, get, post, put } from './simClient';

const V2 = '/wiki/api/v2';
const V1 = '/wiki/rest/api';

describe('simulator spaces, properties, labels, restrictions and users', () => {
	const sim = useSimulator('demo');
	const alex = basicAuth('alex@example.com', 'alex-token');

	describe('spaces', () => {
		test('v2 list filters by keys, type, status, labels; single space with include-* blocks', async () => {
			sim.store.createSpace({ key: 'OPS', name: 'Operations', description: 'Ops' });
			const all = await get(sim, `${V2}/spaces?sort=-key`);
			expect((all.json.results ?? []).map((s) => s.key)).toEqual(['OPS', 'DEMO']);
			expect((await get(sim, `${V2}/spaces?keys=ops`)).json.results?.[0]).toMatchObject({
				key: 'OPS',
				name: 'Operations',
				type: 'global',
				status: 'current',
			});
			expect((await get(sim, `${V2}/spaces?labels=demo`)).json.results).toHaveLength(1);
			expect((await get(sim, `${V2}/spaces?status=archived`)).json.results).toEqual([]);
			const one = await get(
				sim,
				`${V2}/spaces/${sim.demo!.spaceId}?description-format=plain&include-labels=true&include-operations=true&include-permissions=true`,
			);
			expect(one.json).toMatchObject({
				key: 'DEMO',
				homepageId: sim.demo!.homepageId,
				description: {
					plain: {
						representation: 'plain',
						value: 'A space to try the Confluence node against the simulator.',
					},
				},
				_links: { webui: '/spaces/DEMO', base: `${sim.baseUrl}/wiki` },
			});
			expect(
				(one.json.labels as { results: Array<{ name: string; prefix: string }> }).results,
			).toEqual([expect.objectContaining({ name: 'demo', prefix: 'team' })]);
			expect((one.json.operations as { results: unknown[] }).results).toContainEqual({
				operation: 'administer',
				targetType: 'space',
			});
			const permissions = await get(sim, `${V2}/spaces/${sim.demo!.spaceId}/permissions?limit=5`);
			expect(permissions.json.results?.[0]).toMatchObject({
				principal: { type: 'user' },
				operation: { key: 'read', targetType: 'space' },
			});
			expect((permissions.json._links as { next?: string }).next).toBeDefined();
			const contentLabels = await get(
				sim,
				`${V2}/spaces/${sim.demo!.spaceId}/content/labels?sort=name`,
			);
			expect((contentLabels.json.results ?? []).map((l) => l.name)).toEqual([
				'engineering',
				'getting-started',
				'howto',
				'news',
				'planning',
				'release',
			]);
			expect(sim.contractViolations).toEqual([]);
		});

		test('v1 create, _private (visible only to its creator), duplicate key 400, update', async () => {
			const created = await post(sim, `${V1}/space`, {
				key: 'TEAM',
				name: 'Team space',
				description: { plain: { value: 'hello', representation: 'plain' } },
			});
			expect(created.status).toBe(200);
			expect(created.json).toMatchObject({
				key: 'TEAM',
				name: 'Team space',
				type: 'global',
				status: 'current',
				description: { plain: { value: 'hello' } },
			});
			const homepage = created.json.homepage as { id: string; title: string };
			expect(homepage.title).toBe('Team space Home');

			const priv = await post(sim, `${V1}/space/_private`, { key: 'MINE', name: 'Mine' });
			expect(priv.status).toBe(200);
			expect((await get(sim, `${V2}/spaces?keys=MINE`)).json.results).toHaveLength(1);
			expect((await get(sim, `${V2}/spaces?keys=MINE`, { auth: alex })).json.results).toEqual([]);
			expect((await get(sim, `${V2}/spaces?keys=TEAM`, { auth: alex })).json.results).toHaveLength(
				1,
			);

			sim.setContractValidation(false);
			const duplicate = await post(sim, `${V1}/space`, { key: 'team', name: 'Again' });
			expect(duplicate.status).toBe(400);
			expect(duplicate.json).toMatchObject({
				statusCode: 400,
				message: expect.stringContaining('A space already exists with key team'),
			});
			expect((await post(sim, `${V1}/space`, { key: 'BAD KEY', name: 'Bad' })).status).toBe(400);
			sim.setContractValidation(true);

			const renamed = await put(sim, `${V1}/space/TEAM`, { name: 'Team space 2' });
			expect(renamed.json.name).toBe('Team space 2');
		});

		test('v1 DELETE answers 202 with a long task that finishes over a few polls, then the space is gone', async () => {
			sim.store.createSpace({ key: 'GONE', name: 'Gone soon' });
			const reply = await del(sim, `${V1}/space/GONE`);
			expect(reply.status).toBe(202);
			const task = reply.json as { id: string; links: { status: string } };
			expect(task.links.status).toBe(`/rest/api/longtask/${task.id}`);
			const polls: Array<Record<string, unknown>> = [];
			for (let i = 0; i < 3; i++) polls.push((await get(sim, `/wiki${task.links.status}`)).json);
			expect(polls.map((p) => p.finished)).toEqual([false, false, true]);
			expect(polls.map((p) => p.percentageComplete)).toEqual([33, 66, 100]);
			expect(polls[2]).toMatchObject({ successful: true, status: 'COMPLETED' });
			expect(sim.store.spaceByKey('GONE')).toBeUndefined();
			expect((await get(sim, `${V2}/spaces?keys=GONE`)).json.results).toEqual([]);
			expect(
				sim.store.audit.some(
					(a) => a.summary === 'Space deleted' && a.affectedObject.name === 'Gone soon',
				),
			).toBe(true);
		});

		test('a long task also finishes once enough sim-clock time has passed', async () => {
			sim.store.createSpace({ key: 'SLOW', name: 'Slow' });
			const task = (await del(sim, `${V1}/space/SLOW`)).json as { id: string };
			sim.clock.advance(10_000);
			expect((await get(sim, `${V1}/longtask/${task.id}`)).json.finished).toBe(true);
		});
	});

	describe('properties', () => {
		test('page properties: create, key filter, versioned update with 409 on stale, delete', async () => {
			const pageId = sim.demo!.pages.projectPlan;
			const created = await post(sim, `${V2}/pages/${pageId}/properties`, {
				key: 'status',
				value: { phase: 'design' },
			});
			expect(created.status).toBe(200);
			expect(created.json).toMatchObject({
				key: 'status',
				value: { phase: 'design' },
				version: { number: 1 },
			});
			const id = created.json.id as string;
			await post(sim, `${V2}/pages/${pageId}/properties`, { key: 'other', value: 42 });
			expect(
				(await get(sim, `${V2}/pages/${pageId}/properties?key=status`)).json.results,
			).toHaveLength(1);
			expect(
				(await get(sim, `${V2}/pages/${pageId}/properties?sort=-key`)).json.results?.map(
					(p) => p.key,
				),
			).toEqual(['status', 'other']);

			const updated = await put(sim, `${V2}/pages/${pageId}/properties/${id}`, {
				key: 'status',
				value: { phase: 'build' },
				version: { number: 2, message: 'next' },
			});
			expect(updated.json).toMatchObject({
				value: { phase: 'build' },
				version: { number: 2, message: 'next' },
			});

			sim.setContractValidation(false);
			const stale = await put(sim, `${V2}/pages/${pageId}/properties/${id}`, {
				key: 'status',
				value: 'x',
				version: { number: 2 },
			});
			expect(stale.status).toBe(409);
			expect((stale.json.errors as Array<{ title: string }>)[0].title).toBe(
				'Version must be incremented when updating a property. Current Version: [2]. Provided version: [2]',
			);
			expect(
				(await post(sim, `${V2}/pages/${pageId}/properties`, { key: 'status', value: 1 })).status,
			).toBe(400);
			sim.setContractValidation(true);

			expect((await del(sim, `${V2}/pages/${pageId}/properties/${id}`)).status).toBe(204);
			expect((await get(sim, `${V2}/pages/${pageId}/properties/${id}`)).status).toBe(404);
			// a property id under another page is not found
			const otherId = (await get(sim, `${V2}/pages/${pageId}/properties?key=other`)).json
				.results?.[0].id as string;
			expect(
				(await get(sim, `${V2}/pages/${sim.demo!.homepageId}/properties/${otherId}`)).status,
			).toBe(404);
		});

		test('blog post and whiteboard properties share the implementation', async () => {
			const blogId = sim.demo!.blogPosts[0];
			expect(
				(await post(sim, `${V2}/blogposts/${blogId}/properties`, { key: 'k', value: true })).status,
			).toBe(200);
			const whiteboard = sim.store.createContent('whiteboard', {
				spaceId: sim.demo!.spaceId,
				title: 'Board',
			});
			const created = await post(sim, `${V2}/whiteboards/${whiteboard.id}/properties`, {
				key: 'k',
				value: [1, 2],
			});
			expect(created.status).toBe(200);
			const got = await get(
				sim,
				`${V2}/whiteboards/${whiteboard.id}/properties/${created.json.id as string}`,
			);
			expect(got.json.value).toEqual([1, 2]);
			// a page id is not a whiteboard
			expect((await get(sim, `${V2}/whiteboards/${sim.demo!.homepageId}/properties`)).status).toBe(
				404,
			);
		});

		test('space properties answer 201 with a location and the SpaceProperty shape', async () => {
			const spaceId = sim.demo!.spaceId;
			const created = await post(sim, `${V2}/spaces/${spaceId}/properties`, {
				key: 'theme',
				value: 'dark',
			});
			expect(created.status).toBe(201);
			expect(created.headers.get('location')).toBe(
				`${sim.baseUrl}${V2}/spaces/${spaceId}/properties/${created.json.id as string}`,
			);
			expect(created.json).toMatchObject({
				key: 'theme',
				value: 'dark',
				createdBy: sim.users.demo.accountId,
				version: { number: 1, createdBy: sim.users.demo.accountId },
			});
			const updated = await put(
				sim,
				`${V2}/spaces/${spaceId}/properties/${created.json.id as string}`,
				{ key: 'theme', value: 'light', version: { number: 2 } },
			);
			expect(updated.json).toMatchObject({ value: 'light', version: { number: 2 } });
			// only space admins may write
			expect(
				(
					await post(
						sim,
						`${V2}/spaces/${spaceId}/properties`,
						{ key: 'x', value: 1 },
						{ auth: alex },
					)
				).status,
			).toBe(404);
			expect(
				(await get(sim, `${V2}/spaces/${spaceId}/properties`, { auth: alex })).json.results,
			).toHaveLength(1);
		});
	});

	describe('labels', () => {
		test('v1 add (array or object, idempotent), remove by query and by path, v2 reads', async () => {
			const pageId = sim.demo!.pages.projectPlan;
			const added = await post(sim, `${V1}/content/${pageId}/label`, [
				{ prefix: 'global', name: 'Roadmap' },
				{ prefix: 'global', name: 'q3/2026' },
			]);
			expect(added.status).toBe(200);
			expect(added.json).toMatchObject({ start: 0, size: 3 });
			expect((added.json.results ?? []).map((l) => l.name)).toEqual([
				'planning',
				'roadmap',
				'q3/2026',
			]);
			const again = await post(sim, `${V1}/content/${pageId}/label`, {
				prefix: 'global',
				name: 'roadmap',
			});
			expect(again.json.size).toBe(3);
			const labels = await get(sim, `${V2}/pages/${pageId}/labels?sort=name`);
			expect((labels.json.results ?? []).map((l) => l.name)).toEqual([
				'planning',
				'q3/2026',
				'roadmap',
			]);

			expect(
				(await del(sim, `${V1}/content/${pageId}/label?name=${encodeURIComponent('q3/2026')}`))
					.status,
			).toBe(204);
			expect((await del(sim, `${V1}/content/${pageId}/label/roadmap`)).status).toBe(204);
			sim.setContractValidation(false);
			await post(sim, `${V1}/content/${pageId}/label`, [{ prefix: 'global', name: 'a/b' }]);
			const slash = await del(sim, `${V1}/content/${pageId}/label/${encodeURIComponent('a/b')}`);
			expect(slash.status).toBe(400);
			expect(
				(
					await post(sim, `${V1}/content/${pageId}/label`, [
						{ prefix: 'global', name: 'has space' },
					])
				).status,
			).toBe(400);
			expect(
				(await post(sim, `${V1}/content/${pageId}/label`, [{ prefix: 'nope', name: 'x' }])).status,
			).toBe(400);
			sim.setContractValidation(true);
			expect(
				(await get(sim, `${V2}/pages/${pageId}/labels`)).json.results?.map((l) => l.name),
			).toEqual(['planning', 'a/b']);

			const site = await get(sim, `${V2}/labels?prefix=global&sort=name&limit=100`);
			expect((site.json.results ?? []).map((l) => l.name)).toContain('engineering');
			const byName = await get(sim, `${V1}/label?name=engineering`);
			expect(byName.json).toMatchObject({
				label: { name: 'engineering', prefix: 'global' },
				associatedContents: { size: 3 },
			});
		});

		test('label writes need edit permission: 403 when viewable but restricted', async () => {
			const pageId = sim.demo!.pages.projectPlan;
			sim.store.setRestriction(pageId, 'update', { users: [sim.users.demo.accountId] });
			const reply = await post(
				sim,
				`${V1}/content/${pageId}/label`,
				[{ prefix: 'global', name: 'x' }],
				{ auth: alex },
			);
			expect(reply.status).toBe(403);
			expect(reply.json.statusCode).toBe(403);
		});

		test('attachment labels are served from the shared store', async () => {
			sim.store.addLabel(sim.demo!.attachmentId, 'file-label');
			// the spec declares this id as an integer: the numeric part of att<number>
			const numericId = sim.demo!.attachmentId.replace(/^att/, '');
			const reply = await get(sim, `${V2}/attachments/${numericId}/labels`);
			expect((reply.json.results ?? []).map((l) => l.name)).toEqual(['file-label']);
		});
	});

	describe('restrictions', () => {
		test('read restrictions hide content and its descendants from other users; update restrictions block edits', async () => {
			const { engineering, codeSamples } = sim.demo!.pages;
			const base = `${V1}/content/${engineering}/restriction`;
			const before = await get(sim, base);
			expect(before.json).toMatchObject({ size: 2, start: 0, limit: 100 });
			expect((before.json.results ?? []).map((r) => r.operation)).toEqual(['read', 'update']);

			const set = await put(sim, base, [
				{
					operation: 'read',
					restrictions: { user: [{ type: 'known', accountId: sim.users.demo.accountId }] },
				},
				{
					operation: 'update',
					restrictions: { user: [{ type: 'known', accountId: sim.users.demo.accountId }] },
				},
			]);
			expect(set.status).toBe(200);
			const read = (set.json.results ?? []).find((r) => r.operation === 'read') as {
				restrictions: { user: { results: Array<{ accountId: string }> } };
			};
			expect(read.restrictions.user.results.map((u) => u.accountId)).toEqual([
				sim.users.demo.accountId,
			]);

			expect((await get(sim, `${V2}/pages/${engineering}`, { auth: alex })).status).toBe(404);
			expect((await get(sim, `${V2}/pages/${codeSamples}`, { auth: alex })).status).toBe(404);
			expect((await get(sim, `${V2}/pages/${engineering}`)).status).toBe(200);
			const descendants = await get(
				sim,
				`${V2}/pages/${sim.demo!.homepageId}/descendants?depth=3`,
				{ auth: alex },
			);
			expect((descendants.json.results ?? []).map((d) => d.id)).not.toContain(codeSamples);

			const group = await post(sim, base, [
				{
					operation: 'read',
					restrictions: { group: [{ type: 'group', name: 'confluence-users' }] },
				},
			]);
			expect(group.status).toBe(200);
			expect((await get(sim, `${V2}/pages/${engineering}`, { auth: alex })).status).toBe(200);
			const byOperation = await get(sim, `${base}/byOperation`);
			expect(Object.keys(byOperation.json).sort()).toEqual(['_links', 'read', 'update']);
			expect(
				(
					await get(
						sim,
						`${base}/byOperation/read/user?accountId=${encodeURIComponent(sim.users.demo.accountId)}`,
					)
				).status,
			).toBe(200);
			expect(
				(
					await get(
						sim,
						`${base}/byOperation/read/user?accountId=${encodeURIComponent(sim.demo!.secondUser.accountId)}`,
					)
				).status,
			).toBe(404);

			const removed = await del(sim, base);
			expect(removed.status).toBe(200);
			expect(sim.store.get(engineering)?.restrictions).toEqual({
				read: { users: [], groups: [] },
				update: { users: [], groups: [] },
			});
		});

		test('per-user add and remove', async () => {
			const pageId = sim.demo!.pages.meetingNotes;
			const path = `${V1}/content/${pageId}/restriction/byOperation/update/user?accountId=${encodeURIComponent(sim.users.demo.accountId)}`;
			expect((await put(sim, path, undefined)).status).toBe(200);
			expect(sim.store.get(pageId)?.restrictions.update.users).toEqual([sim.users.demo.accountId]);
			const edit = await put(
				sim,
				`${V2}/pages/${pageId}`,
				{
					id: pageId,
					status: 'current',
					title: 'Meeting notes',
					body: { representation: 'storage', value: '<p>x</p>' },
					version: { number: 2 },
				},
				{ auth: alex },
			);
			expect(edit.status).toBe(404);
			expect((await del(sim, path)).status).toBe(200);
			expect(sim.store.get(pageId)?.restrictions.update.users).toEqual([]);
		});
	});

	describe('users', () => {
		test('current, anonymous, by account id, bulk (v1 and v2)', async () => {
			const current = await get(sim, `${V1}/user/current?expand=operations`);
			expect(current.json).toMatchObject({
				type: 'known',
				accountId: sim.users.demo.accountId,
				accountType: 'atlassian',
				displayName: 'Demo User',
			});
			expect(current.json.operations).toContainEqual({
				operation: 'administer',
				targetType: 'application',
			});
			expect((await get(sim, `${V1}/user/anonymous`)).json).toMatchObject({
				type: 'anonymous',
				displayName: 'Anonymous',
			});
			const alexUser = await get(
				sim,
				`${V1}/user?accountId=${encodeURIComponent(sim.demo!.secondUser.accountId)}`,
			);
			expect(alexUser.json).toMatchObject({
				displayName: 'Alex Rivera',
				email: 'alex@example.com',
			});
			sim.setContractValidation(false);
			expect((await get(sim, `${V1}/user?accountId=nobody`)).status).toBe(404);
			sim.setContractValidation(true);
			const bulk = await post(sim, `${V2}/users-bulk`, {
				accountIds: [sim.demo!.secondUser.accountId, 'unknown', sim.users.demo.accountId],
			});
			expect((bulk.json.results ?? []).map((u) => u.displayName)).toEqual([
				'Alex Rivera',
				'Demo User',
			]);
			expect(bulk.json.results?.[0]).toMatchObject({
				accountStatus: 'active',
				accountType: 'atlassian',
				email: 'alex@example.com',
			});
		});

		test('search/user evaluates CQL on user fields and rejects what it cannot parse', async () => {
			const byName = await get(
				sim,
				`${V1}/search/user?cql=${encodeURIComponent('user.fullname ~ "alex"')}`,
			);
			expect(byName.json).toMatchObject({
				size: 1,
				totalSize: 1,
				cqlQuery: 'user.fullname ~ "alex"',
			});
			expect(((byName.json.results ?? [])[0].user as { accountId: string }).accountId).toBe(
				sim.demo!.secondUser.accountId,
			);
			const byId = await get(
				sim,
				`${V1}/search/user?cql=${encodeURIComponent(`user.accountid = "${sim.users.demo.accountId}" OR user.fullname ~ "rivera"`)}`,
			);
			expect(byId.json.size).toBe(2);
			const none = await get(
				sim,
				`${V1}/search/user?cql=${encodeURIComponent('user.fullname ~ "zzz"')}`,
			);
			expect(none.json.results).toEqual([]);
			sim.setContractValidation(false);
			const bad = await get(sim, `${V1}/search/user?cql=${encodeURIComponent('user.fullname ~')}`);
			expect(bad.status).toBe(400);
			expect(bad.json.message).toContain('Could not parse cql : user.fullname ~');
			expect(
				(await get(sim, `${V1}/search/user?cql=${encodeURIComponent('type = page')}`)).status,
			).toBe(400);
			sim.setContractValidation(true);
		});
	});
});
