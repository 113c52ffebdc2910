/* Row 3: listing N pages with Return All through the node (n8n's execution engine, in process) against a bare HTTP
 * client that follows the cursor with the largest page size. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runNode } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { apiRequestsSince, bareClient, log, median, timed, type BenchResult } from './lib';

export async function listing(sim: Simulator, pages: number, repeats = 3): Promise<BenchResult[]> {
	fastRetries();
	sim.reset('empty');
	sim.setContractValidation(false);
	const space = sim.store.createSpace({ key: 'LIST', name: 'Listing' });
	// The homepage is one of the space's pages already.
	sim.store.seedPages(pages - 1, { spaceId: space.id });
	const credentials = credentialsFor(sim);
	const parameters = {
		resource: 'page',
		operation: 'getMany',
		space: { __rl: true, mode: 'id', value: space.id },
		returnAll: true,
	};

	const oursMs: number[] = [];
	const bareMs: number[] = [];
	let oursRequests = 0;
	let oursItems = 0;
	let bareRequests = 0;
	let bareItems = 0;
	for (let round = 0; round < repeats; round++) {
		const before = sim.requests.length;
		const ours = await timed(async () => await runNode({ parameters, credentials }));
		if (ours.value.error) throw ours.value.error;
		oursMs.push(ours.ms);
		oursRequests = apiRequestsSince(sim, before);
		oursItems = ours.value.items.length;

		const client = bareClient(sim);
		const bare = await timed(async () => {
			const all: IDataObject[] = [];
			let next: string | undefined = `/wiki/api/v2/spaces/${space.id}/pages?limit=250`;
			while (next) {
				const body = await client.get(next);
				all.push(...((body.results as IDataObject[]) ?? []));
				next = ((body._links as IDataObject | undefined)?.next as string | undefined) ?? undefined;
			}
			return all;
		});
		bareMs.push(bare.ms);
		bareRequests = client.requests;
		bareItems = bare.value.length;
	}
	const floor = Math.ceil(pages / 250);
	log(
		`row 3: ${oursItems} pages in ${oursRequests} requests, ${Math.round(median(oursMs))} ms; bare client ${Math.round(median(bareMs))} ms`,
	);
	return [
		{
			row: 3,
			case: `Get Many pages, Return All, N = ${pages.toLocaleString('en-US')}`,
			metric: 'requests',
			unit: 'requests',
			ours: oursRequests,
			alternative: { name: 'bare fetch, limit 250', value: bareRequests },
			floor,
			check: {
				label: `all ${pages} pages, ceil(N/250) requests`,
				ok: oursItems === pages && oursRequests <= floor,
			},
		},
		{
			row: 3,
			case: `Get Many pages, Return All, N = ${pages.toLocaleString('en-US')}`,
			metric: 'wall time',
			unit: 'ms',
			ours: median(oursMs),
			alternative: { name: 'bare fetch, limit 250', value: median(bareMs) },
			check: { label: 'same pages', ok: bareItems === oursItems },
			note: `median of ${repeats}; the node also runs n8n's execution engine and simplifies every page`,
		},
	];
}
