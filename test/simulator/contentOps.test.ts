import { useSimulator } from '../helpers/fixtures';
import { basic, call } from './testHttp';

describe('simulator v1 content operations', () => {
	const sim = useSimulator('demo', { failOnErrors: true });

	const pageBody = async (id: string) =>
		(await call(sim, 'GET', `/wiki/api/v2/pages/${id}?body-format=storage`)).body;

	describe('versions', () => {
		it('restores an old version as a new one, optionally with its title', async () => {
			const id = sim.demo!.pages.projectPlan;
			sim.store.updatePage(id, { title: 'Project plan v2', body: '<p>second</p>' });
			const restored = await call(sim, 'POST', `/wiki/rest/api/content/${id}/version`, {
				body: {
					operationKey: 'restore',
					params: { versionNumber: 1, message: 'Back to the start', restoreTitle: true },
				},
			});
			expect(restored.status).toBe(200);
			expect(restored.body).toMatchObject({
				number: 3,
				message: 'Back to the start',
				minorEdit: false,
				by: { accountId: sim.users.demo.accountId },
			});
			const page = await pageBody(id);
			expect(page.title).toBe('Project plan');
			expect(page.version.number).toBe(3);
			expect(page.body.storage.value).toContain('<h2>Milestones</h2>');
		});

		it('answers 400 for the current version, a missing version and missing content', async () => {
			const id = sim.demo!.pages.projectPlan;
			const restore = (versionNumber: number, target = id) =>
				call(sim, 'POST', `/wiki/rest/api/content/${target}/version`, {
					body: { operationKey: 'restore', params: { versionNumber, message: 'x' } },
				});
			expect((await restore(1)).status).toBe(400);
			expect((await restore(9)).status).toBe(400);
			const missing = await restore(1, '987654321');
			expect(missing.status).toBe(400);
			expect(missing.body).toMatchObject({ statusCode: 400 });
		});

		it('deletes a historical version but never the current one', async () => {
			const id = sim.demo!.pages.gettingStarted;
			sim.store.updatePage(id, { body: '<p>third</p>' });
			expect((await call(sim, 'DELETE', `/wiki/rest/api/content/${id}/version/3`)).status).toBe(
				400,
			);
			expect((await call(sim, 'DELETE', `/wiki/rest/api/content/${id}/version/1`)).status).toBe(
				204,
			);
			const versions = await call(sim, 'GET', `/wiki/api/v2/pages/${id}/versions`);
			expect(versions.body.results.map((v: { number: number }) => v.number)).toEqual([3, 2]);
			expect((await call(sim, 'DELETE', `/wiki/rest/api/content/${id}/version/1`)).status).toBe(
				400,
			);
		});
	});

	describe('move', () => {
		it('appends under a target, and places before/after a sibling', async () => {
			const { engineering, codeSamples, releaseNotes, projectPlan } = sim.demo!.pages;
			const appended = await call(
				sim,
				'PUT',
				`/wiki/rest/api/content/${projectPlan}/move/append/${engineering}`,
			);
			expect(appended.status).toBe(200);
			expect(appended.body).toEqual({ pageId: projectPlan });
			const order = async () =>
				(
					await call(sim, 'GET', `/wiki/api/v2/pages/${engineering}/children?sort=child-position`)
				).body.results.map((c: { id: string }) => c.id);
			expect(await order()).toEqual([codeSamples, releaseNotes, projectPlan]);

			await call(sim, 'PUT', `/wiki/rest/api/content/${projectPlan}/move/before/${codeSamples}`);
			expect(await order()).toEqual([projectPlan, codeSamples, releaseNotes]);
			await call(sim, 'PUT', `/wiki/rest/api/content/${projectPlan}/move/after/${releaseNotes}`);
			expect(await order()).toEqual([codeSamples, releaseNotes, projectPlan]);
		});

		it('refuses cycles (400) and unknown pages (404)', async () => {
			const { engineering, codeSamples } = sim.demo!.pages;
			const cycle = await call(
				sim,
				'PUT',
				`/wiki/rest/api/content/${engineering}/move/append/${codeSamples}`,
			);
			expect(cycle.status).toBe(400);
			expect(cycle.body.message).toContain('parent-child loop');
			const missing = await call(
				sim,
				'PUT',
				`/wiki/rest/api/content/${engineering}/move/append/424242`,
			);
			expect(missing.status).toBe(404);
		});

		it('moves a subtree to another space, and refuses when a title is taken there', async () => {
			const other = sim.store.createSpace({ key: 'OPS', name: 'Operations' });
			const { engineering, codeSamples } = sim.demo!.pages;
			const moved = await call(
				sim,
				'PUT',
				`/wiki/rest/api/content/${engineering}/move/append/${other.homepageId}`,
			);
			expect(moved.status).toBe(200);
			expect((await pageBody(codeSamples)).spaceId).toBe(other.id);
			const ancestors = await call(sim, 'GET', `/wiki/api/v2/pages/${codeSamples}/ancestors`);
			expect(ancestors.body.results.map((a: { id: string }) => a.id)).toEqual([
				other.homepageId,
				engineering,
			]);

			sim.store.createPage({ spaceId: other.id, title: 'Project plan' });
			const clash = await call(
				sim,
				'PUT',
				`/wiki/rest/api/content/${sim.demo!.pages.projectPlan}/move/append/${other.homepageId}`,
			);
			expect(clash.status).toBe(400);
			expect(clash.body.message).toContain('A page with this title already exists');
		});
	});

	describe('copy', () => {
		it('copies a page under a parent with attachments, labels and properties', async () => {
			const source = sim.demo!.pages.gettingStarted;
			sim.store.createProperty('content', source, 'reviewed', { by: 'alex' });
			const res = await call(sim, 'POST', `/wiki/rest/api/content/${source}/copy`, {
				body: {
					destination: { type: 'parent_page', value: sim.demo!.pages.engineering },
					pageTitle: 'Getting started (copy)',
					copyAttachments: true,
					copyLabels: true,
					copyProperties: true,
				},
			});
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({
				type: 'page',
				status: 'current',
				title: 'Getting started (copy)',
				space: { key: 'DEMO' },
				version: { number: 1 },
				history: { latest: true },
			});
			const copyId = res.body.id;
			const page = await pageBody(copyId);
			expect(page.parentId).toBe(sim.demo!.pages.engineering);
			expect(page.body.storage.value).toContain('<h2>Overview</h2>');
			const attachments = await call(sim, 'GET', `/wiki/api/v2/pages/${copyId}/attachments`);
			expect(attachments.body.results.map((a: { title: string }) => a.title)).toEqual([
				'hello.txt',
			]);
			const labels = await call(sim, 'GET', `/wiki/api/v2/pages/${copyId}/labels`);
			expect(labels.body.results.map((l: { name: string }) => l.name).sort()).toEqual([
				'getting-started',
				'howto',
			]);
			expect(sim.store.propertiesOf('content', copyId).map((p) => p.value)).toEqual([
				{ by: 'alex' },
			]);
		});

		it('answers 400 for a duplicate title or a bad destination, 404 for a missing one', async () => {
			const source = sim.demo!.pages.projectPlan;
			const copy = (destination: unknown, extra: Record<string, unknown> = {}) =>
				call(sim, 'POST', `/wiki/rest/api/content/${source}/copy`, {
					body: { destination, ...extra },
				});
			const duplicate = await copy({ type: 'space', value: 'DEMO' });
			expect(duplicate.status).toBe(400);
			expect(duplicate.body.message).toContain('A page with this title already exists');
			sim.setContractValidation(false);
			expect((await copy({ type: 'galaxy', value: 'x' })).status).toBe(400);
			sim.setContractValidation(true);
			expect((await copy({ type: 'space', value: 'NOPE' })).status).toBe(404);
			const other = sim.store.createSpace({ key: 'COPY', name: 'Copies' });
			const ok = await copy({ type: 'space', value: other.key });
			expect(ok.status).toBe(200);
			expect((await pageBody(ok.body.id)).parentId).toBeUndefined();
		});

		it('replaces an existing page with the copied content', async () => {
			const target = sim.demo!.pages.releaseNotes;
			const res = await call(
				sim,
				'POST',
				`/wiki/rest/api/content/${sim.demo!.pages.projectPlan}/copy`,
				{
					body: { destination: { type: 'existing_page', value: target } },
				},
			);
			expect(res.status).toBe(200);
			const page = await pageBody(target);
			expect(page.title).toBe('Release notes');
			expect(page.version.number).toBe(2);
			expect(page.body.storage.value).toContain('<h2>Milestones</h2>');
		});

		it('copies a page hierarchy in a long task with renamed titles', async () => {
			const { engineering } = sim.demo!.pages;
			const other = sim.store.createSpace({ key: 'ARCH', name: 'Archive' });
			const conflict = await call(
				sim,
				'POST',
				`/wiki/rest/api/content/${engineering}/pagehierarchy/copy`,
				{
					body: { destinationPageId: sim.demo!.homepageId },
				},
			);
			expect(conflict.status).toBe(400);

			const started = await call(
				sim,
				'POST',
				`/wiki/rest/api/content/${engineering}/pagehierarchy/copy`,
				{
					body: {
						destinationPageId: other.homepageId,
						titleOptions: { prefix: 'Old ' },
						copyLabels: true,
					},
				},
			);
			expect(started.status).toBe(202);
			expect(started.body.links.status).toBe(`/rest/api/longtask/${started.body.id}`);
			expect(sim.store.findByTitle(other.id, 'page', 'Old Engineering')).toBeUndefined();

			let status: { finished: boolean; successful: boolean } = {
				finished: false,
				successful: false,
			};
			for (let i = 0; i < 10 && !status.finished; i++) {
				status = (await call(sim, 'GET', `/wiki/rest/api/longtask/${started.body.id}`)).body;
			}
			expect(status).toMatchObject({ finished: true, successful: true });
			const copied = sim.store.findByTitle(other.id, 'page', 'Old Engineering')!;
			expect(copied.parentId).toBe(other.homepageId);
			expect(
				sim.store
					.treeChildren(copied.id)
					.map((c) => c.title)
					.sort(),
			).toEqual(['Old Code samples', 'Old Release notes']);
			expect(sim.store.labelsOf(copied).map((l) => l.name)).toEqual(['engineering']);
		});

		it('is refused to users without create permission in the destination space', async () => {
			const privateSpace = sim.store.createSpace({ key: 'MINE', name: 'Mine', private: true });
			const alex = sim.demo!.secondUser;
			const res = await call(
				sim,
				'POST',
				`/wiki/rest/api/content/${sim.demo!.pages.projectPlan}/copy`,
				{
					auth: basic(alex.email, alex.apiToken),
					body: { destination: { type: 'space', value: privateSpace.key }, pageTitle: 'Sneaky' },
				},
			);
			expect(res.status).toBe(404);
		});
	});
});
