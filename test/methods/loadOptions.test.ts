/* The node's own pickers, run through n8n-core's LoadOptionsContext as the editor would call them. */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { getLabels } from '../../nodes/Confluence/methods/loadOptions';
import { searchPages, searchWhiteboards } from '../../nodes/Confluence/methods/listSearch';
import { useTestBed, type TestBed } from '../helpers/fixtures';
import { additionalData, packageNode, singleNodeWorkflow, type AuthKind } from '../helpers/n8n';
import { apiRequests, expectCleanExchange } from '../actions/page/helpers';

function loadOptionsContext(
	bed: TestBed,
	parameters: IDataObject,
	path: string,
	auth: AuthKind = 'apiToken',
) {
	const node = packageNode(
		{ id: 'confluence-node', name: 'Confluence', type: 'n8n-nodes-confluence.confluence' },
		auth,
		parameters,
	);
	const workflow = singleNodeWorkflow('wf', node);
	const data = additionalData(bed.credentials) as IWorkflowExecuteAdditionalData & {
		currentNodeParameters?: INodeParameters;
	};
	data.currentNodeParameters = node.parameters;
	return new LoadOptionsContext(workflow, node, data, path);
}

describe('methods', () => {
	const bed = useTestBed('demo');

	describe('loadOptions.getLabels', () => {
		it.each(['apiToken', 'oAuth2'] as AuthKind[])(
			"lists the site's label names, sorted, across pages (%s)",
			async (auth) => {
				const pageId = bed.sim.demo!.pages.projectPlan;
				bed.sim.store.silently(() => {
					for (let n = 0; n < 270; n++)
						bed.sim.store.addLabel(pageId, `zz-bulk-${String(n).padStart(3, '0')}`);
				});
				const context = loadOptionsContext(
					bed,
					{ resource: 'space', operation: 'getMany', filters: {} },
					'parameters.filters.labels',
					auth,
				);
				const options = await getLabels.call(context);
				const names = options.map((option) => option.name);
				expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
				expect(names).toEqual(
					expect.arrayContaining(['demo', 'engineering', 'zz-bulk-000', 'zz-bulk-269']),
				);
				expect(options.every((option) => option.value === option.name)).toBe(true);
				expect(
					apiRequests(bed.sim, 'GET', /\/wiki\/api\/v2\/labels$/).length,
				).toBeGreaterThanOrEqual(2);
				expectCleanExchange(bed.sim);
			},
		);
	});

	// REALITY.md search-pages-filtered-after-paging: the picker's CQL search skips pages emptied by permissions.
	describe('listSearch.searchPages', () => {
		it('skips search pages emptied by permission filtering, so the picker shows what the user may see', async () => {
			bed.sim.setVariants({ searchPermissionFilter: 'after-paging' });
			const alex = [...bed.sim.store.users.values()].find(
				(user) => user.email === 'alex@example.com',
			)!;
			bed.sim.store.silently(() => {
				for (let n = 0; n < 120; n++) {
					bed.sim.store.createPage({
						spaceId: bed.sim.demo!.spaceId,
						title: `Roadmap ${String(n).padStart(3, '0')} secret`,
						body: '<p>hidden</p>',
						authorId: alex.accountId,
						private: true,
					});
				}
				bed.sim.store.createPage({
					spaceId: bed.sim.demo!.spaceId,
					title: 'Roadmap visible',
					body: '<p>open</p>',
					// Older than the hidden pages: search ranks the newest first among equal scores.
					createdAt: new Date(bed.sim.clock.now().getTime() - 60_000),
				});
			});
			const context = loadOptionsContext(
				bed,
				{ resource: 'page', operation: 'get' },
				'parameters.page',
			);
			const found = await searchPages.call(context, 'Roadmap');
			expect(found.results.map((entry) => entry.name)).toEqual(['Roadmap visible']);
			expect(
				apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/search$/).length,
			).toBeGreaterThanOrEqual(2);
			expectCleanExchange(bed.sim);
		});
	});

	describe('listSearch.searchWhiteboards', () => {
		it('finds whiteboards of every space by title prefix with a CQL search', async () => {
			const demo = bed.sim.demo!;
			const other = bed.sim.store.createSpace({ key: 'OTHER', name: 'Other' });
			const retro = bed.sim.store.createContent('whiteboard', {
				spaceId: demo.spaceId,
				title: 'Retro board',
			});
			bed.sim.store.createContent('whiteboard', { spaceId: demo.spaceId, title: 'Roadmap board' });
			const elsewhere = bed.sim.store.createContent('whiteboard', {
				spaceId: other.id,
				title: 'Retro elsewhere',
			});
			const context = loadOptionsContext(
				bed,
				{ resource: 'whiteboard', operation: 'get' },
				'parameters.whiteboard',
			);
			const found = await searchWhiteboards.call(context, 'Retro');
			expect(found.results.map((result) => [result.name, result.value]).sort()).toEqual([
				['Retro board', retro.id],
				['Retro elsewhere', elsewhere.id],
			]);
			expect(found.results.every((result) => String(result.url).includes('/whiteboard'))).toBe(
				true,
			);
			const [request] = apiRequests(bed.sim, 'GET', /\/wiki\/rest\/api\/search$/);
			expect(request.query.cql).toBe('type = whiteboard AND title ~ "Retro*"');
			expectCleanExchange(bed.sim);
		});

		it('without a filter lists every whiteboard, newest first', async () => {
			const demo = bed.sim.demo!;
			bed.sim.clock.set('2026-01-01T00:00:00Z');
			const older = bed.sim.store.createContent('whiteboard', {
				spaceId: demo.spaceId,
				title: 'Older',
			});
			bed.sim.clock.set('2026-02-01T00:00:00Z');
			const newer = bed.sim.store.createContent('whiteboard', {
				spaceId: demo.spaceId,
				title: 'Newer',
			});
			bed.sim.clock.useRealTime();
			const context = loadOptionsContext(
				bed,
				{ resource: 'whiteboard', operation: 'get' },
				'parameters.whiteboard',
			);
			const found = await searchWhiteboards.call(context);
			expect(found.results.map((result) => result.value)).toEqual([newer.id, older.id]);
		});
	});
});
