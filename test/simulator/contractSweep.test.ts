import { contractValidatorAvailable } from './contractHook';
import { startSimulator, type Simulator } from './index';
import { del, get, post, put } from './simClient';

/** Every happy-path operation the core modules serve, validated against Atlassian's OpenAPI files. */
describe('simulator responses follow the OpenAPI contract', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 'demo', contract: true });
	});
	afterAll(async () => await sim.close());

	test('the contract validator is wired in', () => {
		expect(contractValidatorAvailable()).toBe(true);
	});

	test('reads and writes of spaces, pages, blog posts, properties, labels, restrictions and users', async () => {
		const d = sim.demo!;
		const V2 = '/wiki/api/v2';
		const V1 = '/wiki/rest/api';
		const expectOk = async (promise: Promise<{ status: number; text: string }>, path: string) => {
			const reply = await promise;
			expect([path, reply.status < 300 ? 'ok' : reply.text]).toEqual([path, 'ok']);
		};
		const reads = [
			`${V2}/spaces?limit=2&description-format=plain&include-icon=true`,
			`${V2}/spaces/${d.spaceId}?include-labels=true&include-operations=true&include-permissions=true&include-properties=true&description-format=view`,
			`${V2}/spaces/${d.spaceId}/permissions`,
			`${V2}/spaces/${d.spaceId}/operations`,
			`${V2}/spaces/${d.spaceId}/labels`,
			`${V2}/spaces/${d.spaceId}/content/labels`,
			`${V2}/spaces/${d.spaceId}/pages?depth=root&body-format=storage`,
			`${V2}/spaces/${d.spaceId}/blogposts?body-format=atlas_doc_format`,
			`${V2}/pages?limit=3&sort=-modified-date&body-format=storage`,
			`${V2}/pages/${d.pages.gettingStarted}?body-format=view&include-labels=true&include-properties=true&include-operations=true&include-likes=true&include-versions=true&include-direct-children=true&include-favorited-by-current-user-status=true`,
			`${V2}/pages/${d.pages.gettingStarted}?version=1&body-format=atlas_doc_format`,
			`${V2}/pages/${d.pages.gettingStarted}/versions?body-format=storage`,
			`${V2}/pages/${d.pages.gettingStarted}/versions/2`,
			`${V2}/pages/${d.pages.gettingStarted}/likes/count`,
			`${V2}/pages/${d.pages.gettingStarted}/likes/users`,
			`${V2}/pages/${d.pages.gettingStarted}/operations`,
			`${V2}/pages/${d.pages.gettingStarted}/labels?prefix=global`,
			`${V2}/pages/${d.pages.codeSamples}/ancestors`,
			`${V2}/pages/${d.homepageId}/descendants?depth=3`,
			`${V2}/pages/${d.homepageId}/direct-children?sort=title`,
			`${V2}/pages/${d.homepageId}/children`,
			`${V2}/blogposts?limit=2`,
			`${V2}/blogposts/${d.blogPosts[0]}?body-format=storage&include-labels=true`,
			`${V2}/blogposts/${d.blogPosts[0]}/versions`,
			`${V2}/blogposts/${d.blogPosts[0]}/versions/1`,
			`${V2}/blogposts/${d.blogPosts[0]}/likes/count`,
			`${V2}/blogposts/${d.blogPosts[0]}/operations`,
			`${V2}/blogposts/${d.blogPosts[1]}/labels`,
			`${V2}/labels?sort=name`,
			`${V2}/labels/${sim.store.findLabel('engineering')!.id}/pages`,
			`${V2}/labels/${sim.store.findLabel('news')!.id}/blogposts`,
			`${V1}/user/current?expand=operations`,
			`${V1}/user/anonymous`,
			`${V1}/user?accountId=${encodeURIComponent(d.secondUser.accountId)}`,
			`${V1}/search/user?cql=${encodeURIComponent('user.fullname ~ "demo"')}`,
			`${V1}/content/${d.pages.engineering}/restriction`,
			`${V1}/content/${d.pages.engineering}/restriction/byOperation`,
			`${V1}/content/${d.pages.engineering}/restriction/byOperation/read`,
			`${V1}/label?name=engineering`,
			`${V1}/longtask`,
		];
		for (const path of reads) await expectOk(get(sim, path), path);

		const page = await post(sim, `${V2}/pages`, {
			spaceId: d.spaceId,
			title: 'Sweep',
			body: { representation: 'storage', value: '<p>a</p>' },
		});
		const id = page.json.id as string;
		await expectOk(
			put(sim, `${V2}/pages/${id}`, {
				id,
				status: 'current',
				title: 'Sweep 2',
				body: { representation: 'storage', value: '<p>b</p>' },
				version: { number: 2 },
			}),
			'update page',
		);
		await expectOk(
			put(sim, `${V2}/pages/${id}/title`, { status: 'current', title: 'Sweep 3' }),
			'title',
		);
		const property = await post(sim, `${V2}/pages/${id}/properties`, { key: 'k', value: { a: 1 } });
		await expectOk(get(sim, `${V2}/pages/${id}/properties?key=k`), 'property list');
		await expectOk(
			put(sim, `${V2}/pages/${id}/properties/${property.json.id as string}`, {
				key: 'k',
				value: 2,
				version: { number: 2 },
			}),
			'property update',
		);
		await expectOk(
			del(sim, `${V2}/pages/${id}/properties/${property.json.id as string}`),
			'property delete',
		);
		await expectOk(
			post(sim, `${V1}/content/${id}/label`, [{ prefix: 'global', name: 'sweep' }]),
			'label add',
		);
		await expectOk(del(sim, `${V1}/content/${id}/label?name=sweep`), 'label remove');
		await expectOk(
			put(sim, `${V1}/content/${id}/restriction`, [
				{
					operation: 'update',
					restrictions: { user: [{ type: 'known', accountId: sim.users.demo.accountId }] },
				},
			]),
			'restriction put',
		);
		await expectOk(del(sim, `${V1}/content/${id}/restriction`), 'restriction delete');
		await expectOk(del(sim, `${V2}/pages/${id}`), 'trash');
		await expectOk(del(sim, `${V2}/pages/${id}?purge=true`), 'purge');
		const blog = await post(sim, `${V2}/blogposts`, {
			spaceId: d.spaceId,
			title: 'Sweep blog',
			body: { representation: 'storage', value: '<p>a</p>' },
		});
		await expectOk(
			post(sim, `${V2}/blogposts/${blog.json.id as string}/properties`, { key: 'k', value: 'v' }),
			'blog property',
		);
		const spaceProperty = await post(sim, `${V2}/spaces/${d.spaceId}/properties`, {
			key: 'sweep',
			value: true,
		});
		await expectOk(
			get(sim, `${V2}/spaces/${d.spaceId}/properties/${spaceProperty.json.id as string}`),
			'space property',
		);
		await expectOk(
			post(sim, `${V2}/users-bulk`, { accountIds: [sim.users.demo.accountId] }),
			'users-bulk',
		);
		const space = await post(sim, `${V1}/space`, {
			key: 'SWEEP',
			name: 'Sweep',
			description: { plain: { value: 'x', representation: 'plain' } },
		});
		expect(space.status).toBe(200);
		await expectOk(
			post(sim, `${V1}/space/_private`, { key: 'SWEEPP', name: 'Sweep private' }),
			'private space',
		);
		const task = await del(sim, `${V1}/space/SWEEP`);
		expect(task.status).toBe(202);
		await expectOk(get(sim, `${V1}/longtask/${task.json.id as string}`), 'long task');

		expect(sim.serverErrors).toEqual([]);
		expect(sim.contractViolations).toEqual([]);
	});
});
