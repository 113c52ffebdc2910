/* The trigger's test bed on the Data Center flavour: an empty simulator with a frozen clock, one space (ENG), and a poll
 * of the Confluence Trigger with the Data Center credential (personal access token) through n8n's PollContext. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { dataCenterCredential, useDataCenterSimulator } from '../../dataCenter/helpers';
import { runPoll } from '../../helpers/n8n';
import type { Simulator } from '../../simulator';
import type { ContentItem } from '../../simulator/store';

export const T0 = new Date('2026-11-23T09:00:00.000Z');

export interface DataCenterTriggerBed {
	sim: Simulator;
	readonly spaceId: string;
	page(title: string, body?: string): ContentItem;
	poll(
		parameters: IDataObject,
		staticData: IDataObject,
		mode?: 'trigger' | 'manual',
	): Promise<INodeExecutionData[]>;
}

export async function pollDataCenter(
	sim: Simulator,
	parameters: IDataObject,
	staticData: IDataObject,
	mode?: 'trigger' | 'manual',
): Promise<INodeExecutionData[]> {
	return (
		(await runPoll({
			auth: 'dataCenter',
			parameters,
			credentials: { confluenceDataCenterApi: dataCenterCredential(sim) },
			staticData,
			mode,
		})) ?? []
	);
}

export function useDataCenterTriggerBed(): DataCenterTriggerBed {
	const sim = useDataCenterSimulator('empty');
	let spaceId = '';
	beforeEach(() => {
		sim.clock.set(T0);
		spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	});
	return {
		sim,
		get spaceId() {
			return spaceId;
		},
		page: (title, body = '<p>text</p>') => sim.store.createPage({ spaceId, title, body }),
		poll: async (parameters, staticData, mode) =>
			await pollDataCenter(sim, parameters, staticData, mode),
	};
}

/** The trigger's requests to Data Center's REST API (path without the context path, query decoded). */
export function triggerRequests(sim: Simulator): Array<{ path: string; cql?: string }> {
	const prefix = `${sim.dataCenter!.contextPath}/rest/api`;
	return sim.requests
		.filter((request) => request.path.startsWith(prefix))
		.map((request) => {
			const cql = request.query.cql;
			return {
				path: request.path.slice(prefix.length),
				...(typeof cql === 'string' ? { cql } : {}),
			};
		});
}
