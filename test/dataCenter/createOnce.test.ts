/* Creates on Data Center are sent once: when the connection drops after Confluence applied a create, the node finds
 * what landed through the v1 title look-up (by user key) instead of sending it again. */
import type { IDataObject } from 'n8n-workflow';

import { byKey, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, parameters));
}

function titled(title: string) {
	return sim.store.list('page').filter((item) => item.title === title);
}

describe('creates on Data Center', () => {
	it.each(['create', 'createOrUpdate'] as const)(
		'[dc page.%s] answers with the page that landed when the connection drops after Confluence applied it',
		async (operation) => {
			sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/rest\/api\/content$/ });
			const [page] = await run({
				resource: 'page',
				operation,
				space: byKey('DEMO'),
				title: 'Sent once',
				bodyFormat: 'storage',
				body: '<p>once</p>',
			});
			expect(titled('Sent once')).toHaveLength(1);
			expect(page).toEqual(
				expect.objectContaining({ id: titled('Sent once')[0].id, title: 'Sent once' }),
			);
			if (operation === 'createOrUpdate') expect(page.operation).toBe('created');
			expect(dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/)).toHaveLength(1);
			const [lookup] = dataCenterRequests(sim, 'GET', /\/rest\/api\/user\/current$/);
			expect(lookup).toBeDefined();
		},
	);

	it('[dc page.create] sends again when the connection dropped before Confluence applied it, and makes one page', async () => {
		sim.faults.inject({ kind: 'dropBeforeApply', method: 'POST', path: /\/rest\/api\/content$/ });
		await run({
			resource: 'page',
			operation: 'create',
			space: byKey('DEMO'),
			title: 'Sent twice',
			bodyFormat: 'storage',
			body: '<p>x</p>',
		});
		expect(titled('Sent twice')).toHaveLength(1);
		expect(dataCenterRequests(sim, 'POST', /\/rest\/api\/content$/)).toHaveLength(2);
	});

	it('[dc page.createOrUpdate] updates the page of that title, and leaves it alone when nothing changed', async () => {
		const parameters = {
			resource: 'page',
			operation: 'createOrUpdate',
			space: byKey('DEMO'),
			title: 'Getting started',
			bodyFormat: 'storage',
			body: '<p>new text</p>',
		};
		const [updated] = await run(parameters);
		expect(updated).toEqual(
			expect.objectContaining({ id: sim.demo!.pages.gettingStarted, operation: 'updated' }),
		);
		const [unchanged] = await run(parameters);
		expect(unchanged.operation).toBe('unchanged');
		expect(dataCenterRequests(sim, 'PUT')).toHaveLength(1);
	});
});
