/* The set-up most trigger tests share: an empty simulator whose clock is frozen at a fixed instant, one space (ENG),
 * every exchange checked against the contract, and a poll of the Confluence Trigger through n8n's PollContext. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { credentialsFor, useSimulator } from './fixtures';
import { runPoll } from './n8n';
import type { Simulator } from '../simulator';
import type { ContentItem } from '../simulator/store';

export interface TriggerBed {
	sim: Simulator;
	/** The ENG space of the current test. */
	readonly spaceId: string;
	/** A page in ENG, written now. */
	page(title: string, body?: string): ContentItem;
	/** A footer comment, written now. */
	footerComment(containerId: string, body: string): ContentItem;
	/** One poll with the demo user's API token; `[]` when nothing was emitted. */
	poll(
		parameters: IDataObject,
		staticData: IDataObject,
		mode?: 'trigger' | 'manual',
	): Promise<INodeExecutionData[]>;
}

export function useTriggerBed(): TriggerBed {
	const sim = useSimulator('empty', { failOnErrors: true });
	let spaceId = '';
	beforeEach(() => {
		sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
		spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	});
	return {
		sim,
		get spaceId() {
			return spaceId;
		},
		page: (title, body = '<p>text</p>') => sim.store.createPage({ spaceId, title, body }),
		footerComment: (containerId, body) =>
			sim.store.addComment({ containerId, location: 'footer', body }),
		poll: async (parameters, staticData, mode) =>
			(await runPoll({ parameters, credentials: credentialsFor(sim), staticData, mode })) ?? [],
	};
}
