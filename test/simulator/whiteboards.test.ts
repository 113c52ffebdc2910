import { useSimulator } from '../helpers/fixtures';
import { basic, call } from './testHttp';

describe('simulator whiteboards', () => {
	const sim = useSimulator('demo', { failOnErrors: true });

	it('creates a whiteboard under a page, reads it with include-*, lists ancestors top first', async () => {
		const parentId = sim.demo!.pages.codeSamples;
		const created = await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: {
				spaceId: sim.demo!.spaceId,
				title: 'Architecture',
				parentId,
				templateKey: 'flow-chart',
			},
		});
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			type: 'whiteboard',
			status: 'current',
			title: 'Architecture',
			parentId,
			parentType: 'page',
			spaceId: sim.demo!.spaceId,
			authorId: sim.users.demo.accountId,
			version: { number: 1 },
			_links: { base: `${sim.baseUrl}/wiki` },
		});
		const id = created.body.id;
		expect(sim.store.get(id)!.extra.templateKey).toBe('flow-chart');

		const got = await call(
			sim,
			'GET',
			`/wiki/api/v2/whiteboards/${id}?include-operations=true&include-properties=true`,
		);
		expect(got.body.operations.results).toEqual(
			expect.arrayContaining([{ operation: 'read', targetType: 'whiteboard' }]),
		);
		expect(got.body.properties.results).toEqual([]);

		const ancestors = await call(sim, 'GET', `/wiki/api/v2/whiteboards/${id}/ancestors`);
		expect(ancestors.body.results).toEqual([
			{ id: sim.demo!.homepageId, type: 'page' },
			{ id: sim.demo!.pages.engineering, type: 'page' },
			{ id: parentId, type: 'page' },
		]);
		const nearest = await call(sim, 'GET', `/wiki/api/v2/whiteboards/${id}/ancestors?limit=1`);
		expect(nearest.body.results).toEqual([{ id: parentId, type: 'page' }]);

		const children = await call(sim, 'GET', `/wiki/api/v2/pages/${parentId}/direct-children`);
		expect(children.body.results).toEqual(
			expect.arrayContaining([expect.objectContaining({ id, type: 'whiteboard' })]),
		);
	});

	it('rejects unknown template keys and a parent in another space; 404 for a missing space', async () => {
		sim.setContractValidation(false);
		const badTemplate = await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: { spaceId: sim.demo!.spaceId, templateKey: 'no-such-template' },
		});
		expect(badTemplate.status).toBe(400);
		const missingSpace = await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: { spaceId: '999999' },
		});
		expect(missingSpace.status).toBe(404);
		const other = sim.store.createSpace({ key: 'OTHER', name: 'Other' });
		const crossSpace = await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: { spaceId: other.id, parentId: sim.demo!.pages.codeSamples },
		});
		expect(crossSpace.status).toBe(400);
	});

	it('private whiteboards are visible to their creator only; delete moves to the trash', async () => {
		const created = await call(sim, 'POST', '/wiki/api/v2/whiteboards?private=true', {
			body: { spaceId: sim.demo!.spaceId, title: 'Secret plan' },
		});
		const id = created.body.id;
		const alex = sim.demo!.secondUser;
		sim.setContractValidation(false);
		expect(
			(
				await call(sim, 'GET', `/wiki/api/v2/whiteboards/${id}`, {
					auth: basic(alex.email, alex.apiToken),
				})
			).status,
		).toBe(404);
		sim.setContractValidation(true);

		expect((await call(sim, 'DELETE', `/wiki/api/v2/whiteboards/${id}`)).status).toBe(204);
		expect(sim.store.get(id)!.status).toBe('trashed');
		sim.setContractValidation(false);
		expect((await call(sim, 'GET', `/wiki/api/v2/whiteboards/${id}`)).status).toBe(404);
		expect((await call(sim, 'DELETE', `/wiki/api/v2/whiteboards/${id}`)).status).toBe(404);
		expect(sim.store.audit.map((a) => a.summary)).toEqual(
			expect.arrayContaining(['Whiteboard created', 'Whiteboard moved to trash']),
		);
	});

	it('stores whiteboard content properties with version checks (core property implementation)', async () => {
		const { body: board } = await call(sim, 'POST', '/wiki/api/v2/whiteboards', {
			body: { spaceId: sim.demo!.spaceId, title: 'Props' },
		});
		const created = await call(sim, 'POST', `/wiki/api/v2/whiteboards/${board.id}/properties`, {
			body: { key: 'zoom', value: { level: 2 } },
		});
		expect(created.status).toBe(200);
		const updated = await call(
			sim,
			'PUT',
			`/wiki/api/v2/whiteboards/${board.id}/properties/${created.body.id}`,
			{
				body: { key: 'zoom', value: { level: 3 }, version: { number: 2 } },
			},
		);
		expect(updated.body).toMatchObject({ value: { level: 3 }, version: { number: 2 } });
	});
});
