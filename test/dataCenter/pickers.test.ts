/* The editor's pickers with the Data Center credential: spaces by key, content through CQL, paging by `start`, labels
 * from the spaces' metadata (REALITY.md dc-space-metadata-labels). */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { searchPages, searchSpaces } from '../../nodes/Confluence/methods/listSearch';
import { getLabels } from '../../nodes/Confluence/methods/loadOptions';
import { additionalData, packageNode, singleNodeWorkflow } from '../helpers/n8n';
import { dataCenterCredential, dataCenterRequests, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

function pickerContext(parameters: IDataObject, path: string) {
	const node = packageNode(
		{ id: 'confluence-node', name: 'Confluence', type: 'n8n-nodes-confluence.confluence' },
		'dataCenter',
		parameters,
	);
	const workflow = singleNodeWorkflow('wf', node);
	const data = additionalData({
		confluenceDataCenterApi: dataCenterCredential(sim),
	}) as IWorkflowExecuteAdditionalData & { currentNodeParameters?: INodeParameters };
	data.currentNodeParameters = node.parameters;
	return new LoadOptionsContext(workflow, node, data, path);
}

describe('pickers on Data Center', () => {
	it('list spaces by key, page after page by start', async () => {
		for (let n = 0; n < 55; n++) {
			sim.store.createSpace({ key: `S${String(n).padStart(2, '0')}`, name: `Space ${n}` });
		}
		const context = pickerContext({ resource: 'space', operation: 'get' }, 'parameters.space');
		const first = await searchSpaces.call(context);
		expect(first.results[0]).toEqual(
			expect.objectContaining({ name: 'Demo space (DEMO)', value: 'DEMO' }),
		);
		expect(first.paginationToken).toBe('start=50');
		const second = await searchSpaces.call(context, undefined, first.paginationToken);
		const keys = [...first.results, ...second.results].map((result) => result.value);
		expect(new Set(keys).size).toBe(56);
		expect(second.paginationToken).toBeUndefined();
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/space$/).at(-1)?.query.start).toBe('50');
	});

	it('find a space by what is typed, through CQL, and give its key', async () => {
		const context = pickerContext({ resource: 'space', operation: 'get' }, 'parameters.space');
		const found = await searchSpaces.call(context, 'Demo');
		expect(found.results.map((result) => result.value)).toEqual(['DEMO']);
	});

	it('list the pages of the chosen space through CQL, and find one by title', async () => {
		const context = pickerContext(
			{
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'key', value: 'DEMO' },
			},
			'parameters.parentPage',
		);
		const all = await searchPages.call(context);
		expect(all.results.map((result) => result.value)).toContain(sim.demo!.pages.gettingStarted);
		const [search] = dataCenterRequests(sim, 'GET', /\/rest\/api\/search$/);
		expect(search.query.cql).toBe('type = page AND space = "DEMO" ORDER BY lastmodified DESC');
		const typed = await searchPages.call(context, 'Getting');
		expect(typed.results).toEqual([
			expect.objectContaining({ name: 'Getting started', value: sim.demo!.pages.gettingStarted }),
		]);
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});

	it('offer the labels of the spaces for the space label filter, without v2', async () => {
		const other = sim.store.createSpace({ key: 'OPS', name: 'Operations' });
		sim.store.addSpaceLabel(other.id, 'runbooks');
		sim.store.addSpaceLabel(sim.demo!.spaceId, 'team-docs');
		sim.store.addSpaceLabel(sim.demo!.spaceId, 'runbooks');
		const context = pickerContext(
			{ resource: 'space', operation: 'getMany' },
			'parameters.filters.labels',
		);
		const options = await getLabels.call(context);
		expect(options).toEqual([
			{ name: 'demo', value: 'demo' },
			{ name: 'runbooks', value: 'runbooks' },
			{ name: 'team-docs', value: 'team-docs' },
		]);
		const [list] = dataCenterRequests(sim, 'GET', /\/rest\/api\/space$/);
		expect(list.query.expand).toBe('metadata.labels');
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});
});
